"""Tables of the record. Question ids are knowledge-base ids (see knowledge/).

The schema changes only through Alembic migrations (bot/store/migrations).
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import declarative_base

Base = declarative_base()

from bot.roles import ROLE_LABELS, ROLES  # noqa: F401 - the rules live in bot.roles
# The support cycle of one year, in order (knowledge/programme.yml describes each stage).
CYCLE_EVENTS = ("顔合わせ", "0.5mtg", "1回目支援", "1.5mtg", "2回目支援", "2.5mtg", "3回目支援", "報告会")


class AnswerStatus(str, enum.Enum):
    """What a stored answer is: words, a skip, or わからない."""

    answered = "answered"
    skipped = "skipped"
    dont_know = "dont_know"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Municipality(Base):
    __tablename__ = "municipalities"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    prefecture = Column(String(20), nullable=False)
    code = Column(String(6), nullable=False, unique=True)  # 全国地方公共団体コード
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Person(Base):
    """Someone who uses Bansō. Their login is also their conversation's sender id."""

    __tablename__ = "people"

    id = Column(Integer, primary_key=True)
    login = Column(String(100), nullable=False, unique=True)
    name = Column(String(100), nullable=False)
    role = Column(String(20), nullable=False)  # one of ROLES
    municipality_id = Column(Integer, ForeignKey("municipalities.id"), nullable=True)  # staff only
    password_hash = Column(String(255), nullable=True)  # argon2; None until a password is set
    # A disabled login can neither log in nor speak to the bot; its record stays.
    active = Column(Boolean, nullable=False, default=True, server_default=true())
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Support(Base):
    """A support-team member (adviser, prefecture, bureau) and a municipality they support."""

    __tablename__ = "supports"

    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    municipality_id = Column(Integer, ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True)


