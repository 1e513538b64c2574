"""The answers as CSV, one row per answer version, for Excel and other tools.

UTF-8 with a BOM and CRLF line endings, because that is what Excel on Windows
needs to open Japanese text without garbling it. A cell that a spreadsheet could
run as a formula (= + - @ in either width, after spaces; see starts_like_formula)
gets a leading apostrophe, which Excel shows as plain text.
"""

from __future__ import annotations

import csv
import io

from bot.report.model import Report
from bot.report.render import ANSWER_COLUMNS, answer_rows, starts_like_formula


def _safe(value):
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


def render(report: Report) -> bytes:
    """The answers as utf-8-sig CSV bytes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(ANSWER_COLUMNS)
    for row in answer_rows(report):
        writer.writerow([_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
