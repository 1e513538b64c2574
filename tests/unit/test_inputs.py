from bot.inputs import MAX_MESSAGE_CHARS, refusal


def test_empty_and_whitespace_messages_are_refused_politely():
    for text in ["", "   ", "\u3000\n", None]:
        assert "空" in refusal(text)


def test_long_message_is_refused_with_the_limit():
    reply = refusal("あ" * 10_000)
    assert "長すぎます" in reply and f"{MAX_MESSAGE_CHARS:,}" in reply


def test_ordinary_messages_pass():
    for text in ["こんにちは", "あ" * MAX_MESSAGE_CHARS, "<script>alert(1)</script>", "😀", "ｺﾝﾆﾁﾊ"]:
        assert refusal(text) is None
