"""Where a sentence says someone lives, read from GiNZA's dependency parse of that sentence.

Writers label as an address the whole place a sentence says someone lives at, however long:
「瀬戸内町加計呂麻島・諸鈍の集落、デイゴ並木の先、公民館の二軒隣に住む女性」, 「青雲橋を渡って、旧道を下りた
最初の集落(七折)の一番奥が本人宅」, 「大木須の山あいの集落(7世帯)に92歳の男性が一人で住んでいて」. The earlier
rules read such a place back from 「に住む」 over nouns alone, so they stop at the first comma or verb. The parse
says which phrase the verb's 「に」 or 「で」 belongs to, and that phrase is masked whole.

Like the late rules (bot.report.late_masking), this comes after the learned labeller and is never its feature, so
the CRF stays byte for byte the same. Only the sentences that say 住・暮らす・在住・独居・宅 are parsed (about 4 ms
each), in one batch for many texts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Sequence, Tuple

from bot.report import masking, places

Span = Tuple[int, int, str]
Parsed = List[Tuple[int, object]]  # (where the sentence starts in the text, GiNZA's doc of it)

_SAYS_WHERE_SOMEONE_LIVES = re.compile(r"住|暮ら|在住|独居|宅")
# (at most 500 characters: a line of a pasted table can run to any length, and Sudachi refuses 49,149 bytes)
_SENTENCE = re.compile(r"[^。\n]{1,500}[。\n]?")
_LIVING_VERBS = frozenset({"住む", "暮らす", "住まう"})
# nouns that say someone lives at the place before them: 「三井楽町の岳集落で独居」「湯堂在住」「…の一番奥が本人宅」
_LIVING_NOUNS = frozenset({"在住", "独居", "一人暮らし", "ひとり暮らし", "独り暮らし", "宅", "住まい", "暮らし"})
# What the parser needs: its own pipe and the tokenizer's tags (the other pipes only cost time).
_UNUSED_PIPES = ("ner", "morphologizer", "compound_splitter", "bunsetu_recognizer")

# A phrase a place is told by ends like this: 「…の先」「…の集落」「…の二軒隣」「…のあたり」.
_ENDS_LIKE_A_PLACE = re.compile(
    rf"(?:{masking._RELATION}|あたり|辺り|集落|地区|部落|団地|住宅|棟|島|浜|郷|町|村|区|通り|坂|道|沿い|並木|先|手前|上|下|側|奥|裏|端)$")
_ENDS_LIKE_A_HOME = re.compile(
    r"(?:家|宅|住宅|アパート|マンション|団地|棟|荘|ハイツ|長屋|官舎|社宅|階|号|室|番地|一軒家|住まい|仮設)$")
# who lives there, not where: 「80代女性、三井楽町の岳集落で独居」 begins after the comma
_TELLS_OF_A_PERSON = re.compile(r"女性|男性|さん|様|歳|才|代|夫婦|人$|方$")
# a place any resident could name, or no place at all: 「横浜市内に住む」「定住した人の中で暮らす」
_NO_ONES_HOME = re.compile(r"(?:市|町|村|区|県|都|府|道)(?:内|外)$|中$|うち$|なか$|以外$|要介護|要支援")
_BREAKS_A_PHRASE = re.compile(r"\s|:|【|】|\[|\]")
_SAYS_NOTHING_OF_WHERE = re.compile(
    rf"{masking._RELATION}|{masking._DWELLING}|\d+|[A-Za-z]|階|棟|号棟|号室|号|室|番地|番|その|[一二三四五六七八九十]+|一番|最上|最")
# (「避難タワーから一番遠い海沿いの一軒家に住む」 tells where by 「一番」 and 「沿い」)
_TELLS_WHERE = re.compile(rf"{masking._RELATION}|集落|団地|棟|地区|部落|組|班|住宅|社宅|官舎|荘|一番|沿い")
_LONGEST = 80


def fingerprint() -> bytes:
    """What these spans depend on (for mask_cache): this file."""
    return Path(__file__).read_bytes()


def parse_many(texts: Sequence[str]) -> List[Parsed]:
    """Each (normalised) text's sentences that say someone lives somewhere, parsed in one batch."""
    from bot import analysis

    found = [(k, m.start(), m.group()) for k, text in enumerate(texts)
             for m in _SENTENCE.finditer(text) if _SAYS_WHERE_SOMEONE_LIVES.search(m.group())]
    docs = analysis.parse_many([sentence for _, _, sentence in found], disable=_UNUSED_PIPES) if found else []
    parsed: List[Parsed] = [[] for _ in texts]
    for (k, at, _), doc in zip(found, docs):
        parsed[k].append((at, doc))
    return parsed


def spans(text: str, parsed: Parsed) -> List[Span]:
    """The places ``text`` says someone lives at (``parsed``: parse_many's for this text)."""
    found = []
    for at, doc in parsed:
        for word in doc:
            if word.lemma_ in _LIVING_VERBS or word.text in _LIVING_NOUNS:
                found += [(at + start, at + end, masking.ADDRESS) for start, end in _places_of(doc, word)]
    return found


