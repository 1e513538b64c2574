"""The bounded tracker store: a turn reads a few events, saves only its own, and the transcript keeps all."""

from bot.without_tensorflow import lift

lift()  # Rasa's tracker classes import TensorFlow

import asyncio  # noqa: E402

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from bot.config import ROOT  # noqa: E402
from bot.rasa.tracker_store import WINDOW, BansoTrackerStore, from_turn_start  # noqa: E402

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def turn(index):
    return [UserUttered(f"発話 {index}", {"name": "show_progress", "confidence": 1.0}),
            ActionExecuted("action_turn"), BotUttered(f"返事 {index}"), ActionExecuted("action_listen")]


def test_a_turn_loads_a_window_and_saves_only_what_it_added(tmp_path):
    store = BansoTrackerStore(domain=DOMAIN, db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker("yamada", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    for index in range(100):
        for event in turn(index):
            tracker.update(event)
    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve("yamada"))
    events = list(loaded.events)
    assert len(events) <= WINDOW and events[0] == ActionExecuted("action_listen")  # from a turn's start
    assert loaded.latest_message.text == "発話 99"
    for event in turn(100):
        loaded.update(event)
    asyncio.run(store.save(loaded))
    full = asyncio.run(store.retrieve_full_tracker("yamada"))
    texts = [e.text for e in full.events if isinstance(e, UserUttered)]
    assert texts == [f"発話 {i}" for i in range(101)]  # every turn once: nothing lost, nothing doubled
    asyncio.run(store.save(loaded))  # a second save of the same tracker adds nothing
    assert len(asyncio.run(store.retrieve_full_tracker("yamada")).events) == len(full.events)


def test_the_window_starts_where_the_bot_listened():
    cut = [{"event": "bot", "text": "途中"}, {"event": "action", "name": "action_listen"}, {"event": "user"}]
    assert from_turn_start(cut) == cut[1:]
    assert from_turn_start([{"event": "user"}]) == [{"event": "user"}]


def test_action_replies_are_still_validated_with_the_validator_built_once():
    import pytest
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    from bot.rasa import action_results

    action_results.install()
    action = RemoteAction("action_turn", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "こんにちは"}]})
    with pytest.raises(ValidationError, match="Failed to validate"):
        action._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"responses": "not a list"})


def test_rasas_action_reply_schema_is_a_valid_schema():
    """The servers skip this check (it was part of every first turn); Rasa's schema is checked here instead."""
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validators.validator_for(schema).check_schema(schema)
