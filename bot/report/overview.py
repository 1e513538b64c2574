"""The dashboard's view of many municipalities at once, from the question summaries.

A full report reads every answer of a municipality; the dashboard needs only
progress, the number of flags, the last answer and the next meeting, for up to
every municipality. Those come from bot.store.summaries (one row per
municipality and question, kept as answers are written) and agree with the
full report (tests/unit/test_report_overview.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, NamedTuple, Optional

from sqlalchemy import func, select

from bot.knowledge.base import KnowledgeBase
from bot.report.assemble import JST, progress
from bot.report.model import Meeting, Progress
from bot.store import summaries
from bot.store.models import Answer, Municipality, QuestionSummary, Visit, utcnow
from bot.store.registry import Registry

BATCH = 500  # ids per IN (…): well inside every database's limit


@dataclass
class Overview:
    place: Municipality
    progress: List[Progress]
    flags: int  # as the report counts them, without untouched themes
    last: Optional[datetime]  # the latest answer, UTC
    next_meeting: Optional[Meeting]

    def answered(self, kind: str) -> str:
        """「12 / 40」: questions answered of all, over the STEPs (kind "step") or the themes."""
        rows = [p for p in self.progress if p.kind == kind]
        return f"{sum(p.answered for p in rows)} / {sum(p.total for p in rows)}"


class Standing(NamedTuple):
    """One question's summary, as a plain tuple: ORM objects for 300 × 82 summaries cost half a second."""

    status: str
    followups: int
    evident: Optional[bool]


def overview(registry: Registry, kb: KnowledgeBase, places: List[Municipality]) -> List[Overview]:
    ids = [place.id for place in places]
    by_place: Dict[int, Dict[str, Standing]] = {i: {} for i in ids}
    known = [q.id for q in kb.questions()]  # retired questions are not counted, as in the report
    columns = (QuestionSummary.municipality_id, QuestionSummary.question_id, QuestionSummary.status,
               QuestionSummary.followups, QuestionSummary.evident)
    last: Dict[int, datetime] = {}
    with registry.store.session() as session, session.begin():
        if _settle_evidence(session, ids):
            session.flush()
        for at in range(0, len(ids), BATCH):
            batch = QuestionSummary.municipality_id.in_(ids[at:at + BATCH]), QuestionSummary.question_id.in_(known)
            # Core, not the ORM session: plain rows without the ORM's loading per row.
            for place, question, status, followups, evident in session.connection().execute(
                    select(*columns).where(*batch)):
                by_place[place][question] = Standing(status, followups, evident)
            last.update(session.execute(select(QuestionSummary.municipality_id, func.max(QuestionSummary.last_at))
                                        .where(*batch).group_by(QuestionSummary.municipality_id)).all())
        meetings = _next_meetings(session, ids)
    return [_one(kb, place, by_place[place.id], last.get(place.id), meetings.get(place.id)) for place in places]


def _one(kb: KnowledgeBase, place: Municipality, table: Dict[str, Standing], last: Optional[datetime],
         next_meeting: Optional[Meeting]) -> Overview:
    flags = sum(s.followups + (s.status in ("skipped", "dont_know")) for s in table.values())
    for step in kb.steps:  # as the report's 「データや根拠への言及がありません」
        answered = [table[q.id] for q in step.questions if q.id in table and table[q.id].status == "answered"]
        flags += bool(answered) and not any(s.evident for s in answered)
    return Overview(place=place, progress=progress(kb, {q: s.status for q, s in table.items()}), flags=flags,
                    last=last, next_meeting=next_meeting)


def _settle_evidence(session, ids: List[int]) -> bool:
    """Read, once, the answers written before evidence was noted (GiNZA: off the event loop, by the caller)."""
    from bot import followups

    unknown = []
    for at in range(0, len(ids), BATCH):
        unknown += session.execute(select(QuestionSummary).where(
            QuestionSummary.municipality_id.in_(ids[at:at + BATCH]), QuestionSummary.status == "answered",
            QuestionSummary.evident.is_(None))).scalars().all()
    for summary in unknown:
        rows = session.execute(summaries.answers_of(summary.municipality_id)
                               .where(Answer.question_id == summary.question_id, Answer.status == "answered")).scalars()
        summary.evident = False
        for row in rows:
            if row.has_evidence is None:
                row.has_evidence = followups.read(row.text).has_evidence
            summary.evident = summary.evident or row.has_evidence
    return bool(unknown)


def _next_meetings(session, ids: List[int]) -> Dict[int, Meeting]:
    today = (utcnow() + JST).date()
    found: Dict[int, Meeting] = {}
    for at in range(0, len(ids), BATCH):
        rows = session.execute(select(Visit).where(Visit.municipality_id.in_(ids[at:at + BATCH]), Visit.held_on > today)
                               .order_by(Visit.held_on, Visit.id)).scalars()
        for visit in rows:
            found.setdefault(visit.municipality_id, Meeting(event=visit.event, on=visit.held_on))
    return found
