"""Slack delivery state kept in the database: which Events API deliveries were already handled.

Slack redelivers an event (with `X-Slack-Retry-Num`) when it did not see a 2xx in time; every
redelivery carries the same `event_id`. Claiming the id with an insert-if-absent makes the
first instance to see it the only one that answers, even with several instances behind a
load balancer. (OAuth installations live in slack_sdk's own tables, created by `bot/`,
because this package must not import Slack code.)

Claims go through the database's group commit (storage.group_commit): claims arriving while a
transaction is in flight are written together in the next one, one INSERT for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_on


class SlackEventRow(Base):
    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


@dataclass(frozen=True)
class _Claim:
    event_id: str
    team_id: str
    now: datetime


class SlackEventStore:
    """Claims Events API deliveries so each `event_id` is handled once, across instances."""

    def __init__(self, db: Database) -> None:
        self._db = db
        table = SlackEventRow.__table__
        self._insert = (  # built once: executed with a batch of rows (one multi-row INSERT)
            insert_on(db.dialect, table)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(table.c.event_id)
        )

    async def claim(self, event_id: str, team_id: str, now: datetime) -> bool:
        """True for the first delivery of `event_id`, False for every redelivery."""
        return await self._db.writes.submit(
            self._insert_claims, _Claim(event_id[:128], team_id[:64], now)
        )

    def _insert_claims(self, conn: Connection, claims: list[_Claim]) -> list[bool]:
        """Insert-if-absent for a batch; the same id twice in one batch: the first caller wins."""
        rows: dict[str, dict[str, object]] = {}
        for claim in claims:
            rows.setdefault(
                claim.event_id,
                {"event_id": claim.event_id, "team_id": claim.team_id, "received_at": claim.now},
            )
        inserted = set(conn.execute(self._insert, list(rows.values())).scalars().all())
        answers: list[bool] = []
        for claim in claims:
            answers.append(claim.event_id in inserted)
            inserted.discard(claim.event_id)
        return answers

    async def prune(self, before: datetime) -> int:
        """Forget deliveries received before `before` (Slack stops retrying within the hour)."""
        async with self._db.session() as session:
            result = await session.execute(
                delete(SlackEventRow).where(SlackEventRow.received_at < before)
            )
            return int(getattr(result, "rowcount", 0) or 0)

