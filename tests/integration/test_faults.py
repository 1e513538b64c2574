"""Real faults mid-walk, on real processes and a real database.

The web app killed mid-turn, PostgreSQL stopped and started again, var/ on a full
disk. Each time: what the bot confirmed (「記録しました」) is in the record once,
nothing else is, the walk waits at the right question, the person is told in
Japanese, and service comes back with no one's hand on the bot.
"""

import errno
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from bot import messages
from bot.knowledge.loader import load
from bot.rasa.payloads import replies
from bot.review import Outcome, Review
from bot.store import Store

from .conftest import RICH, Chat, WebChat, resend_until_answered, running_bot, supervised_bot

pytestmark = pytest.mark.slow
KB = load()
STEP1 = KB.steps[0]
FIRST, SECOND = RICH.format(n=1), RICH.format(n=2)


def assert_walk(chat, confirmed):
    """The confirmed answers are in the record once each, nothing else is, and the walk waits at the next question."""
    ids = [q.id for q in STEP1.questions]
    assert [row[:2] for row in chat.rows()] == list(zip(ids, confirmed))
    _, question = Review(KB, Store(chat.bot.settings().database_url)).open_question(chat.sender)
    assert question.id == ids[len(confirmed)]


def attempt(chat, text, client_id):
    """The reply, or the error the person saw instead."""
    try:
        return chat.say(text, client_id=client_id)
    except requests.RequestException as err:
        return err


def waiting_on_the_bot(rasa_port):
    """Whether a connection to Rasa is open: the web app has taken a turn and waits for its answer."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        remote, state = line.split()[2:4]
        if int(remote.rsplit(":", 1)[1], 16) == rasa_port and state == "01":  # ESTABLISHED
            return True
    return False


def test_the_web_app_killed_mid_turn_comes_back_and_the_resend_is_recorded_once(model, tmp_path):
    with supervised_bot(model, tmp_path) as (bot, supervisor, said):
        staff = WebChat(bot)
        staff.say("振り返りを始めたい")
        assert "STEP1 問い 2/" in staff.say(FIRST, client_id="w1")
        lost = []
        sender = threading.Thread(target=lambda: lost.append(attempt(staff, SECOND, "w2")))
        sender.start()
        deadline = time.monotonic() + 30
        while not waiting_on_the_bot(bot.rasa_port):
            assert sender.is_alive() and time.monotonic() < deadline, "送った文が処理中のところを捉えられませんでした"
            time.sleep(0.002)
        os.killpg(bot.servers()["web"].pid, signal.SIGKILL)  # the turn is with Rasa; its answer has nowhere to go
        sender.join()
        assert isinstance(lost[0], requests.ConnectionError)
        reply = resend_until_answered(staff, SECOND, "w2")  # the page keeps the text and its client id
        assert "記録しました" in reply and "STEP1 問い 3/" in reply
        stored = Store(bot.settings().database_url).stored_turn(staff.sender, "client:w2")
        assert reply == "\n".join(r["text"] for r in replies(Outcome.from_json(stored.outcome)))
        assert_walk(staff, [FIRST, SECOND])
        assert supervisor.restarts == {"web": 1} and any("画面のサーバーが止まりました" in line for line in said)


def test_postgres_stopped_mid_walk_and_started_again(model, tmp_path, postgres):
    with running_bot(model, tmp_path, database_url=postgres.fresh_database("faults")) as bot:
        chat = Chat(bot)  # the record on PostgreSQL, Rasa's transcript on SQLite
        chat.say("振り返りを始めたい")
        assert "STEP1 問い 2/" in chat.say(FIRST, client_id="p1")
        postgres.stop()
        try:
            refused = attempt(chat, SECOND, "p2")
        finally:
            postgres.start()
        assert isinstance(refused, requests.HTTPError) and refused.response.status_code == 503
        assert refused.response.json()["error"] == messages.STORE_UNAVAILABLE
        assert_walk(chat, [FIRST])
        recorded = chat.say(SECOND, client_id="p2")  # the first resend: no server keeps a dead connection
        assert "記録しました" in recorded and "STEP1 問い 3/" in recorded
        assert_walk(chat, [FIRST, SECOND])
        assert all(process.poll() is None for process in bot.servers().values())


def fill(folder):
    """A file over every free block of the file system under ``folder``: the next write that grows meets ENOSPC."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(bytes(1 << 20))
        except OSError as err:
            if err.errno != errno.ENOSPC:
                raise
    return filler


def test_var_on_a_full_disk_mid_walk(model, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("var/ を小さな tmpfs に置いて満杯にするには root が必要です（CI は root で実行します）")
    var = tmp_path / "var"
    var.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(var)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"tmpfs を mount できませんでした（{mounted.stderr.strip()}）")
    try:
        with running_bot(model, var) as bot:  # the record, Rasa's transcript, the secrets and the logs
            staff = WebChat(bot)
            staff.say("振り返りを始めたい")
            assert "STEP1 問い 2/" in staff.say(FIRST, client_id="d1")
            filler = fill(var)
            try:
                refused = staff.say(SECOND, client_id="d2")
                assert_walk(staff, [FIRST])
            finally:
                filler.unlink()
            assert messages.STORE_UNAVAILABLE in refused and "記録しました" not in refused
            recorded = staff.say(SECOND, client_id="d2")
            assert "記録しました" in recorded and "STEP1 問い 3/" in recorded
            assert_walk(staff, [FIRST, SECOND])
            assert all(process.poll() is None for process in bot.servers().values())
    finally:
        if (var / "log").is_dir():  # the logs outlive the tmpfs, for whoever reads a failure
            shutil.copytree(var / "log", tmp_path / "log")
        subprocess.run(["umount", "--lazy", str(var)], check=True)
