"""`lupbot serve` with Slack configured from the environment: the real entry point, end to end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.config import Settings
from bot.serve import serve
from bot.slack_connection import slack_setup_problem
from tests.fake_slack import FakeSlack
from tests.slack_harness import KB_SLACK, free_port
from tests.slack_requests import SIGNING_SECRET, as_json, dm_event, event_callback, signed_headers


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[None]:
    """`serve()` in a task; start-up failures surface at once, and it is always stopped."""
    ready, stop = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(settings, ready=ready, stop=stop))
    waiter = asyncio.create_task(ready.wait())
    try:
        await asyncio.wait({task, waiter}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # raises what stopped serve from starting
        assert ready.is_set(), "serve did not become ready"
        yield
    finally:
        waiter.cancel()
        stop.set()
        try:
            await asyncio.wait_for(task, 30)
        except TimeoutError:
            task.cancel()


async def test_serve_from_the_environment_answers_slack_and_keeps_healthz(
    fake: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    env = {
        "PORT": str(port), "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "LUPBOT_KNOWLEDGE_DIR": str(KB_SLACK), "LUPBOT_TEAMS": "off", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-serve", "SLACK_API_URL": fake.api_url.rstrip("/"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    async with serving(Settings.from_env()), aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
        body = as_json(event_callback(dm_event("hva er markedsdialog")))[0]
        async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                             headers=signed_headers(body, "application/json")) as resp:
            assert resp.status == 200
        (post,) = await fake.wait_for("chat.postMessage")
        assert post.token == "xoxb-serve"  # SLACK_API_URL without the trailing slash works too


async def test_half_configured_slack_stays_off_with_a_clear_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(port=free_port(), database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
                        knowledge_dir=KB_SLACK, teams_enabled=False, slack_bot_token="xoxb-only")
    assert slack_setup_problem(settings) is not None
    with caplog.at_level(logging.WARNING):
        async with serving(settings), aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{settings.port}/slack/events", data=b"{}") as resp:
                assert resp.status in (404, 405)
    assert any("SLACK_SIGNING_SECRET" in r.getMessage() for r in caplog.records)
