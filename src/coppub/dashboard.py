"""The translation dashboard: one static HTML page, no JavaScript, readable on a phone.

Per language a bar of translated, fuzzy and untranslated source words with the
publishing threshold drawn on it; per chapter a heat map of the share translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .stats import LanguageStats

_CSS = """
body{font:16px/1.5 system-ui,"Noto Sans","DejaVu Sans",sans-serif;margin:0 auto;
max-width:60rem;padding:1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.lang{margin:1rem 0}.lang p{margin:.2rem 0}
.bar{position:relative;display:flex;height:1.4rem;border:1px solid #999;background:#e0e0e0}
.t{background:#2e7d32}.f{background:#f9a825}
.thr{position:absolute;top:-.3rem;bottom:-.3rem;border-left:3px dashed #000}
.key span{display:inline-block;margin-inline-end:1rem}
.sw{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle;margin-inline-end:.3rem;
border:1px solid #999}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:end;white-space:nowrap}
th:first-child,td:first-child{text-align:start}
.ok{font-weight:bold;color:#1b5e20}.held{font-weight:bold;color:#b71c1c}
"""


def _heat(percent: float) -> str:
    """Red (0 %) through yellow to green (100 %), light enough for black text."""
    return f"hsl({percent * 1.2:.0f},70%,{85 - percent * 0.1:.0f}%)"


def _bar(stats: LanguageStats) -> str:
    f = stats.figures
    total = f.total_words or 1
    t, z = 100 * f.translated_words / total, 100 * f.fuzzy_words / total
    lang = stats.language
    verdict = ('<span class="ok">published</span>' if stats.publishable
               else '<span class="held">held back</span>')
    return (
        f'<div class="lang"><h3 lang="{lang.bcp47}" dir="{lang.direction}">'
        f"{escape(lang.name)}</h3>"
        f"<p>{escape(lang.english_name)} ({lang.code}): {stats.percent:.1f} % of "
        f"{f.total_words} words translated, {f.fuzzy_words} fuzzy, "
        f"{f.untranslated_words} untranslated; threshold {lang.threshold:g} % — {verdict}</p>"
        f'<div class="bar" role="img" aria-label="{stats.percent:.0f} % translated, '
        f'threshold {lang.threshold:g} %">'
        f'<div class="t" style="width:{t:.2f}%"></div>'
        f'<div class="f" style="width:{z:.2f}%"></div>'
        f'<div class="thr" style="inset-inline-start:{lang.threshold:g}%" '
        f'title="threshold {lang.threshold:g} %"></div></div></div>'
    )


def render(stats: Sequence[LanguageStats], title: str = "Translation status") -> str:
    """The whole page, as a string."""
    chapters = list(dict.fromkeys(c.domain for s in stats for c in s.chapters if not c.stale))
    head = "".join(f'<th scope="col" lang="{s.language.bcp47}">{escape(s.language.code)}</th>'
                   for s in stats)
    body = []
    for domain in chapters:
        cells = []
        for s in stats:
            chapter = next((c for c in s.chapters if c.domain == domain), None)
            if chapter is None:
                cells.append("<td>—</td>")
                continue
            pct = chapter.figures.percent(words=True)
            cells.append(f'<td style="background:{_heat(pct)}">{pct:.0f} %</td>')
        body.append(f'<tr><th scope="row">{escape(domain)}</th>{"".join(cells)}</tr>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        "<p>Share of the source words translated (fuzzy translations are not counted as "
        "translated). A language is published when it reaches its threshold (dashed line)."
        "</p>"
        '<p class="key"><span><i class="sw t"></i>translated</span>'
        '<span><i class="sw f"></i>fuzzy</span>'
        '<span><i class="sw" style="background:#e0e0e0"></i>untranslated</span></p>'
        + "".join(_bar(s) for s in stats)
        + '<h2>By chapter</h2><div class="scroll"><table><thead><tr><th scope="col">chapter'
        f"</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        "</body></html>\n"
    )
