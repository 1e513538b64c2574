import sqlite3

import pytest

from bot.store import Store, StoreUnavailable
from bot.store.models import AnswerStatus


def test_a_locked_database_raises_store_unavailable(tmp_path):
    path = tmp_path / "locked.db"
    store = Store(f"sqlite:///{path}")
    store.engine.dispose()
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        slow = Store(f"sqlite:///{path}")
        slow.engine.pool.dispose()
        with pytest.raises(StoreUnavailable), slow.turn("a", "m1") as record:
            record.record_answer("step1.q1", "text", AnswerStatus.answered)
    finally:
        blocker.rollback()
        blocker.close()


def test_answers_of_one_sender_only(store):
    for sender, text in (("a", "A の答え"), ("b", "B の答え")):
        with store.turn(sender, "m1") as record:
            record.record_answer("step1.q1", text, AnswerStatus.answered)
    assert [a.text for a in store.answers("a")] == ["A の答え"]
