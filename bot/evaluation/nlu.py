"""Compares NLU pipelines on the same data and writes docs/nlu-evaluation.md.

For each pipeline (tests/eval/pipelines/*.yml, and config.yml as the one in
use): stratified k-fold cross-validation on data/nlu, then a model trained on
all of data/nlu scored on held-out files nobody trains on. Training and
parsing run in worker processes, so time and peak memory are each step's own.
Results are cached under results/nlu/ by a hash of everything they depend on.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot.config import ROOT
from bot.evaluation import scoring
from bot.evaluation.timing import percentile

PIPELINES = ROOT / "tests" / "eval" / "pipelines"
IN_USE = "c2_sudachi_linear"
NLU_DATA = ROOT / "data" / "nlu"
HELDOUT_INTENTS = ROOT / "tests" / "nlu" / "heldout.yml"
HELDOUT_ENTITIES = ROOT / "tests" / "nlu" / "heldout_entities.yml"
CACHE = ROOT / "results" / "nlu"
REPORT = ROOT / "docs" / "nlu-evaluation.md"
BARS = {"intent": 0.93, "value": 0.95}


def pipelines() -> Dict[str, Path]:
    found = {path.stem: path for path in sorted(PIPELINES.glob("*.yml"))}
    found[IN_USE] = ROOT / "config.yml"
    return dict(sorted(found.items()))


def _worker(*arguments: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-m", "bot.evaluation.nlu_worker", *arguments], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"評価の処理が失敗しました（{arguments[0]}）:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _examples(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return [m for m in load_data(str(path)).intent_examples if m.get("text")]


def _gold_entities(message) -> List[dict]:
    return [{k: e[k] for k in ("entity", "value", "start", "end")} for e in message.get("entities") or []]


def _parse(model: str, texts: List[str], workdir: Path) -> dict:
    texts_file = workdir / "texts.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return _worker("parse", model, str(texts_file))


def _normalised_gold(messages) -> List[List[dict]]:
    """Annotations re-located in the normalised text, where the model reports offsets."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.rasa_components import TextNormalizer

    located = []
    for message in messages:
        copy = Message(data={"text": message.get("text"), "entities": _gold_entities(message)})
        TextNormalizer._normalize(copy)
        located.append(copy.get("entities") or [])
    return located


def cross_validate(config: Path, folds: int, workdir: Path) -> dict:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    examples = _examples(NLU_DATA)
    intents = [m.get("intent") for m in examples]
    gold_intents, predicted_intents, gold_entities, predicted_entities = [], [], [], []
    train_seconds = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
    for fold, (train_index, test_index) in enumerate(splitter.split(intents, intents)):
        fold_dir = workdir / f"fold-{fold}"
        fold_dir.mkdir()
        data_file = fold_dir / "nlu.yml"
        data_file.write_text(RasaYAMLWriter().dumps(TrainingData([examples[i] for i in train_index])), "utf-8")
        trained = _worker("train", str(config), str(data_file), str(fold_dir))
        train_seconds.append(trained["train_seconds"])
        tests = [examples[i] for i in test_index]
        parsed = _parse(trained["model"], [m.get("text") for m in tests], fold_dir)
        gold_intents += [m.get("intent") for m in tests]
        predicted_intents += [r["intent"] for r in parsed["results"]]
        gold_entities += _normalised_gold(tests)
        predicted_entities += [r["entities"] for r in parsed["results"]]
        Path(trained["model"]).unlink()
        print(f"    交差検証 {fold + 1}/{folds}: 学習 {trained['train_seconds']:.0f} s", flush=True)
    return {"folds": folds, "intent_macro_f1": scoring.macro_f1(gold_intents, predicted_intents),
            "entity_f1": scoring.entity_f1(gold_entities, predicted_entities)}


