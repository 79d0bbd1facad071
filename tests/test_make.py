"""The Makefile: LANG on the command line is the book's language, in the environment a locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("make") is None,
                                 reason="GNU make is not installed")]


def make(
    project: Path, *args: str, lang_env: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    if lang_env is not None:
        env["LANG"] = lang_env
    return subprocess.run(
        ["make", "--no-print-directory", *args, "SETUP=", f"VENV={sys.prefix}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture
def project(sample: Path) -> Path:
    shutil.copy(ROOT / "Makefile", sample / "Makefile")
    assert make(sample, "update-po").returncode == 0
    return sample


def test_lang_on_the_command_line_selects_the_language(project: Path) -> None:
    done = make(project, "html", "LANG=fr")
    assert done.returncode == 0, done.stderr
    assert '<html lang="fr"' in (project / "build/fr/html/index.html").read_text()
    # English is built as the output guard's reference, never published
    assert (project / "build/site/fr/index.html").is_file()
    assert not (project / "build/site/en").exists()


@pytest.mark.parametrize("locale", ["fr", "fr_FR.UTF-8", "C", "xx_YY"])
def test_lang_in_the_environment_is_only_a_locale(project: Path, locale: str) -> None:
    done = make(project, "html", lang_env=locale)
    assert done.returncode == 0, done.stderr
    assert '<html lang="en"' in (project / "build/en/html/index.html").read_text()
    assert not (project / "build/fr").exists()


def test_epub_lang(project: Path) -> None:
    done = make(project, "epub", "LANG=ar")
    assert done.returncode == 0, done.stderr
    assert (project / "build/ar/epub/sample-book-ar.epub").is_file()


@pytest.mark.parametrize("code", ["xx", "../etc", "fr;rm"])
def test_unknown_language_is_a_clear_error_and_creates_nothing(project: Path, code: str) -> None:
    done = make(project, "html", f"LANG={code}")
    assert done.returncode != 0
    assert "unknown language" in done.stderr and "known languages: fr, ar, prs" in done.stderr
    assert sorted(p.name for p in (project / "build").iterdir()) == [".cache"]
    assert sorted(p.name for p in (project / "locales").iterdir()) == [
        "ar", "fr", "prs", "templates"]


@pytest.mark.parametrize("code", ["fr$(shell touch pwned)", "fr`touch pwned`", "$$(touch pwned)"])
def test_nothing_in_the_language_value_is_ever_run(project: Path, code: str) -> None:
    for dry in (["-n"], []):
        done = make(project, *dry, "html", f"LANG={code}")
        assert not (project / "pwned").exists(), (code, dry)
    assert done.returncode != 0 and "unknown language" in done.stderr
