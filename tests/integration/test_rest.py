"""The real Rasa server and action server, over the REST webhook."""

import pytest

from bot.knowledge.loader import load

from .conftest import Chat

pytestmark = pytest.mark.slow
KB = load()
STEP1 = KB.steps[0]


def test_greeting_in_japanese(chat):
    replies = chat.send("こんにちは")
    assert "伴走" in replies[0]["text"]
    assert [b["title"] for b in replies[0]["buttons"]][0] == "振り返りを始める"


def test_a_review_answer_is_stored_once_and_confirmed(chat):
    opened = chat.say("振り返りを始めたいです")
    assert "STEP1 問い 1/" in opened and STEP1.questions[0].text in opened
    answer = "通いの場は12か所あります。先月、担当の田中さんが「参加者が延べ300人を超えた」と話していました。"
    confirmed = chat.say(answer, client_id="turn-1")
    assert "記録しました" in confirmed and "STEP1 問い 2/" in confirmed
    chat.send(answer, client_id="turn-1")  # a retried request of the same turn
    assert chat.rows()[0] == (STEP1.questions[0].id, answer, "answered")
    assert len([r for r in chat.rows() if r[1] == answer]) == 1


def test_pause_and_resume_under_a_new_session(chat, bot):
    chat.say("振り返りを始めます")
    assert "記録しました" in chat.say("認定率は県平均より2ポイント高いです。先月訪問した方も「外に出なくなった」と話していました。")
    paused = chat.say("今日はここまでにします")
    assert "再開" in paused
    # Another day: the same person, a new conversation id would lose Rasa's slots; ours remain.
    later = Chat(bot, sender=chat.sender)
    resumed = later.say("前回の続きから再開したい")
    assert "STEP1 問い 2/" in resumed and STEP1.questions[1].text in resumed


def test_an_answer_without_evidence_draws_one_followup(chat):
    chat.say("振り返りを始めたい")
    vague = "元気な方は多いですが、独り暮らしの方が増えていると感じます。"
    replies = chat.send(vague)
    followup = STEP1.questions[0].followups[0]
    assert followup.text in replies[0]["text"] and "STEP1 問い 2/" not in replies[0]["text"]
    assert [b["title"] for b in replies[0]["buttons"]][0] == "次の問いへ進む"
    moved = chat.say("/skip")  # the button: move on, keeping the answer
    assert "STEP1 問い 2/" in moved
    assert chat.rows() == [(STEP1.questions[0].id, vague, "answered")]


def test_symbols_and_small_talk_in_a_walk_keep_the_pending_followup(chat):
    chat.say("振り返りを始めたい")
    vague = "元気な方は多いですが、独り暮らしの方が増えていると感じます。"
    followup = STEP1.questions[0].followups[0].text
    assert followup in chat.say(vague)
    symbols = chat.say("？？？")
    assert "言葉で" in symbols and "ボット" not in symbols
    declined = chat.say("今日の天気はどうですか？")
    assert "お答えできません" in declined and followup in declined  # pointed back to the follow-up
    assert "補足として記録しました" in chat.say("要介護認定のデータでは、前年より認定率が1ポイント上がっています。")
    assert [r[2] for r in chat.rows()] == ["answered", "answered"]
    one_character = chat.say("あ")  # too short to be sure: asked, not lost
    assert "回答として記録しますか" in one_character and len(chat.rows()) == 2
    assert "記録しました" in chat.say("/affirm")  # 「回答として記録する」
    assert chat.rows()[-1][1] == "あ"


RICH_ANSWERS = [  # numbers, a source, residents' words: no follow-up is needed
    "住民主体の通いの場は市内に23か所あり、昨年度は3か所増えました。地区の住民からは「近くに集まる場所ができてうれしい」という声を聞いています。",
    "参加者アンケートでは7割が週1回以上通っていると答えています。先月の会議で包括の職員も「閉じこもりがちな方が来るようになった」と話していました。",
]


