"""kill -9 of a server mid-walk: the supervisor starts it again, and the walk goes on with nothing lost."""

import os
import signal
import threading
import time

import pytest
import requests

from bot.knowledge.loader import load
from bot.server import Bot, free_port
from bot.supervisor import Supervisor

from .conftest import Chat

pytestmark = pytest.mark.slow
STEP1 = load().steps[0]
RICH = "通いの場は{n}か所あり、参加者は延べ300人です。民生委員さんからは「集まる場所ができてうれしい」と聞いています。"


def resend_until_answered(chat, text, client_id, seconds=90):
    """What a person does when told to resend: the same turn again until the bot answers it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            reply = chat.say(text, client_id=client_id)
            if "一時的に止まっています" not in reply:
                return reply
        except requests.RequestException:
            pass  # Rasa itself is restarting
        time.sleep(1)
    raise AssertionError(f"{seconds} 秒のうちに答えませんでした")


def test_killed_servers_come_back_and_the_walk_goes_on(model, tmp_path):
    bot = Bot(model=model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), var=tmp_path,
              log_dir=tmp_path / "log", extra_env={"BANSO_DATABASE_URL": f"sqlite:///{tmp_path / 'banso.db'}",
                                                    "BANSO_TRACKER_DB": str(tmp_path / "tracker.db")})
    bot.start()
    said, stopping = [], threading.Event()
    supervisor = Supervisor(bot, say=said.append)

    def watch():
        while not stopping.is_set():
            supervisor.check()
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    try:
        bot.wait_ready(timeout=240)
        watcher.start()
        chat = Chat(bot)
        chat.say("振り返りを始めたい")
        assert "STEP1 問い 2/" in chat.say(RICH.format(n=1), client_id="a1")
        for name in ("actions", "rasa"):
            os.killpg(bot.servers()[name].pid, signal.SIGKILL)  # mid-walk, without warning
            index = 2 if name == "actions" else 3
            reply = resend_until_answered(chat, RICH.format(n=index), f"a{index}")
            assert "記録しました" in reply and f"STEP1 問い {index + 1}/" in reply
        assert supervisor.restarts == {"actions": 1, "rasa": 1}
        assert any("アクションサーバーが止まりました" in line for line in said)
        rows = chat.rows()
        assert [r[0] for r in rows] == [q.id for q in STEP1.questions[:3]]  # each confirmed answer once
    finally:
        stopping.set()
        bot.stop()
