"""coppub's own interface catalog: the words around the book, in every language.

The theme's strings (switcher, banner, navigation, downloads) and the Sphinx strings our
pages show (search page and search script) live in ``coppub/locale``: a template
``templates/ui.pot`` and one ``<lang>/LC_MESSAGES/ui.po`` per language, maintained with
coppub's own ``update``. Sphinx ships no interface catalog for Dari or Pashto, and an
incomplete one for some others; at build time coppub compiles its catalog, merged with
the project's own ``sphinx.po`` if it has one, into ``build/locale/<lang>/LC_MESSAGES``
as ``sphinx.mo`` (and ``sphinx.js`` for the search script when Sphinx has none).
"""

from __future__ import annotations

import functools
import gettext
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from .config import Settings
from .languages import Language, make_language, parse_plural_forms
from .model import TRANSLATED, forms, state
from .pofiles import dump_po, read_po, write_atomic
from .scripts import interface_languages

LOCALE_DIR = Path(__file__).parent / "locale"
#: Languages coppub's interface catalog is maintained for (see :mod:`coppub.scripts`).
UI_LANGUAGES = interface_languages()

#: The partial-edition notice (landing page, e-book cover, first page and description).
EDITION_NOTICE = ("This edition is %(percent)s translated; the rest is in the original "
                  "language.")

