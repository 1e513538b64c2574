"""Scores for the NLU evaluation, kept free of Rasa so they are unit-tested."""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Sequence, Set, Tuple

Pair = Tuple[str, str]  # (entity type, canonical value)
Span = Tuple[int, int]


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over the labels of the gold set."""
    scores = list(per_label_f1(gold, predicted).values())
    return sum(scores) / len(scores) if scores else 0.0


def per_label_f1(gold: Sequence[str], predicted: Sequence[str]) -> Dict[str, float]:
    """Each gold label's own F1 (a prediction of a label nobody meant, such as nlu_fallback, costs precision)."""
    scores = {}
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores[label] = _f1(tp, fp, fn)
    return scores


def entity_f1(gold: Iterable[List[dict]], predicted: Iterable[List[dict]]) -> float:
    """Micro F1 of (type, value) per message.

    Training annotations mark one type per span, so a prediction on an annotated
    span with another type (SC as theme where the annotation says term) is
    neither right nor wrong here; the held-out entity file judges those.
    """
    tp = fp = fn = 0
    for gold_entities, predicted_entities in zip(gold, predicted):
        gold_pairs = Counter((e["entity"], e["value"]) for e in gold_entities)
        spans = [(e["start"], e["end"]) for e in gold_entities]
        for entity in predicted_entities:
            pair = (entity["entity"], entity["value"])
            if gold_pairs[pair] > 0:
                gold_pairs[pair] -= 1
                tp += 1
            elif not any(_overlap((entity["start"], entity["end"]), span) for span in spans):
                fp += 1
        fn += sum(gold_pairs.values())
    return _f1(tp, fp, fn)


def value_accuracy(expected: Iterable[Set[str]], predicted: Iterable[Set[str]]) -> float:
    """Share of messages whose set of values (empty included) is exactly right."""
    pairs = list(zip(expected, predicted))
    return sum(1 for e, p in pairs if e == p) / len(pairs) if pairs else 0.0


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
