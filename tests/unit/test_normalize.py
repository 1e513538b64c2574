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
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_match_key_folds_case_kana_and_spaces():
    assert match_key("さーびす c") == match_key("サービスＣ") == "サービスc"


def test_hyphen_after_a_digit_is_kept():
    assert normalize("2-A") == "2-A"
