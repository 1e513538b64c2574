"""Japanese analysis shared by the NLU, the handbook search and the follow-ups.

Words come from Sudachi (core dictionary, split mode C — what GiNZA uses), so
the NLU and the search see the same words without loading GiNZA's parser. The
full GiNZA pipeline (entities, dependencies) loads only where it is needed.
Neither is safe to share across threads (explosion/spaCy#10649): each is used
under a lock.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Tuple

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
    return list(_words(text))


@lru_cache(maxsize=256)
def _words(text: str) -> Tuple[Word, ...]:
    # One analysis per message: the tokenizer, the names' readings, the reading features and the
    # theme classifier all ask for the same normalised text within one parse.
    return tuple(Word(m.surface(), m.normalized_form(), m.part_of_speech()[0], m.begin(), m.end(), m.reading_form())
                 for m in morphemes(text) if m.part_of_speech()[0] != "空白" and m.surface().strip())


def reading(text: str) -> str:
    """The text as it sounds, in katakana (進捗確認 and ｼﾝﾁｮｸ確認 are both シンチョクカクニン)."""
    return "".join(w.reading or w.surface for w in words(normalize(text)))


def content_words(text: str) -> List[str]:
    """The normalised forms of the content words, as the NLU sees them."""
    return [w.lemma.lower() for w in words(normalize(text)) if w.pos in CONTENT_POS or _is_latin(w.surface)]


def _is_latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


# GiNZA keeps about 25 KB of every text it parses until its pipeline is dropped (spaCy's Japanese
# morphology, explosion/spaCy#13684): 75 MB per 3,000 answers, all freed with the pipeline. A server
# that runs for weeks therefore loads a fresh pipeline after this many texts, in the background, while
# the old one goes on serving (measured in docs/reliability.md, soak).
RECYCLE_AFTER = 2_000
_pipeline = None
_parsed = 0
_recycling = False


def _load():
    import spacy  # imported here: most commands never need it

    pipeline = spacy.load("ja_ginza")
    pipeline("準備")  # the first call builds caches: pay it here, not in someone's turn
    return pipeline


def nlp():
    """GiNZA's full pipeline (named entities, dependencies): loaded on first use."""
    global _pipeline
    with _ginza_lock:
        if _pipeline is None:
            _pipeline = _load()
        return _pipeline


def parse(text: str):
    return parse_many([normalize(text)])[0]


def parse_many(texts: List[str], disable=(), batch_size: int = 64) -> list:
    """GiNZA's docs of texts as given, under the lock; the pipeline is renewed as it fills (above)."""
    global _parsed, _recycling
    pipeline = nlp()
    with _ginza_lock:
        docs = list(pipeline.pipe(texts, batch_size=batch_size, disable=list(disable)))
        _parsed += len(texts)
        if _parsed >= RECYCLE_AFTER and not _recycling:
            _recycling = True
            threading.Thread(target=_renew, name="ginza-renew", daemon=True).start()
    return docs


def _renew() -> None:
    global _pipeline, _parsed, _recycling
    try:
        fresh = _load()  # outside the lock: turns keep using the old pipeline meanwhile
    except Exception:  # noqa: BLE001 — keep serving with the old one; try again later
        logging.getLogger(__name__).exception("GiNZA のパイプラインを読み直せませんでした")
        fresh = None
    with _ginza_lock:
        if fresh is not None:
            _pipeline, _parsed = fresh, 0
        _recycling = False
    _give_back_memory()


def _give_back_memory() -> None:
    """Return the old pipeline's freed memory to the system (glibc keeps it otherwise)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by the process instead
        pass
