"""A trained model (cached by the fingerprint of its inputs) and running servers."""

import sqlite3
import uuid

import pytest
import requests

from bot import model_cache
from bot.server import Bot, free_port


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


class Chat:
    def __init__(self, bot, sender=None):
        self.bot, self.sender = bot, sender or f"test-{uuid.uuid4().hex[:8]}"

    def send(self, text, client_id=None):
        body = {"sender": self.sender, "message": text}
        if client_id:
            body["metadata"] = {"client_message_id": client_id}
        response = requests.post(f"{self.bot.url}/webhooks/rest/webhook", json=body, timeout=60)
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
