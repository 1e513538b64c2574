"""Translate between Rasa's tracker/dispatcher and bot.review's turns."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import messages
from bot.review import Turn
from bot.store import StoreUnavailable


def user_text(tracker: Tracker) -> str:
    """The user's own words of this turn (the NLU sees a normalised copy)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


def turn_key(tracker: Tracker) -> str:
    """Identifies this turn, so a retried request is stored once.

    A client may send its own id in the metadata (it survives an HTTP retry);
    otherwise Rasa's message id is used.
    """
    metadata = tracker.latest_message.get("metadata") or {}
    client_id = metadata.get("client_message_id") if isinstance(metadata, dict) else None
    if client_id:
        return f"client:{client_id}"
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("message_id") or f"ts:{event.get('timestamp')}"
    return f"ts:{tracker.latest_message.get('timestamp')}"


def say(dispatcher: CollectingDispatcher, turn: Turn) -> None:
    for message in turn.messages:
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)


def place(turn: Turn) -> List[Dict[str, Any]]:
    """Where the walk stands; moving anywhere drops a follow-up still waiting for its reply."""
    return [SlotSet("walk_key", turn.walk_key), SlotSet("question_id", turn.question_id),
            SlotSet("followup_for", turn.question_id if turn.followup_asked else None)]


def store_unavailable(dispatcher: CollectingDispatcher) -> List[Dict[str, Any]]:
    dispatcher.utter_message(text=messages.STORE_UNAVAILABLE)
    return []


def entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


__all__ = ["say", "place", "user_text", "turn_key", "entity", "store_unavailable", "StoreUnavailable"]
