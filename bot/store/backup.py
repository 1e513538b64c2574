"""``banso backup`` and ``banso restore``: a consistent copy of the record, taken while the bot runs.

SQLite's online backup API copies the database page by page under its own locks,
so answers written during the copy are either in it or not, never half. For
PostgreSQL, pg_dump takes one snapshot (its own transaction) and pg_restore puts
it back. The copy is written beside its target and renamed into place, with
mode 0600, in a folder made 0700: it holds residents' circumstances as staff described them.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from typing import List


OVERWRITE = "{where}にはもう記録があります。上書きするときは --force を付けてください（ボットを止めてから行ってください）。"


class BackupError(Exception):
    """The message says what to do, in Japanese."""


def sqlite_path(url: str) -> Path:
    return Path(url[len("sqlite:///"):])


def _postgres(url: str) -> bool:
    return url.startswith("postgresql")


def default_target(var: Path, url: str = "sqlite:///") -> Path:
    return var / "backups" / f"banso-{datetime.now():%Y%m%d-%H%M%S}.{'dump' if _postgres(url) else 'db'}"


def backup(url: str, target: Path) -> Path:
    if _postgres(url):
        _private_file(target, lambda partial: _run("pg_dump", "--format=custom", "--no-owner",
                                                    f"--file={partial}", f"--dbname={_libpq(url)}"))
        return target
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"記録 {source} がまだありません。")
    _copy(source, target)
    return target


def restore(url: str, source: Path, force: bool = False) -> str:
    if not source.exists():
        raise BackupError(f"{source} が見つかりません。")
    if _postgres(url):
        if _postgres_has_record(url) and not force:
            raise BackupError(OVERWRITE.format(where="この PostgreSQL のデータベース"))
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", f"--dbname={_libpq(url)}",
             str(source))
        return url.rsplit("@", 1)[-1]  # the host and database, without a password
    target = sqlite_path(url)
    if target.exists() and target.stat().st_size and not force:
        raise BackupError(OVERWRITE.format(where=f"{target} "))  # a space after a path, as before
    with sqlite3.connect(source) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} は壊れています。別のバックアップをお使いください。")
    _copy(source, target)
    return str(target)


def _libpq(url: str) -> str:
    """SQLAlchemy's URL as libpq reads it: postgresql+psycopg2://… → postgresql://…"""
    return "postgresql://" + url.split("://", 1)[1]


def _postgres_has_record(url: str) -> bool:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url, future=True)
    try:
        return "answers" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _tool(name: str) -> str:
    """pg_dump / pg_restore: beside the server make test installs, on PATH, or in Debian's folder."""
    candidates: List[str] = [str(Path(os.environ["BANSO_PG_BIN"]) / name)] if os.environ.get("BANSO_PG_BIN") else []
    candidates += [shutil.which(name) or "", *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)]
    found = next((c for c in candidates if c and Path(c).exists()), None)
    if found is None:
        raise BackupError(f"{name} が見つかりません。PostgreSQL のクライアント（Debian では postgresql-client）を入れてください。")
    return found


def _run(name: str, *args: str) -> None:
    done = subprocess.run([_tool(name), *args], capture_output=True, text=True)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"終了コード {done.returncode}"
        raise BackupError(f"{name} が失敗しました: {detail}")


def write_private(target: Path, data: bytes) -> None:
    """Write a file only its owner may read (0600), whole or not at all: reports and disclosures.

    The folder must exist; it is not created or changed (it is the user's choice).
    """
    def write(partial: Path) -> None:
        with open(partial, "wb") as handle:
            handle.write(data)

    _private_file(target, write, make_folder=False)


def _private_folder(folder: Path) -> None:
    """Missing folders are made 0700; an existing one is tightened only if it is var/backups (ours)."""
    from bot.config import Settings

    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(parent, 0o700)  # mkdir's mode passes through the umask
    if not missing and folder.resolve() == (Settings.from_env().var / "backups").resolve():
        os.chmod(folder, 0o700)


def _private_file(target: Path, write, make_folder: bool = True) -> None:
    """Write through a 0600 file beside the target, then rename it into place (folders as _private_folder)."""
    if make_folder:
        _private_folder(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        write(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


def _copy(source: Path, target: Path) -> None:
    def sqlite_backup(partial: Path) -> None:
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)

    _private_file(target, sqlite_backup)
