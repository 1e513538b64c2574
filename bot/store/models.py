"""Tables of the record. Question ids are knowledge-base ids (see knowledge/)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Answer(Base):
    """One answer as the user wrote it. A revision is a newer row for the same question."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("sender_id", "message_id", name="uq_answer_turn"),)

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    question_id = Column(String(255), nullable=False, index=True)
    text = Column(Text, nullable=False)
    status = Column(String(20), nullable=False, default="answered")  # answered | skipped | dont_know
    # The Rasa message id of the turn: a retried turn finds its row instead of adding one.
    message_id = Column(String(255), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Walk(Base):
    """Where a person is in a walk, so they can resume on another day."""

    __tablename__ = "walks"
    __table_args__ = (UniqueConstraint("sender_id", "walk_key", name="uq_walk"),)

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    walk_key = Column(String(255), nullable=False)  # "review" or a theme id
    question_id = Column(String(255), nullable=True)  # the open question; None when finished
    status = Column(String(20), nullable=False, default="open")  # open | paused | finished
    started_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
