"""Disclosure and deletion: everything held about a person or a municipality is exported, then nothing remains.

The data is made through the bot's own paths: the registry, accounts (logins, failed logins),
the dialogue (Review: answers, walks, places, turns), the report's mask cache, the audit trail,
and Rasa's tracker store as the app configures it (BansoTrackerStore, its own SQLite file).
"""

from bot.without_tensorflow import lift

lift()  # Rasa's tracker classes import TensorFlow

import asyncio  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sqlite3  # noqa: E402
import stat  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from sqlalchemy import Integer, String, select  # noqa: E402

from bot.config import ROOT  # noqa: E402
from bot.rasa.tracker_store import BansoTrackerStore  # noqa: E402
from bot.review import Command, Review  # noqa: E402
from bot.store import Store, audit, disclosure  # noqa: E402
from bot.store.models import Answer, AuditEvent, Base, MaskedText, Person, QuestionSummary, Support  # noqa: E402
from bot.store.registry import Registry  # noqa: E402

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
ADMIN_PASSWORD = "admin-password-1"
# What belongs to the person to delete (delme01, 消去花子, of 川北町) and appears nowhere else.
PLANTED = "ゆず工房のサロン"


def _accounts():
    from bot.store import accounts

    return accounts


def _talk(review, login, texts):
    steps = [("start_review", "振り返りを始めたい"),
             ("answer", texts[0]), ("skip", "スキップ"), ("answer", texts[1])]
    for key, (intent, text) in enumerate(steps):
        review.handle(login, Command(intent, text), f"{login}-k{key}")


def _tracker(path, login, texts):
    store = BansoTrackerStore(domain=DOMAIN, db=str(path))
    tracker = DialogueStateTracker(login, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    for text in texts:
        for event in (UserUttered(text, {"name": "answer", "confidence": 1.0}), ActionExecuted("action_turn"),
                      BotUttered(f"{login} さん、ありがとうございます。"), ActionExecuted("action_listen")):
            tracker.update(event)
    asyncio.run(store.save(tracker))
    store.engine.dispose()


@pytest.fixture
def held(tmp_path, kb, monkeypatch):
    """A record and a tracker under tmp_path, as banso run keeps them in var/."""
    monkeypatch.setattr("bot.report.masking.mask_many", lambda texts: [f"〔伏〕{t}" for t in texts])
    store = Store(f"sqlite:///{tmp_path / 'banso.db'}")
    registry = Registry(store)
    accounts = _accounts()
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_municipality("大野村", "岩手県", "035076")
    registry.add_person("admin", "管理者", "admin", [])
    registry.add_person("delme01", "消去花子", "staff", ["川北町"])
    registry.add_person("keepme02", "残留太郎", "staff", ["川北町"])
    registry.add_person("onomura3", "小野一郎", "staff", ["大野村"])
    registry.add_person("adv", "鈴木一郎", "adviser", ["川北町", "大野村"])
    for login in ("admin", "delme01", "keepme02", "onomura3"):
        accounts.set_password(store, login, ADMIN_PASSWORD if login == "admin" else f"{login}-password")
    accounts.log_in(store, "delme01", "delme01-password", source="127.0.0.1")  # a web session
    with pytest.raises(accounts.LoginRefused):
        accounts.log_in(store, "delme01", "wrong password", source="127.0.0.2")  # a failure
    with store.session() as session, session.begin():
        audit.record(session, "account_add", actor="admin", target="delme01", source="cli",
                     detail={"role": "staff"})
    review = Review(kb, store)
    said = {"delme01": [f"{PLANTED}は12か所あり、参加者は延べ300人です。", "消去花子として、民生委員と毎月話しています。"],
            "keepme02": ["通いの場は8か所で、参加率は6%です。", "住民の声を月に一度集めています。"],
            "onomura3": ["大野村では体操教室が5か所です。", "社協と毎月会議をしています。"]}
    for login, texts in said.items():
        _talk(review, login, texts)
        _tracker(tmp_path / "tracker.db", login, texts)
    from bot.report.mask_cache import mask_cached

    mask_cached(store, [a.text for a in store.answers()])  # as a report or the action server does
    return store, str(tmp_path / "tracker.db")


def leftovers(store, tracker, needles, ids=()):
    """Every place in the record and the tracker where a needle is still found: strings, and ids by column."""
    found = []
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).mappings().all()
            for row in rows:
                for column in table.columns:
                    value = row[column.name]
                    if isinstance(column.type, String) and value and any(n in value for n in needles):
                        found.append(f"{table.name}.{column.name}: {value[:80]}")
                    if isinstance(column.type, Integer) and (column.name, value) in ids:
                        found.append(f"{table.name}.{column.name} = {value}")
    with sqlite3.connect(tracker) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f"SELECT * FROM {table}"):
                for value in row:
                    if isinstance(value, str) and any(n in value for n in needles):
                        found.append(f"tracker {table}: {value[:80]}")
    return found


