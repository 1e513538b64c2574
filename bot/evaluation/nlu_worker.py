"""One step of the NLU evaluation, in a process of its own so time and memory are its own.

    python -m bot.evaluation.nlu_worker train CONFIG NLU_DATA OUTPUT_DIR
    python -m bot.evaluation.nlu_worker parse MODEL TEXTS_JSON

Each prints one JSON line on stdout as its last line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def train(config: str, nlu_data: str, output: str) -> dict:
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(config=config, nlu_data=nlu_data, output=output)
    return {"model": model, "train_seconds": time.perf_counter() - started, "peak_mb": peak_memory_mb()}


def parse(model: str, texts_file: str) -> dict:
    from rasa.core.agent import Agent

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started

    async def run():
        await agent.parse_message("こんにちは")  # first call warms caches; not a user's latency
        results, latencies = [], []
        for text in texts:
            began = time.perf_counter()
            parsed = await agent.parse_message(text)
            latencies.append(time.perf_counter() - began)
            results.append({"intent": (parsed.get("intent") or {}).get("name"),
                            "entities": [{k: e[k] for k in ("entity", "value", "start", "end")}
                                         for e in parsed.get("entities", [])]})
        return results, latencies

    results, latencies = asyncio.run(run())
    return {"load_seconds": load_seconds, "latencies": latencies, "results": results, "peak_mb": peak_memory_mb()}


if __name__ == "__main__":
    command, outcome_file, *arguments = sys.argv[1:]
    outcome = train(*arguments) if command == "train" else parse(*arguments)
    Path(outcome_file).write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