def held_out(config: Path, workdir: Path) -> dict:
    trained = _worker("train", str(config), str(NLU_DATA), str(workdir))
    intent_examples = _examples(HELDOUT_INTENTS)
    entity_examples = yaml.safe_load(HELDOUT_ENTITIES.read_text(encoding="utf-8"))["examples"]
    texts = [m.get("text") for m in intent_examples] + [e["text"] for e in entity_examples]
    parsed = _parse(trained["model"], texts, workdir)
    on_intents = parsed["results"][:len(intent_examples)]
    on_entities = parsed["results"][len(intent_examples):]
    gold = [m.get("intent") for m in intent_examples]
    predicted = [r["intent"] for r in on_intents]
    values = {}
    for entity in ("theme", "step", "term"):
        expected = [set(e.get(entity) or []) for e in entity_examples]
        # The annotator knew the canonical term names, not our whole glossary:
        # terms are judged on those names only.
        judged = set().union(*expected) if entity == "term" else None
        found = [{x["value"] for x in r["entities"] if x["entity"] == entity and (judged is None or x["value"] in judged)}
                 for r in on_entities]
        values[entity] = scoring.value_accuracy(expected, found)
    misses = [{"text": m.get("text"), "expected": g, "predicted": p}
              for m, g, p in zip(intent_examples, gold, predicted) if g != p]
    entity_misses = []
    for example, result in zip(entity_examples, on_entities):
        for entity in ("theme", "step"):
            expected = set(example.get(entity) or [])
            found = {x["value"] for x in result["entities"] if x["entity"] == entity}
            if expected != found:
                entity_misses.append({"text": example["text"], "entity": entity,
                                      "expected": sorted(expected), "predicted": sorted(found)})
    latencies = parsed["latencies"]
    return {
        "intent_macro_f1": scoring.macro_f1(gold, predicted),
        "per_intent_f1": scoring.per_label_f1(gold, predicted),
        "entity_f1": scoring.entity_f1(_normalised_gold(intent_examples), [r["entities"] for r in on_intents]),
        "value_accuracy": values,
        "intent_misses": misses,
        "entity_misses": entity_misses,
        "train_seconds": trained["train_seconds"],
        "train_peak_mb": trained["peak_mb"],
        "load_seconds": parsed["load_seconds"],
        "parse_p50_ms": statistics.median(latencies) * 1000,
        "parse_p95_ms": percentile(latencies, 0.95) * 1000,
        "serve_peak_mb": parsed["peak_mb"],
        "heldout_sizes": {"intents": len(intent_examples), "entities": len(entity_examples)},
    }


def _cache_key(config: Path, folds: int) -> str:
    from bot import model_cache

    digest = hashlib.sha256(config.read_bytes())
    digest.update(model_cache.fingerprint().encode())
    for path in (HELDOUT_INTENTS, HELDOUT_ENTITIES, Path(__file__), Path(scoring.__file__)):
        digest.update(path.read_bytes())
    digest.update(str(folds).encode())
    return digest.hexdigest()[:16]


def evaluate(name: str, config: Path, folds: int) -> dict:
    CACHE.mkdir(parents=True, exist_ok=True)
    key = _cache_key(config, folds)
    cached = CACHE / f"{name}.json"
    if cached.exists():
        result = json.loads(cached.read_text(encoding="utf-8"))
        if result.get("key") == key:
            print(f"  {name}: 前回の結果を使います（入力が変わっていません）", flush=True)
            return result
    print(f"  {name}: 評価します…", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"banso-eval-{name}-") as work:
        work_dir = Path(work)
        (work_dir / "cv").mkdir()
        (work_dir / "full").mkdir()
        result = {"name": name, "config": str(config.relative_to(ROOT)), "key": key,
                  "cv": cross_validate(config, folds, work_dir / "cv"), "heldout": held_out(config, work_dir / "full")}
    cached.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def meets_bars(result: dict) -> bool:
    held = result["heldout"]
    return (held["intent_macro_f1"] >= BARS["intent"]
            and min(held["value_accuracy"]["theme"], held["value_accuracy"]["step"]) >= BARS["value"])


def choose(results: List[dict]) -> dict:
    """Among pipelines that meet the bars, the one ready soonest; else the most accurate."""
    passing = [r for r in results if meets_bars(r)]
    if passing:
        return min(passing, key=lambda r: (r["heldout"]["load_seconds"], r["heldout"]["serve_peak_mb"]))
    return max(results, key=lambda r: r["heldout"]["intent_macro_f1"])


