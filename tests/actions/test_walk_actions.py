"""Actions without Rasa: a tracker dict in, messages and events out."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ActionExplainTerm
from actions.walk import (FINISHED, NOT_OPENED, ActionAskReviewAnswer, ActionPause, ActionSkip, ActionStartReview,
                          ActionWalkNext, ValidateReviewForm)
from bot import services
from bot.review import Review


@pytest.fixture(autouse=True)
def isolated_services(monkeypatch, kb, store):
    monkeypatch.setattr(services, "review", lambda: Review(kb, store))
    monkeypatch.setattr(services, "knowledge", lambda: kb)


def tracker(text="", slots=None, intent="answer", entities=None, message_id="m1", active_loop=None, after=()):
    user = {"event": "user", "text": text, "message_id": message_id,
            "parse_data": {"intent": {"name": intent}, "entities": entities or [], "text": text}}
    return Tracker.from_dict({
        "sender_id": "tanaka",
        "slots": {"requested_slot": "review_answer", **(slots or {})},
        "latest_message": {"text": text, "intent": {"name": intent}, "entities": entities or [], "metadata": {}},
        "events": [user, *after],
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    })


def run(action, tr):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tr, {})
    return dispatcher.messages, events


def slot(events, name):
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == name)


def test_start_sets_the_place_and_the_ask_shows_the_question(kb):
    messages, events = run(ActionStartReview(), tracker("振り返りを始めたい", intent="start_review"))
    first = kb.steps[0].questions[0]
    assert slot(events, "question_id") == first.id and slot(events, "walk_key") == "review"
    asked, events = run(ActionAskReviewAnswer(), tracker(slots={"question_id": first.id, "walk_key": "review"}))
    assert first.text in asked[0]["text"]
    assert [b["title"] for b in asked[0]["buttons"]][0] == "大事な視点を見る"
    again, _ = run(ActionAskReviewAnswer(), tracker(slots={"question_id": first.id, "walk_key": "review",
                                                           "asked_question_id": first.id}))
    assert first.text not in again[0]["text"] and "回答をどうぞ" in again[0]["text"]


def test_after_an_interruption_the_pending_followup_is_asked_again(kb, store):
    first = kb.steps[0].questions[0]
    store.record_answer("tanaka", first.id, "増えていると感じます", "m1", followup="データはありますか？")
    place = {"question_id": first.id, "walk_key": "review", "followup_for": first.id, "asked_question_id": first.id}
    # The turn that asked the follow-up: it was said already, the form must stay quiet.
    just_asked = [{"event": "slot", "name": "followup_for", "value": first.id}]
    quiet, _ = run(ActionAskReviewAnswer(), tracker("増えていると感じます", slots=place, after=just_asked))
    assert quiet == []
    # A later turn that was a question to the bot ("あなたはボット？"): point back to the follow-up.
    reminded, _ = run(ActionAskReviewAnswer(), tracker("ボットですか", intent="bot_challenge", slots=place))
    assert "データはありますか？" in reminded[0]["text"] and "STEP1 問い 1/" in reminded[0]["text"]
    assert [b["title"] for b in reminded[0]["buttons"]] == ["次の問いへ進む", "ここで中断"]


def test_validation_stores_the_users_own_words(kb, store):
    first, second = kb.steps[0].questions[:2]
    run(ActionStartReview(), tracker(intent="start_review"))
    text = "ｻﾛﾝは２か所です"  # half-width as typed: stored as typed
    dispatcher = CollectingDispatcher()
    slots = ValidateReviewForm().validate_review_answer(
        text, dispatcher, tracker(text, slots={"question_id": first.id, "walk_key": "review"}), {})
    assert [(a.question_id, a.text) for a in store.answers("tanaka")] == [(first.id, text)]
    assert "記録しました" in dispatcher.messages[0]["text"]
    # No episode in it: one follow-up, the same question stays open and waits for the reply.
    assert slots == {"walk_key": "review", "question_id": first.id, "followup_for": first.id, "review_answer": None}

    reply = "先月、田中さんから「サロンが遠い」と聞きました"
    dispatcher = CollectingDispatcher()
    slots = ValidateReviewForm().validate_review_answer(reply, dispatcher, tracker(
        reply, slots={"question_id": first.id, "walk_key": "review", "followup_for": first.id}, message_id="m2"), {})
    assert slots == {"walk_key": "review", "question_id": second.id, "followup_for": None, "review_answer": None}
    assert [a.reply_to_followup for a in store.answers("tanaka")] == [False, True]


def test_skip_after_a_followup_moves_on_and_keeps_the_answer(kb, store):
    first, second = kb.steps[0].questions[:2]
    run(ActionStartReview(), tracker(intent="start_review"))
    store.record_answer("tanaka", first.id, "増えていると感じます", "m1", followup="データはありますか？")
    messages, events = run(ActionSkip(), tracker("次へ", intent="skip", message_id="m2", slots={
        "question_id": first.id, "walk_key": "review", "followup_for": first.id}))
    assert slot(events, "question_id") == second.id and slot(events, "followup_for") is None
    assert [a.status for a in store.answers("tanaka")] == ["answered"]


def test_pause_ends_the_form_and_says_how_to_resume(kb):
    first = kb.steps[0].questions[0]
    messages, events = run(ActionPause(), tracker(slots={"question_id": first.id, "walk_key": "review"}))
    assert "再開" in messages[0]["text"]
    assert any(e["event"] == "active_loop" and e["name"] is None for e in events)


@pytest.mark.parametrize("entity_value, text, expected", [
    ("サービスC", "通所Cって何ですか", "サービスC"),
    (None, "きょうぎたいの意味を教えて", None),
    (None, "SCとは？", "生活支援コーディネーター"),
])
def test_explain_term_by_entity_or_by_text(kb, entity_value, text, expected):
    entities = [{"entity": "term", "value": entity_value}] if entity_value else []
    messages, _ = run(ActionExplainTerm(), tracker(text, intent="ask_term", entities=entities))
    if expected:
        assert messages[0]["text"].startswith(f"【{expected}】")
        assert kb.term_by_name(expected).definition in messages[0]["text"]
    else:
        assert "どの用語" in messages[0]["text"] or "【" in messages[0]["text"]


def test_what_next_is_offered_only_when_a_walk_was_finished(kb):
    offered, _ = run(ActionWalkNext(), tracker(slots={"review_answer": FINISHED}))
    assert "別のテーマ" in offered[0]["text"] and "テーマを選ぶ" in [b["title"] for b in offered[0]["buttons"]]
    # 「STEP9から」 or a resume with nothing to resume: the choices were shown, nothing was finished.
    assert run(ActionWalkNext(), tracker(slots={"review_answer": NOT_OPENED}))[0] == []
