"""The global table of contents, entry by entry (coppub.sphinxext.globaltoc): on every
page of a book of every toctree shape, with every option a theme passes, what Sphinx's
own ``_get_local_toctree`` gives, byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: What themes ask for: Sphinx's defaults, coppub's theme, Read the Docs', basic's.
OPTIONS = [
    {},
    {"collapse": False},
    {"maxdepth": 2, "collapse": True, "includehidden": False, "titles_only": True},
    {"maxdepth": -1, "collapse": False, "includehidden": True, "titles_only": True},
    {"maxdepth": "", "collapse": True},
    {"maxdepth": 1, "titles_only": True, "includehidden": True},
    {"maxdepth": 3, "collapse": True, "includehidden": True},
]

#: Pages, and what they hold: toctrees of every kind (captions, numbered, hidden,
#: titles only, ``self``, URLs, genindex, nested, inside ``only``), a page under two
#: parents, pages in folders, a page with two top-level sections, an orphan.
PAGES = {
    "index": """Book
====

.. toctree::
   :caption: Part one
   :numbered:

   intro
   "Custom" title <guide/index>
   self
   https://example.org/elsewhere
   genindex

.. toctree::
   :hidden:

   appendix

.. toctree::
   :titlesonly:
   :maxdepth: 1

   two
   guide/deep/x
""",
    "intro": """Introduction
============

Words.

First section
-------------

Text.

Deeper
~~~~~~

More.

Second section
--------------

Text.
""",
    "guide/index": """Guide
=====

.. toctree::

   a
   b
   deep/index

.. only:: html

   .. toctree::

      only-html

.. only:: latex

   .. toctree::

      only-latex
""",
    "guide/a": "Guide A\n=======\n\nA section\n---------\n\nText.\n",
    "guide/b": "Guide B\n=======\n\n.. toctree::\n\n   a\n",
    "guide/only-html": "Only HTML\n=========\n\nText.\n",
    "guide/only-latex": "Only LaTeX\n==========\n\nText.\n",
    "guide/deep/index": "Deep\n====\n\n.. toctree::\n   :glob:\n\n"
                        "   x\n   ../../orphan-not\n   genindex\n",
    "guide/deep/x": "Deep X\n======\n\nSub\n---\n\nText.\n",
    "two": "First top\n=========\n\nText.\n\nSecond top\n==========\n\nText.\n",
    "appendix": "Appendix\n========\n\nText.\n",
    "orphan": ":orphan:\n\nOrphan\n======\n\nText.\n",
}

#: An extension in the project: on every page, Sphinx's answer and coppub's.
COMPARE = """
import json
from pathlib import Path

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from coppub.sphinxext import globaltoc

OPTIONS = json.loads(Path(__file__).with_name("options.json").read_text())
FOUND = {"pages": [], "differ": [], "installed": None}


def page(app, pagename, templatename, context, doctree):
    FOUND["installed"] = isinstance(app.builder._get_local_toctree, globaltoc.GlobalToc)
    FOUND["as_html"] = getattr(app.builder._get_local_toctree, "as_html", None)
    ours = globaltoc.GlobalToc(app.builder) if not FOUND["installed"] else \\
        app.builder._get_local_toctree
    FOUND["pages"].append(pagename)
    for options in OPTIONS:
        sphinx = StandaloneHTMLBuilder._get_local_toctree(app.builder, pagename, **options)
        mine = ours(pagename, **dict(options))
        if mine != sphinx:
            FOUND["differ"].append([pagename, options, sphinx, mine])
    if not sphinx:
        FOUND["differ"].append([pagename, "empty", sphinx, ""])


def done(app, exception):
    Path(app.outdir, "compared.json").write_text(json.dumps(FOUND))


class pagename(nodes.Inline, nodes.TextElement):  # its output depends on the page
    pass


def pagename_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [pagename(text, text)], []


def visit_pagename(self, node):
    self.body.append(f'<span data-page="{self.builder.current_docname}">')


