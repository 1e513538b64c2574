"""The walks through their one entry point, against the real knowledge base and a real SQLite file."""

import threading
from datetime import timedelta
from itertools import count

import pytest

from bot.review import IDLE, REVIEW, Command, Outcome
from bot.store import Store
from bot.store.models import Place, utcnow

RICH = "通いの場は12か所あり、参加者は延べ300人です。民生委員さんからは「集まる場所ができてうれしい」と聞いています。"
VAGUE = "元気な方は多いですが、独り暮らしの方が増えていると感じます。"
_keys = count()


def say(review, sender, intent, text="", key=None, **entities) -> Outcome:
    return review.handle(sender, Command(intent, text or intent, **entities), key or f"k{next(_keys)}")


def first_ids(kb, n):
    return [q.id for step in kb.steps for q in step.questions][:n]


def test_start_opens_the_first_question_with_its_place(review, kb):
    outcome = say(review, "yamada", "start_review")
    first = kb.steps[0].questions[0]
    assert (outcome.walk_key, outcome.question_id) == (REVIEW, first.id)
    assert outcome.messages[-1].text.startswith(f"STEP1 問い 1/{len(kb.steps[0].questions)}")
    assert first.text in outcome.messages[-1].text
    assert [b.intent for b in outcome.messages[-1].buttons] == ["request_viewpoint", "dont_know", "skip", "pause"]


def test_answer_is_stored_verbatim_once_and_the_walk_moves_on(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "yamada", "start_review")
    text = "<b>サロン</b>は月2回、参加者は15人。先月、担当の田中さんが「男性が来ない」と話していました 😀"
    outcome = say(review, "yamada", "answer", text, key="m1")
    assert "記録しました" in outcome.messages[0].text and outcome.recorded == "answered"
    assert outcome.question_id == q2
    assert [(r.question_id, r.text, r.status) for r in store.answers("yamada")] == [(q1, text, "answered")]


def test_a_retried_turn_gets_the_same_outcome_and_never_moves_the_walk(review, store, kb):
    q1, q2, q3 = first_ids(kb, 3)
    say(review, "yamada", "start_review")
    first = say(review, "yamada", "answer", RICH, key="turn-1")
    retry = say(review, "yamada", "answer", RICH, key="turn-1")
    assert retry.retried and retry.messages == first.messages and retry.question_id == q2
    assert store.place("yamada").walk_key == REVIEW and review.open_question("yamada")[1].id == q2
    assert len(store.answers("yamada")) == 1
    # Whatever happened in between, the same key still returns the first outcome and moves nothing.
    say(review, "yamada", "show_progress")
    late = say(review, "yamada", "answer", RICH, key="turn-1")
    assert late.messages == first.messages and review.open_question("yamada")[1].id == q2
    assert say(review, "yamada", "answer", RICH).question_id == q3


def test_the_same_turn_twice_at_once_is_stored_once(tmp_path, kb):
    from bot.review import Review

    path = tmp_path / "banso.db"
    Store(f"sqlite:///{path}")
    review = Review(kb, Store(f"sqlite:///{path}"))
    say(review, "yamada", "start_review")
    others = [Review(kb, Store(f"sqlite:///{path}")) for _ in range(4)]  # as if four servers
    barrier, outcomes = threading.Barrier(len(others)), []

    def send(r):
        barrier.wait()
        outcomes.append(say(r, "yamada", "answer", RICH, key="same"))

    threads = [threading.Thread(target=send, args=(r,)) for r in others]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len({tuple(m.text for m in o.messages) for o in outcomes}) == 1
    assert sum(not o.retried for o in outcomes) == 1
    assert len(review.store.answers("yamada")) == 1
    assert review.open_question("yamada")[1].id == first_ids(kb, 2)[1]


def test_an_outcome_is_kept_only_when_its_transaction_commits(review, store, monkeypatch):
    say(review, "yamada", "start_review")
    real = store.turn

    def failing_commit(sender, key):
        with real(sender, key) as record:
            yield_record = record
            original = yield_record.remember

            def remember(*args):
                original(*args)
                raise OSError("disk full")

            yield_record.remember = remember
            return (yield yield_record)

    import contextlib

    monkeypatch.setattr(store, "turn", contextlib.contextmanager(failing_commit))
    with pytest.raises(OSError):
        say(review, "yamada", "answer", RICH, key="lost")
    monkeypatch.setattr(store, "turn", real)
    assert store.answers("yamada") == [] and store.stored_turn("yamada", "lost") is None
    assert say(review, "yamada", "answer", RICH, key="lost").recorded == "answered"  # the resend is recorded
    assert len(store.answers("yamada")) == 1


