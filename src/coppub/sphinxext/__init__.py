"""The Sphinx extension: ``extensions = ["coppub.sphinxext"]``.

It reads ``coppub.toml`` beside ``conf.py`` (optional), checks the build language against
the registry, compiles that language's catalogs under ``build/`` and points Sphinx at
them, translates the book's own metadata, and makes each chapter depend on its compiled
catalog so that editing one ``.po`` rebuilds only the pages that use it. Each edition
(:mod:`coppub.editions`) registers what it needs, such as the EPUB's builder; the theme
gets the fonts of the book's script (:mod:`coppub.scripts`).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError as SphinxConfigError
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import __version__, compat
from ..compile import compile_language
from ..config import BOOK_DOMAIN, CONFIG_NAME, Settings, load_settings
from ..editions import editions
from ..errors import CoppubError
from ..languages import Language
from ..scripts import Facts, facts
from ..stats import Figures, collect
from ..ui import compile_ui
from . import (
    freshness,
    globaltoc,
    indexentries,
    navigation,
    notes,
    outdated,
    parser,
    references,
    search,
    snippets,
)
from .blocks import MarkUntranslatedBlocks
from .collation import CollateGlossaries
from .htmltag import BRIDGE
from .images import MarkTranslatedAlt, NoteSourceAlt, UnmarkTextless
from .pages import page_context
from .themes import HTML_BUILDERS, add_rtl_styles, offer_page_styles
from .typography import Apostrophes, install_quotes

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"

_SETTINGS_KEY = "_coppub_settings"
#: Raise when what coppub's transforms add to doctrees or note in the environment changes:
#: pages read before are read again.
DOCTREE_VERSION = 5
logger = logging.getLogger(__name__)


def settings_of(app: Sphinx) -> Settings:
    """The coppub settings the current build runs with."""
    settings: Settings = getattr(app, _SETTINGS_KEY)
    return settings


def _translator(settings: Settings, code: str) -> gettext.NullTranslations:
    return gettext.translation(
        BOOK_DOMAIN, localedir=str(settings.mo_dir()), languages=[code], fallback=True
    )


def _on_config_inited(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir)
    given = config.coppub_config
    try:
        path = (confdir / given) if given else confdir / CONFIG_NAME
        settings = load_settings(path if path.exists() else None, start=confdir)
    except CoppubError as exc:
        raise SphinxConfigError(f"coppub: {exc} ({exc.hint})") from None
    setattr(app, _SETTINGS_KEY, settings)

    code = config.language or settings.source_language
    if not config.template_bridge:  # lang and dir on <html> for every theme
        config.template_bridge = BRIDGE
    if code != settings.source_language:
        try:
            settings.language(code)
        except CoppubError as exc:
            raise SphinxConfigError(f"coppub: {exc.message}; {exc.hint}") from None
        result = compile_language(settings, code, use_fuzzy=bool(config.coppub_use_fuzzy))
        app._coppub_compiled = result.compiled  # type: ignore[attr-defined]
        app._coppub_rejected_words = result.rejected_words  # type: ignore[attr-defined]
        app._coppub_left_out = result.left_out  # type: ignore[attr-defined]
        app._coppub_outdated = result.outdated  # type: ignore[attr-defined]
        app._coppub_withheld = result.withheld  # type: ignore[attr-defined]
        if result.errors:
            raise ExtensionError(
                "coppub: cannot compile catalogs: " + "; ".join(str(e) for e in result.errors)
            )
        for problem in result.rejected:
            logger.warning("%s %s; the source text is published instead (%s)",
                           problem.code, problem.message, problem.hint,
                           location=f"{problem.path}:{problem.line}",
                           type="coppub", subtype=problem.code)
        compile_ui(settings, settings.language(code))
        # Sphinx loaded its interface catalogs before this event, from whatever was on
        # disk then (ours from the last build, or none): load them again, ours first and
        # Sphinx's own behind, so that every build, first or not, reads the same words.
        _reload_interface(app, settings.mo_dir() / code / "LC_MESSAGES" / "sphinx.mo", code)
    config.locale_dirs = [str(settings.mo_dir())]
    # gettext_compact stays as the project has it (Sphinx's default: one catalog per
    # top-level folder): coppub compiles whatever catalogs the project keeps, and
    # extract writes templates in the same layout.
    config.gettext_auto_build = False
    config.translation_progress_classes = "untranslated"
    _apply_book(app, settings, config, code)
    _apply_script(settings, config, code)


def _apply_script(settings: Settings, config: Config, code: str) -> None:
    """The theme's style sheet gets the fonts and line height of the book's script, and
    of every language an element may be marked as (:mod:`coppub.webfonts`)."""
    from .. import webfonts

    language = settings.any_language(code)
    others = [(other.bcp47, _facts(other))
              for other in map(settings.any_language, [settings.source_language,
                                                       *settings.codes])]
    try:
        css = webfonts.css(language.bcp47, _facts(language), others)
    except CoppubError as exc:
        raise SphinxConfigError(f"coppub: {exc.message}; {exc.hint}") from None
    config.html_context = {**config.html_context, "coppub_script_css": css}


def _facts(language: Language) -> Facts:
    return facts(language.code, language.script)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """The coppub theme's pages get the subset fonts their script needs."""
    from .. import webfonts
    from ..site import shown_beside

    if exception is not None or app.builder.name not in HTML_BUILDERS \
            or app.config.html_theme != "coppub":
        return
    code, _language = current_language(app)
    settings = settings_of(app)
    try:
        # with what the site's pages show in this language: they use these files too
        webfonts.write_subsets(Path(app.outdir), _facts(settings.any_language(code)),
                               Path(app.doctreedir), also=shown_beside(settings, code))
    except (CoppubError, OSError) as exc:
        raise ExtensionError(f"coppub: cannot write the web fonts: {exc}") from exc


