"""The supervisor on real child processes: a dead server starts again, with growing delays."""

import subprocess
import sys

from bot.supervisor import Supervisor


class FakeBot:
    """Real processes that exit at once or wait; restart() starts the same command again."""

    def __init__(self, commands):
        self.commands = commands
        self.procs = {name: subprocess.Popen(command) for name, command in commands.items()}
        self.restarted = []

    def servers(self):
        return dict(self.procs)

    def restart(self, name):
        self.restarted.append(name)
        self.procs[name] = subprocess.Popen(self.commands[name])
        return self.procs[name]

    def stop(self):
        for process in self.procs.values():
            process.kill()
            process.wait()


def test_a_dead_server_starts_again_and_the_others_go_on():
    now = [0.0]
    said = []
    bot = FakeBot({"actions": [sys.executable, "-c", "raise SystemExit(3)"],
                   "web": [sys.executable, "-c", "import time; time.sleep(30)"]})
    try:
        bot.procs["actions"].wait()
        supervisor = Supervisor(bot, say=said.append, clock=lambda: now[0])
        supervisor.check()
        assert "アクションサーバーが止まりました（終了コード 3）。1 秒後に起動し直します。" in said[0]
        assert supervisor.status() == {"actions": "restarting", "web": "running"}
        now[0] = 1.5
        supervisor.check()
        assert bot.restarted == ["actions"] and "起動し直しました（1 回目）" in said[-1]
        bot.procs["actions"].wait()  # it fails again at once: the next delay is longer
        supervisor.check()
        assert "2 秒後" in said[-1]
        now[0] = 3.0
        supervisor.check()
        assert bot.restarted == ["actions"]  # not yet
        now[0] = 3.6
        supervisor.check()
        assert bot.restarted == ["actions", "actions"] and bot.procs["web"].poll() is None
    finally:
        bot.stop()
