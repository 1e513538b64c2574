"""The web app in Debian's chromium (Playwright): staff chat, support-team dashboard, and bad input."""

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot.store import Store
from bot.store.registry import Registry
from bot.store import accounts

from .conftest import log_in_with

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORDS = {"web-staff": "kawakita-2024!", "web-adv": "adviser-2024!", "web-ono": "ono-village-2024!",
             "web-admin": "administrator-2024!", "web-kayo": "kayoinoba-2024!"}


@pytest.fixture(scope="module")
def people(bot):
    store = Store(f"sqlite:///{bot.var / 'banso.db'}")
    registry = Registry(store)
    for name, prefecture, code in [("西川町", "山形県", "063240"), ("東野村", "長野県", "203840")]:
        if registry.municipality(code) is None:
            registry.add_municipality(name, prefecture, code)
    registry.add_person("web-staff", "川上さくら", "staff", ["西川町"])
    registry.add_person("web-ono", "東野次郎", "staff", ["東野村"])
    registry.add_person("web-kayo", "西川みどり", "staff", ["西川町"])
    registry.add_person("web-adv", "森アドバイザー", "adviser", ["西川町"])
    registry.add_person("web-admin", "管理者", "admin", [])
    registry.add_visit("西川町", "2.5mtg", date(2030, 1, 20))
    for login, password in PASSWORDS.items():
        accounts.set_password(store, login, password)
    return bot


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ja-JP")
    yield context.new_page()
    context.close()


def log_in(page, bot, login, password=None):
    log_in_with(page, bot, login, password or PASSWORDS[login])


def user_bubbles(page):
    return page.locator(".bubble.user")


def test_staff_chat_ime_answer_reload_and_progress(people, page):
    bot = people
    log_in(page, bot, "web-staff")
    expect(page).to_have_url(f"{bot.web_url}/chat")
    expect(page.locator(".bubble.bot").first).to_contain_text("伴走")  # the greeting, asked for on a first visit

    box = page.get_by_label("メッセージ")
    box.click()
    # An IME conversion is open: Enter confirms it and must not send.
    box.dispatch_event("compositionstart")
    page.keyboard.insert_text("ふりかえりをはじめたい")
    page.evaluate("""() => document.getElementById('message').dispatchEvent(
        new KeyboardEvent('keydown', {key: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true}))""")
    page.wait_for_timeout(300)
    expect(user_bubbles(page)).to_have_count(0)
    box.fill("振り返りを始めたい")
    box.dispatch_event("compositionend")
    page.wait_for_timeout(50)
    box.press("Shift+Enter")  # a new line, not a send
    expect(user_bubbles(page)).to_have_count(0)
    box.fill("振り返りを始めたい")
    box.press("Enter")
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 1/")
    step1 = page.locator("#progress tr", has_text="STEP1").locator("td").first
    expect(step1).to_have_text("0")

    answer = "先月、民生委員さんから「サロンが遠くて行けない」という声を聞きました。参加者は月に20人ほどです。"
    box.fill(answer)
    box.press("Enter")
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 2/")
    expect(step1).to_have_text("1")  # the progress panel follows the answers

    page.locator("#viewpoint").click()  # the panel's button (each question also offers one)
    expect(page.locator(".bubble.bot", has_text="大事な視点")).to_have_count(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"))

    page.reload()  # history and place come back from the server
    expect(page.locator(".bubble.user", has_text="民生委員さんから")).to_have_count(1)
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 2/")


def test_a_double_click_sends_once(people, page):
    bot = people
    log_in(page, bot, "web-ono")
    expect(page.locator(".bubble.bot").first).to_contain_text("伴走")
    box = page.get_by_label("メッセージ")
    box.fill("振り返りを始めたい")
    page.get_by_role("button", name="送信").dblclick()
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 1/")
    expect(user_bubbles(page)).to_have_count(1)
    box.fill("東野村ではサロンが8か所あり、先月の集計で参加者は延べ160人でした。担当の話では男性が少ないそうです。")
    send = page.get_by_role("button", name="送信")
    send.click()
    send.click()
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 2/")
    with sqlite3.connect(bot.var / "banso.db") as db:
        rows = db.execute("SELECT count(*) FROM answers WHERE sender_id = 'web-ono'").fetchone()[0]
    assert rows == 1


def test_a_question_and_small_talk_in_a_theme_walk_are_not_filed_as_answers(people, page):
    bot = people
    log_in(page, bot, "web-kayo")
    expect(page.locator(".bubble.bot").first).to_contain_text("伴走")  # the greeting: the page is ready to send
    box = page.get_by_label("メッセージ")
    box.fill("通いの場のテーマをやりたい")
    box.press("Enter")
    expect(page.locator("#question-position")).to_contain_text("通いの場 問い 1/")
    # Small talk, then a how-to question: neither is filed; each reply points back to the open question.
    for said in ["今日は雨で寒いですね", "参加者が減っているとき、どうすればいいですか？"]:
        replies = page.locator(".bubble.bot", has_text="通いの場 問い 1/")
        before = replies.count()
        box.fill(said)
        box.press("Enter")
        expect(replies).to_have_count(before + 1)
        expect(page.locator(".bubble.bot", has_text="記録しました")).to_have_count(0)
    expect(page.locator("#question-position")).to_contain_text("通いの場 問い 1/")
    with sqlite3.connect(bot.var / "banso.db") as db:
        assert db.execute("SELECT count(*) FROM answers WHERE sender_id = 'web-kayo'").fetchone()[0] == 0


def test_a_long_history_shows_recent_turns_and_loads_older_ones_on_request(people, page):
    from bot.knowledge.loader import load
    from bot.review import Command, Review

    bot = people
    store = Store(f"sqlite:///{bot.var / 'banso.db'}")
    registry = Registry(store)
    registry.add_person("web-long", "長谷川", "staff", ["西川町"])
    accounts.set_password(store, "web-long", "long-history-2024!")
    review = Review(load(), store)
    for index in range(45):  # a person who has used Bansō for a while
        review.handle("web-long", Command("show_progress", f"進み具合 {index}"), f"old-{index}")
    log_in(page, bot, "web-long", "long-history-2024!")
    expect(page.locator(".bubble.user", has_text="進み具合 44")).to_have_count(1)
    expect(page.locator(".bubble.user", has_text="進み具合 14")).to_have_count(0)  # older turns wait
    older = page.get_by_role("button", name="以前の会話を読み込む")
    older.click()
    expect(page.locator(".bubble.user", has_text="進み具合 0")).to_have_count(1)
    expect(page.locator(".bubble.user").first).to_have_text("進み具合 0")
    expect(page.get_by_role("button", name="以前の会話を読み込む")).to_have_count(0)  # nothing older left


def test_support_team_sees_their_municipalities_only(people, page):
    bot = people
    log_in(page, bot, "web-adv")
    expect(page).to_have_url(f"{bot.web_url}/dashboard")
    expect(page.get_by_role("heading", name="山形県 西川町")).to_be_visible()
    expect(page.get_by_text("東野村")).to_have_count(0)
    expect(page.get_by_text("2.5mtg（令和12年1月20日）")).to_be_visible()
    # The pictures, as a screen reader names them: progress per STEP/theme, and answers over time.
    section = page.get_by_role("region", name="山形県 西川町")
    expect(section.get_by_role("img", name=re.compile(r"STEP1: \d+問中 回答"))).to_be_visible()
    expect(section.get_by_role("img", name=re.compile("回答"))).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=False)
    with page.expect_download() as download:
        page.get_by_role("link", name="xlsx").first.click()
    assert download.value.suggested_filename == "banso-report-063240.xlsx"
    page.goto(f"{bot.web_url}/reports/203840.md")  # 東野村: not theirs
    expect(page.get_by_role("alert")).to_contain_text("見ることができません")
    page.goto(f"{bot.web_url}/knowledge?q=SC")
    expect(page.locator(".hits li").first).to_contain_text("生活支援コーディネーター")


