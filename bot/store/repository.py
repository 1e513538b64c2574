"""The record's sessions: one transaction per turn (TurnRecord), and the reads the pages need."""

from __future__ import annotations

import functools
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.store import migrate, summaries
from bot.store.models import Answer, AnswerStatus, Person, Place, Turn, Walk, utcnow


class StoreUnavailable(Exception):
    """The database cannot be read or written now (locked, full, gone)."""


def named_failures(read):
    """A read that fails in the database says StoreUnavailable, which every caller turns into Japanese."""

    @functools.wraps(read)
    def guarded(*args, **kwargs):
        try:
            return read(*args, **kwargs)
        except (OperationalError, DBAPIError) as err:
            raise StoreUnavailable(str(err)) from err

    return guarded


class Store:
    def __init__(self, url: str):
        self.url = url  # for processes that open the same record (bot.report.worker)
        if url.startswith("sqlite:///"):
            _private_database(Path(url[len("sqlite:///"):]))
        self.engine = create_engine(url, future=True, **_engine_args(url))
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        try:
            if not migrate.at_head(self.engine):
                migrate.upgrade(self.engine)
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err
        self._session = sessionmaker(self.engine, future=True, expire_on_commit=False)

    def session(self) -> Session:
        return self._session()

    @contextmanager
    def turn(self, sender_id: str, turn_key: str) -> Iterator["TurnRecord"]:
        """One turn of one person, in one transaction that holds that person's place.

        Turns of the same person are serialised here, in the database, so that two
        servers (or a retry racing its original) never move a walk twice: SQLite
        takes its write lock at BEGIN IMMEDIATE, PostgreSQL locks the place's row.
        """
        try:
            with self._session() as session, session.begin():
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                yield TurnRecord(session, sender_id, turn_key)
        except (OperationalError, DBAPIError) as err:
            raise StoreUnavailable(str(err)) from err

    @named_failures
    def turns(self, sender_id: str, before: Optional[int] = None, limit: int = 50) -> List[Turn]:
        """The latest turns of one person (older than turn id ``before``), oldest first."""
        with self.session() as session:
            query = select(Turn).where(Turn.sender_id == sender_id).order_by(Turn.id.desc()).limit(limit)
            if before is not None:
                query = query.where(Turn.id < before)
            return list(reversed(session.execute(query).scalars().all()))

    @named_failures
    def stored_turn(self, sender_id: str, turn_key: str) -> Optional[Turn]:
        with self.session() as session:
            return session.execute(_turn(sender_id, turn_key)).scalar_one_or_none()

    @named_failures
    def place(self, sender_id: str) -> Optional[Place]:
        with self.session() as session:
            return session.get(Place, sender_id)

    @named_failures
    def active_login(self, login: str) -> Optional[Person]:
        """The registered, enabled person with this login (the only one who may speak as it)."""
        with self.session() as session:
            person = session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()
        return person if person is not None and person.active else None

    # Answers --------------------------------------------------------------
    @named_failures
    def answers(self, sender_id: Optional[str] = None) -> List[Answer]:
        with self.session() as session:
            query = select(Answer).order_by(Answer.id)
            if sender_id is not None:
                query = query.where(Answer.sender_id == sender_id)
            return list(session.execute(query).scalars())

    @named_failures
    def latest_statuses(self, sender_id: str) -> List[Tuple[str, str]]:
        """(question id, status) of each question's latest answer: progress without loading every answer."""
        with self.session() as session:
            return list(session.execute(_latest_statuses(sender_id)).all())

    # Walks ------------------------------------------------------------------
    @named_failures
    def walk(self, sender_id: str, walk_key: str) -> Optional[Walk]:
        with self.session() as session:
            return session.execute(_walk(sender_id, walk_key)).scalar_one_or_none()


