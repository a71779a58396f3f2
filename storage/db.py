"""The one place that opens database engines and sessions."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.base import Base
from storage.group_commit import EngineTransactions, GroupCommit, ThreadTransactions, Transactions

# How long an SQLite connection waits for another's write lock before giving up.
SQLITE_BUSY_SECONDS = 30

# Every module that defines tables; imported before create_all so their tables are registered.
TABLE_MODULES = (
    "storage.questions",
    "storage.preferences",
    "storage.checklist_runs",
    "storage.reminders",
    "storage.slack_state",
    "storage.conversations",
)


def default_sqlite_url(directory: Path | None = None) -> str:
    """The embedded default: a SQLite file in the working directory."""
    path = (directory or Path.cwd()) / "lupbot.db"
    return f"sqlite+aiosqlite:///{path.resolve()}"


def normalise_url(url: str) -> str:
    """Accept plain driver URLs (postgresql://, sqlite://) by adding the async driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


def _register_table_modules() -> None:
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a missing dependency inside an existing module is a real error
                raise


class Database:
    """An async engine plus a session factory; stores get one of these."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        self.url = normalise_url(url)
        kwargs: dict[str, object] = {"echo": echo}
        connect_args: dict[str, object] = {}
        if self.url.startswith("sqlite"):
            connect_args["timeout"] = SQLITE_BUSY_SECONDS
        elif schema:
            # Tests isolate themselves in their own PostgreSQL schema.
            connect_args["server_settings"] = {"search_path": schema}
        if connect_args:
            kwargs["connect_args"] = connect_args
        if self.url.startswith("postgresql"):
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)  # type: ignore[arg-type]
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # The hot path's small writes (event claims, question log, language) share transactions.
        self.writes = GroupCommit(self.write_transactions())

    def write_transactions(self) -> Transactions:
        """Where group commits run: an SQLite file gets a synchronous engine of its own in one thread.

        Every statement through aiosqlite is several hops between the event loop and aiosqlite's
        thread; a batch run whole in the writer's thread is one (about a fifth of a millisecond of
        CPU per Slack event less, see the README's Slack load figures)."""
        url = self.engine.url
        if self.dialect != "sqlite" or url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
            return EngineTransactions(self.engine)
        writer = create_engine(url.set(drivername="sqlite+pysqlite"), connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(writer, "connect", _sqlite_pragmas)
        return ThreadTransactions(writer)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def create_schema(self) -> None:
        """Create every table that does not exist yet (idempotent, safe on every start)."""
        _register_table_modules()
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on error."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection for reads (no ORM session to build), returned to the pool after."""
        async with self.engine.connect() as conn:
            yield conn

    async def dispose(self) -> None:
        await self.writes.drain()
        await self.writes.close()
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is SQLite's recommended setting with WAL: a commit is appended to the WAL without an
    # fsync (the WAL is synced at each checkpoint), so a committed transaction survives the process
    # crashing or being killed (kill -9) and the database never corrupts; only a power cut or OS
    # crash can roll back the last commits before a checkpoint. FULL (the default) fsyncs every
    # commit, which cost every turn a disk flush.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
