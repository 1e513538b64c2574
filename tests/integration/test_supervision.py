"""kill -9 of a server mid-walk: the supervisor starts it again, and the walk goes on with nothing lost."""

import os
import signal

import pytest

from bot.knowledge.loader import load

from .conftest import RICH, Chat, resend_until_answered, supervised_bot

pytestmark = pytest.mark.slow
STEP1 = load().steps[0]


def test_killed_servers_come_back_and_the_walk_goes_on(model, tmp_path):
    with supervised_bot(model, tmp_path) as (bot, supervisor, said):
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
