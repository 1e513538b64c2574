"""The report as plain data: assembled once (bot.report.assemble), rendered in any format.

Texts in a Report are already masked when the report is masked: renderers
never see personal data they should not print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import List, Optional

STATUS_LABELS = {"answered": "回答済み", "skipped": "スキップ", "dont_know": "わからない", "not_yet": "未回答"}


@dataclass
class Progress:
    """Counts for one STEP or theme."""

    label: str  # "STEP2-A" or a theme name
    kind: str  # "step" | "theme"
    title: str  # the step's title or the theme's name
    answered: int
    skipped: int
    dont_know: int
    not_yet: int
    total: int


@dataclass
class Version:
    """One version of an answer, oldest first; the last one is the current answer."""

    text: str
    status: str  # answered | skipped | dont_know
    user: str  # the person's display name
    at: datetime  # UTC, naive
    followup: Optional[str] = None  # the follow-up the bot asked after this version
    reply_to_followup: bool = False


@dataclass
class CommentNote:
    """A support-team comment on an answer, or the staff's reply to one (masked with the answers)."""

    text: str
    user: str  # display name
    role: str  # 「アドバイザー」 … ; a staff member's reply: 「市町村職員」
    at: datetime  # UTC, naive
    reply: bool = False  # the staff member's reply to a comment


@dataclass
class AnswerEntry:
    question_id: str
    question: str
    parent: str  # "STEP2-A" or a theme name
    viewpoints: List[str]
    versions: List[Version]
    change: Optional[str] = None  # "new" | "revised" since the chosen meeting, else None
    comments: List[CommentNote] = field(default_factory=list)  # 支援チームからのコメント and replies, oldest first

    @property
    def current(self) -> Version:
        """The latest answer itself; a reply to a follow-up adds to it rather than replacing it."""
        own = [v for v in self.versions if not v.reply_to_followup]
        return own[-1] if own else self.versions[-1]

    @property
    def followups(self) -> List[str]:
        return [v.followup for v in self.versions if v.followup]


@dataclass
class Flag:
    kind: str  # skipped | dont_know | followup | untouched_theme | step_without_data
    message: str  # Japanese, for people
    question_id: Optional[str] = None
    parent: Optional[str] = None


@dataclass
class TranscriptLine:
    at: datetime
    speaker: str  # "user" | "bot"
    who: str  # display name of the person, or "伴走（ボット）"
    text: str


@dataclass
class Meeting:
    event: str  # 顔合わせ, 0.5mtg, 1回目支援 …
    on: date


@dataclass
class PreparedPrompt:
    """A prompt an adviser ticked on the preparation sheet of a meeting (bot.report.prepare)."""

    question_id: str
    question: str  # the question's text, or a note when it has left the knowledge base
    parent: str  # "STEP2-A" or a theme name ("" when unknown)
    prompt_id: str
    text: str  # the prompt's text, or a note when it has left the knowledge base
    by: str  # who ticked it (display name), "" when unknown
    at: datetime  # UTC, naive


@dataclass
class PreparedMeeting:
    """The prompts chosen for one meeting that has been held."""

    event: str
    on: date
    prompts: List[PreparedPrompt]


@dataclass
class Report:
    municipality: str
    prefecture: str
    code: str
    generated_at: datetime  # UTC, naive
    since: Optional[date]  # answers after this day count as changes
    since_label: Optional[str]  # "1.5mtg" when chosen by meeting
    masked: bool
    progress: List[Progress]
    answers: List[AnswerEntry]  # answered questions in knowledge order
    flags: List[Flag]
    meetings: List[Meeting] = field(default_factory=list)
    next_meeting: Optional[Meeting] = None
    transcript: Optional[List[TranscriptLine]] = None
    prepared: List[PreparedMeeting] = field(default_factory=list)  # prompts ticked for meetings held

    @property
    def changes(self) -> List[AnswerEntry]:
        return [a for a in self.answers if a.change]
