"""Dashboard benchmark: 300 municipalities × 2,000 answers, measured at the web app.

Real servers in a temporary directory. The record is filled straight into
SQLite (synthetic answers, a fixed seed) and summarised as the migration does;
the answers of the municipalities whose reports are downloaded are masked
beforehand, as the action server masks each answer when it is written. Then:

- GET /dashboard as an admin, who sees every municipality: p50 and p95;
- a staff member's chat turns alone, and again while five report downloads
  run without pause: the second p50/p95 over the first (issue 14: ≤ 1.2).

Prints the figures and writes docs/benchmarks.md between the dashboard-bench
markers. Nothing here fails on a timing.

    python -m bot.evaluation.dashboard_bench            # make bench runs it
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import List, Optional, Sequence

from bot.config import ROOT
from bot.evaluation.sections import publish
from bot.evaluation.timing import percentile
from bot.evaluation.turn_bench import (PASSWORD, START, Browser, People, answer_text, load_average, login_token,
                                       revision, start_bot)

OUTPUT = ROOT / "docs" / "benchmarks.md"
REPORTS = 5  # downloads running at once while the chat is measured
REPORT_FORMAT = "xlsx"  # the slowest format to write (docs/benchmarks.md, report-bench)


def populate(var: Path, people: People, municipalities: int, answers: int) -> List[str]:
    """Municipalities with one staff member each and their answers; returns the municipality codes."""
    from bot.knowledge.loader import load
    from bot.store import summaries

    questions = [q.id for q in load().questions()]
    rng = random.Random(7)
    start = datetime(2026, 1, 5)
    codes = [f"{100000 + i:06d}" for i in range(municipalities)]
    for i, code in enumerate(codes):
        people.registry.add_municipality(f"ベンチ{i}町", "石川県", code)
        people.registry.add_person(f"m{i}", f"職員{i}", "staff", [f"ベンチ{i}町"])
    with sqlite3.connect(var / "banso.db") as db:
        ids = dict(db.execute("SELECT code, id FROM municipalities"))
        person = dict(db.execute("SELECT municipality_id, id FROM people WHERE municipality_id IS NOT NULL"))
        rows = []
        for i, code in enumerate(codes):
            place = ids[code]
            for n in range(answers):
                status = rng.choices(["answered", "skipped", "dont_know"], weights=[90, 5, 5])[0]
                rows.append((f"m{i}", questions[n % len(questions)], answer_text(rng), status, f"bench-{i}-{n}",
                             "数字で言うとどのくらいですか？" if rng.random() < 0.1 else None, person[place], place,
                             start + timedelta(minutes=97 * n), rng.random() < 0.7))
        db.executemany("INSERT INTO answers (sender_id, question_id, text, status, message_id, followup, "
                       "reply_to_followup, person_id, municipality_id, created_at, has_evidence) "
                       "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)", rows)
    with people.store.session() as session, session.begin():
        summaries.rebuild(session)
    return codes


def premask(people: People, codes: List[str], answers: int) -> None:
    """What the action server did as each answer was written, for the municipalities downloaded."""
    from bot.report.mask_cache import mask_cached

    with sqlite3.connect(people.store.engine.url.database) as db:
        for code in codes:
            texts = [t for (t,) in db.execute("SELECT a.text FROM answers a JOIN municipalities m "
                                               "ON m.id = a.municipality_id WHERE m.code = ?", (code,))]
            mask_cached(people.store, texts[:answers])


class Admin(Browser):
    """An admin's browser: logged in, landing on the dashboard (no chat, so no CSRF token needed)."""

    async def open(self) -> "Admin":
        import aiohttp

        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=300))
        form = {"login": self.login, "password": PASSWORD, "csrf": await login_token(self.http, self.base_url)}
        async with self.http.post(f"{self.base_url}/login", data=form) as response:
            if response.status != 200 or response.url.path != "/dashboard":
                raise RuntimeError(f"{self.login} がログインできません（HTTP {response.status}, {response.url}）")
        return self


async def timed_get(browser: Browser, path: str) -> float:
    began = time.perf_counter()
    async with browser.http.get(f"{browser.base_url}{path}") as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - began


async def chat_turns(browser: Browser, turns: int) -> List[float]:
    rng = random.Random(turns)
    seconds, question_open = [], False
    for _ in range(turns):
        turn = await browser.send(answer_text(rng) if question_open else START, "answer")
        if not turn.ok:
            raise RuntimeError(f"チャットの返事がありません（HTTP {turn.status}）")
        seconds.append(turn.seconds)
        question_open = turn.question_open
    return seconds


async def reports_until(browser: Browser, code: str, stop: asyncio.Event) -> List[float]:
    made = []
    while not stop.is_set():
        made.append(await timed_get(browser, f"/reports/{code}.{REPORT_FORMAT}"))
    return made


