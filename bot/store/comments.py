"""Comments between visits: the support team comments on an answer, the staff member replies.

A comment is on one answer (``answers.id``) of a municipality. Who may do what follows the
answers' own rules (bot.roles, Registry.may_read): a support-team member (adviser, prefecture,
bureau, admin) comments on the answers of the municipalities they may read; a staff member reads
the comments on their own municipality's answers and replies.

A reply is a ``comments`` row with ``reply_to`` (the comment it answers), never a new answer:
a new Answer row would become the question's latest answer (the walk's progress, the summaries and
the report's versions would count the reply as a revision), while the staff member's answer must
be stored once, as written. The report shows replies under the answer as a supplement.
The same reply sent twice (a double click, a resent request) is kept once.

Every refusal is a CommentError with a Japanese message and the HTTP status to answer with.
Each comment and reply is recorded in the audit trail ("comment", counts only: no words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from bot import roles
from bot.normalize import normalize
from bot.store import audit
from bot.store.models import Answer, Comment, Municipality, Person, utcnow
from bot.store.registry import Registry
from bot.store.repository import Store, StoreUnavailable

MAX_CHARS = 2000
EMPTY = "コメントが空のようです。ひとこと入力してから送ってください。"
TOO_LONG = f"コメントが長すぎます（{MAX_CHARS:,}字まで）。お手数ですが、短くまとめるか、いくつかに分けて送ってください。"
NO_ANSWER = "その回答は見つかりませんでした。削除されたか、まだ記録されていない可能性があります。一覧を読み込み直してください。"
NO_COMMENT = "そのコメントは見つかりませんでした。削除された可能性があります。画面を読み込み直してください。"
SUPPORT_ONLY = "回答へのコメントは支援チーム（アドバイザー・都道府県・厚生局）が書けます。"
OWN_ONLY = "ご自分の市町村の回答へのコメントにだけ返信できます。"


class CommentError(ValueError):
    """A comment or reply the record cannot take; the message says why, in Japanese."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Note:
    """A comment or reply as shown: who wrote it, on which side, and when."""

    id: int
    answer_id: int
    text: str
    author: str  # display name
    role: str
    support: bool  # written by the support team (else a staff member's reply)
    created_at: object
    read_at: object
    reply_to: Optional[int]


@dataclass
class Unread:
    """A support-team comment a staff member has not read yet, with the answer it is on."""

    comment: Note
    answer_id: int
    answer_text: str
    question_id: str
    replies: List[Note]


# Checks ------------------------------------------------------------------------------------
def clean(text) -> str:
    """The comment's words as written (trimmed); empty or too long is refused in Japanese."""
    if not isinstance(text, str):
        raise CommentError(EMPTY)
    text = text.replace("\r\n", "\n").strip()
    if not normalize(text):
        raise CommentError(EMPTY)
    if len(text) > MAX_CHARS:
        raise CommentError(TOO_LONG)
    return text


def answer_place(session: Session, answer: Answer) -> Optional[int]:
    """The municipality an answer counts for: bound when written, else its sender's (bot.store.summaries)."""
    if answer.municipality_id is not None:
        return answer.municipality_id
    return session.execute(select(Person.municipality_id).where(Person.login == answer.sender_id)).scalar()


def _readable(registry: Registry, person: Person, session: Session, answer: Optional[Answer]) -> Municipality:
    """The answer's municipality, if the person may read it; else a refusal (404 unknown, 403 not theirs)."""
    place_id = answer_place(session, answer) if answer is not None else None
    place = session.get(Municipality, place_id) if place_id is not None else None
    if place is None:
        raise CommentError(NO_ANSWER, 404)
    if not registry.may_read(person, place):
        raise CommentError(roles.not_yours(person.name, person.role, place.name), 403)
    return place


# Writing -----------------------------------------------------------------------------------
def add(store: Store, person: Person, answer_id: int, text: str, *, source: Optional[str] = None) -> Comment:
    """A support-team member's comment on an answer of a municipality they may read."""
    if person.role == "staff" or not roles.may(person.role, "dashboard"):
        raise CommentError(SUPPORT_ONLY, 403)
    text = clean(text)
    registry = Registry(store)
    with _writing(store) as session:
        answer = session.get(Answer, answer_id)
        place = _readable(registry, person, session, answer)
        comment = Comment(answer_id=answer.id, person_id=person.id, text=text, created_at=utcnow())
        session.add(comment)
        session.flush()
        audit.record(session, "comment", actor=person.login, municipality_id=place.id, source=source,
                     detail={"kind": "comment", "answer": answer.id, "comment": comment.id})
    return comment


