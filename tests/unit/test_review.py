"""The walks, against the real knowledge base and a real SQLite file."""

from bot.review import REVIEW


def first_ids(kb, n):
    return [q.id for step in kb.steps for q in step.questions][:n]


def answer(review, sender, walk, question_id, text, message_id):
    """Answer, and reply to the follow-up if the bot asks one: the walk has moved on after."""
    turn = review.record(sender, walk, question_id, text, message_id=message_id)
    if turn.followup_asked:
        turn = review.record(sender, walk, question_id, "補足です", message_id=f"{message_id}-reply",
                             replying_to_followup=True)
    return turn


def test_start_opens_the_first_question_with_its_place(review, kb):
    turn = review.start("yamada")
    assert turn.question_id == kb.steps[0].questions[0].id
    asked = review.ask(REVIEW, turn.question_id).messages[0].text
    assert asked.startswith(f"STEP1 問い 1/{len(kb.steps[0].questions)}")
    assert kb.steps[0].questions[0].text in asked


def test_answer_is_stored_verbatim_once_and_the_walk_moves_on(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    review.start("yamada")
    text = "<b>サロン</b>は月2回。先月、担当の田中さんが「男性が来ない」と話していました 😀"
    turn = review.record("yamada", REVIEW, q1, text, message_id="m1")
    assert "記録しました" in turn.messages[0].text
    assert turn.question_id == q2 and not turn.followup_asked
    again = review.record("yamada", REVIEW, q1, text, message_id="m1")  # a retried turn
    assert again.question_id == q2
    rows = store.answers("yamada")
    assert [(r.question_id, r.text, r.status) for r in rows] == [(q1, text, "answered")]


def test_resume_in_a_new_conversation_returns_to_the_exact_question(review, kb):
    q1, q2 = first_ids(kb, 2)
    review.start("yamada")
    review.record("yamada", REVIEW, q1, "答え", message_id="m1")
    review.pause("yamada", REVIEW, q2)
    turn = review.resume("yamada")
    assert turn.question_id == q2
    assert "再開" in turn.messages[0].text


def test_nothing_to_resume_offers_to_start(review):
    turn = review.resume("nobody")
    assert turn.question_id is None
    assert turn.messages[0].buttons[0].payload == "/start_review"


def test_go_back_keeps_both_versions_of_a_revised_answer(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    review.start("sato")
    review.record("sato", REVIEW, q1, "最初の答え", message_id="m1")
    back = review.go_back("sato", REVIEW, q2)
    assert back.question_id == q1 and "最初の答え" in back.messages[0].text
    review.record("sato", REVIEW, q1, "直した答え", message_id="m2")
    assert [r.text for r in store.answers("sato")] == ["最初の答え", "直した答え"]
    assert review.progress("sato")["STEP1"]["answered"] == 1


def test_skip_and_dont_know_are_recorded_with_their_status(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    review.start("ito")
    review.record("ito", REVIEW, q1, "スキップ", message_id="a", status="skipped")
    review.record("ito", REVIEW, q2, "わからない", message_id="b", status="dont_know")
    counts = review.progress("ito")["STEP1"]
    assert (counts["skipped"], counts["dont_know"], counts["answered"]) == (1, 1, 0)


def test_finishing_a_theme_walk_says_so(review, kb):
    theme = kb.themes[0]
    review.start("kato", theme.id)
    turn = None
    for index, q in enumerate(theme.questions):
        turn = answer(review, "kato", theme.id, q.id, f"答え{index}", f"m{index}")
    assert turn.question_id is None
    assert "終わりました" in turn.messages[-1].text
    assert review.resume("kato").question_id is None


def test_viewpoint_and_easier_prompt_come_from_the_knowledge(review, kb):
    question = kb.steps[0].questions[0]
    shown = review.viewpoint(question.id).messages[0].text
    assert question.viewpoints[0].text in shown and "大事な視点" in shown
    easier = review.easier(question.id).messages[0].text
    assert question.hint in easier


def test_unknown_theme_or_step_lists_the_choices(review, kb):
    turn = review.start_theme("x", "宇宙開発")
    assert turn.question_id is None
    assert [b.title for b in turn.messages[0].buttons] == [t.name for t in kb.themes]
    turn = review.start_step("x", "STEP9")
    assert len(turn.messages[0].buttons) == len(kb.steps)


def test_choose_step_jumps_into_the_review(review, kb):
    step = kb.step_by_label("STEP3")
    assert review.start_step("x", "STEP3").question_id == step.questions[0].id
