"""Regenerate ``src/coppub/plurals.py``, coppub's own table of gettext plural rules.

The rules are the ones GNU gettext, Weblate, Transifex and Poedit write into catalogs
(``fr``: ``nplurals=2; plural=(n > 1);``), taken from Weblate's language data (MIT
licence), which follows gettext's conventions; codes that Babel names and Weblate does
not get Babel's rule as it stands when this script runs. The result is a plain table
inside coppub, so that upgrading Babel or Weblate's data never changes a catalog or a
check: a new table is a reviewed diff.

    pip install weblate-language-data babel && python tools/gen_plurals.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel import Locale, localedata
from babel.messages.plurals import get_plural
from weblate_language_data import languages as wl_languages
from weblate_language_data import plurals as wl_plurals

OUT = Path(__file__).resolve().parent.parent / "src/coppub/plurals.py"
CODE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")

#: coppub's own decisions, over Weblate's data.
OURS = {
    # Dari follows Persian (fa), as the handbook's Dari catalogs always have.
    "prs": (2, "(n > 1)"),
}


def wrapped(expression: str) -> bool:
    """True when the whole expression is one parenthesised group."""
    if not (expression.startswith("(") and expression.endswith(")")):
        return False
    depth = 0
    for i, char in enumerate(expression):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(expression) - 1:
            return False
    return True


def norm(expression: str) -> str:
    """The expression as gettext tools write it: one outer pair of parentheses."""
    expression = expression.strip().rstrip(";").strip()
    return expression if wrapped(expression) else f"({expression})"


def main() -> int:
    table: dict[str, tuple[int, str]] = {}
    extra: dict[str, list[tuple[int, str]]] = {}
    for code, _name, nplurals, formula in wl_languages.LANGUAGES:
        if CODE_RE.match(code):
            table[code] = (nplurals, norm(formula))
    for code, _name, nplurals, formula in wl_plurals.EXTRAPLURALS:
        if CODE_RE.match(code) and (nplurals, norm(formula)) != table.get(code):
            extra.setdefault(code, []).append((nplurals, norm(formula)))
    babel_only = []
    for ident in localedata.locale_identifiers():
        code = Locale.parse(ident).language
        if code not in table and CODE_RE.match(code):
            plural = get_plural(code)
            table[code] = (plural.num_plurals, norm(plural.plural_expr))
            babel_only.append(code)
    table.update(OURS)
    lines = [
        "# ruff: noqa: E501",
        '"""gettext plural rules per language: coppub\'s own table (see tools/gen_plurals.py).',
        "",
        "Generated; edit ``tools/gen_plurals.py`` and run it, never this file by hand.",
        "``RULES`` gives the rule coppub writes; ``ALSO`` the other spellings that GNU gettext,",
        "Transifex or older tools write, which coppub accepts in existing catalogs.",
        '"""',
        "",
        "RULES: dict[str, tuple[int, str]] = {",
    ]
    lines += [f"    {code!r}: ({n}, {expr!r})," for code, (n, expr) in sorted(table.items())]
    lines += ["}", "", "ALSO: dict[str, tuple[tuple[int, str], ...]] = {"]
    for code, rules in sorted(extra.items()):
        lines.append(f"    {code!r}: (")
        lines += [f"        ({n}, {expr!r})," for n, expr in rules]
        lines.append("    ),")
    lines += ["}", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(table)} languages ({len(babel_only)} from Babel only), "
          f"{sum(map(len, extra.values()))} alternative rules", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
