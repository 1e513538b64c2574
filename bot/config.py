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
from datetime import timedelta
from pathlib import Path
from typing import Tuple

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"


class SecretUnsafe(Exception):
    """A secret file that others may read; the message says how to fix it, in Japanese."""


class SettingInvalid(ValueError):
    """An environment variable that cannot be read; the message says which and how, in Japanese."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the servers. The web app's:

    - ``BANSO_SECURE_COOKIES=1``: cookies carry Secure, and every response HSTS (behind TLS only).
    - ``BANSO_IDLE_MINUTES`` (60): a web session with no request for this long ends.
    - ``BANSO_TURN_RETENTION_DAYS`` (90): chat turns (the person's words and the bot's replies) older
      than this are purged; the answers themselves are kept.
    - ``BANSO_TRUSTED_PROXIES``: comma-separated addresses of reverse proxies (e.g. ``127.0.0.1`` for
      nginx on the same host) whose ``X-Forwarded-For`` names the client. Unset: the client is the
      socket's peer, and ``X-Forwarded-For`` is ignored (anyone could write it).
    """

    database_url: str
    tracker_url: str
    rasa_url: str
    var: Path
    secure_cookies: bool = False
    idle_timeout: timedelta = timedelta(minutes=60)
    turn_retention: timedelta = timedelta(days=90)
    trusted_proxies: Tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> "Settings":
        var = Path(os.environ.get("BANSO_VAR", VAR))
        return cls(
            database_url=os.environ.get("BANSO_DATABASE_URL", f"sqlite:///{var / 'banso.db'}"),
            tracker_url=os.environ.get("BANSO_TRACKER_DB", str(var / "tracker.db")),
            rasa_url=os.environ.get("BANSO_RASA_URL", "http://127.0.0.1:5005"),
            var=var,
            secure_cookies=os.environ.get("BANSO_SECURE_COOKIES") == "1",
            idle_timeout=timedelta(minutes=_positive("BANSO_IDLE_MINUTES", 60)),
            turn_retention=timedelta(days=_positive("BANSO_TURN_RETENTION_DAYS", 90)),
            trusted_proxies=tuple(a.strip() for a in os.environ.get("BANSO_TRUSTED_PROXIES", "").split(",")
                                  if a.strip()),
        )

    @property
    def channel_secret(self) -> str:
        """Proves to the bot's channel that a client (web app, banso chat) has checked who speaks."""
        return secret("BANSO_CHANNEL_SECRET", self.var / "secrets" / "channel")

    @property
    def action_secret(self) -> str:
        """Proves to the action server that the call comes from our Rasa server."""
        return secret("BANSO_ACTION_SECRET", self.var / "secrets" / "action")


def _positive(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise SettingInvalid(f"環境変数 {variable} は 1 以上の整数にしてください（いまの値: {value}）。")
    return int(value)


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
