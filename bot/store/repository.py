"""Sessions and the operations the dialogue needs, each in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from sqlalchemy import create_engine, event, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.store import migrate
from bot.store.models import Answer, Person, Walk, utcnow


class StoreUnavailable(Exception):
    """The database cannot be written now (locked, full, gone)."""


class Store:
    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, future=True, connect_args=_connect_args(url))
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            migrate.upgrade(self.engine)
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err
        self._session = sessionmaker(self.engine, future=True, expire_on_commit=False)

    def session(self) -> Session:
        return self._session()

    # Answers --------------------------------------------------------------
    def record_answer(self, sender_id: str, question_id: str, text: str, message_id: str,
                      status: str = "answered", followup: Optional[str] = None,
                      reply_to_followup: bool = False) -> Answer:
        """Store an answer once per turn; a retry of the same turn returns the first row."""
        try:
            with self.session() as session, session.begin():
                existing = session.execute(
                    select(Answer).where(Answer.sender_id == sender_id, Answer.message_id == message_id)
                ).scalar_one_or_none()
                if existing is not None:
                    return existing
                person = session.execute(select(Person).where(Person.login == sender_id)).scalar_one_or_none()
                answer = Answer(sender_id=sender_id, question_id=question_id, text=text, status=status,
                                message_id=message_id, followup=followup, reply_to_followup=reply_to_followup,
                                person_id=person.id if person else None,
                                municipality_id=person.municipality_id if person else None)
                session.add(answer)
            return answer
        except IntegrityError:
            # A concurrent retry of the same turn won the race: return its row.
            with self.session() as session:
                return session.execute(
                    select(Answer).where(Answer.sender_id == sender_id, Answer.message_id == message_id)
                ).scalar_one()
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err

    def answers(self, sender_id: Optional[str] = None) -> List[Answer]:
        with self.session() as session:
            query = select(Answer).order_by(Answer.id)
            if sender_id is not None:
                query = query.where(Answer.sender_id == sender_id)
            return list(session.execute(query).scalars())

    def latest_answer(self, sender_id: str, question_id: str) -> Optional[Answer]:
        with self.session() as session:
            return session.execute(
                select(Answer)
                .where(Answer.sender_id == sender_id, Answer.question_id == question_id)
                .order_by(Answer.id.desc())
                .limit(1)
            ).scalar_one_or_none()

    # Walks ------------------------------------------------------------------
    def latest_open_walk(self, sender_id: str) -> Optional[Walk]:
        """The walk this person touched last and has not finished."""
        with self.session() as session:
            return session.execute(
                select(Walk)
                .where(Walk.sender_id == sender_id, Walk.status != "finished")
                .order_by(Walk.updated_at.desc(), Walk.id.desc())
                .limit(1)
            ).scalar_one_or_none()

    def walk(self, sender_id: str, walk_key: str) -> Optional[Walk]:
        with self.session() as session:
            return session.execute(
                select(Walk).where(Walk.sender_id == sender_id, Walk.walk_key == walk_key)
            ).scalar_one_or_none()

    def save_walk(self, sender_id: str, walk_key: str, question_id: Optional[str], status: str) -> None:
        try:
            with self.session() as session, session.begin():
                walk = session.execute(
                    select(Walk).where(Walk.sender_id == sender_id, Walk.walk_key == walk_key)
                ).scalar_one_or_none()
                if walk is None:
                    walk = Walk(sender_id=sender_id, walk_key=walk_key)
                    session.add(walk)
                walk.question_id, walk.status = question_id, status
                walk.finished_at = utcnow() if status == "finished" else None
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err


def _connect_args(url: str) -> dict:
    # Wait a little for a lock rather than fail at once; the action server is concurrent.
    return {"timeout": 5} if url.startswith("sqlite") else {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
