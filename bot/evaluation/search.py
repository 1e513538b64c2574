"""Search quality and speed on query sets nobody tuned the search on.

tests/eval/search.yml holds keyword-style queries (an adviser in `banso kb search`);
tests/eval/search_chat.yml holds chat questions with their frame around the topic
(「ハンドブックでは…についてどう書いてありますか」), as the bot's ask_handbook receives them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import List

import yaml

from bot.config import ROOT
from bot.evaluation.timing import percentile, summary_ms
from bot.knowledge.search import Searcher

QUERIES = ROOT / "tests" / "eval" / "search.yml"
QUERY_SETS = [QUERIES, ROOT / "tests" / "eval" / "search_chat.yml"]
LATENCY_ROUNDS = 5  # each query this many times, for a stable p95


@dataclass
class Outcome:
    query: str
    expected: List[str]
    found: List[str]

    @property
    def rank(self) -> int:
        """1-based rank of the first expected id in the results, 0 if absent."""
        return next((i + 1 for i, hit in enumerate(self.found) if hit in self.expected), 0)


@dataclass
class Report:
    outcomes: List[Outcome]
    latencies: List[float]

    def hit_at(self, k: int) -> float:
        return sum(1 for o in self.outcomes if 0 < o.rank <= k) / len(self.outcomes)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 0.95) * 1000


def evaluate(searcher: Searcher, path: Path = QUERIES) -> Report:
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    outcomes, latencies = [], []
    for item in queries:
        hits = searcher.search(item["query"], limit=5)
        outcomes.append(Outcome(item["query"], list(item["expected"]), [h.id for h in hits]))
    for _ in range(LATENCY_ROUNDS):
        for item in queries:
            started = time.perf_counter()
            searcher.search(item["query"], limit=5)
            latencies.append(time.perf_counter() - started)
    return Report(outcomes, latencies)


def main(verbose: bool = False) -> int:
    from bot.knowledge.loader import load

    started = time.perf_counter()
    searcher = Searcher(load())
    searcher.search("準備")  # loads the dictionary; not part of a query's latency
    index_seconds = time.perf_counter() - started
    print(f"索引の作成（辞書の読み込みを含む、文書 {len(searcher.docs)} 件）: {index_seconds:.2f} s")
    for path in QUERY_SETS:
        report = evaluate(searcher, path)
        print(f"検索の評価（{path.relative_to(ROOT)}、{len(report.outcomes)} 件の質問）")
        print(f"  hit@1 {report.hit_at(1):.3f}   hit@3 {report.hit_at(3):.3f}   hit@5 {report.hit_at(5):.3f}")
        print(f"  1 件あたりの時間: {summary_ms(report.latencies)}（{len(report.latencies)} 回）")
        misses = [o for o in report.outcomes if not 0 < o.rank <= 3]
        for outcome in misses if verbose or len(misses) <= 10 else misses[:10]:
            print(f"  3 位以内に入らず: 「{outcome.query}」 期待 {outcome.expected[0]} → 上位 {outcome.found[:3]}")
    return 0
