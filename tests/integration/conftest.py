"""A trained model (cached by the fingerprint of its inputs), running servers, and clients of both front doors."""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from bot import model_cache
from bot.server import Bot, free_port
from bot.store import Store
from bot.store.registry import Registry
from bot.supervisor import Supervisor
from bot.store import accounts

RICH = "通いの場は{n}か所あり、参加者は延べ300人です。民生委員さんからは「集まる場所ができてうれしい」と聞いています。"
# What no response may show a user, however hostile the request (tests/integration/test_*fuzz.py).
INTERNAL = re.compile(r"Traceback|File \"/|sqlalchemy|OperationalError|Exception|NoneType|KeyError", re.I)


@pytest.fixture(scope="session")
def model():
    """What a running bot needs trained: the NLU model, and the CRF its reports mask with (trained here once, not
    inside the first report a test downloads)."""
    from bot.report import learned_masking

    learned_masking.train()
    return model_cache.train(quiet=True)


@contextmanager
def running_bot(model, var, database_url=None):
    """A bot of its own on ``var`` (its record there too, unless ``database_url`` says elsewhere)."""
    bot = Bot(model=model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), var=var,
              log_dir=var / "log",
              extra_env={"BANSO_DATABASE_URL": database_url or f"sqlite:///{var / 'banso.db'}",
                         "BANSO_TRACKER_DB": str(var / "tracker.db")})
    bot.start()
    try:
        bot.wait_ready(timeout=240)
        yield bot
    finally:
        bot.stop()


