"""``banso eval masking --writers``: the learned labeller measured on writers it was not trained on.

Each labelled training file (the six development sets of tests/eval/masking/ and
the writers of data/masking/) is masked by the rules alone, and by the rules with
a CRF trained on every other file (開発 7〜44 included), at a few settings
(threshold / sure: how far a span reaches, and how sure its core must be). The rules were tuned on the development
sets, so their figures there are optimistic; on data/masking/'s writers they are not,
which is what a new writer brings. The blind sets are not read here. Lower settings
raise recall and lose kept words; learned_masking.THRESHOLD and SURE are the chosen pair.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Dict, List

from bot.evaluation import masking_eval
from bot.report import learned_masking, masking, residence

SETTINGS = ((0.02, 0.5), (0.01, 0.1), (learned_masking.THRESHOLD, learned_masking.SURE), (0.0025, 0.025))
SHOWN = ("name", "address", "id", "phone", "birthdate", "email", "combination")


def _summary(items, results) -> List[str]:
    r = masking_eval.rates(masking_eval.score(items, lambda texts: results))
    recall = [r["recall"][kind]["recall"] for kind in SHOWN]
    return [masking_eval._fmt(value) for value in recall] + [masking_eval._fmt(r["precision_overall"]),
                                                              masking_eval._fmt(r["keep"]["survival"])]


def leave_one_writer_out() -> int:
    import sklearn_crfsuite

    import bot.without_tensorflow  # noqa: F401  (before spaCy)

    files = learned_masking.training_files()
    prepared: Dict[Path, tuple] = {path: learned_masking.labelled(path) for path in files}
    head = ["氏名", "住所", "番号", "電話", "生年月日", "メール", "組み合わせ", "適合率", "残す語"]
    print("書き手ごとに、その人の文を除いて学習した CRF で測った再現率（規則だけ → 規則と CRF）")
    print("| 書き手 | 伏せ方 | " + " | ".join(head) + " |")
    print("|---" * (len(head) + 2) + "|")
    # each writer of 開発 1〜6 and of data/masking/ left out in turn; 開発 7〜44 are only trained on (leaving each of
    # them out as well would more than double the run)
    later = {masking_eval.SETS[name] for name in learned_masking.LATER_SETS}
    for path in [path for path in files if path not in later]:
        items, analysed, _, _ = prepared[path]
        xs = [x for other in files if other != path for x in prepared[other][2]]
        ys = [y for other in files if other != path for y in prepared[other][3]]
        with tempfile.TemporaryDirectory() as directory:
            model = Path(directory) / "left-out.crfsuite"
            learned_masking.fit(xs, ys, model)
            tagger = sklearn_crfsuite.CRF(model_filename=str(model))
            # masked as reports are (masking.final_spans), with the left-out writer's CRF; the sentences that say
            # where someone lives are parsed once for every setting
            homes = residence.parse_many([text for text, _, _ in analysed])
            rows = {"規則だけ": [(text, masking.final_spans(text, spans, tokens, learned=False, homes=parsed,
                                                             raw=item.text))
                                 for item, (text, spans, tokens), parsed in zip(items, analysed, homes)]}
            for threshold, sure in SETTINGS:
                rows[f"規則と CRF（{threshold} / {sure}）"] = [
                    (text, masking.final_spans(text, spans, tokens, homes=parsed, raw=item.text, tagger=tagger,
                                               threshold=threshold, sure=sure))
                    for item, (text, spans, tokens), parsed in zip(items, analysed, homes)]
        for how, results in rows.items():
            print(f"| {path.stem} | {how} | " + " | ".join(_summary(items, results)) + " |", flush=True)
    return 0