# (msgid, msgid_plural, note for translators). Strings marked "Sphinx" are Sphinx's own:
# they must stay identical to Sphinx's msgids.
MESSAGES: list[tuple[str, str, str]] = [
    ("Skip to content", "", "Link for keyboard and screen-reader users, top of every page."),
    ("Languages", "", "Label of the language switcher."),
    ("Contents", "", "Heading of the table of contents in the sidebar."),
    ("Search", "", "Sphinx: search box label, search page title."),
    ("Go", "", "Button of the search box."),
    ("Previous", "", "Link to the previous page."),
    ("Next", "", "Link to the next page."),
    ("Page source", "", "Footer link to the reStructuredText source of the page."),
    ("Download the EPUB", "", "Footer and landing page link to this language's e-book."),
    ("Download the PDF", "", "Landing page link to this language's printable PDF."),
    ("Download to read offline (zip)", "",
     "Downloads page: the web edition as one zip file, to unpack and read without a "
     "connection."),
    ("Pages with outdated paragraphs:", "",
     "Downloads page: before the list of pages where some paragraphs keep a translation "
     "made for an earlier version of the original text (punctuate as your language "
     "does before a list)."),
    ("This page is %(percent)s translated.", "",
     "Banner on pages not fully translated; %(percent)s is e.g. '54 %'."),
    ("The rest is shown in the original language.", "", "Second sentence of the banner."),
    ("Another %(percent)s is an earlier translation, marked as possibly out of date.", "",
     "Banner, when the page shows outdated translations marked; %(percent)s is e.g. '12 %'."),
    ("Another %(percent)s has an earlier translation, not shown until it is brought up "
     "to date.", "", "Banner, when the page shows the original text where the translation is "
     "outdated; %(percent)s is e.g. '12 %'."),
    ("Help translate it", "", "Banner link to the translation guide."),
    (EDITION_NOTICE, "",
     "Partial editions: on the landing page, the e-book's cover, first page and "
     "description; %(percent)s is e.g. '85 %'."),
    ("Translation status", "", "Link to and title of the translation dashboard."),
    ("Edit this page", "", "Footer link to the page's source, for authors."),
    ("Translate this page", "", "Footer link to the page's catalog in a translation tool."),
    ("Downloads", "", "Title of the downloads page."),
    ("Read online", "", "Landing page: link to the HTML edition."),
    ("Choose your language", "", "Landing page heading."),
    ("Open in my browser's language", "", "Landing page link."),
    ("Language", "", "Downloads table column."),
    ("File", "", "Downloads table column."),
    ("Size", "", "Downloads table column."),
    ("Translated", "", "Downloads table column: share translated."),
    ("Date", "", "Downloads table column."),
    ("Cover", "", "EPUB: the cover page, in the book's landmarks."),
    ("Landmarks", "", "EPUB: heading of the list of landmarks (hidden in most readers)."),
    ("Start of content", "", "EPUB: landmark that opens the first chapter."),
    ("This publication has a table of contents, headings in reading order and text "
     "alternatives for its images. It contains no known hazards.", "",
     "EPUB: accessibility summary in the book's metadata."),
    ("This translation may be out of date: the original text has changed since.", "",
     "Note above a paragraph whose translation was made for an earlier version of the "
     "original text (an outdated, 'fuzzy' translation)."),
    ("The current original text", "",
     "Label of the folded block under an outdated paragraph that shows the original."),
    ("What changed in the original text", "",
     "Label before the word-level difference between the original the translation was "
     "made from and the current one."),
    # A language's edition on the site (coppub.status): landing, downloads and dashboard.
    ("Published", "", "Status of a language's edition (the e-book, the web edition): it "
     "reaches its publishing threshold and is on the site. A label on its own."),
    ("Preview", "", "Status of an edition put on the site although it is below its "
     "publishing threshold (built on request, for review). A label on its own."),
    ("Held back", "", "Status of an edition below its publishing threshold: not put on "
     "the site until more of it is translated. A label on its own."),
    ("Not published", "", "Status of an edition that reaches its threshold but is not on "
     "the site yet. A label on its own."),
    ("Status", "", "Dashboard: label before an edition's status (Published, Preview…)."),
    ("translated", "", "Dashboard: share of the original's words translated (legend of "
     "the bar, before e.g. '54 %')."),
    ("fuzzy", "", "Dashboard: share of the original's words whose translation is marked "
     "fuzzy, i.e. made for an earlier version of the original text (outdated); legend of "
     "the bar, before e.g. '3 %'."),
    ("untranslated", "", "Dashboard: share of the original's words not translated "
     "(legend of the bar, before e.g. '43 %')."),
    ("Words in the original text", "", "Dashboard: label before a number of words."),
    ("Publishing threshold", "", "Dashboard: label before the share an edition must "
     "reach to be published, e.g. '80 %'."),
    ("%(percent)s translated; publishing threshold %(threshold)s", "",
     "Dashboard: what a screen reader says of the bar; both are e.g. '54 %'."),
    ("Outdated paragraphs: %(count)s", "",
     "Dashboard: per page, how many paragraphs have an outdated (fuzzy) translation."),
    ("The complete list:", "", "Dashboard: before the command that lists every outdated "
     "paragraph (punctuate as your language does before a list)."),
    # Sphinx's admonition labels: its catalogs lack them for Urdu, and it has none for
    # Dari and Pashto, so pages in those languages showed them in English.
    ("Attention", "", "Sphinx: admonition label."),
    ("Caution", "", "Sphinx: admonition label."),
    ("Danger", "", "Sphinx: admonition label."),
    ("Error", "", "Sphinx: admonition label."),
    ("Hint", "", "Sphinx: admonition label."),
    ("Important", "", "Sphinx: admonition label."),
    ("Note", "", "Sphinx: admonition label."),
    ("See also", "", "Sphinx: label of a 'see also' box."),
    ("Tip", "", "Sphinx: admonition label."),
    ("Warning", "", "Sphinx: admonition label."),
    # Sphinx's link tooltips and the index link: its catalogs lack them for most of these
    # languages, so every heading's tooltip was English (218 on the Arabic handbook).
    ("Link to this heading", "", "Sphinx: tooltip of the link beside every heading."),
    ("Link to this term", "", "Sphinx: tooltip of the link beside a glossary term."),
    ("Link to this table", "", "Sphinx: tooltip of the link beside a table's caption."),
    ("Link to this image", "", "Sphinx: tooltip of the link beside a figure's caption."),
    ("Link to this definition", "", "Sphinx: tooltip of the link beside a definition."),
    ("Link to this code", "", "Sphinx: tooltip of the link beside a code block's caption."),
    ("Index", "", "Sphinx: the index of terms (link and page title)."),
    ("search", "", "Sphinx: button on the search page."),
    ("Please activate JavaScript to enable the search\n    functionality.", "",
     "Sphinx: search page without JavaScript (keep the line break and spaces)."),
    ("Searching for multiple words only shows matches that contain\n    all words.", "",
     "Sphinx: search page help (keep the line break and spaces)."),
    ("Search Results", "", "Sphinx: search script."),
    ("Your search did not match any documents. Please make sure that all words are "
     "spelled correctly and that you've selected enough categories.", "",
     "Sphinx: search script."),
    ("Search finished, found one page matching the search query.",
     "Search finished, found ${resultCount} pages matching the search query.",
     "Sphinx: search script; keep ${resultCount}."),
    ("Searching", "", "Sphinx: search script."),
    ("Preparing search...", "", "Sphinx: search script."),
    (", in ", "", "Sphinx: search script, between a result and its page."),
    ("Hide Search Matches", "", "Sphinx: link that removes search highlighting."),
]
#: The messages Sphinx's search script asks for (they go into sphinx.js).
JS_MESSAGES = {m[0] for m in MESSAGES[-7:]}


