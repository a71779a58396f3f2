"""The checklist state machine on its own: transitions, refusals, finishing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers import checklist_engine as engine
from knowledge.model import Step
from storage.checklist_runs import (
    ACTIVE,
    DONE,
    FINISHED,
    SKIPPED,
    STOPPED,
    Change,
    Run,
    StepMark,
)

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def make_run(steps: int = 3, position: int = 0, status: str = ACTIVE) -> Run:
    snapshot = tuple(
        Step(id=f"s{i}", text=f"steg {i}", text_en=f"step {i}", article="a")
        for i in range(steps)
    )
    marks = tuple(StepMark(DONE, "U0", T0) if i < position else None for i in range(steps))
    return Run(
        id="r1",
        platform="slack",
        workspace="W1",
        channel="C1",
        thread="T1",
        slug="x",
        title="X",
        title_en="X",
        next_slug=None,
        steps=snapshot,
        marks=marks,
        position=position,
        status=status,
        version=1,
        started_by="U0",
        started_at=T0,
        updated_at=T0,
    )


def applied(run: Run, change: Change | engine.Refusal) -> Run:
    assert isinstance(change, Change), change
    return Run(
        **{
            **run.__dict__,
            "marks": change.marks,
            "position": change.position,
            "status": change.status,
            "version": run.version + 1,
        }
    )


def test_done_marks_the_step_with_who_and_when_and_moves_on() -> None:
    change = engine.done(make_run(), "U1", T0 + timedelta(minutes=5))
    assert isinstance(change, Change)
    assert change.position == 1 and change.status == ACTIVE
    assert change.marks[0] == StepMark(DONE, "U1", T0 + timedelta(minutes=5))
    assert [(e.action, e.user, e.step_id) for e in change.events] == [("done", "U1", "s0")]


def test_skip_marks_the_step_skipped_and_moves_on() -> None:
    change = engine.skip(make_run(), "U2", T0)
    assert isinstance(change, Change)
    assert change.marks[0] is not None and change.marks[0].state == SKIPPED
    assert change.position == 1


def test_done_or_skip_on_the_last_step_finishes_the_run() -> None:
    run = make_run(steps=2, position=1)
    for transition in (engine.done, engine.skip):
        change = transition(run, "U1", T0)
        assert isinstance(change, Change)
        assert change.status == FINISHED and change.position == 2
        assert [e.action for e in change.events][-1] == "finish"


def test_back_returns_to_the_previous_step_and_clears_its_mark() -> None:
    run = make_run(position=2)
    change = engine.back(run, "U1", T0)
    assert isinstance(change, Change)
    assert change.position == 1
    assert change.marks[1] is None and change.marks[0] is not None
    assert change.events[0].action == "back"


def test_back_on_the_first_step_is_refused() -> None:
    assert engine.back(make_run(), "U1", T0) == engine.Refusal(engine.FIRST_STEP)


def test_stop_keeps_the_marks_and_ends_the_run() -> None:
    run = make_run(position=1)
    change = engine.stop(run, "U3", T0)
    assert isinstance(change, Change)
    assert change.status == STOPPED and change.marks == run.marks and change.position == 1


@pytest.mark.parametrize("status", [FINISHED, STOPPED])
@pytest.mark.parametrize("transition", [engine.done, engine.skip, engine.back, engine.stop])
def test_nothing_moves_a_run_that_has_ended(status: str, transition: engine.Transition) -> None:
    run = make_run(position=1, status=status)
    assert transition(run, "U1", T0, None) == engine.Refusal(engine.NOT_ACTIVE)


@pytest.mark.parametrize("transition", [engine.done, engine.skip, engine.back, engine.stop])
def test_a_request_meant_for_another_step_is_stale(transition: engine.Transition) -> None:
    run = make_run(position=2)
    assert transition(run, "U1", T0, 1) == engine.Refusal(engine.STALE)
    assert transition(run, "U1", T0, 0) == engine.Refusal(engine.STALE)


def test_walking_the_whole_machine_keeps_the_invariant_that_only_earlier_steps_are_marked() -> None:
    run = make_run(steps=4)
    for transition in (
        engine.done,
        engine.skip,
        engine.back,
        engine.done,
        engine.done,
        engine.back,
        engine.skip,
    ):
        run = applied(run, transition(run, "U1", T0, run.position))
        assert all((m is not None) == (i < run.position) for i, m in enumerate(run.marks))
    run = applied(run, engine.done(run, "U1", T0, run.position))
    assert run.status == FINISHED
    assert [m.state if m else None for m in run.marks] == [DONE, DONE, SKIPPED, DONE]
