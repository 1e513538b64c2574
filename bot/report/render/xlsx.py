"""The report as an Excel workbook, one sheet per part, for teams who sort and filter.

User text is always written as text: openpyxl would otherwise store an answer
starting with "=" as a formula, and characters Excel cannot hold are dropped.
"""

from __future__ import annotations

from io import BytesIO
from typing import List, Optional, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.report.dates import wareki_datetime
from bot.report.model import Report
from bot.report.render import (
    ANSWER_COLUMNS,
    CHANGE_LABELS,
    PREPARED_COLUMNS,
    PROGRESS_COLUMNS,
    TITLE,
    answer_rows,
    flag_heading,
    generated_label,
    period_label,
    prepared_rows,
    progress_rows,
    starts_like_formula,
    status_label,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

FLAG_COLUMNS = ("種類", "内容", "区分", "問い id")
CHANGE_COLUMNS = ("変化", "区分", "問い id", "問い", "回答", "回答者", "日時")
TRANSCRIPT_COLUMNS = ("日時", "話し手", "内容")

# Column widths in characters; Japanese characters count about double.
WIDTHS = {
    "進み具合": (8, 14, 40, 10, 10, 12, 10, 8),
    "注意": (30, 70, 14, 10),
    "回答": (14, 10, 45, 70, 12, 16, 22, 6, 45),
    "変化": (16, 14, 10, 45, 70, 16, 22),
    "会話": (22, 18, 90),
    "準備": (12, 18, 14, 16, 45, 18, 60, 16),
}
# Columns holding prose, wrapped; the others stay on one line.
TEXT_COLUMNS = {
    "進み具合": {3},
    "注意": {2},
    "回答": {3, 4, 9},
    "変化": {4, 5},
    "会話": {3},
    "準備": {5, 7},
}


def _clean(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet(wb: Workbook, title: str, columns: Sequence[str], rows: List[list], first: bool = False,
           note: Optional[str] = None) -> Worksheet:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    wrapped = TEXT_COLUMNS.get(title, set())
    # Rows are counted here: ws.max_row scans every cell, which made 5,000 rows take seconds.
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=_clean(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                # …and kept text when someone edits the cell later: Excel's own 「'」, not shown.
                cell.quotePrefix = starts_like_formula(value)
            cell.alignment = WRAP if c in wrapped else TOP
    if note:
        ws.cell(row=len(rows) + 2, column=1, value=note).alignment = TOP
    for c, width in enumerate(WIDTHS.get(title, ()), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    last = len(rows) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def render(report: Report) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = Workbook()
    wb.properties.title = f"{TITLE}：{report.municipality}（{report.prefecture}）"
    period = period_label(report)
    wb.properties.subject = f"作成 {generated_label(report)}" + (f"・{period}" if period else "")
    wb.properties.creator = "伴走（Bansō）"

    _sheet(wb, "進み具合", PROGRESS_COLUMNS, progress_rows(report), first=True)

    flags = [[flag_heading(f.kind), f.message, f.parent or "", f.question_id or ""] for f in report.flags]
    _sheet(wb, "注意", FLAG_COLUMNS, flags)

    _sheet(wb, "回答", ANSWER_COLUMNS, answer_rows(report))

    changes = [[CHANGE_LABELS.get(a.change or "", a.change or ""), a.parent, a.question_id, a.question,
                a.current.text or f"（{status_label(a.current.status)}）", a.current.user,
                wareki_datetime(a.current.at)] for a in report.changes]
    note = None if report.since is not None else "比較する会議が指定されていないため、変化は出していません。"
    _sheet(wb, "変化", CHANGE_COLUMNS, changes, note=note)

    comments = [[a.parent, a.question_id, a.question, "返信" if n.reply else "コメント", n.user, n.role,
                 wareki_datetime(n.at), n.text] for a in report.answers for n in a.comments]
    if comments:  # 支援チームからのコメント and the staff's replies
        _sheet(wb, "コメント", ["STEP・テーマ", "問い id", "問い", "種別", "書いた人", "役割", "日時", "本文"], comments)

    if report.prepared:  # 前回の準備で使うと決めた問いかけ
        _sheet(wb, "準備", PREPARED_COLUMNS, prepared_rows(report))

    if report.transcript:
        lines = [[wareki_datetime(t.at), t.who, t.text] for t in report.transcript]
        _sheet(wb, "会話", TRANSCRIPT_COLUMNS, lines)

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
