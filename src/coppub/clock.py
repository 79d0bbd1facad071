"""The time coppub writes into what it makes.

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/), when
set, replaces the clock everywhere coppub writes a date: template headers, the EPUB's
modification date and file times, the downloads page. Read here only, so every output
agrees on it. A value that is not a whole number of seconds is an error, not ignored: a
build that means to be reproducible and silently is not would be found out too late.
"""

from __future__ import annotations

import os
import time

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
