"""What each HTML page gets: lang and dir, the language switcher, hreflang links,
the partial-translation banner, left-to-right URLs. Works with any basic-derived theme;
the coppub theme shows the switcher in its top bar; other themes get the switcher from
``templates/sphinxext/switcher.html``, and every theme the banner (``banner.html``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ..compat import source_path
from ..config import Settings
from ..languages import Language, bcp47
from ..render import render
from . import aria
from .htmltag import CONTEXT_KEY
from .themes import HTML_BUILDERS, add_page_styles

if TYPE_CHECKING:
    from . import Share

_ = get_translation("sphinx")
_URL_LINK = re.compile(r'<a class="reference external" href="([^"]+)">\1</a>')
# Elements Sphinx marks as not translated (translation_progress_classes).
_UNTRANSLATED = re.compile(r'<(\w+)((?:\s[^>]*)?\sclass="(?:[^"]*\s)?untranslated(?:\s[^"]*)?")')
# Links in such text that show a translated title (references.TRANSLATED).
_TRANSLATED = re.compile(r'<(a)((?:\s[^>]*)?\sclass="(?:[^"]*\s)?coppub-translated(?:\s[^"]*)?")')


def _languages(app: Sphinx, settings: Settings,
               current: str) -> list[tuple[str, str, str, str]]:
    """(code, BCP 47 tag, native name, direction) of every published language.

    ``coppub_published`` (set by ``coppub build``) lists the editions on the site; a
    plain ``sphinx-build`` lists every registered language. The same for every page of
    a build: worked out once (it asks Babel about the source).
    """
    rows: list[tuple[str, str, str, str]] | None = getattr(app, "_coppub_languages", None)
    if rows is None:
        published = app.config.coppub_published
        codes = [c for c in [settings.source_language, *settings.codes]
                 if published is None or c in published or c == current]
        rows = [(lang.code, lang.bcp47, lang.title_name, lang.direction)
                for lang in map(settings.any_language, codes)]
        app._coppub_languages = rows  # type: ignore[attr-defined]
    return rows


def page_context(app: Sphinx, pagename: str, templatename: str,
                 context: dict[str, Any], doctree: Any) -> None:
    """The ``html-page-context`` handler."""
    from . import current_language, domain_of, page_shares, settings_of, source_tag

    settings = settings_of(app)
    code, language = current_language(app)
    body = aria.mark(_bidi(context.get("body", ""), source_tag(app), language))
    share = page_shares(app).get(domain_of(app, pagename))
    partial = language is not None and share is not None and share.translated < 100
    if app.builder.name not in HTML_BUILDERS:  # the EPUB: the marks, and the notices
        notices = [banner_text(language, share)] if partial and language and share else []
        book = getattr(app.builder, "book", None)  # a partial edition says so up front
        if pagename == app.config.root_doc and getattr(book, "notice", ""):
            notices.insert(0, book.notice)  # type: ignore[union-attr]
        context["body"] = "".join(render("sphinxext/banner.html", text=text, href="",
                                         link="") for text in notices) + body
        return
    _mark_navigation(app, context)
    up = "../" * (pagename.count("/") + 1)
    suffix = str(getattr(app.builder, "out_suffix", ".html"))
    page = f"{pagename}{suffix}"
    base = (app.config.html_baseurl or "").rstrip("/")
    rows = _languages(app, settings, code)
    context["coppub_languages"] = [
        {"code": c, "tag": tag, "name": name, "dir": direction,
         "href": f"{up}{c}/{page}", "current": c == code}
        for c, tag, name, direction in rows
    ]
    links = [(tag, f"{base}/{c}/{page}" if base else f"{up}{c}/{page}")
             for c, tag, _name, _dir in rows]
    links.append(("x-default", links[0][1]))
    context["metatags"] = context.get("metatags", "") + _description(app, context) + render(
        "sphinxext/hreflang.html", links=links)
    tag = bcp47(code)
    direction = language.direction if language else "ltr"
    context["html_tag"] = (f'<html lang="{tag}" dir="{direction}" '
                           f'data-content_root="{context.get("content_root", "")}">')
    # for themes that write their own <html> tag (see htmltag.py)
    context[CONTEXT_KEY] = {"lang": tag, "dir": direction}
    context["coppub_status_href"] = f"{up}dashboard.html" + (f"#{code}" if language else "")
    context["coppub_epub_href"] = f"{up}downloads.html#{code}"  # its own section
    # "Edit this page" (source language) or "Translate this page" (its catalog), when the
    # project says where: e.g. a repository's edit URL or a Weblate component.
    pattern = (app.config.coppub_translate_url if language is not None
               else app.config.coppub_edit_url)
    path = source_path(app.env, pagename) if pagename in app.env.found_docs else pagename
    context["coppub_edit_href"] = pattern.format(
        language=code, domain=domain_of(app, pagename), path=path) if pattern else ""
    context["coppub_edit_label"] = _("Translate this page") if language is not None \
        else _("Edit this page")
    if context["coppub_edit_href"]:  # written from conf.py: the output guard allows it
        chrome: set[str] = app.__dict__.setdefault("_coppub_chrome_urls", set())
        chrome.add(context["coppub_edit_href"])
    if partial and language and share:
        body = _banner(app, language, share, up) + body
    add_page_styles(app, body)
    if app.config.html_theme != "coppub" and len(rows) > 1:
        body = _switcher(context["coppub_languages"]) + body  # other themes: top of page
    context["body"] = body


def _mark_navigation(app: Sphinx, context: dict[str, Any]) -> None:
    """The theme's navigation trees get what assistive technology needs too (coppub's
    theme puts them under its "Contents" heading, level 2: their captions are level 3)."""
    toctree = context.get("toctree")
    if not callable(toctree):
        return
    level = 3 if app.config.html_theme == "coppub" else 2

    def marked(**kwargs: Any) -> str:
        return aria.mark(str(toctree(**kwargs)), level)

    context["toctree"] = marked


def _description(app: Sphinx, context: dict[str, Any]) -> str:
    """The book's description (translated) as the page's, unless the page has its own
    (a ``.. meta::`` directive): what search engines show under the title."""
    description: str = getattr(app, "_coppub_book", ("", "", ""))[2]
    if 'name="description"' in context.get("metatags", ""):
        return ""
    return render("sphinxext/description.html", description=description)


def _bidi(body: str, source_tag: str, language: Language | None) -> str:
    """URLs shown as text read left to right; text still in the source language says so.

    Attributes on elements Sphinx's HTML translator writes, added to its output: docutils
    nodes carry no ``lang``/``dir``, and replacing the translator class would undo the
    themes that set their own (pydata-sphinx-theme mixes its translator in at start).
    """
    body = _URL_LINK.sub(r'<a class="reference external" href="\1" dir="ltr">\1</a>', body)
    if language is not None:
        body = _UNTRANSLATED.sub(rf'<\1\2 lang="{source_tag}" dir="ltr"', body)
        body = _TRANSLATED.sub(rf'<\1\2 lang="{language.bcp47}" dir="{language.direction}"',
                               body)
    return body


def _switcher(languages: list[dict[str, Any]]) -> str:
    return render("sphinxext/switcher.html", languages=languages, label=str(_("Languages")))


def banner_text(language: Language, share: Share) -> str:
    """'This page is 54 % translated; 12 % is an earlier translation…', in the page's
    language (the web banner's words; the PDF's notice under a chapter's title)."""
    def percent(value: float) -> str:
        return language.number(round(value), percent=True)

    sentences = [_("This page is %(percent)s translated.") % {
        "percent": percent(share.translated)}]
    shown = share.translated
    if round(share.outdated):
        if language.outdated == "show":
            sentences.append(_("Another %(percent)s is an earlier translation, marked as "
                               "possibly out of date.") % {"percent": percent(share.outdated)})
            shown += share.outdated
        else:
            sentences.append(_("Another %(percent)s has an earlier translation, not shown "
                               "until it is brought up to date.")
                             % {"percent": percent(share.outdated)})
    if round(shown) < 100:
        sentences.append(_("The rest is shown in the original language."))
    return " ".join(map(str, sentences))


def _banner(app: Sphinx, language: Language, share: Share, up: str) -> str:
    """The banner of a page not fully translated, with a guide link."""
    guide = app.config.coppub_translation_guide
    href = ""
    if guide:
        docname, _sep, anchor = guide.partition("#")
        suffix = str(getattr(app.builder, "out_suffix", ".html"))
        href = f"{up}{language.code}/{docname}{suffix}" + (f"#{anchor}" if anchor else "")
    return render("sphinxext/banner.html", text=banner_text(language, share), href=href,
                  link=str(_("Help translate it")))
