"""One docutils reST state machine per process, run again for every parse.

Building docutils' reST state machine (fifteen states, each with its transitions, and the
nested machines they build as they go) is about half the cost of parsing a short text.
Sphinx builds one for every document and, in a translated build, again for every
translated message (its ``Locale`` transform parses each translation on its own: a quarter
of a translated build); coppub's checks parse thousands of translations. Within
:func:`reused`, the parser gets this process's machine instead.

A run leaves nothing behind that the next one reads: ``RSTStateMachine.run`` sets up its
document, memo, observers and states afresh (docutils itself keeps nested machines for
every later parse, in ``RSTState.nested_sm_cache``). A parse inside a parse (a directive
that parses text with a parser of its own) gets a new machine; a parse that raises may
leave the machine half-way, so it is dropped.

The machine is also given an inliner kept for settings like the document's: building the
inline patterns (``Inliner.init_customizations``, a few dozen regular expressions put
together) is about a sixth of parsing a short text. They depend on three settings only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

#: This process's machines, by how they were built (state classes, initial state, debug).
_MACHINES: dict[tuple[object, ...], Any] = {}
#: This process's inliners, by the settings their patterns were built for.
_INLINERS: dict[tuple[bool, ...], Any] = {}
#: docutils' own class (what the parser finds in its place while :func:`reused` runs).
_ORIGINAL: Any = None
#: Whether this process's machine is running a parse now.
_busy = False


@contextlib.contextmanager
def reused() -> Iterator[None]:
    """While inside, ``docutils.parsers.rst.states.RSTStateMachine(...)`` (which both
    docutils' and Sphinx's reST parsers call) gives the machine this process keeps."""
    global _ORIGINAL, _busy
    from docutils.parsers.rst import states

    if _ORIGINAL is None:
        _ORIGINAL = states.RSTStateMachine
    if states.RSTStateMachine is not _ORIGINAL:  # inside another parse: the same rules
        yield
        return
    build = _ORIGINAL

    def machine(*args: Any, **kwargs: Any) -> Any:
        global _busy
        if _busy or args:  # a parse inside the parse: a machine of its own
            return build(*args, **kwargs)
        key = (tuple(kwargs.get("state_classes", ())), kwargs.get("initial_state"),
               kwargs.get("debug"))
        if key not in _MACHINES:
            _MACHINES[key] = _with_kept_inliner(build(**kwargs))
        _busy = True
        return _MACHINES[key]

    states.RSTStateMachine = machine  # type: ignore[misc,assignment]
    try:
        yield
    except BaseException:
        _MACHINES.clear()
        _INLINERS.clear()
        raise
    finally:
        states.RSTStateMachine = build  # type: ignore[misc]
        _busy = False


def _with_kept_inliner(machine: Any) -> Any:
    """``machine``, whose runs get this process's inliner unless given one."""
    run = machine.run

    def run_with(input_lines: Any, document: Any, input_offset: int = 0,
                 match_titles: bool = True, inliner: Any = None) -> None:
        if inliner is None:
            inliner = _inliner(document.settings)
        run(input_lines, document, input_offset, match_titles, inliner)

    machine.run = run_with
    return machine


def _inliner(settings: Any) -> Any:
    """An inliner whose patterns were built for settings like ``settings`` (the machine
    asks it to build them again for every run: it has, once)."""
    from docutils.parsers.rst.states import Inliner

    key = (bool(getattr(settings, "character_level_inline_markup", False)),
           bool(getattr(settings, "pep_references", False)),
           bool(getattr(settings, "rfc_references", False)))
    inliner = _INLINERS.get(key)
    if inliner is None:
        inliner = Inliner()
        inliner.init_customizations(settings)  # built here, for these settings, once:
        inliner.init_customizations = lambda settings: None  # type: ignore[method-assign]
        _INLINERS[key] = inliner
    return inliner
