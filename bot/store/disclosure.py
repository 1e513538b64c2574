"""Disclosure and deletion: everything Bansō holds about one person or one municipality.

Held about a person (login L, which is also the sender id of their conversations):

- ``people``: their row (the password hash is never exported); ``supports``: whom they support;
- ``answers``: every answer they wrote (sender id L, or bound to their person row), each with its
  masked text where the report's cache (``masked_texts``) holds one. That cache is keyed by a digest
  of the masking rules and the text, so an answer's mask is found under today's rules; masks made
  under older rules are never read again and cannot be traced to anyone (a deletion drops them);
- ``walks``, ``places``, ``turns``: where they are, and each turn's words and outcome;
- ``web_sessions`` (times only, never a token) and ``login_failures`` of their login;
- ``comments``: comments and replies they wrote, and those on their answers (with masked text, as answers);
- ``question_summaries``: per question of their municipality (counts, not words; rebuilt after a deletion);
- ``audit_events``: what they did, and what was done to their login;
- Rasa's tracker (``events`` in ``BANSO_TRACKER_DB``, default var/tracker.db): every event of
  their conversation, and the transcript read from it.

A municipality: its row, its ``visits``, ``supports`` (who supports it), ``question_summaries``,
every answer that counts for it and the ``comments`` on them, each of its staff as a person above, and the audit events about it.

Deleting removes all of it: first the tracker's events (a separate SQLite file), then the record in
one transaction, with SQLite's ``secure_delete`` (the deleted rows are overwritten, not left in free
pages) and a WAL checkpoint afterwards. Run again, it finishes a deletion that was cut short.
The audit trail itself stays — it is the record of who did what — but the deleted login and
municipality no longer appear in it: each is replaced by a random pseudonym (``削除済み-…``), the
same in all its events, so the trail still shows what happened and when. The deletion's and the
disclosure's own events keep only counts. After a deletion, ``masked_texts`` keeps only masks of
answers that remain (masks of transcripts are made again when a report next asks for them).
Copies made before (``banso backup``, exported reports) are not touched: the CLI says so.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from bot.normalize import normalize
from bot.store import audit, summaries
from bot.store.models import (Answer, AuditEvent, Comment, LoginFailure, MaskedText, Municipality, Person, Place,
                              PromptTick, QuestionSummary, Support, Turn, Visit, Walk, WebSession, utcnow)
from bot.store.registry import RegistryError
from bot.store.repository import Store, StoreUnavailable

SECRET_COLUMNS = {"password_hash", "token_hash", "csrf_token"}  # credentials: never exported
MASKS_NOTE = ("伏せ字の保存（masked_texts）は、伏せ字の規則と本文のダイジェストで引きます。"
              "いまの規則で作られた伏せ字だけを、各回答の masked に入れています。"
              "以前の規則で作られた伏せ字は、もう読まれることがなく、誰のものか辿れません（削除のときに消えます）。")
SUMMARIES_NOTE = "問いごとの集計（件数と状態）です。文章は含みません。"
BATCH = 500


class DisclosureError(RegistryError):
    """Nothing to disclose or delete under that name; the message says what to check, in Japanese."""


# Export ---------------------------------------------------------------------------
def export_person(store: Store, login: str, *, tracker: Optional[str] = None, actor: Optional[str] = None,
                  source: Optional[str] = None, detail: Optional[dict] = None,
                  deliver: Optional[Callable[[dict], None]] = None) -> dict:
    """Everything held about one login, as JSON-ready data; records one "disclose" event (counts only).

    ``deliver`` (writing the file) runs inside the transaction that records the event: both or neither.
    """
    login = normalize(login)
    events = tracker_events(tracker_path(tracker), [login])
    with _writing(store) as session:
        person = _person(session, login)
        if person is None and not _held(session, [login]) and not events:
            raise DisclosureError(f"ログイン名「{login}」の記録はありません。banso user list で確かめてください。")
        data = {"kind": "person", "exported_at": _plain(utcnow()), "login": login,
                **_person_part(session, login, person, with_answers=True)}
        data["tracker"] = _tracker_part(events)
        data["audit_events"] = _audit_rows(session, [login])
        data["counts"] = _counts(data)
        _record(session, "disclose", actor, source, target=login,
                municipality_id=person.municipality_id if person else None,
                detail={"kind": "person", "counts": data["counts"], **(detail or {})})
        if deliver is not None:
            deliver(data)
    return data


def export_municipality(store: Store, municipality: str, *, tracker: Optional[str] = None,
                        actor: Optional[str] = None, source: Optional[str] = None, detail: Optional[dict] = None,
                        deliver: Optional[Callable[[dict], None]] = None) -> dict:
    """Everything held about one municipality (name or code), its staff included; one "disclose" event."""
    with store.session() as session:
        place = _municipality(session, municipality)
        logins = _staff_logins(session, place.id)
    events = tracker_events(tracker_path(tracker), logins)
    with _writing(store) as session:
        place = session.get(Municipality, place.id)
        if place is None:
            raise DisclosureError(f"市町村「{municipality}」は登録されていません。")
        staff = list(session.execute(select(Person).where(Person.municipality_id == place.id)
                                     .order_by(Person.id)).scalars())
        answers = list(session.execute(_municipality_answers(place.id, [p.login for p in staff])).scalars())
        data = {"kind": "municipality", "exported_at": _plain(utcnow()), "municipality": _row(place),
                "visits": _rows(session, select(Visit).where(Visit.municipality_id == place.id).order_by(Visit.id)),
                "prompt_ticks": _rows(session, select(PromptTick).where(PromptTick.municipality_id == place.id)
                                      .order_by(PromptTick.id)),
                "supports": [{"login": p.login, "name": p.name, "role": p.role} for p in session.execute(
                    select(Person).join(Support, Support.person_id == Person.id)
                    .where(Support.municipality_id == place.id).order_by(Person.id)).scalars()],
                "question_summaries": _summaries(session, place.id),
                "question_summaries_note": SUMMARIES_NOTE,
                "answers": _answers(session, answers), "masked_texts_note": MASKS_NOTE,
                "comments": _comments(session, select(Comment).where(
                    Comment.answer_id.in_([a.id for a in answers])).order_by(Comment.id)),
                "staff": [_person_part(session, p.login, p, with_answers=False) for p in staff]}
        data["tracker"] = _tracker_part(events)
        data["audit_events"] = _audit_rows(session, [p.login for p in staff], place.id)
        data["counts"] = _counts(data)
        _record(session, "disclose", actor, source, municipality_id=place.id,
                detail={"kind": "municipality", "counts": data["counts"], **(detail or {})})
        if deliver is not None:
            deliver(data)
    return data


# Deletion ---------------------------------------------------------------------------
def delete_person(store: Store, login: str, *, tracker: Optional[str] = None, actor: Optional[str] = None,
                  source: Optional[str] = None) -> Dict[str, int]:
    """Remove everything held about one login; one "delete" event with the counts. Returns the counts."""
    login = normalize(login)
    path = tracker_path(tracker)
    with store.session() as session:
        person = _person(session, login)
        if person is None and not _held(session, [login]) and not tracker_events(path, [login]):
            raise DisclosureError(f"ログイン名「{login}」の記録はありません。banso user list で確かめてください。")
    counts = {"tracker_events": delete_tracker_events(path, [login])}
    with _writing(store, secure=True) as session:
        person = _person(session, login)
        places = {person.municipality_id} if person is not None and person.municipality_id else set()
        places |= _answer_places(session, [login])
        counts.update(_delete_people(session, [login]))
        summaries.rebuild(session, sorted(places))
        counts["masked_texts"] = _prune_masks(session)
        token = _pseudonym()
        counts["audit_events_pseudonymised"] = _pseudonymise(session, {login: token})
        _record(session, "delete", actor, source, target=token, municipality_id=min(places) if places else None,
                detail={"kind": "person", "counts": counts})
    _checkpoint(store)
    return counts


def delete_municipality(store: Store, municipality: str, *, tracker: Optional[str] = None,
                        actor: Optional[str] = None, source: Optional[str] = None) -> Dict[str, int]:
    """Remove a municipality, its staff and everything held about them; one "delete" event with the counts."""
    path = tracker_path(tracker)
    with store.session() as session:
        place = _municipality(session, municipality)
        logins = _staff_logins(session, place.id)
    counts = {"tracker_events": delete_tracker_events(path, logins)}
    with _writing(store, secure=True) as session:
        place = session.get(Municipality, place.id)
        if place is None:
            raise DisclosureError(f"市町村「{municipality}」は登録されていません。")
        logins = _staff_logins(session, place.id)
        names = {login: _pseudonym() for login in logins}
        municipality_token = _pseudonym()
        places = _answer_places(session, logins) - {place.id}
        counts["comments"] = session.execute(delete(Comment).where(Comment.answer_id.in_(
            select(Answer.id).where(Answer.municipality_id == place.id)))
            .execution_options(synchronize_session=False)).rowcount or 0
        counts["answers"] = session.execute(delete(Answer).where(Answer.municipality_id == place.id)).rowcount or 0
        for key, value in _delete_people(session, logins).items():
            counts[key] = counts.get(key, 0) + value
        counts["supports"] = counts.get("supports", 0) + (session.execute(
            delete(Support).where(Support.municipality_id == place.id)).rowcount or 0)
        counts["visits"] = session.execute(delete(Visit).where(Visit.municipality_id == place.id)).rowcount or 0
        counts["question_summaries"] = session.execute(
            delete(QuestionSummary).where(QuestionSummary.municipality_id == place.id)).rowcount or 0
        session.delete(place)
        session.flush()
        counts["municipalities"] = 1
        if places:
            summaries.rebuild(session, sorted(places))
        counts["masked_texts"] = _prune_masks(session)
        counts["audit_events_pseudonymised"] = _pseudonymise(
            session, {**names, place.name: municipality_token, place.code: municipality_token},
            municipality_id=place.id, municipality_token=municipality_token)
        _record(session, "delete", actor, source, target=municipality_token,
                detail={"kind": "municipality", "counts": counts})
    _checkpoint(store)
    return counts


# The tracker (Rasa's events table, a SQLite file of its own) ---------------------------
def tracker_path(tracker: Optional[str] = None) -> str:
    if tracker:
        return tracker
    from bot.config import Settings

    return Settings.from_env().tracker_url


@contextmanager
def _tracker(path: str) -> Iterator[Optional[sqlite3.Connection]]:
    """The tracker database, if it exists and has events (never created here)."""
    if not path or not Path(path).is_file():
        yield None
        return
    try:
        connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=10)
    except sqlite3.Error as err:
        raise StoreUnavailable(f"tracker: {err}") from err
    try:
        found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
        yield connection if found else None
    except sqlite3.Error as err:
        raise StoreUnavailable(f"tracker: {err}") from err
    finally:
        connection.close()


def tracker_events(path: str, senders: Sequence[str]) -> List[dict]:
    """Every stored event of these senders, oldest first."""
    out: List[dict] = []
    with _tracker(path) as connection:
        if connection is None:
            return out
        for chunk in _chunks(list(senders)):
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events "
                f"WHERE sender_id IN ({marks}) ORDER BY id", chunk).fetchall()
            for row_id, sender, type_name, timestamp, intent, action, payload in rows:
                out.append({"id": row_id, "sender_id": sender, "type": type_name,
                            "at": _plain(datetime.utcfromtimestamp(timestamp)) if timestamp else None,
                            "intent": intent, "action": action, "data": _json_or_text(payload)})
    return sorted(out, key=lambda event: event["id"])


def delete_tracker_events(path: str, senders: Sequence[str]) -> int:
    deleted = 0
    with _tracker(path) as connection:
        if connection is None or not senders:
            return 0
        connection.execute("PRAGMA secure_delete = ON")
        with connection:
            for chunk in _chunks(list(senders)):
                marks = ",".join("?" * len(chunk))
                deleted += connection.execute(f"DELETE FROM events WHERE sender_id IN ({marks})", chunk).rowcount
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a reader holds the WAL: SQLite reuses it later
    return deleted


def _tracker_part(events: List[dict]) -> dict:
    transcript = [{"at": e["at"], "sender_id": e["sender_id"], "who": "user" if e["type"] == "user" else "bot",
                   "text": e["data"].get("text")}
                  for e in events if e["type"] in ("user", "bot") and isinstance(e["data"], dict)
                  and e["data"].get("text")]
    return {"events": events, "transcript": transcript}


# Reading the record -------------------------------------------------------------------
def _person(session: Session, login: str) -> Optional[Person]:
    return session.execute(select(Person).where(Person.login == login)).scalar_one_or_none()


def _municipality(session: Session, name_or_code: str) -> Municipality:
    key = normalize(name_or_code)
    found = session.execute(select(Municipality).where(
        (Municipality.name == key) | (Municipality.code == key))).scalar_one_or_none()
    if found is None:
        raise DisclosureError(f"市町村「{name_or_code}」は登録されていません。banso municipality list で確かめてください。")
    return found


def _staff_logins(session: Session, municipality_id: int) -> List[str]:
    return list(session.execute(select(Person.login).where(Person.municipality_id == municipality_id)
                                .order_by(Person.id)).scalars())


def _held(session: Session, logins: Sequence[str]) -> bool:
    """Whether any row of the record belongs to these sender ids (an unregistered sender has no person row)."""
    for column in (Answer.sender_id, Walk.sender_id, Place.sender_id, Turn.sender_id, LoginFailure.login):
        if session.execute(select(column).where(column.in_(logins)).limit(1)).first() is not None:
            return True
    return False


def _person_answers(login: str, person: Optional[Person]):
    condition = Answer.sender_id == login
    if person is not None:
        condition = or_(condition, Answer.person_id == person.id)
    return select(Answer).where(condition).order_by(Answer.id)


def _municipality_answers(municipality_id: int, logins: Sequence[str]):
    """Answers bound to the municipality, or written by its staff (as summaries.answers_of counts them)."""
    condition = Answer.municipality_id == municipality_id
    if logins:
        condition = or_(condition, Answer.sender_id.in_(logins))
    return select(Answer).where(condition).order_by(Answer.id)


def _person_part(session: Session, login: str, person: Optional[Person], *, with_answers: bool) -> dict:
    part: dict = {"person": None, "municipality": None, "supports": []}
    if person is not None:
        part["person"] = {**_row(person), "password_set": person.password_hash is not None}
        place = session.get(Municipality, person.municipality_id) if person.municipality_id else None
        part["municipality"] = _row(place) if place is not None else None
        part["supports"] = [_row(m) for m in session.execute(
            select(Municipality).join(Support, Support.municipality_id == Municipality.id)
            .where(Support.person_id == person.id).order_by(Municipality.id)).scalars()]
    if with_answers:
        answers = list(session.execute(_person_answers(login, person)).scalars())
        part["answers"] = _answers(session, answers)
        mine = Comment.answer_id.in_([a.id for a in answers])
        if person is not None:
            mine = or_(mine, Comment.person_id == person.id)
        part["comments"] = _comments(session, select(Comment).where(mine).order_by(Comment.id))
        if person is not None:  # the prompts they ticked to use at a visit
            part["prompt_ticks"] = _rows(session, select(PromptTick).where(PromptTick.person_id == person.id)
                                         .order_by(PromptTick.id))
        part["masked_texts_note"] = MASKS_NOTE
        places = sorted({a.municipality_id for a in answers if a.municipality_id}
                        | ({person.municipality_id} if person is not None and person.municipality_id else set()))
        questions = {a.question_id for a in answers}
        part["question_summaries"] = [s for m in places for s in _summaries(session, m)
                                      if s["question_id"] in questions]
        part["question_summaries_note"] = SUMMARIES_NOTE
    part["walks"] = _rows(session, select(Walk).where(Walk.sender_id == login).order_by(Walk.id))
    part["places"] = _rows(session, select(Place).where(Place.sender_id == login))
    part["turns"] = [{**row, "outcome": _json_or_text(row["outcome"])}
                     for row in _rows(session, select(Turn).where(Turn.sender_id == login).order_by(Turn.id))]
    part["web_sessions"] = (_rows(session, select(WebSession).where(WebSession.person_id == person.id)
                                  .order_by(WebSession.created_at)) if person is not None else [])
    part["login_failures"] = _rows(session, select(LoginFailure).where(LoginFailure.login == login)
                                   .order_by(LoginFailure.id))
    return part


def _answers(session: Session, answers: List[Answer]) -> List[dict]:
    masks = _masks(session, [a.text for a in answers])
    return [{**_row(a), "masked": masks.get(a.text)} for a in answers]


def _comments(session: Session, query) -> List[dict]:
    """Comments and replies, each with who wrote it and its masked text where the cache holds one."""
    rows = list(session.execute(query).scalars())
    masks = _masks(session, [c.text for c in rows])
    logins = dict(session.execute(select(Person.id, Person.login).where(
        Person.id.in_({c.person_id for c in rows}))).all()) if rows else {}
    return [{**_row(c), "author_login": logins.get(c.person_id), "masked": masks.get(c.text)} for c in rows]


def _summaries(session: Session, municipality_id: int) -> List[dict]:
    return _rows(session, select(QuestionSummary).where(QuestionSummary.municipality_id == municipality_id)
                 .order_by(QuestionSummary.question_id))


def _audit_rows(session: Session, logins: Sequence[str], municipality_id: Optional[int] = None) -> List[dict]:
    conditions = [AuditEvent.actor.in_(logins), AuditEvent.target.in_(logins)] if logins else []
    if municipality_id is not None:
        conditions.append(AuditEvent.municipality_id == municipality_id)
    if not conditions:
        return []
    rows = _rows(session, select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id))
    return [{**row, "detail": _json_or_text(row["detail"])} for row in rows]


def _counts(data: dict) -> Dict[str, int]:
    counts = {key: len(value) for key, value in data.items() if isinstance(value, list)}
    counts["tracker_events"] = len(data["tracker"]["events"])
    if "staff" in data:
        for key in ("walks", "places", "turns", "web_sessions", "login_failures"):
            counts[key] = sum(len(person[key]) for person in data["staff"])
    return counts


# Masks --------------------------------------------------------------------------------
def _mask_digest() -> Optional[Callable[[str], str]]:
    """The report cache's key of a text under today's masking rules (bot.report.mask_cache)."""
    try:
        from bot.report import mask_cache

        rules = mask_cache._rules()
    except Exception:  # the cache's keying changed: masks cannot be found, only pruned wholesale
        return None
    return lambda value: hashlib.sha256(rules + value.encode("utf-8")).hexdigest()


def _masks(session: Session, texts: Iterable[str]) -> Dict[str, str]:
    digest = _mask_digest()
    if digest is None:
        return {}
    keys = {digest(t): t for t in set(texts)}
    found: Dict[str, str] = {}
    key_list = list(keys)
    for at in range(0, len(key_list), BATCH):
        for row in session.execute(select(MaskedText).where(MaskedText.digest.in_(key_list[at:at + BATCH]))).scalars():
            found[keys[row.digest]] = row.masked
    return found


def _prune_masks(session: Session) -> int:
    """Keep only the masks of answers that remain; any other mask may be a deleted person's words."""
    digest = _mask_digest()
    keep = set()
    if digest is not None:
        keep = {digest(t) for t in session.execute(select(Answer.text).distinct()).scalars()}
        keep |= {digest(t) for t in session.execute(select(Comment.text).distinct()).scalars()}  # masked as answers
    stale = [d for d in session.execute(select(MaskedText.digest)).scalars() if d not in keep]
    for at in range(0, len(stale), BATCH):
        session.execute(delete(MaskedText).where(MaskedText.digest.in_(stale[at:at + BATCH])))
    return len(stale)


