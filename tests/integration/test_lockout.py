"""Logins strangers cannot abuse, against the running web app: many wrong passwords from another
loopback address (127.0.0.2) never keep the owner out at 127.0.0.1; a login form without its token
is refused; the security headers are on redirects and 404s."""

import asyncio
import re

import aiohttp
import pytest
import requests

from bot.store import Store, accounts, audit

from .conftest import INTERNAL, register

pytestmark = pytest.mark.slow
OWNER, STRANGER = "127.0.0.1", "127.0.0.2"
PASSWORD = "owner-password-2024"


@pytest.fixture(scope="module")
def owner(bot):
    """A staff member with a password: (bot, login)."""
    login = "lock-owner"
    register(bot, login)
    accounts.set_password(Store(bot.settings().database_url), login, PASSWORD)
    return bot, login


def browser(source):
    """A client whose connections leave from ``source``, a loopback address (the web app sees it as the peer)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(source, 0)),
                                 cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=60))


async def log_in(http, bot, login, password, headers=None):
    """The form as a browser fills it: (status, final path, page text)."""
    form = await (await http.get(f"{bot.web_url}/login")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    async with http.post(f"{bot.web_url}/login", data={"login": login, "password": password, "csrf": token},
                         headers=headers or {}) as response:
        return response.status, response.url.path, await response.text()


def test_a_stranger_failing_many_times_never_locks_the_owner_out(owner):
    bot, login = owner

    async def attack_then_owner():
        async with browser(STRANGER) as stranger:
            tries = [await log_in(stranger, bot, login, f"guess-{n}") for n in range(8)]
            right = await log_in(stranger, bot, login, PASSWORD)  # the stranger guessing right now waits too
            # Claiming to be the owner's address in a header changes nothing: the socket says who it is.
            spoofed = await log_in(stranger, bot, login, PASSWORD, headers={"X-Forwarded-For": OWNER})
        async with browser(OWNER) as own:
            mine = await log_in(own, bot, login, PASSWORD)
            chat = await own.get(f"{bot.web_url}/chat")
            return tries, right, spoofed, mine, chat.status

    tries, right, spoofed, mine, chat = asyncio.run(attack_then_owner())
    assert [status for status, _, _ in tries] == [401] * 5 + [429] * 3
    assert all("ログイン名かパスワードが違います" in text for _, _, text in tries[:5])
    for status, _, text in (*tries[5:], right, spoofed):
        assert status == 429 and "しばらく受け付けていません" in text and re.search(r"あと\d+分ほど待って", text)
    assert mine[0] == 200 and mine[1] == "/chat" and chat == 200
    with Store(bot.settings().database_url).session() as session:
        events = audit.events(session, limit=1000)
    assert {e.source for e in events if e.action == "login_failed" and e.target == login} == {STRANGER}
    assert [e.source for e in events if e.action == "login" and e.actor == login][:1] == [OWNER]


def test_a_login_without_the_forms_token_is_refused(owner):
    bot, login = owner
    refused = requests.post(f"{bot.web_url}/login", data={"login": login, "password": PASSWORD},
                            allow_redirects=False, timeout=30)
    assert refused.status_code == 403 and "ログイン画面が古くなっていた" in refused.text
    assert "banso_session" not in refused.cookies


def test_security_headers_on_a_redirect_and_a_404(owner):
    bot, login = owner

    async def fetch():
        async with browser(OWNER) as http:
            redirect = await http.get(f"{bot.web_url}/dashboard", allow_redirects=False)
            static = await http.get(f"{bot.web_url}/static/no-such-file.js")
            assert (await log_in(http, bot, login, PASSWORD))[0] == 200
            missing = await http.get(f"{bot.web_url}/no-such-page")
            return [(r.status, r.headers, await r.text()) for r in (redirect, static, missing)]

    (redirect, static, missing) = asyncio.run(fetch())
    assert redirect[0] == 303 and static[0] == missing[0] == 404
    for status, headers, text in (redirect, static, missing):
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
        assert not INTERNAL.search(text)
    assert redirect[1]["Cache-Control"] == missing[1]["Cache-Control"] == "no-store"  # static files may be cached
    assert "見つかりませんでした" in missing[2] and "見つかりませんでした" in static[2]


def test_the_bots_status_is_not_open(bot):
    """Rasa has no REST channel, and its status route answers only a client holding the channel secret."""
    assert requests.get(f"{bot.url}/webhooks/rest/status", timeout=10).status_code == 404
    closed = requests.get(f"{bot.url}/webhooks/banso/status", timeout=10)
    assert closed.status_code == 401 and not INTERNAL.search(closed.text) and "error" in closed.json()
