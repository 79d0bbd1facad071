"""What the EPUB needs beyond Sphinx: metadata, right-to-left, fonts, cover, access.

Sphinx writes its EPUB files into the output folder; :func:`finalize` then rewrites the
package document (identifier, translated titles, dates, accessibility metadata, spine
direction), gives every content document ``lang``, ``xml:lang`` and ``dir``, localizes the
navigation and adds landmarks, embeds a subset of a font for scripts readers may lack,
draws a cover with the translated title, and zips it all again reproducibly.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from .fonts import LATIN, cmap, find_font, is_arabic_script, outline, script_fonts, subset
from .languages import Language

OPF = "http://www.idpf.org/2007/opf"
_TAGS = re.compile(r"<[^>]+>")
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_CODE = re.compile(r'<(pre|code|kbd|tt)(?![^>]*\bdir=)')


@dataclass(frozen=True)
class Edition:
    """What one language's EPUB says about itself."""

    code: str
    language: Language | None
    basename: str
    identifier: str
    title: str
    subtitle: str
    description: str
    author: str
    publisher: str
    rights: str
    version: str
    gettext: Callable[[str], str]

    @property
    def tag(self) -> str:
        return self.code.replace("_", "-")

    @property
    def direction(self) -> str:
        return self.language.direction if self.language else "ltr"


def timestamp() -> time.struct_time:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return time.gmtime(int(epoch) if epoch.isdigit() else None)


def _manifest(outdir: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Sphinx's manifest items and spine order, read from its content.opf."""
    root = ElementTree.parse(outdir / "content.opf").getroot()
    items = [dict(item.attrib) for item in root.iter(f"{{{OPF}}}item")]
    spine = [ref.attrib["idref"] for ref in root.iter(f"{{{OPF}}}itemref")]
    return items, spine


def _text_of(outdir: Path, items: list[dict[str, str]]) -> str:
    return "".join(_TAGS.sub(" ", (outdir / unquote(item["href"])).read_text(encoding="utf-8"))
                   for item in items if item["media-type"] == "application/xhtml+xml")


def _fix_document(outdir: Path, href: str, edition: Edition, css: str) -> None:
    """lang, xml:lang and dir on the root; our stylesheet; code left-to-right.

    URLs and untranslated text got their direction in the page context already.
    """
    path = outdir / unquote(href)  # manifest hrefs are URLs: logo%402x.png is logo@2x.png
    text = path.read_text(encoding="utf-8")
    root = (f'<html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{edition.tag}" '
            f'xml:lang="{edition.tag}" dir="{edition.direction}">')
    text = _HTML_TAG.sub(root, text, count=1)
    depth = href.count("/")
    link = f'<link rel="stylesheet" type="text/css" href="{"../" * depth}{css}" />'
    if css not in text:
        text = text.replace("</head>", f"  {link}\n  </head>", 1)
    # EPUB style sheets may not set direction: code keeps left-to-right through markup.
    text = _CODE.sub(r'<\1 dir="ltr"', text)
    # Sphinx marks a table of contents' caption role="heading" without a level, which
    # DAISY Ace reports as critical (aria-required-attr).
    text = text.replace('class="caption" role="heading">',
                        'class="caption" role="heading" aria-level="2">')
    path.write_text(text, encoding="utf-8")


def _fix_nav(path: Path, edition: Edition) -> None:
    """Localized heading and title; landmarks (cover, contents, start of the text)."""
    _ = edition.gettext
    text = path.read_text(encoding="utf-8")
    contents = escape(_("Contents"))
    text = text.replace("<title>Table of Contents</title>", f"<title>{contents}</title>")
    text = text.replace("<h1>Table of Contents</h1>", f"<h1>{contents}</h1>")
    # epub:type="toc" wants its ARIA twin (Ace: epub-type-has-matching-role).
    text = text.replace('<nav epub:type="toc"', '<nav epub:type="toc" role="doc-toc"', 1)
    landmarks = (
        f'<nav epub:type="landmarks" id="landmarks" hidden="hidden">'
        f"<h2>{escape(_('Landmarks'))}</h2><ol>"
        f'<li><a epub:type="cover" href="cover.xhtml">{escape(_("Cover"))}</a></li>'
        f'<li><a epub:type="bodymatter" href="index.xhtml">'
        f"{escape(_('Start of content'))}</a></li></ol></nav>")
    text = text.replace("</body>", f"{landmarks}\n  </body>", 1)
    path.write_text(text, encoding="utf-8")


def _cover_svg(edition: Edition) -> str:
    """A 1600 x 2400 cover; the title and subtitle drawn as outlines (no font needed)."""
    fonts = script_fonts(edition.language) or LATIN
    regular, bold = fonts[0], fonts[-1]
    lines = []
    y = 900.0
    for text, name, size in ((edition.title, bold, 150.0), (edition.subtitle, regular, 72.0)):
        font = find_font(name)
        for line in _wrap(text, font, size, 1300.0):
            if {ord(c) for c in line if not c.isspace()} <= cmap(font):
                shape = outline(line, font, size)
                lines.append(f'<path transform="translate({(1600 - shape.width) / 2:.1f} {y:.1f})"'
                             f' d="{shape.path}"/>')
            else:
                lines.append(f'<text x="800" y="{y:.1f}" font-size="{size:g}" '
                             f'text-anchor="middle">{escape(line)}</text>')
            y += size * 1.6
        y += 80
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 1600 2400" '
        f'width="1600" height="2400" role="img" aria-label="{escape(edition.title)}">'
        f"<title>{escape(edition.title)}</title>"
        '<rect width="1600" height="2400" fill="#123f6b"/>'
        '<g fill="none" stroke="#f2c14e" stroke-width="22">'  # three partners, together
        '<circle cx="720" cy="400" r="130"/><circle cx="880" cy="400" r="130"/>'
        '<circle cx="800" cy="530" r="130"/></g>'
        f'<g fill="#ffffff">{"".join(lines)}</g>'
        '<rect y="2250" width="1600" height="150" fill="#f2c14e"/></svg>\n')


