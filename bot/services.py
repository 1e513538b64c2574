"""One place that builds the long-lived objects a process needs, once."""

from __future__ import annotations

from functools import lru_cache

from bot.config import Settings
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import load
from bot.review import Review
from bot.store import Store


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return load()


@lru_cache(maxsize=1)
def store() -> Store:
    return Store(Settings.from_env().database_url)


@lru_cache(maxsize=1)
def review() -> Review:
    """The action server's: it has GiNZA loaded, so it masks each answer as it is written."""
    return Review(knowledge(), store(), mask_ahead=True)
