"""Map a function over jobs in forked worker processes when the work is large enough."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files, forking workers costs more than it saves.
PARALLEL_FROM = 64


def fork_map(function: Callable[[T], R], jobs: list[T], files: int) -> list[R]:
    """``map``, in forked workers (which inherit module state) when it is worth it."""
    cores = os.cpu_count() or 1
    if cores < 2 or files < PARALLEL_FROM or len(jobs) < 2:
        return [function(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(cores, len(jobs)), mp_context=context) as pool:
        return list(pool.map(function, jobs))


def chunks(items: list[T], size: int) -> list[list[T]]:
    """``items`` in lists of ``size`` (at least one list)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
