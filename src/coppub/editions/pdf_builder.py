"""The PDF edition's Sphinx builder: the whole book as data, typeset by Typst.

:class:`CoppubPdfBuilder` assembles the book as Sphinx's single-page builders do (every
page inlined in the order of the toctrees; a toctree's caption becomes a part), turns
it into plain data (:mod:`coppub.editions.pdf_document`) and writes, in its output
folder, ``book.json``, the packaged template ``book.typ`` and the images. Typst (the
``typst`` package) compiles that folder, and only that folder: it is Typst's root, so
nothing outside it can be read, and text from the data is never parsed as markup.

Fonts are coppub's own (``typefaces/``, or ``COPPUB_FONT_PATH``), embedded as subsets:
the PDF is the same on every machine, and byte for byte with ``SOURCE_DATE_EPOCH``. A
book whose letters none of them covers (Hebrew, Devanagari, Thai: coppub ships no font
for these) gets the machine's font for that script, found through fontconfig
(:mod:`coppub.systemfonts`) and named in a warning; with none installed the PDF is
refused with an error naming the script and the catalog, never drawn as boxes.

Typst tags the PDF (headings, paragraphs, lists, figures with their text alternatives,
notes; the language of the document and of each passage still in the source language)
and the build asks for PDF/UA-1, which Typst checks.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import ExtensionError, NoUri
from sphinx.locale import admonitionlabels, get_translation
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from .. import clock
from ..errors import BuildError
from ..fonts import find_font, font_dirs
from ..languages import Language
from ..render import TEMPLATES
from ..scripts import SANS, facts
from .pdf_document import PART, Context, Converter

logger = logging.getLogger(__name__)
_ = get_translation("sphinx")

#: The packaged template, copied into the output folder (Typst's root).
TEMPLATE = TEMPLATES / "pdf" / "book.typ"
#: Typst's own monospaced font (in the typst package), for code.
MONO = "DejaVu Sans Mono"
#: Paper sizes: Typst's names (coppub.toml's ``paper``).
DEFAULT_PAPER = "a4"
#: The output folder's copies of the machine's fonts the book needs (see fonts_for).
SYSTEM_FONTS = "_fonts"


@functools.cache
def family(name: str) -> str:
    """The family name of the font file ``name`` (as Typst asks for it)."""
    return family_of(find_font(name))


def family_of(path: Path) -> str:
    """The family name in the font file at ``path``."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        names = font["name"]
        found = names.getDebugName(16) or names.getDebugName(1)
    return str(found or path.stem)


def families(files: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(family(name) for name in files))


def typst_language(tag: str) -> tuple[str, str | None]:
    """Typst's ``lang`` and ``region`` for a BCP 47 tag (``fa-AF`` -> fa, AF)."""
    parts = tag.split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return parts[0].lower(), region


