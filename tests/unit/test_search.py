"""Handbook search: Japanese-aware, glossary-expanded, and fast enough to type against."""

import pytest

from bot.evaluation import search as search_eval
from bot.knowledge.search import Searcher


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


def test_evaluation_file_scores_every_query(searcher):
    report = search_eval.evaluate(searcher)
    assert len(report.outcomes) >= 30
    assert all(o.expected for o in report.outcomes)
    assert 0 <= report.hit_at(1) <= report.hit_at(3) <= 1
