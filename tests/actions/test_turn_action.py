"""The one action without Rasa: a tracker dict in, the bot's messages out, the place in the record."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import ActionTurn
from bot import services
from bot.review import Review
from bot.store import StoreUnavailable
from bot.store.registry import Registry


@pytest.fixture(autouse=True)
def isolated_services(monkeypatch, kb, store):
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person("tanaka", "田中", "staff", ["川北町"])
    monkeypatch.setattr(services, "review", lambda: Review(kb, store))
    monkeypatch.setattr(services, "store", lambda: store)
    monkeypatch.setattr(services, "knowledge", lambda: kb)


def tracker(text, intent="answer", entities=None, message_id="m1", sender="tanaka", metadata=None):
    user = {"event": "user", "text": text, "message_id": message_id,
            "parse_data": {"intent": {"name": intent}, "entities": entities or [], "text": text}}
    return Tracker.from_dict({
        "sender_id": sender, "slots": {},
        "latest_message": {"text": text, "intent": {"name": intent}, "entities": entities or [],
                           "metadata": metadata or {}},
        "events": [user], "active_loop": {}, "latest_action_name": "action_listen",
    })


def run(tr):
    dispatcher = CollectingDispatcher()
    events = ActionTurn().run(dispatcher, tr, {})
    assert events == []  # Rasa keeps no walk state: no slots, no forms
    return dispatcher.messages


def test_a_turn_opens_the_walk_and_buttons_become_payloads(kb, store):
    messages = run(tracker("振り返りを始めたい", intent="start_review"))
    assert kb.steps[0].questions[0].text in messages[-1]["text"]
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/request_viewpoint", "/dont_know", "/skip", "/pause"]
    assert store.place("tanaka").walk_key == "review"


def test_entities_reach_the_review_and_choices_carry_them(kb):
    messages = run(tracker("テーマを選びたい", intent="choose_theme"))
    assert messages[-1]["buttons"][0]["payload"] == '/choose_theme{"theme": "%s"}' % kb.themes[0].name
    opened = run(tracker("通いの場", intent="choose_theme", message_id="m2",
                         entities=[{"entity": "theme", "value": "通いの場"}]))
    assert "通いの場 問い 1/" in opened[-1]["text"]


def test_the_client_id_is_the_turn_key(kb, store):
    run(tracker("振り返りを始めたい", intent="start_review", message_id="m0"))
    answer = "通いの場は12か所あり、参加者は延べ300人です。民生委員さんからは「うれしい」と聞いています。"
    first = run(tracker(answer, message_id="rasa-1", metadata={"client_message_id": "c1"}))
    again = run(tracker(answer, message_id="rasa-2", metadata={"client_message_id": "c1"}))  # a new Rasa id
    assert first == again and len(store.answers("tanaka")) == 1


def test_a_stranger_is_refused_and_nothing_is_written(store):
    messages = run(tracker("振り返りを始めたい", intent="start_review", sender="intruder"))
    assert "このログイン名では話せません" in messages[0]["text"]
    assert store.place("intruder") is None and store.turns("intruder") == []


def test_a_failed_record_is_named_in_japanese(monkeypatch, kb, store):
    def broken(*args, **kwargs):
        raise StoreUnavailable("database is locked")

    monkeypatch.setattr(store, "turn", broken)
    messages = run(tracker("振り返りを始めたい", intent="start_review"))
    assert [m["text"] for m in messages] == ["すみません、記録できませんでした。少し時間をおいて、同じ内容をもう一度送ってください。"]


def test_an_unexpected_error_still_answers_in_japanese(monkeypatch):
    monkeypatch.setattr(services, "review", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    messages = run(tracker("振り返りを始めたい", intent="start_review"))
    assert "記録できませんでした" in messages[0]["text"]
