"""Masks personal data in free text before it leaves the municipality in a report.

Staff write about residents (名前、電話、住所) in answers and transcripts; a
support team reading the report needs what was said, not who it was about.
Patterns catch what has a shape (e-mail, phone, postal code, street address);
GiNZA's named entities plus an honorific pattern catch names. Place names,
organisations, counts, percentages, dates and role words (民生委員さん,
ケアマネさん) stay: they are the substance of the report.

Texts are normalised first (bot.normalize.normalize): GiNZA's offsets refer
to that form, so the masked text returned is the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence

from bot.normalize import normalize

__all__ = ["EMAIL", "PHONE", "POSTAL_CODE", "ADDRESS", "NAME", "mask", "mask_many"]

EMAIL = "〔メール〕"
PHONE = "〔電話番号〕"
POSTAL_CODE = "〔郵便番号〕"
ADDRESS = "〔住所〕"
NAME = "〔氏名〕"

# Only what GiNZA's entity recogniser needs: the rest of the pipeline (parser,
# morphology, bunsetu) roughly doubles the time and does not change the entities.
_UNUSED_PIPES = ("parser", "morphologizer", "compound_splitter", "bunsetu_recognizer")
# Sudachi refuses input over 49,149 bytes; 10,000 characters stays well below it.
_CHUNK = 10_000
_BATCH = 64

# --- shapes -----------------------------------------------------------------

_EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# After NFKC; ー and − because IMEs give them between digits too.
_D = r"[\-‐‑–—−ー]"  # a dash
_S = rf"(?:{_D}|\s)"  # a dash or a space
_PHONE_RE = re.compile(
    rf"""
    (?<![\d+])
    (?:
        \+81{_S}?(?:\(0\))?{_S}?\d{{1,4}}{_S}\d{{1,4}}{_S}\d{{3,4}}     # +81 90 1234 5678
      | \+81\d{{9,10}}                                                  # +819012345678
      | \(0\d{{1,4}}\){_S}?\d{{1,4}}{_S}?\d{{3,4}}                      # (03)1234-5678
      | 0\d{{1,4}}\(\d{{1,4}}\)\d{{3,4}}                                # 03(1234)5678
      | 0\d{{1,4}}{_S}\d{{1,4}}{_S}\d{{3,4}}                            # 090-1234-5678, 0120-123-456
      | 0\d{{9,10}}                                                     # 09012345678
    )
    (?![\d])
    """,
    re.VERBOSE,
)

_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|"
    "新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|"
    "奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|"
    "熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_KANJI = r"一-龥々〆ヶ"
# A municipality (川北町, 千代田区, 〇〇郡〇〇村 …), optionally after the prefecture.
_MUNICIPALITY = rf"(?:{_PREFECTURES})?(?:[{_KANJI}]{{1,6}}?[市区町村郡](?![分域民長役議政営]))+"
# The town part after it: 霞が関, 北, 三ノ輪, 自由が丘.
_TOWN = rf"(?:[{_KANJI}ケァ-ヴ][{_KANJI}ケがのノァ-ヴー]{{0,7}}?)?"
_N = r"\d{1,4}"
# A house-level number, so that 「北町」 or 「本市の3割」 is not an address.
_NOT_A_HOUSE = r"(?![\d.%割人件回歳か月年日時分秒円倍名位点])"
_HOUSE = rf"""(?:
      {_N}丁目{_N}(?:番地?|{_D}|の)(?:{_N}号?)?{_NOT_A_HOUSE}   # 1丁目2-3, 1丁目2番3号
    | {_N}番地?(?!目)(?:{_N}号|の{_N}|{_D}{_N})?{_NOT_A_HOUSE}  # 123番地, 5番3号, 123番地の4
    | {_N}{_D}{_N}{_D}{_N}{_NOT_A_HOUSE}                          # 1-2-2
    | {_N}{_D}{_N}(?![\d.%{_KANJI}ァ-ヴか])                       # 5-12, but not 「1-2班」「2-3か所」
)"""
_ADDRESS_RE = re.compile(
    rf"(?:{_MUNICIPALITY}{_TOWN}{_HOUSE}|(?<!\d){_N}丁目{_N}(?:番地?|{_D}){_N}号?(?!\d))",
    re.VERBOSE,
)
_POSTAL_RE = re.compile(
    rf"(?:〒|郵便番号[:：]?)\s?\d{{3}}{_D}?\d{{4}}(?!\d)"
    rf"|(?<![\d\-])\d{{3}}{_D}\d{{4}}(?![\d\-])(?=\s?(?:{_PREFECTURES}|[{_KANJI}]{{1,6}}[市区町村郡]))"
)

# --- names ------------------------------------------------------------------

_HIRAGANA_ONLY = re.compile(r"[ぁ-ゖー]+")
_HONORIFICS = ("さん", "さま", "様", "氏", "君", "くん", "ちゃん")
_HONORIFIC_RE = re.compile(
    r"(?<![一-龥々〆ヶァ-ヴー])([一-龥々〆ヶ]{1,4}|[ァ-ヴ][ァ-ヴー]{1,5})"
    r"(?=さん|さま|様(?![式子相々態])|氏(?!名)|君|くん|ちゃん)"
)
# Words that take an honorific but are not a person's name.
ROLE_WORDS = frozenset(
    """
    皆 皆様 みな みなさん 各位 諸君 同氏 両氏 某氏 貴 客 お客 奥 旦那 嫁 娘 息子 孫 兄 姉 弟 妹 親 親御 赤 坊
    民生 民生委員 主任児童委員 児童委員 委員 ケアマネ ケアマネジャー ケアマネージャー 包括 地域包括 社協 行政
    役場 役所 市役所 町役場 保健師 看護師 医師 先生 職員 担当 担当者 相談員 支援員 生活支援 相談者 利用者
    本人 ご本人 家族 ご家族 相手 隣 近所 ご近所 大家 住民 地域住民 会長 自治会長 町内会長 区長 班長 施設長
    ヘルパー ボランティア スタッフ サポーター コーディネーター ドクター リーダー メンバー ママ パパ
    世話役 世話人 お世話役 バンソウ 伴走
    """.split()
)
# Endings of role words (…委員, …職員, …センター); a name does not end like this.
ROLE_SUFFIXES = (
    "員", "師", "士", "者", "係", "課", "担当", "長", "家", "屋", "店", "会", "所", "園", "院", "館", "署",
    "局", "庁", "役", "役場", "包括", "センター", "マネ", "ヘルパー", "スタッフ", "ボランティア",
)
# Entity labels that mark a place or an organisation: never masked as a name.
_NOT_A_PERSON = (
    "City", "Province", "Country", "County", "GPE", "Location", "Region", "Domestic_Region", "Address",
    "Organization", "Company", "Corporation", "Government", "Political", "International", "Facility",
    "Public_Institution", "School", "Position_Vocation",
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str


def _is_role(word: str) -> bool:
    return word in ROLE_WORDS or word.endswith(ROLE_SUFFIXES)


def _shape_spans(text: str) -> List[_Span]:
    """In order of precedence: 「北町090-1234-5678」 is a phone number, not a house number."""
    spans = [_Span(m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text)]
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = "0" + digits[2:].lstrip("0") if m.group().startswith("+") else digits
        if 10 <= len(national) <= 11:  # a Japanese number has 10 or 11 digits with its leading 0
            spans.append(_Span(m.start(), m.end(), PHONE))
    for regex, label in ((_POSTAL_RE, POSTAL_CODE), (_ADDRESS_RE, ADDRESS)):
        spans += [_Span(m.start(), m.end(), label) for m in regex.finditer(text)]
    return spans


def _strip_honorific(text: str, start: int, end: int) -> int:
    """GiNZA includes 様 in 「佐藤様」; keep the honorific readable: 〔氏名〕様."""
    for honorific in _HONORIFICS:
        if text.endswith(honorific, start, end) and end - len(honorific) > start:
            return end - len(honorific)
    return end


def _name_spans(text: str, doc) -> List[_Span]:
    """GiNZA's people, widened by the honorific pattern where it saw only part of a name."""
    spans, blocked = [], []
    for ent in doc.ents if doc is not None else ():
        if ent.label_ == "Person":
            end = _strip_honorific(text, ent.start_char, ent.end_char)
            word = text[ent.start_char:end].strip()
            if not word or _is_role(word) or not any(t.tag_.startswith("名詞") for t in ent):
                continue  # 「民生委員」, or a verb GiNZA took for a name (「終われる」)
            if _HIRAGANA_ONLY.fullmatch(word) and not text.startswith(_HONORIFICS, end):
                continue  # GiNZA reads plain hiragana (きそく, 終われる) as names too often
            spans.append((ent.start_char, end))
        elif ent.label_.startswith(_NOT_A_PERSON):
            blocked.append((ent.start_char, ent.end_char))
    for m in _HONORIFIC_RE.finditer(text):
        if _is_role(m.group(1)):
            continue
        if any(s < m.end() and m.start() < e for s, e in blocked):
            continue  # 「北町さん」 GiNZA read as a place
        spans.append((_name_start(doc, m.start(), m.end()), m.end()))
    return [_Span(start, end, NAME) for start, end in _merge(spans)]


