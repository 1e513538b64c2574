"""Counts of the knowledge base (banso kb stats)."""

from __future__ import annotations

from typing import Any, Dict

from bot.knowledge import provenance
from bot.knowledge.base import KnowledgeBase


def _counts(questions) -> Dict[str, int]:
    return {
        "questions": len(questions),
        "viewpoints": sum(len(q.viewpoints) for q in questions),
        "prompts": sum(len(q.prompts) for q in questions),
    }


def compute(kb: KnowledgeBase) -> Dict[str, Any]:
    questions = kb.questions()
    cross_references = sum(len(q.steps) + len(q.themes) + len(q.terms) for q in questions)
    cross_references += sum(len(s.themes) for s in kb.steps) + sum(len(t.steps) for t in kb.themes)
    cross_references += sum(len(t.related) for t in kb.terms)
    totals = _counts(questions)
    return {
        "steps": len(kb.steps),
        "themes": len(kb.themes),
        "questions": totals["questions"],
        "viewpoints": totals["viewpoints"],
        "prompts": totals["prompts"],
        "terms": len(kb.terms),
        "cross_references": cross_references,
        "sections": len(kb.sections),
        "local_questions": len(kb.local),
        "per_step": {s.label: _counts(s.questions) for s in kb.steps},
        "per_theme": {t.name: _counts(t.questions) for t in kb.themes},
        "term_names": [t.name for t in kb.terms],
        # Per kind (question, viewpoint, prompt, and the other entries): the handbook's or the project's.
        "authored": provenance.counts(kb),
    }


def render(numbers: Dict[str, Any]) -> str:
    lines = [
        f"STEP {numbers['steps']} ／ テーマ {numbers['themes']} ／ 総論 {numbers['sections']} 節",
        f"問い {numbers['questions']} ／ 大事な視点 {numbers['viewpoints']} ／ 問いかけ例 {numbers['prompts']}",
        f"用語 {numbers['terms']} ／ 相互参照 {numbers['cross_references']}",
    ]
    authored = numbers.get("authored") or {}
    if authored:
        names = {"question": "問い", "viewpoint": "大事な視点", "prompt": "問いかけ例"}
        lines.append("出どころ（ハンドブックの言い換え ／ プロジェクト作成）: " + "、".join(
            f"{name} {authored[kind]['handbook']}／{authored[kind]['project']}" for kind, name in names.items()))
    lines.append("")
    for label, c in [*numbers["per_step"].items(), *numbers["per_theme"].items()]:
        lines.append(f"  {label}: 問い {c['questions']}、視点 {c['viewpoints']}、問いかけ例 {c['prompts']}")
    return "\n".join(lines)
