"""Comments between visits: the support team comments on an answer, the staff member reads it and replies.

The store's functions and their access rules, a reply kept once (never a new answer), bad input
said in Japanese with nothing lost, comments masked in every report format, the web pages and
API, and disclosure and deletion.
"""

import asyncio
import io
import json
import re
from datetime import date

import jsonschema
import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import select

from bot.config import ROOT
from bot.report import assemble
from bot.report.render import render
from bot.review import Command, Review
from bot.store import accounts, comments, disclosure
from bot.store.models import Answer, AuditEvent, Comment
from bot.store.registry import Registry
from bot.web.app import COOKIE, create_app
from bot.web.rasa_client import RasaClient

JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龠]{4,}")
ANSWER = "通いの場は12か所あり、参加者は延べ300人です。"
REMARK = "参加者の年齢層も、次の会で一緒に見てみましょう。"
REPLY = "年齢層の集計を用意しておきます。"
SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def world(store, kb, monkeypatch):
    """川北町 (staff yamada, adviser adv), 大野村 (staff ono, prefecture pref); yamada has answered."""
    monkeypatch.setattr("bot.report.masking.mask_many", lambda texts: [f"〔伏〕{t}" for t in texts])
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_municipality("大野村", "岩手県", "035076")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    registry.add_person("ono", "小野一郎", "staff", ["大野村"])
    registry.add_person("adv", "鈴木一郎", "adviser", ["川北町"])
    registry.add_person("pref", "県太郎", "prefecture", ["大野村"])
    registry.add_person("admin", "管理者", "admin", [])
    for login in ("yamada", "ono", "adv", "pref", "admin"):
        accounts.set_password(store, login, f"{login}-password-1")
    review = Review(kb, store)
    review.handle("yamada", Command("start_review", "振り返りを始めたい"), "y1")
    review.handle("yamada", Command("answer", ANSWER), "y2")
    answer = next(a for a in store.answers("yamada") if a.text == ANSWER)
    return store, registry, answer


def person(registry, login):
    return registry.person(login)


def test_a_comment_reaches_the_staff_and_a_reply_is_kept_once_as_a_supplement(world):
    store, registry, answer = world
    answers_before = len(store.answers())
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    assert [n.text for n in comments.for_answer(store, answer.id)] == [REMARK]
    waiting = comments.unread_for(store, person(registry, "yamada"))
    assert [(u.comment.text, u.answer_text, u.comment.author) for u in waiting] == [(REMARK, ANSWER, "鈴木一郎")]
    assert comments.unread_for(store, person(registry, "ono")) == []  # another municipality's staff
    assert comments.unread_for(store, person(registry, "adv")) == []  # the support team has nothing "unread"
    first = comments.reply(store, person(registry, "yamada"), comment.id, REPLY)
    again = comments.reply(store, person(registry, "yamada"), comment.id, f"  {REPLY}\n")  # a double click
    assert first.id == again.id and first.reply_to == comment.id and first.answer_id == answer.id
    with store.session() as session:
        rows = list(session.execute(select(Comment).order_by(Comment.id)).scalars())
        events = list(session.execute(select(AuditEvent).where(AuditEvent.action == "comment")).scalars())
    assert [(c.text, c.reply_to) for c in rows] == [(REMARK, None), (REPLY, comment.id)]
    assert len(store.answers()) == answers_before  # the answer is stored once; the reply is not an answer
    assert comments.unread_for(store, person(registry, "yamada")) == []  # replying reads it
    assert len(events) == 2 and all(REMARK not in (e.detail or "") for e in events)


def test_mark_read_hides_a_comment_without_a_reply(world):
    store, registry, answer = world
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    comments.mark_read(store, person(registry, "yamada"), comment.id)
    assert comments.unread_for(store, person(registry, "yamada")) == []
    assert comments.for_answer(store, answer.id)[0].read_at is not None


@pytest.mark.parametrize("login, status", [("pref", 403), ("ono", 403), ("yamada", 403)])
def test_a_role_without_access_is_refused_in_japanese_and_nothing_is_stored(world, login, status):
    store, registry, answer = world
    with pytest.raises(comments.CommentError) as refused:
        comments.add(store, person(registry, login), answer.id, REMARK)
    assert refused.value.status == status and JAPANESE.search(str(refused.value))
    assert comments.for_answer(store, answer.id) == []


