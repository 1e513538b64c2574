"""Small inline SVG charts for the dashboard and the HTML report (issue 16): pictures beside the tables.

Pure functions returning SVG text: no scripts, no external assets, every label
through html.escape. Segments differ in lightness and are named in text (a
legend and the counts), so they read in grayscale and on paper; role="img" and
a Japanese aria-label summarise each chart for screen readers, and the tables
next to them stay the text alternative.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from html import escape
from math import ceil
from typing import Iterable, List, Mapping, Sequence, Tuple, Union

from bot.report.dates import _JST, wareki
from bot.report.model import Progress

__all__ = ["progress_bars", "answers_over_time"]

FONT = "font-family=\"'Noto Sans CJK JP','Noto Sans JP','Hiragino Kaku Gothic ProN','Yu Gothic',Meiryo,sans-serif\""
INK, MUTED, LINE = "#1f2328", "#4d5560", "#6b7280"
# Dark to light (distinct in grayscale), each named in the legend and in the counts.
SEGMENTS = (("answered", "回答", "#1d4f91"), ("skipped", "スキップ", "#7f9cc4"),
            ("dont_know", "わからない", "#c8d6ea"), ("not_yet", "未回答", "#ffffff"))
WIDTH = 640
LABEL_CHARS = 18  # a longer STEP or theme name is cut in the picture, whole in its <title>
MAX_MONTHS = 48


def _e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def _svg(height: int, label: str, body: List[str], cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" aria-label="{_e(label)}" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'preserveAspectRatio="xMinYMin meet" {FONT} font-size="13" fill="{INK}">'
            f"<title>{_e(label)}</title>" + "".join(body) + "</svg>")


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _summary(p: Progress) -> str:
    return (f"{p.label}: {p.total}問中 回答 {p.answered}、スキップ {p.skipped}、"
            f"わからない {p.dont_know}、未回答 {p.not_yet}")


def progress_bars(progress: Sequence[Progress]) -> str:
    """One stacked bar per STEP or theme: answered / skipped / わからない / not yet, of all its questions."""
    rows = list(progress)
    if not rows:
        return _svg(28, "進み具合: まだ集計できる問いがありません", [
            '<text x="0" y="18">まだ集計できる問いがありません。</text>'], "progress-bars")
    label = "進み具合。" + "。".join(_summary(p) for p in rows) + "。"
    body: List[str] = []
    x = 0  # the legend, swatches with their names
    for key, name, fill in SEGMENTS:
        body.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{fill}" stroke="{LINE}"/>'
                    f'<text x="{x + 19}" y="16">{_e(name)}</text>')
        x += 19 + 13 * len(name) + 18
    row_height, top, bar_height = 42, 28, 16
    for index, p in enumerate(rows):
        y = top + index * row_height
        name = p.label if p.label == p.title else f"{p.label} {p.title}"
        counts = (f"{p.total}問中 回答{p.answered}・スキップ{p.skipped}・わからない{p.dont_know}・未回答{p.not_yet}"
                  if p.total else "問いがありません")
        body.append(f'<g class="bar"><title>{_e(_summary(p))}</title>'
                    f'<text x="0" y="{y + 13}" font-weight="700">{_e(_short(name))}</text>'
                    f'<text x="{WIDTH}" y="{y + 13}" text-anchor="end" fill="{MUTED}">{_e(counts)}</text>')
        bar_y = y + 18
        if p.total:
            at = 0.0
            for key, name_, fill in SEGMENTS:
                n = max(0, getattr(p, key))
                width = WIDTH * min(n, p.total) / p.total
                if width > 0:
                    body.append(f'<rect class="{key}" x="{at:.1f}" y="{bar_y}" width="{width:.1f}" '
                                f'height="{bar_height}" fill="{fill}"/>')
                at += width
        body.append(f'<rect x="0" y="{bar_y}" width="{WIDTH}" height="{bar_height}" fill="none" stroke="{LINE}"/>'
                    "</g>")
    return _svg(top + len(rows) * row_height, label, body, "progress-bars")


Dates = Union[Mapping[Union[date, datetime, str], int], Iterable[Union[date, datetime]]]


def _day(value: Union[date, datetime, str]) -> date:
    """A day in Japan: stored times are naive UTC; a date (grouped by the database) is taken as it is."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(_JST).date()
    return value


