"""Small helpers to report timings the same way in every evaluation."""

from __future__ import annotations

import statistics
from typing import List


def percentile(values: List[float], share: float) -> float:
    """Nearest-rank percentile (share in 0–1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: List[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms"
