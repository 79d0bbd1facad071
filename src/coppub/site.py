"""The multilingual site in ``build/site``: per-language HTML, downloads, dashboard,
and a landing page that greets the reader in every published language.

Publishing is atomic per language: the new edition is copied beside the published one
and swapped in with two renames, so a failed or interrupted build leaves what was
published before.
"""

from __future__ import annotations

import contextlib
import gettext
import os
import shutil
import signal
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .config import BOOK_DOMAIN, Settings
from .pofiles import read_po, remove_stale_temporaries, write_atomic
from .stats import LanguageStats

#: Files of a Sphinx HTML build that readers never need.
_NOT_PUBLISHED = shutil.ignore_patterns(".buildinfo", ".doctrees", "_sources")


def site_dir(settings: Settings) -> Path:
    return settings.build_dir / "site"


def publish_html(settings: Settings, code: str, built: Path) -> Path:
    """Swap the HTML built in ``built`` into ``build/site/<code>``."""
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
    shutil.rmtree(site_dir(settings) / code, ignore_errors=True)
    (site_dir(settings) / "downloads" / epub_name(settings, code)).unlink(missing_ok=True)


def epub_name(settings: Settings, code: str) -> str:
    return f"{settings.book.slug or 'book'}-{code}.epub"


def publish_epub(settings: Settings, code: str, built: Path) -> Path:
    """Copy the EPUB built in ``built`` to ``build/site/downloads`` (atomically)."""
    name = epub_name(settings, code)
    target = site_dir(settings) / "downloads" / name
    write_atomic(target, (built / name).read_bytes())
    return target


@dataclass(frozen=True)
class Edition:
    """A published language, as the landing and downloads pages show it."""

    code: str
    tag: str
    name: str
    direction: str
    title: str
    subtitle: str
    percent: float


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


def editions(settings: Settings, codes: Sequence[str],
             stats: dict[str, LanguageStats]) -> list[Edition]:
    out = []
    for code in codes:
        texts = _book_strings(settings, code)
        lang = settings.any_language(code)
        percent = stats[code].percent if code in stats else 100.0
        out.append(Edition(code, lang.bcp47, lang.title_name, lang.direction,
                           texts.get("title", ""), texts.get("subtitle", ""), percent))
    return out


def _ui(settings: Settings, code: str) -> gettext.NullTranslations:
    return gettext.translation("sphinx", localedir=str(settings.mo_dir()), languages=[code],
                               fallback=True)


_PAGE_CSS = """body{font:17px/1.6 "Noto Sans","Noto Naskh Arabic","DejaVu Sans",sans-serif;
margin:0 auto;max-width:52rem;padding:1rem;color:#1c1c1c}a{color:#0a4f9e}
.editions{list-style:none;padding:0;display:grid;gap:1rem;
grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.editions li{border:1px solid #d5d9de;border-radius:6px;padding:.8rem 1rem}
.editions h2{margin:0;font-size:1.3rem}.editions p{margin:.3rem 0}
[dir=rtl]{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",sans-serif}
[lang=ur]{font-family:"Noto Nastaliq Urdu","Noto Naskh Arabic",sans-serif;line-height:2.2}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d5d9de;padding:.3rem .5rem;
text-align:start}.scroll{overflow-x:auto}"""


def _page(title: str, body: str, script: str = "") -> str:
    return ('<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_PAGE_CSS}</style></head><body>"
            f"{body}{script}</body></html>\n")


_CHOOSER = """<script>
document.getElementById("auto").addEventListener("click", function (event) {
  var have = JSON.parse(this.dataset.languages), wanted = navigator.languages || [];
  for (var i = 0; i < wanted.length; i++) {
    var tag = wanted[i].toLowerCase(), base = tag.split("-")[0];
    var hit = have.filter(function (c) { return c.toLowerCase() === tag; })[0]
      || have.filter(function (c) { return c.split("-")[0].toLowerCase() === base; })[0];
    if (hit) {
      event.preventDefault();
      location.href = hit.replace("-", "_") + "/index.html";
      return;
    }
  }
});
</script>"""


def landing_page(settings: Settings, published: Sequence[Edition]) -> str:
    """Greets the reader in every published language; never redirects by itself."""
    items = []
    for e in published:
        ui = _ui(settings, e.code)
        epub = f"downloads/{epub_name(settings, e.code)}"
        items.append(
            f'<li lang="{e.tag}" dir="{e.direction}"><h2>{escape(e.name)}</h2>'
            f"<p><strong>{escape(e.title)}</strong></p><p>{escape(e.subtitle)}</p>"
            f'<p><a href="{e.code}/index.html" hreflang="{e.tag}">'
            f'{escape(ui.gettext("Read online"))}</a> · '
            f'<a href="{epub}" hreflang="{e.tag}">{escape(ui.gettext("Download the EPUB"))}'
            "</a></p></li>")
    tags = "[" + ",".join(f'"{e.tag}"' for e in published) + "]"
    body = (f"<h1>{escape(settings.book.title or settings.book.slug)}</h1>"
            f'<p><a id="auto" href="#" data-languages=\'{tags}\'>'
            "Open in my browser's language</a> · <a href=\"downloads.html\">Downloads</a> · "
            '<a href="dashboard.html">Translation status</a></p>'
            f'<ul class="editions">{"".join(items)}</ul>')
    return _page(settings.book.title or settings.book.slug, body, _CHOOSER)


def downloads_page(settings: Settings, published: Sequence[Edition]) -> str:
    """Each EPUB with its language, size, completeness and date."""
    rows = []
    for e in published:
        path = site_dir(settings) / "downloads" / epub_name(settings, e.code)
        if not path.exists():
            continue
        stat = path.stat()
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = time.gmtime(int(epoch) if epoch and epoch.isdigit() else stat.st_mtime)
        rows.append(
            f'<tr><td lang="{e.tag}" dir="{e.direction}">{escape(e.name)}</td>'
            f'<td><a href="downloads/{path.name}" type="application/epub+zip" download>'
            f"{path.name}</a></td><td>{stat.st_size / 1024:.0f} KB</td>"
            f"<td>{e.percent:.0f} %</td><td>{time.strftime('%Y-%m-%d', when)}</td></tr>")
    body = ("<h1>Downloads</h1><p><a href=\"index.html\">"
            + escape(settings.book.title or settings.book.slug)
            + '</a></p><div class="scroll"><table><thead><tr><th>Language</th><th>File</th>'
            "<th>Size</th><th>Translated</th><th>Date</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")
    return _page(f"Downloads — {settings.book.title or settings.book.slug}", body)


def write_pages(settings: Settings, published: Sequence[Edition],
                stats: Sequence[LanguageStats]) -> list[Path]:
    """Write the landing, downloads and dashboard pages of the site."""
    from . import dashboard

    site = site_dir(settings)
    pages = {"index.html": landing_page(settings, published),
             "downloads.html": downloads_page(settings, published),
             "dashboard.html": dashboard.render(list(stats))}
    for name, text in pages.items():
        write_atomic(site / name, text.encode())
    return [site / name for name in pages]
