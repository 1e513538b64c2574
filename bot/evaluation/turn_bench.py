"""Turn benchmark: the bot measured at its front door, the web app.

Real servers (action server, Rasa, web app), real HTTP, a real SQLite record,
each run in a fresh temporary directory. Simulated people log in like a
browser (form, session cookie, CSRF token from the chat page) and send turns
to /api/message as chat.js does. Nothing here fails on a timing: it prints the
figures and writes them to docs/benchmarks.md between the turn-bench markers.

    python -m bot.evaluation.turn_bench                 # 1,000 turns, 10 and 40 people, 60 s, profile
    python -m bot.evaluation.turn_bench --quick         # a smoke run of a minute or two
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

from bot.config import ROOT
from bot.evaluation.sections import publish
from bot.evaluation.timing import percentile

OUTPUT = ROOT / "docs" / "benchmarks.md"
PLACE = ("ベンチ町", "石川県", "179999")
PASSWORD = "bench-password-2024"  # at least 10 characters, as auth requires
START = "振り返りを始めたい"
GREETING = "こんにちは"
# The long conversation: commands that move about the walk, and a short answer every fifth turn.
LENGTH_CYCLE = ["大事な視点を見せて", "進み具合", "サービスCとは？", "前に戻りたい", "はい、集計しています。"]
CONFIRMED = "記録しました"  # in every reply that recorded an answer
FOLLOWUP = "もう少しだけ伺わせてください"
# Answers with numbers and a quoted voice, so that no follow-up question is needed.
ANSWERS = [
    "通いの場は{a}か所あり、参加者は延べ{b}人です。民生委員さんからは「集まる場所ができてうれしい」と聞いています。",
    "昨年度の認定率は{p}.{q}%で、県平均より{d}ポイント低いです。包括の職員は「元気な方が通いの場に出てきている」と話していました。",
    "訪問型サービスAの利用者は{a}人です。先月の協議体では、住民から「買い物の手伝いがほしい」という声が出ました。",
    "ニーズ調査では{p}割の方が外出が減ったと答えています。自治会長さんは「冬は{a}日も家から出られない」と言っていました。",
    "短期集中予防サービスを{b}人が利用し、{a}人が卒業しました。ケアマネジャーからは「自宅での生活が続けられている」と聞いています。",
    "生活支援コーディネーターが{a}地区を回り、{b}件の相談を受けました。ボランティアの方は「担い手が足りない」と話しています。",
]

# Profile buckets: a sample goes to the first row whose patterns occur in its stack
# ("leaf": only in the innermost frame, "any": anywhere). Frames read like
# "save (rasa/core/tracker_store.py:1234)"; py-spy shortens the project's paths (bot/review.py
# may read "review.py"). Reorder or extend to taste.
IDLE = "待ち（イベントループ・スレッド）"
OTHER = "その他"
BUCKETS: List[Tuple[str, str, Tuple[str, ...]]] = [
    # Sanic runs on uvloop, whose waiting is native code: its innermost Python frame is Sanic's serve().
    (IDLE, "leaf", ("select (selectors.py", "epoll", "serve (sanic/server/runners.py", "wait (threading.py",
                    "_wait_for_tstate_lock", "_worker (concurrent/futures/thread.py", "sleep (")),
    # Rasa checks each reply of the action server against a JSON schema; deep stacks may lose their roots.
    ("JSON スキーマの検査（jsonschema）", "any", ("jsonschema",)),
    ("JSON", "any", ("json/", "ujson", "orjson")),
    ("トラッカーストア", "any", ("tracker_store",)),  # Rasa's, and the project's subclass
    ("アクション呼び出し（Rasa → アクション）", "any", ("rasa/core/actions/action.py", "rasa/utils/endpoints.py")),
    ("ポリシー", "any", ("rasa/core/policies",)),
    ("NLU", "any", ("rasa/nlu", "rasa_components", "rasa/components")),  # the project's, old and new place
    ("GiNZA・spaCy・Sudachi", "any", ("spacy", "ginza", "sudachipy", "thinc")),
    ("データベース（SQLAlchemy・SQLite）", "any", ("sqlalchemy", "sqlite3")),
    ("トラッカー・イベント（rasa/shared/core）", "any", ("rasa/shared/core",)),
    ("HTTP（sanic・aiohttp）", "any", ("sanic", "aiohttp")),
]


# Settings ---------------------------------------------------------------------------
@dataclass
class Settings:
    turns: int
    concurrency: List[int]
    seconds: float
    profile_seconds: float  # 0: no profile
    output: Path
    command: str
    profile_dir: Optional[Path] = None  # where to keep py-spy's raw stacks


def parse_args(argv: Optional[Sequence[str]] = None) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m bot.evaluation.turn_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=1000, help="長い会話のターン数（既定: 1000）")
    parser.add_argument("--concurrency", default="10,40", help="同時に話す人数、カンマ区切り（既定: 10,40）")
    parser.add_argument("--seconds", type=float, default=60, help="各人数・各負荷の時間（秒、既定: 60）")
    parser.add_argument("--profile-seconds", type=float, default=30, help="py-spy で測る時間（秒、0 で測らない）")
    parser.add_argument("--quick", action="store_true", help="短い確認用: 200 ターン、10 秒、10 人、プロファイルなし")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"書き出す Markdown（既定: {OUTPUT}）")
    parser.add_argument("--profile-dir", type=Path, help="py-spy の生のスタックを残すディレクトリ（既定: 残さない）")
    args = parser.parse_args(argv)
    if args.quick:
        args.turns, args.concurrency, args.seconds, args.profile_seconds = 200, "10", 10, 0
    command = "python -m bot.evaluation.turn_bench " + " ".join(sys.argv[1:] if argv is None else argv)
    return Settings(turns=args.turns, concurrency=[int(c) for c in args.concurrency.split(",") if c.strip()],
                    seconds=args.seconds, profile_seconds=args.profile_seconds, output=args.output,
                    command=command.strip(), profile_dir=args.profile_dir)


# The machine --------------------------------------------------------------------------
def load_average() -> str:
    """What `uptime` says: the machine is shared, so the figures are read against it."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def revision() -> str:
    """The commit measured, and whether the work tree differs from it (read-only git)."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "不明"
    return commit + ("（未コミットの変更あり）" if dirty else "")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "不明"


# Servers and people ------------------------------------------------------------------------
def start_bot(var: Path):
    from bot import model_cache
    from bot.server import Bot, free_port

    model = model_cache.current_model() or model_cache.train(quiet=True)
    bot = Bot(model=model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), var=var,
              log_dir=var / "log", extra_env={"BANSO_DATABASE_URL": f"sqlite:///{var / 'banso.db'}",
                                              "BANSO_TRACKER_DB": str(var / "tracker.db")})
    bot.start()
    try:
        bot.wait_ready(timeout=240)
    except BaseException:
        print_logs(var / "log")
        bot.stop()
        raise
    return bot


def print_logs(log_dir: Path, lines: int = 30) -> None:
    """The end of each server's log: the temporary directory goes away with the run."""
    for log in sorted(log_dir.glob("*.log")):
        tail = log.read_text("utf-8", errors="replace").splitlines()[-lines:]
        print(f"--- {log.name}（最後の {len(tail)} 行）", *tail, sep="\n", file=sys.stderr)


