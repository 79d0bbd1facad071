"""Forked workers: how their processes are set up."""

from __future__ import annotations

import gc

from coppub.parallel import YOUNG_COLLECTION_EVERY, worker_pool


def _collector(_job: int) -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()


def test_workers_collect_cycles_less_often_and_the_parent_is_left_alone() -> None:
    before = gc.get_threshold(), gc.get_freeze_count()
    inherited = len(gc.get_objects())
    with worker_pool(1) as pool:
        (young, middle, old), frozen = pool.submit(_collector, 0).result()
    assert young == YOUNG_COLLECTION_EVERY and (middle, old) == before[0][1:]
    assert frozen >= 0.9 * inherited  # what the worker inherited from this process
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
