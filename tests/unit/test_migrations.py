"""Alembic migrations: an older database holding data upgrades with nothing lost."""

import sqlite3

from sqlalchemy import create_engine, inspect

from bot.store import Store, migrate
from bot.store.models import AnswerStatus


def first_version_db(path):
    """A database as the first version left it: its tables and some answers, at revision 0001."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    migrate.upgrade(engine, "0001")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO answers (sender_id, question_id, text, status, message_id, created_at) "
                   "VALUES ('yamada', 'step1.q1', '通いの場は12か所です', 'answered', 'm1', '2024-07-01 01:00:00')")
        db.execute("INSERT INTO answers (sender_id, question_id, text, status, message_id, created_at) "
                   "VALUES ('yamada', 'step1.q2', 'わからない', 'dont_know', 'm2', '2024-07-01 01:05:00')")
        db.execute("INSERT INTO walks (sender_id, walk_key, question_id, status, started_at, updated_at) "
                   "VALUES ('yamada', 'review', 'step1.q3', 'paused', '2024-07-01 01:00:00', '2024-07-01 01:06:00')")
    engine.dispose()
    return path


def test_upgrade_from_the_first_version_keeps_every_row(tmp_path):
    path = first_version_db(tmp_path / "old.db")
    store = Store(f"sqlite:///{path}")
    assert migrate.current(store.engine) == migrate.head()
    rows = [(a.question_id, a.text, a.status, a.followup, a.reply_to_followup) for a in store.answers("yamada")]
    assert rows == [("step1.q1", "通いの場は12か所です", "answered", None, False),
                    ("step1.q2", "わからない", "dont_know", None, False)]
    walk = store.walk("yamada", "review")
    assert (walk.question_id, walk.status, walk.finished_at) == ("step1.q3", "paused", None)
    tables = set(inspect(store.engine).get_table_names())
    assert {"municipalities", "people", "supports", "visits"} <= tables


def test_a_database_made_before_migrations_is_recognised(tmp_path):
    """The first version created its tables directly, without alembic_version."""
    path = first_version_db(tmp_path / "pre.db")
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE alembic_version")
    store = Store(f"sqlite:///{path}")
    assert migrate.current(store.engine) == migrate.head()
    assert len(store.answers("yamada")) == 2


def test_a_new_database_starts_at_the_head(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.current(store.engine) == migrate.head()
    with store.turn("sato", "m1") as record:
        record.record_answer("step1.q1", "答え", AnswerStatus.answered)
    assert [a.text for a in store.answers("sato")] == ["答え"]


def test_head_is_alembics_own_head():
    """HEAD lets a server skip Alembic when the database is current; a new migration must move it."""
    assert migrate.HEAD == migrate.head()


def test_a_current_database_opens_without_importing_alembic(tmp_path):
    """Each server opens the record at start-up; importing Alembic there slowed the first reply."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.db'}"
    Store(url)
    script = (f"import sys; from bot.store import Store; Store({url!r}); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_a_database_one_revision_behind_is_migrated(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'behind.db'}", future=True)
    migrate.upgrade(engine, "0008")
    assert not migrate.at_head(engine)
    store = Store(f"sqlite:///{tmp_path / 'behind.db'}")
    assert migrate.at_head(store.engine) and migrate.current(store.engine) == migrate.HEAD


def test_downgrade_and_upgrade_round_trip(tmp_path):
    path = first_version_db(tmp_path / "round.db")
    engine = create_engine(f"sqlite:///{path}", future=True)
    migrate.upgrade(engine)
    from alembic import command

    cfg = migrate.config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0001")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (2,)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()


def test_two_processes_migrating_at_once_both_succeed(tmp_path):
    """The web app and the action server start together on a new database."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'race.db'}"
    script = f"from bot.store import Store; Store({url!r})"
    runs = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE) for _ in range(3)]
    assert [run.wait(60) for run in runs] == [0, 0, 0], [run.stderr.read().decode()[-500:] for run in runs]
    assert migrate.current(Store(url).engine) == migrate.head()


def test_0005_keeps_every_row_and_the_web_apps_remembered_turns(tmp_path):
    """Places and turns move into the record; a page resending an old turn still gets its reply."""
    import json

    from bot.review import Outcome

    path = tmp_path / "web.db"
    engine = create_engine(f"sqlite:///{path}", future=True)
    migrate.upgrade(engine, "0004")
    replies = [{"recipient_id": "yamada", "text": "記録しました。", "buttons": [{"title": "スキップ", "payload": "/skip"}]}]
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO municipalities (id, name, prefecture, code, created_at) "
                   "VALUES (1, '川北町', '石川県', '173240', '2024-07-01 01:00:00')")
        db.execute("INSERT INTO people (id, login, name, role, municipality_id, created_at) "
                   "VALUES (1, 'yamada', '山田花子', 'staff', 1, '2024-07-01 01:00:00')")
        db.execute("INSERT INTO people (id, login, name, role, created_at) "
                   "VALUES (2, 'adv', '鈴木一郎', 'adviser', '2024-07-01 01:00:00')")
        db.execute("INSERT INTO supports (person_id, municipality_id) VALUES (2, 1)")
        db.execute("INSERT INTO answers (sender_id, question_id, text, status, message_id, person_id, municipality_id, "
                   "reply_to_followup, created_at) VALUES ('yamada', 'step1.q1', '答え', 'answered', 'm1', 1, 1, 0, "
                   "'2024-07-01 01:00:00')")
        db.execute("INSERT INTO web_turns (person_id, client_id, replies, created_at) VALUES (1, 'c-1', ?, "
                   "'2024-07-01 01:00:00')", (json.dumps(replies, ensure_ascii=False),))
    engine.dispose()
    store = Store(f"sqlite:///{path}")
    assert store.active_login("yamada").name == "山田花子"
    outcome = Outcome.from_json(store.stored_turn("yamada", "client:c-1").outcome)
    assert outcome.retried and outcome.messages[0].text == "記録しました。"
    assert (outcome.messages[0].buttons[0].title, outcome.messages[0].buttons[0].intent) == ("スキップ", "skip")
    assert "web_turns" not in inspect(store.engine).get_table_names()
    # Rebuilding `people` (a new column) must not cascade to the rows that point at it.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT person_id, municipality_id FROM supports").fetchall() == [(2, 1)]
        assert db.execute("SELECT person_id FROM answers").fetchall() == [(1,)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
