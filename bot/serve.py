"""`lupbot serve`: the aiohttp server for Slack, Teams and health checks."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable

from aiohttp import web

from bot.composition import open_services
from bot.config import ConfigError, Settings
from bot.event_loop import loop_name
from bot.event_loop import run as run_on_server_loop
from bot.heap import settle_after_startup
from bot.scheduler import reminder_scheduler
from bot.server import build_app
from bot.teams_config import teams_startup_problem

log = logging.getLogger(__name__)


async def serve(
    settings: Settings,
    *,
    ready: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
    started: Callable[[], None] | None = None,
) -> None:
    """Run the server until `stop` is set (or SIGINT/SIGTERM); `started` runs once it is loaded."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    problem = teams_startup_problem(settings)
    if problem:
        raise ConfigError(problem)
    async with (
        open_services(settings, serve_teams=settings.teams_enabled) as services,
        reminder_scheduler(services.dispatcher, services.clock, settings.sweep_seconds),
    ):
        app = build_app(services)
        if started is not None:
            started()
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        print(
            f"lupbot serving on http://{settings.host}:{settings.port} (GET /healthz, {loop_name()})",
            flush=True,
        )
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


def run_serve(settings: Settings) -> int:
    """Blocking entry point for the CLI."""
    logging.getLogger().setLevel(logging.INFO)
    try:
        # The process is the server's alone, so its collector can be tuned for it (bot/heap.py).
        run_on_server_loop(serve(settings, started=settle_after_startup))
    except ConfigError as exc:
        print(f"lupbot: {exc}", file=sys.stderr)
        return 2
    return 0
