"""Accounts in the record: argon2 passwords, sessions that expire, idle out and are revoked,
login throttling per source address with growing delays, the purge, and the web login's CSRF and headers."""

import asyncio
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update

from bot.config import Settings
from bot.store import accounts, audit
from bot.store.models import LoginFailure, Person, Turn, WebSession, utcnow
from bot.store.registry import Registry, RegistryError
from bot.web import auth
from bot.web.app import COOKIE, create_app
from bot.web.rasa_client import RasaClient

RIGHT = "correct horse 1"
OWNER, STRANGER = "127.0.0.1", "127.0.0.2"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2 at its lightest: the rules under test are about counting, not the hash's cost."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", quick)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", quick.hash("dummy password"))


def refused(store, password, source, now=None, login="yamada"):
    """The refusal's message (failing the test if the login went through)."""
    with pytest.raises(accounts.LoginRefused) as caught:
        accounts.log_in(store, login, password, source, now=now)
    return caught.value


def failures(store):
    with store.session() as session:
        return session.execute(select(LoginFailure.login, LoginFailure.source)).all()


# Passwords and sessions ------------------------------------------------------------
def test_a_short_password_is_refused(store_with_person):
    with pytest.raises(RegistryError, match="10 文字以上"):
        accounts.set_password(store_with_person, "yamada", "short")


def test_only_a_digest_is_stored_and_the_session_finds_its_person(store_with_person):
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    with store_with_person.session() as session:
        stored = session.query(WebSession).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64
    current = accounts.current(store_with_person, token)
    assert current.person.login == "yamada" and accounts.csrf_ok(current, current.csrf_token)
    assert not accounts.csrf_ok(current, "forged") and not accounts.csrf_ok(current, None)
    assert not accounts.csrf_ok(current, "ｆｏｒｇｅｄ")  # not ASCII: refused, not a TypeError
    accounts.log_out(store_with_person, token, OWNER)
    assert accounts.current(store_with_person, token) is None
    with store_with_person.session() as session:
        trail = [(e.action, e.actor, e.source) for e in audit.events(session)]
    assert trail == [("logout", "yamada", OWNER), ("login", "yamada", OWNER)]


def test_an_expired_session_is_recognised(store_with_person):
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    with store_with_person.session() as session, session.begin():
        session.execute(update(WebSession).values(expires_at=WebSession.created_at))
    assert accounts.current(store_with_person, token) is None and accounts.expired(store_with_person, token)


def test_an_idle_session_ends_and_activity_is_written_at_most_once_a_minute(store_with_person):
    start = utcnow()
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER, now=start)

    def seen():
        with store_with_person.session() as session:
            return session.execute(select(WebSession.last_seen_at)).scalar_one()

    assert accounts.current(store_with_person, token, now=start + timedelta(seconds=30)) is not None
    assert seen() == start  # no write within the minute
    assert accounts.current(store_with_person, token, now=start + timedelta(minutes=50)) is not None
    assert seen() == start + timedelta(minutes=50)
    later = start + timedelta(minutes=100)  # 50 idle minutes: still in
    assert accounts.current(store_with_person, token, now=later) is not None
    gone = later + timedelta(minutes=61)
    assert accounts.current(store_with_person, token, now=gone) is None
    assert accounts.expired(store_with_person, token, now=gone)
    assert accounts.current(store_with_person, token, idle=timedelta(hours=2), now=gone) is not None


def test_a_new_password_ends_every_session(store_with_person):
    first = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    second = accounts.log_in(store_with_person, "yamada", RIGHT, STRANGER)
    accounts.set_password(store_with_person, "yamada", "a brand new password")
    assert accounts.current(store_with_person, first) is None and accounts.current(store_with_person, second) is None
    assert not accounts.expired(store_with_person, first)  # revoked, not run out
    assert accounts.log_in(store_with_person, "yamada", "a brand new password", OWNER)


