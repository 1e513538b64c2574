"""The reflective walks: which question is open, what comes next, progress.

A walk is the whole review (STEP1 → STEP7) or one 各論 theme. Its state lives
in the store, keyed by sender, so a person resumes on another day at the
exact question. Nothing here knows about Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from bot import followups, messages
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Question, Step, Timing
from bot.store import Store

REVIEW = "review"


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class BotMessage:
    text: str
    buttons: List[Button] = field(default_factory=list)


@dataclass
class Turn:
    """What the bot says, and where the walk stands afterwards."""

    messages: List[BotMessage]
    walk_key: Optional[str] = None
    question_id: Optional[str] = None  # the open question, None when none is open
    followup_asked: bool = False  # the bot asked a follow-up; the same question stays open

    def say(self, text: str, buttons: Optional[List[Button]] = None) -> "Turn":
        self.messages.append(BotMessage(text, buttons or []))
        return self


ANSWER_BUTTONS = [
    Button("大事な視点を見る", "/request_viewpoint"),
    Button("わからない", "/dont_know"),
    Button("スキップ", "/skip"),
    Button("ここで中断", "/pause"),
]
# After a follow-up, skip moves on and keeps the answer already given.
FOLLOWUP_BUTTONS = [Button("次の問いへ進む", "/skip"), Button("ここで中断", "/pause")]
WALK_NEXT_BUTTONS = [Button("テーマを選ぶ", "/choose_theme"), Button("進み具合を見る", "/show_progress"),
                     Button("今日はここまで", "/goodbye")]


class Review:
    def __init__(self, kb: KnowledgeBase, store: Store):
        self.kb, self.store = kb, store

    # The sequence of a walk --------------------------------------------------
    def sequence(self, walk_key: str) -> List[Question]:
        if walk_key == REVIEW:
            return [q for step in self.kb.steps for q in step.questions]
        theme = self.kb.theme(walk_key)
        return list(theme.questions) if theme else []

    def walk_name(self, walk_key: str) -> str:
        if walk_key == REVIEW:
            return "総合事業の見直しプロセス（STEP1〜STEP7）"
        theme = self.kb.theme(walk_key)
        return f"各論「{theme.name}」" if theme else walk_key

    def position(self, question_id: str) -> str:
        """「STEP2-A 問い 2/3」: the place within the step or theme."""
        parent = self.kb.parent_of(question_id)
        ids = [q.id for q in parent.questions]
        label = parent.label if isinstance(parent, Step) else parent.name
        return messages.POSITION.format(label=label, index=ids.index(question_id) + 1, total=len(ids))

    # Asking ------------------------------------------------------------------
    def ask(self, walk_key: str, question_id: str, turn: Optional[Turn] = None) -> Turn:
        """The open question with its place; every other method only moves the place."""
        turn = turn or Turn([])
        question = self.kb.question(question_id)
        parent = self.kb.parent_of(question_id)
        title = f"{parent.label}「{parent.title}」" if isinstance(parent, Step) else f"「{parent.name}」"
        local = "（地域の追加）" if self.kb.is_local(question_id) else ""
        turn.say(f"{self.position(question_id)}　{title}{local}\n{question.text}", ANSWER_BUTTONS)
        turn.walk_key, turn.question_id = walk_key, question_id
        return turn

    def reminder(self, sender: str, question_id: str, awaiting_followup: bool = False) -> Turn:
        """After an interruption: a short pointer back to the open question, or to its follow-up."""
        position = self.position(question_id)
        answer = self.store.latest_answer(sender, question_id) if awaiting_followup else None
        if answer is not None and answer.followup:
            return Turn([BotMessage(messages.FOLLOWUP_REMINDER.format(position=position, text=answer.followup),
                                    FOLLOWUP_BUTTONS)])
        return Turn([BotMessage(messages.ANSWER_REMINDER.format(position=position))])

    def start(self, sender: str, walk_key: str = REVIEW, at: Optional[str] = None) -> Turn:
        """Open a walk: at ``at``, else where this person left it, else at the beginning."""
        sequence = self.sequence(walk_key)
        saved = self.store.walk(sender, walk_key)
        turn = Turn([])
        if at is None and saved and saved.status != "finished" and self.kb.question(saved.question_id or ""):
            at = saved.question_id
            turn.say(messages.RESUMING.format(position=self.position(at)))
        elif at is None:
            at = sequence[0].id
            turn.say(messages.STARTING.format(walk=self.walk_name(walk_key)))
        self.store.save_walk(sender, walk_key, at, "open")
        turn.walk_key, turn.question_id = walk_key, at
        return turn

    def what_next(self) -> Turn:
        """Once a walk is finished."""
        return Turn([BotMessage(messages.WALK_NEXT, WALK_NEXT_BUTTONS)])

    def resume(self, sender: str) -> Turn:
        saved = self.store.latest_open_walk(sender)
        if saved is None or not self.kb.question(saved.question_id or ""):
            return Turn([BotMessage(messages.NOTHING_TO_RESUME, [Button("振り返りを始める", "/start_review")])])
        return self.start(sender, saved.walk_key)

    # Answering ---------------------------------------------------------------
    def record(self, sender: str, walk_key: str, question_id: str, text: str, message_id: str,
               status: str = "answered", replying_to_followup: bool = False) -> Turn:
        """Store the answer (once per turn); follow up once if it lacks what the question asks, else move on."""
        question = self.kb.question(question_id)
        followup = None
        if status == "answered" and not replying_to_followup and question is not None:
            followup = followups.choose(question, text)
        self.store.record_answer(sender, question_id, text, message_id, status, followup=followup,
                                 reply_to_followup=replying_to_followup)
        if followup:  # the walk stays where it is: open at this question
            return Turn([BotMessage(messages.FOLLOWUP.format(text=followup), FOLLOWUP_BUTTONS)], walk_key,
                        question_id, followup_asked=True)
        confirm = messages.FOLLOWUP_REPLY if replying_to_followup else {
            "answered": messages.CONFIRM_ANSWER,
            "skipped": messages.CONFIRM_SKIP,
            "dont_know": messages.CONFIRM_DONT_KNOW,
        }[status]
        return self.advance(sender, walk_key, question_id, Turn([BotMessage(confirm)]))

    def move_on(self, sender: str, walk_key: str, question_id: str) -> Turn:
        """After a follow-up the person would rather not answer: keep the answer, go on."""
        return self.advance(sender, walk_key, question_id, Turn([BotMessage(messages.MOVING_ON)]))

    def advance(self, sender: str, walk_key: str, question_id: str, turn: Turn) -> Turn:
        ids = [q.id for q in self.sequence(walk_key)]
        index = ids.index(question_id) + 1 if question_id in ids else len(ids)
        if index >= len(ids):
            self.store.save_walk(sender, walk_key, None, "finished")
            turn.walk_key, turn.question_id = walk_key, None
            return turn.say(messages.WALK_FINISHED.format(walk=self.walk_name(walk_key)))
        self.store.save_walk(sender, walk_key, ids[index], "open")
        turn.walk_key, turn.question_id = walk_key, ids[index]
        return turn

    def go_back(self, sender: str, walk_key: str, question_id: str) -> Turn:
        ids = [q.id for q in self.sequence(walk_key)]
        index = ids.index(question_id) if question_id in ids else len(ids)
        if index == 0:
            return Turn([BotMessage(messages.GO_BACK_FIRST)], walk_key, question_id)
        previous = ids[index - 1] if question_id in ids else ids[-1]
        text = messages.GO_BACK
        earlier = self.store.latest_answer(sender, previous)
        if earlier is not None and earlier.status == "answered":
            text += messages.ALREADY_ANSWERED_NOTE.format(text=_shorten(earlier.text))
        self.store.save_walk(sender, walk_key, previous, "open")
        return Turn([BotMessage(text)], walk_key, previous)

    def pause(self, sender: str, walk_key: str, question_id: str) -> Turn:
        self.store.save_walk(sender, walk_key, question_id, "paused")
        return Turn([BotMessage(messages.WALK_PAUSED.format(position=self.position(question_id)))])

    # Help within a question ----------------------------------------------------
    def viewpoint(self, question_id: Optional[str]) -> Turn:
        question = self.kb.question(question_id or "")
        if question is None:
            return Turn([BotMessage(messages.NO_OPEN_QUESTION)])
        viewpoints = "\n".join(f"・{v.text}" for v in question.viewpoints)
        after = [p.text for p in question.prompts if p.timing is Timing.after]
        text = f"{messages.VIEWPOINT_HEADER}\n{viewpoints}"
        if after:
            text += f"\n{messages.PROMPT_HEADER}\n{after[0]}"
        return Turn([BotMessage(text)])

    def easier(self, question_id: Optional[str]) -> Turn:
        """For わからない: a gentler prompt and where to look for data."""
        question = self.kb.question(question_id or "")
        if question is None:
            return Turn([BotMessage(messages.NO_OPEN_QUESTION)])
        before = [p.text for p in question.prompts if p.timing is Timing.before]
        lines = [messages.DONT_KNOW_OFFER]
        if before:
            lines.append(f"{messages.PROMPT_HEADER}\n{before[0]}")
        if question.hint:
            lines.append(f"{messages.HINT_HEADER}\n{question.hint}")
        return Turn([BotMessage("\n".join(lines))])

    # Progress ------------------------------------------------------------------
    def progress(self, sender: str) -> Dict[str, Dict[str, int]]:
        """Per step and theme: answered, skipped, dont_know and total questions."""
        latest: Dict[str, str] = {}
        for answer in self.store.answers(sender):
            latest[answer.question_id] = answer.status
        table: Dict[str, Dict[str, int]] = {}
        for parent, label in [*((s, s.label) for s in self.kb.steps), *((t, t.name) for t in self.kb.themes)]:
            counts = {"answered": 0, "skipped": 0, "dont_know": 0, "total": len(parent.questions)}
            for q in parent.questions:
                if q.id in latest:
                    counts[latest[q.id]] += 1
            table[label] = counts
        return table

    def progress_turn(self, sender: str) -> Turn:
        lines = [messages.PROGRESS_HEADER]
        for label, c in self.progress(sender).items():
            line = messages.PROGRESS_LINE.format(label=label, answered=c["answered"], total=c["total"])
            if c["skipped"] or c["dont_know"]:
                line += messages.PROGRESS_EXTRA.format(skipped=c["skipped"], dont_know=c["dont_know"])
            lines.append(line)
        return Turn([BotMessage("\n".join(lines))])

    # Choices -------------------------------------------------------------------
    def theme_choices(self) -> List[Button]:
        return [Button(t.name, f'/choose_theme{{"theme": "{t.name}"}}') for t in self.kb.themes]

    def step_choices(self) -> List[Button]:
        return [Button(f"{s.label} {s.title}", f'/choose_step{{"step": "{s.label}"}}') for s in self.kb.steps]

    def start_theme(self, sender: str, theme_name: Optional[str]) -> Turn:
        theme = self.kb.theme_by_name(theme_name or "")
        if theme is None:
            text = messages.UNKNOWN_THEME if theme_name else messages.CHOOSE_THEME
            return Turn([BotMessage(text, self.theme_choices())])
        return self.start(sender, theme.id)

    def start_step(self, sender: str, label: Optional[str]) -> Turn:
        step = self.kb.step_by_label(label or "")
        if step is None:
            text = messages.UNKNOWN_STEP if label else messages.CHOOSE_STEP
            return Turn([BotMessage(text, self.step_choices())])
        return self.start(sender, REVIEW, at=step.questions[0].id)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

