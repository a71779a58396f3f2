"""`lupbot serve`: the aiohttp server for Slack, Teams and health checks."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.composition import open_services
from bot.config import Settings
from bot.server import build_app

log = logging.getLogger(__name__)


async def serve(settings: Settings, *, ready: asyncio.Event | None = None, stop: asyncio.Event | None = None) -> None:
    """Run the server until `stop` is set (or SIGINT/SIGTERM)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    async with open_services(settings) as services:
        app = build_app(services)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        print(f"lupbot serving on http://{settings.host}:{settings.port} (GET /healthz)", flush=True)
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


def run_serve(settings: Settings) -> int:
    """Blocking entry point for the CLI."""
    logging.getLogger().setLevel(logging.INFO)
    asyncio.run(serve(settings))
    return 0
