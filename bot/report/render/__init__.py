"""Render a Report in the format a team asks for; every renderer returns bytes.

The modules are imported lazily in render(): they import the shared labels and
rows from here, so this package must not import them at the top.
"""

from __future__ import annotations

from datetime import datetime, timezone
from importlib import import_module
from typing import Callable, Dict, List, Optional, Tuple

from bot.report.dates import wareki, wareki_datetime
from bot.report.model import STATUS_LABELS, AnswerEntry, Flag, Report

FORMATS = ("md", "html", "xlsx", "csv", "json")

SUFFIX = {"md": ".md", "html": ".html", "xlsx": ".xlsx", "csv": ".csv", "json": ".json"}

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

# A spreadsheet runs a cell as a formula when it starts with one of these, in either width, and
# Excel skips leading spaces (half- and full-width) before looking; tab, CR and LF start DDE tricks.
_FORMULA_CHARACTERS = "=+-@＝＋－＠−"
_LEADING_SPACE = " \u3000\u00a0"


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula (CSV/formula injection)."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    stripped = text.lstrip(_LEADING_SPACE)
    return bool(stripped) and stripped[0] in _FORMULA_CHARACTERS


_MODULES = {"md": "markdown", "html": "html", "xlsx": "xlsx", "csv": "csv", "json": "json"}


def render(report: Report, fmt: str) -> bytes:
    """The report in one of FORMATS."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = import_module(f"{__name__}.{_MODULES[fmt]}")
    renderer: Callable[[Report], bytes] = module.render
    return renderer(report)


# ---------------------------------------------------------------- shared labels

TITLE = "振り返りレポート"

MASKED_NOTE = "氏名・住所・連絡先・番号・生年月日は自動で伏せていますが、伏せ漏れがあります。"

KIND_LABELS = {"step": "STEP", "theme": "テーマ"}

CHANGE_LABELS = {"new": "新しい回答", "revised": "更新された回答"}

# The order teams should read the flags in: what was left out first.
FLAG_HEADINGS = {
    "skipped": "スキップされた問い",
    "dont_know": "「わからない」と答えた問い",
    "followup": "深掘りの問いかけをした回答",
    "untouched_theme": "手つかずのテーマ",
    "step_without_data": "データや根拠への言及がない STEP",
}

ANSWER_COLUMNS = ("区分", "問い id", "問い", "回答", "状態", "回答者", "日時", "版", "深掘り")

PROGRESS_COLUMNS = ("区分", "STEP・テーマ", "名前", "回答済み", "スキップ", "わからない", "未回答", "問い数")


PREPARED_TITLE = "前回の準備で使うと決めた問いかけ"

PREPARED_COLUMNS = ("会", "日付", "区分", "問い id", "問い", "問いかけ id", "問いかけ", "選んだ人")


def prepared_rows(report: Report) -> List[list]:
    """One row per prompt ticked on a preparation sheet, PREPARED_COLUMNS, meetings held only."""
    return [[m.event, wareki(m.on), p.parent, p.question_id, p.question, p.prompt_id, p.text, p.by]
            for m in report.prepared for p in m.prompts]


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def flag_heading(kind: str) -> str:
    return FLAG_HEADINGS.get(kind, "その他")


def grouped_flags(report: Report) -> List[Tuple[str, List[Flag]]]:
    """Flags grouped by kind, known kinds in FLAG_HEADINGS order, unknown ones last."""
    groups: Dict[str, List[Flag]] = {}
    for flag in report.flags:
        groups.setdefault(flag.kind, []).append(flag)
    order = [k for k in FLAG_HEADINGS if k in groups] + [k for k in groups if k not in FLAG_HEADINGS]
    return [(flag_heading(k), groups[k]) for k in order]


def period_label(report: Report) -> Optional[str]:
    """「1.5mtg（令和6年7月1日）以降」, or None when the report covers everything."""
    if report.since is None:
        return None
    day = wareki(report.since)
    if report.since_label:
        return f"{report.since_label}（{day}）以降"
    return f"{day}以降"


def generated_label(report: Report) -> str:
    return wareki_datetime(report.generated_at)


def grouped_answers(report: Report) -> List[Tuple[str, List[AnswerEntry]]]:
    """Answers under their STEP or theme, keeping the knowledge order."""
    groups: List[Tuple[str, List[AnswerEntry]]] = []
    for entry in report.answers:
        if groups and groups[-1][0] == entry.parent:
            groups[-1][1].append(entry)
        else:
            groups.append((entry.parent, [entry]))
    return groups


def answer_rows(report: Report) -> List[list]:
    """One row per answer version, ANSWER_COLUMNS, for the spreadsheet and CSV."""
    rows = []
    for entry in report.answers:
        for number, version in enumerate(entry.versions, start=1):
            rows.append([
                entry.parent,
                entry.question_id,
                entry.question,
                version.text,
                status_label(version.status),
                version.user,
                wareki_datetime(version.at),
                number,
                version.followup or "",
            ])
    return rows


def progress_rows(report: Report) -> List[list]:
    return [[KIND_LABELS.get(p.kind, p.kind), p.label, p.title, p.answered, p.skipped, p.dont_know,
             p.not_yet, p.total] for p in report.progress]


def utc_naive(dt: datetime) -> datetime:
    """The model keeps naive UTC; tolerate an aware datetime by converting it."""
    if dt.tzinfo is not None:
        return dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt
