"""The scores and the pipeline choice behind make eval (the figures themselves are printed, not tested)."""

from bot.evaluation import nlu, nlu_measure, scoring
from bot.evaluation.timing import percentile
from bot.normalize import match_key


def test_macro_f1_weighs_every_intent_alike():
    gold = ["greet", "greet", "greet", "skip"]
    assert scoring.macro_f1(gold, gold) == 1.0
    assert round(scoring.macro_f1(gold, ["greet", "greet", "greet", "greet"]), 3) == round((6 / 7 + 0) / 2, 3)


def test_per_intent_f1_is_each_intents_own_f1():
    # Was the mean of "is it this intent" and "is it not", which lifted every row towards 1.
    gold = ["greet", "greet", "skip", "skip"]
    predicted = ["greet", "nlu_fallback", "skip", "greet"]
    assert scoring.per_label_f1(gold, predicted) == {"greet": 0.5, "skip": 2 / 3}
    assert scoring.macro_f1(gold, predicted) == (0.5 + 2 / 3) / 2


def test_entity_f1_ignores_a_second_type_on_an_annotated_span():
    gold = [[{"entity": "term", "value": "生活支援コーディネーター", "start": 0, "end": 2}]]
    predicted = [[{"entity": "term", "value": "生活支援コーディネーター", "start": 0, "end": 2},
                  {"entity": "theme", "value": "生活支援体制整備事業", "start": 0, "end": 2}]]
    assert scoring.entity_f1(gold, predicted) == 1.0
    assert scoring.entity_f1(gold, [[{"entity": "step", "value": "STEP1", "start": 5, "end": 10}]]) == 0.0


def test_value_accuracy_counts_empty_sets_too():
    assert scoring.value_accuracy([set(), {"通いの場"}], [set(), {"地域ケア会議"}]) == 0.5


def test_held_out_utterances_that_are_training_examples_are_left_out():
    training = {match_key("ヘルプ"), match_key("はい")}
    examples = [{"text": "ﾍﾙﾌﾟ"}, {"text": "はい"}, {"text": "使い方を教えて"}]
    assert nlu_measure.unseen(examples, lambda e: e["text"], training) == [{"text": "使い方を教えて"}]


def test_percentile_is_nearest_rank():
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([3.0], 0.95) == 3.0


def scores(intent, theme):
    return {"intent_macro_f1": intent, "value_accuracy": {"theme": theme, "step": 0.98}}


def result(name, intent, theme, load, blind=None):
    blind = blind or scores(intent, theme)
    return {"name": name, "cv": {"intent_macro_f1": intent},
            "heldout": {"sets": {"heldout": scores(intent, theme), "blind": blind, "final": scores(intent, theme),
                                 "fourth": scores(intent, theme), "fifth": scores(intent, theme),
                                 "sixth": scores(intent, theme), "seventh": scores(intent, theme),
                                 "ninth": scores(0.5, 0.5),  # a set kept blind: never chooses
                                 "pooled": scores(intent, theme)},
                        "load_seconds": load, "serve_peak_mb": 500}}


def test_a_faster_pipeline_wins_when_accuracy_is_within_the_tolerance():
    slow, fast = result("slow", 0.934, 0.948, 6.8), result("fast", 0.926, 0.948, 0.5)
    assert nlu.choose([slow, fast]) is fast


def test_a_clearly_more_accurate_pipeline_wins():
    accurate, fast = result("accurate", 0.96, 0.97, 6.8), result("fast", 0.90, 0.97, 0.5)
    assert nlu.choose([accurate, fast]) is accurate


def test_meeting_the_bars_comes_first():
    passing, failing = result("passing", 0.94, 0.96, 9.0), result("failing", 0.935, 0.949, 0.5)
    assert nlu.choose([passing, failing]) is passing


def test_the_bars_must_hold_on_each_held_out_set():
    assert nlu.meets_bars(result("both", 0.94, 0.96, 1.0))
    assert not nlu.meets_bars(result("second fails", 0.94, 0.96, 1.0, blind=scores(0.92, 0.96)))
    assert not nlu.meets_bars(result("theme fails", 0.94, 0.96, 1.0, blind=scores(0.94, 0.94)))


def test_theme_scores_count_a_theme_found_where_none_was_meant_as_wrong(kb):
    from bot import vocabulary
    from bot.entities import EntityMatcher
    from bot.evaluation import themes

    matcher = EntityMatcher(vocabulary.build(kb))
    items = [("通いの場の問いを見たい", {"通いの場"}), ("サロンの予約を忘れた", set()), ("今日は晴れです", set())]
    scores = themes.score(matcher, items)
    assert (round(scores["accuracy"], 3), scores["precision"], scores["recall"]) == (0.667, 0.5, 1.0)


def test_the_themes_decided_from_probabilities_follow_the_two_thresholds():
    from bot.theme_classifier import decide

    def themes(p1, p2):
        return [t for t, _ in decide({"通いの場": p1, "地域ケア会議": p2, "短期集中予防サービス": 0.0}, 0.55, 0.6)]

    assert themes(0.5, 0.1) == []
    assert themes(0.9, 0.3) == ["通いの場"]
    assert themes(0.9, 0.7) == ["通いの場", "地域ケア会議"]


def test_the_unseen_sets_also_count_as_one_and_the_report_shows_it():
    from bot.evaluation import heldout_report

    def parsed(intent, theme=()):
        return {"intent": intent, "entities": [{"entity": "theme", "value": t} for t in theme]}

    one = ([{"text": "はい", "intent": "affirm"}, {"text": "どうすれば？", "intent": "ask_handbook"}],
           [{"text": "サロン", "theme": ["通いの場"]}], [parsed("affirm"), parsed("answer")], [parsed("answer", ["通いの場"])])
    two = ([{"text": "いいえ", "intent": "deny"}, {"text": "何から？", "intent": "ask_handbook"}],
           [{"text": "雨", "theme": []}], [parsed("deny"), parsed("ask_handbook")], [parsed("out_of_scope", ["通いの場"])])
    together = nlu_measure._score_with_rates(*(one[k] + two[k] for k in range(4)))
    assert together["sizes"] == {"intents": 4, "entities": 2}
    assert together["ask_handbook_recall"] == 0.5 and together["accuracy"] == 0.75
    assert together["value_accuracy"]["theme"] == 0.5
    first, second = (nlu_measure._score_with_rates(*part) for part in (one, two))
    result = {"sets": {"eighth": first, "ninth": second}, "unseen_together": together,
              "load_seconds": 0.5, "parse_p95_ms": 7.0}
    lines = heldout_report.render(result, nlu_measure.ROOT / "models" / "banso-x.tar.gz")
    assert any(line.startswith("| **未学習 8〜9 を合わせて** | 4 |") for line in lines)
