"""The conversations behind a report, read from Rasa's tracker store (the transcript of record).

Imports Rasa (about ten seconds), so only a report asked for with --transcript pays for it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List

from bot.report.model import TranscriptLine

BOT_NAME = "伴走（ボット）"


def read(tracker_db: str, senders: Dict[str, str]) -> List[TranscriptLine]:
    """Every user and bot message of these senders (login → display name), in time order."""
    if not Path(tracker_db).exists():
        return []
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered

    from bot.config import ROOT

    store = SQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite", db=tracker_db)

    async def collect() -> List[TranscriptLine]:
        lines = []
        for login, name in senders.items():
            tracker = await store.retrieve_full_tracker(login)
            if tracker is None:
                continue
            for event in tracker.events:
                if isinstance(event, UserUttered) and event.text:
                    lines.append(TranscriptLine(_utc(event.timestamp), "user", name, event.text))
                elif isinstance(event, BotUttered) and event.text:
                    lines.append(TranscriptLine(_utc(event.timestamp), "bot", BOT_NAME, event.text))
        return sorted(lines, key=lambda line: line.at)

    return asyncio.run(collect())


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).replace(tzinfo=None)
