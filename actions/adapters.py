"""Translate between Rasa's tracker and dispatcher and bot.review's commands and outcomes."""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import messages
from bot.rasa.payloads import replies
from bot.review import Command, Outcome

logger = logging.getLogger(__name__)
Events = List[Dict[str, Any]]


def command(tracker: Tracker) -> Command:
    """What the person said in this turn, as bot.review understands it."""
    parsed = tracker.latest_message.get("intent") or {}
    return Command(parsed.get("name") or "nlu_fallback", user_text(tracker), theme=entity(tracker, "theme"),
                   step=entity(tracker, "step"), term=entity(tracker, "term"),
                   confidence=float(parsed.get("confidence", 1.0)), question=entity(tracker, "question"))


def user_text(tracker: Tracker) -> str:
    """The person's own words of this turn (the NLU sees a normalised copy)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


def turn_key(tracker: Tracker) -> str:
    """Identifies this turn, so that a retried request gets the same outcome.

    A client sends its own id in the metadata (it survives an HTTP retry);
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


def entity(tracker: Tracker, name: str):
    return next(tracker.get_latest_entity_values(name), None)


def say(dispatcher: CollectingDispatcher, outcome: Outcome) -> None:
    for reply in replies(outcome):
        dispatcher.utter_message(text=reply["text"], buttons=reply.get("buttons"))


def reports_failures(run: Callable[..., Events]) -> Callable[..., Events]:
    """Every failure to read or write the record becomes a Japanese reply asking to resend.

    Nothing falls through to the channel's generic "no reply" message, and
    nothing half-done is kept: the turn's transaction was rolled back.
    """

    @functools.wraps(run)
    def guarded(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> Events:
        from bot.store import StoreUnavailable

        try:
            return run(self, dispatcher, tracker, domain)
        except StoreUnavailable as err:
            logger.error("record unavailable for %s: %s", tracker.sender_id, err)
        except Exception:  # noqa: BLE001 - the person must always hear what happened
            logger.exception("turn failed for %s", tracker.sender_id)
        dispatcher.utter_message(text=messages.STORE_UNAVAILABLE)
        return []

    return guarded
