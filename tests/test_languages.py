from __future__ import annotations

import re

import pytest

from coppub.config import settings_from_mapping
from coppub.errors import ConfigError, LanguageError
from coppub.languages import make_language, same_plural_rule


def test_registry_fills_what_babel_lacks() -> None:
    dari = make_language("prs", {}, 80)
    assert (dari.name, dari.direction, dari.nplurals) == ("دری", "rtl", 2)
    assert dari.rtl


def test_arabic_plural_rule_is_gnu_s_not_babel_s() -> None:
    arabic = make_language("ar", {}, 80)
    assert arabic.nplurals == 6
    # 100 takes the last form ("other") in every existing Arabic catalog.
    assert "n%100>=11 ? 4 : 5" in arabic.plural_forms


def test_babel_languages_get_native_names_and_direction() -> None:
    assert make_language("fr", {}, 80).name == "français"
    urdu = make_language("ur", {}, 80)
    assert (urdu.name, urdu.direction) == ("اردو", "rtl")


def test_declared_fields_override_and_threshold_is_kept() -> None:
    lang = make_language("es", {"threshold": 95, "name": "castellano"}, 80)
    assert (lang.name, lang.threshold) == ("castellano", 95.0)


@pytest.mark.parametrize("code", ["../etc", "fr/../../x", "FR", "f", "fr-FR", "", "fr_fr"])
def test_malformed_codes_are_refused(code: str) -> None:
    with pytest.raises(LanguageError, match="malformed"):
        make_language(code, {}, 80)


def test_unknown_code_needs_declaration() -> None:
    with pytest.raises(LanguageError, match="Babel does not know 'xyz'"):
        make_language("xyz", {}, 80)


def test_settings_name_known_codes_for_unknown_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_from_mapping({"languages": {"fr": {}, "ar": {}}}, tmp_path, "t")
    with pytest.raises(LanguageError) as info:
        settings.catalog_dir("de")
    assert "fr, ar" in info.value.hint
    assert not (tmp_path / "locales" / "de").exists()


def test_bad_language_in_config_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="malformed language code"):
        settings_from_mapping({"languages": {"../x": {}}}, tmp_path, "coppub.toml")


def test_equivalent_plural_rules() -> None:
    assert same_plural_rule("nplurals=2; plural=(n > 1);", "nplurals=2; plural=n>1")
    assert not same_plural_rule("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);")


@pytest.mark.parametrize(("data", "message"), [
    ({"book": {"slug": "../x"}}, "slug '../x' cannot name a file"),
    ({"book": {"slug": "a/b"}}, "cannot name a file"),
    ({"book": {"identifier": "urn:a\\b"}}, "is not a URN or URL"),
    ({"book": {"identifier": "urn:x<y>"}}, "is not a URN or URL"),
    ({"project": {"default-threshold": "x"}}, "default-threshold must be a number"),
    ({"languages": {"fr": {"threshold": "half"}}}, "threshold of 'fr' must be a number"),
    ({"languages": {"fr": {"plural-forms": 5}}}, "plural-forms of 'fr' must be a string"),
    ({"project": 3}, "[project] must be a table"),
    ({"book": "x"}, "[book] must be a table"),
    ({"project": {"build-dir": 3}}, "build-dir must be a path in quotes"),
])
def test_configuration_values_are_validated(tmp_path, data, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=re.escape(message)):
        settings_from_mapping(data, tmp_path, "coppub.toml")


def test_gettext_modifier_codes_are_languages() -> None:
    serbian = make_language("sr@latin", {}, 80)
    assert (serbian.name, serbian.bcp47, serbian.script) == ("srpski (latinica)", "sr-Latn",
                                                             "Latn")
    assert serbian.nplurals == 3
    assert make_language("ca@valencia", {}, 80).bcp47 == "ca-valencia"
