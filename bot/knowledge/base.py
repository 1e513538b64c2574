"""The loaded knowledge base: typed entries and look-ups by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Union

from bot.knowledge.models import (
    Programme,
    Question,
    Retired,
    Section,
    Source,
    Step,
    Term,
    Theme,
)

Parent = Union[Step, Theme]


@dataclass
class KnowledgeBase:
    sources: Dict[str, Source] = field(default_factory=dict)
    sections: List[Section] = field(default_factory=list)
    steps: List[Step] = field(default_factory=list)
    themes: List[Theme] = field(default_factory=list)
    terms: List[Term] = field(default_factory=list)
    programme: Optional[Programme] = None
    retired: Dict[str, Retired] = field(default_factory=dict)
    # Questions added or replaced by a regional overlay, and the file each came from.
    local: Dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._questions: Dict[str, Question] = {}
        self._parent: Dict[str, Parent] = {}
        for parent in [*self.steps, *self.themes]:
            for question in parent.questions:
                self._questions[question.id] = question
                self._parent[question.id] = parent

    # Look-ups -----------------------------------------------------------
    def question(self, question_id: str) -> Optional[Question]:
        return self._questions.get(question_id)

    def parent_of(self, question_id: str) -> Optional[Parent]:
        return self._parent.get(question_id)

    def questions(self) -> List[Question]:
        return list(self._questions.values())

    def step(self, step_id: str) -> Optional[Step]:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_by_label(self, label: str) -> Optional[Step]:
        return next((s for s in self.steps if s.label == label), None)

    def theme(self, theme_id: str) -> Optional[Theme]:
        return next((t for t in self.themes if t.id == theme_id), None)

    def theme_by_name(self, name: str) -> Optional[Theme]:
        return next((t for t in self.themes if t.name == name), None)

    def term(self, term_id: str) -> Optional[Term]:
        return next((t for t in self.terms if t.id == term_id), None)

    def term_by_name(self, name: str) -> Optional[Term]:
        return next((t for t in self.terms if t.name == name), None)

    def is_local(self, question_id: str) -> bool:
        return question_id in self.local

    def known_ids(self) -> Set[str]:
        """Every id that an answer may be stored under, retired ones included."""
        return set(self._questions) | set(self.retired)