def template() -> polib.POFile:
    """The interface template, from :data:`MESSAGES`."""
    pot = polib.POFile()
    pot.metadata = {"Project-Id-Version": "coppub interface",
                    "Content-Type": "text/plain; charset=UTF-8"}
    pot.metadata_is_fuzzy = True
    for msgid, plural, note in MESSAGES:
        entry = polib.POEntry(msgid=msgid, msgid_plural=plural, comment=note,
                              occurrences=[("coppub/ui.py", "")])
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        pot.append(entry)
    return pot


def edition_notice(gettext: Callable[[str], str], language: Language | None,
                   percent: float) -> str:
    """What a partial edition says of itself, in its language ("" when it is complete)."""
    if language is None or round(percent) >= 100:
        return ""
    return gettext(EDITION_NOTICE) % {"percent": language.number(round(percent),
                                                                  percent=True)}


def ui_settings() -> Settings:
    """Settings that make coppub's ``update`` maintain the interface catalogs."""
    return Settings(
        root=LOCALE_DIR, source_dir=LOCALE_DIR, conf_dir=LOCALE_DIR, locale_dir=LOCALE_DIR,
        pot_dir=LOCALE_DIR / "templates", build_dir=Path.cwd() / "build" / "ui",
        languages=tuple(make_language(code, {}, 0) for code in UI_LANGUAGES),
    )


def write_template() -> bool:
    """Refresh ``templates/ui.pot``; True when it changed."""
    return write_atomic(LOCALE_DIR / "templates" / "ui.pot", dump_po(template()))


def _catalog(language: Language) -> tuple[polib.POEntry, ...]:
    return _translated(LOCALE_DIR / language.code / "LC_MESSAGES" / "ui.po")