class TurnRecord:
    """What one turn may read and write, all inside the turn's transaction."""

    def __init__(self, session: Session, sender_id: str, turn_key: str):
        self.session, self.sender_id, self.turn_key = session, sender_id, turn_key
        self.recorded_texts: List[str] = []  # the answers this turn wrote, for work after it commits
        self.place = self._lock_place()
        self.done = session.execute(_turn(sender_id, turn_key)).scalar_one_or_none()

    def _lock_place(self) -> Place:
        query = select(Place).where(Place.sender_id == self.sender_id).with_for_update()
        place = self.session.execute(query).scalar_one_or_none()
        if place is None:
            try:
                with self.session.begin_nested():
                    self.session.add(Place(sender_id=self.sender_id))
            except IntegrityError:
                pass  # another server made it a moment ago: lock that one
            place = self.session.execute(query).scalar_one()
        return place

    # Walks ------------------------------------------------------------------
    def walk(self, walk_key: str) -> Optional[Walk]:
        return self.session.execute(_walk(self.sender_id, walk_key)).scalar_one_or_none()

    def current_walk(self) -> Optional[Walk]:
        """The walk this person is in now, if any."""
        if self.place.walk_key is None:
            return None
        walk = self.walk(self.place.walk_key)
        return walk if walk is not None and walk.status == "open" and walk.question_id else None

    def latest_unfinished_walk(self) -> Optional[Walk]:
        return self.session.execute(
            select(Walk)
            .where(Walk.sender_id == self.sender_id, Walk.status != "finished", Walk.question_id.is_not(None))
            .order_by(Walk.updated_at.desc(), Walk.id.desc())
            .limit(1)
        ).scalar_one_or_none()

    def open_walk(self, walk_key: str, question_id: str) -> Walk:
        """Enter a walk at a question (a new question: not yet shown, no follow-up pending)."""
        walk = self.walk(walk_key)
        if walk is None:
            walk = Walk(sender_id=self.sender_id, walk_key=walk_key)
            self.session.add(walk)
        if walk.question_id != question_id or walk.status != "open":
            walk.asked = walk.awaiting_followup = walk.offered_easier = False
        walk.question_id, walk.status, walk.finished_at = question_id, "open", None
        walk.updated_at = utcnow()
        self.place.walk_key = walk_key
        return walk

    def leave_walk(self, walk: Walk, status: str) -> None:
        """Pause or finish the walk; the person is then in none."""
        walk.status, walk.awaiting_followup, walk.offered_easier = status, False, False
        walk.asked = False
        if status == "finished":
            walk.question_id, walk.finished_at = None, utcnow()
        walk.updated_at = utcnow()
        self.place.walk_key = None

    # Answers ----------------------------------------------------------------
    def record_answer(self, question_id: str, text: str, status: AnswerStatus, followup: Optional[str] = None,
                      reply_to_followup: bool = False, has_evidence: Optional[bool] = None) -> Answer:
        person = self.session.execute(select(Person).where(Person.login == self.sender_id)).scalar_one_or_none()
        answer = Answer(sender_id=self.sender_id, question_id=question_id, text=text, status=status.value,
                        message_id=self.turn_key, followup=followup, reply_to_followup=reply_to_followup,
                        has_evidence=has_evidence, created_at=utcnow(),
                        person_id=person.id if person else None,
                        municipality_id=person.municipality_id if person else None)
        self.session.add(answer)
        self.recorded_texts.append(text)
        if answer.municipality_id is not None:
            summaries.record(self.session, answer.municipality_id, question_id, status.value, followup, has_evidence,
                             answer.created_at)
        return answer

    def latest_answer(self, question_id: str) -> Optional[Answer]:
        return self.session.execute(
            select(Answer)
            .where(Answer.sender_id == self.sender_id, Answer.question_id == question_id)
            .order_by(Answer.id.desc())
            .limit(1)
        ).scalar_one_or_none()

    def latest_statuses(self) -> List[Tuple[str, str]]:
        return list(self.session.execute(_latest_statuses(self.sender_id)).all())

    # The turn itself ----------------------------------------------------------
    def remember(self, intent: str, text: str, outcome: str) -> None:
        """Keep the turn's outcome (JSON) under its key, and when it happened."""
        self.place.last_turn_at = utcnow()
        self.session.add(Turn(sender_id=self.sender_id, turn_key=self.turn_key, intent=intent, text=text,
                              outcome=outcome))


def _walk(sender_id: str, walk_key: str):
    return select(Walk).where(Walk.sender_id == sender_id, Walk.walk_key == walk_key)


def _turn(sender_id: str, turn_key: str):
    return select(Turn).where(Turn.sender_id == sender_id, Turn.turn_key == turn_key)


def _latest_statuses(sender_id: str):
    latest = (select(Answer.question_id, func.max(Answer.id).label("id"))
              .where(Answer.sender_id == sender_id).group_by(Answer.question_id).subquery())
    return select(Answer.question_id, Answer.status).join(latest, Answer.id == latest.c.id)


def _private_database(path: Path) -> None:
    """The SQLite file only its owner may read (0600, and so its -wal and -shm), in a folder of 0700.

    Missing folders are made 0700; an existing folder is tightened only if it is Bansō's var/
    (BANSO_VAR), never a folder someone else chose to share (/tmp, a home directory).
    """
    if str(path) in ("", ":memory:") or str(path).startswith("file:"):
        return
    from bot.config import Settings

    folder = path.parent
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for parent in reversed(missing):
        parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(parent, 0o700)  # mkdir's mode passes through the umask
    try:
        if not missing and folder.resolve() == Settings.from_env().var.resolve():
            os.chmod(folder, 0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite takes an empty file as new
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.migrate-lock")):
            if name.exists() and stat.S_IMODE(name.stat().st_mode) & 0o077:
                os.chmod(name, 0o600)
    except PermissionError:
        pass  # another user's file (a read-only copy): SQLite says what it can do with it


def _engine_args(url: str) -> dict:
    if not url.startswith("sqlite"):
        # A database server that restarted leaves every pooled connection dead; test each one as it
        # is taken, so the first turn after the restart is recorded instead of refused.
        return {"pool_pre_ping": True}
    # Wait a little for a lock rather than fail at once (turns of one person queue here). Keep
    # connections open between turns (SQLAlchemy 1.4 opens a new one per session for a SQLite
    # file), so a turn does not pay for connecting and the pragmas each time.
    return {"connect_args": {"timeout": 5, "check_same_thread": False}, "poolclass": QueuePool}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # Transactions are begun by us (below), not by the driver, so that a turn can take
    # SQLite's write lock at its start instead of failing to upgrade a read lock later.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
