"""Settings from the environment, with embedded defaults (SQLite under var/), and the secrets.

Secrets never travel on a command line: each comes from its environment variable
or, when that is unset, from a file under var/secrets/ that only the owner may
read (mode 0600 in a 0700 folder), made with a fresh random value on first use.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"


class SecretUnsafe(Exception):
    """A secret file that others may read; the message says how to fix it, in Japanese."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    tracker_url: str
    rasa_url: str
    var: Path

    @classmethod
    def from_env(cls) -> "Settings":
        var = Path(os.environ.get("BANSO_VAR", VAR))
        return cls(
            database_url=os.environ.get("BANSO_DATABASE_URL", f"sqlite:///{var / 'banso.db'}"),
            tracker_url=os.environ.get("BANSO_TRACKER_DB", str(var / "tracker.db")),
            rasa_url=os.environ.get("BANSO_RASA_URL", "http://127.0.0.1:5005"),
            var=var,
        )

    @property
    def channel_secret(self) -> str:
        """Proves to the bot's channel that a client (web app, banso chat) has checked who speaks."""
        return secret("BANSO_CHANNEL_SECRET", self.var / "secrets" / "channel")

    @property
    def action_secret(self) -> str:
        """Proves to the action server that the call comes from our Rasa server."""
        return secret("BANSO_ACTION_SECRET", self.var / "secrets" / "action")


def secret(variable: str, path: Path) -> str:
    value = os.environ.get(variable, "").strip()
    if value:
        return value
    if not path.exists():
        _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretUnsafe(f"{path} はほかの利用者も読めます。chmod 600 {path} で本人だけが読めるようにしてください。")
    return path.read_text("ascii").strip()


def _create(path: Path) -> None:
    """A new random secret, written whole before it appears (two processes may start at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(32))
    try:
        os.link(temporary, path)  # fails if another process was first: then its secret stands
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
