"""Collects a municipality's record into a Report: progress, answers, flags, changes.

Access is checked here, once, for every output format: a staff member reads
their own municipality, a support-team member the ones they support, an
admin all. Masking happens here too, so no renderer sees unmasked text.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional, Set, Tuple

from sqlalchemy import select

from bot import roles
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Step
from bot.report.model import (AnswerEntry, CommentNote, Flag, Meeting, PreparedMeeting, PreparedPrompt, Progress, Report,
                              TranscriptLine, Version)
from bot.store import summaries
from bot.store.models import CYCLE_EVENTS, Answer, Municipality, Person, PromptTick, Visit, utcnow
from bot.store.registry import Registry, RegistryError

JST = timedelta(hours=9)


class AccessDenied(RegistryError):
    pass


def check_access(registry: Registry, reader: Person, municipality: Municipality, masked: bool) -> None:
    if not registry.may_read(reader, municipality):
        raise AccessDenied(roles.not_yours(reader.name, reader.role, municipality.name))
    if not masked and not roles.may(reader.role, "report_unmasked"):
        raise AccessDenied(roles.REFUSALS["report_unmasked"])


def meeting_date(registry: Registry, municipality: Municipality, event: str) -> date:
    """The date of the municipality's latest such meeting (for --since-meeting)."""
    if event not in CYCLE_EVENTS:
        raise RegistryError(f"「{event}」は支援の流れにありません。{'、'.join(CYCLE_EVENTS)} から選んでください。")
    held = [v.held_on for v in registry.visits(municipality.name) if v.event == event]
    if not held:
        raise RegistryError(f"{municipality.name}の{event}の日付が登録されていません。"
                            f"banso visit add --municipality {municipality.name} --event {event} --date 日付 で登録してください。")
    return max(held)


