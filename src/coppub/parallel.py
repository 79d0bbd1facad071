"""Forked worker processes: one way to start them, stop them and map over them.

Every worker ignores Ctrl-C (the parent alone decides, and stops them all) and dies
with its parent (Linux's parent-death signal), so that no worker goes on building or
publishing after the command that started it is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
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

#: Allocations between two young collections in a worker (Python 3.11-3.13's default:
#: 700; measured on 3.11, whose collector is not incremental).
YOUNG_COLLECTION_EVERY = 10_000


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a new process: receive SIGTERM when the parent dies (Linux; elsewhere nothing).
    Also for the processes coppub starts with ``subprocess`` (``preexec_fn``)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def worker_init() -> None:
    """In a new worker: ignore Ctrl-C, receive SIGTERM when the parent dies, and collect
    cycles less often (:func:`collect_less_often`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    collect_less_often()


def collect_less_often() -> None:
    """Tune the cycle collector of a worker, a short-lived process of coppub's own.

    A Sphinx build makes millions of short-lived objects (nodes, which point to their
    parents, so every document tree is a cycle only the collector frees). With Python's
    default thresholds the collector ran about every 700 allocations and went through
    every object of the process a few times a second: a quarter of a build's time. The
    objects inherited from the parent are frozen (never gone through again, nor copied
    into this process's memory by the collector's writes) and young collections run
    every 10,000 allocations: builds take about a fifth less time, for about a tenth more
    memory at their peak (benchmarks/RESULTS.md). The parent process, which may be
    someone else's program calling the library, is left as it is.
    """
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)


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