# Deleting -----------------------------------------------------------------------------
def _answer_places(session: Session, logins: Sequence[str]) -> set:
    if not logins:
        return set()
    return {m for m in session.execute(select(Answer.municipality_id).where(
        Answer.sender_id.in_(logins), Answer.municipality_id.is_not(None)).distinct()).scalars()}


def _delete_people(session: Session, logins: Sequence[str]) -> Dict[str, int]:
    """Every row of these logins (sender ids), then their person rows; the caller rebuilds summaries."""
    counts = {key: 0 for key in ("comments", "answers", "walks", "places", "turns", "web_sessions", "login_failures",
                                 "supports", "people")}
    for chunk in _chunks(list(logins)):
        ids = list(session.execute(select(Person.id).where(Person.login.in_(chunk))).scalars())
        answers = Answer.sender_id.in_(chunk)
        if ids:
            answers = or_(answers, Answer.person_id.in_(ids))
        # Comments go first and explicitly: those on their answers (whoever wrote them) and those they wrote.
        written = Comment.answer_id.in_(select(Answer.id).where(answers))
        if ids:
            written = or_(written, Comment.person_id.in_(ids))
        counts["comments"] += session.execute(delete(Comment).where(written)
                                              .execution_options(synchronize_session=False)).rowcount or 0
        counts["answers"] += session.execute(delete(Answer).where(answers)).rowcount or 0
        for key, model, column in (("walks", Walk, Walk.sender_id), ("places", Place, Place.sender_id),
                                   ("turns", Turn, Turn.sender_id), ("login_failures", LoginFailure, LoginFailure.login)):
            counts[key] += session.execute(delete(model).where(column.in_(chunk))).rowcount or 0
        if ids:
            counts["web_sessions"] += session.execute(
                delete(WebSession).where(WebSession.person_id.in_(ids))).rowcount or 0
            counts["supports"] += session.execute(delete(Support).where(Support.person_id.in_(ids))).rowcount or 0
            counts["people"] += session.execute(delete(Person).where(Person.id.in_(ids))).rowcount or 0
    return counts


