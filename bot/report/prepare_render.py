"""A preparation sheet (bot.report.prepare) as A4 HTML, Markdown or an Excel workbook.

Every piece of text from the record is already masked (prepare.build), and is escaped here as
the report's renderers escape it: html.escape for HTML, the Markdown renderer's escape for
Markdown, text cells for Excel (never a formula; see bot.report.render.starts_like_formula).

The HTML prints on A4 in black and white: no item breaks across pages, each has a blank メモ
area, ticks print as ☑/☐. The web app shows the same body inside its page, with a checkbox in
place of each ☑/☐ (``html_body(prep, form=True)``).
"""

from __future__ import annotations

from html import escape
from io import BytesIO
from typing import List

from bot.report.dates import wareki_datetime
from bot.report.prepare import HEADINGS, LEADS, MASKED_NOTE, ORDER_NOTE, TIMING_LABELS, Item, Preparation
from bot.report.render import MEDIA_TYPES as _REPORT_MEDIA_TYPES
from bot.report.render import starts_like_formula

FORMATS = ("html", "md", "xlsx")
MEDIA_TYPES = {fmt: _REPORT_MEDIA_TYPES[fmt] for fmt in FORMATS}
TICKED, UNTICKED = "☑", "☐"

CSS = """
@page { size: A4; margin: 14mm 13mm; }
.prep-page { max-width: 184mm; margin: 0 auto; }
.prep { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  font-size: 10.5pt; line-height: 1.6; color: #111; max-width: 184mm; margin: 0 auto; }
.prep h1 { font-size: 15pt; border-bottom: 2px solid #222; padding-bottom: 3px; margin: 0 0 6px; }
.prep h2 { font-size: 12.5pt; border-bottom: 1px solid #222; margin: 16px 0 4px; break-after: avoid; page-break-after: avoid; }
.prep h3 { font-size: 11pt; margin: 0 0 2px; }
.prep h4 { font-size: 9.5pt; margin: 6px 0 2px; }
.prep ul { margin: 0 0 4px 1.3em; padding: 0; }
.prep .prep-meta { list-style: none; margin: 0 0 6px; padding: 0; }
.prep .prep-masked { display: inline-block; border: 1px solid #555; padding: 1px 6px; font-size: 9pt; margin: 0 0 6px; }
.prep .prep-notes { border: 2px solid #222; padding: 4px 10px; margin: 8px 0; }
.prep .prep-notes p { margin: 2px 0; }
.prep .prep-order, .prep .prep-lead { font-size: 9.5pt; color: #333; margin: 2px 0 6px; break-after: avoid; page-break-after: avoid; }
.prep .prep-item { border: 1px solid #666; border-radius: 3px; padding: 6px 10px; margin: 8px 0;
  break-inside: avoid; page-break-inside: avoid; }
.prep .prep-where { font-size: 8.5pt; color: #444; margin: 0 0 2px; }
.prep .prep-tag { border: 1px solid #444; border-radius: 2px; padding: 0 4px; font-size: 8pt; margin-left: 4px; }
.prep blockquote { margin: 4px 0; padding: 2px 8px; border-left: 4px solid #444; background: #f0f0f0;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.prep .prep-who, .prep .prep-extra { font-size: 9pt; color: #333; margin: 2px 0; }
.prep .prep-source { font-size: 0.8em; color: #555; margin: 2px 0; }
.prep .prep-viewpoints { background: #f0f0f0; padding: 2px 8px 4px; margin-top: 4px; }
.prep ul.prep-prompts { list-style: none; margin: 0; }
.prep ul.prep-prompts li { margin: 2px 0; padding-left: 1.7em; text-indent: -1.7em; }
.prep .prep-box { display: inline-block; width: 1.5em; text-indent: 0; font-size: 1.15em; line-height: 1; }
.prep label { display: inline; font-weight: 400; margin: 0; }
.prep input[type="checkbox"] { width: 1.15em; height: 1.15em; margin: 0 .45em 0 0; padding: 0; vertical-align: -0.2em; }
.prep .prep-by { font-size: 8.5pt; color: #444; }
.prep .prep-memo { border: 1px dashed #777; min-height: 22mm; margin-top: 6px; padding: 1px 6px; font-size: 8.5pt; color: #555; }
.prep .prep-memo.prep-large { min-height: 55mm; }
.prep .prep-hints { font-size: 9pt; border: 1px solid #999; padding: 2px 8px; margin: 4px 0 6px; }
@media print {
  header.site, .skip-link, .no-print { display: none !important; }
  main { padding: 0 !important; max-width: none !important; }
  .prep, .prep-page { max-width: none; }
}
""".strip()


