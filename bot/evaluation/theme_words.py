"""``banso eval themes``: how well themes are recognised from what a message is about.

Scores the entity matcher alone (no model): with and without the theme words
generated from knowledge (data/vocabulary.yml, theme_words), on the theme
development set (tests/eval/themes_dev.yml: themes described, not named, and
sentences that must not yield a theme) and on the three older held-out sets.
Held-out sets 4 to 6 are not read here (banso eval heldout scores them).
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

from bot.config import ROOT
from bot.entities import THEME_EVIDENCE, THEME_LEAD, EntityMatcher
from bot.evaluation.sections import write_section
from bot.vocabulary import THEME_WORD_SHARE, read

REPORT = ROOT / "docs" / "nlu-evaluation.md"
DEV = ROOT / "tests" / "eval" / "themes_dev.yml"
OLDER = {"未学習 1": "tests/nlu/heldout_entities.yml", "未学習 2": "tests/nlu/blind/entities.yml",
         "未学習 3": "tests/nlu/final/entities.yml"}
Item = Tuple[str, Set[str]]


def load_sets() -> Dict[str, List[Item]]:
    dev = yaml.safe_load(DEV.read_text(encoding="utf-8"))["items"]
    sets = {"テーマの開発用": [(i["text"], {i["theme"]} if i["theme"] else set()) for i in dev]}
    for name, path in OLDER.items():
        examples = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["examples"]
        sets[name] = [(e["text"], set(e.get("theme") or [])) for e in examples]
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
    with_words = EntityMatcher(vocabulary)
    names_only = EntityMatcher({k: v for k, v in vocabulary.items() if k != "theme_words"})
    lines = [
        "## テーマを中身で言う発話（`banso eval themes`）",
        "",
        f"{date.today().isoformat()}、Python {platform.python_version()}。モデルは使わず、エンティティの照合だけを測ります。",
        "特徴語（`data/vocabulary.yml` の theme_words）は knowledge/ の問い・視点・基本的事項・用語から生成し、"
        f"その語を使う知識の単位のうちそのテーマのものが {THEME_WORD_SHARE:.0%} 以上の名詞に、その割合を重みとしてつけます。"
        f"名前も読みも見つからないとき、重みの合計が {THEME_EVIDENCE} 以上で、次のテーマより {THEME_LEAD} 以上多いテーマを取ります。",
        "この二つの値は、テーマの開発用データ（`tests/eval/themes_dev.yml`: 学習データもコードも見ていない書き手が、"
        "ハンドブックだけを読んで書いた、テーマを名前でなく中身で言う 200 文と、どのテーマでもない 80 文）と未学習 1〜3 で選びました。"
        "未学習 4〜6 はここでは読みません。",
        "",
        "| 集合 | 文 | 正解率（名前と読みだけ） | 正解率（特徴語も） | 適合率 | 再現率 |",
        "|---|---|---|---|---|---|",
    ]
    for name, items in load_sets().items():
        before, after = score(names_only, items), score(with_words, items)
        lines.append(f"| {name} | {after['size']} | {before['accuracy']:.3f} | {after['accuracy']:.3f} | "
                     f"{after['precision']:.3f} | {after['recall']:.3f} |")
    print("\n".join(lines))
    if write:
        write_section(REPORT, "theme-words", "\n".join(lines))
        print(f"\n{Path(REPORT).relative_to(ROOT)} の theme-words の節を書きました。")
    return 0
