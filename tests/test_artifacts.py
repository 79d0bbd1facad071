"""Beyond one machine (issue 19): plan, per-language artifacts, assembly, and the proof
that languages built apart and assembled make the same site as one machine's build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coppub.build import Options, fingerprint
from coppub.config import load_settings
from coppub.pofiles import dump_po, read_po
from tests.conftest import HERE, Runner

EPOCH = "1700000000"
BASE = "https://books.example.org/sample"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def translate_all(project: Path, code: str, prefix: str = "") -> None:
    """Every message of ``code`` translated (its own text, prefixed: markup unchanged)."""
    for path in sorted((project / "locales" / code / "LC_MESSAGES").glob("*.po")):
        po = read_po(path)
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {i: f"{prefix}{entry.msgid}" for i in entry.msgstr_plural}
            else:
                entry.msgstr = f"{prefix}{entry.msgid}"
        path.write_bytes(dump_po(po))


def make_book(into: Path) -> Path:
    """The sample book with French and Arabic complete, Dari held back."""
    project = into / "book"
    shutil.copytree(HERE / "sample", project)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    for args in (["extract"], ["update"]):
        subprocess.run([sys.executable, "-m", "coppub", "-q", *args], cwd=project, env=env,
                       check=True)
    translate_all(project, "fr", "")
    translate_all(project, "ar", "")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'html_baseurl = "{BASE}/"\n')  # the site's address: a sitemap
    return project


def coppub_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """coppub run in its own process, in ``project``, with SOURCE_DATE_EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "coppub", *args], cwd=project, env=env,
                          capture_output=True, text=True, check=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_fingerprint_is_the_contents_not_the_folder_or_the_dates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = tmp_path / "a" / "book"
    shutil.copytree(HERE / "sample", first)
    (first / "locales/fr/LC_MESSAGES").mkdir(parents=True)
    (first / "locales/fr/LC_MESSAGES/chapter.po").write_text('msgid "A"\nmsgstr "B"\n')
    # Another folder (a dotted one: a runner's cache), every file with another date.
    second = tmp_path / ".cache" / "other" / "book"
    shutil.copytree(first, second, copy_function=shutil.copy)
    for path in second.rglob("*"):
        os.utime(path, (1, 1))
    options = Options(published=("en", "fr"))

    def key(project: Path, code: str) -> str:
        return fingerprint(load_settings(start=project), code, options)

    assert key(first, "fr") == key(second, "fr")
    assert key(first, "en") == key(second, "en")
    (second / "locales/fr/LC_MESSAGES/chapter.po").write_text('msgid "A"\nmsgstr "C"\n')
    assert key(first, "fr") != key(second, "fr")  # a translation changed: fr is rebuilt
    assert key(first, "en") == key(second, "en")  # not the others
    (second / "source/chapter.rst").write_text("Changed\n=======\n")
    assert key(first, "en") != key(second, "en")
    assert fingerprint(load_settings(start=first), "fr", Options(published=("en",))) \
        != key(first, "fr")  # another published set: other switchers


