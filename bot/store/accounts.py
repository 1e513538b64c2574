"""Accounts in the record: passwords (argon2), server-side sessions, and login throttling by source.

Sessions: the cookie carries a random token; the record keeps only its SHA-256, so a leaked
database logs no one in. A session ends after ``SESSION_LIFETIME``, after ``IDLE_TIMEOUT``
without a request (``last_seen_at``, written at most once a minute), when its person's
password is set again, and when the person is disabled (``revoke_sessions``).

Throttling: failures are counted per (login, source address) and per source address, never
per login alone, so failures from one address never lock the owner out from another.

- After ``PER_LOGIN_SOURCE`` failures for a login from one source (or ``PER_SOURCE`` failures
  from one source for any logins) within ``WINDOW``, that source waits before its next try:
  1 minute after the last failure, then 2, 4, 8 … at most 15 minutes with each further failure.
  While it waits nothing is checked or stored (a flood costs no argon2 hash and no row).
- A per-login ceiling (``LOGIN_CEILING`` failures from all sources) only slows: a source that
  has already failed for that login then waits after its first failure instead of its fifth.
  A source with no failures (the owner at their own desk) is always let try.
- IPv6 sources count by their /64 network (one host easily holds a whole /64).
- Unknown logins are stored as ``?`` + a keyed digest (HMAC-SHA256 with a key that lives only in
  this process), never as typed: a password typed into the login field cannot be read back, and
  an unknown name is throttled exactly as a known one (no hint which names exist).

Verifying a password costs an argon2 hash (tens of ms, 64 MB): the web app runs ``log_in`` in
a small thread pool after a cheap ``wait_before`` check on the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterator, Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session as DbSession

from bot.normalize import normalize
from bot.store import audit
from bot.store.models import LoginFailure, Person, Turn, WebSession, utcnow
from bot.store.registry import RegistryError
from bot.store.repository import Store, named_failures

SESSION_LIFETIME = timedelta(hours=8)  # a working day
IDLE_TIMEOUT = timedelta(minutes=60)  # the default; bot.config.Settings.idle_timeout
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
TURN_RETENTION = timedelta(days=90)  # the default; bot.config.Settings.turn_retention
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # characters; longer is refused without hashing
MAX_LOGIN = 100  # the column's width; a longer typed login is cut before it is looked up

WINDOW = timedelta(hours=24)  # failures counted; older ones are purged
PER_LOGIN_SOURCE = 5  # failures for one login from one source before it waits
PER_SOURCE = 20  # failures from one source, any logins, before it waits
LOGIN_CEILING = 20  # failures for one login from all sources: then each failed source waits after 1
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(minutes=15)
MAX_FAILURES = PER_LOGIN_SOURCE  # older name, used by tests
UNKNOWN_SOURCE = "unknown"

_hasher = PasswordHasher()
_DUMMY_HASH: Optional[str] = None  # verified for unknown logins: the same time as a real check (made on first use)
_UNKNOWN_KEY = secrets.token_bytes(32)  # this process only: stored digests of unknown logins cannot be reversed


class LoginRefused(Exception):
    """The message says why, in Japanese; ``wait`` is set when the source must wait before trying again."""

    def __init__(self, message: str, wait: Optional[timedelta] = None):
        super().__init__(message)
        self.wait = wait


class PasswordRefused(ValueError):
    """A new password the rules refuse; the message says why, in Japanese."""


@dataclass
class Session:
    person: Person
    csrf_token: str


@contextmanager
def _writing(store: Store) -> Iterator[DbSession]:
    """A write transaction that takes SQLite's write lock at its start (no failed upgrade later)."""
    with store.session() as session, session.begin():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        yield session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def source_key(address: Optional[str]) -> str:
    """The source a failure counts against: the IPv4 address, or the IPv6 /64 network."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return UNKNOWN_SOURCE
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _clean_login(login: str) -> str:
    return normalize((login or "")[:4 * MAX_LOGIN])[:MAX_LOGIN]


def _unknown_key(login: str) -> str:
    return "?" + hmac.new(_UNKNOWN_KEY, login.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:40]


# Passwords ----------------------------------------------------------------------
def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PasswordRefused(f"パスワードは {MIN_PASSWORD} 文字以上にしてください。")
    if len(password) > MAX_PASSWORD:
        raise PasswordRefused(f"パスワードは {MAX_PASSWORD} 文字以内にしてください。")


@named_failures
def set_password(store: Store, login: str, password: str) -> None:
    """Set a person's password; every session they had ends (a changed password logs out everywhere)."""
    try:
        check_new_password(password)
    except PasswordRefused as refused:
        raise RegistryError(str(refused)) from None
    password_hash = _hasher.hash(password)
    with _writing(store) as session:
        person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
        if person is None:
            raise RegistryError(f"ログイン名「{login}」の人は登録されていません。")
        person.password_hash = password_hash
        revoke_sessions(session, person.id)


