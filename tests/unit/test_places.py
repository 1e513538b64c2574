"""Japan Post's municipalities and towns, as the masking reads them (bot/report/places.py)."""

import pytest

from bot.report import places


def test_the_list_holds_prefectures_municipalities_and_towns():
    gazetteer = places.gazetteer()
    assert {"東京都", "足立区", "京都市", "八頭郡", "智頭町", "大鹿村"} <= gazetteer.municipalities
    assert {"芦津", "繁昌町", "花畑"} <= gazetteer.towns
    # a municipality's name that is a town's elsewhere is told apart: 栄町 in 千葉県 and in many cities
    assert "栄町" in gazetteer.both and "栄町" not in gazetteer.towns
    # and which municipalities hold such a town: 町田市 holds 小山町 (a municipality of 静岡県 too), and no 栄町
    assert "小山町" in gazetteer.both_in["町田市"] and "栄町" not in gazetteer.both_in.get("町田市", ())
    assert all(names <= gazetteer.both for names in gazetteer.both_in.values())


@pytest.mark.parametrize(
    "text, named",
    [
        ("足立区花畑四丁目27番3号", "足立区"),
        ("大鹿村の字 釜沢", "大鹿村の"),
        ("東京都新宿区 大久保2-18-6", "東京都新宿区 "),
        ("中魚沼郡津南町大字秋成", "中魚沼郡津南町"),
        ("栄町2-17-4", ""),  # a town's name too
        ("花畑四丁目", ""),
        ("智頭", ""),
    ],
)
def test_the_municipalities_at_the_head_of_a_text(text, named):
    assert text[:places.municipalities_at_head(text)] == named


def test_places_are_found_longest_first_without_overlapping():
    text = "智頭町の芦津に住む。通いの場は12か所です。"
    assert [(text[start:end], kind) for start, end, kind in places.find(text)] == [
        ("智頭町", places.MUNICIPALITY), ("芦津", places.TOWN)]