def render(results: List[dict], startup: Optional[dict]) -> str:
    chosen = choose(results)
    lines = [
        "# NLU パイプラインの比較",
        "",
        f"`make eval`（`banso eval nlu`）が生成します。最終更新: {date.today().isoformat()}、"
        f"マシン: {os.cpu_count()} コア、Python {platform.python_version()}。数値はこのマシンでの測定値です。",
        "",
        f"- 学習データ: `data/nlu/`（{sum(1 for _ in _examples(NLU_DATA))} 例）。交差検証は意図で層化した "
        f"{results[0]['cv']['folds']} 分割。",
        f"- 未学習データ: `tests/nlu/heldout.yml`（意図 {results[0]['heldout']['heldout_sizes']['intents']} 例、"
        f"学習に使いません）と `tests/nlu/heldout_entities.yml`（テーマ・STEP・用語の正解つき "
        f"{results[0]['heldout']['heldout_sizes']['entities']} 例、学習データと語彙を見ずに書いたもの）。",
        f"- 基準: 未学習データで意図の macro-F1 ≥ {BARS['intent']}、テーマと STEP の値の正解率 ≥ {BARS['value']}。",
        "- エンティティ F1 は（種類, 値）の一致。学習データの注釈は 1 つの範囲に 1 種類しか書けないため、"
        "注釈と同じ範囲に別の種類を出した場合（SC を用語として注釈、テーマとしても抽出）は数えません。"
        "値の正解率（1 文の値の集合が完全に一致した割合）がその判定をします。"
        "用語は、正解を書いた人が知っていた課題の 28 の正規名に限って判定します（用語集のそれ以外の語は数えません）。",
        "- 読み込み時間は `Agent.load`（import を除く）、解析時間は 1 文ごとの `parse_message`、"
        "メモリはそれぞれの処理の最大常駐メモリ（VmHWM）です。",
        "",
        "| パイプライン | 交差検証 意図 F1 | 交差検証 エンティティ F1 | 未学習 意図 F1 | 未学習 エンティティ F1 "
        "| テーマ正解率 | STEP 正解率 | 用語正解率 | 学習 | 読み込み | 解析 p50 / p95 | メモリ（応答時） | メモリ（学習時） |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cv, held = r["cv"], r["heldout"]
        mark = " **（採用）**" if r is chosen else ""
        lines.append(
            f"| `{r['name']}`{mark} | {cv['intent_macro_f1']:.3f} | {cv['entity_f1']:.3f} | "
            f"{held['intent_macro_f1']:.3f} | {held['entity_f1']:.3f} | {held['value_accuracy']['theme']:.3f} | "
            f"{held['value_accuracy']['step']:.3f} | {held['value_accuracy']['term']:.3f} | "
            f"{held['train_seconds']:.0f} s | {held['load_seconds']:.1f} s | "
            f"{held['parse_p50_ms']:.1f} / {held['parse_p95_ms']:.1f} ms | {held['serve_peak_mb']:.0f} MB | "
            f"{held['train_peak_mb']:.0f} MB |")
    lines += ["", "## 選んだ理由", "", _reasons(results, chosen), ""]
    if startup:
        lines += ["## 起動時間（`make run` と同じ起動、学習済みモデル）", "",
                  f"両方のサーバーを起動してから「こんにちは」に最初の返事が来るまで: "
                  f"{', '.join(f'{s:.1f} s' for s in startup['seconds'])}（中央値 {startup['median']:.1f} s、"
                  f"{startup['runs']} 回）。Rasa の import だけで {startup['import_floor']:.1f} s かかります"
                  "（TensorFlow を含む。どの Rasa サーバーにも共通の下限）。", ""]
    held = chosen["heldout"]
    lines += ["## 採用したパイプラインの意図ごとの F1（未学習データ）", "", "| 意図 | F1 |", "|---|---|"]
    lines += [f"| `{intent}` | {f1:.2f} |" for intent, f1 in held["per_intent_f1"].items()]
    lines += ["", "## 採用したパイプラインの誤り（未学習データ）", ""]
    lines += [f"- 「{m['text']}」 正解 `{m['expected']}` → `{m['predicted']}`" for m in held["intent_misses"]] or ["- なし"]
    lines += [f"- 「{m['text']}」 {m['entity']}: 正解 {m['expected']} → {m['predicted']}"
              for m in held["entity_misses"]]
    return "\n".join(lines) + "\n"


def _reasons(results: List[dict], chosen: dict) -> str:
    others = [r for r in results if r is not chosen]
    held = chosen["heldout"]
    text = [f"`{chosen['name']}` を採用します。"]
    if meets_bars(chosen):
        text.append(f"未学習データで基準を満たし（意図 F1 {held['intent_macro_f1']:.3f}、テーマ "
                    f"{held['value_accuracy']['theme']:.3f}、STEP {held['value_accuracy']['step']:.3f}）、"
                    f"基準を満たすパイプラインの中で読み込みが最も速い（{held['load_seconds']:.1f} s、"
                    f"応答時のメモリ {held['serve_peak_mb']:.0f} MB）からです。")
    else:
        text.append("どのパイプラインも基準に届かなかったため、未学習データの意図 F1 が最も高いものを選びました。")
    for other in others:
        o = other["heldout"]
        text.append(f"`{other['name']}` は意図 F1 {o['intent_macro_f1']:.3f}、テーマ {o['value_accuracy']['theme']:.3f}、"
                    f"読み込み {o['load_seconds']:.1f} s、メモリ {o['serve_peak_mb']:.0f} MB。")
    text.append("起動の速さは利用者が最初に感じる品質で、役所の PC やサーバーの小さなメモリでも動くことを重く見ています。")
    return "".join(text)


def measure_startup(runs: int = 3) -> dict:
    """Seconds from starting both servers (as make run does) to the first reply."""
    import time

    import requests

    from bot import model_cache
    from bot.server import Bot, free_port

    model = model_cache.current_model() or model_cache.train()
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="banso-startup-") as var:
            bot = Bot(model=model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), var=Path(var))
            started = time.monotonic()
            bot.start()
            try:
                bot.wait_ready()
                while True:
                    reply = requests.post(f"{bot.url}/webhooks/rest/webhook", timeout=30,
                                          json={"sender": "startup", "message": "こんにちは"})
                    if reply.ok and reply.json():
                        break
                    time.sleep(0.2)
                seconds.append(time.monotonic() - started)
            finally:
                bot.stop()
    began = time.monotonic()
    subprocess.run([sys.executable, "-c", "import rasa.core.run"], capture_output=True, check=True)
    floor = time.monotonic() - began
    return {"runs": runs, "seconds": seconds, "median": statistics.median(seconds), "import_floor": floor}


