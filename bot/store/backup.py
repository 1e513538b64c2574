"""``banso backup`` and ``banso restore``: a consistent copy of the record, taken while the bot runs.

SQLite's online backup API copies the database page by page under its own locks,
so answers written during the copy are either in it or not, never half. The copy
is written beside its target and renamed into place, with mode 0600: it holds
residents' circumstances as staff described them.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path


class BackupError(Exception):
    """The message says what to do, in Japanese."""


def sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise BackupError("いまの backup と restore は SQLite の記録だけを扱います。PostgreSQL では pg_dump と "
                          "pg_restore をお使いください（docs/deploy.md）。")
    return Path(url[len("sqlite:///"):])


def default_target(var: Path) -> Path:
    return var / "backups" / f"banso-{datetime.now():%Y%m%d-%H%M%S}.db"


def backup(url: str, target: Path) -> Path:
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"記録 {source} がまだありません。")
    _copy(source, target)
    return target


def restore(url: str, source: Path, force: bool = False) -> Path:
    target = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"{source} が見つかりません。")
    if target.exists() and target.stat().st_size and not force:
        raise BackupError(f"{target} にはもう記録があります。上書きするときは --force を付けてください"
                          "（ボットを止めてから行ってください）。")
    with sqlite3.connect(source) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} は壊れています。別のバックアップをお使いください。")
    _copy(source, target)
    return target


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(target.parent, 0o700)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)
