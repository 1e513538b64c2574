"""An adviser's prompt sheet for a visit: questions, viewpoints, prompts."""

from __future__ import annotations

import html
from typing import List, Optional, Tuple

from bot.knowledge import provenance
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Question, Step, Timing
from bot.normalize import match_key
from bot.vocabulary import step_forms


class PromptSheetError(Exception):
    pass


def resolve(kb: KnowledgeBase, theme: Optional[str] = None, step: Optional[str] = None):
    """A theme by name, alias or id; a step by label, id or any usual spelling."""
    if theme:
        key = match_key(theme)
        for t in kb.themes:
            if key in {match_key(x) for x in [t.id, t.id.split(".")[-1], t.name, *t.aliases]}:
                return t
        names = "、".join(t.name for t in kb.themes)
        raise PromptSheetError(f"テーマ「{theme}」が見つかりません。次のどれかを指定してください: {names}")
    key = match_key(step or "")
    for s in kb.steps:
        if key in {match_key(x) for x in [s.id, *step_forms(s.label, s.aliases)]}:
            return s
    labels = "、".join(s.label for s in kb.steps)
    raise PromptSheetError(f"STEP「{step}」が見つかりません。次のどれかを指定してください: {labels}")


def _heading(parent) -> Tuple[str, str]:
    if isinstance(parent, Step):
        return f"{parent.label} {parent.title}", parent.purpose
    return f"各論 {parent.name}", parent.basics.summary


def _prompts(kb: KnowledgeBase, q: Question, timing: Timing) -> List[Tuple[str, str]]:
    """(text, source tag) of the prompts shown before or after the viewpoints."""
    return [(p.text, provenance.item_tag(kb, q.prompts, p)) for p in q.prompts if p.timing is timing]


def _viewpoints(kb: KnowledgeBase, q: Question) -> List[Tuple[str, str]]:
    return [(v.text, provenance.item_tag(kb, q.viewpoints, v)) for v in q.viewpoints]


def _sources(kb: KnowledgeBase, q: Question) -> str:
    """「出典　問い: …（言い換え）／大事な視点: …／問いかけ例: プロジェクト作成」"""
    return "出典　" + "／".join(f"{subject}: {text}" for subject, text in provenance.sheet_parts(kb, q))


def _md_item(text: str, tag: str) -> str:
    return f"- {text}" + (f"　〔{tag}〕" if tag else "")


def render(kb: KnowledgeBase, theme: Optional[str] = None, step: Optional[str] = None, fmt: str = "md") -> str:
    parent = resolve(kb, theme, step)
    return (_html if fmt == "html" else _markdown)(kb, parent)


def _markdown(kb: KnowledgeBase, parent) -> str:
    title, lead = _heading(parent)
    lines = [f"# 問いかけシート：{title}", "", lead, "", f"*{provenance.SHEET_LEGEND}*", ""]
    for number, q in enumerate(parent.questions, start=1):
        local = "（地域の追加）" if kb.is_local(q.id) else ""
        lines += [f"## 問い{number}{local}　{q.text}", f"*{q.kind.value}*　`{q.id}`", "", f"*{_sources(kb, q)}*", ""]
        lines += ["**視点を見せる前の問いかけ**", *[_md_item(*p) for p in _prompts(kb, q, Timing.before)], ""]
        lines += ["**大事な視点**", *[_md_item(*v) for v in _viewpoints(kb, q)], ""]
        lines += ["**視点を見せた後の問いかけ**", *[_md_item(*p) for p in _prompts(kb, q, Timing.after)], ""]
        lines += ["**メモ**", "", "", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
@page { size: A4; margin: 15mm 14mm; }
body { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
       font-size: 10.5pt; line-height: 1.6; color: #1a1a1a; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 15pt; border-bottom: 2px solid #2f5d50; padding-bottom: 4px; }
.lead { color: #333; }
section.question { break-inside: avoid; page-break-inside: avoid; border: 1px solid #b9c9c2;
                   border-radius: 4px; padding: 6px 10px; margin: 10px 0; }
h2 { font-size: 12pt; margin: 4px 0; }
.meta { font-size: 8.5pt; color: #555; }
h3 { font-size: 10pt; margin: 6px 0 2px; color: #2f5d50; }
ul { margin: 0 0 4px 1.2em; padding: 0; }
.viewpoints { background: #f1f6f4; padding: 4px 8px; }
.memo { height: 22mm; border-top: 1px dashed #999; margin-top: 6px; }
.local { color: #8a4b00; font-weight: bold; }
.sources, .legend { font-size: 8pt; color: #555; margin: 2px 0; }
.tag { font-size: 8pt; color: #555; }
"""


def _html(kb: KnowledgeBase, parent) -> str:
    e = html.escape
    title, lead = _heading(parent)
    parts = [
        "<!DOCTYPE html>", '<html lang="ja">', "<head>", '<meta charset="utf-8">',
        f"<title>問いかけシート：{e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>問いかけシート：{e(title)}</h1>", f'<p class="lead">{e(lead)}</p>',
        f'<p class="legend">{e(provenance.SHEET_LEGEND)}</p>',
    ]
    for number, q in enumerate(parent.questions, start=1):
        local = ' <span class="local">（地域の追加）</span>' if kb.is_local(q.id) else ""
        parts += [
            '<section class="question">',
            f"<h2>問い{number}{local}　{e(q.text)}</h2>",
            f'<p class="meta">{e(q.kind.value)}　{e(q.id)}</p>',
            f'<p class="sources">{e(_sources(kb, q))}</p>',
            "<h3>視点を見せる前の問いかけ</h3>", _list(_prompts(kb, q, Timing.before)),
            '<div class="viewpoints"><h3>大事な視点</h3>', _list(_viewpoints(kb, q)), "</div>",
            "<h3>視点を見せた後の問いかけ</h3>", _list(_prompts(kb, q, Timing.after)),
            '<div class="memo" aria-label="メモ欄"></div>',
            "</section>",
        ]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _list(items: List[Tuple[str, str]]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(text)}" + (f' <span class="tag">〔{html.escape(tag)}〕</span>' if tag else "")
                            + "</li>" for text, tag in items) + "</ul>"
