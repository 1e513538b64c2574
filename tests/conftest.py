import shutil
from pathlib import Path

import pytest

from bot import cli, services
from bot.knowledge.loader import load
from bot.review import Review
from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb():
    return load()


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'banso.db'}")


@pytest.fixture
def store_with_person(store):
    """A record with one staff member of 川北町, yamada, whose password is set."""
    from bot.store.registry import Registry
    from bot.store import accounts

    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    accounts.set_password(store, "yamada", "correct horse 1")
    return store


@pytest.fixture
def review(kb, store):
    return Review(kb, store)


@pytest.fixture
def knowledge_copy(tmp_path):
    """A writable copy of knowledge/, to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


@pytest.fixture
def banso_cli(monkeypatch, capsys):
    """``banso …`` run in-process on a var/ folder: bind(var) gives run(*argv) → (exit code, stdout, stderr)."""

    def bind(var: Path):
        monkeypatch.setenv("BANSO_DATABASE_URL", f"sqlite:///{var / 'banso.db'}")
        monkeypatch.setenv("BANSO_TRACKER_DB", str(var / "tracker.db"))
        services.store.cache_clear()

        def run(*argv):
            code = cli.main(list(argv))
            out = capsys.readouterr()
            return code, out.out, out.err

        return run

    yield bind
    services.store.cache_clear()
