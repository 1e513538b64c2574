"""``banso eval themes``: how well themes are recognised from what a message is about.

Scores the entity matcher alone (no intent model): by names and readings only,
and with the theme classifier (bot.theme_classifier) for messages that name no
theme, on the theme development set (tests/eval/themes_dev.yml: themes
described, not named, and sentences that must not yield a theme) and on the
held-out sets used for development (1 to 5). The blind sets are not read here
(banso eval heldout scores them).
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path
from typing import Dict, List, Set, Tuple

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


def main(write: bool = False) -> int:
    vocabulary = read()
    classifier = theme_classifier.train()
    names_only, with_classifier = EntityMatcher(vocabulary), EntityMatcher(vocabulary, classifier)
    lines = [
        "## テーマを中身で言う発話（`banso eval themes`）",
        "",
        f"{date.today().isoformat()}、Python {platform.python_version()}。意図のモデルは使わず、エンティティの照合だけを測ります"
        "（小さな雑談のテーマを落とす働きは入りません）。",
        "テーマの分類器（`bot/theme_classifier.py`）は、名前も読みも見つからない文にだけ使います。"
        "knowledge/ の文（テーマの基本的事項・問い・視点・問いかけ例・用語。STEP と総論の文はどのテーマでもない文）と、"
        "テーマを名前で言わずに中身で言う文・どのテーマでもない文（`data/themes/`、ハンドブックと knowledge/ だけを読んだ三人の書き手）で学習します。"
        f"確からしさ {theme_classifier.THRESHOLD} 以上のテーマを取り、そのとき次のテーマが {theme_classifier.SECOND} 以上ならそれも取ります。",
        "二つのしきい値と正則化（C = "
        f"{theme_classifier.C}）は、テーマの開発用データ（`tests/eval/themes_dev.yml`）と未学習 1〜5 だけで選びました。",
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
