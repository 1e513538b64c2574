"""The linear intent classifier: feature scaling and saving as plain arrays."""

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


def test_an_unknown_scaling_is_refused_in_japanese(tmp_path):
    with pytest.raises(ValueError, match="scaling は"):
        LinearIntentClassifier.create({**LinearIntentClassifier.get_default_config(), "scaling": "tfidf"},
                                      LocalModelStorage(tmp_path), Resource("x"),
                                      ExecutionContext(GraphSchema({}), "test"))
