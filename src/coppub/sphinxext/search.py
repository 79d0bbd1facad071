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

For Arabic, words are also stemmed with Snowball's Arabic stemmer, so a word found with its
article, a preposition or a suffix finds the same pages ("الشرطة", "للشرطة" and "شرطة" are
one word). The stemmer sees the word with teh marbuta as written, which it knows as a
suffix, and the stem is then normalised. It runs in Python (the ``snowballstemmer`` package
Sphinx depends on) and in the browser (the JavaScript of the same stemmer, which Sphinx 8.2
and later ship); with an older Sphinx the index is only normalised, on both sides alike.
Snowball's Persian stemmer is not used: it is not shipped for browsers, and the index and
the query must be stemmed the same way.

Text left in the source language (a partial edition shows it) is stemmed as Sphinx stems
it when the source is English, with Sphinx's own English stemmer on both sides, so
"changes" still finds "change" on an Arabic page.

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
#: What each step maps: splitting only keeps marks from cutting words; the stemmer sees
#: teh marbuta as written; the index keeps the stem normalised in full.
_SPLIT = {**dict.fromkeys(_DROP, ""), **_DIGITS}
_BEFORE_STEMMER = {**_SPLIT, **{c: o for c, o in _SAME.items() if c != "ة"}}
_ALL = {**_SPLIT, **_SAME}
_TABLES = {name: str.maketrans(mapping) for name, mapping in
           (("split", _SPLIT), ("stemmer", _BEFORE_STEMMER), ("all", _ALL))}

#: The same rules for the reader's browser (kept equal by a test that runs both).
_JS_NORMALISE = """
var coppubMap = function (w, table) {
  var out = "";
  w = w.normalize("NFC");
  for (var i = 0; i < w.length; i++) {
    var c = w[i];
    out += (table[c] !== undefined) ? table[c] : c;
  }
  return out;
};
var coppubTables = %(tables)s;
var coppubNormalise = function (w) { return coppubMap(w, coppubTables.all); };
"""


def _map(text: str, table: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TABLES[table])


def normalise(text: str) -> str:
    """``text`` as the index keeps it (see the module)."""
    return _map(text, "all")


def _js() -> str:
    tables = {"split": _SPLIT, "stemmer": _BEFORE_STEMMER, "all": _ALL}
    return _JS_NORMALISE % {"tables": json.dumps(tables, sort_keys=True)}


def arabic_stemmer_js() -> str | None:
    """Snowball's Arabic stemmer for browsers, as the installed Sphinx ships it (8.2 and
    later), or None."""
    return _sphinx_stemmer_js("arabic-stemmer.js")


def _sphinx_stemmer_js(name: str) -> str | None:
    """Snowball's stemmer ``name`` for browsers, with the base it needs, from the
    installed Sphinx's minified scripts (None when it has no such file)."""
    import sphinx.search

    folder = Path(sphinx.search.__file__).parent / "minified-js"
    parts = [folder / "base-stemmer.js", folder / name]
    if not all(part.is_file() for part in parts):
        return None
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


#: Letters of the Arabic script's blocks; the same pattern in Python and JavaScript.
_ARABIC_LETTER = "[\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF]"


def _is_source_script(word: str) -> bool:
    """A word in Latin letters (the source's), with no Arabic-script letter."""
    return re.search("[a-z]", word.lower()) is not None \
        and re.search(_ARABIC_LETTER, word) is None


#: The browser's stemmer: the source's stemmer for words in Latin letters, the language's
#: own (if any) for the others, then the normalisation.
_JS_STEMMER = """
var Stemmer = function () {
  var Own = %(own)s, Source = %(source)s;
  var own = Own ? new Own() : null, source = Source ? new Source() : null;
  this.stemWord = function (w) {
    w = w.replace(/^#/, "");
    if (source && /[a-z]/.test(w.toLowerCase()) && !/""" + _ARABIC_LETTER + """/.test(w)) {
      return source.stemWord(w.toLowerCase());
    }
    if (own) return coppubNormalise(own.stemWord(coppubMap(w, coppubTables.stemmer)));
    return coppubNormalise(w);
  };
};
"""


class SearchArabicScript(SearchLanguage):
    """Search for a language written in Arabic script (registered once per language)."""

    lang = "ar"
    language_name = "Arabic script"
    stopwords: set[str] = set()
    _word_re = re.compile(r"\w+")

    js_stemmer_rawcode = ""
    js_stemmer_code = _js() + _JS_STEMMER % {"own": "null", "source": "null"}
    #: Snowball's name of the language's stemmer, when both sides have it.
    snowball = ""
    #: Stems words in the source language's script (Sphinx's English search language).
    source: type[SearchLanguage] | None = None
    # Marks and the non-joiner must not split a word before the stemmer sees it, and a
    # number must reach the stemmer (Sphinx skips terms that are only digits): "#1829".
    js_splitter_code = """
var splitQuery = function (query) {
  return coppubMap(query, coppubTables.split)
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter(function (term) { return term; })
    .map(function (term) { return /^\\d+$/.test(term) ? "#" + term : term; });
};
"""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._source = self.source(options) if self.source is not None else None
        #: Each word's stem, found once: a book repeats its words, and Snowball's Python
        #: stemmer took a tenth of an Arabic build.
        self._stems: dict[str, str] = {}
        if self.snowball:
            import snowballstemmer

            self._stemmer = snowballstemmer.stemmer(self.snowball)

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(_map(input, "split"))

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stem(word)
        return stem

    def _stem(self, word: str) -> str:
        if self._source is not None and _is_source_script(word):
            return self._source.stem(word)
        if self.snowball:
            return normalise(self._stemmer.stemWord(_map(word, "stemmer")))
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
    source = settings_of(app).source_language
    app.add_search_language(search_language(code, language.english_name, source))


def search_language(code: str, name: str, source: str = "en") -> type[SearchArabicScript]:
    """The search language coppub registers for ``code``, written in Arabic script, in a
    book whose source language is ``source``."""
    facts: dict[str, Any] = {"lang": code, "language_name": name}
    own = source_js = "null"
    stemmer_js = arabic_stemmer_js() if _primary(code) == "ar" else None
    if stemmer_js is not None and "arabic" in _snowball_algorithms():
        facts["snowball"] = "arabic"
        own = f"(function () {{ {stemmer_js}\nreturn ArabicStemmer; }})()"
    if _primary(source) == "en":
        from sphinx.search.en import SearchEnglish

        facts["source"] = SearchEnglish
        source_js = _english_stemmer_js(SearchEnglish)
    facts["js_stemmer_code"] = _js() + _JS_STEMMER % {"own": own, "source": source_js}
    return type(f"Search_{code}", (SearchArabicScript,), facts)


def _primary(code: str) -> str:
    return re.split(r"[_@-]", code)[0].lower()


def _english_stemmer_js(english: type[SearchLanguage]) -> str:
    """An expression giving the constructor of Sphinx's English stemmer for browsers."""
    code = _sphinx_stemmer_js(english.js_stemmer_rawcode) \
        if english.js_stemmer_rawcode else None  # Sphinx 8.2 and later: Snowball's
    if code is not None:
        constructor = english.js_stemmer_rawcode.split("-")[0].capitalize() + "Stemmer"
        return f"(function () {{ {code}\nreturn {constructor}; }})()"
    return f"(function () {{ {english.js_stemmer_code}\nreturn Stemmer; }})()"


def _snowball_algorithms() -> list[str]:
    import snowballstemmer

    return list(snowballstemmer.algorithms())


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
