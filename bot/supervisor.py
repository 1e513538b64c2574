"""Keeps the bot's servers running: one that exits or is killed starts again, the others go on.

A dead action server, Rasa server or web app used to stop all three. Now the
supervisor notices the exit, says why in Japanese, and starts that server again
after a delay that doubles with each quick failure (1, 2, 4 … 30 s), so a server
that cannot start does not spin. While it is down, the others answer in Japanese
(the channel: nothing was recorded, please resend; the web page keeps the text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict

LABELS = {"actions": "アクションサーバー", "rasa": "Rasa サーバー", "web": "画面のサーバー"}
FIRST_DELAY, MAX_DELAY = 1.0, 30.0
STABLE = 60.0  # seconds up after which the next failure starts again from the first delay


@dataclass
class Supervisor:
    bot: "object"  # bot.server.Bot
    say: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic
    restarts: Dict[str, int] = field(default_factory=dict)
    _delay: Dict[str, float] = field(default_factory=dict)
    _due: Dict[str, float] = field(default_factory=dict)
    _since: Dict[str, float] = field(default_factory=dict)

    def check(self) -> None:
        """Call often: notes every server that has stopped and starts those whose delay is over."""
        now = self.clock()
        for name, process in self.bot.servers().items():
            if process.poll() is None:
                if now - self._since.get(name, now) > STABLE:
                    self._delay.pop(name, None)
                continue
            if name not in self._due:
                delay = self._delay.get(name, FIRST_DELAY)
                self._due[name] = now + delay
                self._delay[name] = min(delay * 2, MAX_DELAY)
                self.say(f"{LABELS[name]}が止まりました（終了コード {process.returncode}）。"
                         f"{delay:.0f} 秒後に起動し直します。詳しくは var/log/{name}.log をご覧ください。")
        for name, at in list(self._due.items()):
            if now >= at:
                del self._due[name]
                self.bot.restart(name)
                self._since[name] = now
                self.restarts[name] = self.restarts.get(name, 0) + 1
                self.say(f"{LABELS[name]}を起動し直しました（{self.restarts[name]} 回目）。")

    def status(self) -> Dict[str, str]:
        return {name: "restarting" if name in self._due or process.poll() is not None else "running"
                for name, process in self.bot.servers().items()}
