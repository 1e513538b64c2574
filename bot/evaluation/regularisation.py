"""Choosing the linear intent classifier's regularisation (C) and feature scaling by cross-validation.

Only data/nlu is used: the held-out sets stay out of every choice of settings.
Prints the cross-validated intent macro-F1 for each pair on config.yml's pipeline.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import List

import yaml

from bot.config import ROOT
from bot.evaluation.nlu_measure import cross_validate

CLASSIFIER = "bot.rasa.components.LinearIntentClassifier"


def config_with(c: float, scaling: str, directory: Path) -> Path:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"] == CLASSIFIER:
            component.update({"C": c, "scaling": scaling})
    path = directory / f"config-{scaling}-C{c}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def main(values: List[float], scalings: List[str], folds: int = 3) -> int:
    from bot.rasa.components import LinearIntentClassifier

    if any(c <= 0 for c in values):
        print("C は 0 より大きい値にしてください。", file=sys.stderr)
        return 2
    unknown = [s for s in scalings if s not in LinearIntentClassifier.SCALINGS]
    if unknown:
        print(f"scaling は {', '.join(LinearIntentClassifier.SCALINGS)} から選んでください: {', '.join(unknown)}",
              file=sys.stderr)
        return 2
    print(f"線形分類器の C と特徴の尺度を交差検証（{folds} 分割、data/nlu のみ）で比べます。", flush=True)
    scores = {}
    with tempfile.TemporaryDirectory(prefix="banso-tune-") as work:
        for scaling in scalings:
            for c in values:
                run = Path(work) / f"{scaling}-C{c}"
                run.mkdir()
                config = config_with(c, scaling, Path(work))
                scores[scaling, c] = cross_validate(config, folds, run)["intent_macro_f1"]
                print(f"  scaling={scaling} C={c:g}: 意図 macro-F1 {scores[scaling, c]:.3f}", flush=True)
    best = max(scores, key=scores.get)
    print(f"最も高いのは scaling={best[0]} C={best[1]:g}（{scores[best]:.3f}）です。config.yml の値と比べてください。")
    return 0
