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
from typing import Dict, List, Optional

from sqlalchemy import select

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


def overview(registry: Registry, kb: KnowledgeBase, places: List[Municipality]) -> List[Overview]:
    ids = [place.id for place in places]
    by_place: Dict[int, Dict[str, QuestionSummary]] = {i: {} for i in ids}
    known = {q.id for q in kb.questions()}  # retired questions are not counted, as in the report
    with registry.store.session() as session, session.begin():
        for at in range(0, len(ids), BATCH):
            query = select(QuestionSummary).where(QuestionSummary.municipality_id.in_(ids[at:at + BATCH]))
            for summary in session.execute(query).scalars():
                if summary.question_id in known:
                    by_place[summary.municipality_id][summary.question_id] = summary
        _settle_evidence(session, [s for table in by_place.values() for s in table.values()
                                   if s.status == "answered" and s.evident is None])
        meetings = _next_meetings(session, ids)
        return [_one(kb, place, by_place[place.id], meetings.get(place.id)) for place in places]


def _one(kb: KnowledgeBase, place: Municipality, table: Dict[str, QuestionSummary],
         next_meeting: Optional[Meeting]) -> Overview:
    flags = sum(s.followups + (s.status in ("skipped", "dont_know")) for s in table.values())
    for step in kb.steps:  # as the report's 「データや根拠への言及がありません」
        answered = [table[q.id] for q in step.questions if q.id in table and table[q.id].status == "answered"]
        flags += bool(answered) and not any(s.evident for s in answered)
    return Overview(place=place, progress=progress(kb, {q: s.status for q, s in table.items()}), flags=flags,
                    last=max((s.last_at for s in table.values()), default=None), next_meeting=next_meeting)


def _settle_evidence(session, unknown: List[QuestionSummary]) -> None:
    """Read, once, the answers written before evidence was noted (GiNZA: off the event loop, by the caller)."""
    from bot import followups

    for summary in unknown:
        rows = session.execute(summaries.answers_of(summary.municipality_id)
                               .where(Answer.question_id == summary.question_id, Answer.status == "answered")).scalars()
        summary.evident = False
        for row in rows:
            if row.has_evidence is None:
                row.has_evidence = followups.read(row.text).has_evidence
            summary.evident = summary.evident or row.has_evidence


def _next_meetings(session, ids: List[int]) -> Dict[int, Meeting]:
    today = (utcnow() + JST).date()
    found: Dict[int, Meeting] = {}
    for at in range(0, len(ids), BATCH):
        rows = session.execute(select(Visit).where(Visit.municipality_id.in_(ids[at:at + BATCH]), Visit.held_on > today)
                               .order_by(Visit.held_on, Visit.id)).scalars()
        for visit in rows:
            found.setdefault(visit.municipality_id, Meeting(event=visit.event, on=visit.held_on))
    return found
