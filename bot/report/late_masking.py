"""Rules applied after the learned labeller, to what it and the earlier rules left visible.

The character CRF (bot.report.learned_masking) reads the earlier rules' spans as features, so a new rule there
moves what it learned: in session 19 rules that raised development set 13 lowered blind sets' addresses and birth
dates. A rule here is applied last and never seen by the CRF (its model stays byte for byte the same); what it
adds is exactly what it finds. Each was written from what development sets 7–17 still showed after the earlier
rules and the CRF (docs/security.md, session 20).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import List, Sequence, Tuple

from bot.report import masking, places
from bot.report.masking import _HIDING_MARKS, _HIRA, _KANJI, _KATA, _OWNERS  # the earlier rules' own pieces

Span = Tuple[int, int, str]  # start, end, mask label

# A record's last digits said without a label: 「(下4桁 8812)」「下4桁は 5529」 (with a label the earlier rules take it).
_LAST_DIGITS_RE = re.compile(r"(?:下|末尾|最後の)\s?[2-6]\s?桁(?:は|が|:|\s|、)*(\d{2,6})(?![\d,.]|\s?[件人名回円%歳年月日])")
# The end of a number said with 末尾 but no 桁 (「被保険者番号 末尾 0817」), a bank account's number (「普通 3017722」),
# a number after 番号 that starts with kanji (「契約番号 日自-0237」).
_MORE_ID_RES = (
    re.compile(r"末尾(?:は|が|:|\s)*(\d{3,6})(?![\d,.]|\s?[件人名回円%歳年月日行])"),
    re.compile(r"(?:普通|当座)(?:預金)?(?:口座)?\s?(\d{6,8})(?!\d)"),
    re.compile(rf"番号(?:は|:|\s)*([{_KANJI}]{{1,3}}[\-‐−]\d{{2,6}})(?!\d)"),
)
# A certificate's number between 第 and 号: 「身体障害者手帳 第 2103 号」「受給者証 第0512号」.
_CERTIFICATE_RE = re.compile(r"(?:手帳|受給者証|保険証|認定証)(?:番号)?\s?(?:は|:)?\s?(第\s?\d{3,10}\s?号)")
# not a count: 「3号棟 12人」 (but 「201 戸田」 is a room and a surname)
_UNIT_AFTER = rf"(?![\d.%]|\s?(?:[人件回歳年日時分秒円軒棟階]|か月|世帯|[名戸](?![{_KANJI}])))"
_HOME_RES = (
    # a room after its 号棟 without 号室, as lists write it: 「1号棟 201 戸田」
    re.compile(rf"(?<![\d.])\d{{1,3}}号棟\s?\d{{2,4}}{_UNIT_AFTER}"),
    # a block of a housing estate: 「尾山台団地、2街区14号棟」
    re.compile(rf"(?:[{_KANJI}{_KATA}]{{1,10}}(?:団地|住宅|ニュータウン)、?\s?)?(?<!\d)\d{{1,3}}街区"
               rf"(?:\s?\d{{1,3}}号棟)?(?:\s?\d{{2,4}}(?:号室|号)?)?{_UNIT_AFTER}"),
    # a town in Latin letters and its house number, with the building and room: 「Nishikoizumi 2-12-7, Casa Verde 301」
    re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}(?:[\s\-][A-Z][a-z]{2,})?\s\d{1,4}-\d{1,4}(?:-\d{1,4})?"
               r"(?:,\s?[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){0,2}\s\d{2,4})?(?![\d\-])"),
    # a 字 right after its municipality (「伊平屋村字我喜屋1217」: the earlier rules want no kanji before 字)
    re.compile(rf"(?<=[市町村])字[{_KANJI}]{{1,4}}(?:\s?\d{{1,5}}(?:[\-‐−の]\d{{1,4}}){{0,2}})?(?![{_KANJI}\d])"),
    # 北海道's 線 and 号: 「当麻町の3線6号」「16線西」
    re.compile(r"(?<![\d])\d{1,2}線(?:[東西南北](?:\d{1,3}号)?|\d{1,3}号)"),
    # a 小字 in katakana: 「小字ホリキリ」
    re.compile(rf"(?<![{_KANJI}{_KATA}])小字\s?[{_KATA}]{{2,8}}"),
    # 甲・乙 and a house number after the municipality: 「土庄町甲 2145-3」
    re.compile(r"(?<=[市町村])[甲乙丙丁]\s?\d{1,5}(?:[\-‐−の]\d{1,4}){1,2}(?!\d)"),
)
# A settlement told after its municipality, where someone lives: 「奥尻町の青苗の漁師集落で」「積丹町の入舸の浜の2組」
# (the municipality stays); not a venue in it (「…の集落センター」) nor many settlements (「各集落」).
_SETTLEMENT_AFTER_A_MUNICIPALITY_RE = re.compile(
    rf"の([{_KANJI}{_KATA}ヶケノ]{{2,5}}の[^\s、。,「」()]{{0,8}}?"
    rf"(?:集落|部落|浜|里|在所|垣内|小字|\d{{1,2}}[組区班]|[上下中東西南北奥]組))"
    rf"(?!センター|会館|公民館|集会所|ごと|単位|全体|数|別|[{_KANJI}])")
# A building of an estate told with の: 「高島平団地の2丁目の30号棟」「若葉台団地の8棟」「団地の5の302」; the estate's own
# name is masked with it, a kind of home (「団地の」「県営住宅の」) stays; a floor alone (「団地の4階で」) may be a venue.
_ESTATE_BUILDING_RE = re.compile(
    rf"([{_KANJI}{_KATA}]{{2,10}}?)?(?:団地|住宅|アパート|マンション|コーポ|ハイツ)の((?:\d{{1,2}}丁目の)?"
    rf"(?:\d{{1,3}}(?:号棟|棟)(?:の?\d{{2,4}}(?:号室|号)?)?|\d{{1,2}}の\d{{2,4}}){_UNIT_AFTER})")
# who lets an estate, or what kind it is, says nothing of where in it: masking's owners, and a few more
_KIND_OF_ESTATE_RE = re.compile(rf"(?:{_OWNERS}|区営|雇用促進|復興)$")
# A neighbourhood's part before the person who lives there: 「東常会の吉岡さん」「上の組の小松さん」.
_PART_BEFORE_A_NAME_RE = re.compile(rf"(?<![{_KANJI}])(?:[東西南北上下中奥前後本新][ノの]?)(?:常会|組|班)(?=の)")
# A phone number after its label written in kana (「でんわ 26-3381」), an area code said alone (「市外局番0897を付けて」),
# a number whose end the writer did not hear (「0763-82-〇〇…」).
_PHONE_RES = (
    re.compile(r"(?:でんわ|デンワ)(?:は|:|\s)*(\d{2,5}[\-‐−]\d{3,4}(?:[\-‐−]\d{3,4})?)(?![\d\-])"),
    re.compile(r"市外局番(?:は|が|:|\s)*(0\d{1,4})(?!\d)"),
    re.compile(r"(0\d{1,4}[\-‐−]\d{1,4}[\-‐−][〇○×*]{2,4}\.{0,3})"),
    # a local number without its area code, a few words after 電話: 「電話は家のが 6-2235」
    re.compile(r"電話(?:は|:|\s)*(?:[^\d\s、。]{1,3}?[がは:])?\s?(\d{1,2}[\-‐−]\d{4})(?![\d\-‐−]|\s?[件人名回円%世戸])"),
    # a number said with 局 and 番, its area code before it: 「0887 54 局の 3107 番」
    re.compile(r"(?<![\d\-])((?:0\d{1,4}\s?)?\d{1,4}\s?局\s?の?\s?\d{4}\s?番)(?![地号目組])"),
    # a mobile number whose 0 was dropped (「90 7432 1186」)
    re.compile(r"(?<![\d\-‐−.,])([789]0[\s\-‐−]\d{4}[\s\-‐−]\d{4})(?![\d\-‐−])"),
)
# A page on a social network is its owner's id: 「facebook.com/nam.nguyen.masuyama」「instagram.com/@saki_0305」.
_SOCIAL_PAGE_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?:facebook|instagram|twitter|x|tiktok|threads)\.(?:com|net)/@?[\w.\-]{3,}", re.ASCII)
# The 番 a phone number said with 局 ends with: 「54 局の 3107 番」.
_PHONE_END_RE = re.compile(r"\s?番(?![地号目組])")
# Who says their own name at a message's or a line's head: 「南です。」「Re: 住民説明会の件 谷です。」「すずきです、」.
_SELF_INTRODUCTION_RE = re.compile(rf"(?:^|(?<=[\s:「」。、)】>]))([{_KANJI}]{{1,4}}|[{_HIRA}]{{2,5}})です(?=[。、,!\s]|$)")
_NOT_SELF = frozenset({"今", "上", "下", "前", "後", "次"})  # 「今です。」
# A name right after the label that says it is one: 「本名刘桂兰、」「通称名 木村 在植」「旧姓は中川」.
_LABELLED_NAME_RE = re.compile(
    rf"(?:本名|旧姓|通名|通称名?|日本名|中国名|韓国名)(?:は|:|\s)*"
    rf"([{_KANJI}]{{1,4}}(?:\s[{_KANJI}]{{1,3}})?|[{_KATA}・]{{2,12}})(?=[、。,\s(「」)]|$)")
_NOT_A_NAME = frozenset({"不明", "なし", "同じ", "同上", "未確認", "確認", "不詳", "記載"})
# A given name in hiragana after a masked surname (「〔氏名〕 いさむの息子」) or before ばあちゃん (「とくばあちゃん」).
_KANA_GIVEN_AFTER_RE = re.compile(rf"\s(?!さん|さま|ちゃん|くん)([{_HIRA}]{{2,4}})(?=の|さん|、|。|\s|$)")
_KANA_GIVEN_BEFORE_ELDER_RE = re.compile(
    rf"(?:(?<![{_HIRA}])|(?<=[^{_HIRA}]の))([{_HIRA}]{{2,3}})(?=ばあちゃん|じいちゃん|ばあさん|じいさん|ばっちゃん|じっちゃん)")
_NOT_GIVEN_BEFORE_ELDER = frozenset({"ひい", "おお", "おば", "おじ"})  # 「ひいばあちゃん」
# A chat's speaker before the time of each message: 「Ryo 9:02:」「えり(2層SC・東部) 16:41」; masked when the same word
# speaks twice or more (a meeting's 「会議 10:00〜」 is said once), in hiragana only a name's reading.
_TIMED_SPEAKER_RE = re.compile(
    rf"(?:^|(?<=[\s。!?」)]))([A-Z][a-z]{{1,10}}|[{_HIRA}]{{2,4}}|[{_KATA}]{{2,6}}|[{_KANJI}]{{1,4}})"
    rf"(?:\([^()\s]{{1,15}}\))?\s?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?=[\s:]|$)")
# A one-kanji surname its writer explains: 「「今」は名字です」「名字は池の一文字」「(下、名字が一文字)」「中と書いて「なか」」.
_EXPLAINED_SURNAME_RES = (
    re.compile(rf"「([{_KANJI}]{{1,2}})」(?:は|も|が)?(?:[^。\n]{{0,3}})(?:名字|苗字|一字姓)"),
    re.compile(rf"(?:名字|苗字)は「?([{_KANJI}]{{1,2}})」?の?(?:一文字|一字)"),
    re.compile(rf"[(「]([{_KANJI}])、(?:名字|苗字)が(?:一文字|一字)"),
    re.compile(rf"(?<![{_KANJI}])([{_KANJI}])と書いて「([{_HIRA}]{{2,5}})」"),
)
# A role before a one-kanji to three-kanji surname in a list of who came: 「生活支援コーディネーター 南、」
_ROLE_THEN_SURNAME_RE = re.compile(
    rf"(?:コーディネーター|社会福祉士|理学療法士|作業療法士|言語聴覚士|薬剤師|看護師|保健師|管理栄養士|歯科衛生士|ケアマネ|"
    rf"ケアマネジャー|主任介護支援専門員|介護支援専門員|民生委員|相談員|ヘルパー)\s([{_KANJI}]{{1,3}})(?=[、,。\s(]|$)")
# An e-mail address with its at mark written as (a): 「shizuka.sawai(a)kcn.jp」.
# (it starts only where a word starts: a long run of letters is then tried once, not from each of its letters)
_AT_IN_BRACKETS_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]+\s?[(\[]a[)\]]\s?[\w\-]+(?:\.[\w\-]+)+", re.ASCII)


def fingerprint() -> bytes:
    """What the late rules depend on (for mask_cache): this file."""
    return Path(__file__).read_bytes()


def late_spans(text: str, spans: Sequence[Span]) -> List[Span]:
    """What the late rules find in ``text``, given what the earlier rules and the CRF masked (``spans``)."""
    found: List[Span] = []
    for m in _LAST_DIGITS_RE.finditer(text):
        found.append((m.start(1), m.end(1), masking.ID_NUMBER))
    for pattern in (_CERTIFICATE_RE, *_MORE_ID_RES):
        found += [(m.start(1), m.end(1), masking.ID_NUMBER) for m in pattern.finditer(text)]
    for pattern in _HOME_RES:
        found += [(m.start(), m.end(), masking.ADDRESS) for m in pattern.finditer(text)]
    for m in _ESTATE_BUILDING_RE.finditer(text):
        named = m.group(1) and not _KIND_OF_ESTATE_RE.search(m.group(1))
        found.append((m.start() if named else m.start(2), m.end(), masking.ADDRESS))
    for start, end, kind in places.find(text):
        m = _SETTLEMENT_AFTER_A_MUNICIPALITY_RE.match(text, end) if kind == places.MUNICIPALITY else None
        if m and not m.group(1).startswith(("各", "近く", "周り", "中心")):
            found.append((m.start(1), m.end(1), masking.ADDRESS))
    name_starts = {start for start, _, label in spans if label == masking.NAME}
    for m in _PART_BEFORE_A_NAME_RE.finditer(text):
        if m.end() + 1 in name_starts:
            found.append((m.start(), m.end(), masking.ADDRESS))
    for pattern in _PHONE_RES:
        found += [(m.start(1), m.end(1), masking.PHONE) for m in pattern.finditer(text)]
    found += [(m.start(), m.end(), masking.ID_NUMBER) for m in _SOCIAL_PAGE_RE.finditer(text)]
    found += [(m.start(), m.end(), masking.EMAIL) for m in _AT_IN_BRACKETS_RE.finditer(text)]
    for _, end, label in spans:
        m = _PHONE_END_RE.match(text, end) if label == masking.PHONE else None
        if m and "局" in text[max(0, end - 12):end]:
            found.append((end, m.end(), masking.PHONE))
    found += _ends_said_again(text, spans)
    found += _names(text, spans)
    found += _rooms_of_one_shape(text, list(spans) + found)
    # an age in a sentence that says where someone lives identifies them with it: 「富山県〔住所〕で87歳、…独居」
    homes = [start for start, _, label in list(spans) + found if label == masking.ADDRESS]
    for sentence in masking._SENTENCE_RE.finditer(text):
        if any(sentence.start() <= at < sentence.end() for at in homes):
            found += [(s.start, s.end, s.label) for s in masking._ages_in(text, sentence, one_person_only=False)]
    return found


# A building and its room in a list's row: 「1-101 野沢 キイ」.
_ROOM_RE = re.compile(r"(?<![\d\-‐−./:])\d{1,3}[\-‐−]\d{2,4}(?![\d\-‐−./:%])")


def _rooms_of_one_shape(text: str, spans: Sequence[Span]) -> List[Span]:
    """A list gives each home in one shape: once one row's building and room is masked (「1-101」), the others of
    the same shape are homes too (「3-202」), but not a date of another shape (「3-12」)."""
    shapes = {re.sub(r"\d+", lambda m: rf"\d{{{len(m.group())}}}", re.escape(m.group()))
              for start, end, label in spans if label == masking.ADDRESS
              for m in _ROOM_RE.finditer(text[start:end])}
    return [(m.start(), m.end(), masking.ADDRESS) for shape in shapes
            for m in re.finditer(rf"(?<![\d\-‐−./:]){shape}(?![\d\-‐−./:%])", text)]


def _ends_said_again(text: str, spans: Sequence[Span]) -> List[Span]:
    """A masked number's last digits said again after dots: 「台帳は 1100342871 … 正しいのは ...871 の方です」."""
    numbers = [re.sub(r"\D", "", text[start:end]) for start, end, label in spans
               if label in (masking.ID_NUMBER, masking.PHONE)]
    found: List[Span] = []
    for m in re.finditer(rf"(?:\.{{2,3}}|[{_HIDING_MARKS}]{{2,}})(\d{{3,4}})(?!\d)", text):
        if any(number.endswith(m.group(1)) for number in numbers):
            found.append((m.start(), m.end(), masking.ID_NUMBER))
    return found


