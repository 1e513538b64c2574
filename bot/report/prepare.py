"""A preparation sheet for one municipality and one meeting: what most needs the visit, and how to ask.

Built from the same record as the report (bot.report.assemble: the same answers, masked the
same way, the same flags and visits), so the sheet and the report never disagree, and no
unmasked text reaches a sheet.

The meeting: the next one of that event on record (today counts as coming); if there is none
ahead, the latest one, said to be past; if none at all, the sheet says so and is built anyway
(only its ticks cannot be kept without a date). "Since": the latest meeting of any event before
it; answers after that day count as new.

The order, what most needs the visit first (KINDS); each question appears once, under the
first kind that applies, and within a kind in the knowledge base's order:

1. わからない — the staff asked for help in so many words;
2. a follow-up left unanswered — the bot asked for more and nothing came back;
3. skipped — put aside, reason unknown;
4. answered without data — a STEP whose answers cite no figure or record (the report's flag);
5. untouched themes — nothing answered yet; the theme's first question opens it;
6. new answers since the last meeting — to acknowledge and take one step further.

The prompts: a question not engaged with yet (1, 3, 5) gets its "before" prompts — they open a
question before its viewpoint is shown, as the chat does; a question already answered (2, 4, 6)
gets its "after" prompts — they deepen an answer with the viewpoint in view. A question with no
prompt of that timing gets all of its prompts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.knowledge import provenance
from bot.knowledge.base import KnowledgeBase
from bot.normalize import match_key
from bot.report import assemble
from bot.report.dates import wareki
from bot.report.model import AnswerEntry
from bot.store.models import CYCLE_EVENTS, Municipality, Person, PromptTick, Visit, utcnow
from bot.store.registry import Registry, RegistryError

KINDS = ("dont_know", "followup_open", "skipped", "no_data", "untouched_theme", "new_answer")
TICKED_ELSEWHERE = "ticked_elsewhere"  # prompts ticked earlier that the sheet no longer lists

HEADINGS = {
    "dont_know": "「わからない」と答えた問い",
    "followup_open": "深掘りの問いかけに、まだ答えていない問い",
    "skipped": "スキップした問い",
    "no_data": "データや根拠のない STEP の回答",
    "untouched_theme": "手つかずのテーマ",
    "new_answer": "前回からの新しい回答・更新",
    TICKED_ELSEWHERE: "このシートの項目にない、使うと決めた問いかけ",
}

LEADS = {
    "dont_know": "職員の方が手がかりを求めている問いです。入りやすい切り口から、一緒に考えましょう。",
    "followup_open": "ボットの深掘りに、まだ答えが返っていません。回答の続きを一緒に確かめましょう。",
    "skipped": "いったん置いた問いです。置いた理由から聞いてみましょう。",
    "no_data": "この STEP の回答には、数字や記録への言及がありません。根拠になりそうなデータを一緒に探しましょう。",
    "untouched_theme": "まだ一つも答えていないテーマです。最初の問いから入ってみましょう。",
    "new_answer": "前回から書き足された回答です。受け止めたうえで、もう一歩深めましょう。",
    TICKED_ELSEWHERE: "前に使うと決めた問いかけのうち、いまのシートの項目にないものです（回答が進んで項目が変わりました）。",
}

ORDER_NOTE = ("並び順: 「わからない」→ 深掘りに答えていない問い → スキップ → データのない STEP → "
              "手つかずのテーマ → 前回からの新しい回答。訪問で一緒に考える必要が大きいものから並べています。")

TIMING_LABELS = {"before": "視点を見せる前の問いかけ", "after": "視点を見せた後の問いかけ", "any": "問いかけ"}

# Not engaged with yet: open the question; answered already: deepen it.
_TIMING = {"dont_know": "before", "skipped": "before", "untouched_theme": "before",
           "followup_open": "after", "no_data": "after", "new_answer": "after"}

MASKED_NOTE = "回答の氏名・住所・連絡先・番号・生年月日は自動で伏せていますが、伏せ漏れがあります。"


class UnknownMeeting(RegistryError):
    """A meeting name outside the support cycle; the message lists the valid ones."""


@dataclass
class Choice:
    """One prompt the adviser may use, and whether it is ticked for this meeting."""

    id: str
    text: str
    timing: str  # before | after
    ticked: bool = False
    by: str = ""  # who ticked it


@dataclass
class Item:
    kind: str  # one of KINDS, or TICKED_ELSEWHERE
    parent: str  # "STEP2-A" or a theme name
    question_id: str
    question: str
    viewpoints: List[str]
    prompts: List[Choice]
    timing: str  # before | after | any: which prompts were chosen
    answer: Optional[str] = None  # the current answer, masked (answered kinds only)
    replies: List[str] = field(default_factory=list)  # its replies to the bot's follow-ups, masked
    answered_by: Optional[str] = None
    answered_at: Optional[datetime] = None
    followup: Optional[str] = None  # the follow-up the bot asked and nobody answered
    hint: Optional[str] = None  # an easier way in (not engaged with yet)
    new: bool = False  # answered, skipped or changed since the last meeting
    comments: List[str] = field(default_factory=list)  # the support team's comments and replies, masked as the report
    source: str = ""  # where the question, its viewpoints and the prompts shown come from (bot.knowledge.provenance)
    note: Optional[str] = None


@dataclass
class Preparation:
    municipality: str
    prefecture: str
    code: str
    event: str  # the meeting: 1.5mtg …
    on: Optional[date]  # its date; None when not on record
    visit_id: Optional[int]  # where ticks are kept; None when not on record
    past: bool
    since: Optional[date]  # the previous meeting's date
    since_event: Optional[str]
    generated_at: datetime  # UTC, naive
    answered: int  # questions with any answer on record
    items: List[Item] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)  # Japanese, for people: no date, past, no answers …
    data_hints: Dict[str, Tuple[List[str], List[str]]] = field(default_factory=dict)  # STEP → (定量, 定性)
    masked: bool = True

    @property
    def sections(self) -> List[Tuple[str, List[Item]]]:
        """(kind, items) in the order of KINDS, ticked-elsewhere last; empty kinds left out."""
        return [(kind, [i for i in self.items if i.kind == kind]) for kind in (*KINDS, TICKED_ELSEWHERE)
                if any(i.kind == kind for i in self.items)]

    @property
    def title(self) -> str:
        return f"{self.event} の準備シート：{self.municipality}（{self.prefecture}）"

    @property
    def meeting_label(self) -> str:
        if self.on is None:
            return f"{self.event}（日付は未登録）"
        return f"{self.event}（{wareki(self.on)}{'・終了' if self.past else ''}）"

    @property
    def since_label(self) -> str:
        if self.since is None:
            return "これまでのすべての回答"
        return f"{self.since_event}（{wareki(self.since)}）以降"

    @property
    def ticked(self) -> int:
        return sum(c.ticked for i in self.items for c in i.prompts)


def resolve_meeting(name: str) -> str:
    """The support-cycle event a person typed (「１．５ＭＴＧ」 is 1.5mtg); UnknownMeeting lists the valid ones."""
    key = match_key(name or "")
    for event in CYCLE_EVENTS:
        if key and key == match_key(event):
            return event
    raise UnknownMeeting(f"「{(name or '').strip() or '（空）'}」という会は支援の流れにありません。"
                         f"次のどれかを指定してください: {'、'.join(CYCLE_EVENTS)}")


def choose_visit(visits: Sequence[Visit], event: str, today: date) -> Tuple[Optional[Visit], bool]:
    """The coming meeting of this event (today counts as coming), else the latest past one: (visit, past)."""
    same = [v for v in visits if v.event == event]
    coming = [v for v in same if v.held_on >= today]
    if coming:
        return min(coming, key=lambda v: (v.held_on, v.id)), False
    if same:
        return max(same, key=lambda v: (v.held_on, v.id)), True
    return None, False


def today_in_japan() -> date:
    return (utcnow() + assemble.JST).date()


def build(registry: Registry, kb: KnowledgeBase, municipality: Municipality, meeting: str, *,
          today: Optional[date] = None) -> Preparation:
    """The sheet for this municipality and meeting, masked; access is the caller's to check (assemble.check_access)."""
    event = resolve_meeting(meeting)
    today = today or today_in_japan()
    visits = registry.visits(municipality.code)
    visit, past = choose_visit(visits, event, today)
    if visit is not None:
        earlier = [v for v in visits if v.held_on < visit.held_on]
    else:
        earlier = [v for v in visits if v.held_on <= today]
    previous = max(earlier, key=lambda v: (v.held_on, v.id)) if earlier else None
    since = previous.held_on if previous else None
    report = assemble.assemble(registry, kb, municipality, since=since,
                               since_label=previous.event if previous else None, masked=True)
    prep = Preparation(municipality=municipality.name, prefecture=municipality.prefecture, code=municipality.code,
                       event=event, on=visit.held_on if visit else None, visit_id=visit.id if visit else None,
                       past=past, since=since, since_event=previous.event if previous else None,
                       generated_at=report.generated_at, answered=len(report.answers))
    ticks = _ticks(registry, visit.id) if visit is not None else {}
    prep.items = _items(kb, report, ticks)
    shown = {c.id for item in prep.items for c in item.prompts}
    prep.items += _ticked_elsewhere(kb, {p: t for p, t in ticks.items() if p not in shown})
    for kind_item in prep.items:
        if kind_item.kind == "no_data" and kind_item.parent not in prep.data_hints:
            step = kb.step_by_label(kind_item.parent)
            if step is not None:
                prep.data_hints[step.label] = (list(step.data_hints.quantitative), list(step.data_hints.qualitative))
    for item in prep.items:  # where every word of the item comes from, as on the prompt sheets
        question = kb.question(item.question_id)
        if question is not None:
            chosen = {c.id for c in item.prompts}
            item.source = provenance.question_line(kb, question, viewpoints=bool(item.viewpoints),
                                                   prompts=[p for p in question.prompts if p.id in chosen])
    prep.notes = _notes(prep, municipality)
    return prep


