"""Who may read and do what: the one place the rules are written.

Two questions decide every request:
- may this role do this kind of thing at all (``may``), and
- may this person read this municipality (``reads``): staff their own, a support-team member
  (adviser, prefecture, bureau) the ones they support, an admin every one.

The web app, the CLI and the report ask here; ``tests/integration/test_access_matrix.py``
tries every role against every entry of ``ACTIONS`` for real.
"""

from __future__ import annotations

from typing import Dict, FrozenSet

ROLES = ("staff", "adviser", "prefecture", "bureau", "admin")
ROLE_LABELS = {"staff": "市町村職員", "adviser": "アドバイザー", "prefecture": "都道府県", "bureau": "厚生局",
               "admin": "管理者"}
SUPPORT_ROLES = ("adviser", "prefecture", "bureau")
_EVERYONE = frozenset(ROLES)
_SUPPORT_TEAM = frozenset({*SUPPORT_ROLES, "admin"})
_ADMIN = frozenset({"admin"})


# Each action: the roles that may do it, and what a refusal says.
ACTIONS: Dict[str, FrozenSet[str]] = {
    "chat": _EVERYONE,                   # speak to the bot as oneself
    "report": _EVERYONE,                 # a municipality's report, masked (the municipality is checked too)
    "dashboard": _SUPPORT_TEAM,          # progress of the municipalities one may read
    "knowledge": _SUPPORT_TEAM,          # search the handbook, prompt sheets
    "report_unmasked": _ADMIN,           # a report without masking
    "accounts": _ADMIN,                  # add people, set passwords, roles, disable
    "audit": _ADMIN,                     # read the audit trail
    "disclose": _ADMIN,                  # export everything held about a person or a municipality
    "delete": _ADMIN,                    # delete it
}

REFUSALS = {
    "dashboard": "このページは支援チーム（アドバイザー・都道府県・厚生局）向けです。",
    "knowledge": "このページは支援チーム向けです。",
    "report_unmasked": "個人情報を伏せない出力（--no-mask）は管理者だけが使えます。",
    "accounts": "利用者の登録や変更は管理者だけができます。",
    "audit": "操作の記録は管理者だけが見られます。",
    "disclose": "記録の書き出しは管理者だけができます。",
    "delete": "記録の削除は管理者だけができます。",
}


FORBIDDEN = "この操作は許可されていません。"


class Forbidden(Exception):
    """A refusal; the message says why, in Japanese."""


def may(role: str, action: str) -> bool:
    return role in ACTIONS[action]


def require(role: str, action: str) -> None:
    if not may(role, action):
        raise Forbidden(REFUSALS.get(action, FORBIDDEN))


def label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def reads_all(role: str) -> bool:
    return role == "admin"


def not_yours(reader_name: str, role: str, municipality_name: str) -> str:
    """The refusal for a municipality outside someone's reach."""
    return (f"{reader_name}さん（{label(role)}）は「{municipality_name}」の記録を見ることができません。"
            "担当の市町村だけを見られます。")