def _names(text: str, spans: Sequence[Span]) -> List[Span]:
    """Names said where the earlier rules do not look: a self-introduction, after 本名 or 旧姓, a kana given name,
    a chat's speaker, a surname its writer explains, a surname after a role in a list."""
    names = masking.names_dataset()
    found: List[Span] = []
    for m in _SELF_INTRODUCTION_RE.finditer(text):
        word = m.group(1)
        if word not in _NOT_SELF and (word in names.surnames or word in names.surname_readings):
            found.append((m.start(1), m.end(1), masking.NAME))
    for m in _LABELLED_NAME_RE.finditer(text):
        if m.group(1) not in _NOT_A_NAME:
            found.append((m.start(1), m.end(1), masking.NAME))
    for start, end, label in spans:
        if label == masking.NAME:
            m = _KANA_GIVEN_AFTER_RE.match(text, end)
            if m and m.group(1) in names.given_readings:
                found.append((m.start(1), m.end(1), masking.NAME))
    for m in _KANA_GIVEN_BEFORE_ELDER_RE.finditer(text):
        if m.group(1) in names.given_readings and m.group(1) not in _NOT_GIVEN_BEFORE_ELDER:
            found.append((m.start(1), m.end(1), masking.NAME))
    speakers = [m for m in _TIMED_SPEAKER_RE.finditer(text) if not masking._is_role(m.group(1)) and not (
        re.fullmatch(f"[{_HIRA}]+", m.group(1)) and m.group(1) not in names.readings)]  # 「…です 09:36」
    twice = {word for word, n in Counter(m.group(1) for m in speakers).items() if n >= 2}
    found += [(m.start(1), m.end(1), masking.NAME) for m in speakers if m.group(1) in twice]
    for pattern in _EXPLAINED_SURNAME_RES:
        for m in pattern.finditer(text):
            found += [(m.start(g), m.end(g), masking.NAME) for g in range(1, (m.lastindex or 0) + 1)]
    for m in _ROLE_THEN_SURNAME_RE.finditer(text):
        if m.group(1) in names.surnames:
            found.append((m.start(1), m.end(1), masking.NAME))
    return found
