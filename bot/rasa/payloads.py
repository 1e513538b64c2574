"""A neutral button (bot.review.Button) as the payload Rasa reads: /intent{"entity": "value"}."""

from __future__ import annotations

import json
from typing import Dict, List

from bot.review import Button, Outcome


def payload(button: Button) -> str:
    if not button.entities:
        return f"/{button.intent}"
    return f"/{button.intent}{json.dumps(button.entities, ensure_ascii=False)}"


def replies(outcome: Outcome) -> List[Dict]:
    """The outcome as Rasa's channel would send it: text and buttons per message."""
    result = []
    for message in outcome.messages:
        reply: Dict = {"text": message.text}
        if message.buttons:
            reply["buttons"] = [{"title": b.title, "payload": payload(b)} for b in message.buttons]
        result.append(reply)
    return result
