"""The form of the last sentence: asks, asks how to, requests or states (table-driven)."""

import pytest

from bot.sentence import function, reads_as_question


@pytest.mark.parametrize("text, kinds", [
    ("協議体が形だけになっている。どうすればいい？", {"asks", "how_to"}),
    ("サロンが減っています。どうすればいいでしょう", {"asks", "how_to"}),
    ("なぜ短期集中予防サービスの後のつなぎ先が大事なのでしょう", {"asks", "how_to"}),
    ("担い手を増やすには何から？", {"asks", "how_to"}),
    ("今日の天気はどうですか", {"asks"}),
    ("大事な視点を見せてください", {"requests"}),
    ("STEP3から始めたい", {"requests"}),
    ("通いの場は12か所です", {"states"}),
    # Question words inside a statement: the last sentence states.
    ("どうすればいいか、課内で話し合っています。", {"states"}),
    ("なぜ減ったのかは分かっていません", {"states"}),
    ("参加者は固定化しているのか、まだ調べていません", {"states"}),
    ("ｻﾛﾝはどうしたらいいですか？", {"asks", "how_to"}),  # half-width kana and a full-width mark
])
def test_the_last_sentence_decides(text, kinds):
    form = function(text)
    assert {k for k in ("asks", "how_to", "requests", "states") if form[k]} == kinds
    assert reads_as_question(text) == ("asks" in kinds)
