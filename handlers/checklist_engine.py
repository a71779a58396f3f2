"""The checklist run as a small explicit state machine; pure functions, no storage, no platform.

States: a run is `active` at step `position`, then `finished` (after the last step is done or
skipped) or `stopped`. Invariant while active: steps before `position` are marked, the rest are not.

    start ──▶ active(0) ─done/skip─▶ active(p+1) ─ … ─done/skip on last─▶ finished
                 ▲  │                    │
                 └──┴──── back ──────────┘ (p-1, its mark is cleared)
              active(any) ─stop─▶ stopped

`explain` and `status` read a run and never change it. Every transition names the step it was
meant for (`expected`), so an old button, or a second person pressing the same one, is refused
as stale instead of moving the run twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.checklist_runs import (
    ACTIVE,
    DONE,
    FINISHED,
    SKIPPED,
    STOPPED,
    Change,
    Run,
    RunEvent,
    StepMark,
)

# Why a transition was refused.
NOT_ACTIVE = "not_active"  # the run is finished or stopped
FIRST_STEP = "first_step"  # `back` on step 1
STALE = "stale"  # the request was meant for another step than the current one


@dataclass(frozen=True)
class Refusal:
    """A transition that does not apply to the run as it is now."""

    reason: str


Transition = Callable[[Run, str, datetime, "int | None"], "Change | Refusal"]


def _refuse(run: Run, expected: int | None) -> Refusal | None:
    if not run.active or run.position >= len(run.steps):
        return Refusal(NOT_ACTIVE)
    if expected is not None and expected != run.position:
        return Refusal(STALE)
    return None


def _advance(
    run: Run, state: str, action: str, user: str, now: datetime, expected: int | None
) -> Change | Refusal:
    refusal = _refuse(run, expected)
    if refusal is not None:
        return refusal
    index = run.position
    marks = list(run.marks)
    marks[index] = StepMark(state=state, user=user, at=now)
    position = index + 1
    events = [
        RunEvent(at=now, user=user, action=action, step_index=index, step_id=run.steps[index].id)
    ]
    status = ACTIVE
    if position >= len(run.steps):
        status = FINISHED
        events.append(RunEvent(at=now, user=user, action="finish"))
    return Change(marks=tuple(marks), position=position, status=status, events=tuple(events))


def done(run: Run, user: str, now: datetime, expected: int | None = None) -> Change | Refusal:
    """Mark the current step done and move to the next (finishing after the last)."""
    return _advance(run, DONE, "done", user, now, expected)


def skip(run: Run, user: str, now: datetime, expected: int | None = None) -> Change | Refusal:
    """Mark the current step skipped and move on (finishing after the last)."""
    return _advance(run, SKIPPED, "skip", user, now, expected)


def back(run: Run, user: str, now: datetime, expected: int | None = None) -> Change | Refusal:
    """Return to the previous step and clear its mark, so it can be done again."""
    refusal = _refuse(run, expected)
    if refusal is not None:
        return refusal
    if run.position == 0:
        return Refusal(FIRST_STEP)
    position = run.position - 1
    marks = list(run.marks)
    marks[position] = None
    event = RunEvent(
        at=now, user=user, action="back", step_index=position, step_id=run.steps[position].id
    )
    return Change(marks=tuple(marks), position=position, status=ACTIVE, events=(event,))


def stop(run: Run, user: str, now: datetime, expected: int | None = None) -> Change | Refusal:
    """End the run early; its marks are kept for the record."""
    refusal = _refuse(run, expected)
    if refusal is not None:
        return refusal
    step = run.steps[run.position]
    event = RunEvent(at=now, user=user, action="stop", step_index=run.position, step_id=step.id)
    return Change(marks=run.marks, position=run.position, status=STOPPED, events=(event,))
