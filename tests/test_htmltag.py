"""lang and dir put on a rendered page's <html> tag, by parsing (coppub.sphinxext.htmltag)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coppub.sphinxext.htmltag import with_html_attributes
from tests.conftest import Runner

RTL = {"lang": "ar", "dir": "rtl"}


@pytest.mark.parametrize(("page", "expected"), [
    # furo: a class first, the attributes kept in their order, dir added at the end
    ('<!DOCTYPE html>\n<html class="no-js" lang="ar" data-content_root="../">\n<head>',
     '<!DOCTYPE html>\n<html class="no-js" lang="ar" data-content_root="../" dir="rtl">\n'
     "<head>"),
    # sphinx_rtd_theme: after a comment and blank lines, the theme's lang replaced
    ('<!-- <html lang="x"> in a comment -->\n\n\n<html class="writer-html5" lang="en">'
     "<body></body></html>",
     '<!-- <html lang="x"> in a comment -->\n\n\n<html class="writer-html5" lang="ar" '
     'dir="rtl"><body></body></html>'),
    # values are re-escaped; a bare attribute stays bare; upper case and CRLF are read
    ('<!DOCTYPE html>\r\n<HTML data-x="a &amp; &quot;b&quot;" hidden LANG=en>\r\n',
     '<!DOCTYPE html>\r\n<html data-x="a &amp; &quot;b&quot;" hidden lang="ar" dir="rtl">'
     "\r\n"),
    # pydata-sphinx-theme: whitespace before the tag and inside it
    ('\n<html lang="ar" data-content_root="./" >\n', '\n<html lang="ar" '
     'data-content_root="./" dir="rtl">\n'),
])
def test_lang_and_dir_on_the_html_tag(page: str, expected: str) -> None:
    assert with_html_attributes(page, RTL) == expected


@pytest.mark.parametrize("page", [
    "<div>a fragment, no html tag</div><html lang='en'>",  # the first tag is not <html>
    "just text",
    "",
    "<!DOCTYPE html><!-- <html> only in a comment -->",
])
def test_a_page_without_a_leading_html_tag_is_left_as_it_is(page: str) -> None:
    assert with_html_attributes(page, RTL) == page


def test_a_tag_that_already_says_it_is_not_rewritten() -> None:
    page = "<!DOCTYPE html>\n<html dir='rtl'   lang=ar data-content_root=\"./\">"
    assert with_html_attributes(page, RTL) is page


@pytest.mark.slow
def test_compiled_templates_are_kept_and_a_changed_template_is_compiled_again(
    sample: Path, coppub: Runner
) -> None:
    """Every build compiles the theme's templates once for all languages and formats;
    Jinja2 checks each template's source, so an edited one is never served stale."""
    assert coppub("extract") == 0 and coppub("update") == 0
    conf = sample / "conf.py"
    conf.write_text(conf.read_text() + '\ntemplates_path = ["source/_templates"]\n')
    layout = sample / "source/_templates/layout.html"
    layout.parent.mkdir()
    marker = '{%% extends "!layout.html" %%}{%% block footer %%}{{ super() }}' \
        '<p id="marker">%s</p>{%% endblock %%}\n'
    layout.write_text(marker % "first")
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    kept = sorted((sample / "build/.cache/templates").glob("*.cache"))
    assert kept  # the theme's templates and the project's own
    page = sample / "build/site/fr/chapter.html"
    assert '<p id="marker">first</p>' in page.read_text()
    layout.write_text(marker % "second")
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert '<p id="marker">second</p>' in page.read_text()
    assert '<p id="marker">first</p>' not in page.read_text()
