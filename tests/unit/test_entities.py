"""Theme, step and term from the knowledge-generated vocabulary, as typed by real staff."""

import re
from pathlib import Path

import pytest

from bot import theme_classifier, vocabulary
from bot.entities import EntityMatcher, Mention, for_intent


@pytest.fixture(scope="module")
def matcher(kb):
    return EntityMatcher(vocabulary.build(kb))


@pytest.fixture(scope="module")
def classifier(kb):
    return theme_classifier.train(kb)


@pytest.fixture(scope="module")
def classified(kb, classifier):
    return EntityMatcher(vocabulary.build(kb), classifier)


def found(matcher, text, entity):
    return sorted({m.value for m in matcher.find(text) if m.entity == entity})


@pytest.mark.parametrize("text, entity, values", [
    ("ステップ２のAから再開したい", "step", ["STEP2-A"]),
    ("step2aに飛んで", "step", ["STEP2-A"]),
    ("ＳＴＥＰ２ーＢに戻して", "step", ["STEP2-B"]),
    ("すてっぷ３", "step", ["STEP3"]),
    ("ステップ二のB", "step", ["STEP2-B"]),
    ("ｻﾛﾝの数は増えた", "theme", ["通いの場"]),
    ("かよいのばの偏り", "theme", ["通いの場"]),
    ("ＳＣが2人になった", "theme", ["生活支援体制整備事業"]),
    ("協議体を開いた", "theme", ["生活支援体制整備事業"]),
    ("通所Cの卒業生", "theme", ["短期集中予防サービス"]),
    ("ケア会議の司会", "theme", ["地域ケア会議"]),
    ("通所Cって何", "term", ["サービスC"]),
    ("ｻｰﾋﾞｽCとは", "term", ["サービスC"]),
    ("生活支援コーディネータが2人", "term", ["生活支援コーディネーター"]),
    ("通いの馬の担い手", "theme", ["通いの場"]),  # the IME picked the wrong kanji
    ("地域ケア会義の事例", "theme", ["地域ケア会議"]),
    ("スッテプ5に行きたい", "step", ["STEP5"]),  # slips of the keyboard in the head word
    ("STPE4お願いします", "step", ["STEP4"]),
    ("第6段階を見たい", "step", ["STEP6"]),
    ("3番目のステップ", "step", ["STEP2-B"]),  # counted in the handbook's order: 1, 2-A, 2-B, 3 …
    ("2つ目のステップ", "step", ["STEP2-A"]),
    ("最後のステップ", "step", ["STEP7"]),
    ("ＳＴＥＰ２に進みたい", "step", ["STEP2"]),  # 2 without A or B: the bot asks which
    ("ステップ２のBに進みたい", "step", ["STEP2-B"]),
    ("介護予防ケアプランの点検", "theme", ["介護予防ケアマネジメント"]),
    ("自立支援型ケア会議を月1回", "theme", ["地域ケア会議"]),
    ("体操グループが12か所", "theme", ["通いの場"]),
    ("すてっぷなな", "step", ["STEP7"]),  # the digit in kana
    ("STEP-6を見たい", "step", ["STEP6"]),  # a hyphen after the head word
    ("ステップの1番目", "step", ["STEP1"]),  # the head word before the ordinal
    ("ステツプ4の問い", "step", ["STEP4"]),  # small tsu typed full size
    ("STEP5と6って何が違うの", "step", ["STEP5", "STEP6"]),  # steps listed after a step
    ("ステップ3、4と5", "step", ["STEP3", "STEP4", "STEP5"]),
    ("ステップ2のAとBの違い", "step", ["STEP2-A", "STEP2-B"]),
    ("訪問型Cはまだ実施していません", "theme", ["短期集中予防サービス"]),
    ("通いのばの問いを見たい", "theme", ["通いの場"]),  # half converted by the IME: found by reading
    ("ケアかいぎの視点見せて", "theme", ["地域ケア会議"]),
    ("協議隊のメンバーが毎回同じ", "term", ["協議体"]),
    ("ちいきケア会議を開いた", "theme", ["地域ケア会議"]),
])
def test_forms_people_type_map_to_the_canonical_value(matcher, text, entity, values):
    assert found(matcher, text, entity) == values


