"""Actions of the reflective walks. Each one asks bot.review and reports back."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.adapters import entity, place, say, store_unavailable, turn_key, user_text
from bot import services
from bot.review import REVIEW
from bot.store import StoreUnavailable

Events = List[Dict[Text, Any]]
# Values that fill review_answer so the form ends: the walk is done, or no walk could be
# opened (nothing to resume, no theme or step understood). Only the first earns
# "続けて別のテーマも振り返りますか？".
FINISHED = "finished"
NOT_OPENED = "not_opened"


def _open_place(tracker: Tracker):
    return tracker.get_slot("walk_key") or REVIEW, tracker.get_slot("question_id")


def _moved(dispatcher: CollectingDispatcher, turn) -> Events:
    """Say the turn; end the form when the walk is over, else let it ask."""
    say(dispatcher, turn)
    events = place(turn)
    if turn.question_id is None:
        events.append(SlotSet("review_answer", FINISHED))
    else:
        events.append(SlotSet("review_answer", None))
    return events


def _opened_or_choices(dispatcher: CollectingDispatcher, tracker: Tracker, turn) -> Events:
    """A theme or STEP was opened; else its choices were shown, and a walk under way goes on."""
    if turn.question_id is not None:
        return _moved(dispatcher, turn)
    say(dispatcher, turn)
    return [] if tracker.active_loop_name else [SlotSet("review_answer", NOT_OPENED)]


class ActionStartReview(Action):
    def name(self) -> Text:
        return "action_start_review"

    def run(self, dispatcher, tracker, domain) -> Events:
        try:
            return _moved(dispatcher, services.review().start(tracker.sender_id, REVIEW))
        except StoreUnavailable:
            return store_unavailable(dispatcher)


class ActionResume(Action):
    def name(self) -> Text:
        return "action_resume"

    def run(self, dispatcher, tracker, domain) -> Events:
        turn = services.review().resume(tracker.sender_id)
        if turn.question_id is None:
            say(dispatcher, turn)
            return [SlotSet("review_answer", NOT_OPENED)]
        return _moved(dispatcher, turn)


class ActionChooseTheme(Action):
    def name(self) -> Text:
        return "action_choose_theme"

    def run(self, dispatcher, tracker, domain) -> Events:
        return _opened_or_choices(dispatcher, tracker,
                                  services.review().start_theme(tracker.sender_id, entity(tracker, "theme")))


class ActionChooseStep(Action):
    def name(self) -> Text:
        return "action_choose_step"

    def run(self, dispatcher, tracker, domain) -> Events:
        return _opened_or_choices(dispatcher, tracker,
                                  services.review().start_step(tracker.sender_id, entity(tracker, "step")))


class ActionAskReviewAnswer(Action):
    """Asks the open question; after an interruption only a short reminder."""

    def name(self) -> Text:
        return "action_ask_review_answer"

    def run(self, dispatcher, tracker, domain) -> Events:
        walk_key, question_id = _open_place(tracker)
        review = services.review()
        if not question_id or review.kb.question(question_id) is None:
            return _moved(dispatcher, review.start(tracker.sender_id, walk_key))
        awaiting_followup = tracker.get_slot("followup_for") == question_id
        if awaiting_followup and _followup_asked_this_turn(tracker):
            return []  # the follow-up just asked is the prompt
        if awaiting_followup or tracker.get_slot("asked_question_id") == question_id:
            say(dispatcher, review.reminder(tracker.sender_id, question_id, awaiting_followup))
            return []
        say(dispatcher, review.ask(walk_key, question_id))
        return [SlotSet("asked_question_id", question_id)]


class ActionWalkNext(Action):
    """After the form ends: offer what to do next, only when a walk was really finished."""

    def name(self) -> Text:
        return "action_walk_next"

    def run(self, dispatcher, tracker, domain) -> Events:
        if tracker.get_slot("review_answer") == FINISHED:
            say(dispatcher, services.review().what_next())
        return []


class ValidateReviewForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_review_form"

    def validate_review_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        if value in (FINISHED, NOT_OPENED):
            return {"review_answer": value}
        walk_key, question_id = _open_place(tracker)
        # On activation Rasa offers the message that opened the form ("振り返りを始めたい"):
        # that is a command, not an answer.
        if not question_id or tracker.get_slot("requested_slot") is None:
            return {"review_answer": None}
        try:
            turn = services.review().record(tracker.sender_id, walk_key, question_id, user_text(tracker),
                                            turn_key(tracker), replying_to_followup=_awaits_reply(tracker))
        except StoreUnavailable:
            store_unavailable(dispatcher)
            return {"review_answer": None}
        say(dispatcher, turn)
        return {
            "walk_key": turn.walk_key,
            "question_id": turn.question_id,
            "followup_for": turn.question_id if turn.followup_asked else None,
            "review_answer": FINISHED if turn.question_id is None else None,
        }


def _followup_asked_this_turn(tracker: Tracker) -> bool:
    """Whether the follow-up was set after the user's latest message (not before an interruption)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == "followup_for" and event.get("value"):
            return True
    return False