class People:
    """Registers simulated staff of one municipality, straight into the bot's record."""

    def __init__(self, var: Path):
        from bot.store import Store
        from bot.store.registry import Registry

        self.store = Store(f"sqlite:///{var / 'banso.db'}")
        self.registry = Registry(self.store)
        self.registry.add_municipality(*PLACE)

    def add(self, prefix: str, count: int) -> List[str]:
        from bot.store import accounts

        logins = [f"{prefix}-{i}" for i in range(count)]
        for login in logins:
            self.registry.add_person(login, f"職員 {login}", "staff", [PLACE[0]])
            accounts.set_password(self.store, login, PASSWORD)
        return logins


@dataclass
class Turn:
    login: str
    kind: str  # start | answer | greeting | length
    client_id: str
    seconds: float
    status: int  # HTTP status; 0 when the request itself failed
    reply: str = ""
    question_open: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200


async def login_token(http, base_url: str) -> str:
    """The login form's CSRF token (its cookie stays in the session's jar), as a browser gets it."""
    async with http.get(f"{base_url}/login") as response:
        found = re.search(r'name="csrf" value="([^"]+)"', await response.text())
    if not found:
        raise RuntimeError("ログイン画面に CSRF トークンが見つかりません")
    return html.unescape(found.group(1))


