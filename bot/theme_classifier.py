"""Which theme a message is about when it names none: a linear classifier over its words.

「専門職が3か月集中的に関わる通所のプログラム」 names no theme but is about
短期集中予防サービス. One logistic regression per theme (a message may be
about two) is trained on the handbook's own sentences (knowledge/: each
theme's basics, questions, viewpoints, prompts and terms; the steps' and
sections' sentences as about no single theme) and on sentences written to
describe a theme without naming it, or to name none (data/themes/). Features
are character 2- and 3-grams of the match key (they survive typos and half
converted kana) and Sudachi's content words, weighed by tf-idf. The fitted
model is plain arrays, saved with the NLU model.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
import yaml

from bot.normalize import match_key, normalize

DATA = Path(__file__).resolve().parents[1] / "data" / "themes"
# Chosen leaving one writer out (docs/nlu-evaluation.md, theme-words): each data/themes/ writer scored by
# a classifier trained without them, with tests/eval/themes_dev.yml and held-out sets 1–7.
# A theme needs THRESHOLD; a second one, once a first is sure, needs SECOND. With writers 12 and 13 (twelfth
# session) 0.6 beat 0.55 by a hair leaving one writer out, and by six sentences on the development sets.
THRESHOLD = 0.6
SECOND = 0.6
C = 30.0
# A message that names one theme may be about another as well (「ケアプランに通所Cを位置づける」):
# that one is added when the classifier is this sure of it. Chosen on held-out sets 1–7 (0.85–0.95 did equally well).
ALSO = 0.9
# Fewer content words than this say too little to tell what a message is about (「体操した」).
MIN_WORDS = 3
Example = Tuple[str, Set[str]]


def features(text: str) -> List[str]:
    from bot.analysis import content_words

    key = match_key(text)
    grams = [key[i:i + n] for n in (2, 3) for i in range(len(key) - n + 1)]
    return grams + ["w:" + word for word in content_words(text)]


class ThemeClassifier:
    def __init__(self, themes: Sequence[str], vocabulary: Sequence[str], idf: np.ndarray,
                 coef: np.ndarray, intercept: np.ndarray):
        self.themes = list(themes)
        self._index = {feature: i for i, feature in enumerate(vocabulary)}
        self._vocabulary = list(vocabulary)
        self._idf, self._coef, self._intercept = idf, coef, intercept

    @classmethod
    def fit(cls, examples: Sequence[Example], themes: Sequence[str], c: float = C) -> "ThemeClassifier":
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        counted = [Counter(features(text)) for text, _ in examples]
        df = Counter(feature for counts in counted for feature in counts)
        vocabulary = sorted(df)
        index = {feature: i for i, feature in enumerate(vocabulary)}
        idf = np.array([math.log((1 + len(examples)) / (1 + df[f])) + 1 for f in vocabulary])
        rows, cols, values = [], [], []
        for row, counts in enumerate(counted):
            weights = _weights(counts, index, idf)
            rows += [row] * len(weights)
            cols += list(weights)
            values += list(weights.values())
        matrix = csr_matrix((values, (rows, cols)), shape=(len(examples), len(vocabulary)))
        coef, intercept = [], []
        for theme in themes:
            # balanced: each theme has far fewer sentences than the rest together
            model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
            model.fit(matrix, np.array([theme in labels for _, labels in examples]))
            coef.append(model.coef_[0])
            intercept.append(model.intercept_[0])
        return cls(themes, vocabulary, idf, np.array(coef), np.array(intercept))

    def probabilities(self, text: str) -> Dict[str, float]:
        weights = _weights(Counter(features(text)), self._index, self._idf)
        if not weights:
            return {theme: 0.0 for theme in self.themes}
        at = np.fromiter(weights, dtype=int)
        scores = self._coef[:, at] @ np.fromiter(weights.values(), dtype=float) + self._intercept
        probabilities = 1 / (1 + np.exp(-np.clip(scores, -50, 50)))  # clipped: exp never overflows
        return {theme: float(p) for theme, p in zip(self.themes, probabilities)}

    def themes_of(self, text: str) -> List[Tuple[str, float]]:
        """The themes the text is about, most likely first (at most two)."""
        return decide(self.probabilities(text)) if says_enough(text) else []

    def also_about(self, text: str, named: Set[str]) -> List[Tuple[str, float]]:
        """Themes other than those the text names that it is plainly about too."""
        if not says_enough(text):
            return []
        return [(theme, p) for theme, p in self.probabilities(text).items() if p >= ALSO and theme not in named]

    def save(self, directory: Path) -> None:
        # The vocabulary as one UTF-8 string and the weights as float32: a third of the size as numpy strings
        # and float64, and Rasa unpacks (twice) every byte of the model at each start.
        joined = "\n".join(self._vocabulary).encode("utf-8")  # no feature holds a line break: normalize() makes them spaces
        np.savez(directory / "theme_classifier.npz", themes=np.array(self.themes),
                 vocabulary_utf8=np.frombuffer(joined, dtype=np.uint8), idf=self._idf.astype(np.float32),
                 coef=self._coef.astype(np.float32), intercept=self._intercept)

    @classmethod
    def load(cls, directory: Path) -> Optional["ThemeClassifier"]:
        path = directory / "theme_classifier.npz"
        if not path.exists():
            return None
        arrays = np.load(path, allow_pickle=False)
        vocabulary = arrays["vocabulary_utf8"].tobytes().decode("utf-8").split("\n")
        return cls(arrays["themes"].tolist(), vocabulary, arrays["idf"], arrays["coef"], arrays["intercept"])


def says_enough(text: str) -> bool:
    from bot.analysis import content_words

    return len(set(content_words(text))) >= MIN_WORDS


def decide(probabilities: Dict[str, float], threshold: float = THRESHOLD,
           second: float = SECOND) -> List[Tuple[str, float]]:
    """The likeliest theme if sure enough, and the next one too if it clears second."""
    (first, p), (runner_up, q) = sorted(probabilities.items(), key=lambda tp: -tp[1])[:2]
    if p < threshold:
        return []
    return [(first, p), (runner_up, q)] if q >= second else [(first, p)]


def _weights(counts: Counter, index: Dict[str, int], idf: np.ndarray) -> Dict[int, float]:
    """Sublinear tf × idf of the known features, scaled to unit length."""
    weights = {index[f]: (1 + math.log(n)) * idf[index[f]] for f, n in counts.items() if f in index}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {i: w / norm for i, w in weights.items()}


def examples(kb, directory: Optional[Path] = DATA) -> List[Example]:
    """The handbook's sentences with their theme (none for the steps' and sections'), and data/themes/
    (none when directory is None)."""
    names = {theme.id: theme.name for theme in kb.themes}
    found: List[Example] = []

    def add(texts: Iterable[Optional[str]], labels: Set[str]) -> None:
        found.extend((normalize(t), labels) for t in texts if t and t.strip())

    def question(q) -> List[str]:
        return [q.text, *(v.text for v in q.viewpoints), *(p.text for p in q.prompts), q.hint]

    for theme in kb.themes:
        add([theme.basics.summary, *theme.basics.key_points], {theme.name})
        for q in theme.questions:
            add(question(q), {theme.name})
    for step in kb.steps:
        add([step.purpose], set())
        for q in step.questions:
            add(question(q), {names[q.themes[0]]} if len(q.themes) == 1 else set())
    for section in kb.sections:
        add([section.summary, *section.key_points], set())
    for term in kb.terms:
        add([term.definition], {names[term.theme]} if term.theme in names else set())
    for path in sorted(directory.glob("*.yml")) if directory else ():
        found.extend(examples_in(path))
    return found


def examples_in(path: Path) -> List[Example]:
    """One writer's sentences (a file of data/themes/), with their themes."""
    found: List[Example] = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
        theme = item.get("theme") or []
        if item["text"] and item["text"].strip():
            found.append((normalize(item["text"]), {theme} if isinstance(theme, str) else set(theme)))
    return found


def train(kb=None) -> ThemeClassifier:
    if kb is None:
        from bot.knowledge.loader import load

        kb = load()
    return ThemeClassifier.fit(examples(kb), [theme.name for theme in kb.themes])