def _pseudonym() -> str:
    return f"削除済み-{secrets.token_hex(4)}"


def _pseudonymise(session: Session, names: Dict[str, str], municipality_id: Optional[int] = None,
                  municipality_token: Optional[str] = None) -> int:
    """Replace deleted logins (and a municipality's name and code) in the audit trail by their pseudonyms."""
    changed = set()
    for name, token in names.items():
        for column in (AuditEvent.actor, AuditEvent.target):
            ids = list(session.execute(select(AuditEvent.id).where(column == name)).scalars())
            if ids:
                session.execute(update(AuditEvent).where(AuditEvent.id.in_(ids)).values({column: token}))
                changed.update(ids)
        for quoted in {json.dumps(name), json.dumps(name, ensure_ascii=False)}:
            for row in session.execute(select(AuditEvent).where(
                    AuditEvent.detail.contains(quoted, autoescape=True))).scalars():
                row.detail = row.detail.replace(quoted, json.dumps(token, ensure_ascii=False))
                changed.add(row.id)
    if municipality_id is not None:
        ids = list(session.execute(select(AuditEvent.id).where(AuditEvent.municipality_id == municipality_id)).scalars())
        if ids:
            session.execute(update(AuditEvent).where(AuditEvent.id.in_(ids), AuditEvent.target.is_(None))
                            .values(target=municipality_token))
            session.execute(update(AuditEvent).where(AuditEvent.id.in_(ids)).values(municipality_id=None))
            changed.update(ids)
    session.flush()
    return len(changed)


