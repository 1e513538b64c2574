"""Load ``knowledge/`` (and an optional regional overlay) into a KnowledgeBase.

Loading validates: a knowledge base that loads is one that passed every check,
so nothing starts with broken content.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Type

from pydantic import BaseModel, ValidationError

from bot.knowledge import checks
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Programme, Question, Retired, Section, Source, Step, Term, Theme
from bot.knowledge.problems import KnowledgeError, Problem, pydantic_message
from bot.knowledge.yamlfile import YamlSyntaxError, line_of, load_with_lines

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "knowledge"
OVERLAY_ENV = "BANSO_KB_OVERLAY"
LOCAL_PREFIX = "local."


class _Reader:
    """Collects typed entries and every problem met while reading files."""

    def __init__(self, base: Path):
        self.base = base
        self.problems: List[Problem] = []
        self.lines: Dict[str, Tuple[str, int]] = {}  # entry id → (file, line)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.base.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message, fix))

    def read(self, path: Path, key: Optional[str], required: bool = True) -> Tuple[Any, dict]:
        """The value under ``key`` (or the whole document when ``key`` is None)."""
        if not path.exists():
            if required:
                self.problem(path, 1, "ファイルがありません。", f"{path.name} を作ってください。")
            return None, {}
        try:
            data, lines = load_with_lines(path)
        except YamlSyntaxError as err:
            self.problem(path, err.line, f"YAML として読めません（{err.problem}）。",
                         "字下げ、「:」の後の空白、引用符の閉じ忘れを確かめてください。")
            return None, {}
        if key is None and isinstance(data, dict):
            return data, lines
        if not isinstance(data, dict) or key not in data:
            self.problem(path, 1, f"最上位に「{key}:」がありません。", f"ファイルの先頭を「{key}:」で始めてください。")
            return None, {}
        return data[key], lines

    def model(self, path: Path, lines: dict, loc: tuple, cls: Type[BaseModel], raw: Any,
              new_ids: bool = True) -> Optional[BaseModel]:
        try:
            entry = cls.parse_obj(raw)
        except ValidationError as err:
            for error in err.errors():
                message, fix = pydantic_message(error)
                self.problem(path, line_of(lines, loc + tuple(error["loc"])), message, fix)
            return None
        if new_ids:
            self._remember_ids(path, lines, loc, raw)
        return entry

    def models(self, path: Path, key: str, cls: Type[BaseModel], required: bool = True) -> List[Any]:
        raw, lines = self.read(path, key, required)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(path, line_of(lines, (key,)), f"「{key}」はリストで書く必要があります。", "「- 」で始まる項目の並びにしてください。")
            return []
        entries = [self.model(path, lines, (key, i), cls, item) for i, item in enumerate(raw)]
        return [e for e in entries if e is not None]

    def _remember_ids(self, path: Path, lines: dict, loc: tuple, raw: Any) -> None:
        """Record where each id is written, so later checks can point at it."""
        if isinstance(raw, dict):
            if isinstance(raw.get("id"), str):
                here = (self.rel(path), line_of(lines, loc + ("id",)))
                if raw["id"] in self.lines and self.lines[raw["id"]] != here:
                    other = self.lines[raw["id"]]
                    self.problem(path, here[1], f"id「{raw['id']}」が重複しています（{other[0]}:{other[1]} にもあります）。",
                                 "どちらかの id を別の値にしてください。")
                else:
                    self.lines[raw["id"]] = here
            for k, v in raw.items():
                self._remember_ids(path, lines, loc + (k,), v)
        elif isinstance(raw, list):
            for i, v in enumerate(raw):
                self._remember_ids(path, lines, loc + (i,), v)


def _step_order(step: Step) -> Tuple[int, str]:
    match = re.match(r"STEP(\d)(?:-([AB]))?", step.label)
    return (int(match.group(1)), match.group(2) or "") if match else (99, step.label)


def load(directory: Path = DEFAULT_DIR, overlay: Optional[Path] = None) -> KnowledgeBase:
    """Load and validate; raise KnowledgeError listing every problem found."""
    directory = Path(directory)
    if overlay is None and os.environ.get(OVERLAY_ENV):
        overlay = Path(os.environ[OVERLAY_ENV])
    reader = _Reader(directory)

    sources = reader.models(directory / "sources.yml", "sources", Source)
    sections = reader.models(directory / "soron.yml", "sections", Section)
    terms = reader.models(directory / "glossary.yml", "terms", Term)
    retired = reader.models(directory / "retired.yml", "retired", Retired)
    programme_raw, programme_lines = reader.read(directory / "programme.yml", None)
    programme = None
    if programme_raw is not None:
        programme = reader.model(directory / "programme.yml", programme_lines, (), Programme, programme_raw)

    steps: List[Step] = []
    for path in sorted((directory / "steps").glob("*.yml")):
        raw, lines = reader.read(path, "step")
        if raw is not None:
            step = reader.model(path, lines, ("step",), Step, raw)
            if step:
                steps.append(step)
    steps.sort(key=_step_order)

    themes_by_id: Dict[str, Theme] = {}
    for path in sorted((directory / "themes").glob("*.yml")):
        raw, lines = reader.read(path, "theme")
        if raw is not None:
            theme = reader.model(path, lines, ("theme",), Theme, raw)
            if theme:
                themes_by_id[theme.id] = theme
    order, order_lines = reader.read(directory / "index.yml", "themes")
    themes = checks.order_themes(reader, directory / "index.yml", order_lines, order or [], themes_by_id)

    kb = KnowledgeBase(
        sources={s.id: s for s in sources},
        sections=sections,
        steps=steps,
        themes=themes,
        terms=terms,
        programme=programme,
        retired={r.id: r for r in retired},
    )
    if overlay is not None:
        _apply_overlay(reader, kb, Path(overlay))
    if not reader.problems:  # cross-checks on half-read files would only echo the first errors
        checks.run_all(reader, kb, directory)
    if reader.problems:
        raise KnowledgeError(reader.problems)
    return kb


def _apply_overlay(reader: _Reader, kb: KnowledgeBase, overlay: Path) -> None:
    """Regional additions: new ``local.`` questions, or replacements of official ones."""
    if not overlay.is_dir():
        reader.problem(overlay, 1, "地域の追加フォルダが見つかりません。",
                       f"{OVERLAY_ENV} に正しいフォルダのパスを設定してください。")
        return
    for path in sorted(overlay.glob("*.yml")):
        raw, lines = reader.read(path, "questions")
        if raw is None:
            continue
        if not isinstance(raw, list):
            reader.problem(path, 1, "「questions」はリストで書く必要があります。", "「- 」で始まる項目の並びにしてください。")
            continue
        for index, item in enumerate(raw):
            loc = ("questions", index)
            if not isinstance(item, dict) or "parent" not in item:
                reader.problem(path, line_of(lines, loc), "「parent」（追加先の STEP または テーマの id）がありません。",
                               "例: parent: step2a または parent: theme.kayoinoba")
                continue
            item = dict(item)
            parent_id = item.pop("parent")
            replaces = item.pop("replaces", None)
            question = reader.model(path, lines, loc, Question, item, new_ids=not replaces)
            if question is None:
                continue
            parent = kb.step(parent_id) or kb.theme(parent_id)
            if parent is None:
                reader.problem(path, line_of(lines, loc + ("parent",)), f"追加先「{parent_id}」が見つかりません。",
                               "STEP の id（step1 など）かテーマの id（theme.kayoinoba など）を書いてください。")
                continue
            questions = list(parent.questions)
            if replaces:
                if question.id != replaces or kb.parent_of(replaces) is not parent:
                    reader.problem(path, line_of(lines, loc + ("id",)),
                                   f"置き換える問い「{replaces}」は {parent_id} の問いで、id も同じにする必要があります。",
                                   f"id を「{replaces}」にし、parent を合わせてください。")
                    continue
                questions = [question if q.id == replaces else q for q in questions]
            else:
                if not question.id.startswith(LOCAL_PREFIX):
                    reader.problem(path, line_of(lines, loc + ("id",)),
                                   f"地域で追加する問いの id は「{LOCAL_PREFIX}」で始める必要があります。",
                                   f"例: {LOCAL_PREFIX}{parent_id}.q1（公式の id と重ならないようにするためです）")
                    continue
                questions.append(question)
            _replace_questions(kb, parent, questions)
            kb.local[question.id] = reader.rel(path)
    kb.reindex()


def _replace_questions(kb: KnowledgeBase, parent, questions: List[Question]) -> None:
    # Models are immutable: build a copy of the parent with the new question list.
    updated = parent.copy(update={"questions": questions})
    if isinstance(parent, Step):
        kb.steps = [updated if s.id == parent.id else s for s in kb.steps]
    else:
        kb.themes = [updated if t.id == parent.id else t for t in kb.themes]
    kb.reindex()
