"""Answer-aware follow-ups: GiNZA reads the answer, the question's checks decide."""

import pytest

from bot import followups
from bot.knowledge.models import Check
from bot.review import Command


@pytest.mark.parametrize("text, check, lacking", [
    ("要介護認定者が増えていると感じます", Check.data, True),
    ("見える化システムで見ると、調整済み認定率が県平均より2ポイント高いです", Check.data, False),
    ("ニーズ調査の結果を担当と読み合わせました", Check.data, False),
    ("行政としては住民主体で進めたいと考えています", Check.voices, True),
    ("民生委員さんからは、集まる場所が遠いという声を聞きます", Check.voices, False),
    ("サロンは大事だと思います", Check.episode, True),
    ("先月訪問した田中さんが「買い物に行けなくなった」と話していました", Check.episode, False),
    ("特にない", Check.concrete, True),
    ("北町地区ではサロンが3か所あり、毎週水曜に15人ほど集まっています", Check.concrete, False),
])
def test_each_check_reads_what_the_answer_contains(text, check, lacking):
    assert followups.lacks(check, followups.read(text)) is lacking


def test_the_first_gap_in_the_questions_order_is_asked(kb):
    question = next(q for q in kb.questions() if [f.check for f in q.followups][:2] == [Check.data, Check.episode])
    data_first, episode_next = question.followups[0].text, question.followups[1].text
    assert followups.choose(question, "増えていると感じます") == data_first
    assert followups.choose(question, "認定率は県平均より2ポイント高いです") == episode_next
    rich = "認定率は2ポイント高く、先月訪問した田中さんも「最近は外に出ない」と話していました"
    assert followups.choose(question, rich) is None


def test_a_followup_keeps_the_question_open_and_the_reply_moves_on(review, store, kb):
    q1, q2 = [q.id for q in kb.steps[0].questions[:2]]
    review.handle("mori", Command("start_review"), "m0")
    asked = review.handle("mori", Command("answer", "増えていると感じます"), "m1")
    assert asked.question_id == q1 and asked.recorded == "answered"
    assert any(f.text in asked.messages[0].text for f in kb.question(q1).followups)
    assert [b.intent for b in asked.messages[0].buttons][0] == "skip"  # the user can always move on
    replied = review.handle("mori", Command("answer", "データはまだ見ていません"), "m2")
    assert replied.question_id == q2 and len(replied.messages) == 2  # at most one follow-up
    rows = store.answers("mori")
    assert [(r.text, r.followup is not None, r.reply_to_followup) for r in rows] == [
        ("増えていると感じます", True, False), ("データはまだ見ていません", False, True)]


def test_moving_on_after_a_followup_keeps_the_answer(review, store, kb):
    q1, q2 = [q.id for q in kb.steps[0].questions[:2]]
    review.handle("abe", Command("start_review"), "m0")
    review.handle("abe", Command("answer", "増えていると感じます"), "m1")
    moved = review.handle("abe", Command("skip", "/skip"), "m2")
    assert moved.question_id == q2
    assert review.progress("abe")["STEP1"]["answered"] == 1
    assert [r.status for r in store.answers("abe")] == ["answered"]
