"""Work shared among forked processes comes back whole and in order, even when a child fails."""

from __future__ import annotations

import os
import sys

import pytest

from knowledge.forked import in_runs

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")


def _squares_and_pid(first: int, end: int) -> tuple[list[int], int]:
    return [i * i for i in range(first, end)], os.getpid()


@linux_only
def test_runs_come_back_in_order_from_other_processes() -> None:
    results = in_runs(_squares_and_pid, 10, workers=3)
    assert [x for squares, _ in results for x in squares] == [i * i for i in range(10)]
    pids = [pid for _, pid in results]
    assert pids[-1] == os.getpid()  # the last run is done here
    assert os.getpid() not in pids[:-1] and len(set(pids)) == 3


def test_one_worker_runs_everything_here() -> None:
    assert in_runs(_squares_and_pid, 5, workers=1) == [([0, 1, 4, 9, 16], os.getpid())]


@linux_only
def test_a_failed_child_has_its_run_redone_here() -> None:
    parent = os.getpid()

    def fails_in_children(first: int, end: int) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return list(range(first, end))

    assert [x for run in in_runs(fails_in_children, 9, workers=3) for x in run] == list(range(9))


@linux_only
def test_runs_are_done_here_when_no_process_can_be_started(monkeypatch: pytest.MonkeyPatch) -> None:
    from multiprocessing.context import ForkProcess

    def cannot_fork(self: ForkProcess) -> None:
        raise OSError("Cannot allocate memory")

    monkeypatch.setattr(ForkProcess, "start", cannot_fork)
    results = in_runs(_squares_and_pid, 7, workers=3)
    assert [x for squares, _ in results for x in squares] == [i * i for i in range(7)]
    assert {pid for _, pid in results} == {os.getpid()}
