"""Per-language Sphinx builds: HTML and EPUB, each language in its own folders.

``build/<lang>/doctrees`` is the parse cache a language's HTML and EPUB share;
``build/<lang>/html`` and ``build/<lang>/epub`` are their outputs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .errors import BuildError
from .sphinxrun import run_sphinx
from .stats import LanguageStats, collect

log = logging.getLogger(__name__)

FORMATS = ("html", "epub")


@dataclass(frozen=True)
class BuildResult:
    """One language and format: where it went and what Sphinx warned about."""

    code: str
    fmt: str
    outdir: Path
    warnings: list[str]


def build_language(
    settings: Settings,
    code: str,
    fmt: str,
    *,
    use_fuzzy: bool = False,
    fresh: bool = False,
) -> BuildResult:
    """Build ``code`` (the source language or a registered one) as ``fmt``."""
    if fmt not in FORMATS:
        raise BuildError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    base = settings.output_dir(code)
    outdir = base / fmt
    log.info("%s: building %s", code, fmt)
    run = run_sphinx(
        "epub" if fmt == "epub" else "html",
        srcdir=settings.source_dir, confdir=settings.conf_dir, outdir=outdir,
        doctreedir=base / "doctrees",
        overrides={"language": code, "coppub_use_fuzzy": use_fuzzy},
        fresh=fresh,
    )
    return BuildResult(code=code, fmt=fmt, outdir=outdir, warnings=run.warnings)


@dataclass(frozen=True)
class Plan:
    """Which languages a build publishes, and which it holds back and why."""

    build: list[str]
    held_back: dict[str, str]
    stats: dict[str, LanguageStats]


def plan(settings: Settings, codes: list[str], *, force: bool = False) -> Plan:
    """Apply the publishing gate to ``codes`` (the source language always passes).

    A language is held back when its share of translated words is below its threshold
    or one of its catalogs cannot be read, unless ``force``.
    """
    translated = [c for c in codes if c != settings.source_language]
    figures, _ = collect(settings, translated) if translated else ([], [])
    stats = {s.language.code: s for s in figures}
    held: dict[str, str] = {}
    for code, s in stats.items():
        if s.errors:
            held[code] = f"{len(s.errors)} catalog(s) cannot be read"
        elif not s.publishable:
            held[code] = (f"{s.percent:.1f} % of words translated, below its threshold "
                          f"of {s.language.threshold:g} %")
    if force:
        held = {}
    return Plan(build=[c for c in codes if c not in held], held_back=held, stats=stats)
