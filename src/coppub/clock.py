"""The time coppub writes into what it makes.

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/), when
set, replaces the clock everywhere coppub writes a date: template headers, the EPUB's
modification date and file times, the downloads page. Read here only, so every output
agrees on it. A value that is not a whole number of seconds is an error, not ignored: a
build that means to be reproducible and silently is not would be found out too late.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

from .errors import ConfigError


def epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds, or None when it is not set (or empty)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise ConfigError(f"SOURCE_DATE_EPOCH is {value!r}, not a number of seconds",
                          hint="set it to a Unix time such as $(git log -1 --format=%ct), "
                               "or unset it")
    return int(value)


def now() -> time.struct_time:
    """``SOURCE_DATE_EPOCH`` when set, else the current time (UTC)."""
    return time.gmtime(epoch())


@contextlib.contextmanager
def fixed(seconds: int) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``seconds`` for the block, in this process and the
    ones it starts (Sphinx reads it too): one language's edition is dated by its inputs.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
