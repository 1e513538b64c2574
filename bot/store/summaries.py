"""Where each municipality stands on each question, kept up to date as answers are written.

The dashboard shows many municipalities at once; reading all their answers
(300 municipalities × 2,000 answers) takes seconds. Each answer folds into
its question's summary in the same transaction, so the dashboard reads one
row per municipality and question (bot.report.overview).
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import Answer, AnswerStatus, Person, QuestionSummary


def fold(summary: QuestionSummary, status: str, followup: Optional[str], has_evidence: Optional[bool],
         at: datetime) -> None:
    """Add one answer, the newest, to its question's summary."""
    summary.status, summary.last_at = status, at
    summary.answers = (summary.answers or 0) + 1
    summary.followups = (summary.followups or 0) + (1 if followup else 0)
    if status == AnswerStatus.answered.value and summary.evident is not True:
        # True once any answered version cites data; unknown (NULL) if a version was never read.
        summary.evident = True if has_evidence else (None if has_evidence is None else summary.evident)


def record(session: Session, municipality_id: int, question_id: str, status: str, followup: Optional[str],
           has_evidence: Optional[bool], at: datetime) -> None:
    """Fold a new answer into its summary, inside the answer's own transaction."""
    query = select(QuestionSummary).where(QuestionSummary.municipality_id == municipality_id,
                                          QuestionSummary.question_id == question_id).with_for_update()
    summary = session.execute(query).scalar_one_or_none()
    if summary is None:
        try:
            with session.begin_nested():
                session.add(QuestionSummary(municipality_id=municipality_id, question_id=question_id,
                                            status=status, answers=0, followups=0, evident=False, last_at=at))
        except IntegrityError:
            pass  # a colleague's answer made it a moment ago
        summary = session.execute(query).scalar_one()
    fold(summary, status, followup, has_evidence, at)


def _owner():
    """The municipality an answer counts for: bound when written, or else its sender's (as the report says)."""
    return func.coalesce(Answer.municipality_id, Person.municipality_id)


def answers_of(municipality_id: int):
    """A query for the answers that count for a municipality, oldest first."""
    return (select(Answer).outerjoin(Person, Person.login == Answer.sender_id)
            .where(_owner() == municipality_id).order_by(Answer.id))


def rebuild(session: Session, municipality_ids: Optional[Iterable[int]] = None) -> None:
    """Summaries made afresh from the answers: after migrating, or when a login's old answers gain a municipality.

    """
    owner = _owner()
    query = (select(owner, Answer.question_id, Answer.status, Answer.followup, Answer.has_evidence, Answer.created_at)
             .select_from(Answer).outerjoin(Person, Person.login == Answer.sender_id)
             .where(owner.is_not(None)).order_by(Answer.id))
    wipe = delete(QuestionSummary)
    if municipality_ids is not None:
        ids = list(municipality_ids)
        query, wipe = query.where(owner.in_(ids)), wipe.where(QuestionSummary.municipality_id.in_(ids))
    session.execute(wipe)
    summaries = {}
    for place, question_id, status, followup, has_evidence, at in session.execute(query):
        summary = summaries.get((place, question_id))
        if summary is None:
            summary = summaries[(place, question_id)] = QuestionSummary(
                municipality_id=place, question_id=question_id, answers=0, followups=0, evident=False)
        fold(summary, status, followup, has_evidence, at)
    session.add_all(summaries.values())
