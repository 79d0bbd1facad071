"""What assistive technology needs and Sphinx's HTML writer leaves out.

DAISY Ace and Lighthouse (axe-core) report two things in every Sphinx book:

- a table of contents' caption is ``<p class="caption" role="heading">`` without the
  ``aria-level`` the heading role requires (critical: screen readers cannot place it);
- an empty header cell (the corner of a table whose first column and first row are
  headers) is a ``<th>`` with nothing to announce; an empty cell heads nothing, so it is
  a ``<td>``.

The writer prints both itself (no node attribute reaches them), so the marks are made on
the HTML it produced, as each page (web and EPUB) and each navigation tree is handed to
its template: the exact tags the writer prints, nothing else.
"""

from __future__ import annotations

import re

_CAPTION = re.compile(r'(<p class="caption"[^>]*? role="heading")(?=>)')
_EMPTY_HEADER = re.compile(r'<th((?: class="[^"<>]*")?)></th>')


def mark(html: str, level: int = 2) -> str:
    """``html`` with its toctree captions at heading ``level`` and its empty header cells
    made data cells."""
    html = _CAPTION.sub(rf'\1 aria-level="{level}"', html)
    return _EMPTY_HEADER.sub(r"<td\1></td>", html)
