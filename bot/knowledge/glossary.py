"""Finding glossary terms in what people type."""

from __future__ import annotations

from typing import List, Optional

from bot.knowledge import provenance
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Term
from bot.normalize import match_key


def find_terms(kb: KnowledgeBase, text: str) -> List[Term]:
    """Terms named in ``text`` by any of their forms, longest match first."""
    key = match_key(text)
    found = []
    for term in kb.terms:
        lengths = [len(f) for f in map(match_key, term.surface_forms()) if f and f in key]
        if lengths:
            found.append((max(lengths), term))
    return [term for _, term in sorted(found, key=lambda pair: -pair[0])]


def find_term(kb: KnowledgeBase, text: str) -> Optional[Term]:
    """The term whose name or other form appears in ``text``; the longest form wins."""
    terms = find_terms(kb, text)
    return terms[0] if terms else None


def explain(kb: KnowledgeBase, term: Term) -> str:
    lines = [f"【{term.name}】（{term.reading}）", term.definition]
    others = [*term.abbreviations, *term.synonyms]
    if others:
        lines.append(f"別の呼び方: {'、'.join(others)}")
    related = [kb.term(r).name for r in term.related if kb.term(r)]
    if related:
        lines.append(f"関連: {'、'.join(related)}")
    lines.append(provenance.line(kb, [("term", [term.provenance])]))
    return "\n".join(lines)
