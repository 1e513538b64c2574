"""Soak run: 20 people answering for 30 minutes through the web app, memory watched.

Real servers in a temporary directory, driven as turn_bench drives them (log
in, then answer question after question). Every minute the resident memory of
each server (its whole process group) is sampled. At the end: turns and
errors, every confirmed answer stored exactly once, and the drift of each
server's memory from the first minutes after warm-up to the last minutes
(issue 14: within 10 %). Writes docs/reliability.md between the soak markers.

    python -m bot.evaluation.soak                  # make bench runs it (30 minutes)
    python -m bot.evaluation.soak --minutes 3      # a short try
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot.config import ROOT
from bot.evaluation.sections import publish
from bot.evaluation.turn_bench import (Load, People, answering, close_browsers, count_answers, drive, load_average,
                                       open_browsers, revision, start_bot, stored_answers)

OUTPUT = ROOT / "docs" / "reliability.md"
WARM_UP = 3  # minutes: imports, caches and the first model inferences settle
WINDOW = 5  # minutes averaged at each end


def group_rss_mb(leader: int) -> float:
    """Resident memory of every process in the server's process group (Rasa may fork helpers)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            group = int(stat.rsplit(")", 1)[1].split()[2])  # after the command name: state, ppid, pgrp
            if group == leader:
                total += int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return total / 2**20


def drift(samples: List[float]) -> float:
    """Change from the first minutes after warm-up to the last ones, as a share of the first."""
    settled = samples[WARM_UP:]
    start, end = statistics.mean(settled[:WINDOW]), statistics.mean(settled[-WINDOW:])
    return (end - start) / start


async def soak(bot, people: People, count: int, minutes: int) -> tuple:
    browsers = await open_browsers(bot.web_url, people.add("soak", count))
    rss: Dict[str, List[float]] = {name: [] for name in bot.servers()}
    loads: List[Load] = []
    try:
        for minute in range(minutes):
            loads.append(await drive(f"{minute + 1} 分目", browsers, answering, 60))
            for name, process in bot.servers().items():
                rss[name].append(group_rss_mb(process.pid))
            errors = sum(1 for t in loads[-1].turns if not t.ok)
            print(f"  {minute + 1} 分目: {len(loads[-1].turns)} ターン、エラー {errors}、"
                  + "、".join(f"{n} {v[-1]:.0f} MB" for n, v in rss.items()), flush=True)
    finally:
        await close_browsers(browsers)
    return loads, rss


def render(args, loads: List[Load], rss: Dict[str, List[float]], counts, load_before: str, load_after: str,
           commit: str) -> str:
    turns = [t for load in loads for t in load.turns]
    errors = sum(1 for t in turns if not t.ok)
    rows = [f"| {name} | {values[WARM_UP]:.0f} | {values[-1]:.0f} | {max(values):.0f} | {drift(values):+.1%} |"
            for name, values in rss.items()]
    return "\n".join([
        f"## 長時間の運転（{args.people} 人が {args.minutes} 分間、回答を続ける）",
        "",
        "`python -m bot.evaluation.soak` が生成します（`make bench`）。本物の 3 つのサーバーを一時ディレクトリの SQLite で起動し、"
        "ログインした職員が Web 画面から問いに答え続けます（歩き終えたらまた始めます）。1 分ごとに各サーバーのメモリ（RSS、プロセスグループ全体）を測ります。",
        "",
        f"- 測定日時: {datetime.now():%Y-%m-%d %H:%M}、コミット（開始時）: {commit}",
        f"- 負荷（uptime）開始時: `{load_before}`",
        f"- 負荷（uptime）終了時: `{load_after}`",
        f"- ターン: {len(turns):,}（{len(turns) / (60 * args.minutes):.1f} ターン/秒）、エラー: {errors}",
        f"- 回答: 送った {counts.sent:,}、記録したと返した {counts.confirmed:,}、記録に 1 回だけある {counts.stored - counts.duplicated:,}、"
        f"重複 {counts.duplicated}、記録にない {counts.missing}、返事なしで記録 {counts.stored_unconfirmed}",
        "",
        f"| サーバー | {WARM_UP + 1} 分目 (MB) | 最後 (MB) | 最大 (MB) | 変化（最初と最後の {WINDOW} 分の平均） |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "基準（issue 14）: 各サーバーの変化 10 % 以内、エラー 0、失われた回答 0。",
    ])


def parse_args(argv: Optional[Sequence[str]]):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args(argv)
    if args.minutes < WARM_UP + WINDOW:
        parser.error(f"--minutes は {WARM_UP + WINDOW} 以上にしてください（慣らしと比べる区間のため）。")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    load_before, commit = load_average(), revision()  # the code that ran, even if the tree moves meanwhile
    with tempfile.TemporaryDirectory(prefix="banso-soak-") as work:
        var = Path(work)
        people = People(var)
        bot = start_bot(var)
        try:
            loads, rss = asyncio.run(soak(bot, people, args.people, args.minutes))
        finally:
            bot.stop()
        counts = count_answers(Load("soak", args.people, [t for load in loads for t in load.turns], 0.0),
                               stored_answers(var))
    section = render(args, loads, rss, counts, load_before, load_average(), commit)
    publish(OUTPUT, "soak", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
