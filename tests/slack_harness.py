"""The real lupbot aiohttp app on 127.0.0.1, a fake Slack Web API beside it, and a signed-request client."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.composition import Services, open_services
from bot.config import Settings
from bot.server import build_app
from handlers.clock import Clock
from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    SIGNING_SECRET,
    as_form,
    as_interactivity,
    as_json,
    event_callback,
    signed_headers,
)

KB_SLACK = Path(__file__).parent / "fixtures" / "kb_slack"
BOT_TOKEN = "xoxb-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def slack_settings(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    base = Settings(
        host="127.0.0.1",
        port=free_port(),
        database_url=database_url,
        knowledge_dir=KB_SLACK,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        teams_enabled=False,
    )
    return replace(base, **overrides)


@dataclass
class Response:
    status: int
    text: str


@dataclass
class SlackBot:
    """A running lupbot with Slack on, and the means to talk to it as Slack would."""

    url: str
    services: Services
    fake: FakeSlack
    http: aiohttp.ClientSession

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        retry: int | None = None,
        path: str = "/slack/events",
    ) -> Response:
        headers = signed_headers(
            body, content_type, timestamp=timestamp, secret=secret, retry=retry
        )
        async with self.http.post(self.url + path, data=body.encode(), headers=headers) as resp:
            return Response(resp.status, await resp.text())

    async def event(self, event: dict[str, Any], **kwargs: Any) -> Response:
        envelope_keys = {k: kwargs.pop(k) for k in ("team", "event_id") if k in kwargs}
        return await self.post(*as_json(event_callback(event, **envelope_keys)), **kwargs)

    async def envelope(self, envelope: dict[str, Any], **kwargs: Any) -> Response:
        return await self.post(*as_json(envelope), **kwargs)

    async def interact(self, payload: dict[str, Any], **kwargs: Any) -> Response:
        return await self.post(*as_interactivity(payload), **kwargs)

    async def command(self, fields: dict[str, str], **kwargs: Any) -> Response:
        return await self.post(*as_form(fields), **kwargs)

    async def get(self, path: str, **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.http.get(self.url + path, allow_redirects=False, **kwargs)


@asynccontextmanager
async def running_bot(
    settings: Settings, fake: FakeSlack, clock: Clock | None = None
) -> AsyncIterator[SlackBot]:
    """`open_services` + `build_app` on a real TCP site, exactly as `lupbot serve` builds them."""
    async with open_services(settings, clock=clock) as services:
        app = build_app(services)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        try:
            async with aiohttp.ClientSession() as http:
                yield SlackBot(f"http://{settings.host}:{settings.port}", services, fake, http)
        finally:
            await runner.cleanup()