def test_a_vague_answer_draws_one_followup_and_its_reply_is_a_supplement(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "yamada", "start_review")
    asked = say(review, "yamada", "answer", VAGUE)
    followup = kb.steps[0].questions[0].followups[0].text
    assert followup in asked.messages[0].text and asked.question_id == q1
    assert [b.intent for b in asked.messages[0].buttons] == ["skip", "pause"]
    aside = say(review, "yamada", "out_of_scope", "今日の天気は？")
    assert "補足をお待ちしています" in aside.messages[-1].text and followup in aside.messages[-1].text
    reply = say(review, "yamada", "answer", "要介護認定のデータでは認定率が1ポイント上がっています。")
    assert "補足として記録しました" in reply.messages[0].text and reply.question_id == q2
    assert [a.reply_to_followup for a in store.answers("yamada")] == [False, True]


def test_skipping_a_followup_keeps_the_answer(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "yamada", "start_review")
    say(review, "yamada", "answer", VAGUE)
    moved = say(review, "yamada", "skip", "/skip")
    assert moved.question_id == q2 and "先ほどの回答のまま" in moved.messages[0].text
    assert [(a.text, a.status) for a in store.answers("yamada")] == [(VAGUE, "answered")]


def test_dont_know_first_offers_an_easier_way_then_records(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "ito", "start_review")
    easier = say(review, "ito", "dont_know", "わからない")
    assert easier.question_id == q1 and kb.question(q1).hint in easier.messages[0].text
    assert "への回答をどうぞ" in easier.messages[-1].text and store.answers("ito") == []
    recorded = say(review, "ito", "dont_know", "わからない")
    assert recorded.question_id == q2 and recorded.recorded == "dont_know"
    skipped = say(review, "ito", "skip", "スキップ")
    assert skipped.recorded == "skipped"
    counts = review.progress("ito")["STEP1"]
    assert (counts["skipped"], counts["dont_know"], counts["answered"]) == (1, 1, 0)


def test_go_back_keeps_both_versions_of_a_revised_answer(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "sato", "start_review")
    say(review, "sato", "answer", "最初の答え。参加者は10人で「楽しい」と聞きました。")
    back = say(review, "sato", "go_back", "前に戻りたい")
    assert back.question_id == q1 and "最初の答え" in back.messages[0].text
    assert say(review, "sato", "go_back", "前に戻りたい").messages[0].text.startswith("これが最初の問い")
    say(review, "sato", "answer", "直した答え。参加者は12人で「うれしい」と聞きました。")
    assert [r.text[:5] for r in store.answers("sato")] == ["最初の答え", "直した答え"]
    assert review.progress("sato")["STEP1"]["answered"] == 1


def test_asides_in_a_walk_point_back_without_moving(review, kb):
    q1 = first_ids(kb, 1)[0]
    say(review, "kudo", "start_review")
    for intent in ["request_viewpoint", "help", "greet", "bot_challenge", "show_progress", "out_of_scope"]:
        outcome = say(review, "kudo", intent)
        assert outcome.question_id == q1 and outcome.recorded is None, intent
        assert outcome.messages[-1].text == "STEP1 問い 1/5 への回答をどうぞ。", intent
    term = say(review, "kudo", "ask_term", "サービスCとは", term="サービスC")
    assert "【サービスC】" in term.messages[0].text and term.question_id == q1


def test_pause_then_words_are_not_filed_and_a_resume_is_offered(review, store, kb):
    q1, q2 = first_ids(kb, 2)
    say(review, "kato", "start_review")
    say(review, "kato", "answer", RICH)
    paused = say(review, "kato", "pause", "中断")
    assert paused.question_id is None and "再開" in paused.messages[0].text
    stray = say(review, "kato", "answer", "通いの場は12か所")
    assert stray.recorded is None and "記録していません" in stray.messages[0].text
    assert "前回の続き（STEP1 問い 2/5）から再開しますか？" in stray.messages[0].text
    assert [b.intent for b in stray.messages[0].buttons][0] == "resume"
    resumed = say(review, "kato", "affirm", "はい")  # a plain yes takes the offer
    assert resumed.question_id == q2 and kb.question(q2).text in resumed.messages[-1].text
    assert len(store.answers("kato")) == 1