def _notes(prep: Preparation, municipality: Municipality) -> List[str]:
    notes = []
    if prep.on is None:
        notes.append(f"{prep.event}の日付はまだ登録されていません。日付が入ると、このシートにも日付が入り、"
                     f"使う問いかけを保存できるようになります（登録: banso visit add --municipality {municipality.name} "
                     f"--event {prep.event} --date 日付）。")
    elif prep.past:
        notes.append(f"{prep.event}（{wareki(prep.on)}）はすでに過ぎています。その回に合わせて作りました。"
                     f"次の{prep.event}が決まったら、日付を登録してください。")
    if prep.since is None:
        notes.append("前の会の日付が登録されていないため、これまでのすべての回答を「新しい回答」としています。")
    if prep.answered == 0:
        notes.append(f"{prep.municipality}からの回答は、まだありません。チャットで振り返りが始まると、ここに並びます。"
                     "最初の訪問では、STEP1 から一緒に始めてみましょう。")
    elif not any(i.kind in KINDS for i in prep.items):
        notes.append("いま、訪問で特に取り上げたい点は見つかりませんでした。回答を一緒に読み返すところから始めましょう。")
    return notes


def _ticks(registry: Registry, visit_id: int) -> Dict[str, Tuple[str, str]]:
    """prompt id → (question id, who ticked it) for one meeting."""
    with registry.store.session() as session:
        rows = session.execute(select(PromptTick, Person.name).outerjoin(Person, Person.id == PromptTick.person_id)
                               .where(PromptTick.visit_id == visit_id).order_by(PromptTick.id))
        return {tick.prompt_id: (tick.question_id, name or "") for tick, name in rows}


