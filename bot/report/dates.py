"""Japanese dates for reports and the CLI.

Municipal staff write dates in 和暦 (令和6年7月1日, R6.7.1) as often as in 西暦,
so both are read, and reports print 和暦 because that is what their readers use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Optional

from bot.normalize import normalize

__all__ = ["DateError", "parse_date", "wareki", "wareki_datetime"]

_EXAMPLES = "令和6年7月1日、R6.7.1、2024/7/1 のように書いてください。"


class DateError(ValueError):
    """A date the user typed that we cannot read; the message is shown to them as is."""


@dataclass(frozen=True)
class _Era:
    name: str
    letter: str
    start: date
    end: Optional[date]  # last day, inclusive; None for the current era

    def year_of(self, d: date) -> int:
        return d.year - self.start.year + 1


# Newest first: wareki() takes the first era that has started.
_ERAS = (
    _Era("令和", "R", date(2019, 5, 1), None),
    _Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    _Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
)
_BY_NAME = {era.name: era for era in _ERAS}
_BY_LETTER = {era.letter: era for era in _ERAS}

_SEP = r"[-/.]"
_SEIREKI_SEP = re.compile(rf"(\d{{4}})({_SEP})(\d{{1,2}})\2(\d{{1,2}})")
_SEIREKI_KANJI = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ERA_YEAR = r"(元|\d{1,2})"
_ERA_KANJI = re.compile(rf"(令和|平成|昭和){_ERA_YEAR}年(\d{{1,2}})月(\d{{1,2}})日?")
_ERA_LETTER_SEP = re.compile(rf"([RHS]){_ERA_YEAR}({_SEP})(\d{{1,2}})\3(\d{{1,2}})", re.IGNORECASE)
_ERA_LETTER_KANJI = re.compile(rf"([RHS]){_ERA_YEAR}年(\d{{1,2}})月(\d{{1,2}})日?", re.IGNORECASE)


def _error(text: str, reason: str = "") -> DateError:
    return DateError(f"日付を読み取れませんでした: {text}。{reason}{_EXAMPLES}")


def _make(original: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _error(original) from None


def _from_era(original: str, era: _Era, year_text: str, month: str, day: str) -> date:
    year = 1 if year_text == "元" else int(year_text)
    if year < 1:
        raise _error(original, f"{era.name}は元年（1年）から始まります。")
    d = _make(original, era.start.year + year - 1, int(month), int(day))
    if d < era.start:
        raise _error(original, f"{era.name}は{wareki(era.start)}（{_seireki(era.start)}）からです。")
    if era.end is not None and d > era.end:
        raise _error(original, f"{era.name}は{wareki(era.end)}（{_seireki(era.end)}）までです。")
    return d


def parse_date(text: str) -> date:
    """Read a date in any of the forms staff type; DateError says how to write it otherwise.

    Full-width digits, ㋿ and the like are folded by normalize(), and spaces are
    ignored, so 「Ｒ６．７．１」 and 「令和 6年 7月 1日」 read as they look.
    """
    original = (text or "").strip()
    if not original:
        raise DateError(f"日付が入力されていません。{_EXAMPLES}")
    t = normalize(original).replace(" ", "")

    if m := _SEIREKI_SEP.fullmatch(t):
        return _make(original, int(m[1]), int(m[3]), int(m[4]))
    if m := _SEIREKI_KANJI.fullmatch(t):
        return _make(original, int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.fullmatch(t):
        return _make(original, int(m[1]), int(m[2]), int(m[3]))
    if m := _ERA_KANJI.fullmatch(t):
        return _from_era(original, _BY_NAME[m[1]], m[2], m[3], m[4])
    if m := _ERA_LETTER_SEP.fullmatch(t):
        return _from_era(original, _BY_LETTER[m[1].upper()], m[2], m[4], m[5])
    if m := _ERA_LETTER_KANJI.fullmatch(t):
        return _from_era(original, _BY_LETTER[m[1].upper()], m[2], m[3], m[4])
    raise _error(original)


def _seireki(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def wareki(d: date) -> str:
    """令和6年7月1日; the first year of an era is 元年, as it is printed in official documents.

    Dates before 昭和 (not expected in reports) fall back to 西暦 rather than fail.
    """
    if isinstance(d, datetime):
        d = d.date()
    for era in _ERAS:
        if d >= era.start:
            year = era.year_of(d)
            return f"{era.name}{'元' if year == 1 else year}年{d.month}月{d.day}日"
    return _seireki(d)


def _japan() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tokyo")
    except Exception:  # no zoneinfo module or no tz database on this machine
        return timezone(timedelta(hours=9), "JST")


_JST = _japan()


def wareki_datetime(dt: datetime) -> str:
    """Stored times are naive UTC; readers expect Japan time: 令和6年7月1日 14:05."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    local = dt.astimezone(_JST)
    return f"{wareki(local.date())} {local:%H:%M}"