def test_disabling_a_person_ends_their_sessions_for_good(store_with_person):
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    registry = Registry(store_with_person)
    registry.set_active("yamada", False)
    with store_with_person.session() as session:
        assert session.query(WebSession).count() == 0
    registry.set_active("yamada", True)
    assert accounts.current(store_with_person, token) is None  # enabled again: the old cookie stays dead


def test_revoke_sessions_ends_only_that_persons_sessions(store_with_person):
    Registry(store_with_person).add_person("sato", "佐藤一郎", "staff", ["川北町"])
    accounts.set_password(store_with_person, "sato", "sato password 1")
    theirs = accounts.log_in(store_with_person, "sato", "sato password 1", OWNER)
    mine = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    with store_with_person.session() as session, session.begin():
        person = session.execute(select(Person).where(Person.login == "yamada")).scalar_one()
        assert accounts.revoke_sessions(session, person.id) == 1
    assert accounts.current(store_with_person, mine) is None
    assert accounts.current(store_with_person, theirs) is not None


def test_an_unknown_login_gets_the_same_answer_as_a_wrong_password(store_with_person):
    wrong = "ログイン名かパスワードが違います。"
    assert str(refused(store_with_person, "whatever-123", STRANGER, login="nobody")) == wrong
    assert str(refused(store_with_person, "wrong", STRANGER)) == wrong


# Throttling ------------------------------------------------------------------------
def test_failures_from_one_address_never_lock_the_owner_out_from_another(store_with_person):
    for _ in range(8):  # the stranger keeps trying; after the fifth they wait
        refused(store_with_person, "wrong", STRANGER)
    refusal = refused(store_with_person, RIGHT, STRANGER)  # even the right password waits, from there
    assert refusal.wait and "しばらく受け付けていません" in str(refusal) and "1分ほど" in str(refusal)
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    assert accounts.current(store_with_person, token).person.login == "yamada"
    assert len(failures(store_with_person)) == accounts.PER_LOGIN_SOURCE  # waiting tries store nothing


def test_the_delay_grows_with_each_failure_up_to_15_minutes(store_with_person):
    t = utcnow()
    for _ in range(accounts.PER_LOGIN_SOURCE):
        refused(store_with_person, "wrong", STRANGER, now=t)
    delays = []
    for _ in range(7):
        wait = accounts.wait_before(store_with_person, "yamada", STRANGER, now=t)
        delays.append(wait)
        assert refused(store_with_person, RIGHT, STRANGER, now=t + wait - timedelta(seconds=1)).wait
        t = t + wait
        assert "違います" in str(refused(store_with_person, "wrong", STRANGER, now=t))  # tried again: a failure
    assert [d.total_seconds() / 60 for d in delays] == [1, 2, 4, 8, 15, 15, 15]
    wait = accounts.wait_before(store_with_person, "yamada", STRANGER, now=t)
    assert accounts.log_in(store_with_person, "yamada", RIGHT, STRANGER, now=t + wait)


def test_a_success_clears_that_address_only(store_with_person):
    for source in (OWNER, STRANGER):
        for _ in range(3):
            refused(store_with_person, "wrong", source)
    accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)
    assert failures(store_with_person) == [("yamada", STRANGER)] * 3


def test_many_failures_from_one_address_for_any_logins_make_that_address_wait(store_with_person):
    for n in range(accounts.PER_SOURCE):
        refused(store_with_person, "whatever-123", STRANGER, login=f"guess{n}")
    assert "しばらく" in str(refused(store_with_person, RIGHT, STRANGER))
    assert "しばらく" in str(refused(store_with_person, "x", STRANGER, login="another-guess"))
    assert accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)


def test_a_login_under_attack_from_many_addresses_still_lets_the_owner_in(store_with_person):
    for n in range(accounts.LOGIN_CEILING):
        refused(store_with_person, "wrong", f"10.0.0.{n + 1}")
    # Now an address that failed once waits (it would have had five tries) …
    refused(store_with_person, "wrong", "10.0.1.1")
    assert refused(store_with_person, RIGHT, "10.0.1.1").wait
    # … but a clean one, the owner's, is never refused the right password.
    assert accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)