def open_followup(entry: AnswerEntry) -> Optional[str]:
    """The follow-up asked after the latest answer that no reply answered; a newer answer closes an older one."""
    asked = None
    for version in entry.versions:
        asked = None if version.reply_to_followup else version.followup
    return asked


def _kind(entry: AnswerEntry, without_data: Set[str]) -> Optional[str]:
    status = entry.versions[-1].status  # as the report's flags read it
    if status == "dont_know":
        return "dont_know"
    if status == "skipped":
        return "skipped"
    if open_followup(entry):
        return "followup_open"
    if entry.parent in without_data:
        return "no_data"
    if entry.change:
        return "new_answer"
    return None


def _choices(question, kind: str, ticks: Dict[str, Tuple[str, str]]) -> Tuple[str, List[Choice]]:
    timing = _TIMING[kind]
    chosen = [p for p in question.prompts if p.timing.value == timing]
    if not chosen:
        timing, chosen = "any", list(question.prompts)
    return timing, [Choice(id=p.id, text=p.text, timing=p.timing.value, ticked=p.id in ticks,
                           by=ticks[p.id][1] if p.id in ticks else "") for p in chosen]


def _items(kb: KnowledgeBase, report, ticks: Dict[str, Tuple[str, str]]) -> List[Item]:
    if not report.answers:  # nothing to prepare from: an empty sheet that says so (see _notes)
        return []
    without_data = {f.parent for f in report.flags if f.kind == "step_without_data"}
    found: List[Item] = []
    for entry in report.answers:  # knowledge order
        kind = _kind(entry, without_data)
        question = kb.question(entry.question_id)
        if kind is None or question is None:
            continue
        timing, prompts = _choices(question, kind, ticks)
        answered = kind in ("followup_open", "no_data", "new_answer")
        current = entry.current
        after = entry.versions[entry.versions.index(current) + 1:]
        found.append(Item(
            kind=kind, parent=entry.parent, question_id=entry.question_id, question=entry.question,
            viewpoints=list(entry.viewpoints), prompts=prompts, timing=timing,
            answer=current.text if answered else None, answered_by=current.user,
            replies=[v.text for v in after if v.reply_to_followup] if answered else [],
            answered_at=entry.versions[-1].at, followup=open_followup(entry) if kind == "followup_open" else None,
            hint=question.hint if not answered else None, new=bool(entry.change),
            comments=[f"{'返信' if n.reply else 'コメント'}（{n.user}・{n.role}）: {n.text}" for n in entry.comments]))
    for flag in report.flags:
        if flag.kind != "untouched_theme":
            continue
        theme = kb.theme_by_name(flag.parent)
        if theme is None or not theme.questions:
            continue
        question = theme.questions[0]
        timing, prompts = _choices(question, "untouched_theme", ticks)
        found.append(Item(kind="untouched_theme", parent=theme.name, question_id=question.id, question=question.text,
                          viewpoints=[v.text for v in question.viewpoints], prompts=prompts, timing=timing,
                          hint=question.hint, note=f"全{len(theme.questions)}問のうち、最初の問いです。"))
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found, key=lambda item: rank[item.kind])  # stable: knowledge order within a kind


