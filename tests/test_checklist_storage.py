"""The checklist run store on SQLite and PostgreSQL: one active run per thread, version checks, the log."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from handlers import checklist_engine as engine
from handlers.clock import ManualClock
from knowledge.model import Step
from storage.checklist_runs import ACTIVE, DONE, FINISHED, ChecklistRunStore, NewRun
from storage.db import Database

STEPS = tuple(
    Step(
        id=f"s{i}", text=f"steg {i}", text_en=f"step {i}", article="a", detail="d", detail_en="d"
    )
    for i in range(3)
)


def new_run(
    thread: str = "T1", user: str = "U1", workspace: str = "W1", channel: str = "C1"
) -> NewRun:
    return NewRun(
        platform="slack",
        workspace=workspace,
        channel=channel,
        thread=thread,
        slug="behov",
        title="Behov",
        title_en="Needs",
        next_slug="dialog",
        steps=STEPS,
        user=user,
    )


async def test_a_started_run_keeps_a_snapshot_of_its_steps_and_logs_who_started_it(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    started = await store.start(new_run(), clock.now())
    assert started.created
    run = await store.get(started.run.id)
    assert run is not None
    assert run.steps == STEPS and run.position == 0 and run.status == ACTIVE and run.version == 1
    assert run.started_at == clock.now() and run.started_at.tzinfo is not None
    assert [(e.action, e.user) for e in await store.events(run.id)] == [("start", "U1")]


async def test_only_one_run_is_active_per_thread(db: Database, clock: ManualClock) -> None:
    store = ChecklistRunStore(db)
    first = await store.start(new_run(), clock.now())
    second = await store.start(new_run(user="U2"), clock.now())
    assert not second.created and second.run.id == first.run.id
    other_thread = await store.start(new_run(thread="T2"), clock.now())
    assert other_thread.created and other_thread.run.id != first.run.id


async def test_two_people_starting_in_one_thread_at_once_get_one_run(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    results = await asyncio.gather(
        *(store.start(new_run(user=f"U{i}"), clock.now()) for i in range(4))
    )
    assert sum(r.created for r in results) == 1
    assert len({r.run.id for r in results}) == 1


async def test_concurrent_transitions_from_the_same_read_advance_once(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    run = (await store.start(new_run(), clock.now())).run
    # Both people read the run at version 1, then both write at the same moment on separate sessions.
    seen = [await store.get(run.id) for _ in range(2)]
    changes = []
    for user, read in zip(("U1", "U2"), seen, strict=True):
        assert read is not None
        change = engine.done(read, user, clock.now(), 0)
        assert isinstance(change, engine.Change)
        changes.append((read, change))
    results = await asyncio.gather(
        *(store.transition(read, change, clock.now()) for read, change in changes)
    )
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    after = await store.get(run.id)
    assert after is not None and after.position == 1 and after.version == 2
    assert [e.action for e in await store.events(run.id)] == ["start", "done"]


async def test_a_transition_on_an_outdated_read_writes_nothing(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    run = (await store.start(new_run(), clock.now())).run
    first = engine.done(run, "U1", clock.now(), 0)
    assert isinstance(first, engine.Change)
    assert await store.transition(run, first, clock.now()) is not None
    again = engine.skip(run, "U2", clock.now(), 0)  # made from the old read
    assert isinstance(again, engine.Change)
    assert await store.transition(run, again, clock.now()) is None
    after = await store.get(run.id)
    assert after is not None and after.marks[0] is not None and after.marks[0].state == DONE
    assert [e.user for e in await store.events(run.id)] == ["U1", "U1"]


async def test_finishing_records_who_finished_and_when(db: Database, clock: ManualClock) -> None:
    store = ChecklistRunStore(db)
    run = (await store.start(new_run(), clock.now())).run
    for user in ("U1", "U2", "U3"):
        clock.advance(timedelta(hours=1))
        change = engine.done(run, user, clock.now(), run.position)
        assert isinstance(change, engine.Change)
        moved = await store.transition(run, change, clock.now())
        assert moved is not None
        run = moved
    assert run.status == FINISHED and run.finished_by == "U3" and run.finished_at == clock.now()
    assert [m.user for m in run.marks if m] == ["U1", "U2", "U3"]
    assert next(m.at for m in run.marks if m).tzinfo is not None
    assert [e.action for e in await store.events(run.id)] == [
        "start",
        "done",
        "done",
        "done",
        "finish",
    ]


async def test_the_thread_finds_its_active_run_before_older_finished_ones(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    old = (await store.start(new_run(), clock.now())).run
    change = engine.stop(old, "U1", clock.now(), 0)
    assert isinstance(change, engine.Change)
    await store.transition(old, change, clock.now())
    stopped = await store.in_thread("slack", "W1", "C1", "T1")
    assert stopped is not None and stopped.id == old.id and not stopped.active
    clock.advance(timedelta(minutes=1))
    fresh = (await store.start(new_run(), clock.now())).run
    found = await store.in_thread("slack", "W1", "C1", "T1")
    assert found is not None and found.id == fresh.id
    assert await store.in_thread("slack", "W1", "C1", "elsewhere") is None


async def test_active_runs_for_user_lists_runs_they_started_or_ticked(
    db: Database, clock: ManualClock
) -> None:
    store = ChecklistRunStore(db)
    mine = (await store.start(new_run(thread="T1", user="U1"), clock.now())).run
    theirs = (await store.start(new_run(thread="T2", user="U2"), clock.now())).run
    helped = (await store.start(new_run(thread="T3", user="U3"), clock.now())).run
    change = engine.done(helped, "U1", clock.now(), 0)
    assert isinstance(change, engine.Change)
    clock.advance(timedelta(minutes=1))
    await store.transition(helped, change, clock.now())
    await store.start(new_run(thread="T4", user="U1", workspace="OTHER"), clock.now())
    ended = (await store.start(new_run(thread="T5", user="U1"), clock.now())).run
    stop = engine.stop(ended, "U1", clock.now(), 0)
    assert isinstance(stop, engine.Change)
    await store.transition(ended, stop, clock.now())
    runs = await store.active_runs_for_user("slack", "W1", "U1")
    assert [r.id for r in runs] == [helped.id, mine.id]
    assert theirs.id not in {r.id for r in runs}


async def test_a_run_survives_a_restart_on_a_new_database_object(
    tmp_path: object, clock: ManualClock
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/restart.db"
    first = Database(url)
    await first.create_schema()
    store = ChecklistRunStore(first)
    run = (await store.start(new_run(), clock.now())).run
    change = engine.skip(run, "U1", clock.now(), 0)
    assert isinstance(change, engine.Change)
    await store.transition(run, change, clock.now())
    await first.dispose()
    second = Database(url)
    await second.create_schema()
    again = await ChecklistRunStore(second).in_thread("slack", "W1", "C1", "T1")
    await second.dispose()
    assert again is not None and again.position == 1 and again.version == 2
    assert again.steps == STEPS
