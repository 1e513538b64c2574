"""The NLU vocabulary generated from the knowledge base.

Entity values come from knowledge, not from token boundaries: GiNZA splits
compounds such as サービスC, so Rasa matches these lookup tables on the raw
(normalised) text and maps every surface form to its canonical value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List

import yaml

from bot.knowledge.base import KnowledgeBase
from bot.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_FILE = ROOT / "data" / "nlu" / "vocabulary.yml"
HEADER = "# 自動生成ファイルです。編集しないでください: banso kb vocabulary で knowledge/ から作り直します。\n"
_KATAKANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
_DIGITS_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def step_forms(label: str, aliases: Iterable[str]) -> List[str]:
    """Ways people write a step: STEP2-A, ステップ2のA, step2a, 2-A, 第2ステップ …"""
    match = re.match(r"STEP(\d)(?:-([AB]))?$", label)
    number, part = match.group(1), match.group(2) or ""
    forms = {label, *aliases}
    heads = ["STEP", "STEP ", "ステップ", "ステップ ", "すてっぷ", "step", "Step"]
    if part:
        for head in heads:
            forms |= {f"{head}{number}-{part}", f"{head}{number}{part}", f"{head}{number}の{part}",
                      f"{head}{number}-{part.lower()}", f"{head}{number}{part.lower()}"}
        forms |= {f"{number}-{part}", f"{number}の{part}"}
    else:
        forms |= {f"{head}{number}" for head in heads}
        forms |= {f"第{number}ステップ", f"第{number}STEP"}
    return sorted(forms)


def _variants(form: str) -> List[str]:
    """The form as written, normalised, in hiragana, and with full-width digits."""
    normal = normalize(form)
    variants = {normal, normal.translate(_KATAKANA)}
    variants |= {v.translate(_DIGITS_FULL) for v in list(variants)}
    return [v for v in variants if v]


def build(kb: KnowledgeBase) -> Dict[str, Dict[str, List[str]]]:
    """entity → canonical value → surface forms."""
    vocabulary: Dict[str, Dict[str, List[str]]] = {"theme": {}, "step": {}, "term": {}}
    for theme in kb.themes:
        forms = [theme.name, *theme.aliases]
        forms += [f for term in kb.terms if term.theme == theme.id for f in term.surface_forms()]
        vocabulary["theme"][theme.name] = forms
    for step in kb.steps:
        vocabulary["step"][step.label] = step_forms(step.label, step.aliases)
    for term in kb.terms:
        vocabulary["term"][term.name] = term.surface_forms()
    return vocabulary


def render(kb: KnowledgeBase) -> str:
    nlu: List[dict] = []
    synonyms: Dict[str, set] = {}
    for entity, values in build(kb).items():
        elements = set()
        for value, forms in values.items():
            for form in forms:
                for variant in _variants(form):
                    elements.add(variant)
                    if variant != value:
                        synonyms.setdefault(value, set()).add(variant)
        # Longest first, so a long form wins over a shorter one inside it.
        nlu.append({"lookup": entity, "examples": _block(sorted(elements, key=lambda e: (-len(e), e)))})
    for value in sorted(synonyms):
        nlu.append({"synonym": value, "examples": _block(sorted(synonyms[value]))})
    body = yaml.dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False, width=1000)
    return HEADER + body


def _block(items: List[str]) -> "_Literal":
    return _Literal("".join(f"- {_quote(i)}\n" for i in items))


def _quote(item: str) -> str:
    return f'"{item}"' if re.search(r"[:#\"'{}\[\],&*!|>%@`]", item) or item[:1] in "-?" else item


class _Literal(str):
    pass


yaml.add_representer(_Literal, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|"))


def is_stale(kb: KnowledgeBase, path: Path = VOCABULARY_FILE) -> bool:
    return not path.exists() or path.read_text(encoding="utf-8") != render(kb)


def write(kb: KnowledgeBase, path: Path = VOCABULARY_FILE) -> None:
    path.write_text(render(kb), encoding="utf-8")
