"""Slack delivery state kept in the database: which Events API deliveries were already handled.

Slack redelivers an event (with `X-Slack-Retry-Num`) when it did not see a 2xx in time; every
redelivery carries the same `event_id`. Claiming the id with an insert-if-absent makes the
first instance to see it the only one that answers, even with several instances behind a
load balancer. (OAuth installations live in slack_sdk's own tables, created by `bot/`,
because this package must not import Slack code.)

Claims that arrive while a claim transaction is in flight are written together in the next
one (group commit): under load one transaction claims dozens of events, and a quiet bot
still pays exactly one transaction per event, with no added wait.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_for

MAX_BATCH = 200


class SlackEventRow(Base):
    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


@dataclass
class _Claim:
    event_id: str
    team_id: str
    now: datetime
    result: asyncio.Future[bool]


class SlackEventStore:
    """Claims Events API deliveries so each `event_id` is handled once, across instances."""

    def __init__(self, db: Database, max_batch: int = MAX_BATCH) -> None:
        self._db = db
        self._max_batch = max_batch
        self._waiting: list[_Claim] = []
        self._writer: asyncio.Task[None] | None = None

    async def claim(self, event_id: str, team_id: str, now: datetime) -> bool:
        """True for the first delivery of `event_id`, False for every redelivery."""
        claim = _Claim(
            event_id[:128], team_id[:64], now, asyncio.get_running_loop().create_future()
        )
        self._waiting.append(claim)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        return await claim.result

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = (
                self._waiting[: self._max_batch],
                self._waiting[self._max_batch :],
            )
            try:
                claimed = await self._insert(batch)
            except Exception as exc:  # every caller in the batch sees the failure
                for claim in batch:
                    if not claim.result.done():
                        claim.result.set_exception(exc)
                continue
            seen: set[str] = set()
            for claim in batch:
                first = claim.event_id in claimed and claim.event_id not in seen
                seen.add(claim.event_id)
                if not claim.result.done():
                    claim.result.set_result(first)

    async def _insert(self, batch: list[_Claim]) -> set[str]:
        rows: dict[str, dict[str, object]] = {}
        for claim in batch:  # the same id twice in one batch is one row; the first caller wins
            rows.setdefault(
                claim.event_id,
                {"event_id": claim.event_id, "team_id": claim.team_id, "received_at": claim.now},
            )
        async with self._db.session() as session:
            stmt = (
                insert_for(session, SlackEventRow)
                .values(list(rows.values()))
                .on_conflict_do_nothing(index_elements=["event_id"])
                .returning(SlackEventRow.event_id)
            )
            return set((await session.execute(stmt)).scalars().all())

    async def prune(self, before: datetime) -> int:
        """Forget deliveries received before `before` (Slack stops retrying within the hour)."""
        async with self._db.session() as session:
            result = await session.execute(
                delete(SlackEventRow).where(SlackEventRow.received_at < before)
            )
            return int(getattr(result, "rowcount", 0) or 0)
