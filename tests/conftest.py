import shutil
from pathlib import Path

import pytest

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
def review(kb, store):
    return Review(kb, store)


@pytest.fixture
def knowledge_copy(tmp_path):
    """A writable copy of knowledge/, to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target
