"""Rasa's SQL tracker store, bounded and watched.

Bounded: the dialogue keeps no state in Rasa (the record, bot.store, knows where
each person is), so a turn needs only the latest few events. ``retrieve`` loads at
most ``WINDOW`` events of the latest session, starting at a turn boundary, so a
turn costs the same after ten messages or ten thousand; the action server gets the
same small tracker. ``retrieve_full_tracker`` still reads every event (transcripts).

Watched: Rasa wraps every tracker store in a fail-safe that, when a save fails,
keeps the conversation in memory and only logs. We record the failure so the
status route and ``banso run`` can say so. No answer depends on the tracker.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator, List, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import Settings

logger = logging.getLogger(__name__)
WINDOW = 60  # events; one turn here is about six (user, action, bot messages, listen)
_LOADED = "_banso_loaded_events"  # how many events of a retrieved tracker are already stored


@dataclass
class TrackerHealth:
    """What the status route may say: a state and counts. The error text itself goes to the log only."""

    failures: int = 0
    since: Optional[str] = None  # ISO time of the first failure

    def as_dict(self) -> dict:
        state = "fallback" if self.failures else "ok"
        return {"tracker_store": state, "failures": self.failures, "since": self.since}


HEALTH = TrackerHealth()
_lock = threading.Lock()


def record_failure(error: Exception) -> None:
    with _lock:
        if not HEALTH.failures:
            HEALTH.since = datetime.now(timezone.utc).isoformat(timespec="seconds")
            logger.error("会話の記録（トラッカーストア）に保存できず、メモリに切り替えました: %s", error)
        HEALTH.failures += 1


class BansoTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, db: Optional[str] = None, dialect: str = "sqlite", **kwargs: Any) -> None:
        # The same default as `banso run` when started by hand: var/tracker.db (BANSO_TRACKER_DB).
        super().__init__(domain=domain, dialect=dialect, db=db or Settings.from_env().tracker_url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _transcript_pragmas)
        with self.engine.begin() as connection:
            # The latest events of one sender, and its latest session start, by index alone.
            connection.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_sender_id_id ON events (sender_id, id)")
            connection.exec_driver_sql(
                "CREATE INDEX IF NOT EXISTS ix_events_sender_type_id ON events (sender_id, type_name, id)")

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest ``WINDOW`` events of the latest session, from the start of a turn."""
        # Two index look-ups (Rasa's own query compares timestamps through a derived table, which
        # SQLite answers by reading the sender's whole history: 18 ms after 5,000 turns, not 1).
        event = self.SQLEvent
        with self.session_scope() as session:
            start = session.query(sa.func.max(event.id)).filter(
                event.sender_id == sender_id, event.type_name == SessionStarted.type_name).scalar()
            query = session.query(event.data).filter(event.sender_id == sender_id)
            if start is not None:
                query = query.filter(event.id >= start)
            rows = query.order_by(event.id.desc()).limit(WINDOW).all()
            events = from_turn_start([json.loads(row.data) for row in reversed(rows)])
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, _LOADED, len(tracker.events))
        return tracker

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator:
        """The events added since ``retrieve`` (Rasa's own count assumes the whole session was loaded)."""
        loaded = getattr(tracker, _LOADED, None)
        if loaded is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, loaded, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception as error:  # Rasa's fail-safe takes over; we only take note
            record_failure(error)
            raise
        setattr(tracker, _LOADED, len(tracker.events))


def _transcript_pragmas(dbapi_connection, _record) -> None:
    # Readers (the report's transcript) never block the bot's writes, nor the reverse. The
    # transcript is not the record of answers (bot.store is, with full syncs): after a power
    # cut it may miss its last events, which is worth not waiting for a disk sync every turn.
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def from_turn_start(events: List[dict]) -> List[dict]:
    """Drop a cut-off turn at the front: begin at the first time the bot listened."""
    for index, event in enumerate(events):
        if event.get("event") == "action" and event.get("name") == "action_listen":
            return events[index:]
    return events