class CoppubPdfBuilder(Builder):
    """The book as one PDF, typeset by Typst from data."""

    name = "coppub_pdf"
    format = "pdf"
    epilog = "The PDF is in %(outdir)s."
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif"]
    supported_remote_images = False

    def init(self) -> None:
        self.docnames: set[str] = set()

    def get_outdated_docs(self) -> str:
        return "all documents"  # the book is written whole

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname not in self.env.all_docs:
            raise NoUri(docname, typ)  # genindex, search: not in a printed book
        return "%" + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        pass  # the whole book is written once, in finish()

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # Sphinx 7.2 calls it page by page; the book is written in finish()

    def finish(self) -> None:
        try:
            self.write_book()
        except OSError as exc:
            raise ExtensionError(f"coppub: cannot write the PDF: {exc}") from exc

    # -- the book ----------------------------------------------------------------------

    @functools.cached_property
    def language(self) -> tuple[str, Language]:
        from ..sphinxext import current_language, settings_of

        code, language = current_language(self.app)
        return code, language or settings_of(self.app).any_language(code)

    def assemble(self) -> tuple[nodes.document, bool]:
        """The whole book in one tree; whether its toctrees have captions (parts)."""
        root = self.config.root_doc
        tree = self.env.get_doctree(root)
        parts = False
        for toctree in list(tree.findall(_toctree())):
            caption = toctree.get("caption")
            wrapper = toctree.parent
            if caption and isinstance(wrapper, nodes.Element) and wrapper.parent is not None:
                marker = nodes.rubric("", "", nodes.Text(str(caption)), classes=[PART])
                wrapper.parent.insert(wrapper.parent.index(wrapper), marker)
                parts = True
        tree = inline_all_toctrees(self, self.docnames, root, tree, str, [root])
        tree["docname"] = root
        self.env.resolve_references(tree, root, self)
        self.post_process_images(tree)
        return tree, parts

    def write_book(self) -> None:
        from ..sphinxext import settings_of

        settings = settings_of(self.app)
        outdir = Path(self.outdir)
        tree, parts = self.assemble()
        code, language = self.language
        source = settings.any_language(settings.source_language)
        context = Context(
            source_language=source.bcp47,
            admonition_label=lambda name: str(admonitionlabels.get(name, name)),
            image_path=self.image_path, notice=self.notice, root=self.config.root_doc,
            parts=parts)
        converter = Converter(context)
        body = converter.convert(tree, self.config.root_doc)
        data = self.book_data(settings, language, source, body, context.chapter_level)
        extra = self.fonts_for(data)
        data["fonts"] += extra
        data["mono"] += extra
        data["source"]["fonts"] += extra
        self.copy_images()
        (outdir / "book.json").write_text(json.dumps(data, ensure_ascii=False, indent=0),
                                          encoding="utf-8")
        shutil.copyfile(TEMPLATE, outdir / "book.typ")
        pdf = typeset(outdir)
        from .pdf import PDF

        target = outdir / PDF.file_name(settings, code)
        tmp = target.with_suffix(".pdf.tmp")
        tmp.write_bytes(pdf)
        os.replace(tmp, target)

    def book_data(self, settings: Any, language: Language, source: Language,
                  body: list[Any], chapter_level: int) -> dict[str, Any]:
        title, subtitle, description = self.app._coppub_book  # type: ignore[attr-defined]
        book = settings.book
        lang, region = typst_language(language.bcp47)
        source_lang, source_region = typst_language(source.bcp47)
        found = facts(language.code, language.script)
        fonts = families([*found.embed, *SANS])
        stamp = clock.now()
        return {
            "title": title, "subtitle": subtitle, "description": description or title,
            "author": book.author, "publisher": book.publisher,
            "rights": self.app._coppub_rights,  # type: ignore[attr-defined]
            "version": book.version,
            "date": [stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour,
                     stamp.tm_min, min(stamp.tm_sec, 59)],
            "lang": lang, "region": region, "dir": language.direction,
            "digits": list(language.digits),
            "paper": language.paper or book.paper or DEFAULT_PAPER,
            "fonts": fonts, "mono": [MONO, *fonts],
            "size": 11 if found.script.code == "Latn" else 12,
            "leading": round(max(found.line_height - 1.0, 0.65), 2),
            # Nastaliq's space is narrow (132 units): words, and Latin runs, ran together
            "spacing": 180 if any("Nastaliq" in name for name in found.embed) else 100,
            "source": {"lang": source_lang, "region": source_region,
                       "dir": source.direction,
                       "fonts": families([*facts(source.code, source.script).embed,
                                          *SANS, *found.embed])},
            "labels": {"contents": str(_("Contents"))},
            "chapter_level": chapter_level, "toc_depth": 2,
            "body": body,
        }

    def notice(self, docname: str) -> str:
        """The web banner's words for a page not fully translated, in the book's
        language (empty for a page fully translated, or the source edition)."""
        from ..sphinxext import domain_of, page_shares
        from ..sphinxext.pages import banner_text

        code, language = self.language
        if code == self.config.language and language.code == code:
            share = page_shares(self.app).get(domain_of(self.app, docname))
            if share is not None and share.translated < 100:
                return banner_text(language, share)
        return ""

    # -- fonts coppub does not ship ----------------------------------------------------

    def fonts_for(self, data: dict[str, Any]) -> list[str]:
        """The families of the machine's fonts the book's letters need (copied into the
        output folder for Typst); an error when the machine has none for a script."""
        from ..systemfonts import missing, system_font

        folder = Path(self.outdir) / SYSTEM_FONTS
        shutil.rmtree(folder, ignore_errors=True)
        text = json.dumps({k: v for k, v in data.items() if k not in ("fonts", "mono")},
                          ensure_ascii=False)
        families: list[str] = []
        for script, letters in missing(text, font_dirs()).items():
            found = system_font(letters)
            if found is None:
                raise self.no_font(script, letters)
            folder.mkdir(parents=True, exist_ok=True)
            for path in found.files:
                shutil.copyfile(path, folder / path.name)
            families.append(family_of(folder / found.files[0].name))
            logger.warning(
                "no font of coppub's has the %s letters of this book; the PDF "
                "embeds %s (%s) from this machine, so it may differ on another one (put "
                "the files in a folder named in COPPUB_FONT_PATH to fix the choice)",
                script, found.family, ", ".join(str(p) for p in found.files),
                type="coppub", subtype="pdf")
        return families

    def no_font(self, script: str, letters: str) -> BuildError:
        """The error for a script no font covers, naming the catalog it first appears in."""
        from ..sphinxext import domain_of, settings_of

        settings = settings_of(self.app)
        code, _language = self.language
        where: Path | None = None
        for docname in sorted(self.env.all_docs):
            if letters[0] in self.env.get_doctree(docname).astext():
                where = settings.catalog_dir(code) / f"{domain_of(self.app, docname)}.po"
                break
        else:
            book = settings.catalog_dir(code) / "_book.po"
            where = book if book.is_file() else None
        return BuildError(
            f"no font for the {script} letters of the {code} book ({letters[:12]}): the PDF "
            f"edition would show them as boxes",
            path=where,
            hint=f"install a font for {script} that fontconfig finds (fc-list :lang={code}; "
            "on Debian: apt-get install fonts-noto-core), or put its .ttf or .otf files in "
            "a folder named in COPPUB_FONT_PATH; the HTML and EPUB editions do not need it")

    # -- images and typesetting --------------------------------------------------------

    def image_path(self, uri: str) -> str | None:
        name = self.images.get(uri)
        return f"_images/{name}" if name else None

    def copy_images(self) -> None:
        folder = Path(self.outdir) / "_images"
        shutil.rmtree(folder, ignore_errors=True)
        if self.images:
            folder.mkdir(parents=True)
        for source, name in self.images.items():
            shutil.copyfile(Path(self.srcdir) / source, folder / name)


