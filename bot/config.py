"""Settings from the environment, with embedded defaults (SQLite under var/)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"


@dataclass(frozen=True)
class Settings:
    database_url: str
    tracker_url: str
    rasa_url: str

    @classmethod
    def from_env(cls) -> "Settings":
        var = Path(os.environ.get("BANSO_VAR", VAR))
        return cls(
            database_url=os.environ.get("BANSO_DATABASE_URL", f"sqlite:///{var / 'banso.db'}"),
            tracker_url=os.environ.get("BANSO_TRACKER_DB", str(var / "tracker.db")),
            rasa_url=os.environ.get("BANSO_RASA_URL", "http://127.0.0.1:5005"),
        )
