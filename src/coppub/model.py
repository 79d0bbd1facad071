"""The catalog model: a message's key, forms and state, and a catalog's domain.

Defined once, here, and used by everything that reads catalogs (statistics, the fast
scanner, merging, the translation memory, compiling, the interface catalogs, relayout).
It imports nothing from coppub.

- A message's **key** is its context and text: ``(msgctxt, msgid)``.
- Its **forms** are its plural forms in order, or its one msgstr.
- Its **state**: *translated* when not fuzzy and every form is non-empty; *fuzzy* when
  flagged fuzzy and it has some translation; otherwise *untranslated*. *Rejected* is a
  translated message an error-level check refuses (the build leaves it out): only checked
  figures use it. Obsolete entries and the header never count; callers skip them.
- A catalog's **domain** is its path below its folder, without suffix, with ``/``
  (``library/os`` for ``…/LC_MESSAGES/library/os.po``): the name Sphinx looks it up by.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib

TRANSLATED, FUZZY, UNTRANSLATED, REJECTED = "translated", "fuzzy", "untranslated", "rejected"

Key = tuple[str | None, str]


def key(entry: polib.POEntry) -> Key:
    """``(msgctxt, msgid)``: what identifies a message in a catalog."""
    return (entry.msgctxt, entry.msgid)


def forms(entry: polib.POEntry) -> list[str]:
    """The translation's forms: every plural form in order, or the single msgstr."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def has_translation(entry: polib.POEntry) -> bool:
    """True when some form is non-empty (a draft counts)."""
    return any(forms(entry))


def state(entry: polib.POEntry) -> str:
    """:data:`TRANSLATED`, :data:`FUZZY` or :data:`UNTRANSLATED` (see the module)."""
    texts = forms(entry)
    if "fuzzy" in entry.flags:
        return FUZZY if any(texts) else UNTRANSLATED
    return TRANSLATED if texts and all(texts) else UNTRANSLATED


def escaped(text: str) -> str:
    """A msgid as a catalog spells it between quotes (the key the fast scanner reads)."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))


def domain_of(path: Path, folder: Path) -> str:
    """The domain of the catalog (or template) at ``path`` in ``folder``."""
    return path.relative_to(folder).with_suffix("").as_posix()


def catalogs_in(folder: Path, suffix: str = ".po") -> dict[str, Path]:
    """Domain -> path of every catalog (``.po``) or template (``.pot``) under ``folder``,
    sorted by path; empty when the folder does not exist."""
    if not folder.is_dir():
        return {}
    found: list[tuple[list[str], Path]] = []  # (the path's parts below folder, path)
    for top, _folders, files in os.walk(folder):  # as rglob: into no linked folder
        where = Path(top)
        below = where.relative_to(folder).parts
        found += [([*below, name], where / name) for name in files
                  if name.endswith(suffix) and name != suffix]
    found.sort(key=lambda item: item[0])  # as sorted paths: part by part
    return {"/".join(parts)[:-len(suffix)]: path for parts, path in found}
