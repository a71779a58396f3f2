"""`lupbot serve` and Teams authentication: never anonymous on the network, off means unmounted."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

from bot.config import Settings
from bot.teams_config import teams_startup_problem
from tests.core_helpers import KB_CORE

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_env(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "SYSTEMROOT")
    }
    env.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        LUPBOT_KNOWLEDGE_DIR=str(KB_CORE),
        PYTHONPATH=str(REPO),
        **extra,
    )
    return env


def test_serve_refuses_to_listen_on_all_interfaces_without_an_app_id(tmp_path: Path) -> None:
    env = serve_env(tmp_path, free_port(), HOST="0.0.0.0")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "MICROSOFT_APP_ID" in done.stderr and "LUPBOT_TEAMS=off" in done.stderr
    assert "HOST=0.0.0.0" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_an_app_id_without_its_password(tmp_path: Path) -> None:
    env = serve_env(
        tmp_path,
        free_port(),
        HOST="0.0.0.0",
        MICROSOFT_APP_ID="5b4a8d07-0000-4c1b-8f0b-2f7d4a6f3b11",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "MICROSOFT_APP_PASSWORD" in done.stderr


async def test_with_teams_off_serve_starts_on_all_interfaces_and_api_messages_is_not_there(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = serve_env(tmp_path, port, HOST="0.0.0.0", LUPBOT_TEAMS="off")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with aiohttp.ClientSession() as http:
            await _wait_healthy(http, port, process)
            async with http.post(
                f"http://127.0.0.1:{port}/api/messages", json={"type": "message"}
            ) as response:
                assert response.status == 404
    finally:
        await _stop(process)


async def _wait_healthy(
    http: aiohttp.ClientSession, port: int, process: asyncio.subprocess.Process
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while True:
        if process.returncode is not None:
            stderr = await process.stderr.read() if process.stderr else b""
            raise AssertionError(f"lupbot serve exited: {stderr.decode()}")
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        if loop.time() > deadline:
            raise AssertionError("lupbot serve did not become healthy")
        await asyncio.sleep(0.1)


async def test_on_loopback_without_an_app_id_the_endpoint_is_mounted(tmp_path: Path) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        env=serve_env(tmp_path, port),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with aiohttp.ClientSession() as http:
            await _wait_healthy(http, port, process)
            url = f"http://127.0.0.1:{port}/api/messages"
            async with http.post(
                url, data="{", headers={"Content-Type": "application/json"}
            ) as response:
                assert response.status == 400
            async with http.get(url) as response:
                assert response.status == 405
    finally:
        await _stop(process)


async def _stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, and SIGKILL if the server has not exited within 20 s (its shutdown is not under test)."""
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 20)
    except TimeoutError:
        process.kill()
        await process.wait()


def test_startup_rules() -> None:
    assert teams_startup_problem(Settings(host="127.0.0.1")) is None
    assert teams_startup_problem(Settings(host="::1")) is None
    assert teams_startup_problem(Settings(host="localhost")) is None
    assert teams_startup_problem(Settings(host="0.0.0.0", teams_enabled=False)) is None
    assert (
        teams_startup_problem(
            Settings(host="0.0.0.0", microsoft_app_id="id", microsoft_app_password="pw")
        )
        is None
    )
    assert teams_startup_problem(Settings(host="0.0.0.0")) is not None
    assert teams_startup_problem(Settings(host="10.0.0.5")) is not None