class Browser:
    """One person's browser: its own cookie jar, logged in, sending turns as chat.js does."""

    def __init__(self, base_url: str, login: str):
        self.base_url, self.login = base_url, login
        self.http: Optional[aiohttp.ClientSession] = None
        self.csrf = ""

    async def open(self) -> "Browser":
        # unsafe=True: the default jar ignores cookies from an IP address such as 127.0.0.1.
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=300))
        form = {"login": self.login, "password": PASSWORD, "csrf": await login_token(self.http, self.base_url)}
        async with self.http.post(f"{self.base_url}/login", data=form) as response:  # → / → /chat
            page = await response.text()
            if response.status != 200 or response.url.path != "/chat":
                raise RuntimeError(f"{self.login} がログインできません（HTTP {response.status}, {response.url}）")
        # The chat page carries the session's CSRF token where chat.js reads it.
        found = re.search(r'class="chat-layout" data-csrf="([^"]+)"', page)
        if not found:
            raise RuntimeError("チャット画面に CSRF トークン（data-csrf）が見つかりません")
        self.csrf = html.unescape(found.group(1))
        return self

    async def send(self, text: str, kind: str) -> Turn:
        client_id = uuid.uuid4().hex  # a new turn, as chat.js's newId()
        began = time.perf_counter()
        try:
            async with self.http.post(f"{self.base_url}/api/message", json={"text": text, "client_id": client_id},
                                      headers={"X-CSRF-Token": self.csrf}) as response:
                status, body = response.status, await response.text()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return Turn(self.login, kind, client_id, time.perf_counter() - began, 0)
        seconds = time.perf_counter() - began
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if status != 200 or not isinstance(data, dict):
            return Turn(self.login, kind, client_id, seconds, status if status != 200 else 0, reply=body[:200])
        reply = "\n".join(r.get("text") or "" for r in data.get("replies", []))
        question = (data.get("state") or {}).get("question")
        return Turn(self.login, kind, client_id, seconds, status, reply, question_open=question is not None)

    async def close(self) -> None:
        if self.http:
            await self.http.close()


async def open_browsers(base_url: str, logins: List[str]) -> List[Browser]:
    return list(await asyncio.gather(*(Browser(base_url, login).open() for login in logins)))


async def close_browsers(browsers: List[Browser]) -> None:
    await asyncio.gather(*(b.close() for b in browsers))


# Conversations --------------------------------------------------------------------------------
def answer_text(rng: random.Random) -> str:
    return rng.choice(ANSWERS).format(a=rng.randint(2, 60), b=rng.randint(30, 2000), p=rng.randint(1, 9),
                                      q=rng.randint(0, 9), d=rng.randint(1, 5))


async def answering(browser: Browser, deadline: float) -> List[Turn]:
    """Start the review, then answer question after question; start again when no question is open."""
    rng = random.Random(browser.login)
    turns: List[Turn] = []
    question_open = False
    while time.monotonic() < deadline:
        if question_open:
            turn = await browser.send(answer_text(rng), "answer")
        else:
            turn = await browser.send(START, "start")
        turns.append(turn)
        if turn.ok:
            question_open = turn.question_open
    return turns


async def greeting(browser: Browser, deadline: float) -> List[Turn]:
    """The floor: a turn that runs no custom action and writes no answer."""
    turns: List[Turn] = []
    while time.monotonic() < deadline:
        turns.append(await browser.send(GREETING, "greeting"))
    return turns


Conversation = Callable[[Browser, float], Awaitable[List[Turn]]]


@dataclass
class Load:
    label: str
    people: int
    turns: List[Turn]
    elapsed: float

    def of(self, kind: str) -> List[Turn]:
        return [t for t in self.turns if t.kind == kind]