@pytest.mark.parametrize("opening, parent", [("振り返りを始めたい", STEP1), ("通いの場について振り返りたい",
                                                                     KB.theme_by_name("通いの場"))],
                         ids=["review", "theme"])
def test_every_command_in_both_kinds_of_walk(chat, bot, opening, parent):
    label = getattr(parent, "label", None) or parent.name
    first, second = parent.questions[:2]
    assert f"{label} 問い 1/" in chat.say(opening)
    assert first.viewpoints[0].text in chat.say("大事な視点を見せてください")
    easier = chat.say("わからないです")
    assert "角度を変えて" in easier and f"{label} 問い 1/" in easier
    assert f"{label} 問い 2/" in chat.say(RICH_ANSWERS[0])
    assert f"{label} 問い 3/" in chat.say("スキップします")
    back = chat.say("前の問いに戻りたい")
    assert f"{label} 問い 2/" in back and second.text in back
    assert f"{label} 問い 3/" in chat.say(RICH_ANSWERS[1])
    progress = chat.say("進み具合を教えて")
    assert f"・{label}: 2/" in progress and f"{label} 問い 3/" in progress  # the skipped one was answered later
    term = chat.say("通所Cってなんですか")
    assert "【サービスC】" in term and f"{label} 問い 3/" in term
    handbook = chat.say("ハンドブックでは協議体についてどう書いてありますか")
    assert "【協議体】" in handbook and f"{label} 問い 3/" in handbook  # the nearest entry is a term
    assert "いまは問いへの回答を受け付けています" in chat.say("ヘルプ")
    assert "再開" in chat.say("今日はここまでにします")
    later = Chat(bot, sender=chat.sender)  # another day, a new Rasa session
    resumed = later.say("前回の続きから再開したい")
    assert f"{label} 問い 3/" in resumed and parent.questions[2].text in resumed
    # The first わからない only offers a gentler prompt; the skip and the later answer are both kept.
    statuses = [(qid, status) for qid, _, status in chat.rows()]
    assert statuses == [(first.id, "answered"), (second.id, "skipped"), (second.id, "answered")]


def test_jumping_between_walks_keeps_each_place(chat):
    chat.say("振り返りを始めたい")
    assert "STEP1 問い 2/" in chat.say(RICH_ANSWERS[0])
    assert "地域ケア会議 問い 1/" in chat.say("地域ケア会議について振り返りたい")
    assert "地域ケア会議 問い 2/" in chat.say(RICH_ANSWERS[1])
    assert "STEP1 問い 2/" in chat.say("振り返りを始めたい")  # each walk where it was left
    assert "地域ケア会議 問い 2/" in chat.say("ケア会議の振り返りに戻ります")
    assert "STEP2-A 問い 1/" in chat.say("STEP2のAに移りたい")  # a STEP is a jump to its beginning


def test_finishing_a_walk_offers_what_next_and_only_then(chat):
    theme = KB.theme_by_name("地域ケア会議")
    chat.say("地域ケア会議について振り返りたい")
    for _ in theme.questions[:-1]:
        assert "地域ケア会議 問い" in chat.say("スキップ")
    replies = chat.send("スキップ")
    text = "\n".join(r.get("text", "") for r in replies)
    assert "問いはすべて終わりました" in text and "続けて別のテーマも振り返りますか" in text
    assert [b["title"] for b in replies[-1]["buttons"]][0] == "テーマを選ぶ"
    assert "進み具合です" in chat.say("進み具合を見せて")
    # Outside a walk, commands that open nothing show their choices without "what next".
    for command in ["STEP9から始めたい", "テーマを選びたい"]:
        shown = chat.say(command)
        assert "選んで" in shown or "どの" in shown
        assert "続けて別のテーマ" not in shown


