"""Answer-aware follow-ups: read a free answer as an adviser would, ask for what it lacks.

GiNZA's analysis gives the signals (numbers and units, dates, places, people,
who the subjects are, evidence verbs); each question's ``followups`` in
knowledge/ say which check serves which viewpoint, in order of priority. At
most one follow-up per answer, and only when its check finds the gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from bot.analysis import parse
from bot.knowledge.models import Check, Question
from bot.normalize import normalize

# Words that point at data or evidence (Sudachi's normalised forms).
EVIDENCE_WORDS = {"データ", "調査", "実績", "統計", "集計", "記録", "件数", "人数", "割合", "推移", "結果",
                  "アンケート", "見える化", "ニーズ調査", "認定率", "参加率", "利用率", "指標", "台帳", "比較"}
EVIDENCE_VERBS = {"調べる", "集計", "比べる", "分析", "把握", "確認", "数える", "測る", "聞き取る"}
# Who else than the administration can be the source of a view.
VOICES = {"住民", "本人", "利用者", "高齢者", "家族", "参加者", "事業所", "事業者", "ケアマネ", "ケアマネジャー",
          "包括", "専門職", "民生委員", "自治会", "町内会", "ボランティア", "NPO", "団体", "社協", "医師",
          "看護師", "リハ職", "薬剤師", "地域住民", "当事者", "声", "皆さん", "みなさん"}
VOICE_NOUNS = {"声", "意見", "話", "要望", "相談", "感想"}
# A voice word counts as a source when it heads its phrase (住民が, 住民から, 住民の声),
# not when it only qualifies another noun (住民主体 is the administration's policy).
SOURCE_DEPS = {"nsubj", "obl", "nmod", "iobj", "obj", "ROOT", "conj"}
EPISODE_MARKERS = {"先日", "先月", "先週", "昨年", "去年", "以前", "この前", "最近", "とき", "時", "際", "訪問",
                   "出会う", "会う"}
NUMERIC_LABELS = {"Percent", "Money", "Date", "Time", "Period_Year", "Period_Month", "Period_Day", "Period_Time"}
PLACE_LABELS = {"City", "Province", "Domestic_Region", "GPE", "Location", "Facility", "Country"}
SHORT = 30  # characters: shorter than this is rarely concrete


@dataclass(frozen=True)
class Reading:
    """What an answer contains, as far as the follow-up checks care."""

    length: int
    has_number: bool
    has_evidence: bool
    has_voices: bool
    has_episode: bool
    has_place: bool


@lru_cache(maxsize=64)  # an answer is read for its follow-up and for its evidence
def read(text: str) -> Reading:
    doc = parse(text)
    lemmas = {token.norm_ for token in doc} | {token.lemma_ for token in doc}
    labels = {entity.label_ for entity in doc.ents}
    has_number = any(t.like_num or t.pos_ == "NUM" for t in doc) or bool(labels & NUMERIC_LABELS) or any(
        label.startswith("N_") for label in labels)
    has_person = "Person" in labels or any(t.text in {"さん", "様", "氏"} for t in doc)
    has_time = bool(labels & {"Date", "Time"}) or bool(lemmas & {"先日", "先月", "先週", "昨年", "去年", "この前"})
    quoted = "「" in text and "」" in text
    past = any(t.lemma_ == "た" and t.pos_ == "AUX" for t in doc)
    return Reading(
        length=len(normalize(text)),
        has_number=has_number,
        has_evidence=has_number or bool(lemmas & EVIDENCE_WORDS) or bool(lemmas & EVIDENCE_VERBS),
        has_voices=quoted or has_person or "Position_Vocation" in labels or any(
            t.norm_ in VOICES | VOICE_NOUNS and t.dep_ in SOURCE_DEPS for t in doc),
        has_episode=quoted or (past and (has_person or has_time or bool(lemmas & EPISODE_MARKERS))),
        has_place=bool(labels & PLACE_LABELS),
    )


def lacks(check: Check, reading: Reading) -> bool:
    """True when the answer does not yet give what the check asks for."""
    if check is Check.data:
        return not reading.has_evidence
    if check is Check.voices:
        return not reading.has_voices
    if check is Check.episode:
        return not reading.has_episode
    # concrete: short, or nothing countable, placeable or lived in it
    return reading.length < SHORT or not (reading.has_number or reading.has_place or reading.has_episode)


def choose(question: Question, text: str) -> Optional[str]:
    """The first follow-up (in the question's order) whose check finds a gap, if any."""
    if not question.followups or not normalize(text):
        return None
    reading = read(text)
    return next((f.text for f in question.followups if lacks(f.check, reading)), None)