def assemble(registry: Registry, kb: KnowledgeBase, municipality: Municipality, *, since: Optional[date] = None,
             since_label: Optional[str] = None, masked: bool = True,
             transcript: Optional[List[TranscriptLine]] = None) -> Report:
    rows, who = _answers(registry, municipality)
    by_question: Dict[str, List[Answer]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    mask = _masker(registry, masked)
    notes = _comments(registry, rows)
    entries = []
    for question in kb.questions():
        versions = by_question.get(question.id)
        if not versions:
            continue
        parent = kb.parent_of(question.id)
        texts = mask([v.text for v in versions])
        entries.append(AnswerEntry(
            question_id=question.id, question=question.text, parent=parent_label(parent),
            viewpoints=[v.text for v in question.viewpoints],
            versions=[Version(text=t, status=v.status, user=who(v), at=v.created_at,
                              followup=v.followup, reply_to_followup=bool(v.reply_to_followup))
                      for v, t in zip(versions, texts)],
            change=_change(versions, since),
            comments=_masked_comments([n for v in versions for n in notes.get(v.id, [])], mask)))
    if transcript is not None:
        texts = mask([line.text for line in transcript])
        transcript = [TranscriptLine(l.at, l.speaker, l.who, t) for l, t in zip(transcript, texts)]
    visits = _visits(registry, municipality)
    today = (utcnow() + JST).date()
    return Report(
        municipality=municipality.name, prefecture=municipality.prefecture, code=municipality.code,
        generated_at=utcnow(), since=since, since_label=since_label, masked=masked,
        progress=progress(kb, {q: versions[-1].status for q, versions in by_question.items()}), answers=entries,
        flags=_flags(kb, entries, _evident(rows)),
        meetings=[m for m in visits if m.on <= today],
        next_meeting=next((m for m in visits if m.on > today), None),
        transcript=transcript,
        prepared=prepared_prompts(registry, kb, municipality, until=today))


def _answers(registry: Registry, municipality: Municipality):
    """This municipality's answers (bound when written, or by a staff login registered later), and who wrote each."""
    staff = registry.staff(municipality)
    with registry.store.session() as session:
        rows = list(session.execute(summaries.answers_of(municipality.id)).scalars())
        names = {p.id: p.name for p in session.execute(select(Person)).scalars()}
    by_login = {p.login: p.name for p in staff}

    def who(row: Answer) -> str:
        return names.get(row.person_id) or by_login.get(row.sender_id) or row.sender_id

    return rows, who


def _comments(registry: Registry, rows: List[Answer]) -> dict:
    """answer id → its comments and replies (bot.store.comments), oldest first."""
    from bot.store import comments

    return comments.for_answers(registry.store, [row.id for row in rows])


def _masked_comments(notes: list, mask) -> List[CommentNote]:
    """The comments of one question, masked like its answers."""
    notes = sorted(notes, key=lambda n: n.id)
    texts = mask([n.text for n in notes]) if notes else []
    return [CommentNote(text=t, user=n.author, role=roles.label(n.role), at=n.created_at, reply=not n.support)
            for n, t in zip(notes, texts)]


def _masker(registry: Registry, masked: bool):
    if not masked:
        return lambda texts: list(texts)
    from bot.report.mask_cache import mask_cached

    return lambda texts: mask_cached(registry.store, texts)


def parent_label(parent) -> str:
    return parent.label if isinstance(parent, Step) else parent.name


def _change(versions: List[Answer], since: Optional[date]) -> Optional[str]:
    if since is None:
        return None
    start = datetime.combine(since, time.min) - JST  # the day begins in Japan
    if versions[0].created_at >= start:
        return "new"
    return "revised" if any(v.created_at >= start for v in versions) else None


def progress(kb: KnowledgeBase, current: Dict[str, str]) -> List[Progress]:
    """Per STEP and theme, from each question's current status (question id → AnswerStatus value)."""
    counts: Dict[str, Dict[str, int]] = {}
    for parent in parents(kb):
        for question in parent.questions:
            if question.id in current:
                by_status = counts.setdefault(parent_label(parent), {})
                by_status[current[question.id]] = by_status.get(current[question.id], 0) + 1
    return progress_table(layout(kb), counts)


def parents(kb: KnowledgeBase) -> list:
    """The STEPs, then the themes: the rows of every progress table."""
    return [*kb.steps, *kb.themes]


def layout(kb: KnowledgeBase) -> List[Tuple[str, str, str, int]]:
    """(label, kind, title, questions) of each progress row, worked out once for many tables."""
    return [(parent_label(p), "step", p.title, len(p.questions)) if isinstance(p, Step)
            else (p.name, "theme", p.name, len(p.questions)) for p in parents(kb)]


def progress_table(rows: List[Tuple[str, str, str, int]], counts: Dict[str, Dict[str, int]]) -> List[Progress]:
    """Progress rows (layout(kb)) from counts per STEP label or theme name → AnswerStatus value → questions."""
    table = []
    for label, kind, title, total in rows:
        got = counts.get(label, {})
        answered, skipped, dont_know = got.get("answered", 0), got.get("skipped", 0), got.get("dont_know", 0)
        table.append(Progress(label=label, kind=kind, title=title, answered=answered, skipped=skipped,
                              dont_know=dont_know, not_yet=total - answered - skipped - dont_know, total=total))
    return table


def _evident(rows: List[Answer]) -> Set[str]:
    """Questions with an answered version that cites data: noted when written, read here for older rows."""
    from bot import followups

    return {row.question_id for row in rows if row.status == "answered" and (
        row.has_evidence if row.has_evidence is not None else followups.read(row.text).has_evidence)}


def _flags(kb: KnowledgeBase, entries: List[AnswerEntry], evident: Set[str]) -> List[Flag]:
    flags = []
    for entry in entries:
        status = entry.versions[-1].status
        if status == "skipped":
            flags.append(Flag("skipped", f"{entry.parent}「{entry.question}」がスキップされています。",
                              entry.question_id, entry.parent))
        elif status == "dont_know":
            flags.append(Flag("dont_know", f"{entry.parent}「{entry.question}」は「わからない」でした。次回一緒に考えましょう。",
                              entry.question_id, entry.parent))
        for asked in entry.followups:
            flags.append(Flag("followup", f"{entry.parent}「{entry.question}」の回答に深掘りの問いかけをしました: {asked}",
                              entry.question_id, entry.parent))
    touched = {e.parent for e in entries}
    for theme in kb.themes:
        if theme.name not in touched:
            flags.append(Flag("untouched_theme", f"各論「{theme.name}」はまだ手つかずです。", parent=theme.name))
    for step in kb.steps:
        answered = [e for e in entries if e.parent == step.label and e.current.status == "answered"]
        if answered and not any(e.question_id in evident for e in answered):
            flags.append(Flag("step_without_data", f"{step.label}の回答には、データや根拠への言及がありません。",
                              parent=step.label))
    return flags


def _visits(registry: Registry, municipality: Municipality) -> List[Meeting]:
    with registry.store.session() as session:
        rows = session.execute(select(Visit).where(Visit.municipality_id == municipality.id)
                               .order_by(Visit.held_on, Visit.id)).scalars()
        return [Meeting(event=v.event, on=v.held_on) for v in rows]


# Preparation sheets (bot.report.prepare) -------------------------------------------------------
def answer_texts(registry: Registry, municipality: Municipality) -> List[str]:
    """Every answer text the report would mask for this municipality (to see whether masking is done)."""
    rows, _who = _answers(registry, municipality)
    return [row.text for row in rows]


def prompts_by_id(kb: KnowledgeBase) -> dict:
    """prompt id → (question, prompt), over the whole knowledge base."""
    return {p.id: (q, p) for q in kb.questions() for p in q.prompts}


def prepared_prompts(registry: Registry, kb: KnowledgeBase, municipality: Municipality, *,
                     until: Optional[date] = None) -> List[PreparedMeeting]:
    """The prompts ticked on preparation sheets, per meeting, oldest meeting first (until: held by that day)."""
    query = (select(PromptTick, Visit.event, Visit.held_on, Person.name)
             .join(Visit, Visit.id == PromptTick.visit_id)
             .outerjoin(Person, Person.id == PromptTick.person_id)
             .where(PromptTick.municipality_id == municipality.id)
             .order_by(Visit.held_on, Visit.id, PromptTick.id))
    if until is not None:
        query = query.where(Visit.held_on <= until)
    known = prompts_by_id(kb)
    in_kb = {prompt_id: n for n, prompt_id in enumerate(known)}  # knowledge order: question, then prompt
    questions = {q.id: n for n, q in enumerate(kb.questions())}
    meetings: Dict[Tuple[str, date], List[PreparedPrompt]] = {}
    with registry.store.session() as session:
        for tick, event, held_on, name in session.execute(query):
            question, prompt = known.get(tick.prompt_id, (kb.question(tick.question_id), None))
            parent = kb.parent_of(question.id) if question is not None else None
            meetings.setdefault((event, held_on), []).append(PreparedPrompt(
                question_id=tick.question_id,
                question=question.text if question is not None else "（いまの知識ベースにない問い）",
                parent=parent_label(parent) if parent is not None else "",
                prompt_id=tick.prompt_id,
                text=prompt.text if prompt is not None else "（いまの知識ベースにない問いかけ）",
                by=name or "", at=tick.ticked_at))
    last = 1 << 30

    def place(p: PreparedPrompt):
        return in_kb.get(p.prompt_id, last), questions.get(p.question_id, last), p.prompt_id

    return [PreparedMeeting(event=event, on=on, prompts=sorted(prompts, key=place))
            for (event, on), prompts in meetings.items()]
