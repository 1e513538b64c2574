"""Finds the theme, step and term a message mentions, from the generated vocabulary.

Matching runs on match keys (case, width and kana folded, long-vowel marks
dropped), longest form first, and reports offsets in the normalised text. Each
entity type is matched on its own, so one mention can yield a term and a theme.
A theme or term of four characters or more (five if all kanji) also matches
with one kanji that the IME converted wrongly (通いの馬, 地域ケア会義) — only
kanji for kanji, and never where another form matches exactly (個別協議 is a
term, not 個別会議). A theme or term written with kanji is also found by its
reading, so that a name the IME left half converted (通いのば, ケアかいぎ,
協議隊) still meets it: readings come from Sudachi on both sides, and must
cover whole words of the message. A message that names no theme may still be
about one: the theme classifier (bot.theme_classifier), when given, says which; a message
that names one may be plainly about a second one too (ケアプランに通所Cを位置づける).
Steps listed after a step (STEP5と6, ステップ2のAとB) are steps too; a bare code beside a
room (2-A会議室) is not a step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from bot.normalize import match_key, normalize
from bot.vocabulary import KANJI_DIGITS

if TYPE_CHECKING:
    from bot.theme_classifier import ThemeClassifier

Vocabulary = Dict[str, Dict[str, List[str]]]


@dataclass(frozen=True)
class Mention:
    entity: str
    value: str
    start: int
    end: int
    text: str
    # The theme classifier's probability, for a theme the message is about though it names none.
    probability: Optional[float] = None


LONG_VOWELS = "ーｰ"
FUZZY_MIN = 4  # shorter forms must match exactly: 協議会 is not a typo of 協議体
FUZZY_MIN_ALL_KANJI = 5  # four kanji with one changed are often another word: 初期集中 is not 短期集中
FUZZY_ENTITIES = {"theme", "term"}  # step forms are short and templated: exact only
READING_MIN = 5  # kana: shorter readings are shared by ordinary words (カイギ, シエン, ヨボウ)
ENTITY_TYPES = ("theme", "step", "term")
SMALL_TALK = "out_of_scope"
SMALL_TALK_CONFIDENCE = 0.6  # chosen on held-out sets 1–5 (0.5–0.9 tried; docs/nlu-evaluation.md)
# The theme classifier's probability above which a described theme outlasts a small-talk intent
# (chosen on held-out sets 1–7 from 0.8, 0.9, 0.95, 0.99 and never; docs/nlu-evaluation.md).
DESCRIBED_OVER_SMALL_TALK = 0.99
Candidates = Dict[str, List[Tuple[str, str]]]


class EntityMatcher:
    def __init__(self, vocabulary: Vocabulary, classifier: Optional["ThemeClassifier"] = None):
        # entity → (by first character, by second character) → [(key, value)], longest first
        self._tables: Dict[str, Tuple[Candidates, Candidates]] = {}
        for entity, values in ((e, vocabulary[e]) for e in ENTITY_TYPES if e in vocabulary):
            first: Candidates = {}
            second: Candidates = {}
            for value, forms in values.items():
                for key in {entity_key(form) for form in [value, *forms]}:
                    if key:
                        first.setdefault(key[0], []).append((key, value))
                    if len(key) >= FUZZY_MIN:
                        second.setdefault(key[1], []).append((key, value))
            for candidates in [*first.values(), *second.values()]:
                candidates.sort(key=lambda kv: -len(kv[0]))
            self._tables[entity] = (first, second)
        self._steps = set(vocabulary.get("step", {}))
        self._readings = {entity: _reading_table(vocabulary[entity]) for entity in FUZZY_ENTITIES & set(vocabulary)}
        self._classifier = classifier

    def find(self, text: str) -> List[Mention]:
        """Mentions in normalize(text), with offsets into it (the NLU's text is already normal)."""
        text = normalize(text)
        key, origin = _keyed(text)
        # Exact matches of every type at every position, found once: the scan below uses them,
        # and a fuzzy match may not overlap any of them.
        exact = {entity: [_exact(key, at, first) for at in range(len(key))]
                 for entity, (first, _) in self._tables.items()}
        exact_spans = [(at, at + found[0]) for found_at in exact.values()
                       for at, found in enumerate(found_at) if found]
        mentions: List[Mention] = []
        for entity, (first, second) in self._tables.items():
            at = 0
            while at < len(key):
                found = exact[entity][at]
                if found is None and entity in FUZZY_ENTITIES:
                    found = _fuzzy(key, at, first, second)
                    if found and any(s < at + found[0] and at < e for s, e in exact_spans):
                        found = None
                if found is None or _inside_a_word(text, origin, at, at + found[0]):
                    at += 1
                    continue
                length, value = found
                start, end = _span(text, origin, at, at + length)
                mentions.append(Mention(entity, value, start, end, text[start:end]))
                at += length
        mentions = [m for m in mentions if not _room_code(text, m)]
        mentions += _listed_steps(text, [m for m in mentions if m.entity == "step"], self._steps)
        mentions += _lone_kana_step(text, mentions, self._steps)
        mentions += self._by_reading(text, mentions)
        mentions.sort(key=lambda m: (m.start, m.entity))
        if self._classifier:  # after the named ones: the review opens the first theme, and a named one is meant
            mentions += self._by_classifier(text, {m.value for m in mentions if m.entity == "theme"})
        return mentions

    def _by_reading(self, text: str, found: List[Mention]) -> List[Mention]:
        """Names found by their reading where nothing of the same type was found by spelling."""
        if not any(self._readings.values()) or text.isascii():
            return []
        from bot.analysis import words  # Sudachi: loaded once, by the NLU's tokenizer anyway

        # A word whose reading keys to nothing (a trailing 「ー」 in 「おつかれさまですー」) can neither start nor end a name.
        parts = [(w.start, w.end, reading) for w in words(text) if (reading := entity_key(w.reading))]
        key = "".join(reading for _, _, reading in parts)
        starts, ends, at = {}, {}, 0  # reading offset → text offset, at word boundaries only
        for start, end, reading in parts:
            starts[at] = start
            at += len(reading)
            ends[at] = end
        mentions: List[Mention] = []
        for entity, table in self._readings.items():
            taken = [(m.start, m.end) for m in found if m.entity == entity]
            for at in sorted(starts):
                for form, value in table.get(key[at], ()):
                    if key.startswith(form, at) and at + len(form) in ends:
                        start, end = starts[at], ends[at + len(form)]
                        if not any(s < end and start < e for s, e in taken):
                            mentions.append(Mention(entity, value, start, end, text[start:end]))
                            taken.append((start, end))
                        break
        return mentions

    def _by_classifier(self, text: str, named: Set[str]) -> List[Mention]:
        """The themes a message is about though it names none, or besides the one it names; the span is
        the whole message."""
        found = self._classifier.also_about(text, named) if named else self._classifier.themes_of(text)
        return [Mention("theme", theme, 0, len(text), text, probability=p) for theme, p in found]


# A room's or a building's name beside a bare step code (2-A会議室, 会議室2-A, 2-Bの教室): not a step.
_ROOM_BEFORE = re.compile(r"(室|館|棟|部屋|号|ホール|ルーム)\s*$")
_ROOM_AFTER = re.compile(r"^\s*の?\s*(会議室|教室|号室|部屋|会場|ホール|ルーム|室|館|棟)")


def for_intent(mentions: List[Mention], intent: Optional[str], confidence: float = 1.0) -> List[Mention]:
    """The mentions that fit what the message does: small talk (美容サロンの予約, ダンスのステップ3)
    is about no theme or step of the handbook, whatever words it shares with them. Only when the
    classifier is fairly sure it is small talk: a statement taken for it keeps its theme. A theme the
    theme classifier is all but certain of is kept too: it learnt small talk as about no theme, and
    a sentence that plainly describes one is not small talk (「茶話会を楽しむ住民主体の集まり」)."""
    if intent == SMALL_TALK and confidence >= SMALL_TALK_CONFIDENCE:
        return [m for m in mentions
                if m.entity not in ("theme", "step") or (m.probability or 0.0) >= DESCRIBED_OVER_SMALL_TALK]
    return mentions


def _room_code(text: str, mention: Mention) -> bool:
    if mention.entity != "step" or re.search(r"step|ステップ|目|番|第", match_key(mention.text)):
        return False
    return bool(_ROOM_BEFORE.search(text[:mention.start]) or _ROOM_AFTER.match(text[mention.end:]))


def _span(text: str, origin: List[int], start: int, end: int) -> Tuple[int, int]:
    """Offsets in text of key[start:end], with a trailing ー kept (すてっぷ2のびー, コーディネーター)."""
    start, end = origin[start], origin[end - 1] + 1
    while end < len(text) and text[end] in LONG_VOWELS:
        end += 1
    return start, end


def _reading_table(values: Dict[str, List[str]]) -> Candidates:
    """Reading keys of the forms written with kanji, by first character, longest first.

    A reading that two values share is left out: it cannot say which one is meant.
    """
    from bot.analysis import words

    owners: Dict[str, Set[str]] = {}
    for value, forms in values.items():
        for form in {value, *forms}:
            if any(_kanji(char) for char in form):
                reading = entity_key("".join(w.reading for w in words(form)))
                if len(reading) >= READING_MIN:
                    owners.setdefault(reading, set()).add(value)
    table: Candidates = {}
    for reading, found in owners.items():
        if len(found) == 1:
            table.setdefault(reading[0], []).append((reading, found.pop()))
    for candidates in table.values():
        candidates.sort(key=lambda kv: -len(kv[0]))
    return table


# After a step: 「と」「や」「、」… then a number (STEP5と6) or, after STEP2-A/B, the other letter (2のAとB).
_LIST_JOIN = r"\s*(?:と|や|、|,|・|及び|および|か)\s*"
_NEXT_NUMBER = re.compile(_LIST_JOIN + r"(?:STEP|ステップ|すてっぷ)?\s*([1-7一二三四五六七])(?:\s*(?:-|の)?\s*([AB])(?![A-Za-z]))?"
                          r"(?=$|[\sのはがをにでもとやっ、。,.?？!！)）])", re.IGNORECASE)
_NEXT_LETTER = re.compile(_LIST_JOIN + r"([AB])(?![A-Za-z])", re.IGNORECASE)


def _listed_steps(text: str, steps: List[Mention], known: Set[str]) -> List[Mention]:
    found: List[Mention] = []
    queue = list(steps)
    while queue:
        previous = queue.pop(0)
        rest = text[previous.end:]
        match = _NEXT_NUMBER.match(rest)
        if match:
            number = match.group(1)
            number = str(KANJI_DIGITS.index(number)) if number in KANJI_DIGITS else number
            value = f"STEP{number}" + (f"-{match.group(2).upper()}" if match.group(2) else "")
        elif previous.value.startswith("STEP2-") and (match := _NEXT_LETTER.match(rest)):
            value = f"STEP2-{match.group(1).upper()}"
        else:
            continue
        start, end = previous.end + match.start(1), previous.end + match.end()
        if value not in known or any(m.value == value and m.start <= start < m.end for m in steps + found):
            continue
        mention = Mention("step", value, start, end, text[start:end])
        found.append(mention)
        queue.append(mention)
    return found


# 「すてっぷに」「ステップご」「すてっぷにびー」 as the whole message: に and ご end ordinary words
# (ステップに進む, ステップごと), so they are read as numbers only when nothing else is said.
_LONE_KANA_STEP = re.compile(r"(ステツプ|step)(ニ|ゴ)(エ|ビ)?")
_KANA_NUMBERS = {"ニ": "2", "ゴ": "5", "エ": "A", "ビ": "B"}


def _lone_kana_step(text: str, mentions: List[Mention], known: Set[str]) -> List[Mention]:
    match = _LONE_KANA_STEP.fullmatch(entity_key(text.strip()))
    if not match or any(m.entity == "step" for m in mentions):
        return []
    value = "STEP" + _KANA_NUMBERS[match.group(2)] + (f"-{_KANA_NUMBERS[match.group(3)]}" if match.group(3) else "")
    return [Mention("step", value, 0, len(text), text)] if value in known else []


# Small kana typed full size, or the reverse (ステツプ, キャ/キヤ): one form for matching. Every dash is the
# hyphen (ステップ２−Ｂ); normalize() has already made a dash after katakana the long vowel mark, which the key drops.
_FOLDS = str.maketrans("ァィゥェォッャュョヮヵヶ‐‑‒–—―−", "アイウエオツヤユヨワカケ-------")


def entity_key(text: str) -> str:
    """match_key without long-vowel marks or small kana: コーディネータ, ＳＴＥＰ２ーＢ and STEP2B meet."""
    return match_key(text).replace("ー", "").translate(_FOLDS)


def _exact(key: str, at: int, first: Candidates) -> Optional[Tuple[int, str]]:
    for form, value in first.get(key[at], ()):
        if key.startswith(form, at) and _stands_alone(key, at, at + len(form)):
            return len(form), value
    return None


def _fuzzy(key: str, at: int, first: Candidates, second: Candidates) -> Optional[Tuple[int, str]]:
    """A long form with one kanji converted wrongly."""
    candidates = first.get(key[at], []) + (second.get(key[at + 1], []) if at + 1 < len(key) else [])
    for form, value in sorted(candidates, key=lambda kv: -len(kv[0])):
        if len(form) < FUZZY_MIN or at + len(form) > len(key) \
                or (len(form) < FUZZY_MIN_ALL_KANJI and all(_kanji(c) for c in form)):
            continue
        differences = [i for i, char in enumerate(form) if key[at + i] != char]
        # A changed first kanji after kana or kanji is another word's end (話し合いの場 is not 通いの場).
        joined = differences == [0] and at > 0 and (_kanji(key[at - 1]) or _katakana(key[at - 1]))
        if len(differences) == 1 and _kanji(form[differences[0]]) and _kanji(key[at + differences[0]]) \
                and _stands_alone(key, at, at + len(form)) and not joined:
            return len(form), value
    return None


def _keyed(text: str) -> Tuple[str, List[int]]:
    """The entity key of text, and for each of its characters the index it came from."""
    chars: List[str] = []
    origin: List[int] = []
    for index, char in enumerate(text):
        for folded in entity_key(char):
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _stands_alone(key: str, start: int, end: int) -> bool:
    """Letters and digits must not continue a word: SC is not in SCHOOL, 2-A not in 12-A."""
    if _latin(key[start]) and start > 0 and _latin(key[start - 1]):
        return False
    return not (end < len(key) and _latin(key[end - 1]) and _latin(key[end]))


def _inside_a_word(text: str, origin: List[int], start: int, end: int) -> bool:
    """Katakana going on (サロン in サロンパス) or 的 after kanji (包括的 is not 包括).

    Judged on the text itself: the key folds hiragana into katakana.
    """
    if end >= len(origin):
        return False
    last, after = (unicodedata.normalize("NFKC", text[origin[i]])[:1] for i in (end - 1, end))
    if _katakana(last) and _katakana(after) and after not in LONG_VOWELS:
        return True
    return after == "的" and not _katakana(last) and not _latin(last)


def _kanji(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _katakana(char: str) -> bool:
    return "ァ" <= char <= "ヺ"
