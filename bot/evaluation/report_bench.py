"""Report benchmark: a generated municipality with 5,000 turns, each format timed.

Prints the figures and writes docs/benchmarks.md. The data is synthetic (a
fixed random seed), written straight into a temporary SQLite record.
"""

from __future__ import annotations

import os
import platform
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bot.config import ROOT
from bot.evaluation.sections import write_section
from bot.store.models import Answer, utcnow

TURNS = 5_000
REPORT = ROOT / "docs" / "benchmarks.md"
PHRASES = [
    "通いの場は{n}か所あり、参加者は延べ{m}人です。",
    "先月、{place}の民生委員さんから「集まる場所が遠い」と聞きました。",
    "見える化システムで見ると、認定率は県平均より{n}ポイント高いです。",
    "担当の{name}さん（090-{n:04d}-{m:04d}）と話し合いました。",
    "協議体では、買い物支援の担い手が足りないという声が出ています。",
    "まだデータを見ていないので、次回までに確認します。",
]
PLACES = ["北町", "南台地区", "川西", "大野"]
NAMES = ["田中", "佐藤", "鈴木", "高橋"]


def populate(store, kb, registry) -> None:
    registry.add_municipality("ベンチ町", "石川県", "179999")
    staff = [registry.add_person(f"bench{i}", f"職員{i}", "staff", ["ベンチ町"]) for i in range(3)]
    questions = [q.id for q in kb.questions()]
    rng = random.Random(42)
    start = utcnow() - timedelta(days=200)
    rows = []
    for turn in range(TURNS):
        person = staff[turn % len(staff)]
        text = rng.choice(PHRASES).format(n=rng.randint(1, 99), m=rng.randint(100, 9999),
                                          place=rng.choice(PLACES), name=rng.choice(NAMES))
        status = rng.choices(["answered", "skipped", "dont_know"], weights=[90, 5, 5])[0]
        rows.append(Answer(sender_id=person.login, question_id=questions[turn % len(questions)], text=text,
                           status=status, message_id=f"bench-{turn}", person_id=person.id,
                           municipality_id=person.municipality_id,
                           created_at=start + timedelta(minutes=55 * turn)))
    with store.session() as session, session.begin():
        session.add_all(rows)
    registry.add_visit("ベンチ町", "1.5mtg", (start + timedelta(days=100)).date())


def main() -> int:
    from bot.knowledge.loader import load
    from bot.report import assemble
    from bot.report.render import FORMATS, render
    from bot.store import Store
    from bot.store.registry import Registry

    kb = load()
    with tempfile.TemporaryDirectory(prefix="banso-bench-") as work:
        store = Store(f"sqlite:///{Path(work) / 'bench.db'}")
        registry = Registry(store)
        populate(store, kb, registry)
        place = registry.municipality("ベンチ町")
        since = assemble.meeting_date(registry, place, "1.5mtg")
        began = time.perf_counter()
        from bot.analysis import nlp

        nlp()  # GiNZA loads once per process; counted apart from the reports
        figures = [("GiNZA の読み込み（プロセスで 1 回）", time.perf_counter() - began, None)]
        for label, masked in [("集計（伏せない）", False), ("集計（伏せる・初回: GiNZA で伏せ字を作る）", True),
                              ("集計（伏せる・2 回目から: 伏せ字は記録に保存済み）", True)]:
            began = time.perf_counter()
            report = assemble.assemble(registry, kb, place, since=since, since_label="1.5mtg", masked=masked)
            figures.append((label, time.perf_counter() - began, None))
        for fmt in FORMATS:
            began = time.perf_counter()
            data = render(report, fmt)
            figures.append((f"{fmt} の出力", time.perf_counter() - began, len(data)))
    print(f"報告書のベンチマーク（{TURNS:,} ターン、回答のある問い {len(report.answers)} 件）")
    for label, seconds, size in figures:
        print(f"  {label}: {seconds:.2f} s" + (f"（{size / 1024:,.0f} KB）" if size else ""))
    lines = [
        f"## 報告書（{TURNS:,} ターンの市町村、合成データ）",
        "",
        f"`banso eval report` が生成します。最終更新: {date.today().isoformat()}、マシン: {os.cpu_count()} コア、"
        f"Python {platform.python_version()}。",
        "",
        "職員 3 人、5,000 件の回答（スキップ・わからないを含む）、1.5mtg 以降の変化つき。"
        "集計は記録の読み出し・進み具合・注意点・変化の判定です。伏せ字は GiNZA で一度だけ作って記録に保存するため、"
        "初回だけ時間がかかります（回答が書かれるたびに増える分だけ、次の報告書で作ります）。"
        "各形式の時間は、集計済みの報告書を書き出す時間です（目標: 各 2 秒以内）。",
        "",
        "| 処理 | 時間 | 大きさ |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {seconds:.2f} s | {f'{size / 1024:,.0f} KB' if size else ''} |"
              for label, seconds, size in figures]
    write_section(REPORT, "report-bench", "\n".join(lines))
    print(f"{REPORT.relative_to(ROOT)} を書きました。")
    return 0
