"""The web app's JSON API against its own OpenAPI description, with schemathesis.

The description is read from the running web app (GET /api/openapi.json, which
serves bot/web/openapi.yaml) as a logged-in staff member, and every operation is
tried with that session's cookie and CSRF token: requests that keep to the
description and requests that break it (wrong types, missing fields, a bad
?before=). No response may be a 5xx, differ from the description (status code,
content type, body, the exact Japanese error) or show internal text.
`make test` runs a seeded few per operation; `make fuzz` BANSO_FUZZ_EXAMPLES each.
"""

import os
from collections import Counter

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from bot.web.app import COOKIE

from .conftest import INTERNAL

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("BANSO_FUZZ_EXAMPLES", "60"))
SEED = 16  # the same cases every run, as in test_fuzz.py: a failure can be replayed
TRIED = Counter()  # cases sent, per operation: the count make fuzz promises


@schemathesis.check
def no_internal_text(ctx, response, case):
    """Whatever the request, nobody reads a traceback, SQL or a Python error name."""
    found = INTERNAL.search(response.text or "")
    if found:
        raise AssertionError(f"内部の文が見えています: {found.group(0)!r} in {response.text[:300]!r}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          no_internal_text]


@pytest.fixture(scope="module")
def api(web):
    bot, session, csrf = web
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "base-url": bot.web_url,
        "generation": {"mode": "all", "max-examples": EXAMPLES, "database": "none"},
        "auth": {"openapi": {"session": {"api_key": session.cookies[COOKIE]}, "csrf": {"api_key": csrf}}},
    })
    loaded = schemathesis.openapi.from_url(f"{bot.web_url}/api/openapi.json", config=config,
                                           cookies=session.cookies, timeout=30)
    loaded.validate()  # a valid OpenAPI 3.0 document, or the fuzzing would test a typo
    return loaded


schema = schemathesis.pytest.from_fixture("api")


@schema.parametrize()
def test_the_json_api_keeps_to_its_description(case):
    TRIED[case.operation.label] += 1
    case.call_and_validate(checks=CHECKS, timeout=60)


def test_every_operation_was_tried(api, capsys):
    # All but GET /api/openapi.json, which schemathesis leaves out as the one that served the description.
    described = {operation.ok().label for operation in api.get_all_operations()}
    assert set(TRIED) == described, (sorted(TRIED), sorted(described))
    # Operations with inputs get the full count; those without any are the same request each time.
    for label in ("GET /api/history", "POST /api/message"):
        assert TRIED[label] >= EXAMPLES, TRIED
    if "BANSO_FUZZ_EXAMPLES" in os.environ:  # make fuzz says how many it sent
        with capsys.disabled():
            print(f"\nschemathesis: {sum(TRIED.values()):,} 件（{', '.join(f'{k} {v:,}' for k, v in TRIED.items())}）")