def test_plan_says_what_each_machine_builds(tmp_path: Path, coppub: Runner,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_book(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert coppub("plan", "--format", "json") == 0, coppub.err
    found = json.loads(coppub.out)
    assert found["schema"] == "coppub-plan/1"
    assert found["published"] == found["matrix"] == ["en", "fr", "ar"]
    assert found["source_date_epoch"] == int(EPOCH)
    by_code = {lang["code"]: lang for lang in found["languages"]}
    assert not by_code["prs"]["publishable"] and "below its threshold of 50 %" in \
        by_code["prs"]["reason"] and not by_code["prs"]["fingerprint"]
    settings = load_settings(start=project)
    options = Options(published=("en", "fr", "ar"))
    assert by_code["fr"]["fingerprint"] == fingerprint(settings, "fr", options)
    assert len({by_code[c]["fingerprint"] for c in ("en", "fr", "ar")}) == 3
    assert coppub("plan") == 0
    assert "prs     held back: 0.0 % of words translated" in coppub.out
    # pack needs the published set, and refuses a language outside it
    assert coppub("pack", "-l", "fr") == 2 and "--published" in coppub.err
    assert coppub("pack", "-l", "prs", "--published", "en,fr,ar") == 2
    assert "prs is not in the published set" in coppub.err


@pytest.fixture(scope="module")
def machines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each language packed in its own process from its own copy of the book; the plan
    made in another; and a copy that built everything on one machine."""
    root = tmp_path_factory.mktemp("machines")
    book = make_book(root)
    plan = root / "plan.json"
    planned = coppub_in(book, "plan", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    plan.write_text(planned.stdout)
    artifacts = root / "artifacts"
    for code in ("ar", "en", "fr"):  # the order does not matter
        copy = root / f"machine-{code}"
        shutil.copytree(book, copy)
        run = coppub_in(copy, "pack", "-l", code, "--plan", str(plan), "-o", str(artifacts))
        assert run.returncode == 0, run.stderr
    one = root / "one-machine"
    shutil.copytree(book, one)
    run = coppub_in(one, "build", "all", "--all-languages")
    assert run.returncode == 0, run.stderr
    yield {"book": book, "plan": plan, "artifacts": artifacts, "one": one, "root": root}


@pytest.mark.slow
def test_assembled_artifacts_are_the_one_machine_site_byte_for_byte(
        machines: dict[str, Path]) -> None:
    site = machines["root"] / "assembler"
    shutil.copytree(machines["book"], site)
    arts = sorted(machines["artifacts"].glob("*.zip"))
    assert [a.name for a in arts] == ["coppub-ar.zip", "coppub-en.zip", "coppub-fr.zip"]
    run = coppub_in(site, "assemble", *map(str, arts))
    assert run.returncode == 0, run.stderr
    assert "published: en, fr, ar" in run.stdout
    one, assembled = tree(machines["one"] / "build/site"), tree(site / "build/site")
    assert sorted(one) == sorted(assembled)
    assert [name for name in one if one[name] != assembled[name]] == []
    assert "fr/index.html" in assembled and "downloads/sample-book-ar.pdf" in assembled
    assert "sitemap.xml" in assembled
    # the landing page speaks each language (not the English a bare checkout has)
    assert "Lire en ligne" in assembled["index.html"].decode()


@pytest.mark.slow
def test_an_artifact_says_what_it_holds(machines: dict[str, Path]) -> None:
    with zipfile.ZipFile(machines["artifacts"] / "coppub-fr.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["language"] == "fr" and manifest["published"] == ["en", "fr", "ar"]
    assert manifest["source_date_epoch"] == int(EPOCH)
    assert {"coppub", "sphinx", "docutils", "babel", "source", "fingerprint"} <= set(manifest)
    assert manifest["figures"]["percent"] == 100.0
    plan = json.loads(machines["plan"].read_text())
    assert manifest["fingerprint"] == next(
        lang["fingerprint"] for lang in plan["languages"] if lang["code"] == "fr")
    assert {"html/index.html", "epub/sample-book-fr.epub", "pdf/sample-book-fr.pdf"} <= names
    assert names == {"manifest.json", *manifest["files"]}
    assert not any("_sources" in n or ".buildinfo" in n for n in names)


@pytest.mark.slow
def test_a_cached_artifact_is_not_built_again(machines: dict[str, Path]) -> None:
    copy = machines["root"] / "machine-fr"
    before = (machines["artifacts"] / "coppub-fr.zip").read_bytes()
    run = coppub_in(copy, "pack", "-l", "fr", "--plan", str(machines["plan"]), "-o",
                    str(machines["artifacts"]))
    assert run.returncode == 0 and "up to date (same fingerprint), kept" in run.stdout
    assert "building" not in run.stderr
    assert (machines["artifacts"] / "coppub-fr.zip").read_bytes() == before


def _damaged(source: Path, into: Path, change: str) -> Path:
    """A copy of the artifact ``source`` with one file or manifest field changed."""
    into.mkdir(parents=True, exist_ok=True)
    target = into / source.name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if change == "page" and info.filename == "html/index.html":
                data = data.replace(b"</body>", b"<p>extra</p></body>")
            if change.startswith("manifest:") and info.filename == "manifest.json":
                key, value = change.removeprefix("manifest:").split("=")
                manifest = json.loads(data)
                manifest[key] = json.loads(value)
                data = json.dumps(manifest).encode()
            new.writestr(info, data)
    return target


@pytest.mark.slow
@pytest.mark.parametrize(("change", "message"), [
    ("page", "html/index.html does not match its checksum"),
    ("manifest:coppub=\"0.0.1\"", "another coppub version"),
    ("manifest:published=[\"en\",\"fr\"]", "another published set"),
    ("manifest:source=\"0000\"", "another sources (source digest)"),
])
def test_a_mix_is_refused_and_the_site_untouched(machines: dict[str, Path], tmp_path: Path,
                                                 change: str, message: str) -> None:
    site = tmp_path / "book"
    shutil.copytree(machines["book"], site)
    good = sorted(machines["artifacts"].glob("*.zip"))
    assert coppub_in(site, "assemble", *map(str, good)).returncode == 0
    before = tree(site / "build/site")
    bad = _damaged(machines["artifacts"] / "coppub-fr.zip", tmp_path / "bad", change)
    others = [str(a) for a in good if a.name != "coppub-fr.zip"]
    run = coppub_in(site, "assemble", *others, str(bad))
    assert run.returncode == 1, run.stderr
    assert message in run.stderr and "the site was not touched" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert tree(site / "build/site") == before


@pytest.mark.slow
def test_a_missing_language_keeps_its_previous_edition(machines: dict[str, Path],
                                                       tmp_path: Path) -> None:
    site = tmp_path / "book"
    shutil.copytree(machines["book"], site)
    arts = machines["artifacts"]
    assert coppub_in(site, "assemble", *map(str, sorted(arts.glob("*.zip")))).returncode == 0
    ar_page = (site / "build/site/ar/index.html").read_bytes()
    run = coppub_in(site, "assemble", str(arts / "coppub-en.zip"), str(arts / "coppub-fr.zip"))
    assert run.returncode == 0, run.stderr
    assert "ar: no artifact; its previous edition stays published" in run.stderr
    assert (site / "build/site/ar/index.html").read_bytes() == ar_page
    assert 'href="ar/index.html"' in (site / "build/site/index.html").read_text()
    # On a site that never had it, the language is missing: said, and a failure.
    fresh = tmp_path / "fresh"
    shutil.copytree(machines["book"], fresh)
    run = coppub_in(fresh, "assemble", str(arts / "coppub-en.zip"), str(arts / "coppub-fr.zip"))
    assert run.returncode == 1 and "ar: no artifact and no previous edition" in run.stderr
    assert not (fresh / "build/site/ar").exists()
    assert 'href="ar/index.html"' not in (fresh / "build/site/index.html").read_text()


@pytest.mark.slow
def test_a_checkout_with_other_catalogs_is_refused(machines: dict[str, Path],
                                                   tmp_path: Path) -> None:
    site = tmp_path / "book"
    shutil.copytree(machines["book"], site)
    translate_all(site, "fr", "« ")
    run = coppub_in(site, "assemble", *map(str, sorted(machines["artifacts"].glob("*.zip"))))
    assert run.returncode == 1
    assert "coppub-fr.zip was built from other fr catalogs than this checkout's" in run.stderr
    assert not (site / "build/site").exists()


def sitemap_of(site: Path) -> dict[str, dict[str, str]]:
    """``site``'s sitemap.xml, parsed: per address, its alternates by hreflang."""
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc", ""): {
        link.get("hreflang", ""): link.get("href", "") for link in url.iter(f"{XHTML}link")
        if link.get("rel") == "alternate"} for url in root.iter(f"{SITEMAP}url")}


