"""The event loop `lupbot serve` runs on: uvloop where it is installed, asyncio's own otherwise.

A turn hands work to other threads and back (aiosqlite's connection thread, the group commit's
waiters) and makes several Web API calls; uvloop does that bookkeeping in C, which saves a
large share of the per-event CPU the loop itself costs (see the README's Slack load figures).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop factory, or None (asyncio's default loop) where uvloop is not installed."""
    try:
        import uvloop
    except ImportError:  # e.g. on Windows, which uvloop does not support
        return None
    return uvloop.new_event_loop


def loop_name() -> str:
    """The name of the loop `run` uses, for the start-up line."""
    return "uvloop" if loop_factory() is not None else "asyncio"


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on the server's event loop."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