def _apply_book(app: Sphinx, settings: Settings, config: Config, code: str) -> None:
    """Fill Sphinx's title and the editions' settings from ``[book]``, translated."""
    book = settings.book
    tr = _translator(settings, code)
    title = tr.pgettext("title", book.title) if book.title else config.project
    description = tr.pgettext("description", book.description) if book.description else ""
    subtitle = tr.pgettext("subtitle", book.subtitle) if book.subtitle else ""
    app._coppub_book = (title, subtitle, description)  # type: ignore[attr-defined]
    config.project = title
    if book.version:
        config.version = config.release = book.version
    if book.author:
        config.author = book.author
    rights = tr.pgettext("rights", book.rights) if book.rights else ""
    app._coppub_rights = rights  # type: ignore[attr-defined]
    if rights:
        config.copyright = rights
    for edition in editions().values():
        edition.configure(config, settings, code, title=title, description=description,
                          rights=rights)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Make ``docname`` depend on its compiled catalog (Sphinx looks only for ``.po``)."""
    code = app.config.language
    settings = settings_of(app)
    if not code or code == settings.source_language:
        return
    mo = settings.mo_dir() / code / "LC_MESSAGES" / f"{domain_of(app, docname)}.mo"
    if mo.exists():
        app.env.note_dependency(str(mo))


def _reload_interface(app: Sphinx, ours: Path, code: str) -> None:
    """Sphinx's interface translator: the catalog just compiled, Sphinx's own behind it.

    Read from the file itself: Python's gettext caches catalogs by path, and Sphinx read
    this path at start-up, before coppub compiled it again, so asking gettext would give
    the previous build's words.
    """
    import sphinx
    from sphinx import locale as sphinx_locale

    theirs = gettext.translation("sphinx", str(Path(sphinx.__file__).parent / "locale"),
                                 languages=[code], fallback=True)
    if ours.is_file():
        with ours.open("rb") as handle:
            translator: gettext.NullTranslations = gettext.GNUTranslations(handle)
        translator.add_fallback(theirs)
    else:
        translator = theirs
    sphinx_locale.translators[("general", "sphinx")] = translator
    app.translator = translator


def domain_of(app: Sphinx, docname: str) -> str:
    """The catalog a page's messages are in, by the project's gettext_compact."""
    from sphinx.util.i18n import docname_to_domain

    return str(docname_to_domain(docname, app.config.gettext_compact))


def current_language(app: Sphinx) -> tuple[str, Language | None]:
    """The build's language code, and its registry entry (None for the source)."""
    settings = settings_of(app)
    code = app.config.language or settings.source_language
    if code == settings.source_language:
        return code, None
    return code, settings.language(code)


