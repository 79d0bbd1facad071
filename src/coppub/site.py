"""The multilingual site in ``build/site``: per-language HTML, downloads, dashboard,
and a landing page that greets the reader in every published language.

Publishing is atomic per language: a new folder (the HTML edition) is copied beside the
published one and swapped in with two renames, so a failed or interrupted build leaves
what was published before; files (the EPUB) are replaced atomically. Which editions
exist, where they go and how the pages list them is asked of :mod:`coppub.editions`;
the pages come from ``templates/site/`` (:mod:`coppub.render`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gettext
import html.parser
import os
import secrets
import shutil
import signal
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import BOOK_DOMAIN, Settings
from .pofiles import read_po, remove_stale_temporaries, write_atomic
from .render import render
from .stats import LanguageStats
from .status import Status, status

if TYPE_CHECKING:
    from .ui import Words

#: Files and folders of a Sphinx HTML build that readers never need.
NOT_PUBLISHED = frozenset({".buildinfo", ".buildinfo.bak", ".doctrees", "_sources"})
_NOT_PUBLISHED = shutil.ignore_patterns(*NOT_PUBLISHED)


def site_dir(settings: Settings) -> Path:
    return settings.build_dir / "site"


def publish_folder(settings: Settings, code: str, built: Path) -> Path:
    """Swap the folder built in ``built`` (an HTML edition) into ``build/site/<code>``."""
    site = site_dir(settings)
    site.mkdir(parents=True, exist_ok=True)
    target = site / code
    staging, old = site / f".{code}.new", site / f".{code}.old"
    _settle(site, code)
    shutil.copytree(built, staging, ignore=_NOT_PUBLISHED)
    with _signals_held():  # Ctrl-C or kill between the two renames waits for both
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the length of the block (delivered right after)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _settle(site: Path, code: str) -> list[Path]:
    """Finish or undo one language's interrupted swap; return the leftovers removed."""
    target, staging, old = site / code, site / f".{code}.new", site / f".{code}.old"
    removed = []
    if old.exists() and not target.exists():
        os.replace(old, target)  # stopped between the two renames: the old edition
    for leftover in (old, staging):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def recover(settings: Settings) -> list[Path]:
    """Undo what an interrupted publication left: staging folders, a half-done swap.

    Run at the start of a build, under the build lock. Returns what it removed.
    """
    site = site_dir(settings)
    codes = {p.name[1:-4] for pattern in (".*.old", ".*.new")
             for p in (site.glob(pattern) if site.is_dir() else ())}
    removed = [path for code in sorted(codes) for path in _settle(site, code)]
    return removed + remove_stale_temporaries(site / "downloads", older_than=0.0)


def withdraw(settings: Settings, code: str) -> None:
    """Take a language off the site (it fell below its publishing threshold)."""
    from .editions import editions

    for edition in editions().values():
        edition.withdraw(settings, code)


@dataclass(frozen=True)
class Published:
    """A published language, as the landing and downloads pages show it."""

    code: str
    tag: str
    name: str
    direction: str
    title: str
    subtitle: str
    percent: float
    #: ISO 15924 (Latn, Arab, Hebr): the fonts the pages ask for (coppub.scripts).
    script: str = "Latn"
    #: Published, or a preview below its gate (coppub.status).
    status: Status = Status.PUBLISHED


def _book_strings(settings: Settings, code: str) -> dict[str, str]:
    """The book's title, subtitle and description in ``code`` (source text if missing).

    A translation that fails an error-level check is never shown: the source text is.
    """
    from .checks.runner import publishable

    texts = dict(settings.book.translatable())
    if code == settings.source_language:
        return texts
    path = settings.catalog_dir(code) / f"{BOOK_DOMAIN}.po"
    if path.exists():
        language = settings.language(code)
        for entry in read_po(path):
            if entry.msgctxt in texts and entry.msgstr and not entry.fuzzy \
                    and not entry.obsolete and entry.msgid == texts[entry.msgctxt] \
                    and not publishable(entry, language, path, settings.relaxed_for(path)):
                texts[entry.msgctxt] = entry.msgstr
    return texts


