"""The web app's chat API against bodies a browser would never send: a Japanese 400, never a 500."""

import asyncio
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import messages
from bot.store import accounts
from bot.web.app import COOKIE, create_app
from bot.web.rasa_client import RasaClient

BODIES = [b"[]", b"null", b"42", b'"text"', b"true", b"[" * 5000 + b"]" * 5000, b'{"text": ' + b"9" * 5000 + b"}",
          b'{"text": 1, "client_id": "c1"}', b'{"text": "x", "client_id": 7}', b'{"text": "x"}',
          b'{"text": "x", "client_id": "' + b"a" * 101 + b'"}', b"{not json", "{\"text\": \"\udcff\"}".encode("utf-8", "surrogatepass")]


def get_as(store, kb, token, path, **params):
    """A logged-in GET against a fresh web app (Rasa is never reached): (status, body text)."""
    async def get():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: token})
            response = await client.get(path, params=params)
            return response.status, await response.text()

    return asyncio.run(get())


@pytest.fixture
def session_token(store_with_person):
    """A logged-in staff member's cookie token (the CSRF token is read from it where needed)."""
    return accounts.log_in(store_with_person, "yamada", "correct horse 1", "127.0.0.1")


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_malformed_chat_bodies_get_a_japanese_400(store, kb, session_token, body):
    token = session_token
    csrf = accounts.current(store, token).csrf_token

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
    status, body = get_as(store, kb, session_token, "/api/history", before=before)
    assert status == 400 and "履歴の指定" in json.loads(body)["error"]


@pytest.mark.parametrize("beside", ["o)Vu=1", 'a"b=2', "=3"])
def test_a_cookie_http_cookies_refuses_neither_fails_nor_hides_the_session(store, kb, session_token, beside):
    """Another app on this host may set a cookie SimpleCookie cannot read: that was a plain-text 500 or a logout."""
    token = session_token

    async def get(cookie):
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            response = await client.get("/api/state", headers={"Cookie": cookie})
            return response.status, await response.json()

    status, state = asyncio.run(get(f"{beside}; {COOKIE}={token}"))
    assert status == 200 and "progress" in state
    status, refusal = asyncio.run(get(beside))
    assert status == 401 and refusal["login"] is True


def test_a_report_is_made_in_the_report_process_masked(store_with_person, kb, session_token):
    """Reports run in a process of their own (bot.report.worker), and come back masked."""
    import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow)
    from bot.review import Command, Review

    review = Review(kb, store_with_person, mask_ahead=True)  # as the action server writes answers
    review.handle("yamada", Command("start_review", "振り返りを始めたい"), "m0")
    review.handle("yamada", Command("answer", "先月、田中花子さん（090-1234-5678）から相談がありました"), "m1")
    status, text = get_as(store_with_person, kb, session_token, "/reports/173240.md")
    assert status == 200 and "〔電話番号〕" in text and "090-1234-5678" not in text
    from bot.store import audit

    with store_with_person.session() as session:  # the download is in the audit trail: who, where, how
        [event] = audit.events(session, action="report")
    assert (event.actor, event.municipality, event.source) == ("yamada", "川北町", "127.0.0.1")
    assert event.detail == {"format": "md", "masked": True, "via": "web"}


def test_the_audit_page_is_for_admins_and_reading_it_is_recorded(store_with_person, kb, session_token):
    from bot.store import audit
    from bot.store.registry import Registry

    status, text = get_as(store_with_person, kb, session_token, "/admin/audit")
    assert status == 403 and "管理者だけ" in text
    Registry(store_with_person).add_person("boss", "管理者", "admin", [])
    accounts.set_password(store_with_person, "boss", "boss-password-1")
    admin = accounts.log_in(store_with_person, "boss", "boss-password-1", "127.0.0.9")
    status, text = get_as(store_with_person, kb, admin, "/admin/audit", action="login")
    assert status == 200 and "操作の記録" in text and "yamada" in text and "127.0.0.9" in text
    with store_with_person.session() as session:
        assert [e.actor for e in audit.events(session, action="audit_read")] == ["boss"]


def test_a_record_that_cannot_be_read_gets_the_japanese_store_message(store_with_person, kb, session_token):
    """Even the login check: a Japanese 503 that asks to resend, never aiohttp's English 500."""
    store_with_person.engine.dispose()
    Path(store_with_person.engine.url.database).unlink()  # the record is gone: every read now fails in the database
    status, body = get_as(store_with_person, kb, session_token, "/api/state")
    assert status == 503 and json.loads(body)["error"] == messages.STORE_UNAVAILABLE


def test_a_body_over_the_limit_gets_a_japanese_413(store, kb, session_token):
    csrf = accounts.current(store, session_token).csrf_token

    async def post():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: session_token})
            response = await client.post("/api/message", data=b'{"text": "' + b"a" * 300_000 + b'", "client_id": "c"}',
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
            return response.status, await response.json()

    status, reply = asyncio.run(post())
    assert status == 413 and "メッセージが長すぎます" in reply["error"]


def test_a_report_worker_that_died_is_replaced(store_with_person, kb):
    """kill -9 of the report process (or the system's OOM killer): the next report gets a new worker."""
    import os
    import signal

    from bot.report.worker import ReportWorkers

    workers = ReportWorkers()

    async def twice():
        first = await workers.masked_report(store_with_person.url, "173240", "json")
        for pid in list(workers._pool._processes):
            os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.5)
        return first, await workers.masked_report(store_with_person.url, "173240", "json")

    try:
        first, second = asyncio.run(twice())
    finally:
        workers.close()
    assert json.loads(first)["municipality"]["name"] == json.loads(second)["municipality"]["name"] == "川北町"
