from datetime import date, datetime, timedelta, timezone

import pytest

from bot.report.dates import DateError, parse_date, wareki, wareki_datetime

JULY_1 = date(2024, 7, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-01",
        "2024/7/1",
        "2024/07/01",
        "2024.7.1",
        "2024年7月1日",
        "２０２４年７月１日",
        "20240701",
        "令和6年7月1日",
        "令和 6年 7月 1日",
        "令和６年７月１日",
        "㋿6年7月1日",
        "R6.7.1",
        "R6/7/1",
        "R6-7-1",
        "r6.7.1",
        "R06.07.01",
        "Ｒ６．７．１",
        "R6年7月1日",
        "  R6.7.1 ",
    ],
)
def test_forms_of_1_july_2024(text):
    assert parse_date(text) == JULY_1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("h31/4/30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成30年12月31日", date(2018, 12, 31)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("S50.4.1", date(1975, 4, 1)),
        ("令和6年2月29日", date(2024, 2, 29)),  # a leap year
    ],
)
def test_era_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2024, 7, 1), "令和6年7月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki(d, expected):
    assert wareki(d) == expected


@pytest.mark.parametrize(
    "d", [date(2019, 4, 30), date(2019, 5, 1), date(1989, 1, 7), date(1989, 1, 8), date(2024, 2, 29), date(2030, 12, 31)]
)
def test_round_trip(d):
    assert parse_date(wareki(d)) == d
    assert parse_date(d.isoformat()) == d


def test_every_day_around_the_reiwa_boundary_round_trips():
    start = date(2019, 4, 1)
    for offset in range(61):
        d = start + timedelta(days=offset)
        assert parse_date(wareki(d)) == d


@pytest.mark.parametrize(
    "text",
    [
        "2024/13/1",
        "2024-02-30",
        "20241301",
        "令和6年2月30日",
        "令和5年2月29日",  # not a leap year
        "令和0年1月1日",
        "R0.1.1",
        "平成32年1月1日",  # 平成 ended in its 31st year
        "平成31年5月1日",  # already 令和元年
        "H31.5.1",
        "令和元年4月1日",  # before 令和 began
        "R1.4.30",
        "昭和64年1月8日",
        "2024/7",
        "2024-7/1",  # mixed separators
        "7月1日",
        "来週の月曜",
        "abc",
        "X6.7.1",
    ],
)
def test_rejected_with_a_japanese_message(text):
    with pytest.raises(DateError) as err:
        parse_date(text)
    message = str(err.value)
    assert message.startswith(f"日付を読み取れませんでした: {text}。")
    assert "令和6年7月1日、R6.7.1、2024/7/1 のように書いてください。" in message


def test_message_for_an_impossible_date_is_the_documented_one():
    with pytest.raises(DateError) as err:
        parse_date("2024/13/1")
    assert str(err.value) == "日付を読み取れませんでした: 2024/13/1。令和6年7月1日、R6.7.1、2024/7/1 のように書いてください。"


def test_an_era_year_past_its_end_says_when_the_era_ended():
    with pytest.raises(DateError, match="平成は平成31年4月30日（2019年4月30日）までです"):
        parse_date("平成32年1月1日")
    with pytest.raises(DateError, match="令和は令和元年5月1日（2019年5月1日）からです"):
        parse_date("令和元年4月1日")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_input(text):
    with pytest.raises(DateError, match="日付が入力されていません"):
        parse_date(text)


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize(
    "utc, expected",
    [
        (datetime(2024, 7, 1, 5, 5), "令和6年7月1日 14:05"),
        (datetime(2024, 6, 30, 15, 0), "令和6年7月1日 00:00"),  # already the next day in Japan
        (datetime(2024, 6, 30, 14, 59), "令和6年6月30日 23:59"),
        (datetime(2019, 4, 30, 14, 59), "平成31年4月30日 23:59"),
        (datetime(2019, 4, 30, 15, 0), "令和元年5月1日 00:00"),
    ],
)
def test_wareki_datetime_is_in_japan_time(utc, expected):
    assert wareki_datetime(utc) == expected


def test_wareki_datetime_accepts_an_aware_datetime():
    aware = datetime(2024, 7, 1, 14, 5, tzinfo=timezone(timedelta(hours=9)))
    assert wareki_datetime(aware) == "令和6年7月1日 14:05"
