"""The record on PostgreSQL (by URL): migrations from an older database, answers, and a report."""

import glob
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.knowledge.loader import load
from bot.report import assemble
from bot.review import Command, Review
from bot.server import free_port
from bot.store import Store, migrate
from bot.store.registry import Registry

pytestmark = pytest.mark.slow


def _as_postgres_user(command):
    """initdb and the server refuse to run as root: use the package's postgres account then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def server():
    found = os.environ.get("BANSO_PG_BIN") or (sorted(glob.glob("/usr/lib/postgresql/*/bin")) or [None])[-1]
    if not found:
        pytest.fail("PostgreSQL が見つかりません。make test が scripts/ensure-postgres で入れます。")
    bin_dir = Path(found)
    # Not under pytest's tmp folders: those are private to root, and the server runs as postgres.
    home = Path(tempfile.mkdtemp(prefix="banso-pg-"))
    data = home / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(_as_postgres_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "banso", "--auth=trust",
                                      "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    subprocess.run(_as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"),
                                      "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql://banso@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def fresh_database(server, name):
    with create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT", future=True).connect() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    return f"{server}/{name}"


def test_an_older_postgres_database_upgrades_with_nothing_lost(server):
    url = fresh_database(server, "old")
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


def test_answers_and_a_report_on_postgres(server):
    store = Store(fresh_database(server, "record"))
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


def test_turns_of_one_person_on_several_servers_are_serialised_by_the_record(server):
    """Four "servers" (stores) answer at once: each distinct turn moves the walk once, a repeated one never."""
    url = fresh_database(server, "nodes")
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
