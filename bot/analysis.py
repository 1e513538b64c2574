"""GiNZA (Sudachi) analysis, loaded once per process and used under a lock.

spaCy pipelines are not safe to share across threads (explosion/spaCy#10649).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import List

from bot.normalize import normalize

_lock = threading.Lock()
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM", "X", "SYM"}


@lru_cache(maxsize=1)
def nlp():
    import spacy  # imported here: most commands never need it

    return spacy.load("ja_ginza")


def content_words(text: str) -> List[str]:
    """Sudachi's normalised forms of the content words, as the NLU tokenises them."""
    with _lock:
        doc = nlp().tokenizer(normalize(text))
    return [token.norm_.lower() for token in doc if token.pos_ in CONTENT_POS or _is_latin(token.text)]


def _is_latin(text: str) -> bool:
    return text.isascii() and text.isalnum()
