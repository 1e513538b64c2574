"""Where an item's words come from, said the same way in the chat, on sheets and on the web page.

Every question, viewpoint and prompt carries a provenance (models.Question fills a
viewpoint's or prompt's from the question's when it has none of its own). This module
only words it: 「地域づくり支援ハンドブック vol.1 各論「通いの場」（言い換え）」 or
「プロジェクト作成」, and one short line for a group of items shown together.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Tuple

from bot import messages
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Authored, Provenance, Question

# On prompt sheets: a group whose items differ says so, and each item then carries its own tag.
SHEET_EACH = "項目ごとに記載"
SHEET_LEGEND = ("出典の見方: 「言い換え」はハンドブックなどにある内容をプロジェクトの言葉で書いたもの、"
                "「プロジェクト作成」はハンドブックのねらいに沿ってプロジェクトが書いたものです（原文ではありません）。")


def source_labels(kb: KnowledgeBase, provenance: Provenance, limit: int = 1) -> List[str]:
    """The short names of an item's sources, the handbook's first."""
    known = [kb.sources[s] for s in provenance.sources if s in kb.sources]
    known.sort(key=lambda s: s.kind != "handbook")  # stable: the written order within each kind
    return list(dict.fromkeys(s.label for s in known))[:limit]


def describe(kb: KnowledgeBase, provenance: Provenance, limit: int = 1) -> str:
    """「…（言い換え）」, 「プロジェクト作成（…の見出しをもとに）」 or 「プロジェクト作成」."""
    caption = provenance.authored is Authored.caption
    labels = "、".join(source_labels(kb, provenance, 1 if caption else limit))  # a caption is one figure's
    if provenance.authored is Authored.paraphrase and labels:
        return messages.SOURCE_PARAPHRASE.format(source=labels)
    if caption and labels:
        return messages.SOURCE_CAPTION.format(source=labels)
    return messages.SOURCE_PROJECT


def line(kb: KnowledgeBase, parts: Sequence[Tuple[str, Iterable[Provenance]]]) -> str:
    """One short line for items shown together, naming the handbook's sections only:
    「出典: 地域づくり支援ハンドブック vol.1 各論「通いの場」（問い・大事な視点の言い換え）、ほかはプロジェクト作成」.

    ``parts`` are (kind, provenances) in the order shown. Whatever is not a paraphrase is 「プロジェクト作成」
    here; the caption a question was built on is named on sheets and on the knowledge page.
    """
    by_source: Dict[str, List[str]] = {}
    ours = False
    for kind, provenances in parts:
        provenances = list(provenances)
        subject = messages.SOURCE_SUBJECTS.get(kind, kind)
        labels = [source_labels(kb, p)[0] if p.authored.from_handbook and source_labels(kb, p) else None
                  for p in provenances]
        ours = ours or None in labels
        for label in dict.fromkeys(x for x in labels if x):
            part = subject if labels.count(label) == len(labels) else messages.SOURCE_SOME.format(subject=subject)
            by_source.setdefault(label, []).append(part)
    if not by_source:
        return messages.SOURCE_LINE.format(text=messages.SOURCE_PROJECT)
    whole = not ours and len(by_source) == 1
    texts = [messages.SOURCE_PARAPHRASE.format(source=label) if whole else
             messages.SOURCE_PARAPHRASE_OF.format(source=label, subjects="・".join(subjects))
             for label, subjects in by_source.items()]
    if ours:
        texts.append(messages.SOURCE_REST)
    return messages.SOURCE_LINE.format(text="、".join(texts))


def question_line(kb: KnowledgeBase, question: Question, viewpoints: bool = True, prompts=None,
                  with_question: bool = True) -> str:
    """The line for a question as shown: itself, its viewpoints, and the prompts shown (all by default)."""
    shown = question.prompts if prompts is None else prompts
    parts = []
    if with_question:
        parts.append(("question", [question.provenance]))
    if viewpoints:
        parts.append(("viewpoint", [v.provenance for v in question.viewpoints]))
    parts.append(("prompt", [p.provenance for p in shown]))
    return line(kb, parts)


def counts(kb: KnowledgeBase) -> Dict[str, Dict[str, object]]:
    """Per kind of item: how many are the handbook's (paraphrase) and how many the project's, and per label."""
    table: Dict[str, List[Provenance]] = {"question": [], "viewpoint": [], "prompt": []}
    for q in kb.questions():
        for kind, item in q.items():
            table[kind].append(item.provenance)
    table["step"] = [s.provenance for s in kb.steps]
    table["theme"] = [t.basics.provenance for t in kb.themes]
    table["section"] = [s.provenance for s in kb.sections]
    table["term"] = [t.provenance for t in kb.terms]
    if kb.programme:
        table["stage"] = [s.provenance for s in kb.programme.stages]
        table["role"] = [r.provenance for r in kb.programme.roles]
    result: Dict[str, Dict[str, object]] = {}
    for kind, provenances in table.items():
        handbook = sum(1 for p in provenances if p.authored.from_handbook)
        result[kind] = {
            "handbook": handbook,
            "project": len(provenances) - handbook,
            "labels": {a.value: sum(1 for p in provenances if p.authored is a) for a in Authored},
        }
    return result


def sheet_parts(kb: KnowledgeBase, question: Question) -> List[Tuple[str, str]]:
    """For a sheet: (subject, description) for the question, its viewpoints and its prompts; where the items of
    a group differ, the group says so and each item carries its own tag (``item_tag``)."""
    groups = [("question", [question]), ("viewpoint", question.viewpoints), ("prompt", question.prompts)]
    parts: List[Tuple[str, str]] = []
    for kind, items in groups:
        texts = list(dict.fromkeys(describe(kb, i.provenance) for i in items))
        subject, text = messages.SOURCE_SUBJECTS[kind], texts[0] if len(texts) == 1 else SHEET_EACH
        if parts and parts[-1][1] == text != SHEET_EACH:  # 「問い・大事な視点: …」
            parts[-1] = (f"{parts[-1][0]}・{subject}", text)
        else:
            parts.append((subject, text))
    return parts


def item_tag(kb: KnowledgeBase, items, item) -> str:
    """The tag beside one viewpoint or prompt on a sheet: empty unless its group is mixed."""
    texts = {describe(kb, i.provenance) for i in items}
    return describe(kb, item.provenance) if len(texts) > 1 else ""