def _translated(path: Path) -> tuple[polib.POEntry, ...]:
    """The translated entries of the catalog at ``path`` (none when it does not exist).

    Every page of the site asks for its language's words: the catalog is read once per
    process, and again only when it changes. The entries are shared: never change them.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ()
    return _translated_read(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _translated_read(path: str, _mtime_ns: int, _size: int) -> tuple[polib.POEntry, ...]:
    return tuple(entry for entry in read_po(Path(path))
                 if not entry.obsolete and state(entry) == TRANSLATED)


def merged_catalog(settings: Settings, language: Language) -> polib.POFile:
    """coppub's interface catalog for ``language`` under the project's ``sphinx.po``
    (which wins where both translate a message): translated entries only."""
    merged = polib.POFile()
    merged.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                       "Language": language.code, "Plural-Forms": language.plural_forms}
    # Only translations: an empty or fuzzy entry of the project's catalog (a copy of
    # Sphinx's template, say) must not hide coppub's translation.
    theirs = _translated(settings.catalog_dir(language.code) / "sphinx.po")
    seen: set[tuple[str | None, str]] = set()
    for entry in (*theirs, *_catalog(language)):
        key = (entry.msgctxt, entry.msgid)
        if key not in seen:
            seen.add(key)
            merged.append(entry)
    return merged


def translations(settings: Settings, code: str) -> gettext.NullTranslations:
    """The interface messages in ``code``, read from the catalogs themselves (not from
    a build's compiled files: the site's pages are also written where nothing was built)."""
    return _gettext(_merged(settings, code))


def _merged(settings: Settings, code: str) -> polib.POFile | None:
    """:func:`merged_catalog` for a translated language of the project, else None."""
    if code == settings.source_language or code not in settings.codes:
        return None
    return merged_catalog(settings, settings.language(code))


def interface_text(settings: Settings, code: str) -> str:
    """Every translation of the interface in ``code`` (each plural form), run together:
    the characters the interface may show in that language."""
    merged = _merged(settings, code)
    if merged is None:
        return ""
    return "".join(entry.msgstr + "".join(entry.msgstr_plural.values()) for entry in merged)


def _gettext(merged: polib.POFile | None) -> gettext.NullTranslations:
    from .compile import mo_bytes

    if merged is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(merged)))


@dataclass(frozen=True)
class Words:
    """Interface words on one of the site's pages, and whether they stayed in English
    because the page's language has no translation of them (templates mark those
    ``lang="en" dir="ltr"``: ``site/words.html``)."""

    text: str
    english: bool = False

    def __str__(self) -> str:
        return self.text

    def __mod__(self, values: Mapping[str, str]) -> Words:
        return Words(self.text % values, self.english)


def page_words(settings: Settings, code: str) -> Callable[[str], Words]:
    """gettext for the site's pages in ``code``, that says which words stayed English."""
    merged = _merged(settings, code)
    found = _gettext(merged)
    known = {entry.msgid for entry in merged} if merged is not None else set()
    english = settings.any_language(code).bcp47.split("-")[0].lower() == "en"

    def words(message: str) -> Words:
        return Words(found.gettext(message), not english and message not in known)
    return words


def compile_ui(settings: Settings, language: Language) -> list[Path]:
    """Write ``sphinx.mo`` (and ``sphinx.js`` if Sphinx has none) for ``language``.

    The project's own ``sphinx.po`` wins over coppub's catalog where both translate a
    message. Returns the files that changed.
    """
    from .compile import mo_bytes

    merged = merged_catalog(settings, language)
    target = settings.mo_dir() / language.code / "LC_MESSAGES"
    changed = []
    if write_atomic(target / "sphinx.mo", mo_bytes(merged)):
        changed.append(target / "sphinx.mo")
    if write_atomic(target / "sphinx.js", _js(merged, language).encode()):
        changed.append(target / "sphinx.js")
    return changed


def _sphinx_js_messages(code: str) -> dict[str, str | list[str]]:
    """The messages of Sphinx's own ``sphinx.js`` for ``code`` (empty when it has none)."""
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / code / "LC_MESSAGES" / "sphinx.js"
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text[text.index("(") + 1:text.rindex(")")])
    except ValueError:
        return {}
    messages: dict[str, str | list[str]] = data.get("messages", {})
    return messages


def _js(po: polib.POFile, language: Language) -> str:
    """Sphinx's ``translations.js``: Sphinx's own messages, ours where we have them.

    Sphinx's script indexes the plural forms with the plural expression, so the
    expression must give a number: ``(n > 1)`` gives a boolean in JavaScript.
    """
    messages = {k: v for k, v in _sphinx_js_messages(language.code).items()
                if v and (isinstance(v, str) or all(v))}
    for entry in po:
        if entry.msgid in JS_MESSAGES:
            if entry.msgid_plural:
                messages[entry.msgid] = forms(entry)
            elif entry.msgstr:
                messages[entry.msgid] = entry.msgstr
    _, expression = parse_plural_forms(language.plural_forms)
    data = {"messages": messages, "plural_expr": f"+({expression})", "locale": language.code}
    return ("Documentation.addTranslations(" + json.dumps(data, ensure_ascii=False,
                                                          sort_keys=True) + ");\n")


def update_catalogs() -> None:
    """``python -m coppub.ui``: refresh the template and merge it into every catalog."""
    from .catalogs import update

    write_template()
    result = update(ui_settings())
    for error in result.errors:
        raise error


if __name__ == "__main__":
    update_catalogs()