def _verify(password_hash: Optional[str], password: str) -> bool:
    global _DUMMY_HASH
    if len(password) > MAX_PASSWORD:
        return False
    if password_hash is None and _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@named_failures
def password_ok(store: Store, login: str, password: str) -> bool:
    """Whether this is an active login with this password (for banso chat; no session is made)."""
    with store.session() as session:
        person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
    return _verify(person.password_hash if person else None, password) and bool(person and person.active)


# Throttling ---------------------------------------------------------------------
def _delay(failures: int, allowed: int) -> timedelta:
    """How long after its last failure a source waits, having failed ``failures`` times (``allowed`` free)."""
    if failures < allowed:
        return timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * 2 ** min(failures - allowed, 10))


def _wait(session: DbSession, key: str, source: str, now: datetime) -> timedelta:
    since = now - WINDOW
    recent = LoginFailure.at > since
    pair, pair_last = session.execute(select(func.count(), func.max(LoginFailure.at)).where(
        LoginFailure.login == key, LoginFailure.source == source, recent)).one()
    if not pair:  # a clean source for this login: only its own failures elsewhere can hold it
        pair_wait = timedelta(0)
    else:
        everywhere = session.execute(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.login == key, recent)).scalar_one()
        allowed = PER_LOGIN_SOURCE if everywhere < LOGIN_CEILING else 1
        pair_wait = pair_last + _delay(pair, allowed) - now
    from_source, source_last = session.execute(select(func.count(), func.max(LoginFailure.at)).where(
        LoginFailure.source == source, recent)).one()
    source_wait = source_last + _delay(from_source, PER_SOURCE) - now if from_source else timedelta(0)
    return max(pair_wait, source_wait, timedelta(0))


def _key(session: DbSession, login: str) -> Tuple[str, Optional[Person]]:
    person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none() if login else None
    return (login if person is not None else _unknown_key(login)), person


