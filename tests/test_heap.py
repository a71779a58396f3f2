"""The server's collector settings: the loaded heap frozen, young objects collected less often."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a child process: freezing the test runner's own heap would outlive the test.
PROBE = """
import gc, weakref
from bot.heap import YOUNG_GENERATION_THRESHOLD, settle_after_startup

class Node:
    pass

loaded = [Node() for _ in range(1000)]
before = gc.get_threshold()
settle_after_startup()
assert gc.get_freeze_count() >= 1000, gc.get_freeze_count()
assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, before[1], before[2]), gc.get_threshold()
assert gc.isenabled()

# Garbage made after start-up is still found: a reference cycle nobody holds is collected.
a, b = Node(), Node()
a.other, b.other = b, a
gone = weakref.ref(a)
del a, b
gc.collect()
assert gone() is None
print("ok")
"""


def test_settling_freezes_the_loaded_heap_and_still_collects_later_cycles() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
