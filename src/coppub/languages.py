"""The language registry: code, native name, direction, plural rule, threshold.

Babel supplies native names, direction and number formats. Plural rules come from
coppub's own table (:mod:`coppub.plurals`), as GNU gettext and the translation platforms
write them: Babel follows CLDR, whose rules change between releases (Babel 2.19 gave
French and Spanish a third form) and number Arabic's forms differently from gettext, so
a Babel upgrade must never change a catalog or a check. :data:`KNOWN` fills what Babel
lacks (``prs`` is unknown to Babel).
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from .errors import LanguageError
from .plurals import RULES
from .scripts import language_facts

#: ll, lll, ll_CC, ll_Ssss, ll_Ssss_CC, and gettext's @modifier (sr@latin, ca@valencia);
#: nothing that can name a path.
#: A paper size as Typst names it (a4, us-letter, a5, iso-b5...): the PDF edition's page.
PAPER_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
CODE_RE = re.compile(
    r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?(?:@[a-z]{2,12})?$")

#: gettext modifiers that name a script (sr@latin is Serbian in Latin script).
MODIFIER_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab",
                    "devanagari": "Deva", "hebrew": "Hebr"}

#: What Babel lacks, per code.
KNOWN: Mapping[str, Mapping[str, str]] = {
    "prs": {
        "name": "دری",
        "english_name": "Dari",
        "direction": "rtl",
        "babel_locale": "fa_AF",
    },
}

#: Counts on which two plural rules must agree to be the same rule: every count up to
#: 1000, powers of ten up to 10**9, and the neighbourhood of a million (CLDR's "many"
#: form of French and Spanish selects multiples of a million).
PLURAL_SAMPLE: tuple[int, ...] = tuple(sorted(
    {*range(1001), *(10 ** k for k in range(10)), *(10 ** 6 + k for k in range(1001)),
     *(10 ** 9 + k for k in range(101))}
))


def plural_rule(code: str) -> str | None:
    """The Plural-Forms coppub writes for ``code`` (``pt_BR``, else ``pt``), or None."""
    base = code.split("@")[0]
    for key in (code, base, base.split("_")[0]):
        if key in RULES:
            nplurals, expression = RULES[key]
            return f"nplurals={nplurals}; plural={expression};"
    return None


@dataclass(frozen=True)
class Language:
    """Everything coppub needs to know about one language."""

    code: str
    name: str
    english_name: str
    direction: str
    plural_forms: str
    threshold: float
    babel_locale: str = "en"
    digits: str = "0123456789"
    #: ISO 15924 script code (Latn, Arab, Cyrl…), from CLDR's likely subtags.
    script: str = "Latn"
    #: What a paragraph whose translation is fuzzy (its source changed) shows: "source"
    #: (the source text, as Sphinx does) or "show" (the outdated translation, marked, with
    #: the current source one tap away).
    outdated: str = "source"
    #: Pages (catalog domains, glob patterns) that must be 100 % translated before the
    #: language is published (PEP 545 asks this of CPython's tutorial).
    required: tuple[str, ...] = ()
    #: A page translated below this share (words, checked) shows its source text, with the
    #: banner, rather than a mix of languages.
    page_minimum: float = 0.0
    #: The PDF edition's paper (empty: the book's, A4 unless ``[book] paper`` says).
    paper: str = ""

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def title_name(self) -> str:
        """The native name as a heading or menu shows it (français -> Français)."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def nplurals(self) -> int:
        return parse_plural_forms(self.plural_forms)[0]

    def number(self, value: float, percent: bool = False) -> str:
        """``value`` written as readers of this language expect (digits, separators)."""
        from babel.numbers import format_decimal, format_percent

        text = (format_percent(value / 100, locale=self.babel_locale) if percent
                else format_decimal(value, locale=self.babel_locale))
        return str(text).translate(str.maketrans("0123456789", self.digits))

    @property
    def bcp47(self) -> str:
        """The tag for HTML ``lang`` and EPUB ``dc:language``."""
        return bcp47(self.code)


def bcp47(code: str) -> str:
    """The BCP 47 tag of a gettext language code (``pt_BR`` -> ``pt-BR``, ``sr@latin`` ->
    ``sr-Latn``, ``ca@valencia`` -> ``ca-valencia``)."""
    base, _, modifier = code.partition("@")
    parts = base.split("_")
    if modifier in MODIFIER_SCRIPTS:
        if len(parts) == 1 or len(parts[1]) != 4:
            parts.insert(1, MODIFIER_SCRIPTS[modifier])
    elif modifier:
        parts.append(modifier)  # a BCP 47 variant
    return "-".join(parts)


@functools.lru_cache(maxsize=256)
def plural_function(expression: str) -> Callable[[int], int]:
    """The plural expression as a function of n (compiled once per process: every catalog
    of a language has the same one, and compiling it is a tenth of reading a catalog)."""
    return gettext.c2py(expression)