def _ids(store, login=None, municipality=None):
    with store.session() as session:
        ids = set()
        if login:
            person = session.execute(select(Person).where(Person.login == login)).scalar_one()
            ids |= {("person_id", person.id)}
        if municipality:
            place = Registry(store).require_municipality(municipality)
            ids |= {("municipality_id", place.id)}
        return ids


def test_a_persons_export_holds_everything_and_its_audit_event_only_counts(held):
    store, tracker = held
    data = disclosure.export_person(store, "delme01", tracker=tracker, actor="admin", source="cli")
    assert data["person"]["name"] == "消去花子" and "password_hash" not in data["person"]
    assert data["person"]["password_set"] is True and data["municipality"]["name"] == "川北町"
    assert any(PLANTED in a["text"] for a in data["answers"])
    assert all(a["masked"] == f"〔伏〕{a['text']}" for a in data["answers"])  # the cached masks, found
    for key in ("walks", "places", "turns", "web_sessions", "login_failures", "question_summaries", "audit_events"):
        assert data[key], key
    assert all("token_hash" not in s and "csrf_token" not in s for s in data["web_sessions"])
    assert any(PLANTED in line["text"] for line in data["tracker"]["transcript"])
    assert {e["sender_id"] for e in data["tracker"]["events"]} == {"delme01"}
    assert not any("keepme02" in json.dumps(a, ensure_ascii=False) for a in data["answers"])
    with store.session() as session:
        event = audit.events(session, action="disclose")[0]
    assert event.actor == "admin" and event.target == "delme01" and event.detail["counts"]["answers"] == 2
    assert PLANTED not in json.dumps(event.detail, ensure_ascii=False)


def test_a_municipalitys_export_holds_its_staff_visits_supports_and_transcripts(held):
    store, tracker = held
    Registry(store).add_visit("川北町", "1.5mtg", date(2024, 9, 2))
    data = disclosure.export_municipality(store, "173240", tracker=tracker, actor="admin", source="cli")
    assert data["municipality"]["name"] == "川北町" and data["visits"][0]["event"] == "1.5mtg"
    assert {p["person"]["login"] for p in data["staff"]} == {"delme01", "keepme02"}
    assert [s["login"] for s in data["supports"]] == ["adv"]
    assert {a["sender_id"] for a in data["answers"]} == {"delme01", "keepme02"}
    assert {e["sender_id"] for e in data["tracker"]["events"]} == {"delme01", "keepme02"}
    assert data["question_summaries"] and data["counts"]["answers"] == 4


def test_deleting_a_person_leaves_nothing_of_them_anywhere(held):
    store, tracker = held
    ids = _ids(store, login="delme01")
    assert len(leftovers(store, tracker, ["delme01", "消去花子", PLANTED], ids)) > 20  # the scan sees them
    counts = disclosure.delete_person(store, "delme01", tracker=tracker, actor="admin", source="cli")
    assert counts["answers"] == 2 and counts["tracker_events"] > 0 and counts["people"] == 1
    assert counts["web_sessions"] == 1 and counts["login_failures"] == 1 and counts["turns"] == 4
    assert leftovers(store, tracker, ["delme01", "消去花子", PLANTED], ids) == []
    # The colleague's record stands, and the municipality's summaries count only what remains.
    assert {a.sender_id for a in store.answers()} == {"keepme02", "onomura3"}
    with store.session() as session:
        place = Registry(store).require_municipality("川北町")
        total = sum(s.answers for s in session.execute(
            select(QuestionSummary).where(QuestionSummary.municipality_id == place.id)).scalars())
        assert total == len(store.answers("keepme02"))
        masks = set(session.execute(select(MaskedText.masked)).scalars())
        assert masks == {f"〔伏〕{a.text}" for a in store.answers()}
        events = audit.events(session)
    deletion = next(e for e in events if e.action == "delete")
    assert deletion.actor == "admin" and deletion.target.startswith("削除済み-")
    assert set(deletion.detail) == {"kind", "counts"}
    # The trail keeps what happened to the login, under the same pseudonym.
    assert any(e.action == "account_add" and e.target == deletion.target for e in events)
    keep = {e["sender_id"] for e in disclosure.tracker_events(tracker, ["keepme02", "onomura3"])}
    assert keep == {"keepme02", "onomura3"}