async def drive(label: str, browsers: List[Browser], conversation: Conversation, seconds: float) -> Load:
    """Every person talks back to back until the deadline; the last turns are waited for and counted."""
    began = time.monotonic()
    per_person = await asyncio.gather(*(conversation(b, began + seconds) for b in browsers))
    return Load(label, len(browsers), [t for turns in per_person for t in turns], time.monotonic() - began)


async def saturate(bot, people: People, label: str, prefix: str, count: int, conversation: Conversation,
                   seconds: float) -> Load:
    logins = people.add(prefix, count)
    browsers = await open_browsers(bot.web_url, logins)  # logging in is not part of the measure
    try:
        return await drive(label, browsers, conversation, seconds)
    finally:
        await close_browsers(browsers)


# 1. Latency by conversation length --------------------------------------------------------------
@dataclass
class Block:
    first: int
    last: int
    median: float
    p95: float
    events: Optional[int]  # events in the tracker at the end of the block


def tracker_events(var: Path, sender: str) -> Optional[int]:
    try:
        with sqlite3.connect(var / "tracker.db", timeout=10) as db:
            return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
    except sqlite3.Error:
        return None


async def long_conversation(bot, people: People, var: Path, turns: int, block: int = 100) -> Tuple[List[Block], Load]:
    login = people.add("long", 1)[0]
    browser = (await open_browsers(bot.web_url, [login]))[0]
    blocks: List[Block] = []
    done: List[Turn] = []
    began = time.monotonic()
    try:
        for index in range(turns):
            text = START if index == 0 else LENGTH_CYCLE[(index - 1) % len(LENGTH_CYCLE)]
            done.append(await browser.send(text, "length"))
            if (index + 1) % block == 0 or index + 1 == turns:
                start = len(blocks) * block
                ms = [t.seconds * 1000 for t in done[start:]]
                blocks.append(Block(start + 1, index + 1, statistics.median(ms), percentile(ms, 0.95),
                                    tracker_events(var, login)))
                print(f"  ターン {start + 1}–{index + 1}: 中央値 {blocks[-1].median:.0f} ms", flush=True)
    finally:
        await browser.close()
    return blocks, Load("長い会話", 1, done, time.monotonic() - began)


# 2. Answers stored exactly once -------------------------------------------------------------------
@dataclass
class AnswerCount:
    sent: int
    confirmed: int
    stored: int
    duplicated: int
    missing: int
    stored_unconfirmed: int
    followups: int


def stored_answers(var: Path) -> Counter:
    """Rows per (sender, turn) in the answers table."""
    with sqlite3.connect(var / "banso.db", timeout=10) as db:
        rows = db.execute("SELECT sender_id, message_id, COUNT(*) FROM answers GROUP BY sender_id, message_id")
        # The action server keys a web turn as "client:<client_id>".
        return Counter({(sender, message_id.removeprefix("client:")): count for sender, message_id, count in rows})


def count_answers(load: Load, stored: Counter) -> AnswerCount:
    answers = load.of("answer")
    confirmed = [t for t in answers if t.ok and CONFIRMED in t.reply]
    in_record = [stored[(t.login, t.client_id)] for t in confirmed]
    unconfirmed = [t for t in answers if not (t.ok and CONFIRMED in t.reply) and stored[(t.login, t.client_id)]]
    return AnswerCount(sent=len(answers), confirmed=len(confirmed), stored=sum(1 for n in in_record if n >= 1),
                       duplicated=sum(1 for n in in_record if n > 1), missing=sum(1 for n in in_record if n == 0),
                       stored_unconfirmed=len(unconfirmed),
                       followups=sum(1 for t in confirmed if FOLLOWUP in t.reply))


# 3. Profile ------------------------------------------------------------------------------------------
def py_spy() -> Optional[str]:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