def render(prep: Preparation, fmt: str) -> bytes:
    if fmt == "html":
        return html(prep)
    if fmt == "md":
        return markdown(prep)
    if fmt == "xlsx":
        return xlsx(prep)
    raise ValueError(f"unknown sheet format {fmt!r}; choose one of {', '.join(FORMATS)}")


def filename(prep: Preparation, fmt: str) -> str:
    """ASCII only (a header value): banso-prepare-063240-1.5mtg.html; other events by their position."""
    event = prep.event if prep.event.isascii() else f"event{_event_number(prep.event)}"
    return f"banso-prepare-{prep.code}-{event}.{fmt}"


def _event_number(event: str) -> int:
    from bot.store.models import CYCLE_EVENTS

    return CYCLE_EVENTS.index(event) + 1 if event in CYCLE_EVENTS else 0


# ---------------------------------------------------------------- HTML

def _e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def _tag(item: Item) -> str:
    return '<span class="prep-tag">前回から</span>' if item.new and item.kind != "new_answer" else ""


def _prompt(choice, form: bool) -> str:
    by = f'<span class="prep-by">（{_e(choice.by)}さんが選択）</span>' if choice.ticked and choice.by else ""
    if form:
        checked = " checked" if choice.ticked else ""
        return (f'<li><label><input type="checkbox" name="prompt" value="{_e(choice.id)}"{checked}>'
                f'{_e(choice.text)}</label>{by}<input type="hidden" name="shown" value="{_e(choice.id)}"></li>')
    mark, said = (TICKED, "使う") if choice.ticked else (UNTICKED, "未選択")
    return (f'<li><span class="prep-box" role="img" aria-label="{said}">{mark}</span>'
            f"{_e(choice.text)}{by}</li>")


def _item(item: Item, form: bool) -> List[str]:
    out = ['<article class="prep-item">', f"<h3>{_e(item.question)}</h3>",
           f'<p class="prep-where">{_e(item.parent)}・問い {_e(item.question_id)}{_tag(item)}</p>']
    if item.answer is not None:
        text = item.answer if item.answer.strip() else "（空の回答）"
        out.append(f"<blockquote>{_e(text)}</blockquote>")
        for reply in item.replies:
            out += ['<p class="prep-who">深掘りへの返答:</p>', f"<blockquote>{_e(reply)}</blockquote>"]
        if item.answered_by and item.answered_at:
            out.append(f'<p class="prep-who">{_e(item.answered_by)}（{_e(wareki_datetime(item.answered_at))}）</p>')
    for comment in item.comments:
        out.append(f'<p class="prep-extra">{_e(comment)}</p>')
    if item.followup:
        out.append(f'<p class="prep-extra">ボットの深掘りの問い（未回答）: {_e(item.followup)}</p>')
    if item.hint:
        out.append(f'<p class="prep-extra">入りやすい切り口: {_e(item.hint)}</p>')
    if item.note:
        out.append(f'<p class="prep-extra">{_e(item.note)}</p>')
    if item.viewpoints:
        out += ['<div class="prep-viewpoints"><h4>大事な視点</h4><ul>']
        out += [f"<li>{_e(v)}</li>" for v in item.viewpoints] + ["</ul></div>"]
    out.append(f"<h4>{_e(TIMING_LABELS.get(item.timing, '問いかけ'))}</h4>")
    out += ['<ul class="prep-prompts">'] + [_prompt(c, form) for c in item.prompts] + ["</ul>"]
    if item.source:
        out.append(f'<p class="prep-source">{_e(item.source)}</p>')
    out += ['<div class="prep-memo">メモ</div>', "</article>"]
    return out


