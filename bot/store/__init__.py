"""The project's own record of answers (SQLAlchemy, SQLite by default)."""

from bot.store.models import Answer, Base, Walk
from bot.store.repository import Store, StoreUnavailable

__all__ = ["Answer", "Base", "Walk", "Store", "StoreUnavailable"]
