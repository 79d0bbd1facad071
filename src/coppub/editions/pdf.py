"""The PDF edition: one PDF per language, offered at ``build/site/downloads/``.

coppub's own Sphinx builder makes it (:mod:`coppub.editions.pdf_builder`): the book as
data, typeset by Typst with a packaged template, with a translated title page, running
heads, contents, page numbers in the language's digits, right-to-left page order for
right-to-left languages, coppub's fonts embedded as subsets, tags and languages for
assistive technology (PDF/UA-1), and the same bytes with ``SOURCE_DATE_EPOCH``. The
paper is A4 unless ``coppub.toml`` says otherwise (``[book] paper``, or ``paper`` per
language: a name Typst knows, such as ``us-letter`` or ``a5``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .files import FileEdition

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class PdfEdition(FileEdition):
    name = "pdf"
    builder = "coppub_pdf"
    label = "PDF"
    link_text = "Download the PDF"
    suffix = "pdf"
    media_type = "application/pdf"
    whole = True  # one file: every build writes the whole book

    def setup(self, app: Sphinx) -> None:
        from .pdf_builder import CoppubPdfBuilder

        app.add_builder(CoppubPdfBuilder)


PDF = PdfEdition()