def html_body(prep: Preparation, form: bool = False) -> str:
    """The sheet as an HTML fragment (``<div class="prep">``); with form=True, checkboxes for a surrounding form."""
    out = ['<div class="prep">', "<header>", f"<h1>{_e(prep.title)}</h1>", '<ul class="prep-meta">',
           f"<li>会: {_e(prep.meeting_label)}</li>",
           f"<li>対象の回答: {_e(prep.since_label)}</li>",
           f"<li>回答のある問い: {prep.answered} 問</li>",
           f"<li>作成: {_e(wareki_datetime(prep.generated_at))}</li>", "</ul>"]
    if prep.masked:
        out.append(f'<p class="prep-masked">{_e(MASKED_NOTE)}</p>')
    if prep.notes:
        out += ['<div class="prep-notes" role="note">'] + [f"<p>{_e(n)}</p>" for n in prep.notes] + ["</div>"]
    if prep.items:
        out.append(f'<p class="prep-order">{_e(ORDER_NOTE)}</p>')
    out.append("</header>")
    for number, (kind, items) in enumerate(prep.sections, start=1):
        out += [f'<section class="prep-section" id="prep-{_e(kind)}">',
                f"<h2>{number}. {_e(HEADINGS[kind])}（{len(items)}件）</h2>", f'<p class="prep-lead">{_e(LEADS[kind])}</p>']
        if kind == "no_data":
            for step, (quantitative, qualitative) in prep.data_hints.items():
                out += [f'<div class="prep-hints"><h4>{_e(step)} で手がかりになるデータ</h4><ul>']
                out += [f"<li>数字: {_e(t)}</li>" for t in quantitative] + [f"<li>声・記録: {_e(t)}</li>" for t in qualitative]
                out.append("</ul></div>")
        for item in items:
            out += _item(item, form)
        out.append("</section>")
    out += ['<section class="prep-section" id="prep-memo">', "<h2>全体のメモ</h2>",
            '<div class="prep-memo prep-large">メモ</div>', "</section>", "</div>"]
    return "\n".join(out)


def html(prep: Preparation) -> bytes:
    """A standalone A4 document: inline CSS, no scripts, nothing fetched."""
    out = ["<!DOCTYPE html>", '<html lang="ja">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(prep.title)}</title>", f"<style>\nbody {{ margin: 0; padding: 8mm 0; }}\n{CSS}\n</style>",
           "</head>", "<body>", html_body(prep), "</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")


# ---------------------------------------------------------------- Markdown

