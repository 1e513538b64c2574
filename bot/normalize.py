"""The one normalisation every piece of user text passes through before matching.

``normalize`` keeps the text readable for GiNZA (NLU input); ``match_key`` folds
further (case, hiragana → katakana) for dictionary look-ups. Stored answers keep
the user's own text; only matching uses these forms.
"""

from __future__ import annotations

import re
import unicodedata

# Dash-like characters people (and IMEs) type for the long vowel mark.
_LONG_VOWEL_LOOKALIKES = "-‐‑‒–—―−ｰ~〜～"
_LONG_VOWEL = re.compile(rf"(?<=[ァ-ヴー])[{re.escape(_LONG_VOWEL_LOOKALIKES)}]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]")
_HIRAGANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
# Counters after a number are written ヶ所, ケ所, カ所, 箇所, か所 (and 〜月): one spelling, か.
_COUNTER = re.compile(r"(?<=[0-9〇一二三四五六七八九十百千何数])[ヶケカヵ箇个](?=[所月年国条])")


def normalize(text: str) -> str:
    """NFKC (full/half width, ㈱ and the like), long-vowel look-alikes, counters, whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub("", text)
    text = _LONG_VOWEL.sub("ー", text)
    text = _COUNTER.sub("か", text)
    return _SPACES.sub(" ", text).strip()


def match_key(text: str) -> str:
    """A key for dictionary matching: normalised, case-folded, kana folded to katakana."""
    return normalize(text).casefold().translate(_HIRAGANA).replace(" ", "")
