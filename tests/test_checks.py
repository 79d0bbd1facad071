"""Each fixture in tests/checks states the problems it must produce, as comments:
``# expect: CODE …`` before an entry (at its msgid line), ``# expect-file: CODE …`` for
header problems (line 1). Fixtures without expectations must produce nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from coppub.checks import REGISTRY
from coppub.checks.runner import check_catalog, enabled_codes
from coppub.languages import make_language
from tests.conftest import HERE, ROOT, Runner

FIXTURES = sorted((HERE / "checks").glob("*.po"))


def expected(path: Path) -> set[tuple[str, int]]:
    lines = path.read_text(encoding="utf-8").split("\n")  # as msgfmt: only \n ends a line
    found: set[tuple[str, int]] = set()
    for number, line in enumerate(lines, 1):
        if line.startswith("# expect-file:"):
            found |= {(code, 1) for code in line.split(":", 1)[1].split()}
        elif line.startswith("# expect:"):
            target = next(n for n, text in enumerate(lines[number:], number + 1)
                          if text.startswith("msg"))
            found |= {(code, target) for code in line.split(":", 1)[1].split()}
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_produces_exactly_its_expected_problems(path: Path) -> None:
    language = make_language(path.name.split("-")[0], {}, 80)
    problems = check_catalog(path, language, enabled_codes())
    assert {(p.code, p.line) for p in problems} == expected(path)
    for problem in problems:
        assert problem.hint and problem.message


def test_every_check_has_a_fixture_and_examples() -> None:
    every = set(REGISTRY.checks) | set(REGISTRY.file_checks)
    covered = {code for path in FIXTURES for code, _ in expected(path)}
    assert every == covered
    for check in REGISTRY.checks.values():
        assert "Bad:" in check.examples and "Good:" in check.examples, check.code


@pytest.mark.slow  # every catalog of the handbook (make test also runs coppub check)
def test_real_translations_raise_no_false_alarm() -> None:
    # The handbook: long paragraphs with several roles, translated link and term text
    # with unchanged targets, Arabic-script text with Latin literals and URLs.
    for folder in sorted((ROOT / "locales").iterdir()):
        if folder.name == "templates":
            continue
        language = make_language(folder.name, {}, 80)
        for path in sorted(folder.rglob("*.po")):
            problems = check_catalog(path, language, enabled_codes())
            assert problems == [], problems[:3]


def test_select_ignore_and_silencing() -> None:
    path = HERE / "checks" / "fr-E3-safety.po"
    language = make_language("fr", {}, 80)
    only = {p.code for p in check_catalog(path, language, enabled_codes(["E30"]))}
    assert only == {"E300", "E301", "E302", "E303", "E304", "E305", "E306"}
    assert "E301" not in {p.code for p in check_catalog(path, language,
                                                        enabled_codes([], ["E301"]))}


@pytest.fixture
def project(sample: Path, coppub: Runner) -> Path:
    coppub("extract")
    coppub("update")
    return sample


def test_cli_reports_at_the_po_line_and_fails_on_errors(project: Path, coppub: Runner) -> None:
    po = project / "locales/fr/LC_MESSAGES/chapter.po"
    text = po.read_text()
    text = text.replace('msgid "Second point with a `link <https://example.org/>`_."\nmsgstr ""',
                        'msgid "Second point with a `link <https://example.org/>`_."\n'
                        'msgstr "Second point avec un `lien <https://evil.example/>`_."')
    po.write_text(text)
    source = 'msgid "Second point with a `link <https://example.org/>`_."'
    line = text.splitlines().index(source) + 1
    assert coppub("check", "-l", "fr") == 1
    assert f"chapter.po:{line}: E302 link targets changed" in coppub.out
    assert f"chapter.po:{line}: E300 adds a link to 'https://evil.example/'" in coppub.out
    assert "what to do:" in coppub.out and "3 error(s)" in coppub.err
    assert coppub("check", "-l", "fr", "--format", "json") == 1
    data = json.loads(coppub.out)
    assert {p["code"] for p in data["problems"]} == {"E300", "E301", "E302"}
    assert coppub("check", "-l", "fr", "--ignore", "E3") == 0
    assert coppub("check", "--list") == 0 and "E303" in coppub.out and "Bad:" in coppub.out


@pytest.mark.slow
def test_build_never_ships_a_failing_translation(project: Path, coppub: Runner) -> None:
    fr = project / "locales/fr/LC_MESSAGES"
    chapter = fr / "chapter.po"
    text = chapter.read_text()
    evil = {
        "Second point with a `link <https://example.org/>`_.":
            "Deuxième point avec un `lien <https://evil.example/phish>`_.",
        "First point.": "Premier point `cliquez <javascript:alert(1)>`_.",
        "A note to remember.": "Une note.\\n\\n.. raw:: html\\n\\n   <script>steal()</script>",
        "The figure caption.": "La légende **cassée.",
        "The chapter": "Le chapitre",
    }
    for msgid, msgstr in evil.items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    chapter.write_text(text)
    assert coppub("build", "all", "-l", "fr") == 0
    for code in ("E302", "E303", "E305", "E201"):
        assert code in coppub.err, code
    assert "chapter.po:" in coppub.err and "source text is published instead" in coppub.err
    html = (project / "build/site/fr/chapter.html").read_text()
    shutil.unpack_archive(project / "build/site/downloads/sample-book-fr.epub",
                          project / "unpacked", "zip")
    epub = (project / "unpacked/chapter.xhtml").read_text()
    for page in (html, epub):
        assert "Le chapitre" in page  # a good translation is published
        assert "evil.example" not in page and "javascript:" not in page
        assert "<script>steal" not in page and "steal()" not in page
        assert "First point." in page and "https://example.org/" in page
        assert not re.search(r"cassée", page)
    assert coppub("build", "html", "-l", "fr", "-W", "--fresh") == 1  # strict: fail instead


def evil_link(project: Path, comment: str = "") -> None:
    """Translate the sample's link with another target (and a translator comment)."""
    po = project / "locales/fr/LC_MESSAGES/chapter.po"
    source = 'msgid "Second point with a `link <https://example.org/>`_."\n'
    po.write_text(po.read_text().replace(
        source + 'msgstr ""',
        comment + source + 'msgstr "Second point, `lien <https://evil.example/>`_."'))


