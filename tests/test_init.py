"""coppub init: a commented coppub.toml for a project nobody here wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import HERE, Runner


def test_init_reads_conf_py_and_the_catalogs_there(tmp_path: Path, coppub: Runner,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "theirs"
    shutil.copytree(HERE / "sample" / "source", project / "docs")
    (project / "docs" / "conf.py").write_text(
        'project = "Their Docs"\nlocale_dirs = ["locale/"]\ngettext_compact = False\n'
        'html_theme = "alabaster"\n')
    for code in ("de", "fa", "sr@latin", "xyz", "en"):  # en: the source's own (onionshare)
        folder = project / "docs" / "locale" / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "index.po").write_text(
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Parts"\nmsgstr "Teile"\n')
    monkeypatch.chdir(project)
    assert coppub("init", "--dry-run") == 0
    assert not (project / "coppub.toml").exists()
    assert coppub("init") == 0, coppub.err
    text = (project / "coppub.toml").read_text()
    assert 'source-dir = "docs"' in text and 'locale-dir = "docs/locale"' in text
    assert 'title = "Their Docs"' in text and 'slug = "their-docs"' in text
    assert "de = {}" in text and "fa = {}" in text and '"sr@latin" = {}' in text
    assert '"xyz" = { name = "xyz", direction = "ltr", plural-forms = ' in text
    assert 'add "coppub.sphinxext" to extensions in docs/conf.py' in coppub.err
    assert "en = {}" not in text and "docs/locale/en is the source language's own folder" \
        in coppub.err
    assert coppub("init") == 2 and "exists already" in coppub.err  # never overwritten
    assert coppub("languages") == 0
    assert "sr@latin" in coppub.out and "Deutsch" in coppub.out
    assert coppub("stats", "--catalogs-only", "-l", "de") == 0
    assert "100.0" in coppub.out


def test_templates_above_the_project_are_named_relative_to_it(
        tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """coppub.toml is committed: templates kept beside the docs' folder (onionshare's
    ../gettext) are written as a relative path, which works on every machine."""
    project = tmp_path / "theirs"
    shutil.copytree(HERE / "sample" / "source", project / "docs" / "source")
    (project / "docs" / "source" / "conf.py").write_text('project = "Theirs"\n')
    (project / "gettext").mkdir()
    (project / "gettext" / "index.pot").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
    monkeypatch.chdir(project / "docs")
    assert coppub("init") == 0, coppub.err
    text = (project / "docs" / "coppub.toml").read_text()
    assert 'pot-dir = "../gettext"' in text and str(tmp_path) not in text
    assert 'source-dir = "source"' in text


def test_init_without_a_sphinx_project_says_where_it_looked(
    tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert coppub("init") == 2
    assert "no conf.py in" in coppub.err and "docs" in coppub.err


def test_without_coppub_toml_the_catalogs_conf_py_names_are_found(
    tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "theirs"
    project.mkdir()
    (project / "conf.py").write_text('locale_dirs = ["translations/"]\n')
    folder = project / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "index.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Parts"\nmsgstr "Teile"\n\nmsgid "Glossary"\nmsgstr ""\n')
    monkeypatch.chdir(project)
    assert coppub("languages") == 0 and "de " in coppub.out
    assert coppub("stats", "--catalogs-only") == 0 and "50.0" in coppub.out


def test_no_language_found_is_an_error_never_100_percent(
    tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["languages"], ["stats", "--catalogs-only"], ["check"]):
        assert coppub(*args) == 2, args
        assert "no languages" in coppub.err and str(tmp_path) in coppub.err
    other = tmp_path / "elsewhere" / "fr" / "LC_MESSAGES"  # --locale-dir brings languages
    other.mkdir(parents=True)
    (other / "a.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"'
                                '\n\nmsgid "Yes"\nmsgstr "Oui"\n')
    assert coppub("stats", "--catalogs-only", "--locale-dir", "elsewhere", "-l", "fr") == 0
    assert "100.0" in coppub.out


def test_a_flat_folder_of_catalogs_python_docs_style(
    tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docs-fr: one repository per language, catalogs at its root and in folders."""
    repo = tmp_path / "python-docs-fr"
    (repo / "library").mkdir(parents=True)
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    (repo / "about.po").write_text(header + 'msgid "About"\nmsgstr "À propos"\n')
    (repo / "library" / "os.po").write_text(
        header + 'msgid "Files"\nmsgstr "Fichiers"\n\nmsgid "Paths"\nmsgstr ""\n'
        '\nmsgid "Read ``os.path``."\nmsgstr "Lisez ``os.chemin``."\n')
    monkeypatch.chdir(repo)
    assert coppub("languages") == 0 and "fr " in coppub.out
    assert coppub("stats", "--catalogs-only", "--by", "chapter") == 0, coppub.err
    assert "library/os" in coppub.out and "66.7" in coppub.out
    assert coppub("check", "-l", "fr") == 0  # a changed literal is only a warning
    assert "library/os.po:13: W404" in coppub.out.replace("\\", "/")
    assert coppub("todo", "-l", "fr", "--catalogs-only") == 0
    assert "library/os" in coppub.out
    assert coppub("badges", "--catalogs-only", "-o", str(tmp_path / "badges")) == 0
    assert (tmp_path / "badges/fr.svg").is_file()
    assert coppub("dashboard", "--catalogs-only", "-o", str(tmp_path / "d.html")) == 0
    assert coppub("todo", "-l", "fr") == 1  # no templates: the hint names what works
    assert "pass --catalogs-only to stats, todo, badges or dashboard" in coppub.err
    monkeypatch.chdir(tmp_path)  # elsewhere, with --locale-dir
    assert coppub("stats", "--catalogs-only", "--locale-dir", "python-docs-fr") == 0
    assert "75.0" in coppub.out
    (repo / "about.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain\\n"\n')
    (repo / "library" / "os.po").unlink()
    assert coppub("stats", "--catalogs-only", "--locale-dir", "python-docs-fr") == 2
    assert "none of 1 catalogs read says its language" in coppub.err


def test_the_source_language_is_never_a_translation(
    tmp_path: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in ("en", "de"):
        folder = tmp_path / "locales" / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "a.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; '
                                     'charset=UTF-8\\n"\n\nmsgid "Yes"\nmsgstr "Ja"\n')
    monkeypatch.chdir(tmp_path)
    assert coppub("languages", "--format", "json") == 0
    assert [lang["code"] for lang in __import__("json").loads(coppub.out)] == ["de"]
    (tmp_path / "coppub.toml").write_text("[languages]\nen = {}\nde = {}\n")
    assert coppub("languages") == 2 and "the source language 'en' is also under" in coppub.err


def test_output_cut_short_by_a_pipe_is_no_error(tmp_path: Path) -> None:
    """`coppub check --list | head -1`: no "Broken pipe" error, exit status 0."""
    import subprocess
    import sys

    from tests.conftest import env_without_ci_noise

    done = subprocess.run(
        f'"{sys.executable}" -m coppub check --list | head -1; exit ${{PIPESTATUS[0]}}',
        shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=tmp_path,
        env=env_without_ci_noise(), timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("E001"), done.stderr
    assert "rror" not in done.stderr
