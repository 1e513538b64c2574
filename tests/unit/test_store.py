import sqlite3

import pytest

from bot.store import Store, StoreUnavailable


def test_a_locked_database_raises_store_unavailable(tmp_path):
    path = tmp_path / "locked.db"
    store = Store(f"sqlite:///{path}")
    store.engine.dispose()
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        slow = Store(f"sqlite:///{path}")
        slow.engine.pool.dispose()
        with pytest.raises(StoreUnavailable):
            slow.record_answer("a", "step1.q1", "text", "m1")
    finally:
        blocker.rollback()
        blocker.close()


def test_answers_of_one_sender_only(store):
    store.record_answer("a", "step1.q1", "A の答え", "m1")
    store.record_answer("b", "step1.q1", "B の答え", "m1")
    assert [a.text for a in store.answers("a")] == ["A の答え"]
