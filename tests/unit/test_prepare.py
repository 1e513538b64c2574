"""The preparation sheet (bot.report.prepare): what most needs the visit, masked, with its prompts and ticks."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook

import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow)
from bot.report import assemble, prepare, prepare_render  # noqa: E402
from bot.report.render import render as render_report  # noqa: E402
from bot.review import Command  # noqa: E402
from bot.store import accounts, audit  # noqa: E402
from bot.store.models import CYCLE_EVENTS, Answer  # noqa: E402
from bot.store.registry import Registry  # noqa: E402
from tests.unit.test_cli_record import ADV, acting, setup_people  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PLANTED = "田中花子さん（090-1234-5678）"
SECRETS = ("田中", "花子", "090-1234-5678")
TODAY = date.today()


@pytest.fixture
def registry(store):
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_municipality("大野村", "岩手県", "035076")
    registry.add_person("yamada", "山田さくら", "staff", ["川北町"])
    registry.add_person("ono", "小野一郎", "staff", ["大野村"])
    registry.add_person("adv", "鈴木アドバイザー", "adviser", ["川北町"])
    registry.add_person("root", "管理者", "admin", [])
    return registry


def talk(review, login, turns, prefix):
    for index, (intent, text, *step) in enumerate(turns):
        review.handle(login, Command(intent, text, step=step[0] if step else None), f"{prefix}{index}")


def walk(review, store):
    """山田さん in the chat: a follow-up left open, a skip (long ago), a わからない, an answer with personal
    data, and STEP2-A answered without any data."""
    talk(review, "yamada", [
        ("start_review", "振り返りを始めたい"),
        ("answer", "増えていると感じます"),  # step1.q1 draws a follow-up…
        ("skip", "次へ"),  # …which is left unanswered
        ("skip", "スキップ"),  # step1.q2
        ("dont_know", "わからない"), ("dont_know", "わからない"),  # step1.q3 (the first one offers a hint)
        ("answer", f"先月、北町の{PLANTED}から相談がありました"),  # step1.q4: cites an episode
        ("choose_step", "STEP2-A から", "STEP2-A"),
        ("answer", "元気な方が多いと思います。"),  # step2a.q1: a follow-up asks for data…
        ("answer", "特に数字は見ていません。"),  # …and the reply has none either
        ("pause", "今日はここまで"),
    ], "y")
    with store.session() as session, session.begin():  # the skip was before the last meeting
        for row in session.query(Answer).filter(Answer.question_id == "step1.q2"):
            row.created_at -= timedelta(days=60)


@pytest.fixture
def answered(registry, review, store):
    walk(review, store)
    registry.add_visit("川北町", "1回目支援", TODAY - timedelta(days=7))
    registry.add_visit("川北町", "1.5mtg", TODAY + timedelta(days=14))
    return registry


def sheet_of(registry, kb, meeting="1.5mtg", place="川北町", **kwargs):
    return prepare.build(registry, kb, registry.municipality(place), meeting, **kwargs)


def prompts(kb, question_id, timing):
    return [p.id for p in kb.question(question_id).prompts if p.timing.value == timing]


def test_the_sheet_puts_what_most_needs_the_visit_first(answered, kb):
    sheet = sheet_of(answered, kb)
    assert [(kind, [i.question_id for i in items]) for kind, items in sheet.sections] == [
        ("dont_know", ["step1.q3"]),
        ("followup_open", ["step1.q1"]),
        ("skipped", ["step1.q2"]),
        ("no_data", ["step2a.q1"]),
        ("untouched_theme", [t.questions[0].id for t in kb.themes]),
        ("new_answer", ["step1.q4"]),
    ]
    assert sheet.on == TODAY + timedelta(days=14) and not sheet.past and sheet.visit_id is not None
    assert (sheet.since, sheet.since_event) == (TODAY - timedelta(days=7), "1回目支援")
    assert sheet.answered == 5 and sheet.notes == []
    by_id = {i.question_id: i for i in sheet.items}
    assert not by_id["step1.q2"].new and by_id["step1.q3"].new  # skipped before the last meeting; the rest since


def test_each_item_has_its_viewpoints_and_the_prompts_that_fit(answered, kb):
    sheet = sheet_of(answered, kb)
    for item in sheet.items:
        question = kb.question(item.question_id)
        assert item.viewpoints == [v.text for v in question.viewpoints]
        timing = "before" if item.kind in ("dont_know", "skipped", "untouched_theme") else "after"
        assert [c.id for c in item.prompts] == prompts(kb, item.question_id, timing) or item.timing == "any"
        assert all(c.text == next(p.text for p in question.prompts if p.id == c.id) for c in item.prompts)
    by_id = {i.question_id: i for i in sheet.items}
    assert by_id["step1.q3"].hint == kb.question("step1.q3").hint and by_id["step1.q3"].answer is None
    assert by_id["step1.q1"].followup == kb.question("step1.q1").followups[0].text
    assert by_id["step1.q1"].answer == "増えていると感じます"
    assert by_id["step2a.q1"].answer == "元気な方が多いと思います。"
    assert by_id["step2a.q1"].replies == ["特に数字は見ていません。"]  # the reply to the follow-up, beside it
    assert "STEP2-A" in sheet.data_hints
    assert by_id["theme.kayoinoba.q1"].note.startswith("全")


def test_planted_personal_data_never_appears_in_any_format(answered, kb):
    sheet = sheet_of(answered, kb)
    new = next(i for i in sheet.items if i.kind == "new_answer")
    assert "〔氏名〕" in new.answer and "〔電話番号〕" in new.answer
    for fmt in prepare_render.FORMATS:
        data = prepare_render.render(sheet, fmt)
        if fmt == "xlsx":  # every cell of every sheet (the XML holds them as character references)
            book = load_workbook(io.BytesIO(data))
            text = "\n".join(str(cell.value) for ws in book.worksheets for row in ws.iter_rows() for cell in row
                              if cell.value is not None) + (book.properties.title or "")
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert all(s not in archive.read(n).decode("utf-8") for n in archive.namelist() for s in SECRETS)
        else:
            text = data.decode("utf-8")
        assert "〔電話番号〕" in text, fmt
        for secret in SECRETS:
            assert secret not in text, (fmt, secret)
    page = prepare_render.html_body(sheet, form=True)
    assert not any(secret in page for secret in SECRETS)


def test_the_html_prints_on_a4_with_a_memo_per_item(answered, kb):
    sheet = sheet_of(answered, kb)
    text = prepare_render.html(sheet).decode("utf-8")
    assert "@page { size: A4" in text and "break-inside: avoid" in text
    assert "<script" not in text and "http" not in text.split("<body>")[1]  # nothing fetched
    assert text.count('class="prep-memo"') == len(sheet.items)
    assert text.count("☐") == sum(len(i.prompts) for i in sheet.items) and "☑" not in text
    markdown = prepare_render.markdown(sheet).decode("utf-8")
    assert markdown.index("「わからない」と答えた問い") < markdown.index("深掘りの問いかけ") < markdown.index("スキップした問い")
    assert "**大事な視点**" in markdown and "**メモ**" in markdown


def test_xlsx_has_a_row_per_prompt_with_a_tick_and_a_notes_column(answered, kb, registry):
    sheet = sheet_of(answered, kb)
    with registry.store.session() as session, session.begin():  # an answer that a spreadsheet would run (DDE)
        session.query(Answer).filter(Answer.question_id == "step1.q1").update({"text": "=cmd|\"/c calc\"!A1"})
    sheet = sheet_of(answered, kb)
    book = load_workbook(io.BytesIO(prepare_render.xlsx(sheet)))
    ws = book["準備シート"]
    header = [c.value for c in ws[1]]
    assert header[-3:] == ["使う", "メモ", "出典"]  # where the words come from, last
    assert ws.max_row == 1 + sum(len(i.prompts) for i in sheet.items)
    assert all(str(row[12].value).startswith("出典") for row in ws.iter_rows(min_row=2))
    formula = [row for row in ws.iter_rows(min_row=2) if str(row[5].value or "").startswith("=")]  # (masked or not)
    assert formula and all(row[5].data_type == "s" and row[5].quotePrefix for row in formula)
    assert {row[10].value for row in ws.iter_rows(min_row=2)} == {"☐"}
    assert "概要" in book.sheetnames


def test_ticks_are_kept_for_that_meeting_and_shown_in_the_report(answered, kb, registry, monkeypatch):
    place = registry.municipality("川北町")
    sheet = sheet_of(answered, kb)
    shown = [c.id for i in sheet.items for c in i.prompts]
    chosen = [shown[0], shown[-1]]
    visit = prepare.meeting_visit(registry, place, "1.5mtg", sheet.visit_id)
    adviser = registry.person("adv")
    assert prepare.save_ticks(registry, kb, place, visit, shown, chosen + ["no.such.prompt"], adviser) == (2, 0)
    again = sheet_of(answered, kb)
    assert sorted(c.id for i in again.items for c in i.prompts if c.ticked) == sorted(chosen)
    assert "☑" in prepare_render.html(again).decode("utf-8")
    assert "鈴木アドバイザーさんが選択" in prepare_render.markdown(again).decode("utf-8")
    other = sheet_of(answered, kb, meeting="2.5mtg")  # another meeting: its own ticks (none)
    assert other.ticked == 0

    # Unticking only touches what the sheet showed; a tick the sheet no longer shows is kept, and listed.
    assert prepare.save_ticks(registry, kb, place, visit, [shown[0]], [], adviser) == (0, 1)
    assert prepare.save_ticks(registry, kb, place, visit, [], ["step7.q1.p1"], adviser) == (1, 0)
    again = sheet_of(answered, kb)
    assert sorted(c.id for i in again.items for c in i.prompts if c.ticked) == sorted([shown[-1], "step7.q1.p1"])
    assert [i.question_id for i in again.items if i.kind == prepare.TICKED_ELSEWHERE] == ["step7.q1"]

    # Not in the report until the meeting is held; then in every format that lists them.
    assert assemble.assemble(registry, kb, place).prepared == []
    sheet_today = sheet_of(answered, kb, today=TODAY + timedelta(days=20))  # after the meeting: past, same visit
    assert sheet_today.past and sheet_today.visit_id == visit.id
    later = assemble.utcnow() + timedelta(days=20)
    monkeypatch.setattr(assemble, "utcnow", lambda: later)
    report = assemble.assemble(registry, kb, place)
    [meeting] = report.prepared
    assert (meeting.event, meeting.on) == ("1.5mtg", visit.held_on)
    texts = {p.prompt_id: p.text for p in meeting.prompts}
    assert set(texts) == {shown[-1], "step7.q1.p1"} and all(p.by == "鈴木アドバイザー" for p in meeting.prompts)
    md = render_report(report, "md").decode("utf-8")
    assert "前回の準備で使うと決めた問いかけ" in md and texts["step7.q1.p1"] in md
    assert "前回の準備で使うと決めた問いかけ" in render_report(report, "html").decode("utf-8")
    assert "準備" in load_workbook(io.BytesIO(render_report(report, "xlsx"))).sheetnames
    schema = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))
    document = json.loads(render_report(report, "json"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["prepared"][0]["prompts"][0]["by"] == "鈴木アドバイザー"


def test_a_municipality_without_answers_gets_an_empty_valid_sheet(registry, kb):
    registry.add_visit("大野村", "1.5mtg", TODAY + timedelta(days=3))
    sheet = sheet_of(registry, kb, place="大野村")
    assert sheet.items == [] and sheet.answered == 0
    assert any("回答は、まだありません" in note for note in sheet.notes)
    for fmt in prepare_render.FORMATS:
        assert prepare_render.render(sheet, fmt)
    assert "まだありません" in prepare_render.markdown(sheet).decode("utf-8")
    book = load_workbook(io.BytesIO(prepare_render.xlsx(sheet)))
    assert book["準備シート"].max_row == 1


def test_no_meeting_on_record_is_said_and_the_sheet_is_still_made(registry, review, store, kb):
    walk(review, store)
    sheet = sheet_of(registry, kb)
    assert sheet.on is None and sheet.visit_id is None and sheet.since is None
    assert any("日付はまだ登録されていません" in note and "banso visit add" in note for note in sheet.notes)
    assert any(i.kind == "dont_know" for i in sheet.items)
    assert prepare.meeting_visit(registry, registry.municipality("川北町"), "1.5mtg") is None
    assert "日付は未登録" in prepare_render.markdown(sheet).decode("utf-8")


def test_a_past_meeting_is_said_to_be_past_and_used(registry, kb):
    registry.add_visit("川北町", "1.5mtg", TODAY - timedelta(days=30))
    registry.add_visit("川北町", "1.5mtg", TODAY - timedelta(days=400))
    registry.add_visit("川北町", "0.5mtg", TODAY - timedelta(days=60))
    sheet = sheet_of(registry, kb)
    assert sheet.past and sheet.on == TODAY - timedelta(days=30)
    assert (sheet.since, sheet.since_event) == (TODAY - timedelta(days=60), "0.5mtg")
    assert any("すでに過ぎています" in note for note in sheet.notes)
    assert "終了" in sheet.meeting_label


@pytest.mark.parametrize("typed, event", [("1.5mtg", "1.5mtg"), ("１．５ＭＴＧ", "1.5mtg"), (" 報告会 ", "報告会")])
def test_meeting_names_are_read_as_people_type_them(typed, event):
    assert prepare.resolve_meeting(typed) == event


@pytest.mark.parametrize("typed", ["1.5", "2mtg", "", "<b>"])
def test_an_unknown_meeting_lists_the_valid_ones(typed):
    with pytest.raises(prepare.UnknownMeeting) as refused:
        prepare.resolve_meeting(typed)
    assert "支援の流れにありません" in str(refused.value) and all(e in str(refused.value) for e in CYCLE_EVENTS)


# ---------------------------------------------------------------- the command


def test_the_command_writes_a_private_file_and_an_audit_event(banso_cli, tmp_path, monkeypatch, kb):
    from bot import services
    from bot.review import Review

    banso = acting(banso_cli(tmp_path), monkeypatch)
    setup_people(banso)
    store = services.store()
    walk(Review(kb, store), store)
    assert banso("visit", "add", "--municipality", "川北町", "--event", "1.5mtg",
                 "--date", (TODAY + timedelta(days=5)).strftime("%Y/%m/%d"))[0] == 0
    for fmt in prepare_render.FORMATS:
        target = tmp_path / f"sheet.{fmt}"
        code, out, err = banso("prepare", "--municipality", "川北町", "--meeting", "1.5mtg", "--format", fmt,
                               "--output", str(target), "--as", "adv", password=ADV)
        assert code == 0, err
        assert "準備シート" in out and oct(target.stat().st_mode & 0o777) == "0o600"
    code, out, _ = banso("prepare", "--municipality", "川北町", "--meeting", "1.5mtg", "--as", "adv", password=ADV)
    assert code == 0 and "「わからない」と答えた問い" in out and "090-1234-5678" not in out
    with store.session() as session:
        events = audit.events(session, action="prepare")
    assert len(events) == 4 and events[0].actor == "adv" and events[0].municipality == "川北町"
    assert events[0].detail["kind"] == "prepare" and events[0].detail["meeting"] == "1.5mtg"


@pytest.mark.parametrize("argv, code, message", [
    (("--municipality", "大野村", "--meeting", "1.5mtg"), 1, "見ることができません"),
    (("--municipality", "川北町", "--meeting", "1.5"), 1, "顔合わせ、0.5mtg、1回目支援"),
    (("--municipality", "北町", "--meeting", "1.5mtg"), 1, "登録されていません"),
    (("--municipality", "川北町", "--meeting", "1.5mtg", "--format", "xlsx"), 2, "--output"),
])
def test_the_command_refuses_with_a_japanese_message(banso_cli, tmp_path, monkeypatch, argv, code, message):
    banso = acting(banso_cli(tmp_path), monkeypatch)
    setup_people(banso)
    got, out, err = banso("prepare", *argv, "--as", "adv", password=ADV)
    assert got == code and message in err and "Traceback" not in err and out == ""


# ---------------------------------------------------------------- the web app


def web(store, kb, login, password, calls):
    """Log in and make calls (method, path, data) against a fresh web app: [(status, text, headers)]."""
    from bot.web.app import COOKIE, create_app
    from bot.web.rasa_client import RasaClient

    token = accounts.log_in(store, login, password, "127.0.0.1")
    csrf = accounts.current(store, token).csrf_token

    async def go():
        app = create_app(store, kb, RasaClient("http://127.0.0.1:9", "unused"))
        async with TestClient(TestServer(app)) as client:
            client.session.cookie_jar.update_cookies({COOKIE: token})
            results = []
            for method, path, data in calls:
                if method == "POST":
                    data = [("csrf", csrf), *data]
                response = await client.request(method, path, data=data, allow_redirects=True)
                results.append((response.status, await response.text(), response.headers, str(response.url)))
            return results

    return asyncio.run(go())


def test_an_adviser_opens_ticks_and_downloads_the_sheet_on_the_web(answered, kb, store):
    accounts.set_password(store, "adv", "adviser-password-1")
    place = answered.municipality("川北町")
    assert not prepare.masked_ahead(answered, place)  # as if the action server had not masked them yet
    visit = prepare.meeting_visit(answered, place, "1.5mtg")
    first, second = prompts(kb, "step1.q3", "before")[0], prompts(kb, "step1.q1", "after")[0]
    shown = [("shown", first), ("shown", second)]
    [(status, page, _, _), (after, ticked, _, url), (md_status, md, headers, _), (missing, unknown, _, _)] = web(
        store, kb, "adv", "adviser-password-1", [
            ("GET", "/prepare/173240/1.5mtg.html", None),
            ("POST", "/prepare/173240/1.5mtg/ticks",
             [("visit", str(visit.id)), ("prompt", first), ("prompt", second), *shown]),
            ("GET", "/prepare/173240/1.5mtg.md", None),
            ("GET", "/prepare/173240/2mtg.html", None)])
    assert status == 200 and '<input type="checkbox"' in page and "checked" not in page
    assert not any(secret in page for secret in SECRETS) and "〔電話番号〕" in page  # masked in the report process
    assert prepare.masked_ahead(answered, place)
    assert after == 200 and url.endswith("saved=1") and "保存しました" in ticked
    assert len(re.findall(r'<input type="checkbox" name="prompt" value="[^"]+" checked>', ticked)) == 2
    assert md_status == 200 and "attachment" in headers["Content-Disposition"] and md.count("☑") == 2
    assert missing == 404 and "1.5mtg" in unknown and "支援の流れにありません" in unknown
    with store.session() as session:
        [event, *_] = audit.events(session, action="prepare")
    assert event.detail == {"kind": "prepare", "meeting": "1.5mtg", "format": "md", "masked": True, "via": "web"}


def test_the_web_refuses_other_municipalities_and_staff_ticks(answered, kb, store):
    accounts.set_password(store, "adv", "adviser-password-1")
    accounts.set_password(store, "yamada", "yamada-password-1")
    [(other, refusal, _, _)] = web(store, kb, "adv", "adviser-password-1", [("GET", "/prepare/035076/1.5mtg.html", None)])
    assert other == 403 and "見ることができません" in refusal and "大野村" in refusal
    [(own, page, _, _), (tick, refused, _, _)] = web(store, kb, "yamada", "yamada-password-1", [
        ("GET", "/prepare/173240/1.5mtg.html", None),
        ("POST", "/prepare/173240/1.5mtg/ticks", [("prompt", "step1.q1.p1")])])
    assert own == 200 and '<input type="checkbox"' not in page and "☐" in page  # staff read their own, without ticks
    assert tick == 403 and "支援チーム" in refused
    with store.session() as session:
        assert session.execute(prepare.select(prepare.PromptTick)).first() is None


def test_a_sheet_without_a_date_cannot_keep_ticks_and_says_so(registry, review, store, kb):
    walk(review, store)
    accounts.set_password(store, "adv", "adviser-password-1")
    [(status, page, _, _), (after, said, _, url)] = web(store, kb, "adv", "adviser-password-1", [
        ("GET", "/prepare/173240/1.5mtg.html", None),
        ("POST", "/prepare/173240/1.5mtg/ticks", [("prompt", "step1.q1.p1")])])
    assert status == 200 and '<input type="checkbox"' not in page and "日付はまだ登録されていません" in page
    assert after == 200 and url.endswith("saved=nodate") and "保存できませんでした" in said


def test_the_dashboard_links_each_municipality_to_its_sheets(answered, kb, store):
    accounts.set_password(store, "adv", "adviser-password-1")
    [(status, page, _, _)] = web(store, kb, "adv", "adviser-password-1", [("GET", "/dashboard", None)])
    assert status == 200 and 'href="/prepare/173240/1.5mtg.html"' in page and "1.5mtg の準備シート" in page
    assert "/prepare/173240/%E5%A0%B1%E5%91%8A%E4%BC%9A.html" in page  # 報告会, percent-encoded


def test_deleting_a_person_keeps_their_ticks_without_them(answered, kb, registry):
    from bot.store import disclosure

    place = registry.municipality("川北町")
    visit = prepare.meeting_visit(registry, place, "1.5mtg")
    prepare.save_ticks(registry, kb, place, visit, [], ["step1.q1.p3"], registry.person("adv"))
    disclosure.delete_person(registry.store, "adv", tracker=os.devnull)
    [tick] = registry.store.session().execute(prepare.select(prepare.PromptTick)).scalars().all()
    assert tick.person_id is None and tick.prompt_id == "step1.q1.p3"
    disclosure.delete_municipality(registry.store, "川北町", tracker=os.devnull)
    assert registry.store.session().execute(prepare.select(prepare.PromptTick)).first() is None


def test_every_item_says_where_its_words_come_from(answered, kb):
    """The question, its viewpoints and the prompts shown: the handbook's (and where), or the project's."""
    from bot.report import prepare_render

    sheet = sheet_of(answered, kb)
    assert sheet.items and all(item.source.startswith("出典") for item in sheet.items)
    for fmt in ("html", "md"):
        text = prepare_render.render(sheet, fmt).decode("utf-8")
        assert all(item.source in text for item in sheet.items[:3])


def test_the_support_teams_comments_are_on_the_sheet_masked(answered, kb, store):
    from bot.store import comments

    answered.add_person("adv-c", "森アドバイザー", "adviser", ["川北町"])
    with store.session() as session:
        answer_id = session.query(Answer.id).filter(Answer.question_id == "step1.q4").scalar()
    comments.add(store, answered.person("adv-c"), answer_id, f"{PLANTED}のその後を次の会で伺えますか。")
    sheet = sheet_of(answered, kb)
    [item] = [i for i in sheet.items if i.question_id == "step1.q4"]
    assert item.comments and item.comments[0].startswith("コメント（森アドバイザー・アドバイザー）")
    for fmt in ("html", "md"):
        text = prepare_render.render(sheet, fmt).decode("utf-8")
        assert "次の会で伺えますか" in text and "090-1234-5678" not in text and "田中花子" not in text