def depart_pagename(self, node):
    self.body.append("</span>")


def setup(app):
    if Path(__file__).with_name("translator").exists():  # a theme's own translator
        from sphinx.writers.html5 import HTML5Translator

        app.set_translator("html", type("Own", (HTML5Translator,), {}))
    if Path(__file__).with_name("handler").exists():  # an extension's own link handler
        from docutils import nodes
        from sphinx.writers.html5 import HTML5Translator

        def visit(self, node):  # what it writes depends on the page
            self.body.append(f'<span data-page="{self.builder.current_docname}"></span>')
            HTML5Translator.visit_reference(self, node)

        handler = (visit, HTML5Translator.depart_reference)
        app.add_node(nodes.reference, override=True, html=handler, dirhtml=handler)
    if Path(__file__).with_name("custom").exists():  # a node of its own, in a title
        mine = (visit_pagename, depart_pagename)
        app.add_node(pagename, html=mine, dirhtml=mine)
        app.add_role("pagename", pagename_role)
    app.connect("html-page-context", page)
    app.connect("build-finished", done)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def _project(root: Path) -> Path:
    for name, text in PAGES.items():
        path = root / "source" / f"{name}.rst"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "source/compare_toc.py").write_text(COMPARE, encoding="utf-8")
    (root / "source/options.json").write_text(json.dumps(OPTIONS), encoding="utf-8")
    (root / "source/conf.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "extensions = ['coppub.sphinxext', 'compare_toc']\n"
        "html_theme = 'coppub'\nproject = 'Shapes'\n"
        "exclude_patterns = ['guide/deep/orphan-not.rst']\n", encoding="utf-8")
    return root / "source"


@pytest.mark.parametrize(("builder", "translator", "quotes"),
                         [("html", "", False), ("dirhtml", "", False), ("html", "own", False),
                          ("html", "handler", False), ("html", "custom", False),
                          ("html", "", True)])
def test_every_page_gets_what_sphinx_gives(tmp_path: Path, builder: str,
                                           translator: str, quotes: bool) -> None:
    """With Sphinx's translator, entries are kept as HTML; with a theme's own, or an
    extension's own handler of a node Sphinx's translator handles or of a node in a
    title, as nodes; with smart quotes in rendering (Sphinx 7 reads docutils.conf), as
    nodes too: the quotes of an entry's title turn by the text before it."""
    source = _project(tmp_path)
    if translator:
        (source / ("translator" if translator == "own" else translator)).write_text(
            "", encoding="utf-8")
    if translator == "custom":
        (source / "appendix.rst").write_text("Appendix :pagename:`x`\n" + "=" * 22
                                             + "\n\nText.\n", encoding="utf-8")
    if quotes:
        (source / "docutils.conf").write_text("[restructuredtext parser]\nsmart_quotes: yes\n",
                                              encoding="utf-8")
    out = tmp_path / builder
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", builder, str(source),
                          str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads((out / "compared.json").read_text())
    assert found["installed"] is True  # the pages asked coppub's code, not Sphinx's
    if not quotes:
        assert found["as_html"] is (not translator)
    assert sorted(found["pages"]) == sorted([*PAGES, "genindex", "search"])
    assert found["differ"] == []


def test_a_page_shows_its_branch_open_and_marked(tmp_path: Path) -> None:
    """What the comparison compares: the page's own entry current, its branch open, the
    others closed, links relative to the page's folder."""
    source = _project(tmp_path)
    out = tmp_path / "html"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source),
                    str(out)], check=True, capture_output=True)
    page = (out / "guide/a.html").read_text(encoding="utf-8")
    nav = page[page.index('id="toc-title"'):]
    assert '<li class="toctree-l2 current"><a class="current reference internal" href="#">' \
        in nav
    assert 'href="../intro.html">' in nav and 'href="deep/index.html">' in nav
    assert "First section" not in nav  # another chapter's sections stay closed