def _name_start(doc, start: int, end: int) -> int:
    """「先月田中さん」: the pattern takes the whole kanji run; a name starts at its proper nouns."""
    if doc is None:
        return start
    tokens = [t for t in doc if t.idx >= start and t.idx + len(t) <= end]
    proper = [t for t in tokens if t.tag_.startswith("名詞-固有名詞")]
    return proper[0].idx if proper else start


def _merge(spans: List[tuple]) -> List[tuple]:
    """Overlapping or touching parts of one name (「林」「正」) become one span."""
    merged: List[list] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(span) for span in merged]


def _apply(text: str, spans: Sequence[_Span]) -> str:
    """Shapes first, then names; a later span overlapping an earlier one is dropped."""
    chosen: List[_Span] = []
    for span in spans:
        if not any(c.start < span.end and span.start < c.end for c in chosen):
            chosen.append(span)
    for span in sorted(chosen, key=lambda s: s.start, reverse=True):
        text = text[:span.start] + span.label + text[span.end:]
    return text


def _needs_ginza(text: str) -> bool:
    # A name needs kanji, katakana or Latin letters; 「はい」「月2回」 do not.
    return bool(re.search(r"[一-龥々ァ-ヴA-Za-z]", text))


def _chunks(text: str) -> List[str]:
    """Long transcripts cut after 「。」 or a space where possible, so a phone number stays whole."""
    if len(text) <= _CHUNK:
        return [text]
    chunks, start = [], 0
    while len(text) - start > _CHUNK:
        cut = max(text.rfind("。", start, start + _CHUNK), text.rfind(" ", start, start + _CHUNK))
        cut = cut + 1 if cut > start else start + _CHUNK
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def _mask_pieces(pieces: List[str]) -> List[str]:
    from bot import analysis

    todo = sorted({p for p in pieces if _needs_ginza(p)})
    docs = {}
    if todo:
        docs = dict(zip(todo, analysis.parse_many(todo, disable=_UNUSED_PIPES, batch_size=_BATCH)))
    return [_apply(p, _shape_spans(p) + _name_spans(p, docs.get(p))) for p in pieces]


def mask_many(texts: Sequence[str]) -> List[str]:
    """mask() for many texts at once: GiNZA in batches, each distinct text parsed once."""
    normalised = [normalize(t) for t in texts]
    pieces, owners = [], []
    for i, text in enumerate(normalised):
        for chunk in _chunks(text):
            pieces.append(chunk)
            owners.append(i)
    masked = [""] * len(normalised)
    for i, piece in zip(owners, _mask_pieces(pieces)):
        masked[i] += piece
    return masked


def mask(text: str) -> str:
    """The normalised text with e-mails, phones, postal codes, addresses and names replaced."""
    return mask_many([text])[0]
