"""Typed models of the handbook knowledge base.

Ids are the keys under which answers are stored, so they are part of the
contract: see ``retired.yml`` for ids that were removed on purpose.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Extra, Field, constr, root_validator

Id = constr(regex=r"^[a-z0-9_.\-]+$", min_length=1)
Text = constr(strip_whitespace=True, min_length=1)


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Authored(str, Enum):
    """Where an item's substance comes from (knowledge/README.md explains each)."""

    paraphrase = "paraphrase"  # the substance is in a source's text; the wording is ours
    caption = "caption"  # only a heading or a figure's caption supports it; the substance is ours
    project = "project"  # the item itself is ours (sources, if any, are background)

    @property
    def from_handbook(self) -> bool:
        """Counted as the handbook's (its substance is in a source) rather than the project's."""
        return self is Authored.paraphrase


class Provenance(Strict):
    authored: Authored
    sources: List[Id] = []
    note: Optional[Text] = None

    @root_validator(skip_on_failure=True)
    def paraphrase_needs_source(cls, values):
        if values["authored"] is not Authored.project and not values["sources"]:
            raise ValueError(
                f"authored: {values['authored'].value} には sources を1つ以上書いてください"
            )
        return values


class QuestionProvenance(Provenance):
    """A question's provenance, and the default for its viewpoints and prompts.

    A viewpoint or prompt without its own ``provenance`` takes ``viewpoints`` /
    ``prompts`` when given, else the question's own (authored, sources, note).
    """

    viewpoints: Optional[Provenance] = None
    prompts: Optional[Provenance] = None

    def own(self) -> Provenance:
        return Provenance(authored=self.authored, sources=self.sources, note=self.note)


class Source(Strict):
    id: Id
    title: Text
    where: Text  # seed file, handbook page or public address
    kind: constr(regex=r"^(handbook|seed|public|facts)$")
    short: Optional[Text] = None  # the volume and section as shown beside an item (出典: …)

    @property
    def label(self) -> str:
        return self.short or self.title


class QuestionKind(str, Enum):
    common = "よくある問い"  # the handbook's own label: only for a question found in a source
    reflective = "考えて欲しい問い"
    anticipated = "想定される問い"  # a worry the project expects municipalities to raise (not in the handbook's list)


class Timing(str, Enum):
    before = "before"  # asked before the viewpoint is shown
    after = "after"  # asked once the viewpoint has been shown


class Viewpoint(Strict):
    id: Id
    text: Text
    provenance: Optional[Provenance] = None  # filled from the question's when not written


class Prompt(Strict):
    id: Id
    timing: Timing
    text: Text
    provenance: Optional[Provenance] = None  # filled from the question's when not written


class Check(str, Enum):
    """What an answer may lack, as a good adviser would notice."""

    data = "data"  # no figure or evidence behind the claim
    concrete = "concrete"  # too short or abstract
    voices = "voices"  # only the administration's view
    episode = "episode"  # no concrete episode


class Followup(Strict):
    check: Check
    viewpoint: Id  # the viewpoint this follow-up serves
    text: Text


class Question(Strict):
    id: Id
    kind: QuestionKind
    text: Text
    viewpoints: List[Viewpoint] = Field(..., min_items=1)
    prompts: List[Prompt] = Field(..., min_items=2)
    hint: Optional[Text] = None  # an easier way in, offered on わからない
    followups: List[Followup] = []
    steps: List[Id] = []
    themes: List[Id] = []
    terms: List[Id] = []
    provenance: QuestionProvenance

    @root_validator(skip_on_failure=True)
    def items_inherit_provenance(cls, values):
        """Every viewpoint and prompt carries a provenance: its own, else the question's default."""
        provenance: QuestionProvenance = values["provenance"]
        own = provenance.own()

        def filled(items, default):
            return [i if i.provenance is not None else i.copy(update={"provenance": default or own}) for i in items]

        values["viewpoints"] = filled(values["viewpoints"], provenance.viewpoints)
        values["prompts"] = filled(values["prompts"], provenance.prompts)
        return values

    def items(self):
        """(kind, item) for the question itself, its viewpoints and its prompts, each with a provenance."""
        return [("question", self), *(("viewpoint", v) for v in self.viewpoints), *(("prompt", p) for p in self.prompts)]


class DataHints(Strict):
    quantitative: List[Text] = Field(..., min_items=1)
    qualitative: List[Text] = Field(..., min_items=1)


class Return(Strict):
    to: Id
    when: Text


class Loop(Strict):
    """Where a step sits in the hypothesis-and-verification loop."""

    hypothesis: Text  # what this step lets you assume
    verification: Text  # how you check it before moving on
    next: Optional[Id] = None
    returns: List[Return] = []


class Step(Strict):
    id: Id
    label: constr(regex=r"^STEP[1-7](-[AB])?$")
    title: Text
    purpose: Text
    aliases: List[Text] = []
    loop: Loop
    data_hints: DataHints
    themes: List[Id] = []
    questions: List[Question] = Field(..., min_items=1)
    provenance: Provenance


class KeyedSummary(Strict):
    summary: Text
    key_points: List[Text] = Field(..., min_items=1)
    provenance: Provenance


class Theme(Strict):
    id: Id
    name: Text
    aliases: List[Text] = []  # words that mean the theme (サロン → 通いの場)
    basics: KeyedSummary
    steps: List[Id] = []
    questions: List[Question] = Field(..., min_items=1)
    provenance: Provenance


class Section(Strict):
    id: Id
    title: Text
    summary: Text
    key_points: List[Text] = Field(..., min_items=1)
    provenance: Provenance


class Term(Strict):
    id: Id
    name: Text
    reading: constr(strip_whitespace=True, regex=r"^[ぁ-んー・ 　]+$")
    definition: Text
    synonyms: List[Text] = []
    abbreviations: List[Text] = []
    variants: List[Text] = []
    related: List[Id] = []
    theme: Optional[Id] = None  # the theme this term belongs to, if any
    provenance: Provenance

    def surface_forms(self) -> List[str]:
        return [self.name, *self.synonyms, *self.abbreviations, *self.variants]


class Stage(Strict):
    id: Id
    name: Text
    when: Optional[Text] = None
    purpose: Text
    who: List[Text] = []
    provenance: Provenance


class Role(Strict):
    id: Id
    name: Text
    description: Text
    provenance: Provenance


class Programme(Strict):
    stages: List[Stage] = Field(..., min_items=1)
    roles: List[Role] = Field(..., min_items=1)


class Retired(Strict):
    id: Id
    reason: Text
    replaced_by: Optional[Id] = None


# A number with a unit: a statistic, a period, an age, a count of items or an article of law.
FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:[〜~～\-－ー]\s*\d[\d,.]*\s*)?"
    r"(%|％|人|か所|ヶ所|箇所|万|億|割|倍|市町村|か月|ヶ月|ケ月|カ月|ヵ月|箇月|年|項目|歳|条)"
)


def has_figure(text: str) -> bool:
    """A statistic-like figure; such text needs a cited source."""
    return bool(FIGURE.search(text))
