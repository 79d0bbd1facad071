"""Search that finds Arabic-script words as readers type them, and numbers.

Sphinx has no search language for Arabic, Persian, Dari, Pashto or Urdu: it indexes them
with the English stemmer, and it splits words at every vowel mark, so a word written with
a shadda or a kasra is indexed as two fragments, and a reader who types it without marks
(as almost everyone does) finds nothing. Sphinx also leaves numbers out ("1829").

For every language written in Arabic script, coppub registers a search language whose
index and query are normalised the same way, in Python when the index is written and in
the reader's browser (the same rules in JavaScript, through Sphinx's own hooks: the
stemmer and the query splitter):

- vowel marks, Quranic marks and the tatweel are removed;
- alef with hamza or madda, and alef wasla, become bare alef; alef maksura becomes yeh;
  Arabic and Persian forms of kaf, yeh and heh are made one; teh marbuta becomes heh;
- the zero-width non-joiner is removed (Dari, Persian: می‌شود and میشود are one word);
- Arabic-Indic and Persian digits become ASCII digits, and numbers are indexed.

The index is also written as UTF-8 rather than with ``\\u`` escapes (half the bytes for
Arabic script) in every language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

#: Removed: harakat and other Arabic marks, superscript alef, Quranic annotations,
#: tatweel, zero-width non-joiner and joiner.
_DROP = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE),
                                 0x0640, 0x200C, 0x200D])
#: Letters made one: their forms differ by region and keyboard, not by word.
_SAME = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
         "ے": "ي", "ك": "ک", "ہ": "ه", "ۀ": "ه", "ة": "ه", "ھ": "ه", "ۂ": "ه", "ؤ": "و",
         "ئ": "ي"}
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)},
           **{chr(0x06F0 + i): str(i) for i in range(10)}}
_TABLE = str.maketrans({**dict.fromkeys(_DROP, None), **_SAME, **_DIGITS})

#: The same rules for the reader's browser (kept equal by a test that runs both).
_JS_NORMALISE = """
var coppubNormalise = function (w) {
  var drop = %(drop)s, same = %(same)s;
  var out = "";
  w = w.normalize("NFC");
  for (var i = 0; i < w.length; i++) {
    var c = w[i];
    if (drop.indexOf(c) >= 0) continue;
    out += (same[c] !== undefined) ? same[c] : c;
  }
  return out;
};
"""


def normalise(text: str) -> str:
    """``text`` as the index keeps it (see the module)."""
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def _js() -> str:
    same = {**_SAME, **_DIGITS}
    return _JS_NORMALISE % {"drop": json.dumps(_DROP), "same": json.dumps(same)}


class SearchArabicScript(SearchLanguage):
    """Search for a language written in Arabic script (registered once per language)."""

    lang = "ar"
    language_name = "Arabic script"
    stopwords: set[str] = set()
    _word_re = re.compile(r"\w+")

    js_stemmer_rawcode = ""
    js_stemmer_code = _js() + """
var Stemmer = function () {
  this.stemWord = function (w) { return coppubNormalise(w.replace(/^#/, "")); };
};
"""
    # Marks and the non-joiner must not split a word before the stemmer sees it, and a
    # number must reach the stemmer (Sphinx skips terms that are only digits): "#1829".
    js_splitter_code = """
var splitQuery = function (query) {
  return coppubNormalise(query)
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter(function (term) { return term; })
    .map(function (term) { return /^\\d+$/.test(term) ? "#" + term : term; });
};
"""

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(normalise(input))

    def stem(self, word: str) -> str:
        return normalise(word)

    def word_filter(self, word: str) -> bool:
        return bool(word)


def register(app: Sphinx, config: Any) -> None:
    """``config-inited``: a search language for the build's language, if Arabic script."""
    from . import settings_of

    code = config.language or ""
    try:
        language = settings_of(app).any_language(code)
    except Exception:  # noqa: BLE001 - an unknown language is reported elsewhere
        return
    if language.script != "Arab":
        return
    cls = type(f"Search_{code}", (SearchArabicScript,),
               {"lang": code, "language_name": language.english_name})
    app.add_search_language(cls)


def write_utf8(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: rewrite ``searchindex.js`` as UTF-8, without ``\\u`` escapes."""
    from sphinx.search import js_index

    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "searchindex.js"
    if not path.is_file():
        return
    data = js_index.loads(path.read_text(encoding="utf-8"))
    text = js_index.PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True,
                                        ensure_ascii=False) + js_index.SUFFIX
    path.write_text(text, encoding="utf-8")
