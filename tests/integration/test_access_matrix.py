"""Every role × own / supported / other municipality × every web route and every CLI read or write.

The expected answer of each cell comes from bot.roles (what a role may do) and the support
relations (which municipality it may read); each is tried for real, against the running web
app and through the `banso` CLI. No forbidden read or write may succeed, and every refusal
must be a clear Japanese message with nothing internal in it.
"""

from __future__ import annotations

import io
import re
import sys
import uuid

import pytest
import requests

from bot import roles
from bot.store import Store, accounts
from bot.store.registry import Registry
from bot.web.app import routes

from .conftest import INTERNAL

pytestmark = pytest.mark.slow
PASSWORD = "matrix-password-2024"
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龠]{4,}")
TAG = uuid.uuid4().hex[:6]
OWN, OTHER = f"甲{TAG}町", f"乙{TAG}村"  # every role reads OWN (its own, or supported); only an admin reads OTHER
CODES = {OWN: "9" + str(int(TAG, 16) % 10**5).zfill(5), OTHER: "8" + str(int(TAG, 16) % 10**5).zfill(5)}
OTHERS_WORDS = "乙村の秘密の回答です。通いの場は3か所です。"
QUERIES = {"/prompts": "?theme=通いの場", "/knowledge": "?q=協議体"}  # what a person would ask there
PEOPLE = {role: f"m-{role}-{TAG}" for role in roles.ROLES}


class _Anything:
    """Stands in for the web app's pages: only the route table is read."""

    def __getattr__(self, name):
        return name


@pytest.fixture(scope="module")
def world(bot):
    store = Store(bot.settings().database_url)
    registry = Registry(store)
    for name, code in CODES.items():
        registry.add_municipality(name, "石川県", code)
    for role, login in PEOPLE.items():
        places = [] if role == "admin" else [OWN]
        registry.add_person(login, f"{role}さん", role, places)
        accounts.set_password(store, login, PASSWORD)
    other_staff = f"m-other-{TAG}"
    registry.add_person(other_staff, "乙村職員", "staff", [OTHER])
    from .conftest import Chat

    chat = Chat(bot, sender=other_staff)
    chat.say("振り返りを始めたい")
    chat.say(OTHERS_WORDS)
    assert chat.rows(), "the other municipality needs an answer to protect"
    return bot, store, registry, other_staff


def _web_session(bot, login) -> tuple:
    session = requests.Session()
    form = session.get(f"{bot.web_url}/login", timeout=30).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    landed = session.post(f"{bot.web_url}/login", data={"login": login, "password": PASSWORD, "csrf": token},
                          timeout=30)
    assert landed.status_code == 200, landed.text[:300]
    page = session.get(f"{bot.web_url}/chat", timeout=30).text
    return session, re.search(r'data-csrf="([^"]+)"', page).group(1)


def _reads(role: str, municipality: str) -> bool:
    return municipality == OWN or roles.reads_all(role)


def _web_cells():
    """(method, concrete path, action, municipality or None) for every route that needs a login."""
    for method, path, _handler, action in routes(_Anything()):
        if path in ("/login", "/healthz"):
            continue
        if path.startswith("/answers/") or path.startswith("/api/comments/"):
            # Comments: the page of a municipality's answers for real; posting a comment or a reply needs an
            # answer or comment of each municipality: tests/unit/test_comments.py tries those per role.
            if method == "GET":
                for municipality in (OWN, OTHER):
                    yield method, f"/answers/{CODES[municipality]}", action, municipality
            continue
        if path.startswith("/prepare/"):  # a preparation sheet (any format), and ticking its prompts
            for municipality in (OWN, OTHER):
                tails = ("1.5mtg.html", "1.5mtg.md", "1.5mtg.xlsx") if method == "GET" else ("1.5mtg/ticks",)
                for tail in tails:
                    yield method, f"/prepare/{CODES[municipality]}/{tail}", action, municipality
            continue
        if "{code" in path:
            for municipality in (OWN, OTHER):
                for fmt in ("csv", "json", "html"):
                    yield method, f"/reports/{CODES[municipality]}.{fmt}", action, municipality
        else:
            yield method, path + QUERIES.get(path, ""), action, None


