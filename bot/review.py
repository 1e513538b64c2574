"""The reflective walks: one entry point for a turn, and the rules of a walk.

``Review.handle(sender, command, turn_key)`` takes what a person said (an intent,
their own words, entities) and returns the turn's outcome: what the bot says and
where the person stands afterwards. Where each person is (the walk they are in,
the open question, a pending follow-up, what the bot last offered) lives in the
record (bot.store) and nowhere else. The same turn key always gets the same
outcome. Nothing here knows about Rasa: buttons are neutral commands.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Dict, Iterable, List, Optional, Tuple

from bot import followups, messages
from bot.normalize import normalize
from bot.sentence import reads_as_question
from bot.vocabulary import COUNTERS, KANJI_DIGITS, steps_by_number
from bot.knowledge.base import KnowledgeBase
from bot.knowledge import provenance
from bot.knowledge.glossary import explain, find_term
from bot.knowledge.models import Question, Step, Timing
from sqlalchemy import select

from bot.store import Store
from bot.store.models import Answer, AnswerStatus, Person, Visit, Walk, utcnow
from bot.store.repository import TurnRecord

log = logging.getLogger(__name__)
REVIEW = "review"
# After this long without a turn the person is no longer "in" the walk: the next
# message is not filed as an answer, and the bot offers to resume instead. The same
# period ends Rasa's session (domain.yml), so Rasa's working history stays small.
IDLE = timedelta(minutes=60)


@dataclass(frozen=True)
class Command:
    """What a person said: an intent (from the NLU or a button), their words, and entities."""

    intent: str
    text: str = ""
    theme: Optional[str] = None
    step: Optional[str] = None
    term: Optional[str] = None
    confidence: float = 1.0  # the model's, for its intent; buttons are sure
    question: Optional[str] = None  # a question id, from a button that opens it


@dataclass
class Button:
    """A choice offered to the person: pressing it sends ``intent`` with ``entities``."""

    title: str
    intent: str
    entities: Dict[str, str] = field(default_factory=dict)


@dataclass
class BotMessage:
    text: str
    buttons: List[Button] = field(default_factory=list)


@dataclass
class Outcome:
    """What the bot says in a turn, and where the person stands afterwards."""

    messages: List[BotMessage] = field(default_factory=list)
    walk_key: Optional[str] = None
    question_id: Optional[str] = None  # the open question; None when the person is in no walk
    recorded: Optional[str] = None  # the AnswerStatus value stored in this turn, if any
    offer: Optional[str] = None  # a command that a plain 「はい」 runs next turn
    retried: bool = False  # this turn key came before: the stored outcome, nothing moved

    def say(self, text: str, buttons: Optional[List[Button]] = None) -> "Outcome":
        self.messages.append(BotMessage(text, list(buttons or [])))
        return self

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("retried")
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Outcome":
        data = json.loads(text)
        if "legacy_replies" in data:  # remembered by the web app before the record held turns
            return cls([BotMessage(r.get("text") or "", [_legacy_button(b) for b in r.get("buttons") or []])
                        for r in data["legacy_replies"]], retried=True)
        return cls(messages=[BotMessage(m["text"], [Button(**b) for b in m["buttons"]]) for m in data["messages"]],
                   walk_key=data.get("walk_key"), question_id=data.get("question_id"),
                   recorded=data.get("recorded"), offer=data.get("offer"), retried=True)


def _legacy_button(button: dict) -> Button:
    match = re.match(r"^/(\w+)(\{.*\})?$", button.get("payload") or "")
    intent, entities = (match.group(1), json.loads(match.group(2) or "{}")) if match else ("answer", {})
    return Button(button.get("title") or "", intent, entities)


ANSWER_BUTTONS = [
    Button("大事な視点を見る", "request_viewpoint"),
    Button("わからない", "dont_know"),
    Button("スキップ", "skip"),
    Button("ここで中断", "pause"),
]
# After a follow-up, skip moves on and keeps the answer already given.
FOLLOWUP_BUTTONS = [Button("次の問いへ進む", "skip"), Button("ここで中断", "pause")]
WALK_NEXT_BUTTONS = [Button("テーマを選ぶ", "choose_theme"), Button("進み具合を見る", "show_progress"),
                     Button("今日はここまで", "goodbye")]
_STEP_HEAD = r"(?:step|ステップ|すてっぷ)"
# A STEP written with its number (STEP9, ｓｔｅｐ１０, ステップ8): checked against the handbook's steps.
_STEP_NUMBER = re.compile(rf"{_STEP_HEAD}\s*-?\s*(\d{{1,3}})", re.IGNORECASE)
# A STEP counted (3番目のステップ, ステップの三つ目): its number. Not 「STEP2-Bの3つ目の問い」.
_COUNTED = rf"([0-9{KANJI_DIGITS[1:]}])\s*(?:{'|'.join(COUNTERS)})"
_COUNTED_STEP = re.compile(rf"{_COUNTED}\s*の?\s*{_STEP_HEAD}|{_STEP_HEAD}\s*の\s*{_COUNTED}", re.IGNORECASE)
GREET_BUTTONS = [Button("振り返りを始める", "start_review"), Button("テーマを選ぶ", "choose_theme"),
                 Button("前回の続きから", "resume")]
RESUME_BUTTONS = [Button("再開する", "resume"), Button("テーマを選ぶ", "choose_theme"),
                  Button("進み具合を見る", "show_progress")]
HELP_BUTTONS = [Button("振り返りを始める", "start_review"), Button("テーマを選ぶ", "choose_theme"),
                Button("進み具合を見る", "show_progress")]
# Words that answer an open question even when the model reads them as something else.
ANSWERING = {"answer", "affirm", "deny", "nlu_fallback"}
# Below this the model is unsure a message is an answer: the walk asks before filing it.
ANSWER_SURE = 0.5
# The safety net's choices; 「はい」 records the held text, 「いいえ」 drops it (the bot's offer).
HOLD_BUTTONS = [Button("回答として記録する", "affirm"), Button("ハンドブックで調べる", "ask_handbook"),
                Button("いまの問いに戻る", "deny")]
RECORD_HELD = "record_held"
# In a walk, these say something and then point back to the open question.
ASIDES = {"greet": messages.GREET_IN_WALK, "help": messages.HELP_IN_WALK,
          "out_of_scope": messages.OUT_OF_SCOPE_IN_WALK, "bot_challenge": messages.I_AM_A_BOT}
# Outside a walk, these only say something.
REMARKS = {"goodbye": messages.GOODBYE, "out_of_scope": messages.OUT_OF_SCOPE, "bot_challenge": messages.I_AM_A_BOT,
           "deny": messages.OK_ANYTIME, "pause": messages.OK_ANYTIME}


class Review:
    def __init__(self, kb: KnowledgeBase, store: Store, mask_ahead: bool = False):
        self.kb, self.store = kb, store
        # The action server masks each answer as it is written (GiNZA is loaded there for the
        # follow-ups), so that no report waits for GiNZA: bot.report.mask_cache keeps the result.
        self.mask_ahead = mask_ahead

    # The one entry point -------------------------------------------------------
    def handle(self, sender: str, command: Command, turn_key: str) -> Outcome:
        """The outcome of one turn, computed once per turn key and stored with the place it leads to."""
        with self.store.turn(sender, turn_key) as record:
            if record.done is not None:
                return Outcome.from_json(record.done.outcome)
            paused_for_idleness = self._pause_if_idle(record)
            offer, record.place.offer = record.place.offer, None
            if command.intent == "affirm" and offer and record.current_walk() is None:
                command = Command(offer, command.text)
            outcome = Outcome()
            walk = self._current_walk(record)
            if walk is not None:
                self._in_walk(record, walk, command, outcome, offer)
            else:
                self._outside(record, command, outcome, paused_for_idleness)
            walk = record.current_walk()
            outcome.walk_key, outcome.question_id = (walk.walk_key, walk.question_id) if walk else (None, None)
            record.place.offer = outcome.offer
            record.remember(command.intent, command.text, outcome.to_json())
        if self.mask_ahead and record.recorded_texts:
            self._mask(record.recorded_texts)
        return outcome

    def _mask(self, texts: List[str]) -> None:
        """Mask new answers now. Only a head start: a report masks whatever is not masked yet."""
        from bot.report.mask_cache import mask_cached

        # The turn has committed: whatever goes wrong here must not turn 「記録しました」 into a failure reply.
        try:
            mask_cached(self.store, texts)
        except Exception as failure:  # noqa: BLE001 — the report masks what is missing
            log.warning("回答の伏せ字を先に作れませんでした（報告書を作るときに作ります）: %s", type(failure).__name__)

    def _current_walk(self, record: TurnRecord) -> Optional[Walk]:
        """The walk the person is in, unless its question has been retired from the knowledge base."""
        walk = record.current_walk()
        if walk is not None and self.kb.question(walk.question_id) is None:
            record.leave_walk(walk, "paused")
            return None
        return walk

    def _resumable(self, record: TurnRecord) -> Optional[Walk]:
        walk = record.latest_unfinished_walk()
        return walk if walk is not None and self.kb.question(walk.question_id) is not None else None

    def _pause_if_idle(self, record: TurnRecord) -> bool:
        last, walk = record.place.last_turn_at, record.current_walk()
        if walk is None or last is None or utcnow() - last <= IDLE:
            return False
        record.leave_walk(walk, "paused")
        return True

    # Inside a walk ------------------------------------------------------------------
    def _in_walk(self, record: TurnRecord, walk: Walk, command: Command, outcome: Outcome,
                 offer: Optional[str] = None) -> None:
        intent = command.intent
        held, record.place.held_text = record.place.held_text, None
        if offer == RECORD_HELD and held:
            if intent == "affirm":
                return self._answer(record, walk, held, AnswerStatus.answered, outcome)
            if intent == "deny":
                outcome.say(messages.HELD_DROPPED)
                return self._point_back(record, walk, outcome)
            if intent == "ask_handbook" and command.text.startswith("/"):  # the button: look up what was held
                command = Command("ask_handbook", held)
        if intent in ANSWERING:
            if self._unsure(command):  # a question or a guess: ask before filing it as an answer
                record.place.held_text = command.text
                text = messages.HOLD_QUESTION if reads_as_question(command.text) else messages.HOLD_UNSURE
                outcome.say(text.format(position=self.position(walk.question_id)), HOLD_BUTTONS)
                outcome.offer = RECORD_HELD
                return None
            return self._answer(record, walk, command.text, AnswerStatus.answered, outcome)
        if intent == "skip":
            if walk.awaiting_followup:  # skipping a follow-up keeps the answer already given
                return self._advance(record, walk, outcome.say(messages.MOVING_ON))
            return self._answer(record, walk, command.text, AnswerStatus.skipped, outcome)
        if intent == "dont_know":
            if walk.awaiting_followup:
                return self._advance(record, walk, outcome.say(messages.MOVING_ON))
            if not walk.offered_easier:  # the first わからない: a gentler way in
                walk.offered_easier = True
                outcome.messages.append(self.easier(walk.question_id))
                return self._point_back(record, walk, outcome)
            return self._answer(record, walk, command.text, AnswerStatus.dont_know, outcome)
        if intent == "go_back":
            return self._go_back(record, walk, outcome)
        if intent in ("pause", "goodbye"):
            outcome.say(messages.WALK_PAUSED.format(position=self.position(walk.question_id)))
            record.leave_walk(walk, "paused")
            if intent == "goodbye":
                outcome.say(messages.GOODBYE)
            return None
        if intent in ("start_review", "resume", "choose_theme", "choose_step"):
            return self._open(record, command, outcome)
        if intent in ASIDES:
            outcome.say(self._greeting(ASIDES[intent], record.sender_id) if intent == "greet" else ASIDES[intent])
        elif intent == "request_viewpoint":
            outcome.messages.append(self.viewpoint(walk.question_id))
        else:
            self._look_up(record, command, outcome)
        return self._point_back(record, walk, outcome)

    @staticmethod
    def _unsure(command: Command) -> bool:
        if command.text.startswith("/"):  # a button: the person chose it
            return False
        # A lone character (「あ」) is a slip of the keyboard far more often than an answer; a digit may answer.
        lone = len(command.text.strip()) == 1 and not command.text.strip().isdigit()
        return (command.intent == "nlu_fallback" or reads_as_question(command.text) or lone
                or (command.intent in ANSWERING and command.confidence < ANSWER_SURE))

    def _answer(self, record: TurnRecord, walk: Walk, text: str, status: AnswerStatus, outcome: Outcome) -> None:
        """Store the answer; follow up once if it lacks what the question asks, else move on."""
        question = self.kb.question(walk.question_id)
        # Noted now, for the dashboard's 「データへの言及がない」 without reading every answer again.
        evidence = status is AnswerStatus.answered and followups.read(text).has_evidence
        if walk.awaiting_followup:
            record.record_answer(walk.question_id, text, status, reply_to_followup=True, has_evidence=evidence)
            outcome.recorded = status.value
            return self._advance(record, walk, outcome.say(messages.FOLLOWUP_REPLY))
        followup = followups.choose(question, text) if status is AnswerStatus.answered else None
        record.record_answer(walk.question_id, text, status, followup=followup, has_evidence=evidence)
        outcome.recorded = status.value
        if followup:  # the walk stays at this question; the follow-up is the prompt
            walk.awaiting_followup = walk.asked = True
            outcome.say(messages.FOLLOWUP.format(text=followup), FOLLOWUP_BUTTONS)
            return None
        confirm = {AnswerStatus.answered: messages.CONFIRM_ANSWER, AnswerStatus.skipped: messages.CONFIRM_SKIP,
                   AnswerStatus.dont_know: messages.CONFIRM_DONT_KNOW}[status]
        return self._advance(record, walk, outcome.say(confirm))

    def _advance(self, record: TurnRecord, walk: Walk, outcome: Outcome) -> None:
        ids = [q.id for q in self.sequence(walk.walk_key)]
        index = ids.index(walk.question_id) + 1 if walk.question_id in ids else len(ids)
        if index >= len(ids):
            record.leave_walk(walk, "finished")
            outcome.say(messages.WALK_FINISHED.format(walk=self.walk_name(walk.walk_key)))
            outcome.say(messages.WALK_NEXT, WALK_NEXT_BUTTONS)
            return None
        self._ask(record.open_walk(walk.walk_key, ids[index]), outcome)
        return None

    def _go_back(self, record: TurnRecord, walk: Walk, outcome: Outcome) -> None:
        ids = [q.id for q in self.sequence(walk.walk_key)]
        index = ids.index(walk.question_id) if walk.question_id in ids else len(ids)
        if index == 0:
            outcome.say(messages.GO_BACK_FIRST)
            return self._point_back(record, walk, outcome)
        previous = ids[index - 1]
        text = messages.GO_BACK
        earlier = record.latest_answer(previous)
        if earlier is not None and earlier.status == AnswerStatus.answered.value:
            text += messages.ALREADY_ANSWERED_NOTE.format(text=_shorten(earlier.text))
        outcome.say(text)
        self._ask(record.open_walk(walk.walk_key, previous), outcome)
        return None

    def _point_back(self, record: TurnRecord, walk: Walk, outcome: Outcome) -> None:
        """After anything else in a walk: a short pointer back to the open question (or its follow-up)."""
        position = self.position(walk.question_id)
        if walk.awaiting_followup:
            answer = record.latest_answer(walk.question_id)
            if answer is not None and answer.followup:
                outcome.say(messages.FOLLOWUP_REMINDER.format(position=position, text=answer.followup),
                            FOLLOWUP_BUTTONS)
                return None
        if walk.asked:
            outcome.say(messages.ANSWER_REMINDER.format(position=position))
            return None
        self._ask(walk, outcome)
        return None

    def _ask(self, walk: Walk, outcome: Outcome) -> None:
        """The open question in full, with its place."""
        question = self.kb.question(walk.question_id)
        parent = self.kb.parent_of(question.id)
        title = f"{parent.label}「{parent.title}」" if isinstance(parent, Step) else f"「{parent.name}」"
        local = "（地域の追加）" if self.kb.is_local(question.id) else ""
        outcome.say(f"{self.position(question.id)}　{title}{local}\n{question.text}", ANSWER_BUTTONS)
        walk.asked = True

    # Outside a walk ------------------------------------------------------------------
    def _outside(self, record: TurnRecord, command: Command, outcome: Outcome, paused_for_idleness: bool) -> None:
        intent = command.intent
        resumable = self._resumable(record)
        if intent in ("start_review", "resume", "choose_theme", "choose_step", "skip"):
            return self._open(record, command, outcome)
        if intent == "go_back":
            if resumable is None:
                return self._open(record, Command("resume"), outcome)
            walk = record.open_walk(resumable.walk_key, resumable.question_id)
            return self._go_back(record, walk, outcome)
        if intent in ("greet", "answer", "nlu_fallback") and resumable is not None:
            # A message after a break is not filed as an answer: offer to resume instead.
            opening = {"greet": messages.GREETING_AGAIN, "answer": messages.NOT_RECORDED,
                       "nlu_fallback": messages.NOT_RECORDED}[intent]
            if paused_for_idleness and intent != "greet":
                opening = messages.NOT_RECORDED_AFTER_BREAK
            opening += messages.RESUME_OFFER.format(position=self.position(resumable.question_id))
            outcome.say(self._greeting(opening, record.sender_id) if intent == "greet" else opening, RESUME_BUTTONS)
            outcome.offer = "resume"
            return None
        if intent == "greet":
            outcome.say(self._greeting(messages.GREETING, record.sender_id), GREET_BUTTONS)
            outcome.offer = "start_review"
        elif intent in ("help", "answer", "dont_know"):
            outcome.say(messages.HELP, HELP_BUTTONS)
        elif intent == "affirm":
            outcome.say(messages.AFFIRM_IDLE)
        elif intent == "nlu_fallback":
            outcome.say(messages.NOT_UNDERSTOOD)
        elif intent == "request_viewpoint":
            outcome.say(messages.NO_OPEN_QUESTION)
        elif intent in REMARKS:
            outcome.say(REMARKS[intent])
        else:
            self._look_up(record, command, outcome)
        return None

    def _open(self, record: TurnRecord, command: Command, outcome: Outcome) -> None:
        """Open a walk: the review, a theme, a STEP, or the one left last; else show the choices."""
        intent = command.intent
        if intent in ("resume", "skip"):
            saved = self._resumable(record)
            if saved is None:
                outcome.say(messages.NOTHING_TO_RESUME, [Button("振り返りを始める", "start_review")])
                return None
            return self._start(record, saved.walk_key, None, outcome)
        if intent == "start_review" and not command.step and not self._names_unknown_step(command.text):
            return self._start(record, REVIEW, None, outcome)
        if intent == "choose_theme":
            theme = self.kb.theme_by_name(command.theme or "")
            if theme is not None:
                return self._start(record, theme.id, None, outcome)
            outcome.say(messages.UNKNOWN_THEME if command.theme else messages.CHOOSE_THEME, self.theme_choices())
        else:  # a STEP: choose_step, or 「見直しを STEP3 から」
            step = self.kb.step_by_label(command.step or "")
            parts = [s for s in self.kb.steps if command.step and s.label.startswith(f"{command.step}-")]
            if step is not None:
                if self._counted_otherwise(command.text, step):
                    outcome.say(messages.STEP_COUNTED.format(order="・".join(s.label for s in self.kb.steps)))
                outcome.say(messages.STEP_OPENED.format(label=step.label, title=step.title))
                return self._start(record, REVIEW, step.questions[0].id, outcome)
            if parts:  # 「STEP2」 alone: A or B?
                outcome.say(messages.WHICH_PART.format(step=command.step, parts=" と ".join(s.label for s in parts)),
                            [Button(f"{s.label} {s.title}", "choose_step", {"step": s.label}) for s in parts])
            else:
                unknown = command.step or self._names_unknown_step(command.text)
                outcome.say(messages.UNKNOWN_STEP if unknown else messages.CHOOSE_STEP, self.step_choices())
        walk = self._current_walk(record)  # only the choices were shown: a walk under way goes on
        return self._point_back(record, walk, outcome) if walk is not None else None

    def _names_unknown_step(self, text: str) -> bool:
        """「STEP9から始めたい」: a STEP number the handbook does not have (the NLU finds no step in it)."""
        known = steps_by_number(self.kb)
        return any(number.lstrip("0") not in known for number in _STEP_NUMBER.findall(normalize(text)))

    def _counted_otherwise(self, text: str, step: Step) -> bool:
        """「3番目のステップ」 opened STEP2-B: counted in the handbook's order, which is not the STEP's own
        number, so the reply says how it counted."""
        position = [s.label for s in self.kb.steps].index(step.label) + 1
        counted = {KANJI_DIGITS.index(n) if n in KANJI_DIGITS else int(n)
                   for found in _COUNTED_STEP.findall(normalize(text)) for n in found if n}
        return position in counted and step.label != f"STEP{position}"

    def _start(self, record: TurnRecord, walk_key: str, at: Optional[str], outcome: Outcome) -> None:
        """Enter a walk at ``at``, else where this person left it, else at its beginning."""
        saved = record.walk(walk_key)
        if at is None and saved is not None and saved.status != "finished" and self.kb.question(saved.question_id):
            at = saved.question_id
            outcome.say(messages.RESUMING.format(position=self.position(at)))
        elif at is None:
            at = self.sequence(walk_key)[0].id
            outcome.say(messages.STARTING.format(walk=self.walk_name(walk_key)))
        walk = record.open_walk(walk_key, at)
        walk.awaiting_followup = False
        self._ask(walk, outcome)

    def _look_up(self, record: TurnRecord, command: Command, outcome: Outcome) -> None:
        """Progress, a term or the handbook: answered without moving the walk."""
        if command.intent == "show_progress":
            outcome.messages.append(self.progress_message(record.latest_statuses()))
        elif command.intent == "ask_term":
            term = (self.kb.term_by_name(command.term) if command.term else None) or find_term(self.kb, command.text)
            outcome.say(explain(self.kb, term) if term else messages.TERM_WHICH)
        elif command.intent == "ask_handbook":
            outcome.messages.extend(self.search(command.text, command.question))
        else:
            outcome.say(messages.NOT_UNDERSTOOD)

    # The sequence of a walk ----------------------------------------------------------
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

    # What the bot says about a question ------------------------------------------------
    def viewpoint(self, question_id: Optional[str]) -> BotMessage:
        question = self.kb.question(question_id or "")
        if question is None:
            return BotMessage(messages.NO_OPEN_QUESTION)
        viewpoints = "\n".join(f"・{v.text}" for v in question.viewpoints)
        after = [p for p in question.prompts if p.timing is Timing.after][:1]
        text = f"{messages.VIEWPOINT_HEADER}\n{viewpoints}"
        if after:
            text += f"\n{messages.PROMPT_HEADER}\n{after[0].text}"
        # Where these words come from, in one short line (the question itself was shown before).
        text += "\n" + provenance.question_line(self.kb, question, prompts=after, with_question=False)
        return BotMessage(text)

    def easier(self, question_id: Optional[str]) -> BotMessage:
        """For わからない: a gentler prompt and where to look for data."""
        question = self.kb.question(question_id or "")
        if question is None:
            return BotMessage(messages.NO_OPEN_QUESTION)
        before = [p.text for p in question.prompts if p.timing is Timing.before]
        lines = [messages.DONT_KNOW_OFFER]
        if before:
            lines.append(f"{messages.PROMPT_HEADER}\n{before[0]}")
        if question.hint:
            lines.append(f"{messages.HINT_HEADER}\n{question.hint}")
        return BotMessage("\n".join(lines))

    def search(self, text: str, question_id: Optional[str] = None) -> List[BotMessage]:
        """A handbook question answered as an adviser would: the nearest question's 大事な視点 and a
        問いかけ例, where they come from, and the next matches as buttons (never the raw index text)."""
        from bot.knowledge.search import searcher  # Sudachi: loaded on the first search only

        hits = [] if question_id else searcher().search(text, limit=6)
        term = self.kb.term(hits[0].id) if hits else None  # the nearest entry is a term: explain it
        chosen = question_id or (None if term else next((h.id for h in hits if self.kb.question(h.id)), None))
        others = [h.id for h in hits if h.id != chosen and self.kb.question(h.id)][:2]
        buttons = [Button(_shorten(f"{self._source(q)}「{self.kb.question(q).text}」", 40), "ask_handbook",
                          {"question": q}) for q in others]
        if chosen is None or self.kb.question(chosen) is None:
            return [BotMessage(explain(self.kb, term) if term else messages.HANDBOOK_NOT_FOUND, buttons)]
        question = self.kb.question(chosen)
        opening = messages.HANDBOOK_QUESTION if question.provenance.authored.from_handbook else messages.PROJECT_QUESTION
        lines = [opening.format(source=self._source(chosen), text=question.text),
                 messages.VIEWPOINT_HEADER, *(f"・{v.text}" for v in question.viewpoints)]
        prompts = question.prompts[:1]
        if prompts:
            lines += [messages.PROMPT_HEADER, prompts[0].text]
        lines.append(provenance.question_line(self.kb, question, prompts=prompts))
        if buttons:
            lines.append(messages.HANDBOOK_MORE)
        return [BotMessage("\n".join(lines), buttons)]

    def _source(self, question_id: str) -> str:
        """「各論「通いの場」の問い 2/8」 or 「STEP2-A の問い 1/5」: where a question stands in the handbook."""
        parent = self.kb.parent_of(question_id)
        where = f"{parent.label} " if isinstance(parent, Step) else f"各論「{parent.name}」"
        ids = [q.id for q in parent.questions]
        return messages.HANDBOOK_SOURCE.format(where=where, index=ids.index(question_id) + 1, total=len(ids))

    # Between visits: comments waiting, the next meeting, and what to look at before it ----------
    @staticmethod
    def today() -> date:
        """Today in Japan, where the meetings are held (tests set it)."""
        return (utcnow() + timedelta(hours=9)).date()

    def _greeting(self, text: str, sender: str) -> str:
        """The greeting, and a line each for comments waiting and the next meeting (nothing if none)."""
        try:
            lines = self.between_visits(sender)
        except Exception as failure:  # noqa: BLE001 - a greeting never fails for want of a note
            log.warning("次の会の案内を作れませんでした: %s", type(failure).__name__)
            lines = {}
        extra = [v for v in (lines.get("comments"), lines.get("label"), lines.get("advice")) if v]
        return "\n".join([text, *extra])

    def next_meeting(self, sender: str) -> Optional[Visit]:
        """The person's municipality's next meeting on record, today or later; None without one."""
        with self.store.session() as session:
            person = session.execute(select(Person).where(Person.login == sender)).scalar_one_or_none()
            if person is None or person.municipality_id is None:
                return None
            return session.execute(
                select(Visit).where(Visit.municipality_id == person.municipality_id, Visit.held_on >= self.today())
                .order_by(Visit.held_on, Visit.id).limit(1)).scalar_one_or_none()

    def between_visits(self, sender: str) -> Dict[str, object]:
        """For the greeting and the progress panel: {comments, event, date, label, advice} (the keys that apply)."""
        from bot.report.dates import wareki
        from bot.store import comments

        found: Dict[str, object] = {}
        with self.store.session() as session:
            person = session.execute(select(Person).where(Person.login == sender)).scalar_one_or_none()
            rows = list(session.execute(select(Answer.question_id, Answer.followup, Answer.reply_to_followup)
                                        .where(Answer.sender_id == sender).order_by(Answer.id)))
        unread = comments.unread_count(self.store, person) if person is not None else 0
        if unread:
            found["comments"] = messages.COMMENTS_WAITING.format(count=unread)
        visit = self.next_meeting(sender)
        if visit is None:
            return found
        found.update(event=visit.event, date=visit.held_on.isoformat(),
                     label=messages.NEXT_MEETING.format(event=visit.event, date=wareki(visit.held_on)))
        items = []
        walk = self._latest_walk(sender)
        if walk is not None:
            ids = [q.id for q in self.sequence(walk.walk_key)]
            if walk.question_id in ids:
                items.append(messages.BEFORE_WALK.format(count=len(ids) - ids.index(walk.question_id)))
        waiting: Dict[str, bool] = {}  # question → its latest answer's follow-up is still unanswered
        for question_id, followup, replied in rows:
            waiting[question_id] = False if replied else bool(followup)
        if any(waiting.values()):
            items.append(messages.BEFORE_FOLLOWUPS.format(count=sum(waiting.values())))
        if unread:
            items.append(messages.BEFORE_COMMENTS.format(count=unread))
        if items:
            found["advice"] = messages.BEFORE_MEETING.format(items="、".join(items))
        return found

    def _latest_walk(self, sender: str) -> Optional[Walk]:
        with self.store.session() as session:
            walk = session.execute(
                select(Walk).where(Walk.sender_id == sender, Walk.status != "finished", Walk.question_id.is_not(None))
                .order_by(Walk.updated_at.desc(), Walk.id.desc()).limit(1)).scalar_one_or_none()
        return walk if walk is not None and self.kb.question(walk.question_id) is not None else None

    # Progress ----------------------------------------------------------------------------
    def progress(self, sender: str) -> Dict[str, Dict[str, int]]:
        """Per step and theme: answered, skipped, dont_know and total questions (read only)."""
        return self._progress_table(self.store.latest_statuses(sender))

    def _progress_table(self, statuses: Iterable[Tuple[str, str]]) -> Dict[str, Dict[str, int]]:
        latest = dict(statuses)
        table: Dict[str, Dict[str, int]] = {}
        for parent, label in [*((s, s.label) for s in self.kb.steps), *((t, t.name) for t in self.kb.themes)]:
            counts = {"answered": 0, "skipped": 0, "dont_know": 0, "total": len(parent.questions)}
            for q in parent.questions:
                if q.id in latest:
                    counts[latest[q.id]] += 1
            table[label] = counts
        return table

    def progress_message(self, statuses: Iterable[Tuple[str, str]]) -> BotMessage:
        lines = [messages.PROGRESS_HEADER]
        for label, c in self._progress_table(statuses).items():
            line = messages.PROGRESS_LINE.format(label=label, answered=c["answered"], total=c["total"])
            if c["skipped"] or c["dont_know"]:
                line += messages.PROGRESS_EXTRA.format(skipped=c["skipped"], dont_know=c["dont_know"])
            lines.append(line)
        return BotMessage("\n".join(lines))

    def open_question(self, sender: str) -> Optional[Tuple[Walk, Question]]:
        """The walk this person is in and its open question (for the web page; read only)."""
        place = self.store.place(sender)
        walk = self.store.walk(sender, place.walk_key) if place is not None and place.walk_key else None
        if walk is None or walk.status != "open" or self.kb.question(walk.question_id or "") is None:
            return None
        return walk, self.kb.question(walk.question_id)

    # Choices -------------------------------------------------------------------------------
    def theme_choices(self) -> List[Button]:
        return [Button(t.name, "choose_theme", {"theme": t.name}) for t in self.kb.themes]

    def step_choices(self) -> List[Button]:
        return [Button(f"{s.label} {s.title}", "choose_step", {"step": s.label}) for s in self.kb.steps]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


