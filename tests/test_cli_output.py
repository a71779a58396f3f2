"""The command line when its output goes to a pipe that closes early (`lupbot chat … | head`)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

from bot.console import read_lines

KB_SMALL = Path(__file__).parent / "fixtures" / "kb_small"


def test_a_reader_that_stops_early_ends_the_chat_quietly(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "LUPBOT_KNOWLEDGE_DIR": str(KB_SMALL)}
    chat = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert chat.stdin is not None and chat.stdout is not None and chat.stderr is not None
    chat.stdin.write(b"help\n" * 500)  # far more replies than a pipe holds
    chat.stdin.close()
    assert chat.stdout.read(100)  # like `| head`: read a little, then go away
    chat.stdout.close()
    assert chat.wait(timeout=60) == 0
    assert b"Traceback" not in chat.stderr.read()


def test_input_still_arriving_after_the_chat_closed_is_dropped_without_an_error() -> None:
    release = threading.Event()
    failures: list[threading.ExceptHookArgs] = []

    class SlowStdin:
        """A stream whose next line only comes once the chat's event loop is gone."""

        def __init__(self) -> None:
            self._lines = ["first\n", "second\n"]

        def readline(self) -> str:
            if len(self._lines) == 1:
                release.wait(timeout=10)
            return self._lines.pop(0) if self._lines else ""

    loop = asyncio.new_event_loop()
    previous_hook = threading.excepthook
    threading.excepthook = failures.append
    try:
        queue = loop.run_until_complete(read_lines(SlowStdin()))  # type: ignore[arg-type]
        assert loop.run_until_complete(queue.get()) == "first\n"
        loop.close()
        release.set()
        pump = next(t for t in threading.enumerate() if t.name == "console-stdin")
        pump.join(timeout=10)
        assert not pump.is_alive()
    finally:
        threading.excepthook = previous_hook
    assert failures == []
