"""The one action: every message goes to bot.review, which knows where the person is."""

from __future__ import annotations

from typing import Text

from rasa_sdk import Action

from actions.adapters import Events, command, reports_failures, say, turn_key
from bot import messages, services


class ActionTurn(Action):
    def name(self) -> Text:
        return "action_turn"

    @reports_failures
    def run(self, dispatcher, tracker, domain) -> Events:
        login = tracker.sender_id
        # The channel checked this already; a second look costs one query and covers
        # any other way in (a hand-started `rasa shell`, a mistaken credentials.yml).
        if services.store().active_login(login) is None:
            dispatcher.utter_message(text=messages.CHANNEL_UNKNOWN_SENDER)
            return []
        say(dispatcher, services.review().handle(login, command(tracker), turn_key(tracker)))
        return []