def published_languages(settings: Settings, codes: Sequence[str],
             stats: dict[str, LanguageStats]) -> list[Published]:
    """The languages of ``codes`` on the site, with their status (:mod:`coppub.status`):
    the landing and downloads pages list them."""
    site = site_dir(settings)
    out = []
    for code in codes:
        texts = _book_strings(settings, code)
        lang = settings.any_language(code)
        percent = stats[code].percent if code in stats else 100.0
        state = status(stats.get(code), (site / code).is_dir())
        out.append(Published(code, lang.bcp47, lang.title_name, lang.direction,
                             texts.get("title", ""), texts.get("subtitle", ""), percent,
                             lang.script, state))
    return out


def _ui(settings: Settings, code: str) -> gettext.NullTranslations:
    from .ui import translations

    return translations(settings, code)


def script_rules(settings: Settings, codes: Sequence[str]) -> list[dict[str, str]]:
    """Fonts and line height per language of ``codes`` whose script needs them."""
    from .scripts import facts, font_stack

    rules = []
    for code in codes:
        lang = settings.any_language(code)
        found = facts(code, lang.script)
        if not found.plain:
            rules.append({"tag": lang.bcp47, "stack": font_stack(found.web_fonts),
                          "line_height": f"{found.line_height:g}"})
    return rules


def body_stack() -> str:
    """The pages' own text (English) in the Latin script's fonts."""
    from .scripts import font_stack, script

    return font_stack(script("Latn").web_fonts)


def _links(settings: Settings, e: Published) -> list[dict[str, Any]]:
    """Each published edition of a language, as the landing page links it."""
    from .editions import editions
    from .ui import page_words

    ui = page_words(settings, e.code)
    return [{"href": edition.href(settings, e.code), "text": ui(edition.link_text)}
            for edition in editions().values() if edition.published(settings, e.code)]


def _notice(settings: Settings, e: Published) -> str:
    """A partial edition's notice, in its language ("" when complete or the source)."""
    from .ui import edition_notice

    if e.code == settings.source_language:
        return ""
    return edition_notice(_ui(settings, e.code).gettext, settings.any_language(e.code),
                          e.percent)


def _status(settings: Settings, e: Published) -> Words | str:
    """A preview's status word, in its language ("" for a published edition: the pages
    list only published editions and previews, and mark the previews)."""
    from .ui import page_words

    return page_words(settings, e.code)(e.status.value) if e.status is Status.PREVIEW else ""


def _editions(settings: Settings, published: Sequence[Published]) -> list[dict[str, Any]]:
    """What the landing page shows of each published language."""
    return [{**dataclasses.asdict(e), "links": _links(settings, e),
             "notice": _notice(settings, e), "status": e.status.css,
             "status_text": _status(settings, e)} for e in published]


def landing_page(settings: Settings, published: Sequence[Published],
                 fonts: Sequence[str] = ()) -> str:
    """Greets the reader in every published language, the reader's own first (by the
    browser's languages, with Dari for fa-AF and Pashto for its regional tags); never
    redirects by itself. ``fonts``: its ``@font-face`` rules (:func:`site_fonts`)."""
    return render("site/landing.html", book_title=settings.book.title or settings.book.slug,
                  description=settings.book.description,
                  scripts=script_rules(settings, [e.code for e in published]),
                  body_stack=body_stack(), fonts=fonts,
                  published=_editions(settings, published))


