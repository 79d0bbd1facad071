"""An incremental build publishes what a fresh build of the same inputs publishes.

Sphinx fills the search index's index entries (the ``index`` directive, glossary terms)
only from the pages it writes: an incremental build that writes one page used to drop
every other page's entries from ``searchindex.js`` (coppub.sphinxext.indexentries)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coppub.pofiles import dump_po, read_po
from tests.conftest import HERE
from tests.test_artifacts import EPOCH, translate_all


def coppub_in(project: Path, *args: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    run = subprocess.run([sys.executable, "-m", "coppub", *args], cwd=project, env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def index_entries(site: Path, code: str) -> dict[str, list[list[object]]]:
    text = (site / code / "searchindex.js").read_text(encoding="utf-8")
    frozen = json.loads(text[len("Search.setIndex("):-1])
    docnames = frozen["docnames"]
    return {term: [[docnames[hit[0]], *hit[1:]] for hit in hits]
            for term, hits in frozen["indexentries"].items()}


@pytest.mark.slow
def test_an_edited_catalog_keeps_every_pages_index_entries(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(HERE / "sample", book)
    (book / "source/index.rst").write_text(
        (book / "source/index.rst").read_text() + "\n.. index:: single: Sample; book\n")
    coppub_in(book, "extract")
    coppub_in(book, "update")
    translate_all(book, "fr", "")
    coppub_in(book, "build", "html", "-l", "fr")
    site = book / "build/site"
    first = index_entries(site, "fr")
    pages = {hit[0] for hits in first.values() for hit in hits}
    assert {"glossary", "index"} <= pages  # glossary terms, the index directive
    # A translation of one page changes: Sphinx re-reads and writes that page only.
    catalog = next(p for p in (book / "locales/fr/LC_MESSAGES").glob("chapter*.po"))
    po = read_po(catalog)
    entry = next(e for e in po if e.msgid and not e.msgid_plural)
    entry.msgstr = f"« {entry.msgid} »"
    catalog.write_bytes(dump_po(po))
    coppub_in(book, "build", "html", "-l", "fr")
    fresh = tmp_path / "fresh"
    shutil.copytree(book, fresh, ignore=shutil.ignore_patterns("build"))
    coppub_in(fresh, "build", "html", "-l", "fr", "--fresh")
    assert index_entries(site, "fr") == index_entries(fresh / "build/site", "fr") == first
    assert (site / "fr/searchindex.js").read_bytes() == \
        (fresh / "build/site/fr/searchindex.js").read_bytes()
    # the search page loads the snippets script the same way (with its checksum)
    search = (site / "fr/search.html").read_text(encoding="utf-8")
    assert "coppub-snippets.js?v=" in search
    assert search == (fresh / "build/site/fr/search.html").read_text(encoding="utf-8")