def source_tag(app: Sphinx) -> str:
    """The source language's BCP 47 tag (``lang`` of text still in it); once per build."""
    tag: str | None = getattr(app, "_coppub_source_tag", None)
    if tag is None:
        settings = settings_of(app)
        tag = settings.any_language(settings.source_language).bcp47
        app._coppub_source_tag = tag  # type: ignore[attr-defined]
    return tag


@dataclass(frozen=True)
class Share:
    """What a reader of one page sees, as shares (percent) of its source words."""

    #: Translated and shown.
    translated: float
    #: With an outdated (fuzzy) translation: shown marked, or as source text, by the
    #: language's ``outdated`` setting.
    outdated: float = 0.0


def page_shares(app: Sphinx) -> dict[str, Share]:
    """domain -> what its pages show, for the build's language (empty for the source)."""
    cached: dict[str, Share] | None = getattr(app, "_coppub_shares", None)
    if cached is None:
        code, language = current_language(app)
        cached = {}
        if language is not None:
            settings = settings_of(app)
            try:
                [stats], _errors = collect(settings, [code])
                # translations a check left out are shown in the source language
                rejected: dict[str, int] = getattr(app, "_coppub_rejected_words", {})
                cached = {c.domain: _share(c.figures, rejected.get(c.domain, 0))
                          for c in stats.chapters}
                # pages below the page-minimum show their source text only
                cached.update(dict.fromkeys(getattr(app, "_coppub_withheld", {}), Share(0.0)))
            except CoppubError:
                cached = {}
        app._coppub_shares = cached  # type: ignore[attr-defined]
    return cached


def _share(figures: Figures, rejected_words: int) -> Share:
    total = figures.total_words
    if not total:
        return Share(100.0)
    shown = max(0, figures.translated_words - rejected_words)
    return Share(100.0 * shown / total, 100.0 * figures.fuzzy_words / total)


def _on_env_get_outdated(app: Sphinx, env: Any, added: set[str], changed: set[str],
                         removed: set[str]) -> list[str]:
    """Re-read everything when coppub itself changed (its settings reach Sphinx in
    config-inited, where Sphinx does not notice changes to them), and when the interface
    catalog did (every page shows its words: tooltips, labels, navigation)."""
    import hashlib

    code, _language = current_language(app)
    interface = settings_of(app).mo_dir() / code / "LC_MESSAGES" / "sphinx.mo"
    words = hashlib.sha256(interface.read_bytes()).hexdigest() if interface.is_file() else ""
    digest = f"{__version__}:{DOCTREE_VERSION}:{app.config.translation_progress_classes}:" \
             f"{app.config.gettext_compact}:{app.config.coppub_use_fuzzy}:{words}"
    if getattr(env, "coppub_digest", None) != digest:
        env.coppub_digest = digest
        return sorted(env.found_docs)
    return []


def _on_doctree_read(app: Sphinx, doctree: Any) -> None:
    """Count the translated nodes of each page: a silent English edition is caught."""
    from docutils import nodes

    counts = notes.per_document(app.env, "coppub_translated")
    counts[app.env.docname] = sum(1 for node in doctree.findall(nodes.Element)
                                  if node.get("translated"))


