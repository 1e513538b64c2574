"""Rasa graph components of the project.

Thin wrappers: the logic they call lives in bot.normalize, bot.analysis and
bot.entities, which are tested without Rasa. None of them needs TensorFlow.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START, FEATURE_TYPE_SENTENCE, INTENT,
                                       INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH  # a constant; Rasa's own classifier imports it too
from scipy.sparse import coo_matrix, csr_matrix
from sklearn.preprocessing import normalize as sk_normalize

from bot import analysis
from bot.config import ROOT

BOT = Path(__file__).resolve().parents[1]  # bot/: the files that shape the features


def _digest(*paths: Path) -> str:
    """Rasa caches trained components by config and data; files we read or run must count too."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
from bot import theme_classifier
from bot.entities import EntityMatcher, for_intent
from bot.normalize import normalize
from bot.sentence import function as sentence_function
from bot.theme_classifier import ThemeClassifier


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormalizer(GraphComponent):
    """Rewrites each message's text with bot.normalize before anything else sees it.

    Rasa keeps the user's original text in the conversation's events; only the
    analysed text is normalised.
    """

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return _digest(BOT / "normalize.py")

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextNormalizer":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalize(message)
        return messages

    @staticmethod
    def _normalize(message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text or text.startswith("/"):  # "/intent" payloads of buttons stay as they are
            return
        normal = normalize(text)
        if normal != text and message.get(ENTITIES):
            message.set(ENTITIES, [_moved(entity, text, normal) for entity in message.get(ENTITIES)])
        message.set(TEXT, normal)


def _moved(entity: Dict[Text, Any], text: str, normal: str) -> Dict[Text, Any]:
    """An annotated span, re-located in the normalised text (widths may change length)."""
    start, end = entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END]
    surface = normalize(text[start:end])
    near = max(0, len(normalize(text[:start])) - 2)
    found = normal.find(surface, near)
    if found < 0:
        found = normal.find(surface)
    if found < 0:
        return entity
    return {**entity, ENTITY_ATTRIBUTE_START: found, ENTITY_ATTRIBUTE_END: found + len(surface)}


