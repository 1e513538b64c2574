"""Web login without a browser: argon2 passwords, sessions that expire, a limit on failures."""

import pytest
from sqlalchemy import update

from bot.store.models import WebSession
from bot.store.registry import RegistryError
from bot.web import auth


def test_a_short_password_is_refused(store_with_person):
    with pytest.raises(RegistryError, match="10 文字以上"):
        auth.set_password(store_with_person, "yamada", "short")


def test_only_a_digest_is_stored_and_the_session_finds_its_person(store_with_person):
    token = auth.log_in(store_with_person, "yamada", "correct horse 1")
    with store_with_person.session() as session:
        stored = session.query(WebSession).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64
    current = auth.current(store_with_person, token)
    assert current.person.login == "yamada" and auth.csrf_ok(current, current.csrf_token)
    assert not auth.csrf_ok(current, "forged") and not auth.csrf_ok(current, None)
    auth.log_out(store_with_person, token)
    assert auth.current(store_with_person, token) is None


def test_an_expired_session_is_recognised(store_with_person):
    token = auth.log_in(store_with_person, "yamada", "correct horse 1")
    with store_with_person.session() as session, session.begin():
        session.execute(update(WebSession).values(expires_at=WebSession.created_at))
    assert auth.current(store_with_person, token) is None and auth.expired(store_with_person, token)


def test_failures_lock_the_login_for_a_while(store_with_person):
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.LoginRefused, match="違います"):
            auth.log_in(store_with_person, "yamada", "wrong")
    with pytest.raises(auth.LoginRefused, match="しばらく"):
        auth.log_in(store_with_person, "yamada", "correct horse 1")


def test_an_unknown_login_gets_the_same_answer_as_a_wrong_password(store_with_person):
    with pytest.raises(auth.LoginRefused, match="ログイン名かパスワードが違います"):
        auth.log_in(store_with_person, "nobody", "whatever-123")
