"""The reminder store: events, reminder rows, atomic claims with leases, idempotent recurrence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from handlers.clock import ManualClock
from handlers.reminder_dispatch import next_occurrence
from storage.db import Database
from storage.reminders import CHANNEL, NewEvent, ReminderStore, Rule

OSLO = "Europe/Oslo"
DAY = 86400


def gathering(starts_at: datetime, **changes: object) -> NewEvent:
    values: dict[str, object] = dict(
        kind="gathering", title="Nettverkssamling 3", starts_at=starts_at, platform="slack", workspace="T1",
        channel="C1", owner="U1", lang="nb", zone=OSLO, offsets=(7 * DAY, DAY, 3600),
    )
    values.update(changes)
    return NewEvent(**values)  # type: ignore[arg-type]


async def test_create_stores_a_row_per_offset_ahead_and_reports_the_skipped(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    starts = clock.now() + timedelta(days=3)
    created = await store.create(gathering(starts), clock.now())
    assert created.skipped_offsets == (7 * DAY,)
    assert [r.offset_seconds for r in created.event.reminders] == [DAY, 3600]
    assert [r.due_at for r in created.event.reminders] == [starts - timedelta(days=1), starts - timedelta(hours=1)]
    assert all(r.recipient == CHANNEL and r.status == "pending" for r in created.event.reminders)
    again = await store.get(created.event.id)
    assert again is not None and again.title == "Nettverkssamling 3" and len(again.reminders) == 2


async def test_personal_reminder_rows_go_to_the_owner(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(
        gathering(clock.now() + timedelta(hours=2), kind="reminder", offsets=(0,), personal=True), clock.now()
    )
    assert [r.recipient for r in created.event.reminders] == ["U1"]


async def test_claim_takes_only_due_rows_and_only_once(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(gathering(clock.now() + timedelta(hours=2), offsets=(0, 3600, 5400)), clock.now())
    assert await store.claim_due(clock.now(), ["slack"], "w1") == []
    clock.advance(timedelta(hours=1, minutes=1))  # the 1 h and 1.5 h reminders are due
    first = await store.claim_due(clock.now(), ["slack"], "w1")
    assert sorted(c.reminder.offset_seconds for c in first) == [3600, 5400]
    assert all(c.reminder.attempts == 1 for c in first)
    assert await store.claim_due(clock.now(), ["slack"], "w2") == []
    assert (await store.counts()) == {"sending": 2, "pending": 1}


async def test_claim_only_for_platforms_this_process_can_send_to(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(gathering(clock.now() + timedelta(minutes=1), offsets=(0,), platform="teams"), clock.now())
    clock.advance(timedelta(minutes=2))
    assert await store.claim_due(clock.now(), ["slack", "console"], "w1") == []
    assert await store.next_due(["slack"]) is None
    assert await store.next_due(["teams"]) == clock.now() - timedelta(minutes=1)
    assert len(await store.claim_due(clock.now(), ["teams"], "w1")) == 1


async def test_a_claim_whose_lease_ran_out_is_taken_again(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    await store.create(gathering(clock.now() + timedelta(minutes=1), offsets=(0,)), clock.now())
    clock.advance(timedelta(minutes=1))
    (dead,) = await store.claim_due(clock.now(), ["slack"], "crashed-worker", lease=timedelta(minutes=2))
    clock.advance(timedelta(minutes=1))
    assert await store.claim_due(clock.now(), ["slack"], "w2") == []
    assert await store.next_due(["slack"]) == clock.now() + timedelta(minutes=1)  # wake when the lease ends
    clock.advance(timedelta(minutes=1, seconds=1))
    (retaken,) = await store.claim_due(clock.now(), ["slack"], "w2")
    assert retaken.reminder.id == dead.reminder.id and retaken.reminder.attempts == 2
    # The crashed worker's late "sent" must not overwrite the new claim's outcome.
    await store.mark_sent([(dead.reminder.id, clock.now())], "crashed-worker", clock.now())
    assert (await store.counts()) == {"sending": 1}
    await store.mark_sent([(retaken.reminder.id, clock.now())], "w2", clock.now())
    assert (await store.counts()) == {"sent": 1}


async def test_retry_and_failure_are_recorded(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(gathering(clock.now() + timedelta(minutes=1), offsets=(0,)), clock.now())
    clock.advance(timedelta(minutes=1))
    (claim,) = await store.claim_due(clock.now(), ["slack"], "w1")
    await store.mark_retry(claim.reminder.id, "w1", clock.now() + timedelta(seconds=30), "rate limited")
    assert await store.claim_due(clock.now(), ["slack"], "w1") == []
    clock.advance(timedelta(seconds=30))
    (claim,) = await store.claim_due(clock.now(), ["slack"], "w1")
    await store.mark_failed(claim.reminder.id, "w1", "channel_not_found", clock.now())
    event = await store.get(created.event.id)
    assert event is not None
    (row,) = event.reminders
    assert (row.status, row.attempts, row.last_error) == ("failed", 2, "channel_not_found")
    listed = await store.list_events("slack", "T1", clock.now())
    assert [e.id for e in listed] == [created.event.id] and listed[0].failed


async def test_cancel_stops_every_unsent_reminder(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(gathering(clock.now() + timedelta(days=10)), clock.now())
    cancelled = await store.cancel(created.event.id, "U9", clock.now())
    assert cancelled is not None and cancelled.status == "cancelled"
    assert await store.cancel(created.event.id, "U9", clock.now()) is None
    assert (await store.counts()) == {"cancelled": 3}
    clock.advance(timedelta(days=11))
    assert await store.claim_due(clock.now(), ["slack"], "w1") == []
    assert await store.list_events("slack", "T1", clock.now()) == []


async def test_join_adds_dm_copies_once_per_user(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(gathering(clock.now() + timedelta(days=10)), clock.now())
    joined = await store.join(created.event.id, "U2", clock.now())
    assert joined.added == 3 and not joined.already
    again = await store.join(created.event.id, "U2", clock.now())
    assert again.added == 0 and again.already
    assert joined.event is not None
    assert sorted(r.recipient for r in (await store.get(created.event.id)).reminders) == [  # type: ignore[union-attr]
        "", "", "", "U2", "U2", "U2"
    ]
    assert (await store.join(999999, "U2", clock.now())).event is None


async def test_join_when_no_channel_reminder_is_left_reminds_at_the_start(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    created = await store.create(gathering(clock.now() + timedelta(hours=3), offsets=(3600,)), clock.now())
    clock.advance(timedelta(hours=2, minutes=30))  # the 1 h reminder is past
    joined = await store.join(created.event.id, "U2", clock.now())
    assert joined.added == 1
    dm = [r for r in (await store.get(created.event.id)).reminders if r.recipient == "U2"]  # type: ignore[union-attr]
    assert [r.offset_seconds for r in dm] == [0]


def weekly(start: datetime) -> NewEvent:
    rule = Rule("weekly", 9, 0, 0, None, OSLO)
    return NewEvent(kind="reminder", title="Ukesmøte", starts_at=start, platform="slack", workspace="T1",
                    channel="C1", owner="U1", lang="nb", zone=OSLO, offsets=(0,), rule=rule)


async def test_recurring_event_expands_the_next_occurrence_once(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Oslo
    created = await store.create(weekly(first), clock.now())
    assert [r.occurrence_at for r in created.event.reminders] == [first]
    clock.set(first)
    (claim,) = await store.claim_due(clock.now(), ["slack"], "w1")
    await store.mark_sent([(claim.reminder.id, clock.now())], "w1", clock.now())
    # A second process doing the same expansion (or a restart's safety sweep) adds nothing.
    await ReminderStore(db, next_occurrence).ensure_upcoming(clock.now())
    event = await store.get(created.event.id)
    assert event is not None
    assert [(r.occurrence_at, r.status) for r in event.reminders] == [
        (first, "sent"), (first + timedelta(days=7), "pending"),
    ]


async def test_recurring_occurrences_missed_while_down_are_not_replayed_as_a_burst(
    db: Database, clock: ManualClock
) -> None:
    store = ReminderStore(db, next_occurrence)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    created = await store.create(weekly(first), clock.now())
    clock.set(first + timedelta(days=15))  # down for two weeks
    (claim,) = await store.claim_due(clock.now(), ["slack"], "w1")
    assert claim.reminder.occurrence_at == first  # the stored one is still sent (late), once
    await store.mark_sent([(claim.reminder.id, clock.now())], "w1", clock.now())
    event = await store.get(created.event.id)
    assert event is not None
    assert [r.occurrence_at for r in event.upcoming] == [first + timedelta(days=21)]


async def test_recurring_until_ends_the_series(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    rule = Rule("weekly", 9, 0, 0, date(2026, 12, 6), OSLO)
    created = await store.create(
        NewEvent(kind="reminder", title="x", starts_at=first, platform="slack", workspace="T1", channel="C1",
                 owner="U1", lang="nb", zone=OSLO, rule=rule), clock.now())
    clock.set(first)
    (claim,) = await store.claim_due(clock.now(), ["slack"], "w1")
    await store.mark_sent([(claim.reminder.id, clock.now())], "w1", clock.now())
    assert await store.ensure_upcoming(clock.now()) == 0
    event = await store.get(created.event.id)
    assert event is not None and event.upcoming == ()


async def test_list_events_by_kind_channel_and_owner(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    soon, later = clock.now() + timedelta(days=2), clock.now() + timedelta(days=20)
    g_later = (await store.create(gathering(later), clock.now())).event
    g_soon = (await store.create(gathering(soon), clock.now())).event
    d_other = (await store.create(gathering(soon, kind="deadline", channel="C2"), clock.now())).event
    mine = (await store.create(
        gathering(soon, kind="reminder", personal=True, owner="U7", offsets=(0,)), clock.now())).event
    assert [e.id for e in await store.list_events("slack", "T1", clock.now(), kinds=("gathering",))] == [
        g_soon.id, g_later.id
    ]
    assert [e.id for e in await store.list_events("slack", "T1", clock.now(), kinds=("deadline",), channel="C1")] == []
    assert [e.id for e in await store.list_events("slack", "T1", clock.now(), kinds=("deadline",), channel="C2")] == [
        d_other.id
    ]
    assert [e.id for e in await store.list_events("slack", "T1", clock.now(), kinds=("reminder",), owner="U7")] == [
        mine.id
    ]
    assert await store.list_events("slack", "T2", clock.now()) == []


async def test_people_who_joined_a_repeat_get_every_later_occurrence_too(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    weekly_event = weekly(first)
    created = await store.create(NewEvent(**{**weekly_event.__dict__, "personal": False}), clock.now())
    await store.join(created.event.id, "U2", clock.now())
    clock.set(first)
    claims = await store.claim_due(clock.now(), ["slack"], "w1")
    assert sorted(c.reminder.recipient for c in claims) == ["", "U2"]
    await store.mark_sent([(c.reminder.id, clock.now()) for c in claims], "w1", clock.now())
    event = await store.get(created.event.id)
    assert event is not None
    assert sorted((r.occurrence_at, r.recipient) for r in event.upcoming) == [
        (first + timedelta(days=7), ""), (first + timedelta(days=7), "U2"),
    ]


async def test_cancelling_a_repeat_stops_its_expansion(db: Database, clock: ManualClock) -> None:
    store = ReminderStore(db, next_occurrence)
    first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    created = await store.create(weekly(first), clock.now())
    await store.cancel(created.event.id, "U1", clock.now())
    clock.set(first + timedelta(days=1))
    assert await store.ensure_upcoming(clock.now()) == 0
    assert await store.claim_due(clock.now(), ["slack"], "w1") == []
