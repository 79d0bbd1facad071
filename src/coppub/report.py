"""Renderers for completeness figures: table, JSON, CSV, Markdown, SVG badge.

Each takes the pure values of :mod:`coppub.stats` and returns text; nothing prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from .errors import CatalogError
from .stats import Figures, LanguageStats

#: Version of the JSON document ``coppub stats --format json`` writes.
JSON_SCHEMA = "coppub-stats/1"

Row = list[str]


def _pct(value: float) -> str:
    return f"{value:.1f}"


def _cells(figures: Figures, words: bool, rejected: bool) -> Row:
    if words:
        cells = [str(figures.translated_words), str(figures.fuzzy_words),
                 str(figures.untranslated_words)]
        extra = [str(figures.rejected_words)] if rejected else []
        return [*cells, *extra, str(figures.total_words), _pct(figures.percent(words=True))]
    cells = [str(figures.translated), str(figures.fuzzy), str(figures.untranslated)]
    extra = [str(figures.rejected)] if rejected else []
    return [*cells, *extra, str(figures.total), _pct(figures.percent())]


def rows(stats: Sequence[LanguageStats], by: str, words: bool) -> tuple[Row, list[Row], Row]:
    """Header, body rows and total row, for the table-like formats.

    A "rejected" column (translations an error-level check refuses) appears when checked
    figures have any.
    """
    unit = "words" if words else "messages"
    rejected = any(lang.figures.rejected for lang in stats)
    counts = ["translated", "fuzzy", "untranslated", *(["rejected"] if rejected else []),
              f"total {unit}", "%"]
    body: list[Row] = []
    total = Figures()
    if by == "chapter":
        head = ["language", "chapter", *counts, "note"]
        for lang in stats:
            for chapter in lang.chapters:
                note = "stale: no template" if chapter.stale else ""
                body.append([lang.language.code, chapter.domain,
                             *_cells(chapter.figures, words, rejected), note])
            total.add(lang.figures)
        return head, body, ["total", "", *_cells(total, words, rejected), ""]
    head = ["language", "name", *counts, "threshold", "publishable"]
    for lang in stats:
        figures = lang.figures
        total.add(figures)
        verdict = "yes" if lang.publishable else ("error" if lang.errors else "no")
        body.append([lang.language.code, lang.language.name,
                     *_cells(figures, words, rejected),
                     f"{lang.language.threshold:g}", verdict])
    return head, body, ["total", "", *_cells(total, words, rejected), "", ""]


def aligned(table_rows: Sequence[Sequence[str]],
            right: Sequence[bool] | None = None) -> list[str]:
    """The rows as lines of columns two spaces apart; ``right`` says which columns are
    right-aligned (numbers). Every plain-text table coppub prints goes through here."""
    widths = [max(len(r[i]) for r in table_rows) for i in range(len(table_rows[0]))]
    right = right or [False] * len(widths)
    return ["  ".join(c.rjust(w) if r else c.ljust(w)
                      for c, w, r in zip(row, widths, right, strict=True)).rstrip()
            for row in table_rows]


def table(stats: Sequence[LanguageStats], by: str = "language", words: bool = False) -> str:
    """An aligned plain-text table with a total line (numbers right-aligned)."""
    head, body, total = rows(stats, by, words)
    numeric = [all(r[i].replace(".", "").isdigit() for r in [*body, total] if r[i])
               and any(r[i] for r in body) for i in range(len(head))]
    lines = aligned([head, [""] * len(head), *body, [""] * len(head), total], numeric)
    widths = [max(len(r[i]) for r in [head, *body, total]) for i in range(len(head))]
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], rule, *lines[2:-2], rule, lines[-1]]) + "\n"


def csv_text(stats: Sequence[LanguageStats], by: str = "language", words: bool = False) -> str:
    head, body, total = rows(stats, by, words)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([head, *body, total])
    return out.getvalue()


def markdown(stats: Sequence[LanguageStats], by: str = "language", words: bool = False) -> str:
    head, body, total = rows(stats, by, words)
    numeric = {i for i, h in enumerate(head)
               if h in ("translated", "fuzzy", "untranslated", "rejected", "%")
               or h.startswith("total")}

    def line(row: Row) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"

    align = "|" + "|".join("---:" if i in numeric else "---" for i in range(len(head))) + "|"
    bold_total = [f"**{c}**" if c else c for c in total]
    return "\n".join([line(head), align, *map(line, body), line(bold_total)]) + "\n"


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "messages": {"translated": figures.translated, "fuzzy": figures.fuzzy,
                     "untranslated": figures.untranslated, "rejected": figures.rejected,
                     "total": figures.total, "percent": round(figures.percent(), 2)},
        "words": {"translated": figures.translated_words, "fuzzy": figures.fuzzy_words,
                  "untranslated": figures.untranslated_words,
                  "rejected": figures.rejected_words, "total": figures.total_words,
                  "percent": round(figures.percent(words=True), 2)},
    }


def _error_json(error: CatalogError) -> dict[str, Any]:
    return {"file": str(error.path) if error.path else None, "line": error.line,
            "message": error.message, "hint": error.hint}


def json_text(stats: Sequence[LanguageStats], errors: Sequence[CatalogError] = (),
              catalogs_only: bool = False, checked: bool = False) -> str:
    """The versioned JSON document (schema in the README)."""
    total = Figures()
    languages = []
    for lang in stats:
        total.add(lang.figures)
        languages.append({
            "code": lang.language.code, "name": lang.language.name,
            "english_name": lang.language.english_name,
            "direction": lang.language.direction, "threshold": lang.language.threshold,
            "publishable": lang.publishable, **_figures_json(lang.figures),
            "chapters": [{"chapter": c.domain, "file": str(c.path), "stale": c.stale,
                          **_figures_json(c.figures)} for c in lang.chapters],
            "errors": [_error_json(e) for e in lang.errors],
        })
    document = {
        "schema": JSON_SCHEMA, "measured_against": "catalogs" if catalogs_only else "templates",
        "checked": checked,
        "languages": languages, "total": _figures_json(total),
        "errors": [_error_json(e) for e in errors],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


#: Badge colours: at or above the threshold, above half of it, below.
BADGE_COLOURS = ("#2e7d32", "#b26a00", "#c62828")


def badge(code: str, percent: float, threshold: float) -> str:
    """A small SVG badge, ``fr | 100 %``, coloured by the publishing threshold."""
    from .render import render  # Jinja2: only for badges, not for every report

    value = f"{percent:.0f} %"
    colour = (BADGE_COLOURS[0] if percent >= threshold
              else BADGE_COLOURS[1] if percent >= threshold / 2 else BADGE_COLOURS[2])
    return render("report/badge.svg", code=code, value=value, colour=colour,
                  left=7 * len(code) + 12, right=7 * len(value) + 12)
