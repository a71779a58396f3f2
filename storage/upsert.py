"""INSERT … ON CONFLICT for the two dialects we run on."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def insert_for(bind: AsyncSession | AsyncConnection, table: Any) -> Any:
    """A dialect-specific insert() that supports on_conflict_do_update / do_nothing."""
    if isinstance(bind, AsyncConnection):
        return insert_on(bind.dialect.name, table)
    return insert_on(bind.bind.dialect.name if bind.bind is not None else "sqlite", table)


def insert_on(dialect: str, table: Any) -> Any:
    """The same for a dialect name, for statements built once and executed many times."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