def _ticked_elsewhere(kb: KnowledgeBase, ticks: Dict[str, Tuple[str, str]]) -> List[Item]:
    """Ticks the sheet no longer shows (the answers moved on): kept, shown, and still untickable."""
    known = assemble.prompts_by_id(kb)
    by_question: Dict[str, List[Choice]] = {}
    for prompt_id in known:  # knowledge order
        if prompt_id in ticks:
            question, prompt = known[prompt_id]
            by_question.setdefault(question.id, []).append(
                Choice(id=prompt.id, text=prompt.text, timing=prompt.timing.value, ticked=True, by=ticks[prompt_id][1]))
    items = []
    for question_id, prompts in by_question.items():
        question = kb.question(question_id)
        items.append(Item(kind=TICKED_ELSEWHERE, parent=assemble.parent_label(kb.parent_of(question_id)),
                          question_id=question_id, question=question.text,
                          viewpoints=[v.text for v in question.viewpoints], prompts=prompts, timing="any"))
    return items


# Ticks --------------------------------------------------------------------------------------
def meeting_visit(registry: Registry, municipality: Municipality, event: str, visit_id: Optional[int] = None,
                  today: Optional[date] = None) -> Optional[Visit]:
    """The visit ticks go to: the one the sheet showed (visit_id, if it is this municipality's and this event's),
    else the one a sheet would show now; None when the meeting has no date on record."""
    visits = registry.visits(municipality.code)
    if visit_id is not None:
        return next((v for v in visits if v.id == visit_id and v.event == event), None)
    return choose_visit(visits, event, today or today_in_japan())[0]


def save_ticks(registry: Registry, kb: KnowledgeBase, municipality: Municipality, visit: Visit,
               shown: Iterable[str], ticked: Iterable[str], person: Optional[Person]) -> Tuple[int, int]:
    """Tick and untick the prompts a sheet showed; ticks on prompts it did not show stay as they are.

    Only prompts of the knowledge base count. Returns (added, removed).
    """
    known = assemble.prompts_by_id(kb)
    ticked_ids = {p for p in ticked if p in known}
    shown_ids = {p for p in shown if p in known} | ticked_ids
    for attempt in range(2):
        try:
            with registry.store.session() as session, session.begin():
                existing = {t.prompt_id: t for t in session.execute(
                    select(PromptTick).where(PromptTick.visit_id == visit.id)).scalars()}
                removed = [existing[p] for p in shown_ids - ticked_ids if p in existing]
                for tick in removed:
                    session.delete(tick)
                added = sorted(ticked_ids - set(existing))
                session.add_all(PromptTick(municipality_id=municipality.id, visit_id=visit.id,
                                           question_id=known[p][0].id, prompt_id=p,
                                           person_id=person.id if person is not None else None, ticked_at=utcnow())
                                for p in added)
            return len(added), len(removed)
        except IntegrityError:  # a colleague ticked the same prompt a moment ago: read again, once
            if attempt:
                raise
    raise AssertionError("unreachable")


# Masking ahead of the web app ----------------------------------------------------------------
def masked_ahead(registry: Registry, municipality: Municipality) -> bool:
    """Whether every answer of this municipality is masked in the record's cache already.

    The web app builds sheets in a thread; masking what is not cached would load GiNZA there, so it
    first has the report process mask them (bot.report.worker) when this says no.
    """
    from bot.report.mask_cache import all_cached

    return all_cached(registry.store, assemble.answer_texts(registry, municipality))