def wait_message(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ("ログインの失敗が続いたため、この端末からのログインをしばらく受け付けていません。"
            f"あと{minutes}分ほど待ってから、もう一度お試しください。")


@named_failures
def wait_before(store: Store, login: str, source: Optional[str], now: Optional[datetime] = None) -> timedelta:
    """How long this source must wait before trying this login (zero: it may try now). No hash, no write."""
    now, login, source = now or utcnow(), _clean_login(login), source_key(source)
    with store.session() as session:
        key, _ = _key(session, login)
        return _wait(session, key, source, now)


@named_failures
def log_in(store: Store, login: str, password: str, source: Optional[str] = None,
           now: Optional[datetime] = None) -> str:
    """A new session token for the cookie, or LoginRefused (wrong password, or this source must wait).

    Slow (an argon2 hash): call it off the event loop.
    """
    now, login, source = now or utcnow(), _clean_login(login), source_key(source)
    with store.session() as session:
        key, person = _key(session, login)
        wait = _wait(session, key, source, now)
        password_hash = person.password_hash if person is not None else None
    if wait:
        raise LoginRefused(wait_message(wait), wait)
    accepted = _verify(password_hash, password) and person is not None and person.active
    with _writing(store) as session:
        wait = _wait(session, key, source, now)  # another try from this source may have failed meanwhile
        if wait:
            pass
        elif accepted:
            session.execute(delete(LoginFailure).where(LoginFailure.login == key, LoginFailure.source == source))
            token = secrets.token_urlsafe(32)
            session.add(WebSession(token_hash=_digest(token), person_id=person.id, csrf_token=secrets.token_urlsafe(24),
                                   created_at=now, expires_at=now + SESSION_LIFETIME, last_seen_at=now))
            audit.record(session, "login", actor=person.login, target=person.login, source=source)
        else:
            session.add(LoginFailure(login=key, source=source, at=now))
            audit.record(session, "login_failed", actor=None, target=key, source=source,
                         detail={"known": person is not None})
    if wait:
        raise LoginRefused(wait_message(wait), wait)
    if not accepted:
        raise LoginRefused("ログイン名かパスワードが違います。")
    return token


# Sessions -----------------------------------------------------------------------
def _ended(row: WebSession, now: datetime, idle: timedelta) -> bool:
    return row.expires_at <= now or (row.last_seen_at or row.created_at) <= now - idle


@named_failures
def current(store: Store, token: Optional[str], idle: timedelta = IDLE_TIMEOUT,
            now: Optional[datetime] = None) -> Optional[Session]:
    """The session of this cookie, if it is still valid (None when missing, expired, idle or revoked)."""
    if not token:
        return None
    now = now or utcnow()
    digest = _digest(token)
    with store.session() as session:
        row = session.execute(select(WebSession).where(WebSession.token_hash == digest)).scalar_one_or_none()
        if row is None or _ended(row, now, idle):
            return None
        person = session.get(Person, row.person_id)
        if person is None or not person.active:
            return None
        seen = row.last_seen_at
    if seen is None or now - seen >= SEEN_EVERY:  # at most one write a minute per session
        with _writing(store) as session:
            session.execute(update(WebSession).where(WebSession.token_hash == digest).values(last_seen_at=now))
    return Session(person, row.csrf_token)


@named_failures
def expired(store: Store, token: Optional[str], idle: timedelta = IDLE_TIMEOUT,
            now: Optional[datetime] = None) -> bool:
    """True when this cookie belonged to a session that has run out or idled out (to say so)."""
    if not token:
        return False
    with store.session() as session:
        row = session.execute(select(WebSession).where(WebSession.token_hash == _digest(token))).scalar_one_or_none()
        return row is not None and _ended(row, now or utcnow(), idle)


@named_failures
def log_out(store: Store, token: Optional[str], source: Optional[str] = None) -> None:
    if not token:
        return
    with _writing(store) as session:
        row = session.execute(select(WebSession).where(WebSession.token_hash == _digest(token))).scalar_one_or_none()
        if row is None:
            return
        person = session.get(Person, row.person_id)
        session.delete(row)
        audit.record(session, "logout", actor=person.login if person else None, source=source_key(source))


def revoke_sessions(session: DbSession, person_id: int) -> int:
    """End every session of this person, in the caller's transaction (password, role or active changed)."""
    return session.execute(delete(WebSession).where(WebSession.person_id == person_id)).rowcount or 0


def csrf_ok(session: Session, sent) -> bool:
    return isinstance(sent, str) and bool(sent) and hmac.compare_digest(
        session.csrf_token.encode(), sent.encode("utf-8", "surrogatepass"))


# Purge --------------------------------------------------------------------------
@dataclass
class Purged:
    sessions: int
    failures: int
    turns: int


@named_failures
def purge(store: Store, idle: timedelta = IDLE_TIMEOUT, turn_retention: timedelta = TURN_RETENTION,
          now: Optional[datetime] = None) -> Purged:
    """Delete ended sessions, login failures older than ``WINDOW`` and turns older than ``turn_retention``."""
    now = now or utcnow()
    with _writing(store) as session:
        bulk = {"synchronize_session": False}
        sessions = session.execute(delete(WebSession).where(or_(
            WebSession.expires_at <= now, func.coalesce(WebSession.last_seen_at, WebSession.created_at) <= now - idle)
        ).execution_options(**bulk))
        failures = session.execute(
            delete(LoginFailure).where(LoginFailure.at <= now - WINDOW).execution_options(**bulk))
        turns = session.execute(delete(Turn).where(Turn.created_at <= now - turn_retention).execution_options(**bulk))
        return Purged(sessions.rowcount or 0, failures.rowcount or 0, turns.rowcount or 0)
