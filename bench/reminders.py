"""Reminders: N reminders falling due within a couple of minutes, sent by 1 or 2 dispatcher processes.

Each worker is its own process running the real delivery path: the ReminderStore on SQLite or
PostgreSQL, the ReminderDispatcher, and the APScheduler alarm clock (`bot/scheduler.py`) on the
wall clock. The platform is an in-process recording sender, so the figures measure lupbot's own
scheduling, claiming and bookkeeping, not Slack's or Teams' API latency or rate limits.

Figures (as the architecture document counts them):
- lateness = time the send call reached the (recording) platform − the reminder's due time,
  p50 / p99 / max over every reminder;
- exactly once: every reminder recorded by exactly one send call across all workers, and every
  row `sent` in the database;
- peak memory: each worker's peak resident set size (ru_maxrss).

Run: `.venv/bin/python bench/reminders.py [--count 10000] [--spread 90] [--modes sqlite,postgresql,postgresql-2]
[--pg-url postgresql+asyncpg://postgres@127.0.0.1:5432/test]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bot.scheduler import reminder_scheduler  # noqa: E402
from handlers.clock import SystemClock  # noqa: E402
from handlers.messages import Destination, Reply  # noqa: E402
from handlers.reminder_dispatch import ReminderDispatcher, next_occurrence  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.reminders import NewEvent, ReminderStore  # noqa: E402

PLATFORM = "bench"
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


class RecordingSender:
    """The stand-in platform: notes which reminder arrived and when the send call reached it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float]] = []

    async def send(self, to: Destination, reply: Reply) -> None:
        self.calls.append((reply.text, time.time()))


# --- worker process -------------------------------------------------------------------------------