def test_after_an_idle_hour_the_next_message_offers_to_resume(review, store, kb):
    q1 = first_ids(kb, 1)[0]
    say(review, "mori", "start_review")
    with store.session() as session, session.begin():
        session.get(Place, "mori").last_turn_at = utcnow() - IDLE - timedelta(minutes=1)
    late = say(review, "mori", "answer", "さっきの続きですが、参加者は20人です。")
    assert late.recorded is None and late.question_id is None
    assert "時間が空いたため" in late.messages[0].text and "STEP1 問い 1/5" in late.messages[0].text
    assert store.answers("mori") == []
    greeted = say(review, "mori", "greet", "こんにちは")
    assert "前回の続き（STEP1 問い 1/5）から再開しますか？" in greeted.messages[0].text
    assert say(review, "mori", "resume", "再開").question_id == q1


def test_the_idle_period_is_the_rasa_session_length():
    import yaml

    from tests.conftest import ROOT

    domain = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
    assert domain["session_config"]["session_expiration_time"] == IDLE.total_seconds() / 60


def test_finishing_a_theme_walk_says_so_and_offers_what_next(review, kb):
    theme = kb.themes[0]
    say(review, "kato", "choose_theme", theme.name, theme=theme.name)
    outcome = None
    for index, _ in enumerate(theme.questions):
        outcome = say(review, "kato", "skip", "スキップ")
    assert outcome.question_id is None
    assert "終わりました" in outcome.messages[-2].text and outcome.messages[-1].buttons
    assert "見つかりませんでした" in say(review, "kato", "resume").messages[0].text


def test_each_walk_keeps_its_place_when_jumping(review, kb):
    theme = kb.theme_by_name("通いの場")
    say(review, "abe", "start_review")
    say(review, "abe", "skip")
    say(review, "abe", "choose_theme", "通いの場", theme="通いの場")
    say(review, "abe", "skip")
    back = say(review, "abe", "start_review")
    assert back.question_id == first_ids(kb, 2)[1] and "前回の続き" in back.messages[0].text
    again = say(review, "abe", "choose_theme", "通いの場", theme="通いの場")
    assert again.question_id == theme.questions[1].id


def test_unknown_theme_or_step_lists_the_choices_and_keeps_the_walk(review, kb):
    outcome = say(review, "x", "choose_theme", "宇宙開発", theme="宇宙開発")
    assert outcome.question_id is None
    assert [b.title for b in outcome.messages[0].buttons] == [t.name for t in kb.themes]
    say(review, "x", "start_review")
    steps = say(review, "x", "choose_step", "STEP9", step="STEP9")
    assert len(steps.messages[0].buttons) == len(kb.steps) and steps.question_id == first_ids(kb, 1)[0]
    assert steps.messages[-1].text.endswith("への回答をどうぞ。")


def test_starting_at_a_step_the_handbook_lacks_lists_the_steps_and_starts_nothing(review, kb):
    """「STEP9から始めたい」 is start_review with no step found: the steps are shown, no walk opens."""
    from bot import messages

    for text in ["STEP9から始めたい", "ｓｔｅｐ１２から見直したい"]:
        outcome = say(review, "nine", "start_review", text)
        assert outcome.question_id is None and outcome.messages[0].text == messages.UNKNOWN_STEP
        assert len(outcome.messages[0].buttons) == len(kb.steps)
    assert say(review, "nine", "start_review", "見直しを始めたい").question_id == first_ids(kb, 1)[0]


def test_a_step_counted_in_the_handbooks_order_says_how_it_was_counted(review, kb):
    from bot import messages

    order = messages.STEP_COUNTED.format(order="・".join(s.label for s in kb.steps))
    third = say(review, "count", "choose_step", "3番目のステップに進みたい", step="STEP2-B")
    assert [m.text for m in third.messages[:2]] == [order, messages.STEP_OPENED.format(
        label="STEP2-B", title=kb.step_by_label("STEP2-B").title)]
    first = say(review, "count", "choose_step", "一つ目のステップ", step="STEP1")  # its own number: nothing to say
    lettered = say(review, "count", "choose_step", "2つ目のステップのB", step="STEP2-B")  # counted by number, not order
    question = say(review, "count", "choose_step", "STEP2-Bの3つ目の問いに行きたい", step="STEP2-B")  # a question counted
    assert order in [m.text for m in say(review, "count", "choose_step", "ステップの三番目", step="STEP2-B").messages]
    assert order not in [m.text for m in first.messages + lettered.messages + question.messages]


def test_choose_step_jumps_into_the_review(review, kb):
    step = kb.step_by_label("STEP3")
    assert say(review, "x", "choose_step", "STEP3", step="STEP3").question_id == step.questions[0].id


