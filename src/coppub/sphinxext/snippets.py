"""Search results with a snippet, without fetching every result page.

Sphinx's search page shows each result's title, then fetches the whole result page to cut
a snippet from it: one Arabic query on the handbook cost 22 requests and 376 KB, on the
slow links many readers have (and it shows nothing when the theme lacks ``role="main"``).
coppub writes instead, with the search index, the opening words of every page (its first
paragraph, in the edition's language, about 160 characters) into
``_static/coppub-snippets.js``, loaded by the search page only; a small script puts each
result's snippet under it as text, and Sphinx's fetching is turned off
(``html_show_search_summary = False``). Results that carry a description of their own (an
object's) keep it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .notes import per_document
from .themes import HTML_BUILDERS

#: A snippet's length, in characters (cut at a word).
LENGTH = 160
NAME = "coppub-snippets.js"

_SCRIPT = """(function () {
  "use strict";
  var snippets = %(data)s;
  // the result's link names its page: docname + link suffix (dirhtml: docname + "/")
  function page(href) {
    var path = href.split("#")[0], suffix = DOCUMENTATION_OPTIONS.LINK_SUFFIX || "";
    if (suffix && path.slice(-suffix.length) === suffix) path = path.slice(0, -suffix.length);
    if (path.slice(-1) === "/") path = path.slice(0, -1) || "index";
    return snippets[path] !== undefined ? path : path + "/index";
  }
  function add(item) {
    if (item.nodeName !== "LI" || item.querySelector("p.context, span")) return;
    var link = item.querySelector("a[href]");
    var text = link && snippets[page(link.getAttribute("href"))];
    if (!text) return;
    var p = document.createElement("p");
    p.className = "context";
    p.textContent = text;  // text, never markup
    item.appendChild(p);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var results = document.getElementById("search-results");
    if (!results) return;
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.nodeName === "LI") add(node);
          else node.querySelectorAll("li").forEach(add);
        });
      });
    }).observe(results, {childList: true, subtree: true});
    // Sphinx may have shown results already (Sphinx 7.2 answers at once when its index
    // is loaded before this runs)
    results.querySelectorAll("li").forEach(add);
  });
})();
"""


def configure(app: Sphinx, config: Any) -> None:
    """``config-inited``: the search page shows coppub's snippets instead of fetching."""
    config.html_show_search_summary = False


def _opening(doctree: nodes.document) -> str:
    """The page's first paragraph, cut to :data:`LENGTH` at a word."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _hidden(paragraph):
            continue
        text = " ".join(paragraph.astext().split())
        if text:
            if len(text) <= LENGTH:
                return text
            cut = text[:LENGTH].rsplit(" ", 1)[0]
            return cut.rstrip(",;:.،؛") + "…"
    return ""


def _hidden(node: nodes.Node) -> bool:
    """Inside something readers do not see: docutils' own messages (such as "No
    directive entry for 'epigraph' in module …ar"), comments, substitution definitions."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.system_message, nodes.Invisible)):
            return True
        parent = parent.parent
    return False


def read(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after the translation is applied): note the page's snippet."""
    per_document(app.env, "coppub_snippets")[app.env.docname] = _opening(doctree)


def page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
         doctree: Any) -> None:
    """``html-page-context``: the search page loads the snippets (and only it)."""
    if app.builder.name in HTML_BUILDERS and pagename == "search":
        # the builder's own method: Sphinx 7.2's app.add_js_file only registers a script
        # for the next build, whatever the event
        app.builder.add_js_file(NAME)  # type: ignore[attr-defined]


def write(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: every page's snippet, for the search page. Written before
    Sphinx writes its extra pages, so the search page, in a fresh build as in an
    incremental one, loads the script with its checksum (``?v=``)."""
    if app.builder.name not in HTML_BUILDERS:
        return []
    found = per_document(app.env, "coppub_snippets")
    data = {doc: found[doc] for doc in sorted(app.env.found_docs) if found.get(doc)}
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    text = _SCRIPT % {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
    target = static / NAME
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return []
