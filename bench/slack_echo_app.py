"""The framework's ceiling for `slack_load.py`: a bare slack-bolt AsyncApp that only echoes DMs.

Same aiohttp server, same signature verification, same Web API client set-up as lupbot (one
shared HTTP session, `SLACK_API_URL`), same event loop as `lupbot serve` (bot/event_loop.py:
uvloop where installed), same collector settings once started (bot/heap.py), and nothing else:
no database, no routing, no search.
Run: `SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… PORT=… python bench/slack_echo_app.py`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.event_loop import run
from bot.heap import settle_after_startup
from bot.slack_connection import web_api_session


async def main() -> None:
    session = web_api_session()
    client = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"], session=session
    )
    bolt = AsyncApp(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client)

    @bolt.event("message")
    async def echo(event: dict[str, Any], say: Any) -> None:
        await say(text=str(event.get("text") or ""))

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    settle_after_startup()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(os.environ["PORT"])).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
    await session.close()


if __name__ == "__main__":
    run(main())
