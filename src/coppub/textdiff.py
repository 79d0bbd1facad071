"""What changed between two versions of a source text, word by word.

For outdated (fuzzy) translations: the catalog keeps the source the translation was made
from (``#| msgid``); the reader of an outdated paragraph, the translator in ``coppub todo``
and the dashboard see the same runs.
"""

from __future__ import annotations

import difflib
import re

Run = tuple[str, str]  # (kind, text): kind is "" (unchanged), "del" or "ins"


def word_diff(before: str, after: str) -> list[Run]:
    """The runs that turn ``before`` into ``after``, words and spaces kept."""
    old, new = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                      autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("", "".join(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            runs.append(("del", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            runs.append(("ins", "".join(new[j1:j2])))
    return runs


def as_text(runs: list[Run]) -> str:
    """The runs in wdiff's notation: ``[-removed-]{+added+}``."""
    marks = {"": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}
    return "".join(marks[kind][0] + text + marks[kind][1] for kind, text in runs)