async def measure(base_url: str, codes: List[str], staff_login: str, args) -> dict:
    admins = [await Admin(base_url, "bench-admin").open() for _ in range(REPORTS + 1)]
    staff = await Browser(base_url, staff_login).open()
    try:
        await timed_get(admins[0], "/dashboard")  # the first view pays for imports and templates
        dashboard = [await timed_get(admins[0], "/dashboard") for _ in range(args.dashboard_views)]
        await chat_turns(staff, 10)  # warm-up: the first turns pay for caches in every server
        before = await chat_turns(staff, args.turns // 2)
        stop = asyncio.Event()
        downloads = [asyncio.create_task(reports_until(b, code, stop)) for b, code in zip(admins[1:], codes)]
        await asyncio.sleep(1)  # the downloads are under way
        during = await chat_turns(staff, args.turns)
        stop.set()
        made = [s for task in downloads for s in await task]
        after = await chat_turns(staff, args.turns - args.turns // 2)  # alone again: drift shows in neither
        return {"dashboard": dashboard, "alone": before + after, "during": during, "reports": made}
    finally:
        for browser in [*admins, staff]:
            await browser.close()


def ms(values: List[float], share: float) -> float:
    return percentile(values, share) * 1000


def render(args, figures: dict, setup: float, load_before: str, load_after: str) -> str:
    alone, during = figures["alone"], figures["during"]
    return "\n".join([
        f"## ダッシュボードと報告書の作成中のチャット（{args.municipalities} 市町村 × {args.answers:,} 回答）",
        "",
        "`python -m bot.evaluation.dashboard_bench` が生成します（`make bench`）。本物の 3 つのサーバーを一時ディレクトリの SQLite で起動し、"
        "合成した回答を記録に直接入れ、移行と同じ方法で問いごとの集計（question_summaries）を作ります。"
        f"報告書を取る {REPORTS} 市町村の回答は、アクションサーバーが書くときと同じく先に伏せ字にしてあります。",
        "",
        f"- 測定日時: {datetime.now():%Y-%m-%d %H:%M}、コミット: {revision()}、準備 {setup:.0f} 秒",
        f"- 負荷（uptime）開始時: `{load_before}`",
        f"- 負荷（uptime）終了時: `{load_after}`",
        "",
        "| 測ったもの | 回数 | 中央値 (ms) | p95 (ms) |",
        "|---|---|---|---|",
        f"| ダッシュボード（管理者: 全市町村） | {len(figures['dashboard'])} | {ms(figures['dashboard'], 0.5):.0f} | "
        f"{ms(figures['dashboard'], 0.95):.0f} |",
        f"| チャットのターン（ほかに何もしていないとき: 前後半分ずつ） | {len(alone)} | {ms(alone, 0.5):.0f} | {ms(alone, 0.95):.0f} |",
        f"| チャットのターン（報告書 {REPORT_FORMAT} を {REPORTS} 本ずつ作り続けている間） | {len(during)} | "
        f"{ms(during, 0.5):.0f} | {ms(during, 0.95):.0f} |",
        f"| その間に作った報告書（{args.answers:,} 回答・伏せ字あり） | {len(figures['reports'])} | "
        f"{ms(figures['reports'], 0.5):.0f} | {ms(figures['reports'], 0.95):.0f} |",
        "",
        f"報告書を作っている間のチャットは、中央値で {ms(during, 0.5) / ms(alone, 0.5):.2f} 倍、"
        f"p95 で {ms(during, 0.95) / ms(alone, 0.95):.2f} 倍でした（基準: 1.2 倍以内）。",
    ])


def parse_args(argv: Optional[Sequence[str]]):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=300)
    parser.add_argument("--answers", type=int, default=2000, help="1 市町村あたりの回答")
    parser.add_argument("--dashboard-views", type=int, default=30)
    parser.add_argument("--turns", type=int, default=60, help="測るチャットのターン（それぞれの条件で）")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    from bot.store import accounts

    args = parse_args(argv)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="banso-dashboard-bench-") as work:
        var = Path(work)
        began = time.monotonic()
        people = People(var)
        codes = populate(var, people, args.municipalities, args.answers)
        people.registry.add_person("bench-admin", "管理者", "admin", [])
        accounts.set_password(people.store, "bench-admin", PASSWORD)
        (staff_login,) = people.add("bench-staff", 1)
        print(f"記録を作りました（{time.monotonic() - began:.0f} 秒）。伏せ字を作ります…", flush=True)
        premask(people, codes[:REPORTS], args.answers)
        setup = time.monotonic() - began
        bot = start_bot(var)
        try:
            figures = asyncio.run(measure(bot.web_url, codes, staff_login, args))
        finally:
            bot.stop()
    section = render(args, figures, setup, load_before, load_average())
    publish(OUTPUT, "dashboard-bench", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
