"""`lupbot when [--json] [--now ISO] "<expression>"`: shows exactly how the bot reads a time."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.clock import SystemClock
from handlers.timeparse import TimeReading, read_time
from handlers.timewords import iso_local, when_in_words


def parse_now(value: str | None, zone: ZoneInfo) -> datetime:
    """`--now` as an aware datetime (a time without offset is local to `zone`); default: the wall clock."""
    if value is None:
        return SystemClock().now()
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def as_json(expression: str, reading: TimeReading, zone: ZoneInfo) -> dict[str, object]:
    """The fixed JSON shape; refusals carry the English error text."""
    result: dict[str, object] = {"input": expression, "when": None}
    if reading.ok and reading.when is not None:
        result["when"] = iso_local(reading.when, zone)
        if reading.recurrence is not None:
            rule = reading.recurrence
            result["recurrence"] = {
                "freq": rule.freq,
                "weekday": rule.weekday,
                "time": f"{rule.hour:02d}:{rule.minute:02d}",
                "until": rule.until.isoformat() if rule.until else None,
            }
    else:
        result["error"] = reading.error.message("en") if reading.error else "not a time"
    return result


def cmd_when(args: argparse.Namespace, zone: ZoneInfo) -> int:
    """Print the reading; exit 0 when read (JSON mode: always, the refusal is in the output)."""
    try:
        now = parse_now(args.now, zone)
    except ValueError:
        print(f"lupbot when: --now must be ISO 8601 (e.g. 2026-11-23T14:00:00+01:00), got {args.now!r}",
              file=sys.stderr)
        return 2
    expression = " ".join(args.expression)
    reading = read_time(expression, now, zone, forgiving=True)
    if args.json:
        print(json.dumps(as_json(expression, reading, zone), ensure_ascii=False), flush=True)
        return 0
    if reading.ok and reading.when is not None:
        line = f"{iso_local(reading.when, zone)}  {when_in_words(reading.when, zone, 'nb')} / {when_in_words(reading.when, zone, 'en')}"
        if reading.recurrence is not None:
            line += f"\n  {reading.recurrence.describe('nb')} / {reading.recurrence.describe('en')}"
        print(line)
        return 0
    error = reading.error
    print(error.message("en") if error else "not a time", file=sys.stderr)
    if error:
        print(error.message("nb"), file=sys.stderr)
    return 1
