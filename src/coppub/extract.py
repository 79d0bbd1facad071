"""Sources -> templates: one ``.pot`` per chapter plus the book's metadata, without churn.

Sphinx's gettext builder finds the messages; coppub then normalises every template
(stable header and locations, one wrap width) and rewrites a file only when something
other than its date changed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import clock
from .config import BOOK_DOMAIN, Settings
from .errors import BuildError, CatalogError
from .model import domain_of
from .pofiles import dump_po, read_po, write_atomic
from .sphinxrun import run_sphinx

#: What the book metadata strings are, for translators (``#.`` comments).
_BOOK_NOTES = {
    "title": "The book's title: cover, landing page, EPUB metadata and every page title.",
    "subtitle": "The book's subtitle, shown under the title.",
    "description": "The book's description: EPUB metadata and the landing page.",
    "rights": "The licence line: EPUB metadata and the page footer. Translate the "
              "licence's name as its official translation gives it, if there is one.",
}


@dataclass
class ExtractResult:
    """Templates written, left alone and removed, and Sphinx's warnings."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Templates no document gives messages any more that coppub did not write: kept.
    foreign: list[Path] = field(default_factory=list)
    #: Messages left out because every document they come from is excluded.
    excluded: int = 0

#: The header line every template coppub writes has; only such a template is ever removed.
MADE_BY = "Made by `coppub extract`"


def creation_date() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, in gettext's format (UTC)."""
    return time.strftime("%Y-%m-%d %H:%M+0000", clock.now())


def template_header(settings: Settings, domain: str) -> tuple[str, dict[str, str]]:
    """The header comment and fields every template gets (no year, no uuid: no churn)."""
    book = settings.book
    comment = (
        f"Template for {domain!r} of {book.title!r}.\n"
        f"{MADE_BY}; translate in <locale-dir>/<lang>/LC_MESSAGES, not here."
    )
    return comment, {
        "Project-Id-Version": f"{book.title} {book.version}".strip(),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }


def book_template(settings: Settings) -> polib.POFile:
    """The template of the book's own metadata (title, subtitle, description)."""
    pot = polib.POFile()
    for name, text in settings.book.translatable():
        pot.append(polib.POEntry(
            msgctxt=name, msgid=text, msgstr="", comment=_BOOK_NOTES[name],
            occurrences=[("coppub.toml", "")],
        ))
    return pot


def normalise(pot: polib.POFile, settings: Settings, domain: str, base: Path) -> None:
    """Give ``pot`` our header and make its locations relative to the template folder;
    ``base``: the folder they are written relative to (Sphinx's: its output's root,
    for the templates of documents in subfolders too)."""
    comment, metadata = template_header(settings, domain)
    pot.header = comment
    pot.metadata = metadata
    pot.metadata_is_fuzzy = True
    for entry in pot:
        located = []
        for name, line in entry.occurrences:
            absolute = os.path.normpath(base / name)
            if os.path.isabs(absolute) and Path(absolute).exists():
                name = Path(os.path.relpath(absolute, settings.pot_dir)).as_posix()
            located.append((name, line))
        entry.occurrences = located


def drop_excluded(pot: polib.POFile, settings: Settings, base: Path) -> int:
    """Remove the messages whose every location (relative to ``base``) is a document
    coppub.toml excludes."""
    if not settings.exclude:
        return 0
    kept = []
    for entry in pot:
        docs = {_docname(settings, base, name) for name, _line in entry.occurrences}
        if docs and all(doc is not None and settings.excluded(doc) for doc in docs):
            continue
        kept.append(entry)
    dropped = len(pot) - len(kept)
    pot[:] = kept
    return dropped


def _docname(settings: Settings, base: Path, name: str) -> str | None:
    """The Sphinx document name of a location written relative to ``base``."""
    path = Path(os.path.normpath(base / name))
    try:
        return domain_of(path, settings.source_dir)
    except ValueError:
        return None


def written_by_coppub(path: Path) -> bool:
    """True when the template at ``path`` has the header ``coppub extract`` writes."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(2000)
    except OSError:
        return False
    return MADE_BY in head


def store(pot: polib.POFile, path: Path) -> bool:
    """Write ``pot`` unless only its date would change; return True when written."""
    old_date = ""
    if path.exists():
        with contextlib.suppress(CatalogError):  # an unreadable template is replaced
            old_date = read_po(path).metadata.get("POT-Creation-Date", "")
    if old_date:
        pot.metadata["POT-Creation-Date"] = old_date
        if dump_po(pot) == path.read_bytes():
            return False
    pot.metadata["POT-Creation-Date"] = creation_date()
    return write_atomic(path, dump_po(pot))


def extract(settings: Settings) -> ExtractResult:
    """Run Sphinx's gettext builder and refresh the templates in ``settings.pot_dir``."""
    result = ExtractResult()
    cache = settings.build_dir / ".cache" / "gettext"
    with tempfile.TemporaryDirectory(prefix="coppub-gettext-") as tmp:
        outdir = Path(tmp)
        run = run_sphinx(
            "gettext", srcdir=settings.source_dir, confdir=settings.conf_dir, outdir=outdir,
            doctreedir=cache,
            overrides={
                # gettext_compact and gettext_additional_targets stay conf.py's: the
                # build looks translations up with the same settings.
                "language": settings.source_language,
                "gettext_uuid": False, "gettext_location": True,
                "gettext_auto_build": False, "locale_dirs": [],  # the project's untouched
            },
        )
        result.warnings = run.warnings
        made: dict[str, polib.POFile] = {}
        for path in sorted(outdir.rglob("*.pot")):
            domain = domain_of(path, outdir)
            if domain == BOOK_DOMAIN:
                raise BuildError(
                    f"a document is named {BOOK_DOMAIN!r}, the name of the book's "
                    "metadata template", hint="rename that document",
                )
            pot = read_po(path)
            # Sphinx writes every template's locations relative to its output's root
            result.excluded += drop_excluded(pot, settings, outdir)
            if not len(pot):
                continue  # only excluded documents: no template
            normalise(pot, settings, domain, outdir)
            made[domain] = pot
    book = book_template(settings)
    if len(book):
        normalise(book, settings, BOOK_DOMAIN, settings.root)
        made[BOOK_DOMAIN] = book
    for domain, pot in made.items():
        target = settings.pot_dir / f"{domain}.pot"
        (result.written if store(pot, target) else result.unchanged).append(target)
    if settings.pot_dir.is_dir():
        for old in sorted(settings.pot_dir.rglob("*.pot")):
            domain = domain_of(old, settings.pot_dir)
            if domain not in made:
                if not written_by_coppub(old):  # the project's own: never deleted
                    result.foreign.append(old)
                    continue
                old.unlink()
                result.removed.append(old)
    return result
