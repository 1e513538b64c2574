"""Bring a database to the current schema with Alembic, keeping every row.

A database made before migrations existed (the first version created its
tables directly) is recognised and stamped as revision 0001 first.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

# Alembic is imported only when a database needs migrating: its import was a third of the
# first turn of each server after start-up (py-spy, docs/nlu-evaluation.md).
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"
# The newest revision under migrations/versions; tests/unit/test_migrations.py checks it is
# Alembic's own head, so a new migration cannot forget to move it.
HEAD = "0009"


def at_head(engine: Engine) -> bool:
    """Whether the database is already at HEAD, read without Alembic (a new database has no version table)."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False
    return versions == [HEAD]


def config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate, one process at a time: the web app and the action server may start together."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _exclusive(engine), engine.connect() as connection, _foreign_keys_off(connection):
        cfg = config()
        with connection.begin():
            cfg.attributes["connection"] = connection
            if MigrationContext.configure(connection).get_current_revision() is None \
                    and inspect(connection).has_table("answers"):
                command.stamp(cfg, FIRST)
            command.upgrade(cfg, revision)


@contextmanager
def _foreign_keys_off(connection) -> Iterator[None]:
    """SQLite: no foreign-key actions while a migration rebuilds a table.

    Alembic's batch mode copies a table, drops the old one and renames the copy; with
    foreign keys on, dropping ``people`` would cascade to the rows that point at it
    (supports, web sessions). The pragma only works outside a transaction, so it is
    set on the driver's connection, and restored afterwards.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection
    (enabled,) = driver.execute("PRAGMA foreign_keys").fetchone()
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


@contextmanager
def _exclusive(engine: Engine) -> Iterator[None]:
    """A lock across processes: a file beside an SQLite database, an advisory lock on PostgreSQL."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        with open(f"{database}.migrate-lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
    elif engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    else:
        yield


LOCK_KEY = 0x62616E736F  # "banso"