# Helpers ------------------------------------------------------------------------------
def _record(session: Session, action: str, actor: Optional[str], source: Optional[str], **kwargs) -> None:
    audit.record(session, action, actor=actor, source=source, **kwargs)


@contextmanager
def _writing(store: Store, secure: bool = False) -> Iterator[Session]:
    """One write transaction (SQLite's write lock from its start); ``secure``: deleted rows are overwritten."""
    sqlite = store.engine.dialect.name == "sqlite"
    try:
        with store.session() as session, session.begin():
            if sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                if secure:
                    session.execute(text("PRAGMA secure_delete = ON"))
            yield session
            session.flush()
            if sqlite and secure:
                session.execute(text("PRAGMA secure_delete = OFF"))  # the pooled connection's default again
    except (OperationalError, DBAPIError) as err:
        raise StoreUnavailable(str(err)) from err


def _checkpoint(store: Store) -> None:
    """Old versions of the deleted pages leave SQLite's write-ahead log (best effort: readers may hold it)."""
    if store.engine.dialect.name != "sqlite":
        return
    try:
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except (OperationalError, DBAPIError):
        pass


def _chunks(values: List[str], size: int = BATCH) -> Iterator[List[str]]:
    for at in range(0, len(values), size):
        yield values[at:at + size]


def _row(obj) -> dict:
    return {column.name: _plain(getattr(obj, column.key)) for column in obj.__table__.columns
            if column.name not in SECRET_COLUMNS}


def _rows(session: Session, query) -> List[dict]:
    return [_row(obj) for obj in session.execute(query).scalars()]


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json_or_text(value):
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
