"""The gate every incoming message passes before the model sees it."""

from __future__ import annotations

from typing import Optional

from bot import messages
from bot.normalize import normalize

MAX_MESSAGE_CHARS = 5000


def refusal(text: Optional[str]) -> Optional[str]:
    """A polite Japanese reply when the message cannot be handled, else None."""
    if not normalize(text or ""):
        return messages.EMPTY_MESSAGE
    if len(text) > MAX_MESSAGE_CHARS:
        return messages.TOO_LONG.format(limit=MAX_MESSAGE_CHARS)
    return None
