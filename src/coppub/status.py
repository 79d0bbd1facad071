"""What a language's edition is on the site: published, preview, held back, not published.

One definition for every page that says it (landing, downloads, dashboard) and for the
publishing gate itself (:func:`coppub.build.plan`):

- *published*: passes its gate (threshold and required pages) and is on the site;
- *preview*: on the site although below its gate (built with ``--force``, or asked for
  by name): readers get it, marked as such;
- *held back*: below its gate and not on the site;
- *not published*: passes its gate but is not on the site (not built yet, or its build
  failed the first time).

The source language always passes. The words are interface messages (:mod:`coppub.ui`),
shown in each language.
"""

from __future__ import annotations

import fnmatch
from enum import Enum

from .stats import LanguageStats


class Status(Enum):
    """A language's edition on the site; the value is its label (an interface message)."""

    PUBLISHED = "Published"
    PREVIEW = "Preview"
    HELD_BACK = "Held back"
    NOT_PUBLISHED = "Not published"

    @property
    def css(self) -> str:
        """Its class in the site's pages (``held-back``)."""
        return self.name.lower().replace("_", "-")

    @property
    def on_site(self) -> bool:
        """Whether its edition is on the site (readers reach a preview at its address;
        the landing page and switchers list it when it was built with ``--force``)."""
        return self in (Status.PUBLISHED, Status.PREVIEW)


def required_pages_missing(stats: LanguageStats) -> list[str]:
    """The pages ``required`` names that are not 100 % translated, with their share (a
    pattern that matches no page is named too: it is a mistake in coppub.toml)."""
    missing = []
    for pattern in stats.language.required:
        pages = [c for c in stats.chapters
                 if not c.stale and fnmatch.fnmatchcase(c.domain, pattern)]
        if not pages:
            missing.append(f"{pattern} (no such page)")
        missing += [f"{c.domain} ({c.figures.percent(words=True):.1f} %)" for c in pages
                    if c.figures.percent(words=True) < 100]
    return missing


def below_gate(stats: LanguageStats) -> str:
    """Why ``stats``' language does not pass its publishing gate ("" when it does)."""
    if not stats.publishable:
        return (f"{stats.percent:.1f} % of words translated, below its threshold "
                f"of {stats.language.threshold:g} %")
    missing = required_pages_missing(stats) if stats.language.required else []
    if missing:
        return ("required page(s) not fully translated: " + ", ".join(missing)
                + " (coppub.toml [languages] required)")
    return ""


def status(stats: LanguageStats | None, on_site: bool) -> Status:
    """The status of a language with these figures (None: the source language)."""
    passes = stats is None or (not stats.errors and not below_gate(stats))
    if on_site:
        return Status.PUBLISHED if passes else Status.PREVIEW
    return Status.NOT_PUBLISHED if passes else Status.HELD_BACK