def test_deleting_a_municipality_leaves_nothing_of_it_or_its_staff(held):
    store, tracker = held
    Registry(store).add_visit("川北町", "1.5mtg", date(2024, 9, 2))
    ids = _ids(store, login="delme01", municipality="川北町") | _ids(store, login="keepme02")
    counts = disclosure.delete_municipality(store, "川北町", tracker=tracker, actor="admin", source="cli")
    assert counts["people"] == 2 and counts["visits"] == 1 and counts["municipalities"] == 1
    needles = ["川北町", "173240", "delme01", "消去花子", "keepme02", "残留太郎", PLANTED, "通いの場は8か所"]
    assert leftovers(store, tracker, needles, ids) == []
    registry = Registry(store)
    assert [m.name for m in registry.municipalities()] == ["大野村"]
    assert [m.name for m in registry.supported(registry.require_person("adv"))] == ["大野村"]
    assert {a.sender_id for a in store.answers()} == {"onomura3"}
    with store.session() as session:
        assert session.execute(select(Support)).scalars().all()  # adv still supports 大野村


def test_nothing_to_delete_says_so_in_japanese(held):
    store, tracker = held
    with pytest.raises(disclosure.DisclosureError, match="記録はありません"):
        disclosure.delete_person(store, "nobody", tracker=tracker)
    with pytest.raises(disclosure.DisclosureError, match="登録されていません"):
        disclosure.export_municipality(store, "北町", tracker=tracker)


def test_an_unregistered_senders_words_can_be_deleted_too(held, kb):
    store, tracker = held
    Review(kb, store).handle("guest9", Command("start_review", "始めたい"), "g1")
    counts = disclosure.delete_person(store, "guest9", tracker=tracker, actor="admin")
    assert counts["people"] == 0 and counts["places"] == 1
    assert leftovers(store, tracker, ["guest9"]) == []


# From the command line ------------------------------------------------------------------
@pytest.fixture
def banso(held, banso_cli, tmp_path, monkeypatch):
    run = banso_cli(tmp_path)  # the same var/: banso.db and tracker.db

    def call(*argv, stdin=None):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        return run(*argv)

    return call


def test_disclose_and_delete_from_the_cli(banso, held, tmp_path):
    store, tracker = held
    target = tmp_path / "開示.json"
    code, out, err = banso("disclose", "--person", "delme01", "--output", str(target), "--as", "adv",
                           "--password-stdin", stdin="wrong\n")
    assert code == 1 and "パスワードが違います" in err and not target.exists()
    code, out, err = banso("disclose", "--person", "delme01", "--output", str(target), "--as", "admin",
                           "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n")
    assert code == 0, err
    assert "書き出しました" in out and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["person"]["login"] == "delme01"

    code, out, err = banso("delete", "--person", "delme01", "--as", "admin", "--password-stdin",
                           stdin=f"{ADMIN_PASSWORD}\nいいえ\n")
    assert code == 1 and "元に戻せません" in out and "取りやめました" in out
    assert Registry(store).person("delme01") is not None
    code, out, err = banso("delete", "--person", "delme01", "--as", "admin", "--password-stdin",
                           stdin=f"{ADMIN_PASSWORD}\nはい\n")
    assert code == 0 and "削除しました" in out and "バックアップ" in out
    assert leftovers(store, tracker, ["delme01", "消去花子", PLANTED]) == []
    code, _, err = banso("delete", "--person", "admin", "--as", "admin", "--yes", "--password-stdin",
                         stdin=f"{ADMIN_PASSWORD}\n")
    assert code == 1 and "ご自分" in err
    code, _, err = banso("delete", "--as", "admin", "--yes", "--password-stdin", stdin=f"{ADMIN_PASSWORD}\n")
    assert code == 1 and "--person" in err


def test_audit_events_name_no_deleted_login_and_the_ids_are_cleared(held):
    store, tracker = held
    with store.session() as session, session.begin():
        place = Registry(store).require_municipality("川北町")
        audit.record(session, "report", actor="adv", municipality_id=place.id, source="cli",
                     detail={"format": "md", "masked": True})
    disclosure.delete_municipality(store, "川北町", tracker=tracker, actor="admin")
    with store.session() as session:
        rows = session.execute(select(AuditEvent).where(AuditEvent.action == "report")).scalars().all()
        assert rows[0].municipality_id is None and rows[0].target.startswith("削除済み-")
        assert session.execute(select(Answer).where(Answer.municipality_id == place.id)).first() is None
