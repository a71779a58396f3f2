"""The server's event loop: uvloop where it is installed, asyncio's own loop otherwise."""

from __future__ import annotations

import asyncio
import importlib.util

from bot.event_loop import loop_name, run


async def _loop_module() -> str:
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__module__


def test_the_server_loop_is_uvloop_where_installed_and_asyncio_otherwise() -> None:
    installed = importlib.util.find_spec("uvloop") is not None
    module = run(_loop_module())
    assert module.startswith("uvloop") == installed
    assert loop_name() == ("uvloop" if installed else "asyncio")


def test_a_coroutine_run_on_the_server_loop_returns_its_result_and_closes_the_loop() -> None:
    async def answer() -> int:
        return 42

    assert run(answer()) == 42
    # The loop was closed and unset: a fresh asyncio.run still works afterwards.
    assert asyncio.run(answer()) == 42
