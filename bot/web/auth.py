"""Passwords (argon2), server-side sessions with CSRF tokens, and a limit on failed logins.

The cookie carries a random token; the database keeps only its SHA-256, so a
leaked database does not log anyone in. Failed logins are counted in the
database, so a restart does not reset the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from bot.store.models import LoginFailure, Person, WebSession, utcnow
from bot.store.registry import RegistryError
from bot.store.repository import Store

SESSION_LIFETIME = timedelta(hours=8)  # a working day
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
_hasher = PasswordHasher()


class LoginRefused(Exception):
    """The message says why, in Japanese."""


@dataclass
class Session:
    person: Person
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_password(store: Store, login: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RegistryError(f"パスワードは {MIN_PASSWORD} 文字以上にしてください。")
    with store.session() as session, session.begin():
        person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
        if person is None:
            raise RegistryError(f"ログイン名「{login}」の人は登録されていません。")
        person.password_hash = _hasher.hash(password)


def log_in(store: Store, login: str, password: str) -> str:
    """A new session token for the cookie, or LoginRefused."""
    now = utcnow()
    with store.session() as session, session.begin():
        recent = session.execute(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.login == login, LoginFailure.at > now - LOCKOUT)).scalar_one()
        person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
        accepted = (recent < MAX_FAILURES and person is not None and _verify(person.password_hash, password)
                    and person.active)
        if not accepted:
            if recent < MAX_FAILURES:
                session.add(LoginFailure(login=login, at=now))
        else:
            session.execute(delete(LoginFailure).where(LoginFailure.login == login))
            token = secrets.token_urlsafe(32)
            session.add(WebSession(token_hash=_digest(token), person_id=person.id,
                                   csrf_token=secrets.token_urlsafe(24), created_at=now,
                                   expires_at=now + SESSION_LIFETIME))
    if recent >= MAX_FAILURES:
        raise LoginRefused("ログインの失敗が続いたため、しばらく受け付けていません。15分ほど待ってからお試しください。")
    if not accepted:
        raise LoginRefused("ログイン名かパスワードが違います。")
    return token


def password_ok(store: Store, login: str, password: str) -> bool:
    """Whether this is an active login with this password (for banso chat; no session is made)."""
    with store.session() as session:
        person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
    return _verify(person.password_hash if person else None, password) and bool(person and person.active)


def _verify(password_hash: Optional[str], password: str) -> bool:
    if not password_hash:
        _hasher.hash(password)  # the same time as a real check: no hint that the login exists
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def current(store: Store, token: Optional[str]) -> Optional[Session]:
    """The session of this cookie, if it is still valid (None when missing or expired)."""
    if not token:
        return None
    with store.session() as session:
        row = session.execute(select(WebSession).where(WebSession.token_hash == _digest(token))).scalar_one_or_none()
        if row is None or row.expires_at <= utcnow():
            return None
        person = session.get(Person, row.person_id)
        return Session(person, row.csrf_token) if person is not None and person.active else None


def expired(store: Store, token: Optional[str]) -> bool:
    """True when this cookie belonged to a session that has run out (to say so, not just ask to log in)."""
    if not token:
        return False
    with store.session() as session:
        row = session.execute(select(WebSession).where(WebSession.token_hash == _digest(token))).scalar_one_or_none()
        return row is not None and row.expires_at <= utcnow()


def log_out(store: Store, token: Optional[str]) -> None:
    if token:
        with store.session() as session, session.begin():
            session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def csrf_ok(session: Session, sent: Optional[str]) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf_token, sent)
