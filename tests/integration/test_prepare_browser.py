"""An adviser prepares the 1.5mtg sheet in chromium, from what the staff said in the chat, and ticks prompts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from bot.knowledge.loader import load
from bot.store import Store, accounts
from bot.store.registry import Registry

from .conftest import Chat, log_in_with

pytestmark = pytest.mark.slow
KB = load()
STEP1 = KB.steps[0]
PASSWORDS = {"prep-staff": "minamikawa-2024!", "prep-adv": "prep-adviser-2024!"}
ANSWER = ("住民主体の通いの場は町内に23か所あり、昨年度は3か所増えました。地区の住民からは"
          "「近くに集まる場所ができてうれしい」という声を聞いています。")


@pytest.fixture(scope="module")
def staff_talked(bot):
    """南川町: its staff member answered, skipped and said わからない in the chat; a 1.5mtg is coming."""
    store = Store(bot.settings().database_url)
    registry = Registry(store)
    registry.add_municipality("南川町", "秋田県", "054001")
    registry.add_municipality("北川村", "秋田県", "054002")  # nobody here supports it
    registry.add_person("prep-staff", "南川ゆき", "staff", ["南川町"])
    registry.add_person("prep-adv", "北原アドバイザー", "adviser", ["南川町"])
    for login, password in PASSWORDS.items():
        accounts.set_password(store, login, password)
    today = date.today()
    registry.add_visit("南川町", "1回目支援", today - timedelta(days=10))
    registry.add_visit("南川町", "1.5mtg", today + timedelta(days=20))

    staff = Chat(bot, sender="prep-staff")  # the bot's authenticated channel, as the web chat uses it
    assert "STEP1 問い 1/" in staff.say("振り返りを始めたい")
    assert "STEP1 問い 2/" in staff.say(ANSWER)
    assert "STEP1 問い 3/" in staff.say("スキップします")
    staff.say("わからないです")  # the first: an easier way in
    assert "STEP1 問い 4/" in staff.say("やっぱりわからないです")
    staff.say("今日はここまでにします")
    q1, q2, q3 = (q.id for q in STEP1.questions[:3])
    assert [(qid, status) for qid, _, status in staff.rows()] == [(q1, "answered"), (q2, "skipped"), (q3, "dont_know")]
    return bot


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    yield context.new_page()
    context.close()


def log_in(page, bot, login):
    log_in_with(page, bot, login, PASSWORDS[login])


def prompts(question, timing):
    return [p.text for p in question.prompts if p.timing.value == timing]


def test_an_adviser_prepares_the_sheet_from_the_chat_and_ticks_prompts(staff_talked, page):
    bot = staff_talked
    q1, q2, q3 = STEP1.questions[:3]
    log_in(page, bot, "prep-adv")
    expect(page).to_have_url(f"{bot.web_url}/dashboard")
    page.get_by_role("link", name="1.5mtg の準備シート").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1.5mtg の準備シート：南川町（秋田県）")

    # Exactly what the staff did, most needed first, each with its viewpoints and the prompts that fit.
    sections = page.locator("section.prep-section h2")
    expect(sections).to_have_text([
        "1. 「わからない」と答えた問い（1件）", "2. スキップした問い（1件）", f"3. 手つかずのテーマ（{len(KB.themes)}件）",
        "4. 前回からの新しい回答・更新（1件）", "全体のメモ"])
    for section, question, timing in (("dont_know", q3, "before"), ("skipped", q2, "before"), ("new_answer", q1, "after")):
        item = page.locator(f"#prep-{section} article.prep-item")
        expect(item).to_have_count(1)
        expect(item.get_by_role("heading", level=3)).to_have_text(question.text)
        for viewpoint in question.viewpoints:
            expect(item.locator(".prep-viewpoints li", has_text=viewpoint.text[:30])).to_have_count(1)
        expect(item.get_by_role("checkbox")).to_have_count(len(prompts(question, timing)))
        for text in prompts(question, timing):
            expect(item.get_by_role("checkbox", name=text)).not_to_be_checked()
        expect(item.locator(".prep-memo")).to_have_count(1)
    expect(page.locator("#prep-new_answer blockquote")).to_contain_text("23か所")
    expect(page.locator("#prep-dont_know .prep-extra")).to_contain_text("入りやすい切り口")
    expect(page.locator("#prep-untouched_theme article.prep-item")).to_have_count(len(KB.themes))

    # Two prompts chosen, saved, and still ticked after a reload.
    chosen = [prompts(q3, "before")[0], prompts(q1, "after")[0]]
    for text in chosen:
        page.get_by_role("checkbox", name=text).check()
    page.get_by_role("button", name="使う問いかけを保存").first.click()
    expect(page.get_by_role("status")).to_contain_text("保存しました")
    page.reload()
    for text in chosen:
        expect(page.get_by_role("checkbox", name=text)).to_be_checked()
    expect(page.locator('input[type="checkbox"]:checked')).to_have_count(2)

    # On paper: no site header, no buttons; the sheet itself stays.
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.get_by_role("button", name="使う問いかけを保存").first).to_be_hidden()
    expect(page.locator("#prep-dont_know article.prep-item")).to_be_visible()


def test_a_sheet_of_a_municipality_not_theirs_is_refused(staff_talked, page):
    bot = staff_talked
    log_in(page, bot, "prep-adv")
    expect(page).to_have_url(f"{bot.web_url}/dashboard")
    page.goto(f"{bot.web_url}/prepare/054002/1.5mtg.html")  # 北川村: not theirs
    expect(page.get_by_role("alert")).to_contain_text("見ることができません")
    page.goto(f"{bot.web_url}/prepare/054001/1.5.html")
    expect(page.get_by_role("alert")).to_contain_text("1.5mtg")
