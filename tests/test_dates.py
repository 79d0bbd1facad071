"""Each language's edition is dated by its own inputs (coppub.dates): a commit to one
language's catalogs re-dates, and so rebuilds, that language only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coppub.config import load_settings
from coppub.dates import edition_date
from tests.conftest import HERE
from tests.test_artifacts import translate_all, tree
from tests.test_workflows import repository

FIRST = 1704164645  # 2024-01-02T03:04:05Z: the book's commit (tests.test_workflows)
LATER = "2024-02-03T04:05:06Z"


def commit(book: Path, when: str, *paths: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "add", *paths], cwd=book, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "change"], cwd=book, env=env, check=True)


def coppub_here(book: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """coppub in its own process, without SOURCE_DATE_EPOCH: the dates are the inputs'."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "coppub", *args], cwd=book, env=env,
                          capture_output=True, text=True, check=False)


def epub_modified(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        opf = next(n for n in archive.namelist() if n.endswith(".opf"))
        text = archive.read(opf).decode()
    start = text.index('<meta property="dcterms:modified">') + 34
    return text[start:text.index("<", start)]


def test_where_an_edition_date_comes_from(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = tmp_path / "plain"
    shutil.copytree(HERE / "sample", plain)
    (plain / "locales/fr/LC_MESSAGES").mkdir(parents=True)
    catalog = plain / "locales/fr/LC_MESSAGES/chapter.po"
    catalog.write_text('msgid "A"\nmsgstr "B"\n')
    for path in plain.rglob("*"):
        os.utime(path, (1000, 1000))
    os.utime(catalog, (5000, 5000))
    settings = load_settings(start=plain)
    # not in git: the newest file time of the language's own inputs
    assert edition_date(settings, "fr") == edition_date(settings, "fr").__class__(5000, "files")
    assert edition_date(settings, "en").epoch == 1000
    assert not edition_date(settings, "fr").reproducible
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    assert edition_date(settings, "fr").epoch == edition_date(settings, "en").epoch == 42
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # in git: the last commit that changed them, unless one of them is not committed
    book = repository(tmp_path)
    settings = load_settings(start=book)
    assert (edition_date(settings, "ar").epoch, edition_date(settings, "ar").origin) == \
        (FIRST, "git")
    (book / "README").write_text("not an input\n")
    assert edition_date(settings, "ar").origin == "git"
    page = book / "locales/ar/LC_MESSAGES/chapter.po"
    page.write_text(page.read_text() + "\n")
    os.utime(page, (FIRST + 50, FIRST + 50))
    assert edition_date(settings, "ar") == edition_date(settings, "ar").__class__(
        FIRST + 50, "files")
    assert edition_date(settings, "fr").origin == "git"  # not fr's input


@pytest.mark.slow
def test_a_catalog_commit_redates_and_rebuilds_its_own_language_only(tmp_path: Path) -> None:
    book = repository(tmp_path)
    run = coppub_here(book, "build", "all", "--all-languages")
    assert run.returncode == 0, run.stderr
    before = tree(book / "build/site")
    planned = json.loads(coppub_here(book, "plan", "--format", "json").stdout)
    site = book / "build/site"
    assert epub_modified(site / "downloads/sample-book-ar.epub") == "2024-01-02T03:04:05Z"
    translate_all(book, "fr", "« ")
    commit(book, LATER, "locales/fr")
    replanned = json.loads(coppub_here(book, "plan", "--format", "json").stdout)
    old, new = ({lang["code"]: lang for lang in p["languages"]} for p in (planned, replanned))
    assert new["fr"]["source_date_epoch"] == 1706933106 != old["fr"]["source_date_epoch"]
    assert new["fr"]["fingerprint"] != old["fr"]["fingerprint"]
    for code in ("en", "ar"):  # not re-dated, same fingerprint: a CI cache hit
        assert new[code]["source_date_epoch"] == FIRST
        assert new[code]["fingerprint"] == old[code]["fingerprint"]
    run = coppub_here(book, "build", "all", "--all-languages")
    assert run.returncode == 0, run.stderr
    assert "ar: html up to date, epub up to date, pdf up to date" in run.stderr, run.stderr
    after = tree(site)
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed and all(name.startswith(("fr/", "downloads/sample-book-fr"))
                           or name in ("downloads.html", "dashboard.html", "index.html")
                           for name in changed), changed
    assert epub_modified(site / "downloads/sample-book-fr.epub") == LATER
    assert epub_modified(site / "downloads/sample-book-ar.epub") == "2024-01-02T03:04:05Z"
    downloads = after["downloads.html"].decode()
    assert "2024-02-03" in downloads and "2024-01-02" in downloads
    # Another clone builds the same site, to the byte, without SOURCE_DATE_EPOCH: the
    # dates are the history's, not the files' (a clone's files are all new).
    other = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(book), str(other)], check=True)
    run = coppub_here(other, "build", "all", "--all-languages")
    assert run.returncode == 0, run.stderr
    again = tree(other / "build/site")
    assert sorted(again) == sorted(after)  # nothing of Sphinx's cache (.buildinfo.bak)
    # The French HTML was built incrementally in the first copy: compared elsewhere.
    incremental = ("fr/", "downloads/sample-book-fr-html.zip")
    assert [name for name in again if again[name] != after[name]
            and not name.startswith(incremental)] == []