class Visit(Base):
    """A support-cycle event of a municipality (顔合わせ, 0.5mtg … 報告会) on a date."""

    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("municipality_id", "event", "held_on", name="uq_visit"),)

    id = Column(Integer, primary_key=True)
    municipality_id = Column(Integer, ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    event = Column(String(20), nullable=False)  # one of CYCLE_EVENTS
    held_on = Column(Date, nullable=False)
    note = Column(Text, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Answer(Base):
    """One answer as the user wrote it. A revision is a newer row for the same question."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("sender_id", "message_id", name="uq_answer_turn"),
                      # A question's latest answer, and progress, without reading the rest.
                      Index("ix_answers_sender_question_id", "sender_id", "question_id", "id"),
                      # The dashboard's overview: each municipality's latest answer per question.
                      Index("ix_answers_municipality_question_id", "municipality_id", "question_id", "id"))

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    question_id = Column(String(255), nullable=False, index=True)
    text = Column(Text, nullable=False)
    status = Column(String(20), nullable=False, default=AnswerStatus.answered.value)  # an AnswerStatus
    # The Rasa message id of the turn: a retried turn finds its row instead of adding one.
    message_id = Column(String(255), nullable=False)
    # The follow-up the bot asked after this answer, and whether this answer replies to one.
    followup = Column(Text, nullable=True)
    reply_to_followup = Column(Boolean, nullable=False, default=False)
    # Whether the text cites data or evidence (bot.followups), noted when written; NULL for older rows.
    has_evidence = Column(Boolean, nullable=True)
    # Who and for which municipality, bound from the sender when the answer was written.
    person_id = Column(Integer, ForeignKey("people.id"), nullable=True, index=True)
    municipality_id = Column(Integer, ForeignKey("municipalities.id"), nullable=True, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class QuestionSummary(Base):
    """Where one municipality stands on one question, updated with each answer (bot.store.summaries)."""

    __tablename__ = "question_summaries"

    municipality_id = Column(Integer, ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True)
    question_id = Column(String(255), primary_key=True)
    status = Column(String(20), nullable=False)  # the latest answer's AnswerStatus
    answers = Column(Integer, nullable=False, default=0)
    followups = Column(Integer, nullable=False, default=0)  # follow-ups the bot asked
    evident = Column(Boolean, nullable=True)  # an answered version cites data; NULL: not read yet
    last_at = Column(DateTime, nullable=False)


class Walk(Base):
    """Where a person is in a walk, so they can resume on another day."""

    __tablename__ = "walks"
    __table_args__ = (UniqueConstraint("sender_id", "walk_key", name="uq_walk"),)

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    walk_key = Column(String(255), nullable=False)  # "review" or a theme id
    question_id = Column(String(255), nullable=True)  # the open question; None when finished
    status = Column(String(20), nullable=False, default="open")  # open | paused | finished
    # The open question's state: a follow-up waits for its reply; the question was shown in full
    # (later turns only point back to it); わからない once already drew a gentler prompt.
    awaiting_followup = Column(Boolean, nullable=False, default=False, server_default="0")
    asked = Column(Boolean, nullable=False, default=False, server_default="0")
    offered_easier = Column(Boolean, nullable=False, default=False, server_default="0")
    started_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    finished_at = Column(DateTime, nullable=True)


class MaskedText(Base):
    """A text with personal data masked, keyed by a digest of the masking rules and the text."""

    __tablename__ = "masked_texts"

    digest = Column(String(64), primary_key=True)
    masked = Column(Text, nullable=False)


class WebSession(Base):
    """A logged-in browser. Only a digest of the cookie's token is stored."""

    __tablename__ = "web_sessions"

    token_hash = Column(String(64), primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=True)  # an idle session ends (bot.store.accounts.IDLE_TIMEOUT)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id = Column(Integer, primary_key=True)
    login = Column(String(100), nullable=False, index=True)
    source = Column(String(64), nullable=True, index=True)  # the client's address
    at = Column(DateTime, nullable=False, default=utcnow)


class AuditEvent(Base):
    """Who did what, to which municipality or login, when and from where (bot.store.audit)."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(100), nullable=True, index=True)  # a login; None for someone not logged in
    action = Column(String(40), nullable=False, index=True)  # one of bot.store.audit.ACTIONS
    # No foreign key: the trail outlives a deleted municipality.
    municipality_id = Column(Integer, nullable=True, index=True)
    target = Column(String(255), nullable=True)  # the login or municipality acted on
    detail = Column(Text, nullable=True)  # JSON: format, masked, counts …
    source = Column(String(64), nullable=True)  # the client's address, or "cli"


class Place(Base):
    """Where one person is now: the walk they are in (None: none), and what the bot last offered."""

    __tablename__ = "places"

    sender_id = Column(String(255), primary_key=True)
    walk_key = Column(String(255), nullable=True)
    # A command the bot's last reply offered (「再開しますか？」): a plain 「はい」 runs it.
    offer = Column(String(50), nullable=True)
    # A message held by the walk's safety net until the person says whether it is an answer.
    held_text = Column(Text, nullable=True)
    last_turn_at = Column(DateTime, nullable=True)


class Turn(Base):
    """One message and the bot's confirmed reply, kept by its turn key: a retry gets the same reply."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("sender_id", "turn_key", name="uq_turn"),
                      Index("ix_turns_sender_id_id", "sender_id", "id"))

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False)
    turn_key = Column(String(255), nullable=False)
    intent = Column(String(50), nullable=False)
    text = Column(Text, nullable=False)  # the person's own words
    outcome = Column(Text, nullable=False)  # JSON: the replies and the place afterwards
    created_at = Column(DateTime, nullable=False, default=utcnow)


class PromptTick(Base):
    """A prompt an adviser chose to use at one meeting (a visit), ticked on its preparation sheet."""

    __tablename__ = "prompt_ticks"
    __table_args__ = (UniqueConstraint("visit_id", "prompt_id", name="uq_prompt_tick"),)

    id = Column(Integer, primary_key=True)
    municipality_id = Column(Integer, ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False, index=True)
    visit_id = Column(Integer, ForeignKey("visits.id", ondelete="CASCADE"), nullable=False)
    question_id = Column(String(255), nullable=False)
    prompt_id = Column(String(255), nullable=False)  # a knowledge-base prompt id (step1.q1.p2)
    # Who ticked it; a deleted person's ticks stay, without them.
    person_id = Column(Integer, ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True)
    ticked_at = Column(DateTime, nullable=False, default=utcnow)


class Comment(Base):
    """A support-team member's comment on an answer, or a reply to one (bot.store.comments).

    A staff member's reply is a comment row (reply_to: the comment it answers), never a new answer:
    the answer stays stored once, and the report's versions stay the staff's own words.
    """

    __tablename__ = "comments"

    id = Column(Integer, primary_key=True)
    # A deleted answer takes its comments and replies with it.
    answer_id = Column(Integer, ForeignKey("answers.id", ondelete="CASCADE"), nullable=False, index=True)
    # A deleted person takes their comments and replies with them.
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    read_at = Column(DateTime, nullable=True)  # when someone of the other side read it
    # The comment this one replies to; a reply outlives a deleted comment, as a note on the answer.
    reply_to = Column(Integer, ForeignKey("comments.id", ondelete="SET NULL"), nullable=True, index=True)