def parse_plural_forms(value: str) -> tuple[int, str]:
    """Split a Plural-Forms header into (nplurals, expression); raise on nonsense."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*", value)
    if not match:
        raise LanguageError(
            f"malformed Plural-Forms {value!r}",
            hint='expected "nplurals=N; plural=EXPRESSION;"',
        )
    nplurals, expression = int(match.group(1)), match.group(2).rstrip(" ;")
    try:
        plural_function(expression)
    except (ValueError, SyntaxError) as exc:
        raise LanguageError(
            f"malformed plural expression {expression!r}: {exc}",
            hint='expected "nplurals=N; plural=EXPRESSION;"',
        ) from None
    if nplurals < 1:
        raise LanguageError(f"nplurals must be at least 1 in {value!r}")
    return nplurals, expression


def same_plural_rule(a: str, b: str) -> bool:
    """True when two Plural-Forms values select the same form for every count."""
    (na, ea), (nb, eb) = parse_plural_forms(a), parse_plural_forms(b)
    if na != nb:
        return False
    fa, fb = plural_function(ea), plural_function(eb)
    return all(fa(n) == fb(n) for n in PLURAL_SAMPLE)


def likely_script(code: str, babel_locale: object = None) -> str:
    """The script a language is most likely written in (CLDR likely subtags)."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    base = str(babel_locale or "")
    for part in [*code.split("_")[1:], *base.split("_")[1:]]:
        if len(part) == 4 and part.istitle():
            return part
    for key in (code, base, code.split("_")[0], base.split("_")[0]):
        parts = str(likely.get(key, "")).split("_")
        for part in parts[1:]:
            if len(part) == 4 and part.istitle():
                return part
    return "Latn"


def check_code(code: str, known: Iterable[str]) -> str:
    """Return ``code`` if it is one of ``known``; otherwise raise a readable error."""
    known = list(known)
    if code in known:
        return code
    shape = "" if CODE_RE.match(code) else " (not a language code)"
    raise LanguageError(
        f"unknown language {code!r}{shape}",
        hint=f"known languages: {', '.join(known) or 'none'}; "
        "declare new ones under [languages] in coppub.toml",
    )


def make_language(code: str, declared: Mapping[str, Any], default_threshold: float) -> Language:
    """Build a :class:`Language` from Babel, :data:`KNOWN` and the project's declaration."""
    if not CODE_RE.match(code):
        raise LanguageError(
            f"malformed language code {code!r}",
            hint="use a gettext code such as fr, prs, pt_BR or zh_Hans",
        )
    facts: dict[str, Any] = {}
    base, _, modifier = code.partition("@")
    babel_id = base
    if modifier in MODIFIER_SCRIPTS and "_" not in base:
        babel_id = f"{base}_{MODIFIER_SCRIPTS[modifier]}"
    try:
        locale = Locale.parse(babel_id)
        facts = {
            "babel_locale": babel_id,
            "name": locale.get_display_name(locale) or code,
            "english_name": locale.get_display_name("en") or code,
            "direction": "rtl" if locale.character_order == "right-to-left" else "ltr",
        }
    except (UnknownLocaleError, ValueError):
        pass
    rule = plural_rule(code)
    if rule is not None:
        facts["plural_forms"] = rule
    facts.update(KNOWN.get(code, {}))
    facts.update({k.replace("-", "_"): v for k, v in declared.items()})
    for key in ("name", "english_name", "direction", "plural_forms", "script"):
        if key in facts and not isinstance(facts[key], str):
            raise LanguageError(f"{key.replace('_', '-')} of {code!r} must be a string, "
                                f"not {facts[key]!r}")
    missing = [k for k in ("name", "direction", "plural_forms") if k not in facts]
    if missing:
        raise LanguageError(
            f"Babel does not know {code!r} and coppub.toml does not give its "
            + ", ".join(m.replace("_", "-") for m in missing),
            hint=f'add them, e.g. [languages.{code}] name = "…", direction = "ltr" (or "rtl"), '
            'plural-forms = "nplurals=2; plural=(n != 1);"',
        )
    required = facts.get("required", [])
    if not isinstance(required, list | tuple) or not all(
            isinstance(p, str) and p for p in required):
        raise LanguageError(f"required of {code!r} must be a list of pages",
                            hint='e.g. required = ["index", "tutorial/*"]')
    page_minimum = facts.get("page_minimum", 0)
    if isinstance(page_minimum, bool) or not isinstance(page_minimum, int | float) \
            or not 0 <= page_minimum <= 100:
        raise LanguageError(f"page-minimum of {code!r} must be a percentage (0-100), not "
                            f"{page_minimum!r}", hint="e.g. page-minimum = 50")
    if facts.get("outdated", "source") not in ("show", "source"):
        raise LanguageError(f"outdated of {code!r} must be \"show\" or \"source\", not "
                            f"{facts['outdated']!r}",
                            hint="show: the outdated translation, marked; source: the "
                            "source text")
    if facts["direction"] not in ("ltr", "rtl"):
        raise LanguageError(f"direction of {code!r} must be ltr or rtl, not {facts['direction']!r}")
    parse_plural_forms(facts["plural_forms"])
    paper = facts.get("paper", "")
    if not isinstance(paper, str) or (paper and not PAPER_RE.fullmatch(paper)):
        raise LanguageError(f"paper of {code!r} must be a paper size's name, not {paper!r}",
                            hint='e.g. paper = "us-letter" (or "a4", "a5")')
    raw_threshold = facts.get("threshold", default_threshold)
    if isinstance(raw_threshold, bool) or not isinstance(raw_threshold, int | float):
        raise LanguageError(f"threshold of {code!r} must be a number, not {raw_threshold!r}",
                            hint=f"e.g. [languages] {code} = {{ threshold = 80 }}")
    threshold = float(raw_threshold)
    if not 0 <= threshold <= 100:
        raise LanguageError(f"threshold of {code!r} must be between 0 and 100, not {threshold}")
    return Language(
        script=str(facts.get("script") or likely_script(code, facts.get("babel_locale"))),
        code=code,
        name=str(facts["name"]),
        english_name=str(facts.get("english_name", facts["name"])),
        direction=str(facts["direction"]),
        plural_forms=str(facts["plural_forms"]),
        threshold=threshold,
        babel_locale=str(facts.get("babel_locale", "en")),
        digits=str(facts.get("digits") or language_facts(code).digits),
        outdated=str(facts.get("outdated", "source")),
        required=tuple(required),
        page_minimum=float(page_minimum),
        paper=paper,
    )
