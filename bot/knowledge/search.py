"""Japanese-aware search over the whole knowledge base.

Documents and queries are analysed the same way (normalise → Sudachi content
words, plus character bigrams for compounds Sudachi splits), and a query is
expanded with the glossary: a synonym, abbreviation or reading of a term also
finds entries that use the term's other names. Ranked with BM25.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional

from bot.analysis import content_words
from bot.knowledge import provenance
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.glossary import find_terms
from bot.normalize import match_key, normalize

# In the chat people ask "what does the handbook say about X": the frame around X
# (ハンドブックでは…についてどう書いてありますか) names the source and the act of asking,
# not the topic. Left in, ハンドブック finds the glossary entry 支援パッケージ first.
_FRAME_PATTERNS = [
    r"(地域づくり支援)?(ハンドブック|手引き?書?|冊子|支援パッケージ)(的に|の中|上)?(では|には|で|に|は|やと|の|だと)",
    r"(について|に関して|に関する|のことを?|の該当箇所|の記載|の説明)",
    r"(は|を|が|で)?(どう|どのように|何と|なんと|何て|なんて|どんなことが|何か)?"
    r"(書いて|書かれて|書いてあ|載って|説明して|説明されて|記載されて|記載が|言って|扱って|位置づけて|整理されて"
    r"|紹介されて|示されて|触れられて|とされて)"
    r"(あり|い|る|お|あっ|あ)?(ます|ました|る|た|ません)?(か|っけ|の|ん)?",
    # Requests at the end only: 「答えを教えてしまっていいのか」 is a topic.
    r"(を|は)?(確認したい|知りたい|教えて(ください|ほしい)?|お示しいただけますか|ありますか|ある)[?？。]*$",
]
_FRAME = re.compile("|".join(f"(?:{p})" for p in _FRAME_PATTERNS))
_LEFTOVER = re.compile(r"^[、。,.!?！？\s]+|[、。,.!?！？\s]+$")


def topic_of(query: str) -> str:
    """The query without its frame; the query itself when nothing else is left (「ハンドブックとは」)."""
    text = normalize(query)
    topic = _LEFTOVER.sub("", _FRAME.sub(" ", text)).strip()
    return topic if len(topic) >= 2 else text


K1, B = 1.4, 0.6
TITLE_WEIGHT = 2  # words of a title count as if written twice


@dataclass
class Document:
    id: str
    kind: str
    title: str
    body: str
    source: str = ""  # where its words come from (bot.knowledge.provenance), shown beside a hit


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    snippet: str
    score: float
    source: str = ""


def documents(kb: KnowledgeBase) -> List[Document]:
    def said(entry) -> str:
        return provenance.line(kb, [("term", [entry.provenance])])

    docs: List[Document] = []
    for section in kb.sections:
        docs.append(Document(section.id, "総論", section.title, " ".join([section.summary, *section.key_points]),
                             said(section)))
    for step in kb.steps:
        docs.append(Document(step.id, "STEP", f"{step.label} {step.title}", step.purpose, said(step)))
    for theme in kb.themes:
        docs.append(Document(theme.id, "各論", f"{theme.name}（基本的事項）",
                             " ".join([" ".join(theme.aliases), theme.basics.summary, *theme.basics.key_points]),
                             said(theme.basics)))
    for parent in [*kb.steps, *kb.themes]:
        label = getattr(parent, "label", None) or parent.name
        for q in parent.questions:
            body = " ".join([*(v.text for v in q.viewpoints), *(p.text for p in q.prompts), q.hint or ""])
            docs.append(Document(q.id, f"{label}の問い", q.text, body, provenance.question_line(kb, q)))
    for term in kb.terms:
        docs.append(Document(term.id, "用語", term.name, " ".join([*term.surface_forms(), term.reading, term.definition]),
                             said(term)))
    if kb.programme:
        for stage in kb.programme.stages:
            docs.append(Document(stage.id, "支援の流れ", stage.name, stage.purpose, said(stage)))
        for role in kb.programme.roles:
            docs.append(Document(role.id, "支援チーム", role.name, role.description, said(role)))
    return docs


def features(text: str) -> List[str]:
    key = match_key(text)
    bigrams = [f"#{key[i:i + 2]}" for i in range(len(key) - 1)]
    return content_words(text) + bigrams


class Searcher:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.docs = documents(kb)
        self.tf: List[Counter] = []
        for doc in self.docs:
            counts = Counter(features(doc.body))
            for feature in features(doc.title):
                counts[feature] += TITLE_WEIGHT
            self.tf.append(counts)
        self.lengths = [sum(c.values()) for c in self.tf]
        self.average = sum(self.lengths) / max(len(self.lengths), 1)
        df = Counter(f for counts in self.tf for f in counts)
        n = len(self.docs)
        self.idf: Dict[str, float] = {f: math.log(1 + (n - d + 0.5) / (d + 0.5)) for f, d in df.items()}

    def expand(self, query: str) -> Counter:
        weights = Counter(features(query))
        for term in find_terms(self.kb, query):
            for form in term.surface_forms():
                for feature in content_words(form):
                    weights[feature] += 0.5
            weights[f"term:{term.id}"] += 1
        return weights

    def search(self, query: str, limit: int = 5, kinds: Optional[Iterable[str]] = None) -> List[Hit]:
        query = topic_of(query)
        weights = self.expand(query)
        matched_terms = {f[5:] for f in weights if f.startswith("term:")}
        scores = []
        for index, counts in enumerate(self.tf):
            doc = self.docs[index]
            norm = K1 * (1 - B + B * self.lengths[index] / self.average)
            score = sum(
                w * self.idf.get(f, 0.0) * counts[f] * (K1 + 1) / (counts[f] + norm)
                for f, w in weights.items() if f in counts
            )
            if doc.id in matched_terms:
                score *= 1.5  # asking about a term: its own entry first
            if score > 0:
                scores.append((score, index))
        scores.sort(reverse=True)
        hits = []
        for score, index in scores[:limit]:
            doc = self.docs[index]
            hits.append(Hit(doc.id, doc.kind, doc.title, snippet(doc.body, query), round(score, 3), doc.source))
        return hits


def snippet(body: str, query: str, width: int = 70) -> str:
    """The part of the body nearest the query's first matching word."""
    for word in content_words(query):
        at = body.find(word)
        if at >= 0:
            start = max(0, at - width // 3)
            text = body[start:start + width]
            return ("…" if start else "") + text + ("…" if start + width < len(body) else "")
    return body[:width] + ("…" if len(body) > width else "")


@lru_cache(maxsize=1)
def searcher() -> Searcher:
    from bot import services

    return Searcher(services.knowledge())
