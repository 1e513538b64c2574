from bot.inputs import MAX_MESSAGE_CHARS, refusal


def test_empty_and_whitespace_messages_are_refused_politely():
    for text in ["", "   ", "\u3000\n", None]:
        assert "空" in refusal(text)


def test_long_message_is_refused_with_the_limit():
    reply = refusal("あ" * 10_000)
    assert "長すぎます" in reply and f"{MAX_MESSAGE_CHARS:,}" in reply


def test_ordinary_messages_pass():
    for text in ["こんにちは", "あ" * MAX_MESSAGE_CHARS, "<script>alert(1)</script>", "😀ありがとう", "ｺﾝﾆﾁﾊ",
                 "〇", "3", "ｘ", "/skip", "| R4 | 120 |"]:
        assert refusal(text) is None


def test_symbols_alone_are_asked_for_again_in_words():
    for text in ["？？？", "?", "…", "---", "😀😀😀", "👍", "○", "※→", "| --- | --- |"]:
        reply = refusal(text)
        assert "言葉で" in reply and "わからない" in reply


def test_length_is_counted_after_normalisation_too():
    # U+FDFA is one character that NFKC turns into eighteen: 3,000 of them are 54,000 characters.
    assert "長すぎます" in refusal("\ufdfa" * 3000)