def typeset(folder: Path) -> bytes:
    """Typeset ``folder/book.typ`` with Typst: ``folder`` is its root (nothing outside it
    can be read), the fonts are coppub's (the system's are ignored), PDF/UA-1 checked.
    Typst runs in a process of its own (see :mod:`coppub.editions.typesetter`)."""
    import json
    import subprocess
    import sys

    from ..parallel import die_with_parent

    extra = [folder / SYSTEM_FONTS] if (folder / SYSTEM_FONTS).is_dir() else []
    # like every process of a build, it stops when the process that started it is killed
    done = subprocess.run(
        [sys.executable, "-m", "coppub.editions.typesetter", str(folder),
         *(str(d) for d in [*font_dirs(), *extra])], capture_output=True, text=True,
        check=False, preexec_fn=die_with_parent)
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise ExtensionError(f"coppub: Typst stopped without a word (exit status "
                             f"{done.returncode}): {done.stderr.strip()[-2000:]}") from None
    if "error" in report:
        raise ExtensionError(f"coppub: Typst cannot typeset the book: {report['error']}\n"
                             f"{report['diagnostic']}")
    for warning in report["warnings"]:
        logger.warning("Typst: %s", warning, type="coppub", subtype="pdf")
    pdf = folder / "book.pdf"
    data = pdf.read_bytes()
    pdf.unlink()
    return data


def _toctree() -> type[nodes.Element]:
    from sphinx import addnodes

    return addnodes.toctree

