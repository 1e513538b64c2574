"""Rasa's check of each action server reply, with the validator built once.

Rasa validates every reply of the action server against a JSON schema with
``jsonschema.validate``, which first checks the (large) schema itself against
the meta-schema, on every call. Measured through the web app, that re-check was
half of the Rasa server's CPU time in a turn (docs/benchmarks.md). This is the
same validation, same errors. The schema itself is Rasa's constant: a unit test
checks it against the meta-schema (tests/unit/test_tracker_store.py), so no
server spends its first turn doing so. Rasa
3.6 gets no more fixes upstream, so the patch lives here, installed when Rasa
loads our channel.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction


@lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