def test_only_the_municipalitys_own_people_may_reply(world):
    store, registry, answer = world
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    for login in ("ono", "pref"):
        with pytest.raises(comments.CommentError) as refused:
            comments.reply(store, person(registry, login), comment.id, REPLY)
        assert refused.value.status == 403 and "見ることができません" in str(refused.value)
    assert [n.text for n in comments.for_answer(store, answer.id)] == [REMARK]


@pytest.mark.parametrize("text", ["", "   \n ", None, "あ" * (comments.MAX_CHARS + 1)])
def test_an_empty_or_huge_comment_is_refused_in_japanese(world, text):
    store, registry, answer = world
    with pytest.raises(comments.CommentError) as refused:
        comments.add(store, person(registry, "adv"), answer.id, text)
    assert refused.value.status == 400 and ("空" in str(refused.value) or "長すぎます" in str(refused.value))
    assert comments.for_answer(store, answer.id) == []


def test_a_comment_on_an_unknown_or_deleted_answer_says_so(world):
    store, registry, answer = world
    with pytest.raises(comments.CommentError, match="その回答は見つかりませんでした") as refused:
        comments.add(store, person(registry, "adv"), 987654, REMARK)
    assert refused.value.status == 404
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    disclosure.delete_person(store, "yamada", tracker="", actor="admin")
    with pytest.raises(comments.CommentError, match="その回答は見つかりませんでした"):
        comments.add(store, person(registry, "adv"), answer.id, REMARK)
    with pytest.raises(comments.CommentError, match="そのコメントは見つかりませんでした"):
        comments.reply(store, person(registry, "admin"), comment.id, REPLY)
    with store.session() as session:
        assert session.execute(select(Comment)).scalars().all() == []  # gone with the answer


def test_comments_are_masked_in_every_report_format(world, kb):
    store, registry, answer = world
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    comments.reply(store, person(registry, "yamada"), comment.id, REPLY)
    place = registry.require_municipality("川北町")
    report = assemble.assemble(registry, kb, place)
    entry = next(e for e in report.answers if e.question_id == answer.question_id)
    assert [(n.text, n.reply, n.role) for n in entry.comments] == [
        (f"〔伏〕{REMARK}", False, "アドバイザー"), (f"〔伏〕{REPLY}", True, "市町村職員")]
    assert len(entry.versions) == 1  # the reply is no version of the answer
    for fmt in ("md", "html"):
        text = render(report, fmt).decode("utf-8")
        assert "支援チームからのコメント" in text and f"〔伏〕{REMARK}" in text and REMARK not in text.replace(
            f"〔伏〕{REMARK}", "")
    data = json.loads(render(report, "json"))
    jsonschema.validate(data, SCHEMA)
    assert [c["text"] for a in data["answers"] for c in a["comments"]] == [f"〔伏〕{REMARK}", f"〔伏〕{REPLY}"]
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["コメント"]
    assert f"〔伏〕{REMARK}" in [row[-1] for row in sheet.iter_rows(values_only=True)]


def test_disclosure_exports_comments_and_deletion_leaves_none(world):
    store, registry, answer = world
    comment = comments.add(store, person(registry, "adv"), answer.id, REMARK)
    comments.reply(store, person(registry, "yamada"), comment.id, REPLY)
    data = disclosure.export_person(store, "yamada", tracker="", actor="admin")
    assert [c["text"] for c in data["comments"]] == [REMARK, REPLY]
    assert data["comments"][0]["masked"] is None or data["comments"][0]["masked"].startswith("〔伏〕")
    place = disclosure.export_municipality(store, "川北町", tracker="", actor="admin")
    assert [c["author_login"] for c in place["comments"]] == ["adv", "yamada"]
    # The adviser leaves: their comment goes, the staff member's reply stays on the answer.
    counts = disclosure.delete_person(store, "adv", tracker="", actor="admin")
    assert counts["comments"] == 1
    left = comments.for_answer(store, answer.id)
    assert [(n.text, n.reply_to) for n in left] == [(REPLY, None)]
    counts = disclosure.delete_municipality(store, "川北町", tracker="", actor="admin")
    assert counts["comments"] + counts.get("answers", 0) >= 1
    with store.session() as session:
        assert session.execute(select(Comment)).scalars().all() == []
        assert session.execute(select(Answer).where(Answer.sender_id == "yamada")).scalars().all() == []


# The web pages and API --------------------------------------------------------------------------
def _web(store, kb, login, steps):
    """Run steps(client, csrf) against a fresh app as login; returns what steps returns."""
    token = accounts.log_in(store, login, f"{login}-password-1", "127.0.0.1")
    csrf = accounts.current(store, token).csrf_token

    async def run():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: token})
            return await steps(client, csrf)

    return asyncio.run(run())


