"""Group commit: small writes that arrive together share one transaction.

A caller submits one item to a batch write (e.g. "insert this question row") and awaits its
result, which resolves only after the transaction holding the item has committed, so "stored
before the reply is sent" holds exactly as with a transaction of its own. While one transaction
is in flight, new submissions queue up and all go into the next one: under load one commit
carries dozens of rows from several stores (one Core statement per kind of write), and a quiet
bot still pays one transaction per write with no added wait.

One writer per database (`Database.writes`): on SQLite only one connection can write at a time,
and separate writers would make each other wait in SQLite's sleeping busy handler.

A batch write is plain synchronous SQLAlchemy Core on a `Connection`, so a whole transaction can
run where it is cheapest: on an SQLite file, in one hop to the writer's own thread (through
aiosqlite every statement would be several round trips between the event loop and its thread,
each a thread wake-up); on PostgreSQL, on the async engine through `run_sync`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MAX_BATCH = 200
WRITER_THREAD = "lupbot-writer"

# Writes a batch of items in the given transaction; returns one result per item, in order.
BatchWrite = Callable[[Connection, list[T]], Sequence[R]]


class Transactions(Protocol):
    """Runs synchronous work in one transaction: committed if it returns, rolled back if it raises."""

    @property
    def engine(self) -> Engine:
        """The (synchronous) engine the transactions commit on, for its events."""
        ...

    async def run(self, work: Callable[[Connection], R]) -> R: ...

    async def close(self) -> None: ...


class EngineTransactions:
    """Transactions on the async engine (PostgreSQL; in-memory SQLite, which only it can see)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine.sync_engine

    async def run(self, work: Callable[[Connection], R]) -> R:
        async with self._engine.begin() as conn:
            return await conn.run_sync(work)

    async def close(self) -> None:
        """Nothing of its own to close: the engine belongs to the Database."""


class ThreadTransactions:
    """Transactions on a synchronous engine, each run whole in one dedicated thread (SQLite files)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD)

    @property
    def engine(self) -> Engine:
        return self._engine

    async def run(self, work: Callable[[Connection], R]) -> R:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._in_thread, work)

    def _in_thread(self, work: Callable[[Connection], R]) -> R:
        with self._engine.begin() as conn:
            return work(conn)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._thread.shutdown)
        self._engine.dispose()


@dataclass
class _Pending:
    write: BatchWrite[Any, Any]
    item: Any
    result: asyncio.Future[Any]


class GroupCommit:
    """Runs submitted writes in shared transactions, one at a time, in the order they arrived."""

    def __init__(self, transactions: Transactions, max_batch: int = MAX_BATCH) -> None:
        self._transactions = transactions
        self._max_batch = max_batch
        self._waiting: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, write: BatchWrite[T, R], item: T) -> R:
        """Write `item` with `write` in the next transaction; returns once that has committed."""
        loop = asyncio.get_running_loop()
        pending = _Pending(write, item, loop.create_future())
        self._waiting.append(pending)
        writer = self._writer
        if writer is None or writer.done() or writer.get_loop() is not loop:
            self._writer = loop.create_task(self._write_waiting())
        result: R = await pending.result
        return result

    async def drain(self) -> None:
        """Wait until every write submitted so far has been committed (or has failed)."""
        writer = self._writer
        if writer is not None and not writer.done() and writer.get_loop() is asyncio.get_running_loop():
            await asyncio.shield(writer)

    @property
    def engine(self) -> Engine:
        """The engine the batches commit on (listen to its "commit" event to watch them)."""
        return self._transactions.engine

    async def close(self) -> None:
        """Release what the transactions hold (a writer thread and its engine); after `drain`."""
        await self._transactions.close()

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch = [p for p in self._waiting[: self._max_batch] if not p.result.done()]
            del self._waiting[: self._max_batch]
            if not batch:
                continue
            try:
                results = await self._commit(batch)
            except Exception as exc:
                if len(batch) == 1:
                    _fail(batch[0], exc)
                else:
                    # One bad row must not fail everyone it happened to share a transaction with:
                    # the batch was rolled back, so each write is tried again in its own.
                    log.warning("group commit of %d writes failed (%s); retrying one by one", len(batch), exc)
                    for pending in batch:
                        await self._commit_alone(pending)
                continue
            except BaseException:
                for pending in batch:
                    pending.result.cancel()
                raise
            for pending, result in zip(batch, results, strict=True):
                if not pending.result.done():
                    pending.result.set_result(result)

    async def _commit_alone(self, pending: _Pending) -> None:
        try:
            (result,) = await self._commit([pending])
        except Exception as exc:
            _fail(pending, exc)
        else:
            if not pending.result.done():
                pending.result.set_result(result)

    async def _commit(self, batch: list[_Pending]) -> list[Any]:
        """One transaction: each kind of write gets its items in one call, in arrival order."""
        kinds: dict[BatchWrite[Any, Any], list[int]] = {}
        for i, pending in enumerate(batch):
            kinds.setdefault(pending.write, []).append(i)
        work = [(write, positions, [batch[i].item for i in positions]) for write, positions in kinds.items()]

        def write_all(conn: Connection) -> list[Any]:
            results: list[Any] = [None] * len(batch)
            for write, positions, items in work:
                for i, result in zip(positions, write(conn, items), strict=True):
                    results[i] = result
            return results

        return await self._transactions.run(write_all)


def _fail(pending: _Pending, exc: BaseException) -> None:
    if not pending.result.done():
        pending.result.set_exception(exc)
