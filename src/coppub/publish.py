"""Publishing the site: one library call for the CLI and for any other program.

:func:`publish_site` takes the build lock, recovers what an interrupted build left,
applies the publishing gate, builds the languages asked for (the source edition first,
as the output guard's reference), withdraws languages that fell below their threshold,
and writes the landing, downloads and dashboard pages. It never prints: it reports
through its callbacks and returns a :class:`Report`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .build import Options, Outcome, build_lock, build_many, plan
from .config import Settings
from .editions import edition
from .errors import CoppubError
from .site import published_languages, recover, site_dir, warm_up, withdraw, write_pages


@dataclass(frozen=True)
class Request:
    """What to publish: languages (none: the source language), formats and how."""

    languages: tuple[str, ...] = ()
    all_languages: bool = False
    formats: tuple[str, ...] = ("html",)
    jobs: int = 0
    force: bool = False
    use_fuzzy: bool = False
    fresh: bool = False
    strict: bool = False


@dataclass
class Report:
    """What a publication did, language by language."""

    site: Path
    outcomes: list[Outcome] = field(default_factory=list)
    #: Below their threshold (only with ``all_languages``): not built, taken off the site.
    held_back: dict[str, str] = field(default_factory=dict)
    #: Asked for, but a catalog cannot be read: not built, previous edition kept.
    unreadable: dict[str, list[CoppubError]] = field(default_factory=dict)
    #: Staging folders and half-done swaps an interrupted build left, now cleaned up.
    recovered: list[Path] = field(default_factory=list)

    @property
    def published(self) -> list[str]:
        return [o.code for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


GateCallback = Callable[[Report], None]
ProgressCallback = Callable[[Outcome, int, int], None]


def publish_site(settings: Settings, request: Request, *,
                 on_gate: GateCallback | None = None,
                 progress: ProgressCallback | None = None) -> Report:
    """Build and publish what ``request`` asks for; see the module docstring."""
    for code in request.languages:  # an unknown language creates nothing, not even a lock
        settings.any_language(code)
    for name in request.formats:  # an unknown format is an error that lists the known
        edition(name)
    with build_lock(settings):
        report = Report(site=site_dir(settings), recovered=recover(settings))
        _publish(settings, request, report, on_gate, progress)
    return report


def _publish(settings: Settings, request: Request, report: Report,
             on_gate: GateCallback | None, progress: ProgressCallback | None) -> None:
    source = settings.source_language
    every = [source, *settings.codes]
    asked = every if request.all_languages else list(dict.fromkeys(
        settings.any_language(c).code for c in (request.languages or (source,))))
    gate = plan(settings, every, force=request.force)
    if request.all_languages:
        report.held_back = {c: r for c, r in gate.held_back.items() if c in asked}
    report.unreadable = {c: errors for c, errors in gate.unreadable.items() if c in asked}
    if on_gate:
        on_gate(report)
    todo = [c for c in asked if c in gate.build] if request.all_languages else \
        [c for c in asked if c not in gate.unreadable]
    # The switchers list the editions readers can reach: those built now (a language
    # asked for by name is a preview, at its own address only) and those that pass the
    # gate and are already on the site. Never an edition that is not there.
    published = tuple(c for c in every if c in todo
                      or (c in gate.build and (report.site / c).is_dir()))
    options = Options(formats=request.formats, use_fuzzy=request.use_fuzzy,
                      fresh=request.fresh, strict=request.strict, published=published)
    report.outcomes = [Outcome(c, error=f"{len(errors)} catalog(s) cannot be read, so it was "
                               "not built") for c, errors in report.unreadable.items()]
    built = build_many(settings, todo, options, jobs=request.jobs, progress=progress,
                       meanwhile=lambda: warm_up(settings, every))
    # A language that failed and has no earlier edition on the site must not stay in the
    # others' switchers: build them again without it (only in that case; rare).
    missing = {o.code for o in built if not o.ok and not (report.site / o.code).is_dir()}
    good = [o.code for o in built if o.ok]
    if missing and good:
        again = replace(options, published=tuple(c for c in published if c not in missing))
        redone = {o.code: o for o in build_many(settings, good, again, jobs=request.jobs)}
        built = [redone.get(o.code, o) if o.ok else o for o in built]
    report.outcomes += built
    if request.all_languages:
        for code in gate.held_back:
            withdraw(settings, code)
    live = [c for c in every if c in gate.build and (report.site / c).is_dir()]
    write_pages(settings, published_languages(settings, live, gate.stats),
                list(gate.stats.values()))
