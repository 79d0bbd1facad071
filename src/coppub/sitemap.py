"""``sitemap.xml`` at the site's root: every published page of every published language,
each with its translations as ``hreflang`` alternates (the multilingual sitemap format
search engines document: https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).

A sitemap names pages by absolute address, so it needs the project's base URL: Sphinx's
``html_baseurl`` (the one coppub's ``hreflang`` links use), read from ``conf.py``. Without
one there is no sitemap (and one left by an earlier publication is removed). The pages
listed are the documents of the source folder whose page the site has, per published
language; the file depends on nothing but the site and the sources, so a site assembled
from artifacts has the same bytes as one built on one machine.
"""

from __future__ import annotations

import contextlib
import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from .config import Settings
from .errors import ConfigError

SITEMAP = "sitemap.xml"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"


def base_url(settings: Settings) -> str:
    """``html_baseurl`` as conf.py sets it, without its trailing slash ("" if unset)."""
    from .compat import eval_conf_py

    conf = settings.conf_dir / "conf.py"
    if not conf.is_file():
        return ""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            value = eval_conf_py(conf).get("html_baseurl") or ""
    except BaseException as exc:  # noqa: BLE001 - conf.py is the project's code
        raise ConfigError(f"{conf} cannot be read: {exc}",
                          hint="fix conf.py so that sphinx-build can read it") from None
    if not isinstance(value, str):
        raise ConfigError(f"{conf}: html_baseurl is {value!r}, not an address",
                          hint='set html_baseurl = "https://example.org/book/"')
    return value.rstrip("/")


def documents(settings: Settings) -> list[str]:
    """The document names of the source folder (each file's path without its suffix;
    a name with no page on the site is simply not listed)."""
    from .build import input_files

    names = set()
    for name, _path in input_files("", settings.source_dir, settings.build_dir.resolve()):
        relative = name[1:]  # input_files names them "<tag>/<path>"; the tag is empty
        stem, dot, _suffix = relative.rpartition(".")
        if dot and not any(part.startswith("_") for part in relative.split("/")[:-1]):
            names.add(stem)
    return sorted(names)


def pages(settings: Settings, site: Path, codes: Sequence[str]) -> dict[str, list[str]]:
    """Per document, the published languages (of ``codes``, in order) that have its page."""
    found: dict[str, list[str]] = {}
    for doc in documents(settings):
        having = [code for code in codes if (site / code / f"{doc}.html").is_file()]
        if having:
            found[doc] = having
    return found


def sitemap(settings: Settings, base: str, site: Path, codes: Sequence[str]) -> bytes:
    """The sitemap of ``codes``' pages under ``base`` (UTF-8 XML)."""
    ET.register_namespace("", _SITEMAP_NS)
    ET.register_namespace("xhtml", _XHTML_NS)
    tags = {code: settings.any_language(code).bcp47 for code in codes}
    root = ET.Element(f"{{{_SITEMAP_NS}}}urlset")
    for doc, having in pages(settings, site, codes).items():
        address = {code: f"{base}/{quote(f'{code}/{doc}.html')}" for code in having}
        alternates = [(tags[code], address[code]) for code in having]
        if settings.source_language in address:
            alternates.append(("x-default", address[settings.source_language]))
        for code in having:
            url = ET.SubElement(root, f"{{{_SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{_SITEMAP_NS}}}loc").text = address[code]
            if len(having) > 1:
                for tag, href in alternates:
                    ET.SubElement(url, f"{{{_XHTML_NS}}}link",
                                  {"rel": "alternate", "hreflang": tag, "href": href})
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def write_sitemap(settings: Settings, codes: Sequence[str]) -> Path | None:
    """Write (or, without a base URL, remove) ``sitemap.xml`` for the published ``codes``."""
    from .pofiles import write_atomic
    from .site import site_dir

    site = site_dir(settings)
    target = site / SITEMAP
    base = base_url(settings)
    if not base:
        target.unlink(missing_ok=True)
        return None
    write_atomic(target, sitemap(settings, base, site, codes))
    return target
