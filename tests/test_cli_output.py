"""The command line when its output goes to a pipe that closes early (`lupbot chat … | head`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