def test_one_mention_can_be_a_term_and_a_theme(matcher):
    mentions = matcher.find("SCって何？")
    assert {(m.entity, m.value, m.text) for m in mentions} == {
        ("term", "生活支援コーディネーター", "SC"), ("theme", "生活支援体制整備事業", "SC")}
    assert all((m.start, m.end) == (0, 2) for m in mentions)


@pytest.mark.parametrize("text", [
    "SCHOOLの話", "12-Aの会議室", "サロンパスを貼る", "包括的に考える", "協議会を開いた",
    "次のステップアップ", "サービスが足りない", "ステップごとに確認", "話し合いの場を持った",  # not 通いの場 mistyped
])
def test_near_misses_are_not_entities(matcher, text):
    assert [(m.entity, m.value) for m in matcher.find(text) if m.entity != "term" or m.value != "サービス"] == []


@pytest.mark.parametrize("text, steps", [
    ("2-A会議室で打ち合わせです", []), ("会議室2-Bは空いていますか", []), ("2-Aの教室に集合", []),
    ("2-Aでお願いします", ["STEP2-A"]), ("STEP2-Aの会議室で話しました", ["STEP2-A"]),
])
def test_a_bare_step_code_beside_a_room_is_the_rooms_name(matcher, text, steps):
    assert found(matcher, text, "step") == steps


def test_small_talk_names_no_theme_or_step(matcher):
    mentions = matcher.find("美容サロンの予約とダンスのステップ3")
    assert {m.entity for m in mentions} >= {"theme", "step"}
    assert {m.entity for m in for_intent(mentions, "out_of_scope", 0.9)} <= {"term"}
    assert for_intent(mentions, "out_of_scope", 0.4) == mentions  # a statement taken for small talk
    assert for_intent(mentions, "ask_handbook", 0.9) == mentions


def test_a_number_after_a_step_is_a_step_only_when_listed(matcher):
    assert found(matcher, "STEP5と6人で", "step") == ["STEP5"]  # 6人 is a count of people


def test_four_kanji_with_one_changed_are_another_word(matcher):
    assert found(matcher, "認知症初期集中支援チームの件数", "theme") == []  # 初期集中 is not 短期集中


def test_a_reading_must_cover_whole_words_and_be_long_enough(matcher):
    assert found(matcher, "かいぎの日程", "theme") == []  # カイギ alone is any meeting
    assert found(matcher, "地域けあかいぎょう", "theme") == []  # カイギョウ: the reading runs on into another word
    (mention,) = [m for m in matcher.find("先月の通いのば、どうでしたか") if m.entity == "theme"]
    assert mention.text == "通いのば"


def test_a_word_with_no_reading_neither_breaks_nor_joins_a_name(matcher):
    # 「ー」 after the last word keyed to nothing, and the reading search read past the end of the message
    assert matcher.find("おつかれさまですー") == []
    assert matcher.find("ありがとうございますーー") == []
    assert found(matcher, "こんにちはー、かよいのばの件ですー", "theme") == ["通いの場"]


@pytest.mark.parametrize("text, theme", [
    ("アセスメントとモニタリングのやり方を見直したい", "介護予防ケアマネジメント"),
    ("体操の世話役が高齢になって代替わりが進まない", "通いの場"),
    ("個別事例から地域課題を見つけるところが弱い", "地域ケア会議"),
    ("コーディネーターが孤立していて形骸化が心配", "生活支援体制整備事業"),
])
def test_a_theme_is_recognised_by_what_the_message_is_about(classified, text, theme):
    (mention,) = [m for m in classified.find(text) if m.entity == "theme"]
    assert (mention.value, mention.text) == (theme, text)  # about the whole message, not one word of it


def test_a_named_theme_is_not_second_guessed(classified):
    assert found(classified, "通いの場の体操の参加者が減って困っています", "theme") == ["通いの場"]