async def record_profile(tool: str, pid: int, seconds: float, output: Path) -> None:
    # --idle keeps the samples of waiting threads, so the shares are of wall time, not only of busy time.
    process = await asyncio.create_subprocess_exec(
        tool, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100", "--format", "raw",
        "--output", str(output), "--nonblocking", "--idle",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    if process.returncode != 0:
        print(f"py-spy が失敗しました（pid {pid}）: {err.decode(errors='replace').strip()[-300:]}", file=sys.stderr)


def bucket_of(frames: List[str]) -> str:
    for name, where, patterns in BUCKETS:
        looked_at = frames[-1:] if where == "leaf" else frames
        if any(p in frame for frame in looked_at for p in patterns):
            return name
    return OTHER


def buckets(raw: Path) -> Counter:
    """Samples per bucket from py-spy's collapsed stacks ("frame;frame;… count" per line)."""
    counts: Counter = Counter()
    if not raw.exists():
        return counts
    for line in raw.read_text("utf-8", errors="replace").splitlines():
        stack, _, number = line.rpartition(" ")
        if stack and number.isdigit():
            counts[bucket_of(stack.split(";"))] += int(number)
    return counts


async def profile(bot, people: People, folder: Path, seconds: float,
                  count: int = 10) -> Tuple[Dict[str, Counter], Load]:
    tool = py_spy()
    if tool is None:
        print("py-spy がないのでプロファイルを飛ばします（.venv/bin/uv pip install py-spy）。", file=sys.stderr)
        return {}, Load("プロファイル中の回答", count, [], 0)
    names = ["actions", "rasa", "web"]  # the order in which Bot.start spawns them
    pids = {name: process.pid for name, process in zip(names, bot.processes)}
    browsers = await open_browsers(bot.web_url, people.add("profile", count))
    try:
        warm_up = 3  # seconds of load before sampling, so that py-spy sees the steady state
        load = asyncio.create_task(drive("プロファイル中の回答", browsers, answering, seconds + warm_up + 2))
        await asyncio.sleep(warm_up)
        outputs = {name: folder / f"profile-{name}.txt" for name in pids}
        await asyncio.gather(*(record_profile(tool, pids[name], seconds, outputs[name]) for name in pids))
        result = await load
    finally:
        await close_browsers(browsers)
    return {name: buckets(outputs[name]) for name in pids}, result


# Figures --------------------------------------------------------------------------------------------
@dataclass
class Figures:
    settings: Settings
    started: datetime
    load_before: str
    load_after: str = ""
    startup: float = 0.0
    blocks: List[Block] = field(default_factory=list)
    long: Optional[Load] = None
    levels: List[Tuple[int, Load, Load]] = field(default_factory=list)  # people, answers, greetings
    counts: Dict[str, AnswerCount] = field(default_factory=dict)
    profile: Dict[str, Counter] = field(default_factory=dict)
    profile_load: Optional[Load] = None


def latency_row(label: str, load: Load, kind: str) -> str:
    turns = load.of(kind)
    ms = [t.seconds * 1000 for t in turns if t.ok]
    errors = len([t for t in turns if not t.ok])
    if not ms:
        return f"| {load.people} | {label} | {len(turns)} | – | – | – | – | {errors} |"
    return (f"| {load.people} | {label} | {len(turns):,} | {len(ms) / load.elapsed:.2f} | {statistics.median(ms):,.0f} "
            f"| {percentile(ms, 0.95):,.0f} | {percentile(ms, 0.99):,.0f} | {errors} |")


def median_ms(turns: List[Turn]) -> Optional[float]:
    ms = [t.seconds * 1000 for t in turns if t.ok]
    return statistics.median(ms) if ms else None


def render_length(f: Figures) -> List[str]:
    lines = [f"### 1. 会話の長さと応答時間（1 人、{f.settings.turns:,} ターン）", "",
             f"「{START}」のあと「" + "」「".join(LENGTH_CYCLE) + "」を繰り返します（5 ターンに 1 回は短い回答）。"
             "1 ターンは /api/message への POST から返事の JSON を読み終えるまでです。", "",
             "| ターン | 中央値 (ms) | p95 (ms) | トラッカーのイベント数（区切りの時点） |", "|---|---|---|---|"]
    lines += [f"| {b.first}–{b.last} | {b.median:,.0f} | {b.p95:,.0f} | {b.events if b.events is not None else '–'} |"
              for b in f.blocks]
    if len(f.blocks) >= 2:
        ratio = f.blocks[-1].median / f.blocks[0].median
        lines += ["", f"最後の 100 ターンの中央値 / 最初の 100 ターンの中央値 = **{ratio:.2f}**"]
    errors = len([t for t in f.long.turns if not t.ok]) if f.long else 0
    lines += ["", f"所要 {f.long.elapsed:.0f} 秒、エラー {errors} 件。" if f.long else ""]
    return lines


def render_levels(f: Figures) -> List[str]:
    lines = ["### 2. 同時に話す人数と処理量・応答時間", "",
             f"各人が間を置かずに話し続けます（各負荷 {f.settings.seconds:.0f} 秒）。回答の負荷は「{START}」のあと、"
             "数字と住民の声を含む回答（追加の質問が要らないもの）を送り続け、問いが終わればまた始めます。"
             f"下限として、同じ人数で「{GREETING}」だけを送る負荷も測ります（回答を書かない、いちばん軽いターン。issue 12 の後は、あいさつも記録の 1 ターンとして action_turn を通ります）。"
             "ターン/秒は成功したターン数を、最初の送信から最後の返事までの時間で割ったものです。", "",
             "| 同時人数 | 内容 | ターン数 | ターン/秒 | p50 (ms) | p95 (ms) | p99 (ms) | エラー |",
             "|---|---|---|---|---|---|---|---|"]
    for _, answers, greetings in f.levels:
        lines.append(latency_row("回答", answers, "answer"))
        lines.append(latency_row("開始（振り返りを始めたい）", answers, "start"))
        lines.append(latency_row("あいさつ（下限）", greetings, "greeting"))
    lines += [""]
    for people, answers, greetings in f.levels:
        total = len([t for t in answers.turns if t.ok]) / answers.elapsed if answers.elapsed else 0
        a, g = median_ms(answers.of("answer")), median_ms(greetings.of("greeting"))
        ratio = f"{a / g:.2f}" if a and g else "–"
        lines.append(f"- {people} 人: 回答の負荷全体（開始を含む）{total:.2f} ターン/秒、"
                     f"回答の p50 / あいさつの p50 = **{ratio}**")
    lines += ["", "#### 回答はちょうど 1 回ずつ記録されたか", "",
              f"「{CONFIRMED}」と返した回答ターンを、answers 表の行数（sender_id・message_id ごと）と照合します。",
              "",
              "| 同時人数 | 送った回答 | 「記録しました」 | 記録にある | 重複 | 欠け | 確認なしで記録 | 追加の質問 |",
              "|---|---|---|---|---|---|---|---|"]
    for people, count in f.counts.items():
        lines.append(f"| {people} | {count.sent:,} | {count.confirmed:,} | {count.stored:,} | {count.duplicated} "
                     f"| {count.missing} | {count.stored_unconfirmed} | {count.followups} |")
    return lines


def render_profile(f: Figures) -> List[str]:
    if not f.profile:
        return []
    names = {"rasa": "Rasa", "actions": "アクション", "web": "Web"}
    procs = [p for p in ("rasa", "actions", "web") if p in f.profile]
    seconds = f.settings.profile_seconds
    lines = [f"### 3. 回答ターンのプロファイル（py-spy、10 人の回答負荷、{seconds:.0f} 秒、100 Hz）", "",
             "スタックに含まれるフレームで区分します（区分は turn_bench.py の BUCKETS、上から順に最初に当たったもの）。"
             "「全体」は待ちを含む全サンプル（--idle、全スレッド）に対する割合、「稼働中」は待ちを除いた割合です。", ""]
    header = "| 区分 | " + " | ".join(f"{names[p]} 全体 | {names[p]} 稼働中" for p in procs) + " |"
    lines += [header, "|---" * (1 + 2 * len(procs)) + "|"]
    for name in [b[0] for b in BUCKETS] + [OTHER]:
        cells = []
        for p in procs:
            counts = f.profile[p]
            total, busy = sum(counts.values()), sum(counts.values()) - counts[IDLE]
            cells.append(f"{100 * counts[name] / total:.1f} %" if total else "–")
            cells.append("" if name == IDLE else (f"{100 * counts[name] / busy:.1f} %" if busy else "–"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    samples = "、".join(f"{names[p]} {sum(f.profile[p].values()):,}" for p in procs)
    lines += ["", f"サンプル数: {samples}。"]
    if f.profile_load:
        load = f.profile_load
        answered = len([t for t in load.of("answer") if t.ok])
        lines.append(f"その間の回答: {answered:,} ターン（{answered / load.elapsed:.2f} ターン/秒、"
                     f"p50 {median_ms(load.of('answer')) or 0:,.0f} ms）。")
    return lines


def render(f: Figures) -> str:
    s = f.settings
    lines = [
        "## 対話のターン（Web 画面から）", "",
        f"`{s.command}` が生成します（{s.output.name} のこの節だけを書き換えます）。"
        "本物のアクションサーバー・Rasa・Web の 3 つのサーバーを一時ディレクトリの SQLite で起動し、"
        "ログイン（Cookie と CSRF トークン）した人として /api/message に HTTP で送ります。"
        "負荷をかける側も同じマシンで動いています。", "",
        f"- 測定日時: {f.started:%Y-%m-%d %H:%M}、コミット: {revision()}",
        f"- マシン: {os.cpu_count()} コア（{cpu_model()}）、Python {platform.python_version()}、"
        f"{platform.system()} {platform.release()}",
        f"- 負荷（uptime）開始時: `{f.load_before}`",
        f"- 負荷（uptime）終了時: `{f.load_after}`",
        f"- サーバーの起動: {f.startup:.0f} 秒",
        "- ほかの作業（テストなど）と同じマシンで測っているため、数値には揺れがあります。", "",
    ]
    if f.blocks:
        lines += render_length(f) + [""]
    if f.levels:
        lines += render_levels(f) + [""]
    lines += render_profile(f)
    return "\n".join(lines).rstrip() + "\n"


# The run ----------------------------------------------------------------------------------------------
async def measure(bot, people: People, var: Path, figures: Figures) -> None:
    s = figures.settings
    if s.turns > 0:
        print(f"1. 長い会話（{s.turns} ターン）…", flush=True)
        figures.blocks, figures.long = await long_conversation(bot, people, var, s.turns)
    for count in s.concurrency:
        print(f"2. {count} 人の回答（{s.seconds:.0f} 秒）…", flush=True)
        answers = await saturate(bot, people, f"{count} 人の回答", f"answer{count}", count, answering, s.seconds)
        print(f"   {count} 人のあいさつ（{s.seconds:.0f} 秒）…", flush=True)
        greetings = await saturate(bot, people, f"{count} 人のあいさつ", f"greet{count}", count, greeting, s.seconds)
        figures.levels.append((count, answers, greetings))
    if s.profile_seconds > 0:
        print(f"3. プロファイル（{s.profile_seconds:.0f} 秒）…", flush=True)
        folder = s.profile_dir or var
        folder.mkdir(parents=True, exist_ok=True)
        figures.profile, figures.profile_load = await profile(bot, people, folder, s.profile_seconds)
    stored = stored_answers(var)  # once every answer turn has had its reply
    figures.counts = {f"{count}": count_answers(answers, stored) for count, answers, _ in figures.levels}
    if figures.profile_load and figures.profile_load.turns:
        figures.counts[f"{figures.profile_load.people}（プロファイル中）"] = count_answers(figures.profile_load, stored)


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = parse_args(argv)
    figures = Figures(settings, started=datetime.now(), load_before=load_average())
    print(f"負荷（開始時）: {figures.load_before}", flush=True)
    with tempfile.TemporaryDirectory(prefix="banso-turn-bench-") as work:
        var = Path(work)
        people = People(var)  # the record exists (migrated) before the servers start
        began = time.monotonic()
        try:
            bot = start_bot(var)
        except (RuntimeError, TimeoutError) as err:
            print(f"サーバーが起動しませんでした: {err}", file=sys.stderr)
            return 1
        figures.startup = time.monotonic() - began
        try:
            asyncio.run(measure(bot, people, var, figures))
        finally:
            bot.stop()
    figures.load_after = load_average()
    section = render(figures)
    publish(settings.output, "turn-bench", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
