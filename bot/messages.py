"""Every sentence the bot says outside the handbook content, in one place.

Kept short, warm and in です・ます. Content (questions, viewpoints, terms)
comes from knowledge/; this file only frames it.
"""

# Greetings, help and small talk (what the bot says outside the handbook's content).
GREETING = "こんにちは。伴走（Bansō）です。総合事業の振り返りを、問いに沿って一緒に進めます。始めますか？"
GREETING_AGAIN = "こんにちは。伴走（Bansō）です。"
GREET_IN_WALK = "こんにちは。いまの問いの続きからどうぞ。"
GOODBYE = "ありがとうございました。またいつでもお声がけください。"
I_AM_A_BOT = "わたしは伴走（Bansō）という振り返り支援のボットです。人ではありませんが、ハンドブックの問いに沿ってお手伝いします。"
HELP = ("次のように話しかけてください。\n・「振り返りを始める」… STEP1 から順に問いに答えます\n"
        "・「通いの場を振り返りたい」… 各論のテーマを選びます\n・「STEP3 から」… STEP を選んで始めます\n"
        "・「前回の続き」… 止めたところから再開します\n・「進み具合」… 回答の状況を見ます\n"
        "・「サービスCとは？」… 用語を調べます")
HELP_IN_WALK = ("いまは問いへの回答を受け付けています。思いつくままに書いてください。\n"
                "・「大事な視点」… 考えるときの手がかりを見ます\n・「わからない」… 別の角度から問い直します\n"
                "・「スキップ」… この問いを飛ばします\n・「前に戻る」… ひとつ前の問いに戻ります\n"
                "・「中断」… ここで止めて、あとで再開できます\n・「進み具合」… 回答の状況を見ます")
OK_ANYTIME = "承知しました。始めたくなったら「振り返りを始める」と送ってください。"
AFFIRM_IDLE = "ありがとうございます。振り返りを始めるときは「振り返りを始める」と送ってください。"
OUT_OF_SCOPE = ("すみません、そのご質問にはお答えできません。"
                "伴走は総合事業の振り返りと、ハンドブックの用語・考え方のご案内をしています。")
OUT_OF_SCOPE_IN_WALK = "すみません、そのお話にはお答えできません。振り返りはこのまま続けられます。"
NOT_UNDERSTOOD = "すみません、うまく受け取れませんでした。言い方を変えてもう一度送っていただくか、「ヘルプ」と送ってください。"
# Outside a walk, words that look like an answer are not filed anywhere: the bot says so and offers the walk.
NOT_RECORDED = "いまは開いている問いがないため、このメッセージは回答として記録していません。"
NOT_RECORDED_AFTER_BREAK = "前回から時間が空いたため、このメッセージは回答として記録していません。"
RESUME_OFFER = "前回の続き（{position}）から再開しますか？"

# The walk's safety net: a message that reads as a question, or that the bot is unsure of, is held.
HOLD_QUESTION = "ご質問のようにも読めました。{position} への回答として記録しますか？"
HOLD_UNSURE = "うまく読み取れませんでした。{position} への回答として記録しますか？"
HELD_DROPPED = "わかりました。いまのメッセージは回答にしませんでした。"

