"""The record on PostgreSQL (by URL): migrations from an older database, answers, and a report."""

import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from bot.knowledge.loader import load
from bot.report import assemble
from bot.review import Command, Review
from bot.store import Store, migrate
from bot.store.registry import Registry

pytestmark = pytest.mark.slow


def test_an_older_postgres_database_upgrades_with_nothing_lost(postgres):
    url = postgres.fresh_database("old")
    engine = create_engine(url, future=True)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO answers (sender_id, question_id, text, status, message_id, created_at) "
            "VALUES ('yamada', 'step1.q1', '通いの場は12か所です', 'answered', 'm1', now())"))
    engine.dispose()
    store = Store(url)
    assert migrate.current(store.engine) == migrate.head()
    assert [(a.text, a.reply_to_followup) for a in store.answers("yamada")] == [("通いの場は12か所です", False)]


def test_answers_and_a_report_on_postgres(postgres):
    store = Store(postgres.fresh_database("record"))
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    registry.add_visit("川北町", "1.5mtg", date(2024, 9, 2))
    kb = load()
    review = Review(kb, store)
    review.handle("yamada", Command("start_review"), "m0")
    first = review.handle("yamada", Command("answer", "見える化システムで認定率を確かめました"), "m1")
    retry = review.handle("yamada", Command("answer", "見える化システムで認定率を確かめました"), "m1")
    assert retry.retried and retry.messages == first.messages
    assert len(store.answers("yamada")) == 1
    report = assemble.assemble(registry, kb, registry.municipality("川北町"), masked=False)
    assert report.answers[0].versions[0].user == "山田花子"
    assert report.progress[0].answered == 1


def test_turns_of_one_person_on_several_servers_are_serialised_by_the_record(postgres):
    """Four "servers" (stores) answer at once: each distinct turn moves the walk once, a repeated one never."""
    url = postgres.fresh_database("nodes")
    registry = Registry(Store(url))
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    kb = load()
    nodes = [Review(kb, Store(url)) for _ in range(4)]
    nodes[0].handle("yamada", Command("start_review"), "start")
    rich = "通いの場は{n}か所あり、参加者は延べ300人です。民生委員さんからは「うれしい」と聞いています。"
    keys = ["a", "b", "c", "a", "b", "c", "d", "d"]  # every turn sent twice, to different servers
    barrier = threading.Barrier(len(keys))

    def send(index, key):
        barrier.wait()
        nodes[index % len(nodes)].handle("yamada", Command("answer", rich.format(n=ord(key))), key)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(keys)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    answers = nodes[0].store.answers("yamada")
    ids = [q.id for q in kb.steps[0].questions]
    assert sorted(a.question_id for a in answers) == ids[:4]  # four turns, four questions, none twice
    assert nodes[0].open_question("yamada")[1].id == ids[4]


def test_backup_and_restore_on_postgres_round_trip(postgres, kb, tmp_path, monkeypatch):
    """pg_dump while the record is in use, pg_restore into a fresh database: every row comes back."""
    from bot.store import backup

    monkeypatch.setenv("BANSO_PG_BIN", str(postgres.bin_dir))
    source = postgres.fresh_database("backup_source")
    store = Store(source)
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    registry.add_visit("川北町", "1.5mtg", date(2026, 9, 2))
    review = Review(kb, store)
    for key, (intent, said) in enumerate([("start_review", "振り返りを始めたい"),
                                          ("answer", "通いの場は12か所、参加者は延べ300人です"), ("skip", "次へ")]):
        review.handle("yamada", Command(intent, said), f"t{key}")
    dump = backup.backup(source, tmp_path / "backups" / "banso.dump")
    assert dump.stat().st_mode & 0o777 == 0o600 and dump.parent.stat().st_mode & 0o777 == 0o700

    copy = postgres.fresh_database("backup_copy")
    backup.restore(copy, dump)
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(copy, dump)  # a second time would overwrite a record
    tables = ["answers", "people", "municipalities", "visits", "walks", "turns", "question_summaries"]

    def rows(url):
        engine = create_engine(url, future=True)
        with engine.connect() as db:
            found = {t: sorted(map(tuple, db.execute(text(f"SELECT * FROM {t}")).all())) for t in tables}
        engine.dispose()
        return found

    assert rows(copy) == rows(source) and rows(copy)["answers"]
    assert migrate.current(Store(copy).engine) == migrate.head()
