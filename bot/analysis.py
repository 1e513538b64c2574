"""Japanese analysis shared by the NLU, the handbook search and the follow-ups.

Words come from Sudachi (core dictionary, split mode C — what GiNZA uses), so
the NLU and the search see the same words without loading GiNZA's parser. The
full GiNZA pipeline (entities, dependencies) loads only where it is needed.
Neither is safe to share across threads (explosion/spaCy#10649): each is used
under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import List

from bot.normalize import normalize

_sudachi_lock = threading.Lock()
_ginza_lock = threading.Lock()
# Sudachi's parts of speech that carry content (GiNZA maps them to NOUN, VERB, ADJ …).
CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "記号"}


@dataclass(frozen=True)
class Word:
    surface: str
    lemma: str  # Sudachi's normalised form: 増える for ふえ, サービス for さーびす
    pos: str
    start: int
    end: int
    reading: str = ""  # katakana, as Sudachi reads it: 通いのば and 通いの場 are both カヨイノバ


@lru_cache(maxsize=1)
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").create(SplitMode.C)


def morphemes(text: str) -> list:
    """Sudachi's morphemes of text, with their full part of speech."""
    with _sudachi_lock:
        return list(_sudachi().tokenize(text))


def words(text: str) -> List[Word]:
    """Sudachi's words of text (offsets into text as given), without spaces."""
    return [Word(m.surface(), m.normalized_form(), m.part_of_speech()[0], m.begin(), m.end(), m.reading_form())
            for m in morphemes(text) if m.part_of_speech()[0] != "空白" and m.surface().strip()]


def content_words(text: str) -> List[str]:
    """The normalised forms of the content words, as the NLU sees them."""
    return [w.lemma.lower() for w in words(normalize(text)) if w.pos in CONTENT_POS or _is_latin(w.surface)]


def _is_latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


@lru_cache(maxsize=1)
def nlp():
    """GiNZA's full pipeline (named entities, dependencies): loaded on first use."""
    import spacy  # imported here: most commands never need it

    return spacy.load("ja_ginza")


def parse(text: str):
    with _ginza_lock:
        return nlp()(normalize(text))
