"""One home for the conversation, over the real servers: who may speak, retries, and no secret in sight."""

import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from bot.knowledge.loader import load
from bot.store import Store

from .conftest import Chat, register

pytestmark = pytest.mark.slow
KB = load()
STEP1 = KB.steps[0]
RICH = "通いの場は12か所あり、参加者は延べ300人です。民生委員さんからは「集まる場所ができてうれしい」と聞いています。"
UNKNOWN_SENDER = "このログイン名では話せません"


def written_for(bot, sender):
    """Everything the record and Rasa's tracker hold for one sender."""
    with sqlite3.connect(bot.var / "banso.db") as db:
        record = sum(db.execute(f"SELECT COUNT(*) FROM {table} WHERE sender_id = ?", (sender,)).fetchone()[0]
                     for table in ("answers", "walks", "places", "turns"))
    with sqlite3.connect(bot.var / "tracker.db") as db:
        tracker = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
    return record, tracker


def open_question(bot, sender):
    with sqlite3.connect(bot.var / "banso.db") as db:
        row = db.execute("SELECT w.question_id FROM places p JOIN walks w ON w.sender_id = p.sender_id "
                         "AND w.walk_key = p.walk_key WHERE p.sender_id = ?", (sender,)).fetchone()
    return row[0] if row else None


def test_only_a_client_with_the_secret_may_speak_as_a_registered_login(bot):
    staff = Chat(bot)
    staff.say("振り返りを始めたい")
    body = {"sender": staff.sender, "message": "通いの場は5か所です"}
    for secret in ["", "wrong-secret"]:
        refused = staff.post(body, secret=secret)
        assert refused.status_code == 401 and "認証できませんでした" in refused.json()["error"]
    stranger = staff.post({"sender": "nobody-here", "message": "振り返りを始めたい"})
    assert stranger.status_code == 403 and UNKNOWN_SENDER in stranger.json()["error"]
    assert written_for(bot, "nobody-here") == (0, 0)
    assert [r[1] for r in staff.rows()] == []  # the refused answers were not written for the real person
    for bad in [[], "文字列", {"sender": staff.sender}, {"sender": 42, "message": "x"},
                {"sender": staff.sender, "message": "x", "metadata": {"big": "x" * 5000}}]:
        response = staff.post(bad)
        assert response.status_code == 400 and "形式" in response.json()["error"]
    # The old REST channel, which took any sender, is gone.
    rest = requests.post(f"{bot.url}/webhooks/rest/webhook", json=body, timeout=10)
    assert rest.status_code == 404


def test_a_disabled_login_is_refused(bot):
    chat = Chat(bot)
    with Store(f"sqlite:///{bot.var / 'banso.db'}").session() as session, session.begin():
        session.execute(__import__("sqlalchemy").text("UPDATE people SET active = 0 WHERE login = :l"),
                        {"l": chat.sender})
    refused = chat.post({"sender": chat.sender, "message": "こんにちは"})
    assert refused.status_code == 403 and UNKNOWN_SENDER in refused.json()["error"]
    assert written_for(bot, chat.sender) == (0, 0)


def test_a_retry_after_success_gets_the_same_reply_and_never_moves_the_walk(chat, bot):
    chat.say("振り返りを始めたい")
    first = chat.send(RICH, client_id="retry-1")
    again = chat.send(RICH, client_id="retry-1")
    assert first == again and "STEP1 問い 2/" in first[-1]["text"]
    assert open_question(bot, chat.sender) == STEP1.questions[1].id
    assert len(chat.rows()) == 1
    assert "STEP1 問い 3/" in chat.say(RICH.replace("12", "13"), client_id="retry-2")


def test_a_retry_after_the_client_gave_up_waiting(chat, bot):
    chat.say("振り返りを始めたい")
    body = {"sender": chat.sender, "message": RICH, "metadata": {"client_message_id": "slow-1"}}
    with pytest.raises(requests.exceptions.ReadTimeout):  # the client stops waiting; the server goes on
        requests.post(f"{bot.url}/webhooks/banso/webhook", json=body, timeout=(5, 0.01),
                      headers={"Authorization": f"Bearer {bot.settings().channel_secret}"})
    deadline = time.monotonic() + 30
    while not chat.rows() and time.monotonic() < deadline:
        time.sleep(0.2)
    replies = chat.send(RICH, client_id="slow-1")
    assert "記録しました" in replies[0]["text"] and "STEP1 問い 2/" in replies[-1]["text"]
    assert len(chat.rows()) == 1 and open_question(bot, chat.sender) == STEP1.questions[1].id


