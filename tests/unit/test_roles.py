"""The access policy itself, written out by hand: a change to bot.roles must change this table too."""

import pytest

from bot import roles

#              staff  adviser prefecture bureau admin
POLICY = {
    "chat":            (1, 1, 1, 1, 1),
    "report":          (1, 1, 1, 1, 1),  # masked, and only municipalities one may read
    "dashboard":       (0, 1, 1, 1, 1),
    "knowledge":       (0, 1, 1, 1, 1),
    "report_unmasked": (0, 0, 0, 0, 1),
    "accounts":        (0, 0, 0, 0, 1),
    "audit":           (0, 0, 0, 0, 1),
    "disclose":        (0, 0, 0, 0, 1),
    "delete":          (0, 0, 0, 0, 1),
}


def test_the_policy_is_the_one_written_here():
    assert set(roles.ACTIONS) == set(POLICY)
    for action, row in POLICY.items():
        assert tuple(int(roles.may(role, action)) for role in roles.ROLES) == row, action


@pytest.mark.parametrize("action", [a for a, row in POLICY.items() if not all(row)])
def test_every_refusal_says_why_in_japanese(action):
    with pytest.raises(roles.Forbidden) as refused:
        roles.require("staff", action)
    assert refused.value.args[0].endswith("。") and "管理者" in refused.value.args[0] or "支援チーム" in refused.value.args[0]


def test_only_an_admin_reads_every_municipality():
    assert [r for r in roles.ROLES if roles.reads_all(r)] == ["admin"]
