"""The answers as CSV, one row per answer version, for Excel and other tools.

UTF-8 with a BOM and CRLF line endings, because that is what Excel on Windows
needs to open Japanese text without garbling it. A cell starting with = + - @
would be run as a formula by Excel (CSV injection), so such text gets a
leading apostrophe, which Excel shows as plain text.
"""

from __future__ import annotations

import csv
import io

from bot.report.model import Report
from bot.report.render import ANSWER_COLUMNS, answer_rows

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
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
