"""What a sentence does, read from its form: does it ask, does it request, or does it state?

Used twice: as features for the intent classifier (so a how-to question is not an
answer because of its vocabulary alone), and by the walk's safety net (a message
that reads as a question is not filed as an answer without asking). Only the last
sentence decides: 「どうすればいいか、課内で話し合っています。」 states; 「サロンが
減っています。どうすればいいでしょう」 asks.
"""

from __future__ import annotations

import re
from typing import Dict

from bot.normalize import normalize

_SENTENCES = re.compile(r"[^。！？!?\n]+[。！？!?]*")
# Sentence-final forms of a question, after the trailing punctuation is taken off.
_ASKING_END = re.compile(
    r"(?:か|かな|かね|の|でしょう|でしょうか|だろう|だろうか|ですか|ますか|ませんか|っけ|かしら|の\?)$")
_QUESTION_MARK = re.compile(r"[?？]\s*$")
_INTERROGATIVE = re.compile(r"(?:どう|なぜ|何故|なんで|何|なに|どこ|いつ|誰|だれ|どの|どれ|どんな|いくつ|どのくらい|どれくらい)")
# 〜ばいい・〜たらいい・〜には・〜べき: what one should do (with an interrogative, a how-to).
_HOW_TO = re.compile(r"(?:ばいい|ばよい|ばよろしい|たらいい|たらよい|には|べき|のがいい|のがよい|のコツ|方法|進め方|やり方)")
# Words that ask what to do or why, rather than how something is (「天気はどうですか」 is not a how-to).
_HOW_TO_WORDS = re.compile(r"(?:どうすれ|どうしたら|どう進め|どうやって|どのように|どう考え|なぜ|何故|なんで|何から|どこから)")
_REQUEST_END = re.compile(r"(?:ください|下さい|てほしい|て欲しい|たい|たいです|たいのですが|お願いします|お願い|て|で)$")


def last_sentence(text: str) -> str:
    sentences = [s.strip() for s in _SENTENCES.findall(normalize(text)) if s.strip()]
    return sentences[-1] if sentences else ""


def function(text: str) -> Dict[str, bool]:
    """The form of the last sentence: asks (a question), how_to (asks what to do), requests, states."""
    sentence = last_sentence(text)
    marked = bool(_QUESTION_MARK.search(sentence))
    bare = re.sub(r"[。．.！!？?\s…〜~ー]+$", "", sentence)
    interrogative = bool(_INTERROGATIVE.search(sentence))
    asks = marked or bool(_ASKING_END.search(bare)) or (interrogative and bool(_HOW_TO.search(bare[-8:])))
    how_to = asks and bool(_HOW_TO.search(sentence) or _HOW_TO_WORDS.search(sentence))
    requests = not asks and bool(_REQUEST_END.search(bare))
    return {"asks": asks, "how_to": how_to, "interrogative": interrogative, "requests": requests,
            "states": not asks and not requests}


def reads_as_question(text: str) -> bool:
    return function(text)["asks"]