def markdown(prep: Preparation) -> bytes:
    from bot.report.render.markdown import block, inline

    out = [f"# {inline(prep.title)}", "", f"- 会: {inline(prep.meeting_label)}", f"- 対象の回答: {inline(prep.since_label)}",
           f"- 回答のある問い: {prep.answered} 問", f"- 作成: {wareki_datetime(prep.generated_at)}"]
    if prep.masked:
        out.append(f"- {MASKED_NOTE}")
    out.append("")
    for note in prep.notes:
        out += [f"> {inline(note)}", ""]
    if prep.items:
        out += [inline(ORDER_NOTE), ""]
    for number, (kind, items) in enumerate(prep.sections, start=1):
        out += [f"## {number}. {HEADINGS[kind]}（{len(items)}件）", "", LEADS[kind], ""]
        if kind == "no_data":
            for step, (quantitative, qualitative) in prep.data_hints.items():
                out += [f"{inline(step)} で手がかりになるデータ:", ""]
                out += [f"- 数字: {inline(t)}" for t in quantitative] + [f"- 声・記録: {inline(t)}" for t in qualitative]
                out.append("")
        for item in items:
            tag = "（前回から）" if item.new and item.kind != "new_answer" else ""
            out += [f"### {inline(item.question)}", "", f"{inline(item.parent)}・問い {inline(item.question_id)}{tag}", ""]
            if item.answer is not None:
                out += block(item.answer, "> ") if item.answer.strip() else ["> （空の回答）"]
                for reply in item.replies:
                    out += ["", "深掘りへの返答:", ""] + block(reply, "> ")
                if item.answered_by and item.answered_at:
                    out += ["", f"{inline(item.answered_by)}（{wareki_datetime(item.answered_at)}）"]
                out.append("")
            for comment in item.comments:
                out += [inline(comment), ""]
            if item.followup:
                out += [f"ボットの深掘りの問い（未回答）: {inline(item.followup)}", ""]
            if item.hint:
                out += [f"入りやすい切り口: {inline(item.hint)}", ""]
            if item.note:
                out += [inline(item.note), ""]
            if item.viewpoints:
                out += ["**大事な視点**", ""] + [f"- {inline(v)}" for v in item.viewpoints] + [""]
            out += [f"**{TIMING_LABELS.get(item.timing, '問いかけ')}**", ""]
            for choice in item.prompts:
                by = f"（{inline(choice.by)}さんが選択）" if choice.ticked and choice.by else ""
                out.append(f"- {TICKED if choice.ticked else UNTICKED} {inline(choice.text)}{by}")
            if item.source:
                out += ["", f"*{inline(item.source)}*"]
            out += ["", "**メモ**", "", "", ""]
    out += ["## 全体のメモ", "", ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# ---------------------------------------------------------------- Excel

COLUMNS = ("順", "種類", "STEP・テーマ", "問い id", "問い", "回答（伏せ字済み）", "大事な視点", "問いかけの種類",
           "問いかけ id", "問いかけ", "使う", "メモ", "出典")
WIDTHS = (5, 22, 14, 18, 40, 50, 50, 20, 18, 50, 6, 40, 40)
WRAPPED = {5, 6, 7, 10, 12, 13}


def _rows(prep: Preparation) -> List[list]:
    rows = []
    for number, item in enumerate((i for _kind, items in prep.sections for i in items), start=1):
        answer = "\n".join([item.answer or "", *(f"深掘りへの返答: {r}" for r in item.replies)]).strip("\n")
        extra = [*item.comments, f"ボットの深掘りの問い（未回答）: {item.followup}" if item.followup else "",
                 f"入りやすい切り口: {item.hint}" if item.hint else "", item.note or ""]
        answer = "\n".join(t for t in [answer, *extra] if t)
        viewpoints = "\n".join(f"・{v}" for v in item.viewpoints)
        for choice in item.prompts or [None]:
            rows.append([number, HEADINGS[item.kind], item.parent, item.question_id, item.question, answer, viewpoints,
                         TIMING_LABELS.get(choice.timing if choice else item.timing, "問いかけ"),
                         choice.id if choice else "", choice.text if choice else "",
                         (TICKED if choice.ticked else UNTICKED) if choice else "", "", item.source])
    return rows


def xlsx(prep: Preparation) -> bytes:
    """One row per prompt, with a 使う column (☑/☐, chosen from a list) and an empty メモ column."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")

    def put(ws, row: int, column: int, value, wrapped: bool = False):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.quotePrefix = starts_like_formula(value)  # …and kept text when edited later
        cell.alignment = wrap if wrapped else top
        return cell

    wb = Workbook()
    wb.properties.title = prep.title
    wb.properties.creator = "伴走（Bansō）"
    ws = wb.active
    ws.title = "準備シート"
    for c, name in enumerate(COLUMNS, start=1):
        cell = put(ws, 1, c, name, wrapped=True)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
    rows = _rows(prep)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value, wrapped=c in WRAPPED)
    last = len(rows) + 1
    if rows:
        ticks = DataValidation(type="list", formula1=f'"{TICKED},{UNTICKED}"', allow_blank=True)
        ticks.add(f"K2:K{last}")
        ws.add_data_validation(ticks)
    for c, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    about = wb.create_sheet("概要")
    facts = [("シート", prep.title), ("会", prep.meeting_label), ("対象の回答", prep.since_label),
             ("回答のある問い", f"{prep.answered} 問"), ("作成", wareki_datetime(prep.generated_at)),
             ("伏せ字", MASKED_NOTE if prep.masked else "伏せていません"), ("並び順", ORDER_NOTE)]
    facts += [("お知らせ", note) for note in prep.notes]
    if not rows:
        facts.append(("項目", "このシートに載せる項目はありません。"))
    for r, (key, value) in enumerate(facts, start=1):
        put(about, r, 1, key).font = Font(bold=True)
        put(about, r, 2, value, wrapped=True)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 16, 100

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = ["CSS", "FORMATS", "MEDIA_TYPES", "filename", "html", "html_body", "markdown", "render", "xlsx"]