def test_outside_a_walk_small_talk_and_help(review):
    greeting = say(review, "new", "greet", "こんにちは")
    assert "始めますか？" in greeting.messages[0].text and greeting.offer == "start_review"
    assert say(review, "new", "affirm", "はい").question_id is not None
    say(review, "new", "pause")
    assert say(review, "new", "deny", "いいえ").question_id is None
    assert "お答えできません" in say(review, "new2", "out_of_scope").messages[0].text
    assert "開いている問いがありません" in say(review, "new2", "request_viewpoint").messages[0].text


def test_the_web_pages_history_comes_from_the_record_in_pages(review, store):
    for index in range(7):
        say(review, "page", "show_progress", f"進み具合 {index}")
    latest = store.turns("page", limit=3)
    assert [t.text for t in latest] == ["進み具合 4", "進み具合 5", "進み具合 6"]
    older = store.turns("page", before=latest[0].id, limit=3)
    assert [t.text for t in older] == ["進み具合 1", "進み具合 2", "進み具合 3"]


def test_a_walk_at_a_retired_question_is_not_a_dead_end(review, store):
    from bot.store.models import Walk

    say(review, "ueda", "start_review")
    with store.session() as session, session.begin():  # the knowledge base no longer has this question
        session.query(Walk).filter(Walk.sender_id == "ueda").update({"question_id": "step1.retired"})
    stray = say(review, "ueda", "answer", "参加者は20人です。")
    assert stray.recorded is None and stray.question_id is None and "記録していません" not in stray.text
    assert "見つかりませんでした" in say(review, "ueda", "resume").text
    assert say(review, "ueda", "start_review").question_id == "step1.q1"  # starts again, nothing breaks


def test_step2_alone_asks_a_or_b_and_a_step_opens_with_its_name(review, kb):
    which = say(review, "step", "choose_step", "STEP2", step="STEP2")
    assert "STEP2-A と STEP2-B" in which.text and which.question_id is None
    assert [b.entities for b in which.messages[0].buttons] == [{"step": "STEP2-A"}, {"step": "STEP2-B"}]
    opened = say(review, "step", "choose_step", "/choose_step", step="STEP2-B")
    assert opened.messages[0].text.startswith("STEP2-B「") and opened.question_id == kb.step_by_label("STEP2-B").questions[0].id
    # 「見直しを STEP3 から始めたい」: the review starts at that STEP.
    started = say(review, "other", "start_review", "見直しをSTEP3から始めたい", step="STEP3")
    assert started.question_id == kb.step_by_label("STEP3").questions[0].id


def test_a_question_in_a_walk_is_held_not_filed_and_nothing_typed_is_lost(review, store, kb):
    q1 = first_ids(kb, 1)[0]
    say(review, "net", "start_review")
    question = "通いの場の参加者が固定化してきたとき、どう進めるのがいいでしょうか"
    held = say(review, "net", "answer", question)
    assert held.recorded is None and held.question_id == q1 and "回答として記録しますか" in held.text
    assert [b.title for b in held.messages[0].buttons] == ["回答として記録する", "ハンドブックで調べる", "いまの問いに戻る"]
    looked_up = say(review, "net", "ask_handbook", "/ask_handbook")  # the button: search what was held
    assert "大事な視点" in looked_up.text and looked_up.question_id == q1 and store.answers("net") == []
    assert store.turns("net")[-2].text == question  # the typed text is kept in the record's turns
    again = say(review, "net", "answer", question)
    recorded = say(review, "net", "affirm", "/affirm")  # 「回答として記録する」
    assert recorded.recorded == "answered" and [a.text for a in store.answers("net")] == [question]
    assert again.offer == "record_held"


def test_an_unsure_answer_is_held_and_can_be_dropped(review, store, kb):
    say(review, "net2", "start_review")
    held = say(review, "net2", "answer", "あしたの会議室どこだっけ", confidence=0.31)
    assert "回答として記録しますか" in held.text
    dropped = say(review, "net2", "deny", "/deny")  # 「いまの問いに戻る」
    assert "回答にしませんでした" in dropped.text and dropped.messages[-1].text.endswith("への回答をどうぞ。")
    assert store.answers("net2") == []
    sure = say(review, "net2", "answer", RICH, confidence=0.9)
    assert sure.recorded == "answered"


def test_a_lone_character_or_an_unsure_yes_is_held_not_filed(review, store):
    say(review, "net3", "start_review")
    for intent, text, confidence in (("affirm", "あ", 0.95), ("affirm", "ええ、まあ", 0.45)):
        held = say(review, "net3", intent, text, confidence=confidence)
        assert "回答として記録しますか" in held.text and store.answers("net3") == []
        say(review, "net3", "deny", "/deny")
    assert say(review, "net3", "answer", "5", confidence=0.9).recorded == "answered"  # a number may answer


