"""The report as JSON for other tools; docs/report-schema.json describes it.

Codes (status, kind, change) stay codes, not Japanese labels, so that programs
can rely on them. Dates are ISO 8601; datetimes are UTC and end in "Z".
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Dict, Optional

from bot.report.model import AnswerEntry, Meeting, Report
from bot.report.render import utc_naive


def _at(dt: datetime) -> str:
    return utc_naive(dt).isoformat() + "Z"


def _day(d: Optional[date]) -> Optional[str]:
    if d is None:
        return None
    return (d.date() if isinstance(d, datetime) else d).isoformat()


def _meeting(m: Optional[Meeting]) -> Optional[Dict[str, Any]]:
    return None if m is None else {"event": m.event, "on": _day(m.on)}


def _answer(a: AnswerEntry) -> Dict[str, Any]:
    current = a.current
    return {
        "question_id": a.question_id,
        "question": a.question,
        "parent": a.parent,
        "viewpoints": list(a.viewpoints),
        "text": current.text,
        "status": current.status,
        "user": current.user,
        "answered_at": _at(current.at),
        "change": a.change,
        "followups": a.followups,
        "versions": [{"text": v.text, "status": v.status, "user": v.user, "at": _at(v.at),
                      "followup": v.followup, "reply_to_followup": bool(v.reply_to_followup)}
                     for v in a.versions],
        "comments": [{"text": n.text, "user": n.user, "role": n.role, "at": _at(n.at), "reply": bool(n.reply)}
                     for n in a.comments],
    }


def as_dict(report: Report) -> Dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "municipality": {"name": report.municipality, "prefecture": report.prefecture, "code": report.code},
        "generated_at": _at(report.generated_at),
        "since": _day(report.since),
        "since_label": report.since_label,
        "masked": bool(report.masked),
        "progress": [{"label": p.label, "kind": p.kind, "title": p.title, "answered": p.answered,
                      "skipped": p.skipped, "dont_know": p.dont_know, "not_yet": p.not_yet, "total": p.total}
                     for p in report.progress],
        "flags": [{"kind": f.kind, "message": f.message, "question_id": f.question_id, "parent": f.parent}
                  for f in report.flags],
        "answers": [_answer(a) for a in report.answers],
        "changes": [a.question_id for a in report.changes],
        "meetings": [_meeting(m) for m in report.meetings],
        "next_meeting": _meeting(report.next_meeting),
        "prepared": [{"event": m.event, "on": _day(m.on),
                      "prompts": [{"question_id": p.question_id, "question": p.question, "parent": p.parent,
                                   "prompt_id": p.prompt_id, "text": p.text, "by": p.by, "at": _at(p.at)}
                                  for p in m.prompts]} for m in report.prepared],
        "transcript": None if report.transcript is None else [
            {"at": _at(t.at), "speaker": t.speaker, "who": t.who, "text": t.text} for t in report.transcript],
    }


def render(report: Report) -> bytes:
    """The report as indented UTF-8 JSON."""
    return (json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