def test_the_same_turn_twice_at_once_is_answered_once(chat, bot):
    chat.say("振り返りを始めたい")
    results, barrier = [], threading.Barrier(2)

    def send():
        barrier.wait()
        results.append(chat.send(RICH, client_id="twin-1"))

    threads = [threading.Thread(target=send) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results[0] == results[1]
    assert len(chat.rows()) == 1 and open_question(bot, chat.sender) == STEP1.questions[1].id


def test_no_secret_is_on_any_command_line_and_the_action_server_wants_its_own(bot):
    settings = bot.settings()
    secrets = [settings.channel_secret, settings.action_secret]
    for pid in Path("/proc").iterdir():
        if not pid.name.isdigit():
            continue
        try:
            command = (pid / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        assert not any(secret in command for secret in secrets), command
    call = {"next_action": "action_turn", "sender_id": "x", "tracker": {}, "domain": {}, "version": "3.6.2"}
    refused = requests.post(f"{bot.action_url}/webhook", json=call, timeout=10)
    assert refused.status_code == 401 and "認証" in refused.json()["error"]
    assert requests.get(f"{bot.action_url}/health", timeout=10).ok
    assert _listens_on_loopback_only(bot.action_port)


def _listens_on_loopback_only(port: int) -> bool:
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                addresses.append(address)
    return bool(addresses) and all(a in ("0100007F", "00000000000000000000000001000000") for a in addresses)


def test_a_long_conversation_keeps_rasas_working_history_small(bot):
    chat = Chat(bot)
    chat.say("振り返りを始めたい")
    for index in range(40):
        chat.say(["大事な視点を見せて", "進み具合", "サービスCとは？", "ヘルプ"][index % 4])
    from bot.rasa.tracker_store import WINDOW

    with sqlite3.connect(bot.var / "tracker.db") as db:
        stored = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (chat.sender,)).fetchone()[0]
    assert stored > WINDOW * 2  # the transcript keeps everything ...
    # ... while each turn reads the record's place, not the history: the walk is where it was.
    assert open_question(bot, chat.sender) == STEP1.questions[0].id
    assert "STEP1 問い 1/5 への回答をどうぞ" in chat.say("ヘルプ")


def test_banso_chat_asks_who_you_are(bot):
    import subprocess
    import sys

    from bot.store import accounts

    login = f"chat-{uuid.uuid4().hex[:6]}"
    register(bot, login)
    accounts.set_password(Store(f"sqlite:///{bot.var / 'banso.db'}"), login, "correct-horse-1")
    env = {**bot.env(), "BANSO_RASA_URL": bot.url}
    banso = [str(Path(sys.executable).with_name("banso")), "chat", "--login", login]
    wrong = subprocess.run(banso, input="wrong-password\n", capture_output=True, text=True, env=env, timeout=60)
    assert wrong.returncode == 1 and "パスワードが違う" in wrong.stderr
    right = subprocess.run(banso, input="correct-horse-1\nこんにちは\n/exit\n", capture_output=True, text=True,
                           env=env, timeout=60)
    assert right.returncode == 0 and "伴走> こんにちは。伴走（Bansō）です。" in right.stdout


def test_a_locked_record_mid_walk_says_so_and_the_resend_is_recorded_once(chat, bot):
    chat.say("振り返りを始めたい")
    holder = sqlite3.connect(bot.var / "banso.db", timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the record longer than a turn may wait
    try:
        refused = chat.say(RICH, client_id="locked-1")
    finally:
        holder.rollback()
        holder.close()
    assert "記録できませんでした" in refused and "もう一度" in refused
    assert chat.rows() == [] and open_question(bot, chat.sender) == STEP1.questions[0].id
    recorded = chat.say(RICH, client_id="locked-1")  # the same turn, resent
    assert "記録しました" in recorded and "STEP1 問い 2/" in recorded
    assert len(chat.rows()) == 1 and open_question(bot, chat.sender) == STEP1.questions[1].id