async def worker(
    url: str, schema: str | None, sweep: float, give_up_after: float
) -> dict[str, object]:
    db = Database(url, schema=schema)
    store = ReminderStore(db, next_occurrence)
    sender = RecordingSender()
    clock = SystemClock()
    dispatcher = ReminderDispatcher(store, {PLATFORM: sender}, clock)
    await store.counts()  # connect before the clock starts
    print("ready", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + give_up_after
    async with reminder_scheduler(dispatcher, clock, sweep):
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            counts = await store.counts()
            if not counts.get("pending") and not counts.get("sending"):
                break
    await db.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "worker": dispatcher.worker,
        "calls": sender.calls,
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


# --- the run ----------------------------------------------------------------------------------------------


async def prepare(
    url: str, schema: str | None, count: int, spread: float, lead: float
) -> tuple[dict[str, float], float]:
    """Store `count` reminders due between t0 and t0 + `spread`; t0 leaves room for the insert and start-up."""
    db = Database(url, schema=schema)
    await db.create_schema()
    store = ReminderStore(db, next_occurrence)
    rng = random.Random(20261123)
    offsets = sorted(rng.uniform(0, spread) for _ in range(count))
    started = time.monotonic()
    insert_budget = max(5.0, count / 1000)  # generous: inserting 10 000 takes a few seconds
    t0 = datetime.now(UTC) + timedelta(seconds=insert_budget + lead)
    titles = [f"bench-{i}" for i in range(count)]
    for chunk in range(0, count, 1000):
        events = [
            NewEvent(
                kind="reminder",
                title=titles[i],
                starts_at=t0 + timedelta(seconds=offsets[i]),
                platform=PLATFORM,
                workspace="W",
                channel="C",
                owner="U",
                lang="nb",
                zone="Europe/Oslo",
            )
            for i in range(chunk, min(chunk + 1000, count))
        ]
        await store.create_many(events, datetime.now(UTC))
    insert_seconds = time.monotonic() - started
    await db.dispose()
    if datetime.now(UTC) > t0 - timedelta(seconds=lead / 2):
        print(
            f"warning: inserting took {insert_seconds:.1f} s, the first reminders may be due before the workers start",
            file=sys.stderr,
        )
    due = {titles[i]: (t0 + timedelta(seconds=offsets[i])).timestamp() for i in range(count)}
    return due, insert_seconds


async def final_counts(url: str, schema: str | None) -> dict[str, int]:
    db = Database(url, schema=schema)
    counts = await ReminderStore(db).counts()
    await db.dispose()
    return counts


async def run_mode(
    name: str, url: str, schema: str | None, processes: int, args: argparse.Namespace
) -> dict[str, object]:
    due, insert_seconds = await prepare(url, schema, args.count, args.spread, args.lead)
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--worker",
        "--url",
        url,
        "--sweep",
        str(args.sweep),
        "--give-up-after",
        str(args.lead + args.spread + 120),
    ]
    if schema:
        cmd += ["--schema", schema]
    procs = [
        await asyncio.create_subprocess_exec(
            *cmd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        for _ in range(processes)
    ]
    for proc in procs:
        assert proc.stdout is not None
        line = await proc.stdout.readline()
        assert line.strip() == b"ready", line
    outputs = await asyncio.gather(*(p.communicate(b"go\n") for p in procs))
    results: list[dict[str, Any]] = [
        json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs
    ]
    counter: Counter[str] = Counter()
    lateness: list[float] = []
    for result in results:
        for reply_text, at in result["calls"]:
            title = reply_text.rsplit(" ", 1)[-1]
            counter[title] += 1
            lateness.append(at - due[title])
    counts = await final_counts(url, schema)
    exactly_once = (
        len(counter) == args.count
        and set(counter.values()) == {1}
        and counts == {"sent": args.count}
    )
    lateness.sort()
    return {
        "mode": name,
        "processes": processes,
        "reminders": args.count,
        "sent_calls": sum(counter.values()),
        "distinct_sent": len(counter),
        "db": counts,
        "exactly_once": exactly_once,
        "lateness_ms": {
            "p50": round(statistics.median(lateness) * 1000, 1),
            "p99": round(lateness[min(len(lateness) - 1, int(len(lateness) * 0.99))] * 1000, 1),
            "max": round(lateness[-1] * 1000, 1),
            "min": round(lateness[0] * 1000, 1),
        },
        "per_process": [
            {"sent": len(r["calls"]), "peak_rss_mb": r["peak_rss_mb"]} for r in results
        ],
        "insert_seconds": round(insert_seconds, 1),
    }


async def pg_schema(pg_url: str) -> str:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = Database(pg_url)
    async with admin.engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    return schema


async def drop_schema(pg_url: str, schema: str) -> None:
    admin = Database(pg_url)
    async with admin.engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


async def main(args: argparse.Namespace) -> int:
    if args.worker:
        print(
            json.dumps(await worker(args.url, args.schema, args.sweep, args.give_up_after)),
            flush=True,
        )
        return 0
    summaries = []
    for mode in args.modes.split(","):
        if mode == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                summaries.append(
                    await run_mode(mode, f"sqlite+aiosqlite:///{folder}/bench.db", None, 1, args)
                )
        else:
            processes = 2 if mode.endswith("-2") else 1
            schema = await pg_schema(args.pg_url)
            try:
                summaries.append(await run_mode(mode, args.pg_url, schema, processes, args))
            finally:
                await drop_schema(args.pg_url, schema)
        s = summaries[-1]
        late = cast(dict[str, float], s["lateness_ms"])
        per_process = cast(list[dict[str, float]], s["per_process"])
        print(
            f"{s['mode']:<14} processes={s['processes']} reminders={s['reminders']} "
            f"exactly_once={s['exactly_once']} lateness p50={late['p50']} ms p99={late['p99']} ms "
            f"max={late['max']} ms peak_rss={[p['peak_rss_mb'] for p in per_process]} MB "
            f"sent_per_process={[p['sent'] for p in per_process]}",
            flush=True,
        )
    print(json.dumps(summaries))
    return 0 if all(s["exactly_once"] for s in summaries) else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--spread", type=float, default=90.0, help="seconds over which the reminders fall due"
    )
    parser.add_argument(
        "--lead", type=float, default=5.0, help="seconds from start until the first is due"
    )
    parser.add_argument(
        "--sweep", type=float, default=30.0, help="LUPBOT_SWEEP_SECONDS for the workers"
    )
    parser.add_argument("--modes", default="sqlite,postgresql,postgresql-2")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    parser.add_argument("--give-up-after", type=float, default=600.0, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))
