"""Splitting start-up work over the CPUs: a function over runs of a range, in forked processes.

Loading and indexing a large knowledge base is per-file and per-document work that Python runs on
one CPU. On Linux, forked children share the parent's memory (the files' paths, the documents,
the string hashes), so each reads a run of the range and sends back only its result; the results
come back in order, equal to what one process would have made.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from itertools import pairwise
from multiprocessing.connection import Connection
from typing import Any, TypeVar

PARALLEL_FROM = 5_000  # items; below this, forking costs more than it saves
MAX_WORKERS = 8

T = TypeVar("T")


def workers_for(n_items: int) -> int:
    """How many processes to share `n_items` with: the CPUs this process may use."""
    if n_items < PARALLEL_FROM or not _can_fork():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_WORKERS))


def in_runs(work: Callable[[int, int], T], n_items: int, workers: int) -> list[T]:
    """[work(first, end) for consecutive runs covering range(n_items)]: all runs but the last in
    forked children, the last one here. In one process if `workers` < 2 or it cannot fork. A
    child that fails (it prints its traceback) has its run redone here."""
    if workers < 2 or n_items < 2 or not _can_fork():
        return [work(0, n_items)]
    runs = list(pairwise(n_items * i // workers for i in range(workers + 1)))
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Connection] | None] = []
    for first, end in runs[:-1]:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_send, args=(sender, work, first, end), daemon=True)
        try:
            child.start()
        except OSError:  # no memory or processes left for a child: its run is done here
            receiver.close()
            children.append(None)
        else:
            children.append((child, receiver))
        finally:
            sender.close()
    last = work(*runs[-1])
    results: list[T] = []
    for started, (first, end) in zip(children, runs, strict=False):
        if started is None:
            results.append(work(first, end))
            continue
        child, receiver = started
        try:
            results.append(receiver.recv())
        except EOFError:
            results.append(work(first, end))
        finally:
            receiver.close()
            child.join()
    return [*results, last]


def _send(sender: Connection, work: Callable[[int, int], object], first: int, end: int) -> None:
    try:
        sender.send(work(first, end))
    finally:
        sender.close()


def _can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
