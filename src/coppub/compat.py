"""Everything that differs between the Sphinx and docutils releases coppub supports.

coppub supports Sphinx 7.2 to 9 and docutils 0.20 to 0.22 (pyproject.toml says why the
floors are where they are; ``make test-oldest`` runs the suite on the floors). Code that
depends on which release is installed lives here and nowhere else, each piece saying
which releases it is for, so that raising a floor is deleting a few lines.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Any


def source_path(env: Any, docname: str) -> str:
    """``docname``'s source file relative to the source folder, with ``/`` separators.

    ``BuildEnvironment.doc2path`` returns a ``str`` up to Sphinx 7.x and a path object
    from Sphinx 8.0.
    """
    return PurePath(env.doc2path(docname, False)).as_posix()


def eval_conf_py(path: Path) -> dict[str, Any]:
    """The namespace ``conf.py`` at ``path`` leaves, run as Sphinx runs it (no tags set).

    ``eval_config_file`` takes the file name as a ``str`` up to Sphinx 8.x (it calls
    ``filename.encode``) and as a ``Path`` from Sphinx 9.0 (it reads ``filename.parent``).
    """
    import sphinx
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    name: Any = str(path) if sphinx.version_info < (9,) else path
    namespace: dict[str, Any] = eval_config_file(name, Tags())
    return namespace


def adapt(app: Any) -> None:
    """Make the installed Sphinx and docutils behave as the newest ones coppub supports.

    Called from the extension's ``setup``; does nothing on the newest releases.
    """
    import sphinx

    give_images_lines(app)
    if sphinx.version_info < (7, 3):
        app.connect("html-page-context", _no_asset_queries_in_epubs)
    if sphinx.version_info < (7, 4):
        app.connect("html-page-context", _svg_sizes_as_style)


_ASSET_QUERY = re.compile(r'\?v=[0-9a-f]+(?=")')


def _no_asset_queries_in_epubs(app: Any, pagename: str, templatename: str,
                               context: dict[str, Any], doctree: Any) -> None:
    """Sphinx 7.2 links style sheets and scripts with a checksum query (``?v=…``) in
    EPUBs too, where a URL may have no query (EPUBCheck RSC-033); 7.3 adds none there.

    Only the tags Sphinx itself writes from its asset file names are changed.
    """
    if app.builder.name != "epub":
        return
    for name in ("css_tag", "js_tag"):
        tag = context.get(name)
        if callable(tag):
            context[name] = lambda asset, tag=tag: _ASSET_QUERY.sub("", str(tag(asset)), 1)


_IMG = re.compile(r"<img\s[^<>]*>")
_SIZE = re.compile(r'\s(width|height)="([^"]*)"')


def _svg_sizes_as_style(app: Any, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    """Sphinx before 7.4 writes an SVG image's size as given (``width="80%"``), which
    HTML and EPUB allow only as a whole number of pixels (EPUBCheck RSC-005); later
    releases let docutils write it, in ``style``. Only ``<img>`` tags are changed:
    the page body has no other raw ``<`` (text is escaped, translations cannot add raw
    HTML), and attribute values hold no ``"``.
    """
    def fix(tag: re.Match[str]) -> str:
        text = tag.group(0)
        if 'src="' not in text or ".svg" not in text or "style=" in text:
            return text
        sizes = [(name, value) for name, value in _SIZE.findall(text)
                 if not value.isdigit()]
        if not sizes:
            return text
        style = " ".join(f"{name}: {value};" for name, value in sizes)
        text = _SIZE.sub(lambda m: m.group(0) if m.group(2).isdigit() else "", text)
        return text.replace("<img ", f'<img style="{style}" ', 1)

    body = context.get("body")
    if isinstance(body, str):
        context["body"] = _IMG.sub(fix, body)


def give_images_lines(app: Any) -> None:
    """Give each image the line of its directive, as docutils gives it from 0.21.

    docutils 0.20 leaves an image without a line, and Sphinx then places its alt text at
    the figure's caption: extracted templates would point translators to another line,
    and change with the docutils release. Only ``image`` and ``figure`` as registered when
    coppub's extension loads are wrapped (an extension loaded later keeps its own).
    """
    import docutils
    from docutils import nodes
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.images import Figure, Image

    if docutils.__version_info__ >= (0, 21):
        return
    registered: dict[str, Any] = getattr(directives, "_directives", {})
    for name, default in (("image", Image), ("figure", Figure)):
        base = registered.get(name, default)

        class Lined(base):  # type: ignore[valid-type,misc]
            def run(self) -> list[nodes.Node]:
                result: list[nodes.Node] = super().run()
                where = self.state_machine.get_source_and_line(self.lineno)
                for node in result:
                    for image in node.findall(nodes.image):
                        if image.line is None:
                            image.source, image.line = where
                return result

        app.add_directive(name, Lined, override=True)