def _refusal_is_clear(response) -> None:
    body = response.text
    message = response.json()["error"] if "json" in response.headers.get("Content-Type", "") else body
    assert JAPANESE.search(message), f"refusal without a Japanese message: {body[:200]}"
    assert not INTERNAL.search(body), body[:500]


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_route_for_every_role(world, role):
    bot, _store, _registry, _ = world
    session, csrf = _web_session(bot, PEOPLE[role])
    tried = 0
    for method, path, action, municipality in _web_cells():
        if path == "/logout":
            continue  # tried last: it ends the session
        allowed = (action is None or roles.may(role, action)) and (municipality is None or _reads(role, municipality))
        if method == "POST":
            response = session.post(f"{bot.web_url}{path}", json={"text": "こんにちは", "client_id": uuid.uuid4().hex},
                                    headers={"X-CSRF-Token": csrf}, timeout=120)
        else:
            response = session.get(f"{bot.web_url}{path}", timeout=120)
        tried += 1
        if allowed:
            assert response.status_code == 200, (role, path, response.status_code, response.text[:300])
            assert OTHERS_WORDS[:6] not in response.text or roles.reads_all(role), (role, path)
            if path == "/dashboard":  # the municipalities one may read, and no other
                assert OWN in response.text and (OTHER in response.text) == roles.reads_all(role), role
        else:
            assert response.status_code == 403, (role, path, response.status_code, response.text[:300])
            _refusal_is_clear(response)
            assert OTHERS_WORDS[:6] not in response.text and CODES[OTHER] not in response.text.replace(path, "")
    assert tried >= 15
    out = session.post(f"{bot.web_url}/logout", data={"csrf": csrf}, timeout=30)
    assert out.status_code == 200 and session.get(f"{bot.web_url}/chat", timeout=30).url.endswith("/login")


def _cli_cases(role: str, other_staff: str, victim: str):
    """(argv, action, municipality, check that the write did not happen)."""
    yield ("report", "--municipality", OWN, "--as", PEOPLE[role], "--format", "json"), "report", OWN
    yield ("report", "--municipality", OTHER, "--as", PEOPLE[role], "--format", "json"), "report", OTHER
    yield ("report", "--municipality", OWN, "--as", PEOPLE[role], "--format", "json", "--no-mask"), \
        "report_unmasked", OWN
    yield ("disclose", "--person", other_staff, "--as", PEOPLE[role]), "disclose", None
    yield ("audit", "--as", PEOPLE[role], "--limit", "5"), "audit", None
    yield ("user", "add", "--login", f"new-{role}-{TAG}", "--name", "新人", "--role", "staff",
           "--municipality", OWN, "--as", PEOPLE[role]), "accounts", None
    yield ("user", "disable", "--login", victim, "--as", PEOPLE[role]), "accounts", None
    yield ("user", "enable", "--login", victim, "--as", PEOPLE[role]), "accounts", None
    yield ("user", "password", "--login", victim, "--as", PEOPLE[role], "--password-stdin"), "accounts", None
    yield ("delete", "--person", victim, "--yes", "--as", PEOPLE[role]), "delete", None


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_cli_read_and_write_for_every_role(world, role, banso_cli, monkeypatch, tmp_path):
    bot, store, registry, other_staff = world
    run = banso_cli(bot.var)
    monkeypatch.setenv("BANSO_PASSWORD", PASSWORD)
    victim = f"m-victim-{role}-{TAG}"
    registry.add_person(victim, "対象者", "staff", [OWN])
    accounts.set_password(store, victim, "victim-password-1")
    for argv, action, municipality in _cli_cases(role, other_staff, victim):
        allowed = roles.may(role, action) and (municipality is None or _reads(role, municipality))
        monkeypatch.setattr(sys, "stdin", io.StringIO("victim-password-2\n"))
        if argv[0] == "disclose":
            argv = (*argv, "--output", str(tmp_path / f"{role}-disclosed.json"))
        code, out, err = run(*argv)
        assert not INTERNAL.search(out + err), (role, argv, err[-500:])
        if allowed:
            assert code == 0, (role, argv, err)
            if argv[0] == "report" and municipality == OWN:
                assert OTHERS_WORDS[:6] not in out
        else:
            assert code != 0, (role, argv, out[:300])
            assert JAPANESE.search(err), (role, argv, err)
            assert OTHERS_WORDS[:6] not in out + err
    # The writes a refused role tried did not happen; an admin's did.
    admin = roles.may(role, "accounts")
    assert (registry.person(f"new-{role}-{TAG}") is not None) == admin
    assert (registry.person(victim) is None) == roles.may(role, "delete")
    if not admin:
        assert registry.person(victim).active
        assert accounts.password_ok(store, victim, "victim-password-1")
    assert (tmp_path / f"{role}-disclosed.json").exists() == roles.may(role, "disclose")


def test_a_wrong_password_acts_for_nobody(world, banso_cli, monkeypatch):
    bot, *_ = world
    run = banso_cli(bot.var)
    monkeypatch.setenv("BANSO_PASSWORD", "not-the-password")
    code, out, err = run("report", "--municipality", OWN, "--as", PEOPLE["admin"], "--no-mask", "--format", "json")
    assert code != 0 and out == "" and JAPANESE.search(err) and not INTERNAL.search(err)