def test_a_handbook_question_is_answered_with_viewpoints_and_its_source(review, kb):
    outcome = say(review, "adv", "ask_handbook", "協議体が形だけになっている。どうすればいい？")
    text = outcome.text
    assert "ハンドブックでは、各論「生活支援体制整備事業」の問い" in text and "【大事な視点】" in text
    assert "【問いかけ例】" in text
    buttons = outcome.messages[0].buttons
    assert len(buttons) == 2 and all(kb.question(b.entities["question"]) for b in buttons)
    opened = say(review, "adv", "ask_handbook", "/ask_handbook", question=buttons[0].entities["question"])
    assert kb.question(buttons[0].entities["question"]).viewpoints[0].text in opened.text
    term = say(review, "adv", "ask_handbook", "上限超過とは")
    assert term.text.startswith("【上限超過】")


def test_a_question_the_project_wrote_is_not_said_to_be_the_handbooks(review, kb):
    project = next(q for q in kb.questions() if not q.provenance.authored.from_handbook)
    handbook = next(q for q in kb.questions() if q.provenance.authored.from_handbook)
    opened = say(review, "adv2", "ask_handbook", "/ask_handbook", question=project.id).text
    assert not opened.startswith("ハンドブックでは") and "伴走が用意した問い" in opened
    assert say(review, "adv2", "ask_handbook", "/ask_handbook", question=handbook.id).text.startswith("ハンドブックでは")


# Between visits: the greeting names the next meeting and what to look at before it ----------------
def _municipality_with_staff(store, login="tanaka"):
    from bot.store.registry import Registry

    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person(login, "田中一郎", "staff", ["川北町"])
    return registry


@pytest.mark.parametrize("today, expected", [
    ("2025-08-20", "次は 1.5mtg（令和7年9月2日）です。"),  # before the meeting
    ("2025-09-02", "次は 1.5mtg（令和7年9月2日）です。"),  # on its day it is still the next one
    ("2025-09-03", None),  # after it: a meeting in the past is not "next", and nothing is said
])
def test_the_greeting_names_the_next_meeting_only_when_it_is_ahead(review, store, monkeypatch, today, expected):
    from datetime import date

    registry = _municipality_with_staff(store)
    registry.add_visit("川北町", "1.5mtg", date(2025, 9, 2))
    registry.add_visit("川北町", "0.5mtg", date(2025, 6, 1))
    monkeypatch.setattr(type(review), "today", staticmethod(lambda: date.fromisoformat(today)))
    text = say(review, "tanaka", "greet", "こんにちは").messages[0].text
    assert text.startswith("こんにちは。伴走（Bansō）です。")
    if expected:
        assert expected in text and "0.5mtg" not in text
    else:
        assert "次は" not in text and "mtg" not in text


def test_no_meeting_on_record_says_nothing_about_it(review, store):
    _municipality_with_staff(store)
    text = say(review, "tanaka", "greet", "こんにちは").messages[0].text
    assert "次は" not in text and "それまでに" not in text
    assert say(review, "stranger", "greet", "こんにちは").messages[0].text.startswith("こんにちは")  # no person row


def test_before_the_meeting_the_greeting_suggests_the_walk_followups_and_comments(review, store, kb, monkeypatch):
    from datetime import date

    from bot.store import comments

    registry = _municipality_with_staff(store)
    registry.add_person("adv", "鈴木一郎", "adviser", ["川北町"])
    registry.add_visit("川北町", "2.5mtg", date(2025, 11, 10))
    monkeypatch.setattr(type(review), "today", staticmethod(lambda: date(2025, 10, 1)))
    say(review, "tanaka", "start_review", "振り返りを始めたい")
    say(review, "tanaka", "answer", VAGUE)  # draws a follow-up, left unanswered
    say(review, "tanaka", "pause", "中断")
    answer = store.answers("tanaka")[0]
    comments.add(store, registry.person("adv"), answer.id, "独り暮らしの方の数、一緒に調べてみましょう。")
    text = say(review, "tanaka", "greet", "こんにちは").messages[0].text
    total = len([q for s in kb.steps for q in s.questions])
    assert "アドバイザーからコメントがあります（1件）" in text
    assert "次は 2.5mtg（令和7年11月10日）です。" in text
    assert f"途中の振り返り（あと{total}問）" in text and "深掘りの問いかけ（1件）" in text
    assert "新しいコメント（1件）" in text and "前回の続き" in text  # the resume offer stays