def test_an_admin_sees_every_municipality(people, page):
    log_in(page, people, "web-admin")
    expect(page.get_by_role("heading", name="山形県 西川町")).to_be_visible()
    expect(page.get_by_role("heading", name="長野県 東野村")).to_be_visible()


def test_staff_are_refused_the_dashboard(people, page):
    log_in(page, people, "web-staff")
    page.goto(f"{people.web_url}/dashboard")
    expect(page.get_by_role("alert")).to_contain_text("支援チーム")


def test_wrong_passwords_are_limited(people, page):
    for _ in range(accounts.MAX_FAILURES):
        log_in(page, people, "web-adv", password="wrong-password")
        expect(page.get_by_role("alert")).to_contain_text("ログイン名かパスワードが違います")
    log_in(page, people, "web-adv")  # even the right password waits now
    expect(page.get_by_role("alert")).to_contain_text("しばらく受け付けていません")
    with sqlite3.connect(people.var / "banso.db") as db:
        db.execute("DELETE FROM login_failures WHERE login = 'web-adv'")


def test_an_expired_session_says_so_and_keeps_the_typed_text(people, page):
    bot = people
    log_in(page, bot, "web-staff")
    expect(page.locator("#question-position")).not_to_have_text("読み込んでいます…")
    with sqlite3.connect(bot.var / "banso.db") as db:
        db.execute("UPDATE web_sessions SET expires_at = '2000-01-01 00:00:00'")
    box = page.get_by_label("メッセージ")
    box.fill("この文は消えません")
    box.press("Enter")
    expect(page.locator("#status")).to_contain_text("有効期限")
    expect(box).to_have_value("この文は消えません")
    page.get_by_role("link", name="ログインし直す").click()
    expect(page.get_by_role("status")).to_contain_text("有効期限が切れました")


def test_a_web_server_restart_keeps_the_place(people, page):
    bot = people
    log_in(page, bot, "web-staff")
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 2/")
    web = next(p for p in bot.processes if "bot.web" in p.args)
    web.terminate()
    web.wait(10)
    bot.processes.remove(web)
    bot.start_web()
    bot.wait_ready(timeout=60)
    page.reload()  # the same session cookie, the same question
    expect(page.locator("#question-position")).to_contain_text("STEP1 問い 2/")


@pytest.mark.parametrize("width, height", [(1366, 768), (820, 1180)])  # an office PC, a tablet
def test_the_chat_page_fits_the_screen(people, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    try:
        log_in(page, people, "web-staff")
        expect(page.get_by_role("button", name="送信")).to_be_in_viewport()
        expect(page.get_by_role("heading", name="進み具合")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sideways
        page.keyboard.press("Tab")  # the first stop is the skip link: keyboard users reach the content
        assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
    finally:
        context.close()
