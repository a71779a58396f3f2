"""The dispatcher: due reminders are sent once, survive restarts and crashes, and retry politely."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from handlers.clock import ManualClock
from handlers.messages import Destination, Reply, SendError
from handlers.reminder_dispatch import ReminderDispatcher, RetryPolicy, next_occurrence
from storage.db import Database
from storage.reminders import NewEvent, ReminderStore, Rule
from tests.conftest import PG_URL, drop_pg_schema, make_pg_database

OSLO = "Europe/Oslo"
REPO = Path(__file__).resolve().parents[1]
DAY = 86400


class RecordingSender:
    """A fake platform: records every send; can be told to fail the next sends."""

    def __init__(self, failures: list[SendError] | None = None, delay: float = 0.0) -> None:
        self.sent: list[tuple[Destination, Reply]] = []
        self.failures = list(failures or [])
        self.delay = delay

    async def send(self, to: Destination, reply: Reply) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((to, reply))


def event(starts_at: datetime, **changes: object) -> NewEvent:
    values: dict[str, object] = dict(
        kind="reminder", title="Send innspill til behovsbeskrivelsen", starts_at=starts_at, platform="slack",
        workspace="T1", channel="C1", owner="U1", lang="nb", zone=OSLO, offsets=(0,), personal=True,
    )
    values.update(changes)
    return NewEvent(**values)  # type: ignore[arg-type]


def dispatcher(db: Database, clock: ManualClock, sender: RecordingSender, **kwargs: object) -> ReminderDispatcher:
    return ReminderDispatcher(ReminderStore(db, next_occurrence), {"slack": sender}, clock, **kwargs)  # type: ignore[arg-type]


async def test_due_reminder_is_sent_once_as_a_dm_and_marked_sent(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(event(clock.now() + timedelta(minutes=30)), clock.now())
    sender = RecordingSender()
    d = dispatcher(db, clock, sender)
    assert (await d.run_once()).sent == 0
    assert await d.next_due() == clock.now() + timedelta(minutes=30)
    clock.advance(timedelta(minutes=30))
    assert (await d.run_once()).sent == 1
    assert (await d.run_once()).sent == 0
    ((to, reply),) = sender.sent
    assert to == Destination("slack", "T1", "C1", user="U1")
    assert reply.text == "🔔 Påminnelse: Send innspill til behovsbeskrivelsen"
    assert reply.buttons == ()
    assert await store.counts() == {"sent": 1}


async def test_gathering_reminder_is_posted_in_the_channel_with_remind_me_too(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    starts = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    created = await store.create(event(starts, kind="gathering", title="Samling <!channel>", personal=False,
                                       offsets=(7 * DAY, DAY), lang="en"), clock.now())
    sender = RecordingSender()
    clock.set(starts - timedelta(days=7))
    await dispatcher(db, clock, sender).run_once()
    ((to, reply),) = sender.sent
    assert to == Destination("slack", "T1", "C1")
    assert reply.text == ("📅 Reminder: the gathering *Samling channel* is in 7 days – "
                          "Thursday 10 December 2026 at 09:00.")
    assert [(b.action, b.value) for b in reply.buttons] == [("reminder.join", str(created.event.id))]


async def test_reminder_due_while_down_is_sent_once_on_start_with_a_late_note(tmp_path: Path, clock: ManualClock) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'lupbot.db'}"
    first = Database(url)
    await first.create_schema()
    await ReminderStore(first, next_occurrence).create(event(clock.now() + timedelta(minutes=10)), clock.now())
    await first.dispose()  # the process stops
    clock.advance(timedelta(hours=2))  # ... and is down while the reminder falls due
    second = Database(url)
    try:
        sender = RecordingSender()
        d = dispatcher(second, clock, sender, late_grace=timedelta(minutes=5))
        assert (await d.run_once()).sent == 1
        assert (await d.run_once()).sent == 0
        ((_, reply),) = sender.sent
        assert "Sendt 1 time og 50 minutter for sent" in reply.text
        assert "mandag 23. november 2026 kl. 14:10" in reply.text
    finally:
        await second.dispose()


async def test_a_little_late_within_grace_has_no_late_note(db: Database, clock: ManualClock) -> None:
    await ReminderStore(db, next_occurrence).create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=3))
    sender = RecordingSender()
    await dispatcher(db, clock, sender, late_grace=timedelta(minutes=5)).run_once()
    assert "for sent" not in sender.sent[0][1].text


async def test_reminder_claimed_by_a_killed_process_is_sent_once_after_its_lease(
    db: Database, clock: ManualClock
) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=1))
    # The previous process claimed the row and was killed before sending (kill -9: no clean-up).
    assert len(await store.claim_due(clock.now(), ["slack"], "killed", lease=timedelta(minutes=2))) == 1
    sender = RecordingSender()
    d = dispatcher(db, clock, sender, lease=timedelta(minutes=2))
    assert (await d.run_once()).sent == 0  # the lease still holds
    assert await d.next_due() == clock.now() + timedelta(minutes=2)
    clock.advance(timedelta(minutes=2))
    assert (await d.run_once()).sent == 1
    assert (await d.run_once()).sent == 0
    assert len(sender.sent) == 1 and await store.counts() == {"sent": 1}


async def test_rate_limited_send_is_retried_after_retry_after_and_recorded(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=1))
    sender = RecordingSender([SendError("ratelimited", retry_after=42)])
    d = dispatcher(db, clock, sender)
    report = await d.run_once()
    assert (report.sent, report.retried) == (0, 1)
    row = (await store.get(created.event.id)).reminders[0]  # type: ignore[union-attr]
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "ratelimited")
    assert row.next_attempt_at == clock.now() + timedelta(seconds=42)
    clock.advance(timedelta(seconds=41))
    assert (await d.run_once()).sent == 0
    clock.advance(timedelta(seconds=1))
    assert (await d.run_once()).sent == 1
    assert len(sender.sent) == 1


async def test_backoff_grows_and_the_last_try_marks_failed_visibly(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=1))
    sender = RecordingSender([SendError("boom")] * 3)
    d = dispatcher(db, clock, sender, retry=RetryPolicy(max_attempts=3, base_seconds=10))
    waits = []
    for _ in range(3):
        report = await d.run_once()
        row = (await store.get(created.event.id)).reminders[0]  # type: ignore[union-attr]
        if row.status == "pending":
            waits.append((row.next_attempt_at - clock.now()).total_seconds())
            clock.set(row.next_attempt_at)
    assert waits == [10, 20]
    assert report.failed == 1
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "boom")
    assert sender.sent == []
    listed = await store.list_events("slack", "T1", clock.now(), owner="U1")
    assert listed and listed[0].failed


async def test_permanent_error_fails_at_once(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=1))
    report = await dispatcher(db, clock, RecordingSender([SendError("channel_not_found", permanent=True)])).run_once()
    assert report.failed == 1 and await store.counts() == {"failed": 1}


async def test_a_sender_that_crashes_does_not_lose_the_reminder(db: Database, clock: ManualClock) -> None:
    class Broken:
        async def send(self, to: Destination, reply: Reply) -> None:
            raise RuntimeError("bug in adapter")

    store = ReminderStore(db, next_occurrence)
    await store.create(event(clock.now() + timedelta(minutes=1)), clock.now())
    clock.advance(timedelta(minutes=1))
    d = ReminderDispatcher(store, {"slack": Broken()}, clock)
    assert (await d.run_once()).retried == 1
    assert await store.counts() == {"pending": 1}


async def test_rows_for_a_platform_without_a_sender_stay_pending(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(event(clock.now() + timedelta(minutes=1), platform="teams"), clock.now())
    clock.advance(timedelta(minutes=5))
    senders: dict[str, RecordingSender] = {"slack": RecordingSender()}
    d = ReminderDispatcher(store, senders, clock)  # type: ignore[arg-type]
    assert (await d.run_once()).sent == 0
    assert await store.counts() == {"pending": 1}
    senders["teams"] = RecordingSender()  # registered later (the registry is live)
    assert (await d.run_once()).sent == 1
    assert len(senders["teams"].sent) == 1


async def test_recurring_reminder_survives_restart_without_skip_or_double(tmp_path: Path, clock: ManualClock) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'lupbot.db'}"
    rule = Rule("weekly", 9, 0, 0, None, OSLO)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 Oslo
    delivered: list[datetime] = []
    for week in range(4):
        # Every week is a fresh process on the same database file.
        db = Database(url)
        await db.create_schema()
        store = ReminderStore(db, next_occurrence)
        if week == 0:
            await store.create(event(first, personal=False, title="Ukesmøte", rule=rule), clock.now())
        sender = RecordingSender()
        d = ReminderDispatcher(store, {"slack": sender}, clock)
        await d.run_once()  # start-up sweep: nothing due yet
        assert sender.sent == []
        clock.set(first + timedelta(days=7 * week))
        await d.run_once()
        await d.run_once()
        delivered += [clock.now()] * len(sender.sent)
        await db.dispose()
    assert delivered == [first + timedelta(days=7 * w) for w in range(4)]


async def test_two_dispatchers_on_one_database_send_each_reminder_once(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create_many([event(clock.now() + timedelta(seconds=1 + i % 60), title=f"r{i}") for i in range(300)],
                            clock.now())
    clock.advance(timedelta(minutes=2))
    # A second engine on the same database stands in for a second process.
    other = Database(db.url, schema=await _schema_of(db))
    try:
        a, b = RecordingSender(delay=0.001), RecordingSender(delay=0.001)
        da = ReminderDispatcher(store, {"slack": a}, clock, batch=20)
        db_ = ReminderDispatcher(ReminderStore(other, next_occurrence), {"slack": b}, clock, batch=20)
        await asyncio.gather(da.run_once(), db_.run_once())
        titles = Counter(reply.text for _, reply in a.sent + b.sent)
        assert len(titles) == 300 and set(titles.values()) == {1}
        assert await store.counts() == {"sent": 300}
    finally:
        await other.dispose()


async def _schema_of(db: Database) -> str | None:
    if db.dialect != "postgresql":
        return None
    async with db.session() as session:
        return str((await session.execute(text("SELECT current_schema()"))).scalar())


WORKER = textwrap.dedent(
    """
    import asyncio, json, sys
    from datetime import datetime
    from handlers.clock import ManualClock
    from handlers.reminder_dispatch import ReminderDispatcher, next_occurrence
    from storage.db import Database
    from storage.reminders import ReminderStore

    class Recording:
        def __init__(self):
            self.titles = []
        async def send(self, to, reply):
            await asyncio.sleep(0.002)
            self.titles.append(reply.text)

    async def main():
        url, schema, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
        db = Database(url, schema=schema)
        sender = Recording()
        d = ReminderDispatcher(ReminderStore(db, next_occurrence), {"slack": sender}, ManualClock(now), batch=10)
        await ReminderStore(db, next_occurrence).counts()  # connected and warm
        print("ready", flush=True)
        sys.stdin.readline()  # start together
        await d.run_once()
        await db.dispose()
        print(json.dumps(sender.titles))

    asyncio.run(main())
    """
)


@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")
async def test_two_processes_on_postgresql_send_each_reminder_once(clock: ManualClock) -> None:
    assert PG_URL
    database, schema = await make_pg_database()
    try:
        await database.create_schema()
        store = ReminderStore(database, next_occurrence)
        await store.create_many([event(clock.now() + timedelta(seconds=1 + i % 30), title=f"r{i}") for i in range(400)],
                                clock.now())
        now = (clock.now() + timedelta(minutes=1)).isoformat()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-c", WORKER, PG_URL, schema, now, stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
            )
            for _ in range(2)
        ]
        # Both start claiming at the same moment, so they really compete for the same rows.
        for proc in procs:
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), timeout=60)
            assert line.strip() == b"ready", (line, (await proc.communicate())[1].decode())
        results = await asyncio.wait_for(asyncio.gather(*(p.communicate(b"go\n") for p in procs)), timeout=120)
        outputs = []
        for proc, (out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err.decode()
            outputs.append(json.loads(out))
        counts = Counter(title for titles in outputs for title in titles)
        assert len(counts) == 400 and set(counts.values()) == {1}
        assert all(outputs), "both processes should have taken a share"
        assert await store.counts() == {"sent": 400}
    finally:
        await database.dispose()
        await drop_pg_schema(schema)
