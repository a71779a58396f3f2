"""The alarm clock: APScheduler wakes the dispatcher at the next due time and on a sweep; the console prints."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bot.scheduler import ReminderScheduler, reminder_scheduler
from handlers.clock import ManualClock, SystemClock
from handlers.messages import Destination, Reply
from handlers.reminder_dispatch import ReminderDispatcher, next_occurrence
from storage.db import Database
from storage.reminders import NewEvent, ReminderStore

REPO = Path(__file__).resolve().parents[1]


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[Reply] = []

    async def send(self, to: Destination, reply: Reply) -> None:
        self.sent.append(reply)


def reminder(starts_at: object, title: str = "Kaffepause") -> NewEvent:
    return NewEvent(kind="reminder", title=title, starts_at=starts_at, platform="console",  # type: ignore[arg-type]
                    workspace="local", channel="console", owner="me", lang="nb", zone="Europe/Oslo", personal=True)


async def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def test_alarm_fires_at_the_due_time_without_waiting_for_the_sweep(db: Database) -> None:
    clock = SystemClock()
    store = ReminderStore(db, next_occurrence)
    sender = RecordingSender()
    dispatcher = ReminderDispatcher(store, {"console": sender}, clock)
    async with reminder_scheduler(dispatcher, clock, sweep_seconds=3600):
        await store.create(reminder(clock.now() + timedelta(milliseconds=300)), clock.now())
        dispatcher.changed()  # what the capability does after storing
        await eventually(lambda: len(sender.sent) == 1)
        await asyncio.sleep(0.3)
    assert [r.text for r in sender.sent] == ["🔔 Påminnelse: Kaffepause"]
    assert await store.counts() == {"sent": 1}


async def test_start_up_sweep_sends_what_fell_due_while_down(db: Database) -> None:
    manual = ManualClock(SystemClock().now())
    store = ReminderStore(db, next_occurrence)
    await store.create(reminder(manual.now() + timedelta(minutes=5)), manual.now())
    manual.advance(timedelta(minutes=20))
    sender = RecordingSender()
    dispatcher = ReminderDispatcher(store, {"console": sender}, manual)
    async with reminder_scheduler(dispatcher, manual, sweep_seconds=3600, recover_first=True):
        assert len(sender.sent) == 1  # before the first prompt, not "soon"
    assert "for sent" in sender.sent[0].text


async def test_the_injected_clock_decides_when_it_is_due(db: Database) -> None:
    manual = ManualClock(SystemClock().now())
    store = ReminderStore(db, next_occurrence)
    sender = RecordingSender()
    dispatcher = ReminderDispatcher(store, {"console": sender}, manual)
    scheduler = ReminderScheduler(dispatcher, manual, sweep_seconds=3600)
    await scheduler.start()
    try:
        await store.create(reminder(manual.now() + timedelta(hours=1)), manual.now())
        scheduler.poke()
        await asyncio.sleep(0.2)
        assert sender.sent == []  # an hour away on the injected clock
        manual.advance(timedelta(hours=1))
        scheduler.poke()
        await eventually(lambda: len(sender.sent) == 1)
    finally:
        await scheduler.stop()


def chat_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LUPBOT_", "DATABASE_URL", "SLACK_", "MICROSOFT_"))}
    env.update({"PYTHONPATH": str(REPO), "LUPBOT_TEAMS": "off", **extra})
    return env


async def read_until(stream: asyncio.StreamReader, needle: str, within: float = 30.0) -> str:
    seen = ""
    deadline = time.monotonic() + within
    while needle not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{needle!r} never appeared in:\n{seen}"
        line = await asyncio.wait_for(stream.readline(), timeout=left)
        assert line, f"output ended before {needle!r}:\n{seen}"
        seen += line.decode()
    return seen


async def test_console_prints_a_reminder_while_chat_is_open(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "chat", cwd=tmp_path, env=chat_env(tmp_path),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write('påminn meg "Kaffepause" om 2 sekunder\n'.encode())
        await proc.stdin.drain()
        confirmation = await read_until(proc.stdout, "Påminnelse lagret")
        assert "Kaffepause" in confirmation
        printed = await read_until(proc.stdout, "🔔 Påminnelse: Kaffepause")
        assert "for sent" not in printed
    finally:
        proc.stdin.close()
        await asyncio.wait_for(proc.wait(), timeout=30)
    assert proc.returncode == 0


async def run_chat(tmp_path: Path, stdin: str, **env: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "chat", cwd=tmp_path, env=chat_env(tmp_path, **env),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout=60)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_reminder_due_while_chat_was_closed_is_printed_once_on_next_start(tmp_path: Path) -> None:
    first = await run_chat(tmp_path, 'påminn meg "Ring leverandøren" om 1 sekund\n',
                           LUPBOT_LATE_GRACE_SECONDS="0.5")
    assert "Påminnelse lagret" in first and "🔔" not in first  # it closed before the reminder was due
    await asyncio.sleep(2.5)
    second = await run_chat(tmp_path, "", LUPBOT_LATE_GRACE_SECONDS="0.5")
    assert second.count("🔔 Påminnelse: Ring leverandøren") == 1
    assert "for sent" in second
    third = await run_chat(tmp_path, "")
    assert "Ring leverandøren" not in third


async def test_console_writes_the_calendar_file_and_prints_its_path(tmp_path: Path) -> None:
    out = await run_chat(tmp_path, 'samling "Nettverkssamling" om 10 dager\nkalender 1\n')
    path = tmp_path / "samling-1.ics"
    assert f"📎 {path}" in out
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
