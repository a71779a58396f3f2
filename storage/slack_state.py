"""Slack delivery state kept in the database: which Events API deliveries were already handled.

Slack redelivers an event (with `X-Slack-Retry-Num`) when it did not see a 2xx in time; every
redelivery carries the same `event_id`. Claiming the id with an insert-if-absent makes the
first instance to see it the only one that answers, even with several instances behind a
load balancer. (OAuth installations live in slack_sdk's own tables, created by `bot/`,
because this package must not import Slack code.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_for


class SlackEventRow(Base):
    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SlackEventStore:
    """Claims Events API deliveries so each `event_id` is handled once, across instances."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, event_id: str, team_id: str, now: datetime) -> bool:
        """True for the first delivery of `event_id`, False for every redelivery."""
        async with self._db.session() as session:
            stmt = (
                insert_for(session, SlackEventRow)
                .values(event_id=event_id[:128], team_id=team_id[:64], received_at=now)
                .on_conflict_do_nothing(index_elements=["event_id"])
                .returning(SlackEventRow.event_id)
            )
            return (await session.execute(stmt)).scalar_one_or_none() is not None

    async def prune(self, before: datetime) -> int:
        """Forget deliveries received before `before` (Slack stops retrying within the hour)."""
        async with self._db.session() as session:
            result = await session.execute(
                delete(SlackEventRow).where(SlackEventRow.received_at < before)
            )
            return int(getattr(result, "rowcount", 0) or 0)
