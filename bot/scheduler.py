"""APScheduler as the reminder dispatcher's alarm clock (the database stays the source of truth).

Two jobs: an alarm at the next due time, re-armed whenever reminders are written or sent, and a
safety sweep every `LUPBOT_SWEEP_SECONDS` (which also finds rows other instances wrote). The
first sweep runs at start-up, so reminders that fell due while the process was down go out at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from handlers.clock import Clock
from handlers.reminder_dispatch import ReminderDispatcher

log = logging.getLogger(__name__)

ALARM_JOB = "reminders.alarm"
SWEEP_JOB = "reminders.sweep"
STOP_GRACE_SECONDS = 10.0


class ReminderScheduler:
    """Wakes the dispatcher at the next due time and on a safety interval."""

    def __init__(self, dispatcher: ReminderDispatcher, clock: Clock, sweep_seconds: float) -> None:
        self._dispatcher = dispatcher
        self._clock = clock
        self._sweep_seconds = sweep_seconds
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._tasks: set[asyncio.Task[None]] = set()
        self._running = False

    async def start(self, *, recover_first: bool = False) -> None:
        """Start the jobs. The first sweep (start-up recovery) runs at once: awaited here when
        `recover_first` (the console prints missed reminders before its first prompt), else in the background."""
        self._scheduler.start()
        self._running = True
        self._dispatcher.on_change(self.poke)
        if recover_first:
            await self._sweep()
        self._scheduler.add_job(
            self._sweep, "interval", seconds=self._sweep_seconds, id=SWEEP_JOB,
            next_run_time=None if recover_first else datetime.now(UTC),
            coalesce=True, max_instances=1, misfire_grace_time=None,
        )

    async def stop(self) -> None:
        self._running = False
        if self._scheduler.running:
            self._scheduler.pause()  # no new runs; one already running finishes below
        # Cancelling a sweep in the middle of a query can leave the database driver waiting forever
        # once the engine is disposed, so in-flight work gets a moment to finish before the rest is cancelled.
        pending = [t for t in self._tasks if t is not asyncio.current_task()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=STOP_GRACE_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def poke(self) -> None:
        """Reminders changed: re-arm the alarm (called from handlers, inside the event loop)."""
        if not self._running:
            return
        task = asyncio.get_running_loop().create_task(self._arm())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _sweep(self) -> None:
        await self._tick(sweep=True)

    async def _tick(self, sweep: bool = False) -> None:
        task = asyncio.current_task()  # APScheduler runs jobs as tasks; `stop` waits for them
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            report = await self._dispatcher.run_once(sweep=sweep)
            if report.sent or report.retried or report.failed:
                log.info("reminders: %d sent, %d to retry, %d failed", report.sent, report.retried, report.failed)
        except Exception:
            # A database hiccup must not kill the alarm clock; the next sweep tries again.
            log.exception("reminder dispatch failed")
        await self._arm()

    async def _arm(self) -> None:
        if not self._running:
            return
        try:
            due = await self._dispatcher.next_due()
        except Exception:
            log.exception("could not read the next reminder time")
            return
        if due is None:
            if self._scheduler.get_job(ALARM_JOB) is not None:
                self._scheduler.remove_job(ALARM_JOB)
            return
        # APScheduler runs on the wall clock; the injected clock says how far away "due" is.
        delay = max((due - self._clock.now()).total_seconds(), 0.0)
        run_at = datetime.fromtimestamp(datetime.now(UTC).timestamp() + delay, UTC)
        self._scheduler.add_job(
            self._tick, "date", run_date=run_at, id=ALARM_JOB, replace_existing=True,
            coalesce=True, max_instances=4, misfire_grace_time=None,
        )


@asynccontextmanager
async def reminder_scheduler(dispatcher: ReminderDispatcher | None, clock: Clock, sweep_seconds: float, *,
                             recover_first: bool = False) -> AsyncIterator[ReminderScheduler | None]:
    """Run the scheduler for the duration of a `serve` or `chat`."""
    if dispatcher is None:
        yield None
        return
    scheduler = ReminderScheduler(dispatcher, clock, sweep_seconds)
    await scheduler.start(recover_first=recover_first)
    try:
        yield scheduler
    finally:
        await scheduler.stop()
