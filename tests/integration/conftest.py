"""A trained model (cached by the fingerprint of its inputs) and running servers."""

import sqlite3
import uuid

import pytest
import requests

from bot import model_cache
from bot.server import Bot, free_port
from bot.store import Store
from bot.store.registry import Registry


@pytest.fixture(scope="session")
def model():
    return model_cache.train(quiet=True)


@pytest.fixture(scope="session")
def bot(model, tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    running = Bot(model=model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), var=var,
                  log_dir=var / "log",
                  extra_env={"BANSO_DATABASE_URL": f"sqlite:///{var / 'banso.db'}",
                             "BANSO_TRACKER_DB": str(var / "tracker.db")})
    running.start()
    try:
        running.wait_ready(timeout=240)
        yield running
    finally:
        running.stop()


def register(bot, login):
    """A staff member of a test municipality: only registered, active logins may speak."""
    registry = Registry(Store(f"sqlite:///{bot.var / 'banso.db'}"))
    if registry.municipality("999997") is None:
        registry.add_municipality("試験町", "石川県", "999997")
    if registry.person(login) is None:
        registry.add_person(login, "試験太郎", "staff", ["試験町"])


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
        with sqlite3.connect(self.bot.var / "banso.db") as db:
            return db.execute(
                "SELECT question_id, text, status FROM answers WHERE sender_id = ? ORDER BY id", (self.sender,)
            ).fetchall()


@pytest.fixture
def chat(bot):
    return Chat(bot)