def shown_beside(settings: Settings, code: str) -> str:
    """What the site's own pages may show in ``code`` that its edition need not: the
    interface's translations (the edition's notice, the dashboard's words) and the
    punctuation of the site's templates. The edition's font subsets hold it too, so that
    the site's pages use them rather than a subset of their own (:func:`site_fonts`)."""
    from .ui import interface_text

    templates = Path(__file__).parent / "templates" / "site"
    return interface_text(settings, code) + "".join(
        path.read_text(encoding="utf-8") for path in sorted(templates.glob("*.html")))


def site_fonts(settings: Settings, codes: Sequence[str], pages: Iterable[str],
               editions: Sequence[str] = ()) -> list[str]:
    """The web fonts of the site's own pages: for each language of ``codes`` whose script
    readers may lack a font for (Arabic script), a WOFF2 subset of coppub's font files,
    regular and bold, holding the characters the ``pages`` (their HTML) show in that
    language (:mod:`coppub.webfonts`). Returns the ``@font-face`` rules (installed copy
    first: a reader who has the font downloads nothing; a browser fetches a face only for
    text drawn in it).

    When the subset a published edition of ``editions`` ships (``site/<code>/_static``)
    already draws all of it, the pages use that file: a reader going on to that edition
    downloads the font once, and no subset is made (Nastaliq's take seconds). Otherwise
    the subset is written into ``site/fonts``; those no longer needed are removed."""
    from .fonts import find_font
    from .scripts import facts
    from .webfonts import FOLDER, covers, faces_for, write_faces

    shown: dict[str, set[int]] = {}
    for page in pages:
        for tag, chars in text_by_language(page).items():
            shown.setdefault(tag, set()).update(chars)
    texts = []
    for code in dict.fromkeys(codes):
        language = settings.any_language(code)
        text = "".join(map(chr, sorted(shown.get(language.bcp47, set()))))
        found = facts(code, language.script)
        texts += [(found, "bold", text), (found, "normal", text)]
    site = site_dir(settings)
    rules, own = [], []
    for face, chars in faces_for(texts):
        shared = next((f"{code}/_static/{face.href}" for code in editions
                       if covers(site / code / "_static" / face.href, find_font(face.file),
                                 chars)), "")
        rules.append(face.rule(shared))
        if not shared:
            own.append((face, chars))
    write_faces(site, own, settings.build_dir / ".coppub-site-fonts")
    keep = {site / face.href for face, _chars in own}
    for old in (site / FOLDER).glob("*.woff2"):
        if old not in keep:
            old.unlink()
    return rules