def test_the_web_round_trip_with_bad_input_in_japanese(world, kb, monkeypatch):
    store, registry, answer = world
    monkeypatch.setattr("bot.report.mask_cache.all_cached", lambda store, texts: True)  # no report process in unit tests
    page = f"/answers/173240/{answer.id}/comments"

    async def adviser(client, csrf):
        seen = await client.get("/answers/173240")
        body = await seen.text()
        assert seen.status == 200 and f"〔伏〕{ANSWER}" in body and ANSWER not in body.replace(f"〔伏〕{ANSWER}", "")
        empty = await client.post(page, data={"csrf": csrf, "text": "  "}, allow_redirects=False)
        long = await client.post(page, data={"csrf": csrf, "text": "い" * 2001}, allow_redirects=False)
        assert empty.status == 400 and "コメントが空" in await empty.text()
        long_body = await long.text()
        assert long.status == 400 and "長すぎます" in long_body and "い" * 2001 in long_body  # nothing lost
        missing = await client.post("/answers/173240/99999/comments", data={"csrf": csrf, "text": REMARK},
                                    allow_redirects=False)
        assert missing.status == 404 and "その回答は見つかりませんでした" in await missing.text()
        stale = await client.post(page, data={"csrf": "wrong", "text": REMARK}, allow_redirects=False)
        assert stale.status == 403
        sent = await client.post(page, data={"csrf": csrf, "text": REMARK}, allow_redirects=False)
        assert sent.status == 303
        return (await (await client.get("/dashboard")).text())

    dashboard = _web(store, kb, "adv", adviser)
    assert 'href="/answers/173240"' in dashboard
    assert [n.text for n in comments.for_answer(store, answer.id)] == [REMARK]

    async def prefecture(client, csrf):
        other = await client.get("/answers/173240")
        posted = await client.post(page, data={"csrf": csrf, "text": "見てはいけない"}, allow_redirects=False)
        return other.status, await other.text(), posted.status, await posted.text()

    status, body, posted, refusal = _web(store, kb, "pref", prefecture)
    assert status == 403 and "見ることができません" in body and ANSWER not in body
    assert posted == 403 and JAPANESE.search(refusal)

    async def staff(client, csrf):
        page_refused = await client.get("/answers/173240")
        listed = await (await client.get("/api/comments")).json()
        cid = listed["comments"][0]["id"]
        headers = {"X-CSRF-Token": csrf}
        empty = await client.post(f"/api/comments/{cid}/reply", json={"text": ""}, headers=headers)
        unknown = await client.post("/api/comments/999999/reply", json={"text": REPLY}, headers=headers)
        first = await client.post(f"/api/comments/{cid}/reply", json={"text": REPLY}, headers=headers)
        second = await client.post(f"/api/comments/{cid}/reply", json={"text": REPLY}, headers=headers)
        state = await (await client.get("/api/state")).json()
        return (page_refused.status, listed, empty.status, (await empty.json())["error"], unknown.status,
                first.status, (await second.json())["comments"], state)

    refused, listed, empty, message, unknown, first, after, state = _web(store, kb, "yamada", staff)
    assert refused == 403
    item = listed["comments"][0]
    assert item["text"] == REMARK and item["answer"]["text"] == ANSWER and item["author"] == "鈴木一郎"
    assert item["answer"]["question"] and item["role"] == "アドバイザー"
    assert empty == 400 and "空" in message and unknown == 404 and first == 200 and after == []
    assert state["next_meeting"] is None  # no meeting on record: nothing said, no error
    replies = [n for n in comments.for_answer(store, answer.id) if n.reply_to]
    assert [n.text for n in replies] == [REPLY]  # stored once

    async def adviser_again(client, csrf):
        return await (await client.get("/answers/173240")).text()

    assert f"〔伏〕{REPLY}" in _web(store, kb, "adv", adviser_again)


def test_the_state_names_the_next_meeting(world, kb, monkeypatch):
    store, registry, answer = world
    registry.add_visit("川北町", "1.5mtg", date(2025, 9, 2))
    monkeypatch.setattr(Review, "today", staticmethod(lambda: date(2025, 8, 20)))

    async def staff(client, csrf):
        return await (await client.get("/api/state")).json()

    state = _web(store, kb, "yamada", staff)
    assert state["next_meeting"]["label"] == "次は 1.5mtg（令和7年9月2日）です。"
    assert state["next_meeting"]["date"] == "2025-09-02" and state["next_meeting"]["event"] == "1.5mtg"