def test_unknown_logins_are_not_stored_as_typed(store_with_person):
    typed = "my secret password 2024"  # typed into the login field by mistake
    refused(store_with_person, "whatever", STRANGER, login=typed)
    refused(store_with_person, "whatever", STRANGER, login="x" * 100_000)
    with store_with_person.session() as session:
        stored = [row.login for row in session.query(LoginFailure)]
        targets = [e.target for e in audit.events(session)]
    assert all(s.startswith("?") and len(s) <= 100 and "secret" not in s and "xxx" not in s for s in stored)
    assert stored[0] != stored[1] and targets == list(reversed(stored))


def test_an_unknown_login_is_throttled_like_a_known_one(store_with_person):
    """No hint which names exist: the same count of tries, then the same wait."""
    for login in ("yamada", "nobody"):
        answers = [str(refused(store_with_person, "wrong", STRANGER, login=login)) for _ in range(6)]
        assert answers[:5] == ["ログイン名かパスワードが違います。"] * 5 and "しばらく" in answers[5]


@pytest.mark.parametrize("address, key", [("127.0.0.2", "127.0.0.2"), ("::ffff:10.1.2.3", "10.1.2.3"),
                                          ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"), (None, "unknown"),
                                          ("not an address", "unknown")])
def test_sources_are_addresses_and_ipv6_counts_by_its_64(address, key):
    assert accounts.source_key(address) == key


# Purge -----------------------------------------------------------------------------
def test_purge_removes_ended_sessions_old_failures_and_old_turns(store_with_person):
    now = utcnow()
    live = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER, now=now)
    idle = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER, now=now - timedelta(hours=2))
    ran_out = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER, now=now - timedelta(hours=9))
    refused(store_with_person, "wrong", STRANGER, now=now - timedelta(hours=25))
    refused(store_with_person, "wrong", STRANGER, now=now - timedelta(hours=1))
    with store_with_person.session() as session, session.begin():
        for key, age in (("old", 91), ("recent", 89)):
            session.add(Turn(sender_id="yamada", turn_key=key, intent="answer", text="…", outcome="{}",
                             created_at=now - timedelta(days=age)))
    purged = accounts.purge(store_with_person, now=now)
    assert (purged.sessions, purged.failures, purged.turns) == (2, 1, 1)
    assert accounts.current(store_with_person, live, now=now) is not None
    assert not accounts.expired(store_with_person, idle, now=now) and not accounts.expired(store_with_person, ran_out)
    with store_with_person.session() as session:
        assert [t.turn_key for t in session.query(Turn)] == ["recent"]
        assert session.query(LoginFailure).count() == 1
    assert accounts.purge(store_with_person, turn_retention=timedelta(days=30), now=now).turns == 1


def test_banso_purge(store_with_person, banso_cli, tmp_path):
    run = banso_cli(tmp_path)
    refused(store_with_person, "wrong", STRANGER, now=utcnow() - timedelta(days=2))
    code, out, _ = run("purge")
    assert code == 0 and "ログインの失敗 1 件" in out and "90 日" in out


# The web login ---------------------------------------------------------------------
def web(store, kb, work, settings=None):
    """Runs ``work(client)`` against a fresh web app (Rasa is never reached)."""
    async def run():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"),
                         settings=settings or Settings.from_env())
        async with TestClient(TestServer(app)) as client:
            return await work(client)

    return asyncio.run(run())