class _Shown(html.parser.HTMLParser):
    """The characters a page draws, by the language of the element they are in."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", "")]
        self.found: dict[str, set[int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang") or self.stack[-1][1]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        tag, lang = self.stack[-1]
        if tag not in ("style", "script", "title"):
            self.found.setdefault(lang, set()).update(map(ord, data))


def text_by_language(page: str) -> dict[str, set[int]]:
    """The characters ``page`` (HTML) shows, by the ``lang`` of their element."""
    parser = _Shown()
    parser.feed(page)
    parser.close()
    return parser.found


def _outdated_pages(settings: Settings, e: Published,
                    stats: LanguageStats | None) -> list[dict[str, str]]:
    """``e``'s pages with outdated paragraphs (linked when the site has the page: a
    catalog of a compact layout covers several)."""
    if stats is None:
        return []
    site = site_dir(settings)
    return [{"name": c.domain, "href": f"{e.code}/{c.domain}.html"
             if (site / e.code / f"{c.domain}.html").is_file() else ""}
            for c in stats.chapters if c.figures.fuzzy and not c.stale]


def downloads_page(settings: Settings, published: Sequence[Published],
                   stats: Sequence[LanguageStats] = (),
                   dated: Mapping[str, int] | None = None,
                   fonts: Sequence[str] = ()) -> str:
    """Per published language, in that language: its downloads with their size and
    date, its share translated, the pages with outdated paragraphs. One page for every
    language (an edition's footer links to its own section), three columns wide.

    A language's date is its edition's (:mod:`coppub.dates`), or the one ``dated`` gives
    (what the edition was built with on another machine)."""
    from .dates import edition_date
    from .editions import editions
    from .ui import page_words

    by_code = {s.language.code: s for s in stats}
    sections = []
    for e in published:
        ui = page_words(settings, e.code)
        language = settings.any_language(e.code)
        files = []
        when = time.gmtime((dated or {}).get(e.code)
                           or edition_date(settings, e.code).epoch)
        for edition in editions().values():
            file = edition.download(settings, e.code)
            if file is None:
                continue
            files.append({"href": file.href, "media_type": file.media_type,
                          "name": file.path.name, "text": ui(file.link_text or file.label),
                          "size": language.number(round(file.size / 1024)) + " KB",
                          "date": time.strftime("%Y-%m-%d", when)})
        if not files:
            continue
        sections.append({
            "code": e.code, "tag": e.tag, "direction": e.direction, "name": e.name,
            "files": files, "notice": _notice(settings, e),
            "status": e.status.css, "status_text": _status(settings, e),
            "outdated": _outdated_pages(settings, e, by_code.get(e.code)),
            "labels": {key: ui(text) for key, text in (
                ("file", "File"), ("size", "Size"), ("date", "Date"),
                ("read", "Read online"), ("outdated", "Pages with outdated paragraphs:"),
                ("status", "Translation status"))},
            "read": f"{e.code}/index.html"})
    return render("site/downloads.html", book_title=settings.book.title or settings.book.slug,
                  description=settings.book.description,
                  sections=sections, scripts=script_rules(settings, [e.code for e in published]),
                  body_stack=body_stack(), fonts=fonts)


def warm_up(settings: Settings, codes: Sequence[str]) -> None:
    """Load what :func:`write_pages` needs for ``codes`` (its modules, its compiled
    templates, the tables of the fonts their scripts are drawn in): each is kept once
    loaded. A build calls it while its workers build, so that the pages are written
    sooner after the last language."""
    from . import dashboard, sitemap  # noqa: F401 - imported ahead
    from .fonts import cmap, find_font
    from .render import environment
    from .scripts import facts
    from .webfonts import faces

    for name in ("landing.html", "downloads.html", "dashboard.html"):
        environment().get_template(f"site/{name}")
    for code in codes:
        for face in faces(facts(code, settings.any_language(code).script)):
            cmap(find_font(face.file))


def write_pages(settings: Settings, published: Sequence[Published],
                stats: Sequence[LanguageStats],
                dated: Mapping[str, int] | None = None) -> list[Path]:
    """Write the landing, downloads and dashboard pages of the site, and its sitemap
    (when the project has a base URL: :mod:`coppub.sitemap`); ``dated``: the editions'
    dates, by language, when they were built elsewhere."""
    from . import dashboard
    from .sitemap import write_sitemap

    site = site_dir(settings)
    # The text does not depend on the fonts: the pages say what to subset, then use it.
    # They are rendered once, with a mark where the rules go (in their style sheet, which
    # is no text): random, so no translation can hold it.
    mark = f"/* coppub: fonts {secrets.token_hex(16)} */"
    pages = {"index.html": landing_page(settings, published, [mark]),
             "downloads.html": downloads_page(settings, published, stats, dated, [mark]),
             "dashboard.html": dashboard.render(settings, list(stats), fonts=[mark])}
    codes = [e.code for e in published] + [s.language.code for s in stats]
    fonts = site_fonts(settings, codes, pages.values(), [e.code for e in published])
    rules = "".join(f"\n{rule}" for rule in fonts)  # as page.css writes each rule
    pages = {name: text.replace(f"\n{mark}", rules) for name, text in pages.items()}
    for name, text in pages.items():
        write_atomic(site / name, text.encode())
    written = [site / name for name in pages]
    mapped = write_sitemap(settings, [e.code for e in published])
    return written + ([mapped] if mapped else [])
