"""Sphinx configuration of the Community Oriented Policing e-handbook.

The book's title, metadata, languages and catalog paths live in coppub.toml; the
``coppub.sphinxext`` extension reads them, translates the book's metadata and wires the
compiled catalogs in. Build with ``make html LANG=fr`` or ``coppub build``.
"""

extensions = ["coppub.sphinxext"]

master_doc = "index"
exclude_patterns: list[str] = []
templates_path: list[str] = []
html_static_path: list[str] = []

html_theme = "coppub"
# An index of terms on the web (index entries are translated like the text). The EPUB
# has none: Sphinx's EPUB index links to anchors its pages lack (EPUBCheck refuses it),
# and reading systems search the book themselves.
html_use_index = True
gettext_additional_targets = ["index"]
html_copy_source = False
html_show_sourcelink = False
epub_use_index = False

# The page that partially translated pages link to ("Help translate it").
coppub_translation_guide = "contributing#contributing-translate"