def test_select_and_ignore_take_any_case_and_refuse_unknown_codes(
    project: Path, coppub: Runner
) -> None:
    evil_link(project)
    assert coppub("check", "--select", "e30", "--format", "json") == 1
    assert {p["code"] for p in json.loads(coppub.out)["problems"]} == {"E300", "E301", "E302"}
    assert coppub("check", "--ignore", "e3") == 0
    assert coppub("check", "--select", "E999") == 2
    assert "no check code starts with E999" in coppub.err
    assert coppub("check", "--ignore", "x1") == 2


def test_errors_are_relaxed_only_in_coppub_toml_and_never_silently(
    project: Path, coppub: Runner
) -> None:
    evil_link(project, comment="# coppub: ignore E300 E301 E302\n")
    assert coppub("check", "-l", "fr") == 1  # a translator cannot silence an error
    assert "E301" in coppub.out and "E302" in coppub.out
    toml = project / "coppub.toml"
    toml.write_text(toml.read_text() + '\n[checks]\nignore = ["w501"]\n'
                    '[checks.per-file-ignores]\n"locales/fr/*/chapter.po" = ["E300", "E301", '
                    '"E302", "E303"]\n')
    assert coppub("check", "-l", "fr") == 0, coppub.out
    assert "note: coppub.toml relaxes E300, E301, E302, E303 for locales/fr/*/chapter.po" \
        in coppub.err
    assert "relaxes W501 for every catalog" in coppub.err
    toml.write_text(toml.read_text() + '\n')
    toml.write_text(toml.read_text().replace('"E303"]', '"E999"]'))
    assert coppub("check") == 2 and "unknown check code(s) E999" in coppub.err



def test_a_project_can_make_an_error_a_warning_by_code_and_path(
    project: Path, coppub: Runner
) -> None:
    """[checks] warn: still reported, as a warning; the translation is published."""
    from coppub.compile import compile_language
    from coppub.config import load_settings

    po = project / "locales/fr/LC_MESSAGES/chapter.po"
    source = 'msgid "Second point with a `link <https://example.org/>`_."\n'
    po.write_text(po.read_text().replace(  # a localized link target: E300, E301, E302
        source + 'msgstr ""',
        source + 'msgstr "Deuxième point, `lien <https://example.org/fr/>`_."'))
    assert coppub("check", "-l", "fr", "--format", "json") == 1
    assert {p["level"] for p in json.loads(coppub.out)["problems"]
            if p["code"] == "E302"} == {"error"}
    toml = project / "coppub.toml"
    toml.write_text(toml.read_text() + '\n[checks.per-file-warn]\n'
                    '"locales/fr/*/chapter.po" = ["E300", "E301", "E302"]\n')
    assert coppub("check", "-l", "fr", "--format", "json") == 0, coppub.out
    problems = [p for p in json.loads(coppub.out)["problems"] if p["code"] == "E302"]
    assert problems and {p["level"] for p in problems} == {"warning"}
    assert "note: coppub.toml makes E300, E301, E302 warnings for locales/fr/*/chapter.po" \
        in coppub.err
    result = compile_language(load_settings(start=project), "fr")
    assert not [p for p in result.rejected if p.code == "E302"]  # published
    toml.write_text(toml.read_text().replace('"E302"]', '"W501"]'))
    assert coppub("check") == 2 and "warn takes error codes" in coppub.err


@pytest.mark.parametrize("translation", ["\r", " ", "\u2028", "\n", "\t"])
def test_blank_translations_are_checked_without_crashing(translation: str) -> None:
    """Found by the property test over builds: a one-character line break crashed E201."""
    import polib

    from coppub.checks.runner import check_entry

    entry = polib.POEntry(msgid="First point.", msgstr=translation)
    problems = check_entry(entry, make_language("fr", {}, 80), Path("x.po"), enabled_codes())
    assert all("checks failed" not in p.message for p in problems)


def test_codes_of_earlier_versions_still_work_in_coppub_toml(project: Path,
                                                              coppub: Runner) -> None:
    toml = project / "coppub.toml"
    toml.write_text(toml.read_text() + '\n[checks]\nignore = ["E103", "e402"]\n')
    assert coppub("check") == 0
    assert "relaxes W404, W402 for every catalog" in coppub.err
