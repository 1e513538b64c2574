"""Answer-aware follow-ups: GiNZA reads the answer, the question's checks decide."""

import pytest

from bot import followups
from bot.knowledge.models import Check
from bot.review import REVIEW


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
    review.start("mori")
    asked = review.record("mori", REVIEW, q1, "増えていると感じます", message_id="m1")
    assert asked.followup_asked and asked.question_id == q1
    assert any(f.text in asked.messages[0].text for f in kb.question(q1).followups)
    assert [b.payload for b in asked.messages[0].buttons][0] == "/skip"  # the user can always move on
    replied = review.record("mori", REVIEW, q1, "データはまだ見ていません", message_id="m2",
                            replying_to_followup=True)
    assert replied.question_id == q2 and not replied.followup_asked  # at most one follow-up
    rows = store.answers("mori")
    assert [(r.text, r.followup is not None, r.reply_to_followup) for r in rows] == [
        ("増えていると感じます", True, False), ("データはまだ見ていません", False, True)]


def test_moving_on_after_a_followup_keeps_the_answer(review, store, kb):
    q1, q2 = [q.id for q in kb.steps[0].questions[:2]]
    review.start("abe")
    review.record("abe", REVIEW, q1, "増えていると感じます", message_id="m1")
    moved = review.move_on("abe", REVIEW, q1)
    assert moved.question_id == q2
    assert review.progress("abe")["STEP1"]["answered"] == 1
    assert [r.status for r in store.answers("abe")] == ["answered"]