@pytest.mark.slow
def test_the_sitemap_lists_every_published_page_with_its_translations(
        machines: dict[str, Path], tmp_path: Path) -> None:
    found = sitemap_of(machines["one"] / "build/site")
    pages = ("chapter", "glossary", "index")
    assert sorted(found) == sorted(f"{BASE}/{code}/{page}.html"
                                   for code in ("en", "fr", "ar") for page in pages)
    for code in ("en", "fr", "ar"):  # each page names itself and the others; no Dari
        assert found[f"{BASE}/{code}/chapter.html"] == {
            "en": f"{BASE}/en/chapter.html", "fr": f"{BASE}/fr/chapter.html",
            "ar": f"{BASE}/ar/chapter.html", "x-default": f"{BASE}/en/chapter.html"}
    # A language that falls below its threshold is withdrawn: from the sitemap too.
    book = tmp_path / "book"
    shutil.copytree(machines["one"], book)
    for path in (book / "locales/ar/LC_MESSAGES").glob("*.po"):
        po = read_po(path)
        for entry in po:
            entry.msgstr, entry.msgstr_plural = "", {i: "" for i in entry.msgstr_plural}
        path.write_bytes(dump_po(po))
    run = coppub_in(book, "build", "html", "--all-languages")
    assert run.returncode == 0, run.stderr
    assert "ar: held back" in run.stderr and not (book / "build/site/ar").exists()
    found = sitemap_of(book / "build/site")
    assert len(found) == 6 and not any("/ar/" in url for url in found)
    assert set(found[f"{BASE}/fr/index.html"]) == {"en", "fr", "x-default"}
    # Without the site's address: no sitemap (the old one goes), and a note that says why.
    conf = book / "conf.py"
    conf.write_text(conf.read_text().replace(f'html_baseurl = "{BASE}/"', ""))
    run = coppub_in(book, "build", "html", "--all-languages", "--strict")
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("note: no sitemap.xml: it needs the site's address, "
                            "html_baseurl in conf.py") == 1
    assert not (book / "build/site/sitemap.xml").exists()