@contextmanager
def supervised_bot(model, var):
    """A bot whose stopped servers a Supervisor starts again, as `banso run` does: yields (bot, supervisor, said)."""
    with running_bot(model, var) as bot:
        said, stopping = [], threading.Event()
        supervisor = Supervisor(bot, say=said.append)

        def watch():
            while not stopping.is_set():
                supervisor.check()
                time.sleep(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            yield bot, supervisor, said
        finally:
            stopping.set()
            watcher.join()  # no restart may race the bot's stop


@pytest.fixture(scope="session")
def bot(model, tmp_path_factory):
    with running_bot(model, tmp_path_factory.mktemp("var")) as running:
        yield running


def register(bot, login):
    """A staff member of a test municipality: only registered, active logins may speak."""
    registry = Registry(Store(bot.settings().database_url))
    if registry.municipality("999997") is None:
        registry.add_municipality("試験町", "石川県", "999997")
    if registry.person(login) is None:
        registry.add_person(login, "試験太郎", "staff", ["試験町"])


def resend_until_answered(chat, text, client_id, seconds=90):
    """What a person does when told to resend: the same turn again until the bot answers it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            reply = chat.say(text, client_id=client_id)
            if "一時的に止まっています" not in reply:
                return reply
        except requests.RequestException:
            pass  # the server that was asked is itself restarting
        time.sleep(1)
    raise AssertionError(f"{seconds} 秒のうちに答えませんでした")


class Chat:
    """A client of the bot's authenticated channel, as the web app and banso chat are."""

    def __init__(self, bot, sender=None):
        self.bot, self.sender = bot, sender or f"test-{uuid.uuid4().hex[:8]}"
        register(bot, self.sender)

    def post(self, body, secret=None):
        secret = self.bot.settings().channel_secret if secret is None else secret
        return requests.post(f"{self.bot.url}/webhooks/banso/webhook", json=body, timeout=60,
                             headers={"Authorization": f"Bearer {secret}"} if secret else {})

    def send(self, text, client_id=None):
        body = {"sender": self.sender, "message": text}
        if client_id:
            body["metadata"] = {"client_message_id": client_id}
        response = self.post(body)
        response.raise_for_status()
        return response.json()

    def say(self, text, **kwargs):
        """The bot's replies joined, for assertions on what a user reads."""
        return "\n".join(r.get("text", "") for r in self.send(text, **kwargs))

    def rows(self):
        """(question id, text, status) of this sender's answers, oldest first, on SQLite or PostgreSQL."""
        engine = create_engine(self.bot.settings().database_url, future=True)
        try:
            with engine.connect() as db:
                return [tuple(row) for row in db.execute(
                    text("SELECT question_id, text, status FROM answers WHERE sender_id = :s ORDER BY id"),
                    {"s": self.sender})]
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def browser():
    """A real chromium (Debian's, installed by make test through scripts/ensure-chromium)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("BANSO_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("chromium が見つかりません。make test が scripts/ensure-chromium で入れます。")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def log_in_with(page, bot, login, password):
    """Log in through the login form, as a person does in the browser."""
    page.goto(f"{bot.web_url}/login")
    page.get_by_label("ログイン名").fill(login)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()


@pytest.fixture
def chat(bot):
    return Chat(bot)


class WebChat(Chat):
    """A staff member logged in to the web app, sending as the chat page does (CSRF token, client id)."""

    PASSWORD = "test-password-2024"

    def __init__(self, bot):
        super().__init__(bot)
        accounts.set_password(Store(bot.settings().database_url), self.sender, self.PASSWORD)
        self.session = requests.Session()
        self.log_in()

    def log_in(self):
        form = self.session.get(f"{self.bot.web_url}/login", timeout=30).text  # the login form's CSRF token
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        self.session.post(f"{self.bot.web_url}/login",
                          data={"login": self.sender, "password": self.PASSWORD, "csrf": token}, timeout=30)
        page = self.session.get(f"{self.bot.web_url}/chat", timeout=30).text
        self.csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)

    def send(self, text, client_id=None):
        body = {"text": text, "client_id": client_id or uuid.uuid4().hex}
        response = self.session.post(f"{self.bot.web_url}/api/message", json=body, timeout=60,
                                     headers={"X-CSRF-Token": self.csrf})
        if response.status_code == 401 and response.json().get("login"):  # as the page does: log in, send again
            self.log_in()
            return self.send(text, body["client_id"])
        response.raise_for_status()
        return response.json()["replies"]


@pytest.fixture(scope="module")
def web(bot):
    """(bot, a logged-in staff member's requests session, its CSRF token): the body itself is what a test tries."""
    staff = WebChat(bot)
    return bot, staff.session, staff.csrf


def _as_postgres_user(command):
    """initdb and the server refuse to run as root: use the package's postgres account then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    """A throwaway PostgreSQL server from Debian's package, which a test may stop and start again."""

    bin_dir: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://banso@127.0.0.1:{self.port}"

    def _ctl(self, *args) -> None:
        subprocess.run(_as_postgres_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, capture_output=True)

    def start(self) -> None:
        self._ctl("-w", "-l", str(self.data / "log"),
                  "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-w", "-m", mode, "stop")

    def fresh_database(self, name: str) -> str:
        with create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT", future=True).connect() as admin:
            admin.execute(text(f'CREATE DATABASE "{name}"'))
        return f"{self.url}/{name}"


@pytest.fixture(scope="module")
def postgres():
    found = os.environ.get("BANSO_PG_BIN") or (sorted(Path("/usr/lib/postgresql").glob("*/bin")) or [None])[-1]
    if not found:
        pytest.fail("PostgreSQL が見つかりません。make test が scripts/ensure-postgres で入れます。")
    # Not under pytest's tmp folders: those are private to root, and the server runs as postgres.
    home = Path(tempfile.mkdtemp(prefix="banso-pg-"))
    server = Postgres(Path(found), home / "data", free_port())
    server.data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(server.data, "postgres")
    subprocess.run(_as_postgres_user([str(server.bin_dir / "initdb"), "-D", str(server.data), "-U", "banso",
                                      "--auth=trust", "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    server.start()
    try:
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # a test that failed may have left it stopped
            server.stop("immediate")
        shutil.rmtree(home, ignore_errors=True)
