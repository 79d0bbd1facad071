"""Forked worker processes: one way to start them, stop them and map over them.

Every worker ignores Ctrl-C (the parent alone decides, and stops them all) and dies
with its parent (Linux's parent-death signal), so that no worker goes on building or
publishing after the command that started it is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files, forking workers costs more than it saves.
PARALLEL_FROM = 64


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a new process: receive SIGTERM when the parent dies (Linux; elsewhere nothing).
    Also for the processes coppub starts with ``subprocess`` (``preexec_fn``)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def worker_init() -> None:
    """In a new worker: ignore Ctrl-C, and receive SIGTERM when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers that are all stopped at once if the parent is interrupted."""
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=worker_init)
    try:
        yield pool
    except BaseException:
        for child in multiprocessing.active_children():
            child.terminate()  # SIGTERM: publishing holds it until its two renames are done
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def fork_map(function: Callable[[T], R], jobs: list[T], files: int) -> list[R]:
    """``map``, in forked workers (which inherit module state) when it is worth it."""
    cores = os.cpu_count() or 1
    if cores < 2 or files < PARALLEL_FROM or len(jobs) < 2:
        return [function(job) for job in jobs]
    with worker_pool(min(cores, len(jobs))) as pool:
        return list(pool.map(function, jobs))


def chunks(items: list[T], size: int) -> list[list[T]]:
    """``items`` in lists of ``size`` (at least one list)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