CONFIRM_ANSWER = "ありがとうございます。回答を記録しました。"
CONFIRM_SKIP = "この問いは飛ばしました。あとで戻ってくることもできます。"
FOLLOWUP = "ありがとうございます。記録しました。もう少しだけ伺わせてください。\n{text}"
FOLLOWUP_REPLY = "ありがとうございます。補足として記録しました。"
MOVING_ON = "わかりました。先ほどの回答のまま、次の問いに進みます。"
CONFIRM_DONT_KNOW = "「わからない」として記録しました。次の訪問で一緒に考えるきっかけにしましょう。"
WALK_FINISHED = "{walk}の問いはすべて終わりました。おつかれさまでした。振り返りの記録は支援チームと共有できます。"
WALK_NEXT = "続けて別のテーマも振り返りますか？"
WALK_PAUSED = "ここで一区切りにします。続きは「再開」と送っていただければ、{position}からお始めいただけます。"
NOTHING_TO_RESUME = "途中の振り返りは見つかりませんでした。「振り返りを始める」と送ると、STEP1から始められます。"
RESUMING = "前回の続き（{position}）から再開します。"
STARTING = "{walk}を始めます。思いつくままで大丈夫です。わからないときは「わからない」、飛ばすときは「スキップ」と送ってください。"
ALREADY_ANSWERED_NOTE = "（前回の回答: {text}）"
NO_OPEN_QUESTION = "いまは開いている問いがありません。「振り返りを始める」と送ると始められます。"
VIEWPOINT_HEADER = "【大事な視点】"
PROMPT_HEADER = "【問いかけ例】"
HINT_HEADER = "【考えるきっかけ】"
DONT_KNOW_OFFER = "大丈夫です。少し角度を変えてみましょう。"
GO_BACK_FIRST = "これが最初の問いなので、前には戻れません。"
GO_BACK = "ひとつ前の問いに戻ります。新しく答えると、前の回答も残したまま記録します。"
POSITION = "{label} 問い {index}/{total}"
ANSWER_REMINDER = "{position} への回答をどうぞ。"
FOLLOWUP_REMINDER = "{position} の補足をお待ちしています。\n{text}"
PROGRESS_HEADER = "進み具合です。"
PROGRESS_LINE = "・{label}: {answered}/{total} 回答済み"
PROGRESS_EXTRA = "（スキップ {skipped}、わからない {dont_know}）"
CHOOSE_THEME = "どのテーマを振り返りますか？"
CHOOSE_STEP = "どの STEP から始めますか？"
UNKNOWN_THEME = "そのテーマは見つかりませんでした。次の中から選んでください。"
STEP_OPENED = "{label}「{title}」を開きます。"
STEP_COUNTED = "STEP はハンドブックの順（{order}）で数えています。"
WHICH_PART = "{step} には {parts} があります。どちらから始めますか？"
UNKNOWN_STEP = "その STEP は見つかりませんでした。次の中から選んでください。"
TERM_NOT_FOUND = "「{word}」は用語集に見つかりませんでした。別の言い方でもう一度お尋ねください。"
TERM_WHICH = "どの用語について知りたいですか？ たとえば「サービスCとは？」のようにお尋ねください。"
HANDBOOK_NOT_FOUND = "ハンドブックの中に、ぴったりの箇所が見つかりませんでした。言葉を変えてもう一度お尋ねください。"
HANDBOOK_QUESTION = "ハンドブックでは、{source}「{text}」が近いです。"
# The nearest question was written by the project (from a heading or on its own): not 「ハンドブックでは」.
PROJECT_QUESTION = "近いのは、{source}「{text}」です（伴走が用意した問いです）。"
HANDBOOK_SOURCE = "{where}の問い {index}/{total}"
HANDBOOK_MORE = "ほかに近い問いもあります。"
# Where the words shown come from (bot.knowledge.provenance): one short line under viewpoints and handbook answers.
SOURCE_LINE = "出典: {text}"
SOURCE_PARAPHRASE = "{source}（言い換え）"
SOURCE_PARAPHRASE_OF = "{source}（{subjects}の言い換え）"
SOURCE_SOME = "{subject}の一部"
SOURCE_REST = "ほかはプロジェクト作成"
SOURCE_CAPTION = "プロジェクト作成（{source}の見出しをもとに）"
SOURCE_PROJECT = "プロジェクト作成"
SOURCE_SUBJECTS = {"question": "問い", "viewpoint": "大事な視点", "prompt": "問いかけ例", "term": "説明"}
BACK_TO_WALK = "振り返りに戻ります。"
# Between visits (the greeting and the progress panel): comments waiting, the next meeting, what to look at.
COMMENTS_WAITING = "アドバイザーからコメントがあります（{count}件）。チャット画面で回答と並べて読み、返信できます。"
NEXT_MEETING = "次は {event}（{date}）です。"
BEFORE_MEETING = "それまでに、{items}を見ておくと安心です。"
BEFORE_WALK = "途中の振り返り（あと{count}問）"
BEFORE_FOLLOWUPS = "まだ答えていない深掘りの問いかけ（{count}件）"
BEFORE_COMMENTS = "新しいコメント（{count}件）"
STORE_UNAVAILABLE = "すみません、記録できませんでした。少し時間をおいて、同じ内容をもう一度送ってください。"

# Messages of the input gate (bot.inputs), sent without asking the model.
EMPTY_MESSAGE = "メッセージが空のようです。ひとこと入力してから送ってください。"
TOO_LONG = "メッセージが長すぎます（{limit:,}字まで）。お手数ですが、いくつかに分けて送ってください。"
SYMBOLS_ONLY = ("記号や絵文字だけのメッセージは読み取れませんでした。言葉で書いていただけますか？"
                "問いがわかりにくいときは「わからない」、困ったときは「ヘルプ」と送ってください。")
ACTIONS_DOWN = "すみません、いま振り返りの機能が一時的に止まっています。このメッセージは記録されていないので、少し時間をおいてもう一度送ってください。"

# The bot's channel (bot.rasa.channel): who may speak, and requests it cannot read.
CHANNEL_UNAUTHORISED = "このボットには、ログインした画面か banso chat から話しかけてください（認証できませんでした）。"
CHANNEL_UNKNOWN_SENDER = "このログイン名では話せません。登録されていないか、利用が止められています。管理者にお問い合わせください。"
CHANNEL_BAD_REQUEST = "送信の形式が正しくありません（sender と message を文字列で送ってください）。"

# The web app.
WEB_RASA_DOWN = "ボットのサーバーに接続できませんでした。入力した文は残してあります。少し待ってから、もう一度送ってください。"