def main(names: Optional[List[str]] = None, folds: int = 3, startup_runs: int = 3) -> int:
    available = pipelines()
    unknown = [n for n in names or [] if n not in available]
    if unknown:
        print(f"そのパイプラインはありません: {', '.join(unknown)}（{', '.join(available)} から選べます）", file=sys.stderr)
        return 2
    print(f"NLU パイプラインを比較します（交差検証 {folds} 分割）。DIET を含むと 30 分ほどかかります。", flush=True)
    results = []
    for name, config in available.items():
        if names and name not in names:
            cached = CACHE / f"{name}.json"
            if cached.exists():
                results.append(json.loads(cached.read_text(encoding="utf-8")))
            continue
        results.append(evaluate(name, config, folds))
    startup = measure_startup(startup_runs) if startup_runs else None
    REPORT.write_text(render(results, startup), encoding="utf-8")
    for r in results:
        held = r["heldout"]
        print(f"  {r['name']}: 未学習 意図 F1 {held['intent_macro_f1']:.3f}、テーマ {held['value_accuracy']['theme']:.3f}、"
              f"STEP {held['value_accuracy']['step']:.3f}、読み込み {held['load_seconds']:.1f} s、"
              f"解析 p95 {held['parse_p95_ms']:.1f} ms")
    if startup:
        print(f"  起動から最初の返事まで: 中央値 {startup['median']:.1f} s（Rasa の import の下限 {startup['import_floor']:.1f} s）")
    print(f"{REPORT.relative_to(ROOT)} を書きました。")
    return 0
