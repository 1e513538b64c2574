"""``banso eval themes``: how well themes are recognised from what a message is about.

Scores the entity matcher alone (no intent model): by names and readings only,
and with the theme classifier (bot.theme_classifier) for messages that name no
theme, on the theme development set (tests/eval/themes_dev.yml: themes
described, not named, and sentences that must not yield a theme) and on the
held-out sets used for development (1 to 7). The blind sets are not read here
(banso eval heldout scores them).

``--writers`` chooses the classifier's regularisation and thresholds leaving one
writer out: each file of data/themes/ is scored by a classifier trained without
it (a new writer's phrasing, which is what users bring), and the development sets
by one trained on all of data/themes/; the setting with the best mean over all of
them wins.
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path
from itertools import product
from typing import Dict, List, Set, Tuple

import numpy as np
import yaml

from bot import theme_classifier
from bot.config import ROOT
from bot.entities import EntityMatcher
from bot.evaluation import nlu_measure
from bot.evaluation.sections import write_section
from bot.vocabulary import read

REPORT = ROOT / "docs" / "nlu-evaluation.md"
DEV = ROOT / "tests" / "eval" / "themes_dev.yml"
Item = Tuple[str, Set[str]]


def load_sets() -> Dict[str, List[Item]]:
    dev = yaml.safe_load(DEV.read_text(encoding="utf-8"))["items"]
    sets = {"テーマの開発用": [(i["text"], {i["theme"]} if i["theme"] else set()) for i in dev]}
    for name in nlu_measure.DEVELOPMENT_SETS:
        path = nlu_measure.HELDOUT_SETS[name][1]
        examples = yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]
        sets[nlu_measure.SET_NAMES[name]] = [(e["text"], set(e.get("theme") or [])) for e in examples]
    return sets


def score(matcher: EntityMatcher, items: List[Item]) -> Dict[str, float]:
    """Exact-set accuracy, and the precision and recall of the themes found."""
    found = [{m.value for m in matcher.find(text) if m.entity == "theme"} for text, _ in items]
    right = sum(f == gold for f, (_, gold) in zip(found, items))
    hits = sum(len(f & gold) for f, (_, gold) in zip(found, items))
    said, meant = sum(len(f) for f in found), sum(len(gold) for _, gold in items)
    return {"accuracy": right / len(items), "precision": hits / said if said else 1.0,
            "recall": hits / meant if meant else 1.0, "size": len(items)}


# The grid --writers searches (the chosen values are theme_classifier's C, THRESHOLD and SECOND).
GRID_C = (10.0, 30.0)
GRID_THRESHOLD = (0.5, 0.55, 0.6, 0.65, 0.7)
GRID_SECOND = (0.4, 0.5, 0.6)


def leave_one_writer_out() -> int:
    """Mean accuracy over the writers (data/themes/ files, each left out) and the development sets, per setting."""
    from bot.knowledge.loader import load

    kb = load()
    themes = [theme.name for theme in kb.themes]
    handbook = theme_classifier.examples(kb, directory=None)
    writers = {path.stem: theme_classifier.examples_in(path) for path in sorted(theme_classifier.DATA.glob("*.yml"))}
    named = EntityMatcher(read())
    development = load_sets()
    scored: Dict[str, tuple] = {}  # writer → (items, probabilities, named themes, says enough)
    results: Dict[tuple, List[float]] = {}
    fit = theme_classifier.ThemeClassifier.fit
    for c in GRID_C:
        for writer in writers:
            others = [e for name, items in writers.items() if name != writer for e in items]
            scored[writer] = _probabilities(fit(handbook + others, themes, c), writers[writer], named)
        everyone = fit(handbook + [e for items in writers.values() for e in items], themes, c)
        for name, items in development.items():
            scored[name] = _probabilities(everyone, items, named)
        for threshold, second in product(GRID_THRESHOLD, GRID_SECOND):
            results[(c, threshold, second)] = [
                sum(((n or {t for t, _ in theme_classifier.decide(p, threshold, second)}) if enough else n) == gold
                    for (_, gold), p, n, enough in zip(*values)) / len(values[0]) for values in scored.values()]
    print("一人の書き手を除いて学習したテーマの正解率（data/themes/ の書き手ごと）と、開発用の集合での正解率")
    print("| C | しきい値 | 二つ目 | " + " | ".join(scored) + " | 平均 |")
    print("|---" * (len(scored) + 4) + "|")
    best = sorted(results.items(), key=lambda kv: -np.mean(kv[1]))
    chosen = (theme_classifier.C, theme_classifier.THRESHOLD, theme_classifier.SECOND)
    for setting, accuracies in best[:8] + [(k, v) for k, v in best[8:] if k == chosen]:
        mark = "（いまの値）" if setting == chosen else ""
        print(f"| {setting[0]} | {setting[1]} | {setting[2]}{mark} | " + " | ".join(f"{a:.3f}" for a in accuracies)
              + f" | {np.mean(accuracies):.3f} |")
    return 0


def _probabilities(classifier, items: List[Item], named: EntityMatcher) -> tuple:
    return (items, [classifier.probabilities(text) for text, _ in items],
            [{m.value for m in named.find(text) if m.entity == "theme"} for text, _ in items],
            [theme_classifier.says_enough(text) for text, _ in items])


def main(write: bool = False) -> int:
    vocabulary = read()
    classifier = theme_classifier.train()
    names_only, with_classifier = EntityMatcher(vocabulary), EntityMatcher(vocabulary, classifier)
    lines = [
        "## テーマを中身で言う発話（`banso eval themes`）",
        "",
        f"{date.today().isoformat()}、Python {platform.python_version()}。意図のモデルは使わず、エンティティの照合だけを測ります"
        "（小さな雑談のテーマを落とす働きは入りません）。",
        "テーマの分類器（`bot/theme_classifier.py`）は、名前も読みも見つからない文に使います。"
        f"テーマを名前で言う文にも、分類器が {theme_classifier.ALSO} 以上と言うほかのテーマを加えます"
        "（「ケアプランに通所Cを位置づける」。この値は未学習 1〜7 で選びました）。"
        "knowledge/ の文（テーマの基本的事項・問い・視点・問いかけ例・用語。STEP と総論の文はどのテーマでもない文）と、"
        "テーマを名前で言わずに中身で言う文・どのテーマでもない文（`data/themes/`、ハンドブック（とその要約の knowledge/）だけを読んだ "
        f"{len(list(theme_classifier.DATA.glob('*.yml')))} 人の書き手）で学習します。"
        f"内容語が {theme_classifier.MIN_WORDS} つ以上ある文で、確からしさ {theme_classifier.THRESHOLD} 以上のテーマを取り、"
        f"そのとき次のテーマが {theme_classifier.SECOND} 以上ならそれも取ります。",
        "二つのしきい値と正則化（C = "
        f"{theme_classifier.C}）は、`banso eval themes --writers` で選びました: data/themes/ の書き手一人ずつを除いて学習した分類器でその人の文を測り、"
        "テーマの開発用データ（`tests/eval/themes_dev.yml`）と未学習 1〜7 も合わせた平均が最もよい値です。",
        "",
        "| 集合 | 文 | 正解率（名前と読みだけ） | 正解率（分類器も） | 適合率 | 再現率 |",
        "|---|---|---|---|---|---|",
    ]
    for name, items in load_sets().items():
        before, after = score(names_only, items), score(with_classifier, items)
        lines.append(f"| {name} | {after['size']} | {before['accuracy']:.3f} | {after['accuracy']:.3f} | "
                     f"{after['precision']:.3f} | {after['recall']:.3f} |")
    print("\n".join(lines))
    if write:
        write_section(REPORT, "theme-words", "\n".join(lines))
        print(f"\n{Path(REPORT).relative_to(ROOT)} の theme-words の節を書きました。")
    return 0
