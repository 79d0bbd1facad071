"""Which pages a build writes again, in every format, beyond Sphinx's own choice.

Sphinx writes a page when its source changed or when this run read it again. A coppub
build reads a page again when its catalog changed, once, for whichever format builds
first; the others build from that reading (:func:`coppub.build._run_formats`), or from
the same doctrees later (``coppub build epub`` after ``coppub build html``), and would
keep their stale page. And a page shows other pages' titles (links, tables of contents,
the marks on titles still in the source language) and numbers, which Sphinx does not
follow: a chapter's title translated would stay untranslated in the others' links.

So, for every builder that writes one file per page (HTML, EPUB, their kin):

- a page whose document was read after its file was written is written again (the time
  each document is read is noted, :data:`READ_AT`);
- when the titles, the numbers or the set of documents changed since they were last
  noted, every page is written again.

Pages are never written less than Sphinx would write them, so the EPUB need not be
written whole to stay right.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any

from sphinx.application import Sphinx

from .notes import per_document

#: The note of when each document was read (microseconds since the epoch).
READ_AT = "coppub_read_at"


def now() -> int:
    """The clock file times are compared with, in microseconds."""
    return time.time_ns() // 1000


def note_read(app: Sphinx, doctree: Any) -> None:
    """``doctree-read``: note when this document was read."""
    per_document(app.env, READ_AT)[app.env.docname] = now()


def _layout(env: Any) -> str:
    """A digest of what a page may show of the other pages: their names, titles (and
    which are still in the source language) and numbers."""
    def plain(value: Any) -> Any:
        return sorted(value) if isinstance(value, set | frozenset) else str(value)

    facts = [sorted(env.found_docs),
             {name: title.astext() for name, title in env.titles.items()},
             per_document(env, "coppub_titles"), per_document(env, "coppub_source_titles"),
             env.toc_secnumbers, env.toc_fignumbers]
    text = json.dumps(facts, sort_keys=True, default=plain, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def stale_pages(app: Sphinx, env: Any) -> list[str]:
    """``env-updated``: the pages to write again (see the module's description)."""
    layout = _layout(env)
    noted = getattr(env, "coppub_layout", None)
    if not isinstance(noted, tuple) or noted[0] != layout:
        env.coppub_layout = noted = (layout, now())
    outfile = getattr(app.builder, "get_outfilename", None)
    if outfile is None:  # one file for the whole book (PDF, LaTeX): Sphinx decides
        return []
    read_at = per_document(env, READ_AT)
    stale = []
    for docname in sorted(env.found_docs):
        try:
            written = os.stat(outfile(docname)).st_mtime_ns // 1000
        except OSError:  # never written: Sphinx writes it
            continue
        if max(read_at.get(docname, 0), noted[1]) >= written:
            stale.append(docname)
    return stale
