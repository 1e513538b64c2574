"""Masked texts, computed once and kept in the record.

GiNZA takes about 5 ms a text, so a report over 5,000 turns would spend half a
minute masking each time. The key includes a digest of the masking code, the
name dataset's version and the learned labeller's training data: when any
changes, every text is masked afresh.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Dict, Iterable, List, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.store.models import MaskedText
from bot.store.repository import Store

BATCH = 500


@lru_cache(maxsize=1)
def _rules() -> bytes:
    from bot.report import late_masking, learned_masking, residence

    # the learned labeller's covers masking.rules_fingerprint() too; the late rules and the homes come after it
    return learned_masking.fingerprint().encode() + late_masking.fingerprint() + residence.fingerprint()


def _digest(text: str) -> str:
    return hashlib.sha256(_rules() + text.encode("utf-8")).hexdigest()


def all_cached(store: Store, texts: Iterable[str]) -> bool:
    """Whether the record holds a mask of every text already (else masking them would load GiNZA here)."""
    keys = sorted({_digest(t) for t in texts})
    found = 0
    with store.session() as session:
        for at in range(0, len(keys), BATCH):
            found += len(session.execute(select(MaskedText.digest).where(
                MaskedText.digest.in_(keys[at:at + BATCH]))).all())
    return found == len(keys)


def mask_cached(store: Store, texts: Sequence[str]) -> List[str]:
    keys = [_digest(t) for t in texts]
    known: Dict[str, str] = {}
    with store.session() as session:
        for at in range(0, len(keys), BATCH):
            rows = session.execute(select(MaskedText).where(MaskedText.digest.in_(keys[at:at + BATCH])))
            known.update({row.digest: row.masked for row in rows.scalars()})
    missing = {k: t for k, t in zip(keys, texts) if k not in known}
    if missing:
        from bot.report.masking import mask_many

        masked = dict(zip(missing, mask_many(list(missing.values()))))
        known.update(masked)
        try:
            with store.session() as session, session.begin():
                session.add_all(MaskedText(digest=k, masked=v) for k, v in masked.items())
        except IntegrityError:  # another report stored them meanwhile: same values
            pass
    return [known[k] for k in keys]
