"""Property: a translation the sandboxed parse accepts is harmless to the real parser.

Translations are generated from markup fragments (directives, roles, links, every line
separator docutils knows). Whatever E300 accepts is then parsed the way a build would,
directives and raw content enabled; its tree must hold nothing the source's lacks.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coppub.checks.tree import _features, problems

SOURCE = "Read the :emphasis:`guide` at `UN <https://un.org/>`_ and **trust** it."
FRAGMENTS = [
    "Lisez", " ", "le guide", "\n", "\r", "\u2028", "\x85", "\x1c", "\n\n", "   ",
    ".. ", "raw:: html", "role:: x(raw)", "default-role:: x", "include:: /etc/hosts",
    "image:: https://evil.example/p.png", "|x| replace:: y", "_evil: https://evil.example/",
    ":format: html", "`", "<script>", "</script>", "<", ">", "_", "__", ":", "::",
    "javascript:alert(1)", "https://un.org/", "https://evil.example/", "//evil.example",
    "evil.html", "a@b.example", ":emphasis:", ":raw:", ":x:", "*", "**", "|x|", "[#]_",
    "- ", "1. ", "=====", "\\", "ONU", "`ONU <https://un.org/>`_",
]


def real_features(text: str) -> set[tuple[str, ...]]:
    """Parse as a build would: docutils' own registries, raw content allowed."""
    from docutils.core import publish_doctree
    from docutils.nodes import Node

    document = publish_doctree(text, settings_overrides={
        "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
        "file_insertion_enabled": False, "raw_enabled": True})
    found: set[tuple[str, ...]] = set()
    node: Any
    for node in document.findall(Node):
        found.update(_features(node))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10))
def test_accepted_translations_add_nothing_when_parsed_for_real(parts: list[str]) -> None:
    translation = "".join(parts)
    if problems(SOURCE, translation):
        return  # rejected: never compiled, never parsed by Sphinx
    added = real_features(translation) - real_features(SOURCE)
    assert not added, (translation, added)


def _parse_alone(text: str) -> Any:
    """What the sandbox finds in ``text`` with a state machine built for it alone."""
    import contextlib

    from coppub.checks import tree

    real = tree._one_machine
    tree._one_machine = lambda syntax: contextlib.nullcontext()  # type: ignore[assignment]
    try:
        return tree.parse.__wrapped__(text, tree.role_names(text), "rst")
    finally:
        tree._one_machine = real  # type: ignore[method-assign]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map("".join),
                min_size=2, max_size=6))
def test_one_state_machine_run_again_parses_as_a_new_one(texts: list[str]) -> None:
    """The checks run one docutils state machine for every message (building it is half
    the cost of a parse): each parse, in any order, finds what a machine built for it
    alone finds."""
    from coppub.checks import tree

    for text in [*texts, *reversed(texts)]:
        assert tree.parse.__wrapped__(text, tree.role_names(text), "rst") \
            == _parse_alone(text), text


def test_the_state_machine_is_built_again_after_a_parse_that_failed() -> None:
    from coppub import rstmachine
    from coppub.checks import tree

    text = "Lisez **le** `guide <https://un.org/>`_ :\n\n- un\n- deux"
    before = tree.parse.__wrapped__(text, frozenset(), "rst")
    [used] = rstmachine._MACHINES.values()
    failed = tree.parse.__wrapped__("* " * 2000 + "x", frozenset(), "rst")  # nested lists
    assert failed.refused == ("a structure docutils cannot parse (RecursionError)",)
    assert rstmachine._MACHINES == {}  # dropped, with whatever the failure left in it
    assert tree.parse.__wrapped__(text, frozenset(), "rst") == before == _parse_alone(text)
    [again] = rstmachine._MACHINES.values()
    assert again is not used
