"""Faults: bad files, full disks, interruptions, two builds at once, killed processes.

The invariants: a translator's work is never lost (every catalog parses and holds what
it held), a published edition is whole and from one build, nothing is published after
an interruption, the next run recovers and cleans up, and no traceback is shown.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coppub.pofiles import dump_po, read_po
from tests.conftest import ROOT, Runner


@pytest.fixture
def project(sample: Path, coppub: Runner) -> Path:
    assert coppub("extract") == 0 and coppub("update") == 0
    return sample


def translations(project: Path) -> dict[str, dict[tuple[str | None, str], str]]:
    """Every catalog's translations, by file: what must never be lost."""
    out = {}
    for path in sorted((project / "locales").rglob("*.po")):
        out[str(path.relative_to(project))] = {
            (e.msgctxt, e.msgid): e.msgstr for e in read_po(path) if not e.obsolete}
    return out


def run(project: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "coppub", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def test_a_fifo_and_a_device_are_refused_unread(project: Path, coppub: Runner) -> None:
    fr = project / "locales/fr/LC_MESSAGES"
    os.mkfifo(fr / "fifo.po")
    (fr / "zero.po").symlink_to("/dev/zero")
    for args in (["stats", "--catalogs-only"], ["check"], ["todo", "-l", "fr"]):
        status = coppub(*args)  # returns at once: nothing is opened
        assert status == 1, args
        assert "fifo.po" in coppub.err + coppub.out and "not a regular file" in \
            coppub.err + coppub.out, args
        assert "Traceback" not in coppub.err and "MemoryError" not in coppub.err
    assert coppub("update") == 0  # no template: never read, only noted
    assert "fifo.po has no template" in coppub.err


def test_a_write_that_fails_names_the_catalog_and_the_others_go_on(
    project: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coppub import catalogs

    (project / "source/chapter.rst").write_text(
        (project / "source/chapter.rst").read_text() + "\nA new paragraph.\n")
    assert coppub("extract") == 0
    before = translations(project)
    real = catalogs.write_atomic

    def full_disk(path: Path, data: bytes) -> bool:
        if "/ar/" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(catalogs, "write_atomic", full_disk)
    assert coppub("update") == 1
    assert "ar/LC_MESSAGES/chapter.po" in coppub.err and "No space left" in coppub.err
    assert "Traceback" not in coppub.err
    after = translations(project)
    assert after["locales/ar/LC_MESSAGES/chapter.po"] == \
        before["locales/ar/LC_MESSAGES/chapter.po"]  # left as it was
    assert (None, "A new paragraph.") in after["locales/fr/LC_MESSAGES/chapter.po"]


def test_stale_temporary_files_are_removed_by_the_next_run(project: Path,
                                                           coppub: Runner) -> None:
    fr = project / "locales/fr/LC_MESSAGES"
    stale = fr / ".chapter.po.abc123.tmp"
    stale.write_text("half a catalog")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = fr / ".glossary.po.def456.tmp"  # perhaps another run's, still writing
    fresh.write_text("in progress")
    assert coppub("update") == 0
    assert not stale.exists() and fresh.exists()


def test_a_half_done_publication_is_recovered(project: Path, coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "fr") == 0
    site = project / "build/site"
    os.replace(site / "fr", site / ".fr.old")  # stopped between the two renames
    (site / ".ar.new").mkdir()  # a staging folder of a killed build
    assert coppub("build", "html", "-l", "en") == 0
    assert (site / "fr/index.html").is_file()
    assert not (site / ".fr.old").exists() and not (site / ".ar.new").exists()


@pytest.mark.slow
def test_two_builds_at_once_both_succeed(project: Path) -> None:
    first = run(project, "build", "all", "-l", "fr", "-l", "ar")
    time.sleep(0.3)
    second = run(project, "build", "all", "-l", "fr", "-l", "ar", "--fresh")
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "waiting for it to finish" in err1 + err2
    assert (project / "build/site/fr/index.html").is_file()
    assert not list((project / "build/site").glob(".*.new"))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_publishes_nothing_afterwards(project: Path, coppub: Runner,
                                                           sig: int) -> None:
    """Seeded random moments; after each, nothing changes; the next build recovers."""
    rng = random.Random(f"{sig}-20261129")
    site = project / "build/site"
    for _ in range(2):
        proc = run(project, "build", "all", "-l", "fr", "-l", "ar", "-j", "2", "--fresh")
        time.sleep(rng.uniform(0.5, 6.0))
        os.killpg(proc.pid, sig)  # as Ctrl-C does: the whole process group
        _out, err = proc.communicate(timeout=60)
        stopped = time.time()
        if proc.returncode == 0:
            continue  # it finished before the signal came
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        published = {p: p.stat().st_mtime for p in site.rglob("*")} if site.is_dir() else {}
        time.sleep(3)  # a worker that went on would publish now
        later = {p: p.stat().st_mtime for p in site.rglob("*")} if site.is_dir() else {}
        assert later == published
        assert all(m <= stopped for m in later.values())
    assert coppub("build", "all", "-l", "fr", "-l", "ar") == 0, coppub.err
    for code in ("fr", "ar"):
        assert (site / code / "chapter.html").is_file()
    assert not list(site.glob(".*.new")) and not list(site.glob(".*.old"))


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs. A process that has died stays a zombie until its new
    parent (the container's init, which may be slow) reaps it, and signals and pgrep
    still find it: it runs nothing."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


@pytest.mark.slow
def test_workers_die_with_their_parent(project: Path) -> None:
    proc = run(project, "build", "all", "-l", "fr", "-l", "ar", "-j", "2")
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone, with no chance to clean up
    proc.communicate(timeout=60)
    time.sleep(2)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert [pid for pid in left.stdout.split() if alive(int(pid))] == [], \
        "workers outlived their parent"


@pytest.mark.slow
def test_update_killed_at_random_moments_never_loses_a_translation(project: Path) -> None:
    """Seeded fault injection: kill -9 update at random points, then check the invariants."""
    for path in (project / "locales").rglob("*.po"):  # a translator's work to keep
        catalog = read_po(path)
        for entry in catalog:
            if not entry.msgid_plural:
                entry.msgstr = f"«{entry.msgid}» ({path.parent.parent.name})"
        path.write_bytes(dump_po(catalog))
    chapter = project / "source/chapter.rst"
    chapter.write_text(chapter.read_text().replace("First point.", "The first point."))
    assert run(project, "extract").wait(timeout=120) == 0
    before = translations(project)
    rng = random.Random(20261129)
    for _ in range(6):
        proc = run(project, "update", "--no-memory")
        time.sleep(rng.uniform(0.05, 0.8))
        proc.kill()
        proc.communicate(timeout=30)
        after = translations(project)  # every catalog still parses
        for path, entries in before.items():
            kept = set(after[path].values())
            assert {t for t in entries.values() if t} <= kept, path
    done = run(project, "update")
    _out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err


def test_the_build_after_an_interrupted_one_starts_afresh(project: Path,
                                                           coppub: Runner) -> None:
    """Sphinx's own files may be half written (here an empty .buildinfo, which Sphinx
    cannot read): the next build does not trust them."""
    assert coppub("build", "html", "-l", "fr") == 0
    (project / "build/fr/.coppub-incomplete").touch()  # as an interrupted build leaves it
    (project / "build/fr/html/.buildinfo").write_text("")
    (project / "locales/fr/LC_MESSAGES/chapter.po").touch()
    # in this process (-j 1): what forked workers log goes to the real stderr, not capsys
    assert coppub("build", "html", "-l", "fr", "-j", "1") == 0, coppub.err
    assert "did not finish; building afresh" in coppub.err
    assert not (project / "build/fr/.coppub-incomplete").exists()


def test_a_catalog_linked_out_of_the_project_is_refused(project: Path, coppub: Runner) -> None:
    outside = project.parent / "secret.po"
    outside.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "root:x:0:0"\nmsgstr "secret"\n')
    (project / "locales/fr/LC_MESSAGES/leak.po").symlink_to(outside)
    inside = project / "locales/fr/LC_MESSAGES/alias.po"
    inside.symlink_to(project / "locales/fr/LC_MESSAGES/chapter.po")  # inside: fine
    assert coppub("check", "-l", "fr") == 1
    assert "outside the project" in coppub.out and "root:x" not in coppub.out + coppub.err
    assert "alias.po" not in coppub.out


def test_the_typesetter_dies_with_the_build_that_started_it(tmp_path: Path) -> None:
    """The PDF's Typst process is the one child a Sphinx run starts itself: killed with
    its parent (a build stopped by kill -9), it must not go on alone."""
    pidfile = tmp_path / "typesetter.pid"
    fake = tmp_path / "python"  # stands for the interpreter typeset() runs Typst with
    fake.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 30\n")
    fake.chmod(0o755)
    code = ("import sys; from pathlib import Path; "
            "from coppub.editions.pdf_builder import typeset; "
            f"sys.executable = {str(fake)!r}; typeset(Path({str(tmp_path)!r}))")
    parent = subprocess.Popen([sys.executable, "-c", code])
    for _ in range(200):
        if pidfile.is_file() and pidfile.read_text().strip():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    for _ in range(40):
        if not alive(child):
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the typesetter outlived the build that started it")
