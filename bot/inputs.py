"""The gate every incoming message passes before the model sees it."""

from __future__ import annotations

import unicodedata
from typing import Optional

from bot import messages
from bot.normalize import normalize

MAX_MESSAGE_CHARS = 5000


def refusal(text: Optional[str]) -> Optional[str]:
    """A polite Japanese reply when the message cannot be handled, else None."""
    normalized = normalize(text or "")
    if not normalized:
        return messages.EMPTY_MESSAGE
    # Counted after NFKC too: one character such as U+FDFA becomes eighteen.
    if max(len(text), len(normalized)) > MAX_MESSAGE_CHARS:
        return messages.TOO_LONG.format(limit=MAX_MESSAGE_CHARS)
    if not has_words(normalized):
        return messages.SYMBOLS_ONLY
    return None


def has_words(text: str) -> bool:
    """Whether any letter or digit is present (kana, kanji, Latin, 〇 …).

    Messages of punctuation, symbols or emoji alone carry no answer the model could
    read: it would guess an intent (「？？？」 once became "are you a bot?").
    """
    return any(unicodedata.category(char)[0] in "LN" for char in text)
