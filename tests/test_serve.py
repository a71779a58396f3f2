"""`lupbot serve` starts on the embedded defaults and answers /healthz."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
import pytest

from bot.config import Settings
from bot.serve import serve
from tests.core_helpers import KB_CORE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_healthz_reports_ok_with_the_knowledge_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    port = free_port()
    settings = Settings.from_env({"PORT": str(port), "LUPBOT_KNOWLEDGE_DIR": str(KB_CORE), "LUPBOT_TEAMS": "off"})
    ready, stop = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(settings, ready=ready, stop=stop))
    await asyncio.wait_for(ready.wait(), 30)
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as resp:
            assert resp.status == 200
            body = await resp.json()
        assert body["status"] == "ok" and body["articles"] == 2
        assert (tmp_path / "lupbot.db").exists()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_started_hook_runs_once_the_knowledge_is_loaded_and_before_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    port = free_port()
    settings = Settings.from_env({"PORT": str(port), "LUPBOT_KNOWLEDGE_DIR": str(KB_CORE), "LUPBOT_TEAMS": "off"})
    ready, stop = asyncio.Event(), asyncio.Event()
    calls: list[bool] = []
    task = asyncio.create_task(serve(settings, ready=ready, stop=stop, started=lambda: calls.append(ready.is_set())))
    await asyncio.wait_for(ready.wait(), 30)
    stop.set()
    await asyncio.wait_for(task, 30)
    assert calls == [False]  # once, before the server said it was ready
