"""Per-script facts: fonts follow the language's script, not its direction; one table
feeds fonts, quotes, digits, interface languages and the pages; coppub's pages escape
what they show."""

from __future__ import annotations

from pathlib import Path

from coppub.config import Settings
from coppub.fonts import cover_fonts, needs_fonts
from coppub.languages import make_language
from coppub.scripts import NASKH, NASTALIQ, PERSIAN_DIGITS, facts
from coppub.webfonts import css


def test_hebrew_is_not_given_arabic_fonts() -> None:
    hebrew = make_language("he", {}, 80)
    assert (hebrew.direction, hebrew.script) == ("rtl", "Hebr")
    assert needs_fonts(hebrew, "שלום עולם") == ()
    assert "Naskh" not in " ".join(cover_fonts(hebrew))
    assert "Arabic" not in css("he", facts("he", hebrew.script), [])
    assert "Hebrew" in css("he", facts("he", hebrew.script), [])


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


def test_marked_text_keeps_its_own_script_on_an_urdu_page() -> None:
    """English on an Urdu page in a Latin font at a Latin line height; Arabic's name in
    the switcher in Naskh, not Nastaliq; Nastaliq shipped, with its bold."""
    langs = {code: make_language(code, {}, 80) for code in ("ur", "ar", "fr")}
    others = [("en", facts("en", "Latn")),
              *((lang.bcp47, facts(code, lang.script)) for code, lang in langs.items())]
    rules = css("ur", facts("ur", "Arab"), others).splitlines()
    assert 'body:lang(ur) { font-family: "Noto Nastaliq Urdu", "Noto Naskh Arabic", ' \
        '"DejaVu Sans", sans-serif; line-height: 2.2; }' in rules
    latin = next(r for r in rules if r.startswith("[lang]:lang(en)"))
    assert latin.startswith("[lang]:lang(en), [lang]:lang(fr) {")
    assert "Nastaliq" not in latin and "line-height: 1.65" in latin
    naskh = next(r for r in rules if r.startswith("[lang]:lang(ar)"))
    assert "Nastaliq" not in naskh
    faces = [r for r in rules if r.startswith("@font-face")]
    assert len(faces) == 2 and "font-weight: bold" in faces[1]
    assert 'url("fonts/NotoNastaliqUrdu-Bold.woff2") format("woff2")' in faces[1]
    assert faces[0].index('local("NotoNastaliqUrdu-Regular")') < faces[0].index("url(")
    # an English page names the other scripts but ships no font
    english = css("en", facts("en", "Latn"), others)
    assert "@font-face" not in english and "body:lang" not in english
    assert "[lang]:lang(ur) {" in english


def test_web_fonts_are_subset_to_the_pages_and_rewritten_only_when_they_change(
        tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    from coppub.webfonts import write_subsets

    site, record = tmp_path / "html", tmp_path / "doctrees"
    site.mkdir()
    (site / "index.html").write_text("<p>الشرطة</p>", encoding="utf-8")
    arabic = facts("ar", "Arab")
    written = write_subsets(site, arabic, record)
    assert [p.name for p in written] == ["NotoNaskhArabic-Regular.woff2",
                                         "NotoNaskhArabic-Bold.woff2"]
    font = TTFont(written[0])
    assert font.flavor == "woff2" and ord("ش") in font.getBestCmap()
    assert ord("ب") not in font.getBestCmap()  # only what the pages use
    assert write_subsets(site, arabic, record) == []  # nothing changed
    (site / "more.html").write_text("<p>كتاب</p>", encoding="utf-8")
    assert len(write_subsets(site, arabic, record)) == 2
    assert ord("ب") in TTFont(written[0]).getBestCmap()
    assert write_subsets(site, facts("fr", "Latn"), record) == []  # readers have Latin fonts


def test_a_subset_covers_the_text_whose_letters_it_draws(tmp_path: Path) -> None:
    """What lets the site's pages use an edition's subset instead of making their own."""
    from coppub.fonts import find_font
    from coppub.webfonts import covers, faces, write_subsets

    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<p>الشرطة في المجتمع</p>", encoding="utf-8")
    arabic = facts("ar", "Arab")
    [regular, _bold] = write_subsets(site, arabic, tmp_path / "record")
    face = find_font(faces(arabic)[0].file)
    assert covers(regular, face, set(map(ord, "الشرطة")))
    assert covers(regular, face, set(map(ord, "الشرطة 🙂")))  # Naskh has no emoji to draw
    assert not covers(regular, face, set(map(ord, "كتاب")))  # ك and ب are not in it
    assert not covers(tmp_path / "missing.woff2", face, set(map(ord, "ش")))
