"""GiNZA in a long-running server: the pipeline is renewed before it grows too big, without a pause."""

import time

import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow)
from bot import analysis  # noqa: E402


def test_ginza_is_renewed_after_many_texts_and_answers_throughout(monkeypatch):
    first = analysis.nlp()
    monkeypatch.setattr(analysis, "RECYCLE_AFTER", 3)
    for text in ["通いの場は12か所です", "参加者は延べ300人です", "民生委員さんから聞きました"]:
        assert len(analysis.parse(text)) > 0  # the third starts a fresh pipeline in the background
    assert len(analysis.parse("その間も答えます")) > 0  # the old one still serves
    deadline = time.monotonic() + 120
    while analysis.nlp() is first and time.monotonic() < deadline:
        time.sleep(0.2)
    assert analysis.nlp() is not first
    assert [e.text for e in analysis.parse("田中花子さんに会いました").ents]  # the fresh one finds names too