def _dep(word) -> str:
    return word.dep_.replace("_bunsetu", "")  # (without the bunsetu pipe the labels keep this suffix)


def _places_of(doc, living) -> List[Tuple[int, int]]:
    if living.text == "宅" and living.i > 0 and doc[living.i - 1].text == "在":
        return []  # 「在宅」
    found = []
    for place in living.children:
        cases = [w.text for w in place.children if _dep(w) == "case"]
        at_place = _dep(place) in ("obl", "nmod", "compound") and (
            "に" in cases or ("で" in cases and (living.lemma_ == "暮らす" or living.text in _LIVING_NOUNS)))
        home_is = _dep(place) == "nsubj" and living.text == "宅" and "が" in cases  # 「…の一番奥が本人宅」
        if not (at_place or home_is) or not (
                place.tag_.startswith(("名詞-固有名詞", "名詞-数詞")) or _ENDS_LIKE_A_PLACE.search(place.text)
                or _ENDS_LIKE_A_HOME.search(place.text)):
            continue
        phrase = [w for w in place.subtree if not (_dep(w) == "case" and w.head == place)]
        first = _phrase_start(doc, phrase, place)
        start, end = doc[first].idx, phrase[-1].idx + len(phrase[-1])
        start += len(doc.text[start:end]) - len(doc.text[start:end].lstrip("、,・ ()「」の"))
        end = start + len(re.sub(r"(?:には|では|で|に|は|、|,|\s)+$", "", doc.text[start:end]))
        if _names_a_home(doc, start, end):
            found.append((start, end))
    return found


def _phrase_start(doc, phrase, place) -> int:
    """Where the place's phrase starts: after a space, a colon or a comma that ends no place (「80代女性、」),
    then back over commas after places and over 「の」 (the parser often hangs 「…の集落、デイゴ並木の先、」
    on the person instead of the place)."""
    first = phrase[0].i
    for w in phrase:
        if w.i >= place.i:
            break
        if w.whitespace_ or _BREAKS_A_PHRASE.search(w.text) or (w.text in "、," and w.i >= 1 and not (
                _ENDS_LIKE_A_PLACE.search(doc[w.i - 1].text) or doc[w.i - 1].tag_ == "助詞-接続助詞")):
            first = w.i + 1  # (「青雲橋を渡って、旧道を下りた…」 goes on over the comma: directions)
    while first > 0 and _in_noun_phrase(doc[first - 1]) and doc[first - 1].text not in "(「":
        first -= 1
    while True:
        joint = first - 1
        if joint >= 1 and (doc[joint].text == "の" or (doc[joint].text in "、,"
                                                        and _ENDS_LIKE_A_PLACE.search(doc[joint - 1].text))):
            before = joint - 1
        else:
            return first
        if not _in_noun_phrase(doc[before]) or doc[joint].whitespace_:
            return first
        while before > 0 and _in_noun_phrase(doc[before - 1]) and doc[first].idx - doc[before - 1].idx < _LONGEST:
            before -= 1
        if doc[first].idx - doc[before].idx >= _LONGEST:
            return first
        first = before


def _in_noun_phrase(word) -> bool:
    return (not word.whitespace_ and not _BREAKS_A_PHRASE.search(word.text)
            and (word.tag_.startswith(("名詞", "接尾辞", "接頭辞", "補助記号-括弧")) or word.text in ("の", "・", "-")))


def _names_a_home(doc, start: int, end: int) -> bool:
    """A particular place: a proper noun that is no far city or country, or two words of its own
    (「別荘地の一番奥(管理事務所から2km先)」), not 「自宅」「その隣」「5階」 alone."""
    place = doc.text[start:end]
    if (not place or len(place) > _LONGEST or place in masking._ANY_RESIDENT_CAN_SAY or _NO_ONES_HOME.search(place)
            or _TELLS_OF_A_PERSON.search(re.sub(r"\([^()]*\)", "", place))
            or places.municipalities_at_head(place) == len(place)):
        return False
    words = [w for w in doc if start <= w.idx < end]
    own = [w for w in words if w.tag_.startswith(("名詞", "接尾辞")) and w.text not in masking._ANY_RESIDENT_CAN_SAY
           and not _SAYS_NOTHING_OF_WHERE.fullmatch(w.text)]
    proper = [w for w in words if w.tag_.startswith("名詞-固有名詞")]
    far = all(w.tag_.startswith("名詞-固有名詞-地名") and (
        w.text in masking._DESIGNATED_CITIES or re.fullmatch(f"[{masking._KATA}]+", w.text)) for w in proper)
    if proper and far and len(own) <= len(proper):
        return False  # 「ペルーのリマ」「横浜」
    if not proper and len(own) < 2:
        return False
    return bool(proper or any(w.tag_.startswith("名詞-数詞") for w in words) or _TELLS_WHERE.search(place))
