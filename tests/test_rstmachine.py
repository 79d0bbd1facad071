"""One reST state machine run again for every parse (coppub.rstmachine): the checks and
every build with coppub's Sphinx extension parse exactly as with a machine per parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import HERE, ROOT, Runner
from tests.test_artifacts import translate_all

PAGES = sorted([*(ROOT / "source").glob("*.rst"), *(HERE / "sample/source").glob("*.rst")])


def _tree(text: str, reuse: bool, pep: bool = False) -> str:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from coppub import rstmachine

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.pep_references = pep
    document = new_document("<page>", settings)
    if reuse:
        with rstmachine.reused():
            Parser().parse(text, document)
    else:
        Parser().parse(text, document)
    return str(document.pformat())


def test_every_page_parses_as_with_a_machine_of_its_own() -> None:
    """The handbook's pages and the sample's, one after the other on one machine, in both
    orders: each gives the tree a machine built for it alone gives."""
    from coppub import rstmachine

    texts = [page.read_text(encoding="utf-8") for page in PAGES]
    alone = [_tree(text, reuse=False) for text in texts]
    assert len(alone) > 20
    for order in (range(len(texts)), reversed(range(len(texts)))):
        for i in order:
            assert _tree(texts[i], reuse=True) == alone[i], PAGES[i]
    assert len(rstmachine._MACHINES) == 1


def test_the_inline_patterns_are_built_once_for_like_settings(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """One inliner per process and settings: its patterns are built once, and texts that
    need them (and the setting that changes them: PEP references) parse as with an
    inliner of their own."""
    from docutils.parsers.rst.states import Inliner

    from coppub import rstmachine

    built: list[object] = []
    original = Inliner.init_customizations

    def counted(self: Inliner, settings: Any) -> None:
        built.append(settings)
        original(self, settings)

    monkeypatch.setattr(Inliner, "init_customizations", counted)
    monkeypatch.setattr(rstmachine, "_INLINERS", {})
    texts = ["A *b* ``c`` https://example.org/x and PEP 8.", "`link <https://x.org>`__ **d**",
             "Plain words, RFC 2822.", "x_ and [#]_ |s| :role:`t`"]
    for text in texts:
        assert _tree(text, reuse=True) == _tree(text, reuse=False)
    assert len(built) == 1 + len(texts)  # once kept, then once for every unkept parse
    with_peps = _tree(texts[0], reuse=True, pep=True)
    assert with_peps == _tree(texts[0], reuse=False, pep=True) != _tree(texts[0], reuse=True)
    assert "pep-0008" in with_peps and len(built) == len(texts) + 3  # one more kept


def test_a_parse_inside_a_parse_gets_a_machine_of_its_own() -> None:
    """A directive that parses its content with a parser of its own (as some extensions
    do) while the kept machine is running."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    inner: list[str] = []

    class Parsed(Directive):
        has_content = True

        def run(self) -> list[Any]:
            inner.append(_tree("\n".join(self.content), reuse=True))
            return [nodes.paragraph(text="done")]

    directives.register_directive("parsed-inside", Parsed)
    text = "Before.\n\n.. parsed-inside::\n\n   * one *two*\n   * three\n\nAfter **this**.\n"
    try:
        assert _tree(text, reuse=True) == _tree(text, reuse=False)
    finally:
        directives._directives.pop("parsed-inside", None)  # type: ignore[attr-defined]
    assert inner[0] == inner[1] == _tree("* one *two*\n* three", reuse=False)


def test_builds_use_it_unless_the_project_has_a_parser_of_its_own() -> None:
    from sphinx.parsers import RSTParser as Sphinx

    from coppub.sphinxext import parser

    class Registry:
        def __init__(self, registered: type) -> None:
            self.parsers = {"restructuredtext": registered}

        def get_source_parsers(self) -> dict[str, type]:
            return self.parsers

    class App:
        def __init__(self, registered: type) -> None:
            self.registry = Registry(registered)

        def add_source_parser(self, cls: type, override: bool = False) -> None:
            assert override
            self.registry.parsers["restructuredtext"] = cls

    app = App(Sphinx)
    parser.setup(app)  # type: ignore[arg-type]
    assert app.registry.parsers["restructuredtext"] is parser.RSTParser
    own = type("OwnParser", (Sphinx,), {})
    app = App(own)
    parser.setup(app)  # type: ignore[arg-type]
    assert app.registry.parsers["restructuredtext"] is own


@pytest.mark.slow
def test_a_translated_build_is_the_build_with_sphinx_own_parser(
    sample: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every message translated (so Sphinx parses each translation): the French pages are
    the same bytes with coppub's parser and with Sphinx's."""
    from coppub.sphinxrun import run_sphinx

    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0, coppub.err
    translate_all(sample, "fr", "« ")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def pages(ours: bool) -> dict[str, bytes]:
        out = sample / ("ours" if ours else "sphinx")
        with monkeypatch.context() as patched:  # the build's child inherits the patch
            if not ours:
                patched.setattr("coppub.sphinxext.parser.setup", lambda app: None)
            run_sphinx("html", srcdir=sample / "source", confdir=sample, outdir=out / "html",
                       doctreedir=out / "doctrees", overrides={"language": "fr"})
        return {str(p.relative_to(out)): p.read_bytes() for p in (out / "html").glob("*.html")}

    ours, theirs = pages(True), pages(False)
    assert "« Le" not in ours["html/chapter.html"].decode()  # the prefix is on the English
    assert "« The chapter" in ours["html/chapter.html"].decode()
    assert ours.keys() == theirs.keys() and len(ours) >= 4
    for name in ours:
        assert ours[name] == theirs[name], name
