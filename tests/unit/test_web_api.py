"""The web app's chat API against bodies a browser would never send: a Japanese 400, never a 500."""

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import auth
from bot.web.app import COOKIE, create_app
from bot.web.rasa_client import RasaClient

BODIES = [b"[]", b"null", b"42", b'"text"', b"true", b"[" * 5000 + b"]" * 5000, b'{"text": ' + b"9" * 5000 + b"}",
          b'{"text": 1, "client_id": "c1"}', b'{"text": "x", "client_id": 7}', b'{"text": "x"}',
          b'{"text": "x", "client_id": "' + b"a" * 101 + b'"}', b"{not json", "{\"text\": \"\udcff\"}".encode("utf-8", "surrogatepass")]


@pytest.fixture
def session_token(store_with_person):
    """A logged-in staff member's cookie token (the CSRF token is read from it where needed)."""
    return auth.log_in(store_with_person, "yamada", "correct horse 1")


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_malformed_chat_bodies_get_a_japanese_400(store, kb, session_token, body):
    token = session_token
    csrf = auth.current(store, token).csrf_token

    async def post():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))  # never reached
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: token})
            response = await client.post("/api/message", data=body, headers={
                "Content-Type": "application/json", "X-CSRF-Token": csrf})
            return response.status, await response.json()

    status, reply = asyncio.run(post())
    assert status == 400 and "送信の形式が正しくありません" in reply["error"]


@pytest.mark.parametrize("before", ["²", "-1", "9" * 40, "abc", ""])
def test_a_bad_history_position_gets_a_japanese_400(store, kb, session_token, before):
    token = session_token

    async def get():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: token})
            response = await client.get("/api/history", params={"before": before})
            return response.status, await response.json()

    status, reply = asyncio.run(get())
    assert status == 400 and "履歴の指定" in reply["error"]