def reply(store: Store, person: Person, comment_id: int, text: str, *, source: Optional[str] = None) -> Comment:
    """A reply to a comment, kept once under the same answer; the comment counts as read."""
    text = clean(text)
    registry = Registry(store)
    with _writing(store) as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise CommentError(NO_COMMENT, 404)
        answer = session.get(Answer, comment.answer_id)
        place = _readable(registry, person, session, answer)
        if person.role == "staff" and person.municipality_id != place.id:
            raise CommentError(OWN_ONLY, 403)
        same = session.execute(select(Comment).where(
            Comment.reply_to == comment.id, Comment.person_id == person.id, Comment.text == text)).scalars().first()
        if comment.person_id != person.id and comment.read_at is None:
            comment.read_at = utcnow()
        if same is not None:  # sent twice: the first is the one kept
            return same
        kept = Comment(answer_id=answer.id, person_id=person.id, text=text, created_at=utcnow(), reply_to=comment.id)
        session.add(kept)
        session.flush()
        audit.record(session, "comment", actor=person.login, municipality_id=place.id, source=source,
                     detail={"kind": "reply", "answer": answer.id, "comment": kept.id, "reply_to": comment.id})
    return kept


def mark_read(store: Store, person: Person, comment_id: int) -> Comment:
    """The staff member has read this comment (someone else's: one's own is never "unread")."""
    registry = Registry(store)
    with _writing(store) as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise CommentError(NO_COMMENT, 404)
        _readable(registry, person, session, session.get(Answer, comment.answer_id))
        if comment.person_id != person.id and comment.read_at is None:
            comment.read_at = utcnow()
    return comment


# Reading -----------------------------------------------------------------------------------
def for_answers(store: Store, answer_ids: Iterable[int]) -> Dict[int, List[Note]]:
    """answer id → its comments and replies, oldest first (access is the caller's to check)."""
    ids = sorted(set(answer_ids))
    found: Dict[int, List[Note]] = {}
    if not ids:
        return found
    try:
        with store.session() as session:
            for at in range(0, len(ids), 500):
                query = (select(Comment, Person.name, Person.role).join(Person, Person.id == Comment.person_id)
                         .where(Comment.answer_id.in_(ids[at:at + 500])).order_by(Comment.id))
                for comment, name, role in session.execute(query):
                    found.setdefault(comment.answer_id, []).append(_note(comment, name, role))
    except (OperationalError, DBAPIError) as err:
        raise StoreUnavailable(str(err)) from err
    return found


def for_answer(store: Store, answer_id: int) -> List[Note]:
    return for_answers(store, [answer_id]).get(answer_id, [])


def unread_for(store: Store, person: Person) -> List[Unread]:
    """Support-team comments not read yet on the answers of a staff member's municipality, oldest first."""
    if person.role != "staff" or person.municipality_id is None:
        return []
    try:
        with store.session() as session:
            sender = Person.__table__.alias("sender")
            place = func.coalesce(Answer.municipality_id, sender.c.municipality_id)
            query = (select(Comment, Answer, Person.name, Person.role)
                     .join(Answer, Answer.id == Comment.answer_id)
                     .outerjoin(sender, sender.c.login == Answer.sender_id)
                     .join(Person, Person.id == Comment.person_id)
                     .where(place == person.municipality_id, Comment.read_at.is_(None), Person.role != "staff")
                     .order_by(Comment.id))
            rows = list(session.execute(query))
    except (OperationalError, DBAPIError) as err:
        raise StoreUnavailable(str(err)) from err
    threads = for_answers(store, [answer.id for _c, answer, _n, _r in rows])
    return [Unread(comment=_note(comment, name, role), answer_id=answer.id, answer_text=answer.text,
                   question_id=answer.question_id,
                   replies=[n for n in threads.get(answer.id, []) if n.reply_to == comment.id])
            for comment, answer, name, role in rows]


def unread_count(store: Store, person: Person) -> int:
    return len(unread_for(store, person))


def _note(comment: Comment, name: str, role: str) -> Note:
    return Note(id=comment.id, answer_id=comment.answer_id, text=comment.text, author=name, role=role,
                support=role != "staff", created_at=comment.created_at, read_at=comment.read_at,
                reply_to=comment.reply_to)


class _writing:
    """One write transaction; a database failure becomes StoreUnavailable (said in Japanese by callers)."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Session:
        self._session = self.store.session()
        self._tx = self._session.begin()
        return self._session

    def __exit__(self, kind, value, traceback):
        try:
            if kind is None:
                self._tx.commit()
            else:
                self._tx.rollback()
        except (OperationalError, DBAPIError) as err:
            raise StoreUnavailable(str(err)) from err
        finally:
            self._session.close()
        if isinstance(value, (OperationalError, DBAPIError)):
            raise StoreUnavailable(str(value)) from value
        return False
