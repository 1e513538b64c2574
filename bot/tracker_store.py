"""Rasa's SQL tracker store, watched: a failed save is remembered and reported.

Rasa wraps every tracker store in a fail-safe that, when a save fails, keeps
the conversation in memory and only logs. We record the failure so the REST
status route and ``banso run`` can say so; the project's own record
(bot.store) is written by the action server and still holds every answer.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from rasa.core.tracker_store import SQLTrackerStore

logger = logging.getLogger(__name__)


@dataclass
class TrackerHealth:
    failures: int = 0
    last_error: Optional[str] = None
    since: Optional[str] = None  # ISO time of the first failure

    def as_dict(self) -> dict:
        state = "fallback" if self.failures else "ok"
        return {"tracker_store": state, "failures": self.failures, "last_error": self.last_error,
                "since": self.since}


HEALTH = TrackerHealth()
_lock = threading.Lock()


def record_failure(error: Exception) -> None:
    with _lock:
        if not HEALTH.failures:
            HEALTH.since = datetime.now(timezone.utc).isoformat(timespec="seconds")
            logger.error("会話の記録（トラッカーストア）に保存できず、メモリに切り替えました: %s", error)
        HEALTH.failures += 1
        HEALTH.last_error = f"{type(error).__name__}: {error}"[:300]


class WatchedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Readers (the report's transcript) never block the bot's writes, nor the reverse.
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    async def save(self, tracker) -> None:
        try:
            await super().save(tracker)
        except Exception as error:  # Rasa's fail-safe takes over; we only take note
            record_failure(error)
            raise
