"""The translation dashboard: one static HTML page, no JavaScript, readable on a phone.

Per language a bar of translated, fuzzy and untranslated source words with the
publishing threshold drawn on it, and the pages with outdated paragraphs, each outdated
message with what changed in its source; per chapter a heat map of the share
translated. The page is ``templates/site/dashboard.html``; this module computes what it
shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .outdated import outdated_messages
from .render import render as render_template
from .stats import LanguageStats

#: Outdated messages shown per page; ``coppub todo --outdated`` lists them all.
SHOWN = 25


def _heat(percent: float) -> str:
    """Red (0 %) through yellow to green (100 %), light enough for black text."""
    return f"hsl({percent * 1.2:.0f},70%,{85 - percent * 0.1:.0f}%)"


def _language(stats: LanguageStats) -> dict[str, Any]:
    f = stats.figures
    total = f.total_words or 1
    lang = stats.language
    return {"tag": lang.bcp47, "direction": lang.direction, "name": lang.name,
            "english_name": lang.english_name, "code": lang.code, "percent": stats.percent,
            "total": f.total_words, "fuzzy": f.fuzzy_words,
            "untranslated": f.untranslated_words, "threshold": f"{lang.threshold:g}",
            "publishable": stats.publishable,
            "translated_share": 100 * f.translated_words / total,
            "fuzzy_share": 100 * f.fuzzy_words / total, "outdated": _outdated(stats)}


def _outdated(stats: LanguageStats) -> list[dict[str, Any]]:
    """Per page with outdated paragraphs: how many, and the first :data:`SHOWN`."""
    pages = []
    for chapter in stats.chapters:
        if chapter.stale or not chapter.figures.fuzzy:
            continue
        messages = outdated_messages(chapter.path)
        pages.append({"domain": chapter.domain, "count": len(messages),
                      "words": sum(m.words for m in messages),
                      "messages": [{"where": f"{m.path.name}:{m.line}", "draft": m.draft,
                                    "source": m.source, "changes": m.changes}
                                   for m in messages[:SHOWN]],
                      "more": max(0, len(messages) - SHOWN)})
    return pages


def render(stats: Sequence[LanguageStats], title: str = "Translation status") -> str:
    """The whole page, as a string."""
    chapters = list(dict.fromkeys(c.domain for s in stats for c in s.chapters if not c.stale))
    rows = []
    for domain in chapters:
        cells: list[dict[str, Any] | None] = []
        for s in stats:
            chapter = next((c for c in s.chapters if c.domain == domain), None)
            if chapter is None:
                cells.append(None)
                continue
            pct = chapter.figures.percent(words=True)
            cells.append({"percent": pct, "colour": _heat(pct)})
        rows.append({"domain": domain, "cells": cells})
    return render_template("site/dashboard.html", title=title,
                  languages=[_language(s) for s in stats], chapters=rows)
