"""Start the action server and the Rasa server together, and stop them cleanly.

Used by ``make run`` (through ``banso run``) and by the integration tests, so
both start the bot the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

from bot.config import ROOT, Settings
from bot.supervisor import Supervisor

BIN = Path(sys.executable).parent


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Bot:
    """The two servers of one bot, on loopback."""

    model: Path
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    var: Path = ROOT / "var"
    log_dir: Optional[Path] = None
    extra_env: Dict[str, str] = field(default_factory=dict)
    processes: List[subprocess.Popen] = field(default_factory=list)
    _names: Dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    def settings(self) -> Settings:
        """The settings every server of this bot shares (its var/ holds the secrets' files)."""
        env = {**os.environ, "BANSO_VAR": str(self.var), **self.extra_env}
        return Settings(database_url=env.get("BANSO_DATABASE_URL", f"sqlite:///{self.var / 'banso.db'}"),
                        tracker_url=env.get("BANSO_TRACKER_DB", str(self.var / "tracker.db")),
                        rasa_url=self.url, var=self.var)

    def env(self) -> Dict[str, str]:
        """The servers' environment. Secrets travel here (readable by their owner only), never as arguments."""
        self.var.mkdir(parents=True, exist_ok=True)
        settings = self.settings()
        return {
            **rasa_environment(settings, f"{self.action_url}/webhook"),
            "PYTHONPATH": str(ROOT),
            "SANIC_HOST": "127.0.0.1",
            "BANSO_RASA_URL": self.url,
            **self.extra_env,
        }

    def _spawn(self, name: str, command: List[str]) -> subprocess.Popen:
        log = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log = open(self.log_dir / f"{name}.log", "ab")
        # A session of its own: Ctrl-C reaches us once, and we stop the children in order.
        process = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=log,
                                   start_new_session=True)
        self.processes.append(process)
        self._names[process.pid] = name
        return process

    def start_actions(self) -> subprocess.Popen:
        return self._spawn("actions", [str(BIN / "python"), "-m", "actions", "--port", str(self.action_port),
                                       "--quiet"])

    def rasa_command(self) -> List[str]:
        # No --enable-api: nothing needs Rasa's HTTP API (history and places come from the record),
        # so there is no API token to leak. endpoints.yml is read as committed; Rasa expands its ${…}.
        return [
            str(BIN / "rasa"), "run", "--model", str(self.model), "--interface", "127.0.0.1",
            "--port", str(self.rasa_port), *RASA_FILES,
        ]

    def start_rasa(self) -> subprocess.Popen:
        return self._spawn("rasa", self.rasa_command())

    def start_web(self) -> subprocess.Popen:
        return self._spawn("web", [str(BIN / "python"), "-m", "bot.web", "--port", str(self.web_port)])

    def start(self) -> "Bot":
        self.start_actions()
        self.start_rasa()
        self.start_web()
        return self

    def servers(self) -> Dict[str, subprocess.Popen]:
        """The latest process of each server, by name (actions, rasa, web)."""
        return {self._names[p.pid]: p for p in self.processes if p.pid in self._names}

    def restart(self, name: str) -> subprocess.Popen:
        """Start one server again (its old process has exited or is killed here)."""
        old = self.servers().get(name)
        if old is not None:
            if old.poll() is None:
                os.killpg(old.pid, signal.SIGKILL)
            old.wait()
            self.processes.remove(old)
        return {"actions": self.start_actions, "rasa": self.start_rasa, "web": self.start_web}[name]()

    def wait_ready(self, timeout: float = 180) -> float:
        """Seconds until both servers answer; raises when one dies or time runs out."""
        started = time.monotonic()
        pending = {f"{self.action_url}/health", f"{self.url}/webhooks/banso/", f"{self.web_url}/healthz"}
        while pending:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(self._why_stopped(process))
            for url in list(pending):
                try:
                    if requests.get(url, timeout=1).ok:
                        pending.discard(url)
                except requests.RequestException:
                    pass
            if time.monotonic() - started > timeout:
                hint = f"詳しくは {self.log_dir} のログをご覧ください。" if self.log_dir else ""
                raise TimeoutError(f"{timeout:.0f} 秒待ちましたが、サーバーが応答しません。{hint}")
            time.sleep(0.2)
        return time.monotonic() - started

    def _why_stopped(self, process: subprocess.Popen) -> str:
        name = self._names.get(process.pid, "")
        label = {"actions": "アクションサーバー", "rasa": "Rasa サーバー", "web": "画面のサーバー"}.get(name, "サーバー")
        message = f"{label}が起動中に止まりました（終了コード {process.returncode}）。"
        if self.log_dir:
            message += f"詳しくは {self.log_dir / (name + '.log')} をご覧ください。"
        return message

    def tracker_status(self) -> dict:
        headers = {"Authorization": f"Bearer {self.settings().channel_secret}"}
        return requests.get(f"{self.url}/webhooks/banso/status", headers=headers, timeout=2).json()

    def warn_if_tracker_fell_back(self) -> bool:
        """Tell the operator once when Rasa keeps conversations in memory only."""
        try:
            status = self.tracker_status()
        except (requests.RequestException, ValueError):
            return False
        if status.get("tracker_store") != "fallback":
            return False
        print("注意: 会話の記録（var/tracker.db）に保存できず、Rasa がメモリに切り替えました。"
              "再起動すると会話の記録の一部が失われます。回答の記録（var/banso.db）は無事です。"
              "原因は var/log/rasa.log にあります。", file=sys.stderr, flush=True)
        return True

    def stop(self, grace: float = 10) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def __enter__(self) -> "Bot":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


