"""Checks across entries: ids, cross-references, prompts, synonyms, figures."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Authored, Provenance, Question, QuestionKind, Theme, Timing, FIGURE, has_figure
from bot.knowledge.problems import Problem
from bot.normalize import match_key

PUBLISHED_IDS = "published_ids.txt"


def order_themes(reader, path: Path, lines: dict, order: List[str], themes: Dict[str, Theme]) -> List[Theme]:
    """Themes in the order index.yml gives; every theme listed exactly once."""
    ordered = []
    for index, theme_id in enumerate(order):
        if theme_id not in themes:
            reader.problem(path, lines.get(("themes", index), 1), f"テーマ「{theme_id}」のファイルがありません。",
                           "knowledge/themes/ にそのテーマのファイルを作るか、この行を消してください。")
        elif themes[theme_id] in ordered:
            reader.problem(path, lines.get(("themes", index), 1), f"テーマ「{theme_id}」が2回並んでいます。", "片方を消してください。")
        else:
            ordered.append(themes[theme_id])
    for theme_id, theme in themes.items():
        if theme not in ordered:
            reader.problem(path, 1, f"テーマ「{theme_id}」が index.yml の並びにありません。", f"themes: に「- {theme_id}」を足してください。")
            ordered.append(theme)
    return ordered


def run_all(reader, kb: KnowledgeBase, directory: Path) -> None:
    _References(reader, kb).check()
    _check_prompts(reader, kb)
    _check_surface_forms(reader, kb)
    _check_published_ids(reader, kb, directory / PUBLISHED_IDS)


class _References:
    def __init__(self, reader, kb: KnowledgeBase):
        self.reader, self.kb = reader, kb
        self.steps = {s.id for s in kb.steps}
        self.themes = {t.id for t in kb.themes}
        self.terms = {t.id for t in kb.terms}
        self.sources = set(kb.sources)

    def where(self, entry_id: str):
        return self.reader.lines.get(entry_id, ("knowledge", 1))

    def expect(self, owner: str, ids: Iterable[str], known: set, kind: str, fix: str) -> None:
        for ref in ids:
            if ref not in known:
                file, line = self.where(owner)
                self.reader.problems.append(Problem(file, line, f"{owner} の参照先「{ref}」という{kind}がありません。", fix))

    def provenance(self, owner: str, provenance: Provenance, texts: Iterable[str]) -> None:
        self.expect(owner, provenance.sources, self.sources, "出典", "knowledge/sources.yml にある出典の id を書いてください。")
        figures = [t for t in texts if t and has_figure(t)]
        if not provenance.sources and figures:
            file, line = self.where(owner)
            self.reader.problems.append(Problem(
                file, line, f"{owner} に数値がありますが、出典がありません（「{_figure_of(figures[0])}」）。",
                "provenance.sources に数値の載っている出典を書くか、数値を消してください。"))

    def question(self, q: Question) -> None:
        step_fix = "step1〜step7, step2a, step2b のどれかにしてください。"
        self.expect(q.id, q.steps, self.steps, "STEP", step_fix)
        self.expect(q.id, q.themes, self.themes, "テーマ", "theme.kayoinoba などテーマの id にしてください。")
        self.expect(q.id, q.terms, self.terms, "用語", "knowledge/glossary.yml にある用語の id にしてください。")
        viewpoints = {v.id for v in q.viewpoints}
        self.expect(q.id, (f.viewpoint for f in q.followups), viewpoints, "大事な視点",
                    "この問いの viewpoints にある id を書いてください。")
        # Each item answers for its own words: the question (with its hint and follow-ups), each viewpoint, each prompt.
        self.provenance(q.id, q.provenance, [q.text, q.hint, *(f.text for f in q.followups)])
        for item in [*q.viewpoints, *q.prompts]:
            self.provenance(item.id, item.provenance, [item.text])
        if q.kind is QuestionKind.common and not (
                q.provenance.authored is Authored.paraphrase
                and any(self.kb.sources[s].kind == "handbook" for s in q.provenance.sources if s in self.kb.sources)):
            file, line = self.where(q.id)
            self.reader.problems.append(Problem(
                file, line, f"{q.id} は「よくある問い」ですが、ハンドブックにある問いの言い換え（authored: paraphrase とハンドブックの出典）になっていません。",
                "「よくある問い」はハンドブックの見出しです。プロジェクトで作った問いは kind: 想定される問い か 考えて欲しい問い にしてください。"))

    def check(self) -> None:
        kb = self.kb
        for step in kb.steps:
            loop_targets = [t for t in [step.loop.next] if t] + [r.to for r in step.loop.returns]
            self.expect(step.id, loop_targets, self.steps, "STEP", "loop の next / returns には STEP の id を書いてください。")
            self.expect(step.id, step.themes, self.themes, "テーマ", "theme.kayoinoba などテーマの id にしてください。")
            loop = step.loop
            self.provenance(step.id, step.provenance, [step.purpose, loop.hypothesis, loop.verification,
                                                       *(r.when for r in loop.returns), *step.data_hints.quantitative,
                                                       *step.data_hints.qualitative])
            for q in step.questions:
                self.question(q)
        for theme in kb.themes:
            self.expect(theme.id, theme.steps, self.steps, "STEP", "step1〜step7 のどれかにしてください。")
            self.provenance(theme.id, theme.basics.provenance, [theme.basics.summary, *theme.basics.key_points])
            for q in theme.questions:
                self.question(q)
        for term in kb.terms:
            self.expect(term.id, term.related, self.terms, "用語", "glossary.yml にある用語の id にしてください。")
            if term.theme:
                self.expect(term.id, [term.theme], self.themes, "テーマ", "theme.kayoinoba などテーマの id にしてください。")
            self.provenance(term.id, term.provenance, [term.definition])
        for section in kb.sections:
            self.provenance(section.id, section.provenance, [section.summary, *section.key_points])
        if kb.programme:
            for entry in [*kb.programme.stages, *kb.programme.roles]:
                self.provenance(entry.id, entry.provenance, [getattr(entry, "purpose", ""), getattr(entry, "description", ""),
                                                             getattr(entry, "when", "")])
        for retired in kb.retired.values():
            if retired.replaced_by and kb.question(retired.replaced_by) is None:
                file, line = self.where(retired.id)
                self.reader.problems.append(Problem(file, line, f"後継の問い「{retired.replaced_by}」がありません。",
                                                     "replaced_by には今ある問いの id を書いてください。"))


def _figure_of(text: str) -> str:
    match = FIGURE.search(text)
    return match.group(0) if match else text[:20]


def _check_prompts(reader, kb: KnowledgeBase) -> None:
    for q in kb.questions():
        timings = {p.timing for p in q.prompts}
        for timing, label in ((Timing.before, "視点を見せる前"), (Timing.after, "視点を見せた後")):
            if timing not in timings:
                file, line = reader.lines.get(q.id, ("knowledge", 1))
                reader.problems.append(Problem(file, line, f"{q.id} に「{label}」の問いかけ例（timing: {timing.value}）がありません。",
                                                f"prompts に timing: {timing.value} の問いかけ例を足してください。"))


def _check_surface_forms(reader, kb: KnowledgeBase) -> None:
    """A synonym, abbreviation or variant may name one term only."""
    owner: Dict[str, str] = {}
    for term in kb.terms:
        for form in dict.fromkeys(match_key(f) for f in term.surface_forms()):
            if form in owner and owner[form] != term.id:
                file, line = reader.lines.get(term.id, ("knowledge/glossary.yml", 1))
                reader.problems.append(Problem(file, line, f"「{form}」は {owner[form]} と {term.id} の両方が名乗っています。",
                                                "どちらか一方の synonyms / abbreviations / variants から消し、もう一方は related で結んでください。"))
            owner.setdefault(form, term.id)


def _check_published_ids(reader, kb: KnowledgeBase, path: Path) -> None:
    """An id under which answers may be stored must never silently disappear."""
    if not path.exists():
        return
    known = kb.known_ids()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        qid = line.strip()
        if qid and not qid.startswith("#") and qid not in known:
            reader.problems.append(Problem(f"knowledge/{PUBLISHED_IDS}", number, f"問い「{qid}」が見つかりません（保存済みの回答がこの id を使っています）。",
                                            f"問いを戻すか、knowledge/retired.yml に「- id: {qid}」と理由（reason）を書いてください。"))


def unpublished_ids(kb: KnowledgeBase, directory: Path) -> List[str]:
    path = directory / PUBLISHED_IDS
    published = set(path.read_text(encoding="utf-8").split()) if path.exists() else set()
    return [q.id for q in kb.questions() if q.id not in published and not kb.is_local(q.id)]