def _awaits_reply(tracker: Tracker) -> bool:
    """The bot's last words on the open question were a follow-up."""
    question_id = tracker.get_slot("question_id")
    return bool(question_id) and tracker.get_slot("followup_for") == question_id


class _Recorded:
    """skip and わからない: recorded like an answer, with their own status (a mixin)."""

    status = ""

    def run(self, dispatcher, tracker, domain) -> Events:
        walk_key, question_id = _open_place(tracker)
        review = services.review()
        if not question_id:
            return []
        try:
            if _awaits_reply(tracker):  # skipping a follow-up keeps the answer already given
                return _moved(dispatcher, review.move_on(tracker.sender_id, walk_key, question_id))
            if self.status == "dont_know" and not _asked_twice(tracker):
                say(dispatcher, review.easier(question_id))  # first わからない: a gentler way in
                return []
            turn = review.record(tracker.sender_id, walk_key, question_id, user_text(tracker),
                                 turn_key(tracker), status=self.status)
        except StoreUnavailable:
            return store_unavailable(dispatcher)
        return _moved(dispatcher, turn)


def _asked_twice(tracker: Tracker) -> bool:
    """True when the previous user turn on this question was also わからない."""
    user_turns = [e for e in tracker.events if e.get("event") == "user"]
    if len(user_turns) < 2:
        return False
    previous = (user_turns[-2].get("parse_data") or {}).get("intent", {}).get("name")
    return previous == "dont_know"


class ActionSkip(_Recorded, Action):
    status = "skipped"

    def name(self) -> Text:
        return "action_skip"


class ActionDontKnow(_Recorded, Action):
    status = "dont_know"

    def name(self) -> Text:
        return "action_dont_know"


class ActionGoBack(Action):
    def name(self) -> Text:
        return "action_go_back"

    def run(self, dispatcher, tracker, domain) -> Events:
        walk_key, question_id = _open_place(tracker)
        review = services.review()
        if not question_id:
            saved = review.store.latest_open_walk(tracker.sender_id)
            if saved is None:
                return _moved(dispatcher, review.resume(tracker.sender_id))
            walk_key, question_id = saved.walk_key, saved.question_id
        return _moved(dispatcher, review.go_back(tracker.sender_id, walk_key, question_id)) + [
            SlotSet("asked_question_id", None)
        ]


class ActionPause(Action):
    def name(self) -> Text:
        return "action_pause"

    def run(self, dispatcher, tracker, domain) -> Events:
        walk_key, question_id = _open_place(tracker)
        if question_id:
            say(dispatcher, services.review().pause(tracker.sender_id, walk_key, question_id))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("asked_question_id", None)]


class ActionShowProgress(Action):
    def name(self) -> Text:
        return "action_show_progress"

    def run(self, dispatcher, tracker, domain) -> Events:
        say(dispatcher, services.review().progress_turn(tracker.sender_id))
        return []


class ActionShowViewpoint(Action):
    def name(self) -> Text:
        return "action_show_viewpoint"

    def run(self, dispatcher, tracker, domain) -> Events:
        say(dispatcher, services.review().viewpoint(tracker.get_slot("question_id")))
        return []
