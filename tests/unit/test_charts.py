"""Inline SVG charts (bot.report.charts): well-formed, labelled in Japanese for screen readers, escaped."""

import xml.etree.ElementTree as ET
from datetime import date, datetime

from bot.report.charts import answers_over_time, progress_bars
from bot.report.model import Progress
from bot.report.render import render
from bot.store import accounts

from .test_prepare import answered, registry, web  # noqa: F401  (fixtures)
from .test_report_render import empty, sample

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}foreignObject"))
    assert "href" not in svg  # nothing from outside
    return root


def test_progress_bars_say_the_counts_in_japanese():
    root = parsed(progress_bars([Progress("STEP1", "step", "地域の現状を知る", 3, 1, 0, 1, 5),
                                 Progress("移動支援", "theme", "移動支援", 0, 0, 0, 2, 2)]))
    label = root.get("aria-label")
    assert "STEP1: 5問中 回答 3、スキップ 1、わからない 0、未回答 1" in label
    assert "移動支援: 2問中 回答 0" in label
    text = "".join(root.itertext())
    assert "STEP1 地域の現状を知る" in text and "5問中 回答3・スキップ1・わからない0・未回答1" in text
    assert all(name in text for name in ("回答", "スキップ", "わからない", "未回答"))  # the legend
    segments = [(r.get("class"), float(r.get("width"))) for r in root.iter(f"{SVG}rect") if r.get("class")]
    assert segments == [("answered", 384.0), ("skipped", 128.0), ("not_yet", 128.0), ("not_yet", 640.0)]


def test_progress_bars_escape_a_hostile_label_and_survive_zero_totals():
    svg = progress_bars([Progress(HOSTILE, "theme", HOSTILE, 0, 0, 0, 0, 0)])
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = parsed(svg)
    assert HOSTILE + ": 0問中" in root.get("aria-label") and "問いがありません" in "".join(root.itertext())
    assert "まだ集計できる問い" in parsed(progress_bars([])).get("aria-label")


def test_answers_over_time_counts_weeks_and_months():
    times = [datetime(2024, 7, 1, 1), datetime(2024, 7, 2, 1), datetime(2024, 7, 16, 23)]  # the last: 7/17 in Japan
    root = parsed(answers_over_time(times))
    label = root.get("aria-label")
    assert label.startswith("週ごとの回答数") and "合計3件" in label and "令和6年7月1日の週の2件" in label
    text = "".join(root.itertext())
    assert "7/1" in text and "令和6年" in text and "令和6年7月15日の週: 1件" in text
    assert "令和6年7月8日の週: 0件" in text  # an empty week between is shown
    by_day = {date(2023, 1, 5): 2, "2024-03-01": 4}  # grouped by the database (SQLite gives text)
    label = parsed(answers_over_time(by_day)).get("aria-label")
    assert label.startswith("月ごとの回答数") and "令和5年1月から令和6年3月まで合計6件" in label


def test_answers_over_time_without_answers_says_so():
    for nothing in ([], {}, {date(2024, 7, 1): 0}):
        root = parsed(answers_over_time(nothing))
        assert "まだ回答がありません" in root.get("aria-label") and "まだ回答がありません" in "".join(root.itertext())


def test_the_html_report_has_the_charts():
    page = render(sample(), "html").decode("utf-8")
    progress = page[page.index('<section id="progress"'):page.index('<section id="flags"')]
    assert progress.count("<svg") == 2 and 'role="img"' in progress
    assert progress.index("<svg") < progress.index("<table")  # the picture first, the table its text
    assert "STEP2-A: 4問中 回答 1、スキップ 1、わからない 0、未回答 2" in progress
    assert "合計6件" in progress  # every version of every answer
    assert "<svg" not in render(empty(), "html").decode("utf-8")


def test_the_dashboard_shows_the_charts_of_a_municipality_with_answers(answered, kb, store):  # noqa: F811
    accounts.set_password(store, "adv", "adviser-password-1")
    [(status, page, _, _)] = web(store, kb, "adv", "adviser-password-1", [("GET", "/dashboard", None)])
    assert status == 200
    section = page[page.index('<section class="municipality"'):]
    assert section.count("<svg") == 2 and "STEP1: " in section and "週ごとの回答数" in section
    assert "まだ回答がありません" not in section
    assert '<table class="progress-table">' in section  # the tables stay


def test_the_dashboard_counts_every_answer_of_the_report_by_day(answered, kb):  # noqa: F811
    from bot.report import assemble
    from bot.report.overview import overview

    place = answered.municipality("川北町")
    report = assemble.assemble(answered, kb, place, masked=False)
    (row,) = overview(answered, kb, [place])
    days = sorted(v.at.date() for a in report.answers for v in a.versions)  # UTC days, as the database groups them
    assert row.days == {day: days.count(day) for day in set(days)}
