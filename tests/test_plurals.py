"""coppub's own plural table: the rules gettext tools write, whatever Babel says."""

from __future__ import annotations

import gettext
import json

import pytest
from babel.messages.plurals import get_plural

from coppub.languages import PLURAL_SAMPLE, make_language, plural_rule, same_plural_rule
from coppub.plurals import ALSO, RULES
from tests.conftest import HERE

COUNTS = (0, 1, 2, 3, 5, 11, 21, 100, 101, 1000000)
PINNED: dict[str, list[int]] = json.loads(
    (HERE / "data" / "plural-forms.json").read_text(encoding="utf-8"))

#: Written by hand from GNU gettext's documentation (the "Plural forms" node) and
#: existing catalogs, independently of the table.
BY_HAND = {
    "fr": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "es": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "de": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "pt_BR": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "ar": [0, 1, 2, 3, 3, 4, 4, 5, 5, 5],
    "ru": [2, 0, 1, 1, 2, 2, 0, 2, 0, 2],
    "pl": [2, 0, 1, 1, 2, 2, 2, 2, 2, 2],
    "ja": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "fa": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "prs": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "ur": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    "ps": [1, 0, 1, 1, 1, 1, 1, 1, 1, 1],
}


def forms(rule: str, counts: tuple[int, ...] = COUNTS) -> list[int]:
    expression = rule.split("plural=", 1)[1].rstrip("; ")
    return [gettext.c2py(expression)(n) for n in counts]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_language_chooses_its_pinned_forms(code: str) -> None:
    rule = plural_rule(code)
    assert rule is not None
    nplurals = int(rule.split(";")[0].split("=")[1])
    chosen = forms(rule)
    assert chosen == PINNED[code]
    assert all(0 <= form < nplurals for form in chosen), "a form outside nplurals"


@pytest.mark.parametrize("code", sorted(BY_HAND))
def test_handbook_and_common_languages_match_gettext(code: str) -> None:
    assert forms(make_language(code, {}, 80).plural_forms) == BY_HAND[code]


def test_pinned_file_covers_exactly_the_table() -> None:
    assert set(PINNED) == set(RULES)


def test_the_registry_does_not_ask_babel_for_plural_rules(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    import babel.messages.plurals

    def refuse(*args: object) -> None:
        raise AssertionError("Babel was asked for a plural rule")

    monkeypatch.setattr(babel.messages.plurals, "get_plural", refuse)
    for code in ("fr", "es", "ar", "ur", "prs", "ru", "it", "pt_BR", "zh_Hans"):
        assert make_language(code, {}, 80).plural_forms == plural_rule(code)


def test_region_falls_back_to_its_language() -> None:
    assert plural_rule("fr_CA") == plural_rule("fr")
    assert plural_rule("ar_EG") == plural_rule("ar")


def test_report_where_coppub_deliberately_differs_from_the_installed_babel(
    capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a failure when Babel changes: a list of the rules coppub keeps its own way."""
    differences = []
    for code in sorted(RULES):
        try:
            babel = str(get_plural(code))
        except Exception:  # noqa: BLE001 - Babel does not know every code of the table
            continue
        if not same_plural_rule(babel, plural_rule(code) or ""):
            differences.append(f"{code}: coppub {plural_rule(code)!r}, Babel {babel!r}")
    with capsys.disabled():
        print(f"\n{len(differences)} plural rules differ from Babel's (coppub's are kept):")
        for line in differences[:5]:
            print("  " + line)
    # The handbook's languages are the ones a Babel upgrade broke before.
    assert forms(make_language("fr", {}, 80).plural_forms) == BY_HAND["fr"]


def test_equivalence_separates_rules_that_differ_only_at_large_counts() -> None:
    two = "nplurals=2; plural=(n != 1);"
    # CLDR 46's "many" form for Spanish: multiples of a million
    assert not same_plural_rule(two, "nplurals=2; plural=(n != 1 && n % 1000000 != 0);")
    assert not same_plural_rule(two, "nplurals=2; plural=(n != 1 && n != 1000000000);")
    assert not same_plural_rule(two, "nplurals=2; plural=(n != 1 && n != 1000005);")
    assert same_plural_rule(two, "nplurals=2; plural=n!=1")
    assert {10 ** 6, 10 ** 9, 10 ** 6 + 7} <= set(PLURAL_SAMPLE)


@pytest.mark.parametrize("code", sorted(ALSO))
def test_alternative_spellings_parse(code: str) -> None:
    for nplurals, expression in ALSO[code]:
        rule = f"nplurals={nplurals}; plural={expression};"
        assert all(0 <= f < nplurals for f in forms(rule, tuple(range(200))))



def test_languages_json_gives_coppub_s_rules_whatever_babel_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import babel.messages.plurals

    from coppub.cli import main
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)

    def refuse(*args: object) -> None:
        raise AssertionError("Babel was asked for a plural rule")

    monkeypatch.setattr(babel.messages.plurals, "get_plural", refuse)
    assert main(["languages", "--format", "json"]) == 0
    rules = {lang["code"]: lang["plural_forms"] for lang in json.loads(capsys.readouterr().out)}
    assert rules["fr"] == "nplurals=2; plural=(n > 1);"
    assert rules["es"] == "nplurals=2; plural=(n != 1);"
    assert rules["ar"].startswith("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 :")