def _on_env_updated(app: Sphinx, env: Any) -> list[str]:
    """Fail when the pages used far fewer translations than the catalogs hold.

    A German catalog that Sphinx never looks up (a compact catalog under another name, a
    wrong locale_dirs) would otherwise give an all-English edition with exit status 0.
    """
    code, language = current_language(app)
    compiled: dict[str, int] = getattr(app, "_coppub_compiled", {})
    counts: dict[str, int] = notes.per_document(env, "coppub_translated")
    if language is None or not set(env.found_docs) <= set(counts):
        return []  # pages read before coppub counted them: nothing to compare yet
    # what the compiled catalogs hold (translations a check left out are not in them)
    # neither the book's metadata nor the project's interface catalog (sphinx.po) is
    # looked up by a page
    own = {BOOK_DOMAIN, "sphinx"}
    held = sum(n for domain, n in compiled.items() if domain not in own)
    domains = {domain_of(app, docname) for docname in env.found_docs}
    stray = [f"{domain}.po" for domain, n in compiled.items()
             if n and domain not in own and domain not in domains]
    used = sum(counts.get(docname, 0) for docname in env.found_docs)
    if held >= 10 and used < held // 5:
        raise ExtensionError(
            f"coppub: the {code} catalogs hold {held} translated messages for this "
            f"project's pages, but its pages use only {used}: Sphinx is not finding the "
            "translations. Sphinx looks for one catalog per document (gettext_compact = "
            "False), per top-level folder (True, its default) or one in all (a name); "
            "check gettext_compact in conf.py, locale-dir in coppub.toml and the "
            "catalogs' names"
            + (f" (no document matches {', '.join(map(str, stray[:3]))})" if stray else "")
            + ". To move the catalogs to the layout conf.py gives, without losing any "
            "translation: coppub relayout --dry-run, then coppub relayout")
    return []


def _on_builder_inited(app: Sphinx) -> None:
    _code, language = current_language(app)
    if app.builder.name in HTML_BUILDERS and language:  # the HTML pages only, not the EPUB
        offer_page_styles(app.config)
        if language.direction == "rtl":
            add_rtl_styles(app, app.config)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("coppub_config", "", "env", types=[str])
    app.add_config_value("coppub_use_fuzzy", False, "env", types=[bool])
    app.add_config_value("coppub_published", None, "html", types=[list, type(None)])
    # where compiled templates are kept between builds (htmltag): changes no output
    app.add_config_value("coppub_template_cache", "", "", types=[str])
    app.add_config_value("coppub_translation_guide", "", "html", types=[str])
    # Footer links; {language}, {domain} (the page's catalog) and {path} are filled in.
    app.add_config_value("coppub_edit_url", "", "html", types=[str])
    app.add_config_value("coppub_translate_url", "", "html", types=[str])
    app.add_html_theme("coppub", str(THEME_DIR / "coppub"))
    parser.setup(app)
    app.add_transform(Apostrophes)
    app.add_transform(NoteSourceAlt)
    app.add_transform(MarkTranslatedAlt)
    app.add_transform(UnmarkTextless)
    app.add_post_transform(CollateGlossaries)
    app.add_transform(outdated.MarkOutdated)
    plain = (outdated.visit_plain, outdated.depart_plain)
    app.add_node(outdated.outdated, html=(outdated.visit_outdated, outdated.depart_outdated),
                 latex=plain, text=plain, man=plain, texinfo=plain)
    app.add_node(outdated.outdated_source,
                 html=(outdated.visit_outdated_source, outdated.depart_outdated_source),
                 latex=plain, text=plain, man=plain, texinfo=plain)
    app.connect("config-inited", search.register)
    app.connect("build-finished", search.write_utf8)
    app.connect("builder-inited", indexentries.keep_entries)
    app.connect("config-inited", snippets.configure)
    app.connect("doctree-read", snippets.read)
    app.connect("html-page-context", snippets.page)
    app.connect("html-collect-pages", snippets.write)
    app.add_transform(navigation.NoteSourceTitles)
    app.add_post_transform(references.MarkSourceTitleReferences)
    app.add_transform(MarkUntranslatedBlocks)
    app.connect("html-page-context", navigation.page)
    app.connect("build-finished", _on_build_finished)
    install_quotes()
    for edition in editions().values():  # the EPUB registers its builder
        edition.setup(app)
    compat.adapt(app)
    app.connect("config-inited", _on_config_inited, priority=400)
    app.connect("source-read", _on_source_read)
    app.connect("html-page-context", page_context)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("builder-inited", globaltoc.install)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-purge-doc", notes.purge)
    app.connect("env-merge-info", notes.merge)
    app.connect("env-updated", _on_env_updated)
    app.connect("doctree-read", freshness.note_read)
    app.connect("env-updated", freshness.stale_pages)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
