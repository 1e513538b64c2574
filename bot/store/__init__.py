"""The project's own record (SQLAlchemy; SQLite by default, PostgreSQL by URL)."""

from bot.store.models import Answer, Base, Municipality, Person, Support, Visit, Walk
from bot.store.repository import Store, StoreUnavailable

__all__ = ["Answer", "Base", "Municipality", "Person", "Support", "Visit", "Walk", "Store", "StoreUnavailable"]