# Full stops and commas (after NFKC) carry no intent, yet two-sentence greetings (「お疲れさまです。○○町の…」)
# had taught the classifier that 「。」 means a greeting: 「…記録で見ています。」 was a greeting, without 「。」 an answer.
# The question mark stays: asking is a sentence's function (SentenceFunctionFeaturizer).
SENTENCE_MARKS = frozenset("。、.,")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class SudachiTokenizer(Tokenizer):
    """Sudachi's words (as GiNZA splits them) with their normalised forms as lemmas.

    The same analysis as the handbook search, without loading GiNZA's parser:
    the Rasa server starts seconds sooner and half a gigabyte lighter.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent_tokenization_flag": False, "intent_split_symbol": "_", "token_pattern": None,
                "prefix_separator_symbol": None}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return _digest(BOT / "analysis.py", Path(__file__))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SudachiTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(w.surface, w.start, w.end, lemma=w.lemma) for w in analysis.words(text)
                  if w.surface not in SENTENCE_MARKS]
        return self._apply_token_pattern(tokens) or [Token(text, 0, len(text), lemma=text)]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class ReadingFeaturizer(SparseFeaturizer, GraphComponent):
    """Character n-grams of the message's reading (bot.analysis.reading) as sentence features.

    A message typed in kana where the training examples have kanji (ｼﾝﾁｮｸ確認 for 進捗確認,
    ﾎﾞｯﾄﾃﾞｽｶ, すてっぷいち) shares few n-grams with them by spelling, and all of them by sound.
    """

    FILE = "readings.json"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config(), "min_ngram": 2, "max_ngram": 3, "weight": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Dict[str, int]] = None) -> None:
        super().__init__(name, config)
        self._model_storage, self._resource = model_storage, resource
        self._vocabulary = vocabulary or {}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if not 1 <= config["min_ngram"] <= config["max_ngram"]:
            raise ValueError("ReadingFeaturizer の min_ngram と max_ngram は 1 ≤ min_ngram ≤ max_ngram にしてください。")
        if not isinstance(config.get("weight"), (int, float)):
            raise ValueError("ReadingFeaturizer の weight は数にしてください。")

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return _digest(BOT / "analysis.py", BOT / "normalize.py", Path(__file__))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ReadingFeaturizer":
        return cls(config, execution_context.node_name, model_storage, resource)

    def _ngrams(self, text: str) -> List[str]:
        sound = "".join(char for char in analysis.reading(text) if char not in SENTENCE_MARKS)
        return [sound[i:i + n] for n in range(self._config["min_ngram"], self._config["max_ngram"] + 1)
                for i in range(len(sound) - n + 1)]

    def train(self, training_data: TrainingData) -> Resource:
        grams = {g for m in training_data.training_examples if m.get(TEXT) for g in self._ngrams(m.get(TEXT))}
        self._vocabulary = {gram: i for i, gram in enumerate(sorted(grams))}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(json.dumps(self._vocabulary, ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "ReadingFeaturizer":
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / cls.FILE).read_text(encoding="utf-8"))
        return cls(config, execution_context.node_name, model_storage, resource, vocabulary)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or not self._vocabulary:
                continue
            counts = Counter(self._vocabulary[g] for g in self._ngrams(text) if g in self._vocabulary)
            weights = [n * self._config["weight"] for n in counts.values()]
            sentence = coo_matrix((weights, ([0] * len(counts), list(counts))),
                                  shape=(1, len(self._vocabulary)), dtype=float)
            self.add_features_to_message(sequence=None, sentence=sentence, attribute=TEXT, message=message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceFunctionFeaturizer(DenseFeaturizer, GraphComponent):
    """What the last sentence does (asks, asks how to, requests, states) as sentence features.

    Words alone make a how-to question about 通いの場 look like an answer about 通いの場;
    the sentence's form tells them apart (bot.sentence, tested without Rasa).
    """

    KINDS = ("asks", "how_to", "interrogative", "requests", "states")

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "weight": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if not isinstance(config.get("weight"), (int, float)):
            raise ValueError("SentenceFunctionFeaturizer の weight は数にしてください。")

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return _digest(BOT / "sentence.py", BOT / "normalize.py")

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceFunctionFeaturizer":
        return cls(config, execution_context.node_name)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            form = sentence_function(text)
            sentence = np.array([[float(form[kind]) for kind in self.KINDS]]) * self._config["weight"]
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            sequence = np.zeros((max(len(tokens), 1), len(self.KINDS)))
            self.add_features_to_message(sequence=sequence, sentence=sentence, attribute=TEXT, message=message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class KnowledgeEntityExtractor(GraphComponent, EntityExtractorMixin):
    """theme, step and term from the vocabulary generated from knowledge/ (data/vocabulary.yml),
    and the theme of a message that names none from the theme classifier (bot.theme_classifier).

    Both are made at training and saved in the model, so a model always
    carries the vocabulary and classifier it was trained with.
    """

    FILE = "vocabulary.json"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"vocabulary": "data/vocabulary.yml"}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Dict[str, Dict[str, List[str]]]] = None,
                 classifier: Optional[ThemeClassifier] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or {}
        self._matcher = EntityMatcher(self._vocabulary, classifier)

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        knowledge = sorted((ROOT / "knowledge").rglob("*.yml"))
        described = sorted(theme_classifier.DATA.glob("*.yml"))
        return _digest(cls._vocabulary_file(config), BOT / "entities.py", BOT / "normalize.py",
                       BOT / "theme_classifier.py", *knowledge, *described)

    @staticmethod
    def _vocabulary_file(config: Dict[Text, Any]) -> Path:
        # Rasa's training hook may hand over the config without our defaults merged in.
        path = Path({**KnowledgeEntityExtractor.get_default_config(), **config}["vocabulary"])
        return path if path.is_absolute() else ROOT / path

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KnowledgeEntityExtractor":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from bot import vocabulary

        self._vocabulary = vocabulary.read(self._vocabulary_file(self._config))
        classifier = theme_classifier.train()
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(json.dumps(self._vocabulary, ensure_ascii=False), encoding="utf-8")
            classifier.save(directory)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "KnowledgeEntityExtractor":
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / cls.FILE).read_text(encoding="utf-8"))
            classifier = ThemeClassifier.load(directory)
        return cls(config, model_storage, resource, vocabulary, classifier)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            # The intent classifier runs before this component (config.yml): its intent is known here.
            intent = message.get(INTENT) or {}
            mentions = for_intent(self._matcher.find(text), intent.get(INTENT_NAME_KEY),
                                  intent.get(PREDICTED_CONFIDENCE_KEY, 0.0))
            found = [{"entity": m.entity, "value": m.value, "start": m.start, "end": m.end,
                      "confidence_entity": 1.0} for m in mentions]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found),
                        add_to_output=True)
        return messages


def scale(features: csr_matrix, scaling: str) -> csr_matrix:
    """Counts as they are, or scaled so a one-word reply weighs as much as a long answer."""
    if scaling == "counts":
        return features
    if scaling == "log_l2":
        features = features.log1p()
    return sk_normalize(features, norm="l2")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier, saved as plain arrays.

    Rasa saves it with skops, whose import alone took 7.8 s of the server's
    start-up here; the fitted model is just classes, weights and intercepts.
    """

    FILE = "classifier.npz"

    SCALINGS = ("counts", "l2", "log_l2")

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Rasa fixes the regularisation at sklearn's C=1.0 and feeds raw counts; both are
        # chosen here by cross-validation (banso eval regularisation).
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "scaling": "counts"}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        if self.config["scaling"] not in self.SCALINGS:
            raise ValueError(f"scaling は {', '.join(self.SCALINGS)} のどれかにしてください: {self.config['scaling']}")
        self.clf.C = self.config["C"]

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return scale(super()._create_X(messages), self.config["scaling"])

    def process(self, messages: List[Message]) -> List[Message]:
        """Rasa's ranking, computed on the message's non-zero features alone.

        Rasa builds scipy matrices for each message (copies, stacks, checks): 2–3 ms of
        a 6 ms parse here. The weights of the non-zero features give the same scores.
        """
        if not hasattr(self.clf, "coef_"):
            return super().process(messages)
        for message in messages:
            columns, values = self._row(message)
            probabilities = self._probabilities(self.clf.coef_[:, columns] @ values + self.clf.intercept_)
            ranking = sorted(({"name": name, "confidence": float(p)} for name, p in zip(self.clf.classes_, probabilities)),
                             key=lambda e: -e["confidence"])
            message.set("intent", ranking[0], add_to_output=True)
            length = self.config[RANKING_LENGTH]
            message.set("intent_ranking", ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages

    def _row(self, message: Message) -> Tuple[np.ndarray, np.ndarray]:
        """The sentence features' columns and values, laid out as Rasa's _create_X lays them
        (sparse featurizers in pipeline order, then dense ones), and scaled."""
        columns, values, offset = [np.zeros(0, dtype=int)], [np.zeros(0)], 0
        for sparse in (True, False):
            for features in message.features:
                if features.attribute != TEXT or features.type != FEATURE_TYPE_SENTENCE or features.is_sparse() != sparse:
                    continue
                if sparse:
                    matrix = features.features.tocoo()
                    columns.append(matrix.col + offset)
                    values.append(matrix.data.astype(float))
                else:
                    row = np.asarray(features.features, dtype=float).ravel()
                    columns.append(np.arange(row.size) + offset)
                    values.append(row)
                offset += features.features.shape[-1]
        column, value = np.concatenate(columns), np.concatenate(values)
        if self.config["scaling"] == "log_l2":
            value = np.log1p(value)
        if self.config["scaling"] in ("l2", "log_l2"):
            value = value / (np.linalg.norm(value) or 1.0)
        return column, value

    def _probabilities(self, scores: np.ndarray) -> np.ndarray:
        """What sklearn's predict_proba makes of the scores (softmax, or one-vs-rest sigmoids)."""
        ovr = self.clf.multi_class == "ovr" or (self.clf.multi_class == "auto" and (
            len(self.clf.classes_) <= 2 or self.clf.solver == "liblinear"))
        if ovr:
            p = 1 / (1 + np.exp(-scores))
            return np.concatenate([1 - p, p]) if p.size == 1 else p / p.sum()
        scores = np.concatenate([-scores, scores]) if scores.size == 1 else scores
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            # float32: half the bytes Rasa unpacks at each start; the scores differ in the seventh digit.
            np.savez(directory / self.FILE, classes=self.clf.classes_.astype(str), coef=self.clf.coef_.astype(np.float32),
                     intercept=self.clf.intercept_)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / cls.FILE, allow_pickle=False)
                component.clf.classes_ = arrays["classes"].astype(object)
                component.clf.coef_ = arrays["coef"]
                component.clf.intercept_ = arrays["intercept"]
                component.clf.n_features_in_ = arrays["coef"].shape[1]
        except ValueError:  # nothing was trained (no intent examples)
            pass
        return component