def test_a_named_theme_comes_first_and_a_plain_second_one_is_added(classified):
    # The review opens the first theme: the one named. Finding individual cases' common issues is what
    # 地域ケア会議 is for, and the classifier is all but sure of it.
    themes = [m.value for m in classified.find("通いの場で個別事例から地域課題を見つけたい") if m.entity == "theme"]
    assert themes == ["通いの場", "地域ケア会議"]


@pytest.mark.parametrize("text", ["今日は会議が多いです", "体操をしました", "資料の印刷をお願いします", "会議室の予約をお願い"])
def test_an_ordinary_word_alone_is_not_a_theme(classified, text):
    assert found(classified, text, "theme") == []


def test_the_theme_classifier_is_saved_as_plain_arrays(tmp_path, classifier):
    classifier.save(tmp_path)
    loaded = theme_classifier.ThemeClassifier.load(tmp_path)
    text = "専門職が3か月集中的に関わる通所のプログラム"
    assert loaded.probabilities(text) == pytest.approx(classifier.probabilities(text))
    assert [theme for theme, _ in loaded.themes_of(text)] == ["短期集中予防サービス"]


def test_letters_are_never_guessed(matcher):
    assert found(matcher, "サービスAとサービスB", "term") == ["サービスA", "サービスB"]
    assert found(matcher, "個別協議の流れ", "theme") == []  # an exact term, not a typo of 個別会議


def test_offsets_point_into_the_normalised_text(matcher):
    text = "今日は すてっぷ2のびー から"
    (mention,) = [m for m in matcher.find(text) if m.entity == "step"]
    assert text[mention.start:mention.end] == mention.text == "すてっぷ2のびー"


def test_a_theme_read_from_what_the_message_is_about_outlasts_a_small_talk_intent():
    # A theme the classifier is all but certain of stands; one it is unsure of goes with the named one.
    described = Mention("theme", "通いの場", 0, 12, "茶話会を楽しむ住民主体の集まり", probability=0.998)
    unsure = Mention("theme", "生活支援体制整備事業", 0, 12, "衣装のコーディネートに迷う", probability=0.79)
    named = Mention("theme", "通いの場", 2, 5, "美容サロン")
    assert for_intent([described, unsure, named], "out_of_scope", 0.9) == [described]
    assert for_intent([described, unsure, named], "answer", 0.9) == [described, unsure, named]


@pytest.mark.parametrize("text, steps", [
    ("すてっぷに", ["STEP2"]), ("ステップご", ["STEP5"]), ("すてっぷにびー", ["STEP2-B"]),
    ("ステップに進みます", []), ("ステップごとに確認", []),
])
def test_a_step_number_in_kana_counts_only_as_the_whole_message(matcher, text, steps):
    assert found(matcher, text, "step") == steps


# A step annotated in the training data: [span]{"entity": "step", "value": "STEP2-B"}.
_ANNOTATED_STEP = re.compile(r'\[([^\]]+)\]\{"entity": "step", "value": "([^"]+)"\}')
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九]|最初|最後|最終")


def test_steps_the_training_data_names_by_number_or_order_are_the_ones_the_bot_reads(matcher):
    # Writers counted 「4番目のステップ」 as STEP4; in the handbook's order (1, 2-A, 2-B, 3 …) it is STEP3.
    # Steps described in words (「評価のステップ」) are left out: the bot does not read those.
    nlu = Path(__file__).resolve().parents[2] / "data" / "nlu"
    disagreements = [(path.name, span, value, found(matcher, span, "step"))
                     for path in sorted(nlu.glob("*.yml"))
                     for span, value in _ANNOTATED_STEP.findall(path.read_text(encoding="utf-8"))
                     if _COUNTED.search(span) and value not in found(matcher, span, "step")]
    assert disagreements == []


@pytest.mark.parametrize("text, steps", [
    ("2つ目のステップのBから", ["STEP2-B"]),
    ("2番目のステップBをやりたい", ["STEP2-B"]),
    ("最終ステップに進みたい", ["STEP7"]),
    ("ステップ２−Ｂ", ["STEP2-B"]),  # U+2212, the minus sign some IMEs give
])
def test_steps_counted_then_lettered_or_called_the_last(matcher, text, steps):
    assert found(matcher, text, "step") == steps