def _wrap(text: str, font: Path | None, size: float, width: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` (by words, in logical order)."""
    if not text:
        return []
    if font is None:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and outline(trial, font, size).width > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def _epub_css(edition: Edition, font_files: list[str]) -> str:
    faces = []
    for href, weight in zip(font_files, ("normal", "bold"), strict=False):
        faces.append(f'@font-face {{ font-family: "coppub-script"; font-weight: {weight}; '
                     f'font-style: normal; src: url("../{href}") format("woff"); }}')
    family = 'body { font-family: "coppub-script", serif; }' if font_files else ""
    rtl = ""
    if edition.direction == "rtl":
        rtl = """
html[dir="rtl"] body { text-align: right; }
[dir="rtl"] ul, [dir="rtl"] ol { margin-left: 0; margin-right: 1.5em; padding-left: 0;
  padding-right: 0; }
[dir="rtl"] dd, [dir="rtl"] blockquote { margin-left: 0; margin-right: 1.5em; }
[dir="rtl"] div.admonition { border-left: none; border-right: 4px solid #999; }
[dir="rtl"] th, [dir="rtl"] td { text-align: right; }
[dir="rtl"] aside.footnote > span { float: right; }
[dir="rtl"] aside.footnote > p { margin-left: 0; margin-right: 2em; }
[dir="rtl"] p.attribution { text-align: left; }
"""
    return "\n".join([*faces, family, """
pre, code, kbd, tt, .literal-block { text-align: left; }
[lang="en"][dir="ltr"] { text-align: left; }
img { max-width: 100%; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { height: 100%; max-width: 100%; }
""", rtl])


def _opf(edition: Edition, items: list[dict[str, str]], spine: list[str], stamp: str,
         cover: bool) -> str:
    _ = edition.gettext
    meta = [
        f'<dc:identifier id="bookid">{escape(edition.identifier)}</dc:identifier>',
        f'<dc:title id="title">{escape(edition.title)}</dc:title>',
        '<meta refines="#title" property="title-type">main</meta>',
    ]
    if edition.subtitle:
        meta += [f'<dc:title id="subtitle">{escape(edition.subtitle)}</dc:title>',
                 '<meta refines="#subtitle" property="title-type">subtitle</meta>']
    meta += [f"<dc:language>{edition.tag}</dc:language>"]
    for name, value in (("creator", edition.author), ("publisher", edition.publisher),
                        ("rights", edition.rights), ("description", edition.description)):
        if value:
            meta.append(f"<dc:{name}>{escape(value)}</dc:{name}>")
    meta += [
        f"<dc:date>{stamp}</dc:date>",
        f'<meta property="dcterms:modified">{stamp}</meta>',
        f'<meta property="schema:version">{escape(edition.version)}</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">visual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessibilityFeature">alternativeText</meta>',
        '<meta property="schema:accessibilityFeature">structuralNavigation</meta>',
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityFeature">readingOrder</meta>',
        '<meta property="schema:accessibilityFeature">displayTransformability</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{escape(_(ACCESSIBILITY))}</meta>',
    ]
    if cover:
        meta.append('<meta name="cover" content="cover-image" />')
    manifest = []
    for item in items:
        props = f' properties="{item["properties"]}"' if item.get("properties") else ""
        manifest.append(f'<item id="{item["id"]}" href="{escape(item["href"])}" '
                        f'media-type="{item["media-type"]}"{props} />')
    refs = "".join(f'<itemref idref="{idref}" />' for idref in spine)
    guide = (f'<reference type="cover" title="{escape(_("Cover"))}" href="cover.xhtml" />'
             if cover else "")
    guide += f'<reference type="toc" title="{escape(_("Contents"))}" href="nav.xhtml" />'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="{OPF}" version="3.0" xml:lang="{edition.tag}" '
        f'dir="{edition.direction}" unique-identifier="bookid">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n    '
        + "\n    ".join(meta) + "\n  </metadata>\n  <manifest>\n    "
        + "\n    ".join(manifest) + "\n  </manifest>\n"
        f'  <spine toc="ncx" page-progression-direction="{edition.direction}">{refs}</spine>\n'
        f"  <guide>{guide}</guide>\n</package>\n")


#: The accessibility summary (translated through coppub's interface catalog).
ACCESSIBILITY = ("This publication has a table of contents, headings in reading order and "
                 "text alternatives for its images. It contains no known hazards.")

def clean(outdir: Path) -> None:
    """Remove what :func:`finalize` added last time, before Sphinx lists the folder."""
    import shutil

    shutil.rmtree(outdir / "fonts", ignore_errors=True)
    for name in ("cover.svg", "cover.xhtml", "_static/coppub-epub.css"):
        (outdir / name).unlink(missing_ok=True)


def finalize(outdir: Path, edition: Edition) -> Path:
    """Rewrite Sphinx's EPUB files in ``outdir`` and zip them into the final book."""
    items, spine = _manifest(outdir)
    ours = {"cover.svg", "cover.xhtml", "_static/coppub-epub.css"}
    items = [i for i in items if i["href"] not in ours and not i["href"].startswith("fonts/")]
    text = _text_of(outdir, items) + edition.title + edition.subtitle
    font_files: list[str] = []
    needed = script_fonts(edition.language)
    if needed and any(is_arabic_script(c) for c in text):
        for name in needed:
            path = find_font(name)
            href = f"fonts/{Path(name).stem}.woff"
            (outdir / "fonts").mkdir(exist_ok=True)
            (outdir / href).write_bytes(subset(path, text))
            font_files.append(href)
    css = "_static/coppub-epub.css"
    (outdir / css).write_text(_epub_css(edition, font_files), encoding="utf-8")
    cover = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{escape(edition.title)}</title></head>"
        f'<body class="cover" epub:type="cover"><img src="cover.svg" '
        f'alt="{escape(edition.title)}" /></body></html>\n')
    (outdir / "cover.xhtml").write_text(cover, encoding="utf-8")
    (outdir / "cover.svg").write_text(_cover_svg(edition), encoding="utf-8")
    for item in items:
        if item["media-type"] == "application/xhtml+xml":
            _fix_document(outdir, item["href"], edition, css)
    _fix_document(outdir, "cover.xhtml", edition, css)
    _fix_nav(outdir / "nav.xhtml", edition)
    ncx = (outdir / "toc.ncx").read_text(encoding="utf-8")
    ncx = re.sub(r'(<meta name="dtb:uid" content=")[^"]*', rf"\g<1>{edition.identifier}", ncx)
    (outdir / "toc.ncx").write_text(ncx, encoding="utf-8")
    extra = [{"id": "cover-image", "href": "cover.svg", "media-type": "image/svg+xml",
              "properties": "cover-image"},
             {"id": "cover", "href": "cover.xhtml", "media-type": "application/xhtml+xml"},
             {"id": "coppub-css", "href": css, "media-type": "text/css"}]
    extra += [{"id": f"font-{i}", "href": href, "media-type": "font/woff"}
              for i, href in enumerate(font_files)]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", timestamp())
    (outdir / "content.opf").write_text(
        _opf(edition, items + extra, ["cover", *spine], stamp, cover=True), encoding="utf-8")
    return _zip(outdir, edition.basename, [i["href"] for i in items + extra])


def _zip(outdir: Path, basename: str, files: list[str]) -> Path:
    """Zip the book: mimetype first and stored, fixed dates and modes, sorted names."""
    target = outdir / f"{basename}.epub"
    stamp = timestamp()
    date = max((stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
                stamp.tm_sec), (1980, 1, 1, 0, 0, 0))
    names = ["META-INF/container.xml", "content.opf", "toc.ncx", "nav.xhtml", *sorted(
        unquote(f) for f in set(files) if f not in ("nav.xhtml", "toc.ncx"))]
    tmp = target.with_suffix(".epub.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as book:
            for name in ["mimetype", *names]:
                info = zipfile.ZipInfo(name, date_time=date)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_STORED if name == "mimetype" \
                    else zipfile.ZIP_DEFLATED
                book.writestr(info, (outdir / name).read_bytes(), compresslevel=9)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never an 11 MB half-book left behind
        raise
    return target
