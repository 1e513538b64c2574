"""Municipalities, people, who supports whom, and the support-cycle events.

Every error is a RegistryError with a Japanese message saying what to do.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.normalize import normalize
from bot.store import summaries
from bot import roles
from bot.roles import ROLES, SUPPORT_ROLES
from bot.store.models import CYCLE_EVENTS, Answer, Municipality, Person, Support, Visit
from bot.store.repository import Store, StoreUnavailable

_LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")


class RegistryError(ValueError):
    """A request the record cannot take; the message says why and what to do."""


class Registry:
    def __init__(self, store: Store):
        self.store = store

    # Municipalities -----------------------------------------------------------
    def add_municipality(self, name: str, prefecture: str, code: str) -> Municipality:
        name, prefecture, code = normalize(name), normalize(prefecture), normalize(code)
        if not name or not prefecture:
            raise RegistryError("市町村名と都道府県名を入れてください。")
        if not re.fullmatch(r"\d{6}", code):
            raise RegistryError(f"団体コードは 6 桁の数字で入れてください（例: 131016）。いまの値: {code or '（空）'}")
        if self.municipality(name) is not None:
            raise RegistryError(f"「{name}」はもう登録されています。")
        return self._add(Municipality(name=name, prefecture=prefecture, code=code),
                         f"団体コード {code} はもう使われています。")

    def municipalities(self) -> List[Municipality]:
        with self.store.session() as session:
            return list(session.execute(select(Municipality).order_by(Municipality.code)).scalars())

    def municipality(self, name_or_code: str) -> Optional[Municipality]:
        key = normalize(name_or_code)
        with self.store.session() as session:
            return session.execute(select(Municipality).where(
                (Municipality.name == key) | (Municipality.code == key))).scalar_one_or_none()

    def require_municipality(self, name_or_code: str) -> Municipality:
        found = self.municipality(name_or_code)
        if found is None:
            known = "、".join(m.name for m in self.municipalities()) or "まだありません"
            raise RegistryError(f"市町村「{name_or_code}」は登録されていません（登録済み: {known}）。"
                                "banso municipality add で登録してください。")
        return found

    # People -------------------------------------------------------------------
    def add_person(self, login: str, name: str, role: str, municipalities: List[str]) -> Person:
        login, name = normalize(login), normalize(name)
        if role not in ROLES:
            raise RegistryError(f"役割は {', '.join(ROLES)} のどれかにしてください。")
        if not _LOGIN.match(login):
            raise RegistryError("ログイン名は半角の英数字と . _ @ - で 2 文字以上にしてください（例: yamada）。")
        if not name:
            raise RegistryError("氏名を入れてください。")
        places = [self.require_municipality(m) for m in municipalities]
        if role == "staff" and len(places) != 1:
            raise RegistryError("市町村職員（staff）は、所属する市町村を一つだけ指定してください。")
        if role == "admin" and places:
            raise RegistryError("管理者（admin）には市町村を指定しません。")
        person = Person(login=login, name=name, role=role,
                        municipality_id=places[0].id if role == "staff" else None)
        try:
            with self.store.session() as session, session.begin():
                session.add(person)
                session.flush()
                if role in SUPPORT_ROLES:
                    for place in places:
                        session.add(Support(person_id=person.id, municipality_id=place.id))
                if role == "staff" and _has_unbound_answers(session, login):  # they now count for the municipality
                    summaries.rebuild(session, [person.municipality_id])
            return person
        except IntegrityError:
            raise RegistryError(f"ログイン名「{login}」はもう使われています。") from None
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err

    def people(self) -> List[Person]:
        with self.store.session() as session:
            return list(session.execute(select(Person).order_by(Person.id)).scalars())

    def person(self, login: str) -> Optional[Person]:
        with self.store.session() as session:
            return session.execute(select(Person).where(Person.login == normalize(login))).scalar_one_or_none()

    def require_person(self, login: str) -> Person:
        found = self.person(login)
        if found is None:
            raise RegistryError(f"ログイン名「{login}」の人は登録されていません。banso user list で確かめてください。")
        return found

    def set_active(self, login: str, active: bool) -> Person:
        """Disable or re-enable a login; a disabled one can neither log in nor speak to the bot."""
        with self.store.session() as session, session.begin():
            person = session.execute(select(Person).where(Person.login == normalize(login))).scalar_one_or_none()
            if person is None:
                raise RegistryError(f"ログイン名「{login}」の人は登録されていません。banso user list で確かめてください。")
            person.active = active
            from bot.store.accounts import revoke_sessions  # imported here: accounts imports this module

            revoke_sessions(session, person.id)  # a disabled (or re-enabled) login starts from a fresh login
        return person

    def staff(self, municipality: Municipality) -> List[Person]:
        """The municipality's own staff: whose conversations are its record."""
        with self.store.session() as session:
            return list(session.execute(select(Person).where(Person.municipality_id == municipality.id)
                                        .order_by(Person.id)).scalars())

    def supported(self, person: Person) -> List[Municipality]:
        """The municipalities this person may read: their own, those they support, or all (admin)."""
        with self.store.session() as session:
            if roles.reads_all(person.role):
                return list(session.execute(select(Municipality).order_by(Municipality.code)).scalars())
            if person.role == "staff":
                return list(session.execute(select(Municipality).where(
                    Municipality.id == person.municipality_id)).scalars())
            return list(session.execute(
                select(Municipality).join(Support, Support.municipality_id == Municipality.id)
                .where(Support.person_id == person.id).order_by(Municipality.code)).scalars())

    def may_read(self, person: Person, municipality: Municipality) -> bool:
        return any(m.id == municipality.id for m in self.supported(person))

    @staticmethod
    def role_label(role: str) -> str:
        return roles.label(role)

    # Visits -------------------------------------------------------------------
    def add_visit(self, municipality: str, event: str, held_on: date, note: Optional[str] = None) -> Visit:
        place = self.require_municipality(municipality)
        event = normalize(event)
        if event not in CYCLE_EVENTS:
            raise RegistryError(f"「{event}」は支援の流れにありません。{'、'.join(CYCLE_EVENTS)} から選んでください。")
        return self._add(Visit(municipality_id=place.id, event=event, held_on=held_on, note=note),
                         f"{place.name}の{event}（{held_on.isoformat()}）はもう登録されています。")

    def visits(self, municipality: str) -> List[Visit]:
        place = self.require_municipality(municipality)
        with self.store.session() as session:
            return list(session.execute(select(Visit).where(Visit.municipality_id == place.id)
                                        .order_by(Visit.held_on, Visit.id)).scalars())

    def _add(self, row, duplicate_message: str):
        try:
            with self.store.session() as session, session.begin():
                session.add(row)
            return row
        except IntegrityError:
            raise RegistryError(duplicate_message) from None
        except OperationalError as err:
            raise StoreUnavailable(str(err)) from err


def _has_unbound_answers(session, login: str) -> bool:
    """Answers written before the login was registered, bound to no municipality."""
    unbound = select(Answer.id).where(Answer.sender_id == login, Answer.municipality_id.is_(None)).limit(1)
    return session.execute(unbound).first() is not None