RASA_FILES = ["--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(ROOT / "endpoints.yml")]


def rasa_environment(settings: Settings, action_url: str) -> Dict[str, str]:
    """What Rasa needs in its environment to read endpoints.yml, the same for `banso run` and by hand."""
    return {
        **os.environ,
        "BANSO_VAR": str(settings.var),
        "BANSO_DATABASE_URL": settings.database_url,
        "BANSO_TRACKER_DB": settings.tracker_url,
        "BANSO_ACTION_URL": action_url,
        "BANSO_ACTION_SECRET": settings.action_secret,
        "RASA_TELEMETRY_ENABLED": "false",  # nothing about a municipality's use leaves the machine
        "SANIC_REQUEST_MAX_SIZE": str(256 * 1024),  # Sanic's default is 100 MB; a turn is a few KB
    }


def rasa_by_hand(args: List[str]) -> int:
    """``banso rasa …``: Rasa's own command with the same endpoints, channel and secrets as `banso run`."""
    settings = Settings.from_env()
    command = [str(BIN / "rasa"), *args]
    if args[:1] in (["run"], ["shell"]) and not any(a.startswith(("--credentials", "--endpoints")) for a in args):
        command += RASA_FILES
    return subprocess.call(command, cwd=ROOT, env=rasa_environment(settings, "http://127.0.0.1:5055/webhook"))


def port_is_free(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def serve() -> int:
    """``banso run``: train when needed, start both servers, stop them on Ctrl-C."""
    from bot import model_cache
    from bot.knowledge.loader import load

    load()  # nothing starts with a broken knowledge base
    for port in (5005, 5055, 8000):
        if not port_is_free(port):
            print(f"ポート {port} はほかのプログラムが使っています。止めてからもう一度お試しください。", file=sys.stderr)
            return 1
    model = model_cache.current_model()
    if model is None:
        print("データ・設定・知識が変わったので、モデルを学習します（1〜2分かかります）…", flush=True)
        model = model_cache.train()
    bot = Bot(model=model, log_dir=ROOT / "var" / "log")
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print("起動しています（20秒ほどかかります）…", flush=True)
    bot.start()
    try:
        seconds = bot.wait_ready()
        print(f"\n伴走（Bansō）が起動しました（{seconds:.0f} 秒）。")
        print(f"  ブラウザで開く: {bot.web_url}/   （アカウントは banso user add と banso user password で作ります）")
        print("  端末で話す:    .venv/bin/banso chat   （別の端末で）")
        print("  ログ:          var/log/rasa.log, var/log/actions.log, var/log/web.log")
        print("  止める:        Ctrl-C\n", flush=True)
        supervisor = Supervisor(bot, say=lambda line: print(line, flush=True))
        warned, checked = False, time.monotonic()
        while not stopping:  # a server that stops is started again; only Ctrl-C ends the bot
            time.sleep(0.3)
            supervisor.check()
            if not warned and time.monotonic() - checked > 5:
                checked = time.monotonic()
                warned = bot.warn_if_tracker_fell_back()
        return 0
    except (RuntimeError, TimeoutError) as err:
        print(err, file=sys.stderr)  # names the log to read
        return 1
    finally:
        print("停止しています…", flush=True)
        bot.stop()
        print("停止しました。")
