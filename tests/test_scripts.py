"""Per-script facts: fonts follow the language's script, not its direction; one table
feeds fonts, quotes, digits, interface languages and the pages; coppub's pages escape
what they show."""

from __future__ import annotations

from pathlib import Path

from coppub.config import Settings
from coppub.fonts import cover_fonts, needs_fonts
from coppub.languages import make_language
from coppub.scripts import NASKH, NASTALIQ, PERSIAN_DIGITS, body_css, facts


def test_hebrew_is_not_given_arabic_fonts() -> None:
    hebrew = make_language("he", {}, 80)
    assert (hebrew.direction, hebrew.script) == ("rtl", "Hebr")
    assert needs_fonts(hebrew, "שלום עולם") == ()
    assert "Naskh" not in " ".join(cover_fonts(hebrew))
    assert "Arabic" not in body_css("body", facts("he", hebrew.script))
    assert "Hebrew" in body_css("body", facts("he", hebrew.script))


def test_arabic_script_languages_embed_their_fonts_only_when_the_text_uses_them() -> None:
    arabic, urdu, dari = (make_language(c, {}, 80) for c in ("ar", "ur", "prs"))
    assert needs_fonts(arabic, "الشرطة") == NASKH
    assert needs_fonts(dari, "پولیس") == NASKH
    assert needs_fonts(urdu, "پولیسنگ") == NASTALIQ
    assert needs_fonts(arabic, "still in English") == ()
    assert needs_fonts(make_language("fr", {}, 80), "Police") == ()


def test_quotes_digits_and_interface_languages_come_from_the_table() -> None:
    from docutils.utils.smartquotes import smartchars

    from coppub.sphinxext.typography import install_quotes
    from coppub.ui import UI_LANGUAGES

    install_quotes()
    assert smartchars.quotes["ar"] == "«»‹›" and smartchars.quotes["ur"] == "“”‘’"
    assert make_language("prs", {}, 80).digits == PERSIAN_DIGITS
    assert make_language("prs", {}, 80).number(42) == "۴۲"
    assert make_language("ar", {}, 80).digits == "0123456789"
    assert set(UI_LANGUAGES) == {"fr", "es", "ar", "prs", "ps", "ur", "fa"}


def test_pages_escape_what_they_show(settings: Settings, sample: Path) -> None:
    from coppub.site import Published, landing_page

    hostile = Published("fr", "fr", "<b>Français</b>", "ltr", 'T"><script>x</script>',
                        "&", 50.0)
    page = landing_page(settings, [hostile])
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert "&lt;b&gt;Français" in page and "<p>&amp;</p>" in page
