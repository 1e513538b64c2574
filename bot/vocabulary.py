"""The entity vocabulary generated from the knowledge base.

Entity values come from knowledge, not from token boundaries: GiNZA/Sudachi
split compounds such as サービスC, so the entity extractor matches these forms
on the normalised text. Each entity type keeps its own table, because one form
can mean two things at once (SC: the term 生活支援コーディネーター and the
theme 生活支援体制整備事業) — Rasa's global synonym table cannot say that.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List

import yaml

from bot.knowledge.base import KnowledgeBase
from bot.normalize import match_key, normalize

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_FILE = ROOT / "data" / "vocabulary.yml"
HEADER = (
    "# 自動生成ファイルです。編集しないでください: banso kb vocabulary で knowledge/ から作り直します。\n"
    "# エンティティの種類 → 正規の値 → ボットが認識する書き方（照合時にかな・全角半角・大文字小文字は同一視します）。\n"
)
Vocabulary = Dict[str, Dict[str, List[str]]]


def step_forms(label: str, aliases: Iterable[str]) -> List[str]:
    """Ways people write a step: STEP2-A, ステップ2のA, step2a, 2-A, 第2ステップ …"""
    match = re.match(r"STEP(\d)(?:-([AB]))?$", label)
    digit, part = match.group(1), match.group(2) or ""
    heads = ["STEP", "ステップ", *_HEAD_SLIPS]
    forms = {label, *aliases}
    for number in (digit, KANJI_DIGITS[int(digit)], *_DIGIT_READINGS.get(digit, ())):
        if part:
            for letter in (part, _LETTER_READINGS[part]):
                for head in heads:
                    forms |= {f"{head}{number}-{letter}", f"{head}{number}{letter}", f"{head}{number}の{letter}",
                              f"{head}-{number}-{letter}", f"{head}-{number}{letter}"}
            forms |= {f"{number}-{part}", f"{number}の{part}"}
            # 「2つ目のステップのB」: the step's number counted, then its part
            forms |= {f"{number}{counter}の{head}{joint}{letter}" for counter in COUNTERS
                      for head in ("ステップ", "STEP") for joint in ("の", "") for letter in (part, _LETTER_READINGS[part])}
        else:
            forms |= {f"{head}{number}" for head in heads} | {f"{head}-{number}" for head in heads}  # STEP-6
            forms |= {f"第{number}ステップ", f"第{number}STEP", f"第{number}段階"}
    return sorted(forms)


def ordinal_forms(position: int, last: bool) -> List[str]:
    """「2つ目のステップ」「三番目のSTEP」「最後のステップ」: steps counted in the handbook's order."""
    numbers = [str(position), KANJI_DIGITS[position]] if position < 10 else [str(position)]
    words = [f"{n}{counter}" for n in numbers for counter in COUNTERS]
    words += ["最初", "一番最初", "はじめ"] if position == 1 else []
    words += ["最後", "一番最後", "最終"] if last else []
    heads = ("ステップ", "STEP", "すてっぷ")
    # 「ステップの2番目」: the head first; 「最終ステップ」 without の
    return sorted({f"{word}の{head}" for word in words for head in heads} |
                  {f"{head}の{word}" for word in words for head in heads} |
                  ({f"最終{head}" for head in heads} if last else set()))


KANJI_DIGITS = "〇一二三四五六七八九"
COUNTERS = ("つ目", "つめ", "番目")  # 2つ目, 三番目: also how bot.review tells a counted STEP
# Slips of the keyboard and the IME seen for the head word (swapped or dropped letters, missed dakuten).
_HEAD_SLIPS = ["STPE", "SETP", "STEPP", "ステプ", "スッテプ", "ステッフ"]
_LETTER_READINGS = {"A": "エー", "B": "ビー"}
# すてっぷいち, ステップなな. Not に (ステップに進む) or ご (ステップごと): they end ordinary words.
_DIGIT_READINGS = {"1": ["いち"], "3": ["さん"], "4": ["よん"], "6": ["ろく"], "7": ["なな", "しち"]}


def build(kb: KnowledgeBase) -> Vocabulary:
    """entity → canonical value → surface forms (normalised, one per match key)."""
    vocabulary: Vocabulary = {"theme": {}, "step": {}, "term": {}}
    for theme in kb.themes:
        forms = [theme.name, *theme.aliases]
        forms += [f for term in kb.terms if term.theme == theme.id for f in _term_forms(term)]
        vocabulary["theme"][theme.name] = _distinct(forms)
    for position, step in enumerate(kb.steps, start=1):
        forms = step_forms(step.label, step.aliases) + ordinal_forms(position, last=position == len(kb.steps))
        vocabulary["step"][step.label] = _distinct(forms)
    # A number shared by several steps (STEP2-A, STEP2-B) alone: the bot asks which one.
    for number, parts in steps_by_number(kb).items():
        if len(parts) > 1:
            vocabulary["step"][f"STEP{number}"] = _distinct(step_forms(f"STEP{number}", []))
    for term in kb.terms:
        vocabulary["term"][term.name] = _distinct(_term_forms(term))
    return vocabulary


def steps_by_number(kb: KnowledgeBase) -> Dict[str, List[str]]:
    """The handbook's step labels by their number: {"2": ["STEP2-A", "STEP2-B"], …}."""
    grouped: Dict[str, List[str]] = {}
    for step in kb.steps:
        grouped.setdefault(re.match(r"STEP(\d)", step.label).group(1), []).append(step.label)
    return grouped


def _term_forms(term) -> List[str]:
    """A term's names, and its reading when long enough not to hide inside other words."""
    return term.surface_forms() + ([term.reading] if len(term.reading) >= MIN_READING else [])


MIN_READING = 4


def _distinct(forms: Iterable[str]) -> List[str]:
    """One form per match key, so the file lists what is recognised, not its spellings."""
    seen: Dict[str, str] = {}
    for form in forms:
        seen.setdefault(match_key(form), normalize(form))
    return sorted(seen.values(), key=lambda f: (-len(f), f))


def render(kb: KnowledgeBase) -> str:
    return HEADER + yaml.dump(build(kb), allow_unicode=True, sort_keys=False, width=1000)


def read(path: Path = VOCABULARY_FILE) -> Vocabulary:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def is_stale(kb: KnowledgeBase, path: Path = VOCABULARY_FILE) -> bool:
    return not path.exists() or path.read_text(encoding="utf-8") != render(kb)


def write(kb: KnowledgeBase, path: Path = VOCABULARY_FILE) -> None:
    path.write_text(render(kb), encoding="utf-8")