def test_viewpoint_inside_the_walk_keeps_the_place(chat):
    chat.say("振り返りを始めたい")
    shown = chat.say("大事な視点を見せてください")
    assert STEP1.questions[0].viewpoints[0].text in shown
    chat.say("高齢者の状態は包括の記録で見ています。")
    assert chat.rows() == [(STEP1.questions[0].id, "高齢者の状態は包括の記録で見ています。", "answered")]


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_messages_get_a_polite_reply(chat, text):
    assert "空" in chat.say(text)


def test_bad_input_gets_a_reply_and_the_server_keeps_running(chat):
    assert "長すぎます" in chat.say("あ" * 10_000)
    for text in ["😀😀😀", "ｺﾝﾆﾁﾊ", "<script>alert('x')</script>", "<b>太字</b>"]:
        replies = chat.send(text)
        assert replies and all(r.get("text") for r in replies)
        assert "<script>" not in " ".join(r["text"] for r in replies)
    assert "伴走" in chat.say("こんにちは")


def test_markup_is_stored_verbatim_as_an_answer(chat):
    chat.say("振り返りを始めたい")
    markup = "<script>alert('x')</script> 住民の声は<b>まだ</b>集めていません"
    assert "記録しました" in chat.say(markup)
    assert chat.rows()[0][1] == markup


def test_dead_action_server_gets_a_polite_reply(bot):
    chat = Chat(bot)
    actions = bot.processes[0]
    actions.terminate()
    actions.wait(10)
    try:
        reply = chat.say("振り返りを始めたい")
        assert "一時的に止まっています" in reply and "もう一度" in reply
        assert chat.rows() == []
    finally:
        bot.processes.remove(actions)
        bot.start_actions()
        bot.wait_ready(timeout=120)


@pytest.mark.parametrize("opening, label", [("振り返りを始めたい", "STEP1"), ("通いの場について振り返りたい", "通いの場")],
                         ids=["review", "theme"])
def test_a_question_or_small_talk_in_a_walk_is_not_stored(chat, opening, label):
    assert f"{label} 問い 1/" in chat.say(opening)
    held = chat.send("通いの場の参加者が固定化してきたとき、どう進めるのがいいでしょうか")
    text = "\n".join(r.get("text", "") for r in held)
    assert "記録しました" not in text and f"{label} 問い 1/" in text
    declined = chat.say("今日は暑いですね。お昼は何を食べましたか")
    assert "記録しました" not in declined and f"{label} 問い 1/" in declined
    assert chat.rows() == []  # nothing stored, and the walk is where it was
    assert f"{label} 問い 2/" in chat.say(RICH_ANSWERS[0])


def test_steps_by_number_alone_and_by_order(chat):
    which = chat.send("STEP2から始めたい")
    assert "STEP2-A と STEP2-B" in which[0]["text"]
    assert [b["payload"] for b in which[0]["buttons"]] == ['/choose_step{"step": "STEP2-A"}',
                                                           '/choose_step{"step": "STEP2-B"}']
    assert "STEP2-B 問い 1/" in chat.say('/choose_step{"step": "STEP2-B"}')
    ordinal = chat.say("4番目のステップに進みたい")  # counted in the handbook's order: 1, 2-A, 2-B, 3
    assert "STEP3「" in ordinal and "STEP3 問い 1/" in ordinal
    assert "ハンドブックの順（STEP1・STEP2-A・STEP2-B・STEP3" in ordinal  # and says so


def test_a_handbook_question_is_answered_with_a_viewpoint_and_its_source(chat):
    replies = chat.send("協議体が形だけになっている。どうすればいいでしょうか？")
    text = replies[0]["text"]
    assert "ハンドブックでは、各論「生活支援体制整備事業」の問い" in text and "【大事な視点】" in text
    assert len(replies[0]["buttons"]) == 2 and replies[0]["buttons"][0]["payload"].startswith("/ask_handbook{")
    opened = chat.say(replies[0]["buttons"][0]["payload"])
    assert "【大事な視点】" in opened
