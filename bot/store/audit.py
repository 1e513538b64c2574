"""The audit trail: logins, exports, account changes and deletions, kept in the record.

``record`` adds an event in the caller's transaction, so an export and its audit line
are stored together or not at all. Reading it (``events``) is for admins (bot.roles).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import AuditEvent, Municipality, utcnow

# What is recorded, and how it reads in the trail.
ACTIONS = {
    "login": "ログイン",
    "login_failed": "ログインの失敗",
    "logout": "ログアウト",
    "report": "報告書の書き出し",
    "prepare": "準備シートの作成",
    "comment": "回答へのコメント・返信",
    "disclose": "記録の書き出し（開示）",
    "delete": "記録の削除",
    "account_add": "利用者の登録",
    "account_password": "パスワードの設定",
    "account_active": "利用の停止・再開",
    "account_role": "役割・担当の変更",
    "audit_read": "操作の記録の閲覧",
}


@dataclass
class Event:
    at: datetime
    actor: Optional[str]
    action: str
    label: str
    municipality: Optional[str]
    target: Optional[str]
    detail: dict
    source: Optional[str]


def record(session: Session, action: str, *, actor: Optional[str], municipality_id: Optional[int] = None,
           target: Optional[str] = None, detail: Optional[dict] = None, source: Optional[str] = None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    session.add(AuditEvent(at=utcnow(), actor=actor, action=action, municipality_id=municipality_id,
                           target=(target or None) and target[:255],
                           detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
                           source=(source or None) and source[:64]))


def events(session: Session, *, actor: Optional[str] = None, action: Optional[str] = None,
           municipality_id: Optional[int] = None, since: Optional[datetime] = None, limit: int = 200) -> List[Event]:
    """The newest events first, filtered."""
    query = (select(AuditEvent, Municipality.name).outerjoin(Municipality, Municipality.id == AuditEvent.municipality_id)
             .order_by(AuditEvent.id.desc()).limit(limit))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    if municipality_id is not None:
        query = query.where(AuditEvent.municipality_id == municipality_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return [Event(row.at, row.actor, row.action, ACTIONS.get(row.action, row.action), name, row.target,
                  json.loads(row.detail) if row.detail else {}, row.source)
            for row, name in session.execute(query)]