async def login_form(client):
    page = await (await client.get("/login")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_login_without_the_forms_token_is_refused_in_japanese(store_with_person, kb):
    async def work(client):
        bare = await client.post("/login", data={"login": "yamada", "password": RIGHT}, allow_redirects=False)
        forged = await client.post("/login", data={"login": "yamada", "password": RIGHT, "csrf": "0" * 64},
                                   allow_redirects=False)
        token = await login_form(client)
        good = await client.post("/login", data={"login": "yamada", "password": RIGHT, "csrf": token},
                                 allow_redirects=False)
        return bare.status, await bare.text(), forged.status, good.status, good.cookies

    bare, text, forged, good, cookies = web(store_with_person, kb, work)
    assert bare == forged == 403 and "ログイン画面が古くなっていた" in text
    assert good == 303 and COOKIE in cookies
    assert failures(store_with_person) == []  # a refused form is not a failed password


def test_a_token_from_another_browser_does_not_pass(store_with_person, kb):
    """The attacker's own form token is useless without the cookie it was issued with."""
    async def work(client):
        token = await login_form(client)
        client.session.cookie_jar.clear()
        return (await client.post("/login", data={"login": "yamada", "password": RIGHT, "csrf": token},
                                  allow_redirects=False)).status

    assert web(store_with_person, kb, work) == 403


def test_a_waiting_address_is_told_how_long_in_japanese(store_with_person, kb):
    async def work(client):
        token = await login_form(client)
        for _ in range(accounts.PER_LOGIN_SOURCE):
            await client.post("/login", data={"login": "yamada", "password": "wrong", "csrf": token})
        response = await client.post("/login", data={"login": "yamada", "password": RIGHT, "csrf": token})
        return response.status, response.headers.get("Retry-After"), await response.text()

    status, retry, text = web(store_with_person, kb, work)
    assert status == 429 and 0 < int(retry) <= 61 and "あと1分ほど待ってから" in text


def test_security_headers_are_on_redirects_404s_static_files_and_pages(store_with_person, kb):
    async def work(client):
        redirect = await client.get("/chat", allow_redirects=False)
        missing = await client.get("/static/no-such-file.css")
        static = await client.get("/static/style.css")
        page = await client.get("/login")
        return redirect, missing, await missing.text(), static, page

    redirect, missing, text, static, page = web(store_with_person, kb, work)
    assert redirect.status == 303 and missing.status == 404 and "見つかりませんでした" in text
    for response in (redirect, missing, static, page):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP in this test
    assert redirect.headers["Cache-Control"] == page.headers["Cache-Control"] == "no-store"
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_a_logged_in_404_is_japanese_and_hsts_comes_with_secure_cookies(store_with_person, kb):
    token = accounts.log_in(store_with_person, "yamada", RIGHT, OWNER)

    async def work(client):
        client.session.cookie_jar.update_cookies({COOKIE: token})
        missing = await client.get("/no-such-page")
        api = await client.get("/api/state")
        login = await client.get("/login")
        return missing.status, await missing.text(), api.headers, login.cookies

    secure = replace(Settings.from_env(), secure_cookies=True)
    status, text, headers, cookies = web(store_with_person, kb, work, settings=secure)
    assert status == 404 and "見つかりませんでした" in text
    assert headers["Strict-Transport-Security"] == "max-age=31536000" and headers["Cache-Control"] == "no-store"
    assert "__Host-banso_login" in cookies and cookies["__Host-banso_login"]["secure"]


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.remote = remote
        self.headers = _Headers({"X-Forwarded-For": forwarded} if forwarded else {})


class _Headers(dict):
    def getall(self, key, default):
        return [self[key]] if key in self else default


def test_the_client_is_the_socket_peer_unless_a_trusted_proxy_says_otherwise():
    assert auth.client_address(FakeRequest(STRANGER, "10.9.9.9")) == STRANGER  # anyone can write the header
    assert auth.client_address(FakeRequest(STRANGER, "10.9.9.9"), [OWNER]) == STRANGER
    assert auth.client_address(FakeRequest(OWNER, "6.6.6.6, 10.9.9.9"), [OWNER]) == "10.9.9.9"
    assert auth.client_address(FakeRequest(OWNER, "garbage"), [OWNER]) == OWNER
