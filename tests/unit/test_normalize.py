import pytest

from bot.normalize import match_key, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ｻｰﾋﾞｽＣ", "サービスC"),  # half-width kana, full-width letter
        ("ＳＴＥＰ２", "STEP2"),
        ("サ－ビス", "サービス"),  # a full-width hyphen typed for the long vowel
        ("サ~ビス", "サービス"),
        ("  通いの場\u3000について\t ", "通いの場 について"),
        ("ゼロ\u200b幅", "ゼロ幅"),
        ("", ""),
        ("3ヶ所、２カ所、5箇所", "3か所、2か所、5か所"),  # counters after a number: one spelling
        ("6ヵ月と三ケ月", "6か月と三か月"),
        ("ケ所", "ケ所"),  # no number before it: not a counter
        ("この箇所", "この箇所"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_match_key_folds_case_kana_and_spaces():
    assert match_key("さーびす c") == match_key("サービスＣ") == "サービスc"


def test_hyphen_after_a_digit_is_kept():
    assert normalize("2-A") == "2-A"
