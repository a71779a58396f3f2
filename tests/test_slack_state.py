"""The Slack event ledger: a redelivered event is claimed once, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import text

from handlers.clock import ManualClock
from storage.db import Database
from storage.slack_state import SlackEventStore


async def test_first_delivery_is_claimed_and_redelivery_is_not(
    db: Database, clock: ManualClock
) -> None:
    store = SlackEventStore(db)
    assert await store.claim("Ev0001", "T1", clock.now()) is True
    assert await store.claim("Ev0001", "T1", clock.now()) is False
    assert await store.claim("Ev0002", "T1", clock.now()) is True


async def test_concurrent_redeliveries_are_claimed_exactly_once(
    db: Database, clock: ManualClock
) -> None:
    store = SlackEventStore(db)
    results = await asyncio.gather(*(store.claim("EvSame", "T1", clock.now()) for _ in range(8)))
    assert results.count(True) == 1


async def test_two_instances_on_one_database_share_the_ledger(
    db: Database, clock: ManualClock
) -> None:
    other_instance = Database(db.url, schema=await _schema_of(db))
    try:
        assert await SlackEventStore(db).claim("EvShared", "T1", clock.now()) is True
        assert await SlackEventStore(other_instance).claim("EvShared", "T1", clock.now()) is False
    finally:
        await other_instance.dispose()


async def test_prune_forgets_old_deliveries_only(db: Database, clock: ManualClock) -> None:
    store = SlackEventStore(db)
    await store.claim("EvOld", "T1", clock.now())
    clock.advance(timedelta(days=2))
    await store.claim("EvNew", "T1", clock.now())
    assert await store.prune(clock.now() - timedelta(days=1)) == 1
    assert await store.claim("EvOld", "T1", clock.now()) is True
    assert await store.claim("EvNew", "T1", clock.now()) is False


async def _schema_of(db: Database) -> str | None:
    """The PostgreSQL schema the test database lives in (None on SQLite)."""
    if db.dialect != "postgresql":
        return None
    async with db.session() as session:
        return str((await session.execute(text("SELECT current_schema()"))).scalar_one())


async def test_claims_arriving_together_are_written_in_one_batch_with_correct_answers(
    db: Database, clock: ManualClock
) -> None:
    store = SlackEventStore(db)
    await store.claim("EvSeen", "T1", clock.now())
    ids = [f"Ev{i:03d}" for i in range(40)] + ["EvSeen", "Ev001", "Ev002"]
    results = await asyncio.gather(*(store.claim(i, "T1", clock.now()) for i in ids))
    assert results[:40] == [True] * 40
    assert results[40:] == [False, False, False]
