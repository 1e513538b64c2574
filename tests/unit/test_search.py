"""Handbook search: Japanese-aware, glossary-expanded, and fast enough to type against."""

import pytest

from bot.evaluation import search as search_eval
from bot.knowledge.search import Searcher, documents, topic_of


@pytest.fixture(scope="module")
def searcher(kb):
    return Searcher(kb)


@pytest.mark.parametrize("query, expected", [
    ("SCって何をする人？", "term.sc"),
    ("ｻｰﾋﾞｽC", "term.service_c"),
    ("かよいのば", "term.kayoinoba"),
    ("0.5mtgでは何をする", "programme.mtg05"),
])
def test_abbreviations_widths_and_readings_find_the_entry(searcher, query, expected):
    assert expected in [hit.id for hit in searcher.search(query, limit=3)]


def test_hits_carry_a_snippet_of_their_text(searcher):
    hit = searcher.search("協議体", limit=1)[0]
    assert hit.snippet and hit.title


def test_nothing_found_is_an_empty_list(searcher):
    assert searcher.search("ｘｙｚｚｚ") == []


@pytest.mark.parametrize("query, topic", [
    ("ハンドブックでは協議体についてどう書いてありますか", "協議体"),
    ("SCの役割についてハンドブックは何て言ってる？", "SCの役割"),
    ("手引きでは定量データと定性データをどう組み合わせるとされていますか", "定量データと定性データをどう組み合わせる"),
    ("ハンドブックでは目指す姿の共有についてどう書いてあったっけ", "目指す姿の共有"),
    ("支援する側が答えを教えてしまっていいのか", "支援する側が答えを教えてしまっていいのか"),
    ("ハンドブックとは", "ハンドブックとは"),  # nothing but the frame: the question is the topic
])
def test_the_frame_of_a_chat_question_is_not_searched_for(query, topic):
    assert topic_of(query) == topic


def test_a_framed_question_finds_its_topic_not_the_handbook_entry(searcher):
    hits = searcher.search("ハンドブックでは協議体についてどう書いてありますか", limit=3)
    assert hits[0].id == "term.kyogitai"
    assert "term.shien_package" not in [h.id for h in hits]
    assert searcher.search("ハンドブックとは", limit=1)[0].id == "term.shien_package"


@pytest.mark.parametrize("path", search_eval.QUERY_SETS, ids=lambda p: p.name)
def test_evaluation_files_name_real_entries_and_score_every_query(searcher, kb, path):
    report = search_eval.evaluate(searcher, path)
    known = {doc.id for doc in documents(kb)}
    assert len(report.outcomes) >= 30
    assert all(o.expected and set(o.expected) <= known for o in report.outcomes)
    assert 0 <= report.hit_at(1) <= report.hit_at(3) <= 1


def test_hits_say_where_their_words_come_from(searcher):
    [process] = [h for h in searcher.search("見直しプロセスとは", limit=1)]
    assert process.id == "term.minaoshi_process"  # the review process as a whole has an entry of its own
    assert process.source == "出典: 地域づくり支援ハンドブック vol.1「総合事業の見直しプロセス」（言い換え）"
    question = next(h for h in searcher.search("協議体が形骸化", limit=5) if h.id == "theme.seikatsu_shien.q1")
    assert question.source.startswith("出典: 地域づくり支援ハンドブック vol.1 各論「生活支援体制整備事業」")
