"""The reminder dispatcher: claims due rows, sends them through the platform's Sender, records the outcome.

Platform-neutral: it only knows the `Sender` protocol. The scheduler in `bot/` merely decides when
to call `run_once`; the database decides what is due, so any number of processes can run this.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast
from zoneinfo import ZoneInfo

from handlers.clock import Clock
from handlers.messages import Button, Destination, Lang, Reply, Sender, SendError
from handlers.reminder_texts import rt
from handlers.safe_text import echo
from handlers.timeparse import Recurrence
from handlers.timewords import duration_in_words, when_in_words
from storage.reminders import CHANNEL, Claimed, ReminderStore, Rule

log = logging.getLogger(__name__)

TITLE_LIMIT = 300


def next_occurrence(rule: Rule, after: datetime) -> datetime | None:
    """The store's recurrence hook: the rule's first occurrence strictly after `after`."""
    freq = cast(Literal["daily", "weekly"], rule.freq)
    return Recurrence(freq, rule.hour, rule.minute, rule.weekday, rule.until).next_after(after, ZoneInfo(rule.zone))


def worker_id() -> str:
    """A name for this process's claims: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()[:24]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed send is retried."""

    max_attempts: int = 5
    base_seconds: float = 30.0
    max_backoff_seconds: float = 1800.0

    def delay(self, attempts: int, retry_after: float | None) -> timedelta:
        backoff = min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_backoff_seconds)
        # The platform's Retry-After is a floor: never retry sooner than it asks.
        return timedelta(seconds=max(backoff if retry_after is None else retry_after, 0.0))


@dataclass
class DispatchReport:
    """What one `run_once` did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def render_reminder(claimed: Claimed, now: datetime, late_grace: timedelta) -> Reply:
    """The message a reminder row becomes, in the event's language."""
    event, reminder = claimed.event, claimed.reminder
    lang: Lang = "en" if event.lang == "en" else "nb"
    zone = ZoneInfo(event.zone)
    title = echo(event.title, TITLE_LIMIT)
    words = when_in_words(reminder.occurrence_at, zone, lang)
    duration = duration_in_words(reminder.offset_seconds, lang)
    if event.kind in ("gathering", "deadline"):
        key = f"send.{event.kind}" + (".now" if reminder.offset_seconds == 0 else "")
        text = rt(key, lang, title=title, duration=duration, words=words)
    elif reminder.offset_seconds:
        text = rt("send.reminder.before", lang, title=title, duration=duration, words=words)
    else:
        text = rt("send.reminder", lang, title=title)
    lateness = now - reminder.due_at
    if lateness > late_grace:
        late = duration_in_words(int(lateness.total_seconds()), lang)
        text += "\n" + rt("send.late", lang, late=late, due=when_in_words(reminder.due_at, zone, lang))
    buttons: tuple[Button, ...] = ()
    more_to_come = reminder.offset_seconds > 0 or event.rule is not None
    if reminder.recipient == CHANNEL and not event.personal and more_to_come:
        buttons = (Button(rt("button.join", lang), "reminder.join", str(event.id)),)
    return Reply(text, buttons=buttons, lang=lang)


def destination(claimed: Claimed) -> Destination:
    """A channel post, or a direct message to the row's recipient."""
    event, reminder = claimed.event, claimed.reminder
    if reminder.recipient == CHANNEL:
        return Destination(event.platform, event.workspace, event.target_channel)
    return Destination(event.platform, event.workspace, event.channel, user=reminder.recipient)


class ReminderDispatcher:
    """Sends what is due, exactly once per row while leases hold; safe to run in many processes."""

    def __init__(
        self,
        store: ReminderStore,
        senders: Mapping[str, Sender],
        clock: Clock,
        *,
        worker: str | None = None,
        late_grace: timedelta = timedelta(minutes=5),
        lease: timedelta = timedelta(minutes=2),
        send_timeout: float = 60.0,
        batch: int = 100,
        concurrency: int = 16,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._store = store
        self._senders = senders  # the live registry: senders added later are used too
        self._clock = clock
        self.worker = worker or worker_id()
        self._late_grace = late_grace
        self._lease = lease
        self._send_timeout = min(send_timeout, lease.total_seconds() / 2)
        self._batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._retry = retry or RetryPolicy()
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever reminders are written (the scheduler re-arms its alarm)."""
        self._listeners.append(listener)

    def changed(self) -> None:
        """Tell listeners that rows were added or cancelled."""
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("reminder change listener failed")

    async def next_due(self) -> datetime | None:
        return await self._store.next_due(list(self._senders))

    async def run_once(self, *, sweep: bool = True) -> DispatchReport:
        """Send everything due now, batch after batch, until nothing due is left.

        `sweep` also re-checks recurring events for a missing next occurrence (a safety net the
        periodic sweep runs; the due-time alarm skips it to stay quick)."""
        report = DispatchReport()
        async with self._lock:
            if sweep:
                await self._store.ensure_upcoming(self._clock.now())
            while True:
                claimed = await self._store.claim_due(
                    self._clock.now(), list(self._senders), self.worker, limit=self._batch, lease=self._lease
                )
                if not claimed:
                    return report
                outcomes = await asyncio.gather(*(self._deliver(c) for c in claimed))
                sent = [(c.reminder.id, o.sent_at) for c, o in zip(claimed, outcomes, strict=True) if o.sent_at]
                await self._store.mark_sent(sent, self.worker, self._clock.now())
                report.sent += len(sent)
                for c, outcome in zip(claimed, outcomes, strict=True):
                    if outcome.sent_at is None:
                        if await self._handle_failure(c, outcome):
                            report.failed += 1
                        else:
                            report.retried += 1

    async def _deliver(self, claimed: Claimed) -> _Outcome:
        """Send one row; the outcome says when it reached the platform, or why it did not."""
        sender = self._senders.get(claimed.event.platform)
        if sender is None:  # unregistered since the claim
            return _Outcome(error="no sender for this platform")
        async with self._slots:
            now = self._clock.now()
            reply = render_reminder(claimed, now, self._late_grace)
            try:
                await asyncio.wait_for(sender.send(destination(claimed), reply), timeout=self._send_timeout)
            except SendError as exc:
                log.warning("reminder %s: send failed: %s", claimed.reminder.id, exc)
                return _Outcome(error=str(exc) or "send failed", retry_after=exc.retry_after,
                                permanent=exc.permanent)
            except TimeoutError:
                return _Outcome(error="the platform did not answer in time")
            except Exception as exc:  # a sender bug must not stop the other reminders
                log.exception("reminder %s: sender raised", claimed.reminder.id)
                return _Outcome(error=f"{type(exc).__name__}: {exc}")
            return _Outcome(sent_at=now)

    async def _handle_failure(self, claimed: Claimed, outcome: _Outcome) -> bool:
        """Retry later with backoff, or give up after the last attempt; True when given up."""
        attempts = claimed.reminder.attempts
        now = self._clock.now()
        if outcome.permanent or attempts >= self._retry.max_attempts:
            await self._store.mark_failed(claimed.reminder.id, self.worker, outcome.error, now)
            return True
        delay = self._retry.delay(attempts, outcome.retry_after)
        await self._store.mark_retry(claimed.reminder.id, self.worker, now + delay, outcome.error)
        return False


@dataclass(frozen=True)
class _Outcome:
    sent_at: datetime | None = None
    error: str = ""
    retry_after: float | None = None
    permanent: bool = False
