"""Our Rasa components: the linear intent classifier (scaling, plain arrays, quick ranking) and the reading features."""

# Importing actions/ blocks TensorFlow for the whole test session (the action server never needs it);
# Rasa's component base classes import it, so this module lifts the block before importing them.
from bot.without_tensorflow import lift  # noqa: E402

lift()

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.nlu.training_data.features import Features  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402

from bot.rasa.components import LinearIntentClassifier, scale  # noqa: E402


def test_l2_scaling_gives_short_and_long_texts_the_same_length():
    counts = csr_matrix(np.array([[1.0, 0.0, 0.0], [30.0, 40.0, 0.0]]))
    for scaling in ("l2", "log_l2"):
        lengths = np.sqrt(scale(counts, scaling).multiply(scale(counts, scaling)).sum(axis=1))
        assert np.allclose(lengths, 1.0)
    assert (scale(counts, "counts") != counts).nnz == 0


def message(text, vector, intent=None):
    m = Message(data={"text": text, **({"intent": intent} if intent else {})})
    m.add_features(Features(csr_matrix(np.array([vector], dtype=float)), "sentence", "text", "test"))
    return m


@pytest.mark.parametrize("scaling", ["counts", "l2", "log_l2"])
def test_a_saved_classifier_answers_like_the_trained_one(tmp_path, scaling):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LinearIntentClassifier.get_default_config(), "C": 10, "scaling": scaling}
    trained = LinearIntentClassifier.create(config, storage, resource, context)
    data = [message("はい", [3, 0, 1], "affirm"), message("いいえ", [0, 3, 1], "deny"),
            message("うん", [2, 0, 0], "affirm"), message("いや", [0, 2, 0], "deny")]
    trained.train(TrainingData(data))
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    probe = [message("ええ", [5, 0, 2]), message("ちがう", [0, 4, 0])]
    first = [m.get("intent")["name"] for m in trained.process(probe)]
    again = [message("ええ", [5, 0, 2]), message("ちがう", [0, 4, 0])]
    assert [m.get("intent")["name"] for m in loaded.process(again)] == first == ["affirm", "deny"]
    assert [m.get("intent")["confidence"] for m in again] == pytest.approx([m.get("intent")["confidence"] for m in probe])


def featured(text, first, second, dense, intent=None):
    """Two sparse featurizers and a dense one, as the pipeline lays them on a message."""
    m = Message(data={"text": text, **({"intent": intent} if intent else {})})
    m.add_features(Features(csr_matrix(np.array([[1.0, 0.0]])), "sequence", "text", "first"))  # ignored: sequence
    m.add_features(Features(csr_matrix(np.array([first], dtype=float)), "sentence", "text", "first"))
    m.add_features(Features(np.array([dense], dtype=float), "sentence", "text", "dense"))
    m.add_features(Features(csr_matrix(np.array([second], dtype=float)), "sentence", "text", "second"))
    return m


@pytest.mark.parametrize("scaling", ["counts", "l2", "log_l2"])
@pytest.mark.parametrize("intents", [2, 3])
def test_the_quick_ranking_equals_rasas(tmp_path, scaling, intents):
    config = {**LinearIntentClassifier.get_default_config(), "scaling": scaling, "ranking_length": 2}
    component = LinearIntentClassifier.create(config, LocalModelStorage(tmp_path), Resource("linear"),
                                              ExecutionContext(GraphSchema({}), "test"))
    names = ["affirm", "deny", "greet"][:intents]
    rng = np.random.default_rng(7)
    data = [featured("t", rng.integers(0, 3, 4), rng.integers(0, 3, 3), rng.random(2), names[i % intents])
            for i in range(30)]
    component.train(TrainingData(data))
    probes = [(rng.integers(0, 4, 4), rng.integers(0, 4, 3), rng.random(2)) for _ in range(10)]
    quick = component.process([featured("p", *p) for p in probes])
    rasas = super(LinearIntentClassifier, component).process([featured("p", *p) for p in probes])
    for mine, theirs in zip(quick, rasas):
        assert [r["name"] for r in mine.get("intent_ranking")] == [r["name"] for r in theirs.get("intent_ranking")]
        assert [r["confidence"] for r in mine.get("intent_ranking")] == pytest.approx(
            [r["confidence"] for r in theirs.get("intent_ranking")])
        assert len(mine.get("intent_ranking")) == 2


def test_an_unknown_scaling_is_refused_in_japanese(tmp_path):
    with pytest.raises(ValueError, match="scaling は"):
        LinearIntentClassifier.create({**LinearIntentClassifier.get_default_config(), "scaling": "tfidf"},
                                      LocalModelStorage(tmp_path), Resource("x"),
                                      ExecutionContext(GraphSchema({}), "test"))


def test_kana_typed_text_meets_its_kanji_example_by_reading(tmp_path):
    from bot.rasa.components import ReadingFeaturizer

    storage, resource, context = LocalModelStorage(tmp_path), Resource("reading"), ExecutionContext(GraphSchema({}), "r")
    config = {**ReadingFeaturizer.get_default_config(), "weight": 0.5}
    ReadingFeaturizer.create(config, storage, resource, context).train(
        TrainingData([Message(data={"text": "進捗確認"}), Message(data={"text": "ボットですか"})]))
    loaded = ReadingFeaturizer.load(config, storage, resource, context)
    typed, example = Message(data={"text": "ｼﾝﾁｮｸ確認"}), Message(data={"text": "進捗確認"})
    loaded.process([typed, example])
    (mine,), (theirs,) = typed.features, example.features
    assert mine.type == "sentence" and (mine.features != theirs.features).nnz == 0
    assert mine.features.sum() == pytest.approx(0.5 * (8 + 7))  # シンチョクカクニン: eight 2-grams, seven 3-grams


def test_full_stops_and_commas_are_no_features_but_the_question_mark_is():
    """「…見ています。」 had been a greeting for its 「。」: two-sentence greetings had made it a greeting's mark."""
    from bot.rasa.components import SudachiTokenizer

    tokenizer = SudachiTokenizer(SudachiTokenizer.get_default_config())
    surfaces = [t.text for t in tokenizer.tokenize(Message(data={"text": "はい、記録で見ています。"}), "text")]
    assert surfaces == ["はい", "記録", "で", "見", "て", "い", "ます"]
    assert "?" in [t.text for t in tokenizer.tokenize(Message(data={"text": "どう進めればいい?"}), "text")]
    assert [t.text for t in tokenizer.tokenize(Message(data={"text": "。"}), "text")] == ["。"]  # nothing else to keep
