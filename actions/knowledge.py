"""Actions that look things up in the handbook without moving the walk."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action

from actions.adapters import entity, user_text
from bot import messages, services
from bot.knowledge.glossary import explain, find_term
from bot.knowledge.search import searcher


class ActionExplainTerm(Action):
    def name(self) -> Text:
        return "action_explain_term"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        kb = services.knowledge()
        value = entity(tracker, "term")
        term = (kb.term_by_name(value) if value else None) or find_term(kb, user_text(tracker))
        if term is None:
            dispatcher.utter_message(text=messages.TERM_WHICH)
        else:
            dispatcher.utter_message(text=explain(kb, term))
        return []


class ActionSearchHandbook(Action):
    def name(self) -> Text:
        return "action_search_handbook"

    def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        hits = searcher().search(user_text(tracker), limit=3)
        if not hits:
            dispatcher.utter_message(text=messages.HANDBOOK_NOT_FOUND)
            return []
        lines = [messages.HANDBOOK_FOUND] + [f"・{hit.title}\n　{hit.snippet}" for hit in hits]
        dispatcher.utter_message(text="\n".join(lines))
        return []
