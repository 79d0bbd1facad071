"""The translation dashboard: one static HTML page, no JavaScript, readable on a phone.

Per language, in that language (its own section, as on the downloads page): its status
(:mod:`coppub.status`), a bar of translated, fuzzy and untranslated source words with the
publishing threshold drawn on it, and the pages with outdated paragraphs, each outdated
message with what changed in its source; per chapter a heat map of the share
translated. The page is ``templates/site/dashboard.html``; this module computes what it
shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .config import Settings
from .outdated import outdated_messages
from .render import render as render_template
from .stats import LanguageStats
from .status import Status, status
from .ui import Words, page_words

#: Outdated messages shown per page; ``coppub todo --outdated`` lists them all.
SHOWN = 25

#: The words of a language's section (interface messages, see :mod:`coppub.ui`).
LABELS = {"status": "Status", "translated": "translated", "fuzzy": "fuzzy",
          "untranslated": "untranslated", "words": "Words in the original text",
          "threshold": "Publishing threshold", "outdated": "Pages with outdated paragraphs:",
          "all": "The complete list:", "read": "Read online", "downloads": "Downloads"}


def _heat(percent: float) -> str:
    """Red (0 %) through yellow to green (100 %), light enough for black text."""
    return f"hsl({percent * 1.2:.0f},70%,{85 - percent * 0.1:.0f}%)"


def _language(settings: Settings, stats: LanguageStats, state: Status) -> dict[str, Any]:
    ui = page_words(settings, stats.language.code)
    f = stats.figures
    total = f.total_words or 1
    lang = stats.language
    shares = {"translated": 100 * f.translated_words / total,
              "fuzzy": 100 * f.fuzzy_words / total,
              "untranslated": 100 * f.untranslated_words / total}

    def percent(value: float) -> str:
        return lang.number(value, percent=True)

    return {"tag": lang.bcp47, "direction": lang.direction, "name": lang.name,
            "english_name": lang.english_name, "code": lang.code, "status": state.css,
            "on_site": state.on_site,
            "status_text": ui(state.value),
            "labels": {key: ui(text) for key, text in LABELS.items()},
            "total": lang.number(f.total_words), "threshold": f"{lang.threshold:g}",
            "threshold_text": percent(lang.threshold),
            "shares": {key: f"{value:.2f}" for key, value in shares.items()},
            "figures": {key: percent(value) for key, value in shares.items()},
            "spoken": str(ui("%(percent)s translated; publishing threshold %(threshold)s")
                          % {"percent": percent(shares["translated"]),
                             "threshold": percent(lang.threshold)}),
            "outdated": _outdated(stats, ui, lang.number,
                                  settings.build_dir / ".cache" / "outdated")}


def _outdated(stats: LanguageStats, ui: Callable[[str], Words],
              number: Callable[[float], str], cache: Path | None = None,
              ) -> list[dict[str, Any]]:
    """Per page with outdated paragraphs: how many, and the first :data:`SHOWN`."""
    pages = []
    for chapter in stats.chapters:
        if chapter.stale or not chapter.figures.fuzzy:
            continue
        messages = outdated_messages(chapter.path, cache)
        pages.append({"domain": chapter.domain,
                      "count": ui("Outdated paragraphs: %(count)s")
                      % {"count": number(len(messages))},
                      "messages": [{"where": f"{m.path.name}:{m.line}", "draft": m.draft,
                                    "source": m.source, "changes": m.changes}
                                   for m in messages[:SHOWN]],
                      "more": len(messages) > SHOWN})
    return pages


def render(settings: Settings, stats: Sequence[LanguageStats],
           title: str = "Translation status", fonts: Sequence[str] = ()) -> str:
    """The whole page, as a string; each language's status as :mod:`coppub.status`
    defines it, from what is on the site in ``settings.build_dir``."""
    from .site import body_stack, script_rules, site_dir

    site = site_dir(settings)
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
    languages = [_language(settings, s, status(s, (site / s.language.code).is_dir()))
                 for s in stats]
    source = settings.any_language(settings.source_language)
    return render_template("site/dashboard.html", title=title, languages=languages,
                           source={"tag": source.bcp47, "direction": source.direction},
                           chapters=rows, book_title=settings.book.title or settings.book.slug,
                           scripts=script_rules(settings, [s.language.code for s in stats]),
                           body_stack=body_stack(), fonts=fonts)