def _days(dates: Dates) -> Counter:
    counted: Counter = Counter()
    if isinstance(dates, Mapping):
        for value, n in dates.items():
            if value is not None and n:
                counted[_day(value)] += int(n)
    else:
        for value in dates:
            if value is not None:
                counted[_day(value)] += 1
    return counted


def _bins(counted: Counter) -> Tuple[str, List[Tuple[date, int]]]:
    """Weeks (from Monday) over half a year or less, else months: every bin between the first and the last."""
    first, last = min(counted), max(counted)
    if (last - first).days <= 182:
        start = first - timedelta(days=first.weekday())
        bins = {start + timedelta(weeks=i): 0 for i in range((last - start).days // 7 + 1)}
        for day, n in counted.items():
            bins[day - timedelta(days=day.weekday())] += n
        return "week", sorted(bins.items())
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    keys = [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(months)]
    bins = dict.fromkeys(keys[-MAX_MONTHS:], 0)
    for day, n in counted.items():
        key = day.replace(day=1)
        if key in bins:
            bins[key] += n
    return "month", sorted(bins.items())


def _era_year(d: date) -> str:
    full = wareki(d)  # 令和6年7月1日
    return full[:full.index("年") + 1]


def _bin_name(unit: str, start: date) -> str:
    if unit == "week":
        return f"{wareki(start)}の週"
    full = wareki(start)
    return full[:full.index("月") + 1]


def answers_over_time(dates: Dates) -> str:
    """Answers per week (per month over a longer span) for one municipality; an empty state without answers.

    ``dates``: the times of the answers (naive UTC, as stored), or counts by day ({date: n}, as grouped by the
    database for the dashboard).
    """
    counted = _days(dates)
    if not counted:
        return _svg(28, "回答の推移: まだ回答がありません", [
            f'<text x="0" y="18" fill="{MUTED}">まだ回答がありません。</text>'], "answers-over-time")
    unit, bins = _bins(counted)
    per = "週" if unit == "week" else "月"
    total = sum(n for _, n in bins)
    peak_at, peak = max(bins, key=lambda b: (b[1], b[0]))
    recent = "直近{}か月、".format(MAX_MONTHS) if unit == "month" and sum(counted.values()) != total else ""
    label = (f"{per}ごとの回答数: {recent}{_bin_name(unit, bins[0][0])}から{_bin_name(unit, bins[-1][0])}まで"
             f"合計{total}件、最も多いのは{_bin_name(unit, peak_at)}の{peak}件。")
    left, top, plot_height = 34, 20, 110
    base = top + plot_height
    slot = (WIDTH - left) / len(bins)
    bar = max(2.0, slot * 0.7)
    every = max(1, ceil(len(bins) / 12))  # axis labels that do not run into each other
    body: List[str] = [
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="{MUTED}">{peak}</text>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end" fill="{MUTED}">0</text>',
        f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{LINE}"/>',
        f'<line x1="{left}" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="{LINE}" stroke-dasharray="2 3"/>',
    ]
    year_shown = None
    for index, (start, n) in enumerate(bins):
        x = left + index * slot + (slot - bar) / 2
        height = plot_height * n / peak if peak else 0
        body.append(f'<g><title>{_e(_bin_name(unit, start))}: {n}件</title>'
                    f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                    f'fill="{SEGMENTS[0][2]}"/>')
        if n and slot >= 18:
            body.append(f'<text x="{x + bar / 2:.1f}" y="{base - height - 3:.1f}" text-anchor="middle" '
                        f'font-size="11">{n}</text>')
        body.append("</g>")
        if index % every == 0:
            tick = f"{start.month}/{start.day}" if unit == "week" else f"{start.month}月"
            middle = f"{x + bar / 2:.1f}"
            body.append(f'<text x="{middle}" y="{base + 16}" text-anchor="middle" font-size="11">{tick}</text>')
            year = _era_year(start)
            if year != year_shown:
                body.append(f'<text x="{middle}" y="{base + 31}" text-anchor="middle" font-size="11" '
                            f'fill="{MUTED}">{_e(year)}</text>')
                year_shown = year
    return _svg(base + 38, label, body, "answers-over-time")
