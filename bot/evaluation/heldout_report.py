"""``banso eval heldout``: the model in use, scored on every held-out set in a minute.

``banso eval nlu`` compares pipelines (it trains each, DIET included: about an hour
and a half). This only parses the held-out sets with one trained model — the
one ``make run`` would serve — and writes its own section of docs/nlu-evaluation.md.
"""

from __future__ import annotations

import platform
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import List, Optional

from bot.evaluation import nlu_measure
from bot.evaluation.sections import write_section

REPORT = nlu_measure.ROOT / "docs" / "nlu-evaluation.md"
NAMES = nlu_measure.SET_NAMES
BARS = {"intent": 0.95, "ask_handbook": 0.9, "value": 0.97, "step": 0.95}


def main(model: Optional[Path], write: bool, development: bool = False, misses: bool = False) -> int:
    from bot import model_cache

    model = model or model_cache.current_model()
    if model is None:
        print("いまのデータに合うモデルがありません。make train で学習してください。", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as workdir:
        result = nlu_measure.score_model(model, Path(workdir),
                                         nlu_measure.DEVELOPMENT_SETS if development else None)
    lines = render(result, model)
    print("\n".join(lines))
    if misses and development:  # never the blind sets' misses: looking at them would spend them
        print("\n".join(render_misses(result)))
    if write and not development:
        write_section(REPORT, "heldout-model", "\n".join(lines))
        print(f"\n{REPORT.relative_to(nlu_measure.ROOT)} の heldout-model の節を書きました。")
    return 0


def render(result: dict, model: Path) -> List[str]:
    sets = result["sets"]
    lines = [
        "## 使っているモデルの未学習データでの値（`banso eval heldout --write`）",
        "",
        f"モデル `{model.name}`、{date.today().isoformat()}、Python {platform.python_version()}。"
        f"読み込み {result['load_seconds']:.1f} s、解析 p95 {result['parse_p95_ms']:.1f} ms。"
        "学習データと同じ文は除いて数えます。",
        f"基準（issue 13、誰も学習・調整に使っていない文で）: 意図 macro-F1 ≥ {BARS['intent']}、ask_handbook の再現率 ≥ "
        f"{BARS['ask_handbook']}、テーマと STEP の値の正解率 ≥ {BARS['value']}（STEP ≥ {BARS['step']}）。",
        "",
        "| 集合 | 意図の文 | 意図 macro-F1 | 意図の正解率 | ask_handbook 再現率 | 値の文 | テーマ正解率 | STEP 正解率 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [(NAMES.get(name, name), s) for name, s in sets.items()]
    if "unseen_together" in result:
        unseen = [NAMES[name].split("（")[0].replace("未学習 ", "") for name in sets if name not in nlu_measure.DEVELOPMENT_SETS]
        rows.append((f"**未学習 {unseen[0]}〜{unseen[-1]} を合わせて**", result["unseen_together"]))
    for title, s in rows:
        values = s["value_accuracy"]
        recall = "—" if s["ask_handbook_recall"] is None else f"{s['ask_handbook_recall']:.3f}"
        lines.append(f"| {title} | {s['sizes']['intents']} | {s['intent_macro_f1']:.3f} | "
                     f"{s['accuracy']:.3f} | {recall} | {s['sizes']['entities']} | "
                     f"{values.get('theme', float('nan')):.3f} | {values.get('step', float('nan')):.3f} |")
    newest = list(nlu_measure.HELDOUT_SETS)[-1]  # the blind one: its intents one by one
    if newest in sets:
        lines += ["", f"### {NAMES[newest].split('（')[0]} の意図ごとの F1", "", "| 意図 | F1 |", "|---|---|"]
        lines += [f"| `{intent}` | {f1:.2f} |" for intent, f1 in sorted(sets[newest]["per_intent_f1"].items())]
    return lines


def render_misses(result: dict) -> List[str]:
    lines: List[str] = []
    for name, s in result["sets"].items():
        lines += ["", f"### {NAMES.get(name, name)} の誤り", ""]
        lines += [f"- 「{m['text']}」 正解 `{m['expected']}` → `{m['predicted']}`" for m in s["intent_misses"]]
        lines += [f"- 「{m['text']}」 {m['entity']}: 正解 {m['expected']} → {m['predicted']}" for m in s["entity_misses"]]
    return lines
