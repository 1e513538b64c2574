"""The dashboard's view of many municipalities at once, from the question summaries.

A full report reads every answer of a municipality; the dashboard needs only
progress, the number of flags, the last answer and the next meeting, for up to
every municipality. Those come from bot.store.summaries (one row per
municipality and question, kept as answers are written) and agree with the
full report (tests/unit/test_report_overview.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Dict, List, Optional

from sqlalchemy import and_, case, func, select

from bot.knowledge.base import KnowledgeBase
from bot.report.assemble import JST, layout, parent_label, parents, progress_table
from bot.report.model import Meeting, Progress
from bot.store import summaries
from bot.store.models import Answer, Municipality, Person, QuestionSummary, Visit, utcnow
from bot.store.registry import Registry

BATCH = 500  # ids per IN (…): well inside every database's limit


@dataclass
class Overview:
    place: Municipality
    progress: List[Progress]
    flags: int  # as the report counts them, without untouched themes
    last: Optional[datetime]  # the latest answer, UTC
    next_meeting: Optional[Meeting]
    days: Dict[date, int] = field(default_factory=dict)  # answers written per day (UTC day), for the chart

    def progress_chart(self) -> str:
        """The progress as stacked bars (inline SVG, escaped: bot.report.charts)."""
        from bot.report.charts import progress_bars

        return progress_bars(self.progress)

    def days_chart(self) -> str:
        """Answers per week or month (inline SVG, escaped: bot.report.charts)."""
        from bot.report.charts import answers_over_time

        return answers_over_time(self.days)

    def answered(self, kind: str) -> str:
        """「12 / 40」: questions answered of all, over the STEPs (kind "step") or the themes."""
        rows = [p for p in self.progress if p.kind == kind]
        return f"{sum(p.answered for p in rows)} / {sum(p.total for p in rows)}"


def overview(registry: Registry, kb: KnowledgeBase, places: List[Municipality]) -> List[Overview]:
    """One grouped query over the summaries: per municipality and STEP or theme, counted by the database."""
    ids = [place.id for place in places]
    # Only questions in the knowledge base count, as in the report (a retired question has no parent).
    labels = {q.id: parent_label(parent) for parent in parents(kb) for q in parent.questions}
    parent = case(labels, value=QuestionSummary.question_id)
    status = QuestionSummary.status

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    query = select(QuestionSummary.municipality_id, parent, count(status == "answered"), count(status == "skipped"),
                   count(status == "dont_know"), func.sum(QuestionSummary.followups),
                   count(and_(status == "answered", QuestionSummary.evident.is_(True))),
                   func.max(QuestionSummary.last_at))
    counts: Dict[int, Dict[str, Dict[str, int]]] = {i: {} for i in ids}
    flags: Dict[int, int] = {i: 0 for i in ids}
    last: Dict[int, datetime] = {}
    steps = {step.label for step in kb.steps}
    with registry.store.session() as session, session.begin():
        if _settle_evidence(session, ids):
            session.flush()
        for at in range(0, len(ids), BATCH):
            rows = session.execute(query.where(QuestionSummary.municipality_id.in_(ids[at:at + BATCH]),
                                               QuestionSummary.question_id.in_(list(labels)))
                                   .group_by(QuestionSummary.municipality_id, parent))
            for place, label, answered, skipped, dont_know, followups, evident, latest in rows:
                counts[place][label] = {"answered": answered, "skipped": skipped, "dont_know": dont_know}
                # as the report: skips, わからない, follow-ups, and a STEP answered without any data
                flags[place] += skipped + dont_know + followups + (label in steps and answered > 0 and not evident)
                last[place] = max(last.get(place, latest), latest)
        meetings = _next_meetings(session, ids)
        days = _answers_per_day(session, ids)
    rows_of_a_table = layout(kb)
    return [Overview(place=p, progress=progress_table(rows_of_a_table, counts[p.id]), flags=flags[p.id], last=last.get(p.id),
                     next_meeting=meetings.get(p.id), days=days.get(p.id, {})) for p in places]


def _answers_per_day(session, ids: List[int]) -> Dict[int, Dict[date, int]]:
    """Answers written per municipality and day, counted by the database (a day in UTC: the weekly chart
    hardly moves for the nine hours). The municipality an answer counts for is the report's (summaries)."""
    owner = summaries._owner()
    day = func.date(Answer.created_at)
    query = (select(owner, day, func.count(Answer.id)).select_from(Answer)
             .outerjoin(Person, Person.login == Answer.sender_id).group_by(owner, day))
    found: Dict[int, Dict[date, int]] = {}
    for at in range(0, len(ids), BATCH):
        for place, on, n in session.execute(query.where(owner.in_(ids[at:at + BATCH]))):
            if on is None:
                continue
            on = date.fromisoformat(on[:10]) if isinstance(on, str) else on  # SQLite: text, PostgreSQL: a date
            found.setdefault(place, {})[on] = n
    return found


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
