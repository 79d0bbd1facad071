"""The CI workflows in the repository (GitHub Actions, GitLab CI) are valid YAML and
their shell steps, run here in order on the sample book (each job in its own clone,
artifacts carried between jobs as the CI would), publish the site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_artifacts import make_book

GITHUB = ROOT / ".github/workflows/coppub.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_INSTALL = "--require-hashes --no-deps -r requirements.lock"


def repository(tmp_path: Path) -> Path:
    """The sample book (French and Arabic complete) as a git repository."""
    book = make_book(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z",
           "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "book"]):
        subprocess.run(["git", *args], cwd=book, env=env, check=True)
    return book


def tools(tmp_path: Path) -> dict[str, str]:
    """The environment a job's shell gets: ``coppub`` and ``python`` are this test's (the
    result of the workflows' install step, which is not run here: it needs the network)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, command in (("coppub", f'"{sys.executable}" -m coppub'),
                          ("python", f'"{sys.executable}"')):
        (bin_dir / name).write_text(f'#!/bin/sh\nexec {command} "$@"\n')
        (bin_dir / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return env


def shell(script: str, cwd: Path, env: dict[str, str]) -> None:
    run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                         cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"{script}\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}"


def clone(book: Path, into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(book), str(into)], check=True)
    return into


def test_both_workflows_are_valid_and_install_from_the_lock() -> None:
    github = yaml.safe_load(GITHUB.read_text())
    assert list(github["jobs"]) == ["plan", "build", "assemble", "deploy"]
    gitlab = yaml.safe_load(GITLAB.read_text())
    assert gitlab["stages"] == ["plan", "build", "assemble", "deploy"]
    for job in github["jobs"].values():
        for step in job["steps"]:
            assert "uses" in step or "run" in step, step
            assert _EXPRESSION.search(step.get("run", "")) is None, step  # values via env:
            if step.get("name") == "Install coppub":
                assert _INSTALL in step["run"]
    assert any(_INSTALL in line for line in gitlab[".install"])
    for name in ("plan", "build", "assemble"):
        assert gitlab[name]["before_script"] == gitlab[".install"]
    assert github["jobs"]["build"]["strategy"]["fail-fast"] is False
    [cache] = [s for s in github["jobs"]["build"]["steps"]
               if s.get("uses", "").startswith("actions/cache@")]
    assert "matrix.fingerprint" in cache["with"]["key"]  # inputs unchanged: not rebuilt


def _resolve(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"the test does not know {match.group(0)}"
        return values[match.group(1)]

    return _EXPRESSION.sub(one, text)


def _github_job(job: dict[str, Any], where: Path, store: Path, env: dict[str, str],
                values: dict[str, str]) -> dict[str, str]:
    """Run one job's steps in ``where``; return what it wrote to $GITHUB_OUTPUT."""
    output = where.parent / f"{where.name}.output"
    output.write_text("")
    env = {**env, "GITHUB_OUTPUT": str(output),
           **{k: _resolve(str(v), values) for k, v in job.get("env", {}).items()}}
    for step in job["steps"]:
        uses = step.get("uses", "").split("@")[0]
        given = {k: _resolve(str(v), values) for k, v in step.get("with", {}).items()}
        if "run" in step:
            if step.get("name") != "Install coppub":  # done: this test's environment
                shell(step["run"], where, env)
        elif uses == "actions/upload-artifact":
            target = store / given["name"]
            target.mkdir(parents=True)
            shutil.copy(where / given["path"], target)
        elif uses == "actions/download-artifact":
            into = where / given.get("path", ".")
            into.mkdir(parents=True, exist_ok=True)
            pattern = given.get("name") or given["pattern"]
            for folder in sorted(store.glob(pattern)):
                for file in folder.iterdir():
                    shutil.copy(file, into)
        elif uses == "actions/upload-pages-artifact":
            shutil.copytree(where / given["path"], store / "pages")
        else:  # checkout (done), setup-python (this Python), cache (a miss), deploy-pages
            assert uses in {"actions/checkout", "actions/setup-python", "actions/cache",
                            "actions/deploy-pages"}, uses
    found = dict(line.split("=", 1) for line in output.read_text().splitlines() if line)
    return found


@pytest.mark.slow
def test_the_github_workflow_publishes_the_site(tmp_path: Path) -> None:
    book = repository(tmp_path)
    env = tools(tmp_path)
    store = tmp_path / "store"
    jobs = yaml.safe_load(GITHUB.read_text())["jobs"]
    values = {"github.ref": "refs/heads/main", "github.ref_name": "main",
              "github.run_id": "1"}
    outputs = _github_job(jobs["plan"], clone(book, tmp_path / "plan"), store, env, values)
    matrix = json.loads(outputs["matrix"])
    assert [m["lang"] for m in matrix] == ["en", "fr", "ar"]
    planned = json.loads((store / "plan" / "plan.json").read_text())
    assert {lang["code"]: lang["source_date_epoch"] for lang in planned["languages"]
            if lang["publishable"]} == {"en": 1704164645, "fr": 1704164645,
                                        "ar": 1704164645}  # the commit's date
    for entry in matrix:
        values |= {"matrix.lang": entry["lang"], "matrix.fingerprint": entry["fingerprint"]}
        _github_job(jobs["build"], clone(book, tmp_path / f"build-{entry['lang']}"), store,
                    env, values)
    _github_job(jobs["assemble"], clone(book, tmp_path / "assemble"), store, env, values)
    site = store / "pages"
    for code in ("en", "fr", "ar"):
        assert (site / code / "index.html").is_file()
        assert (site / "downloads" / f"sample-book-{code}.epub").is_file()
    assert not (site / "prs").exists()
    assert 'href="ar/index.html"' in (site / "index.html").read_text()


@pytest.mark.slow
def test_the_gitlab_pipeline_publishes_the_site(tmp_path: Path) -> None:
    book = repository(tmp_path)
    env = tools(tmp_path)
    pipeline = yaml.safe_load(GITLAB.read_text())

    def run(name: str, where: Path, variables: dict[str, str]) -> None:
        job = pipeline[name]
        # the install lines (.install) are done: this test's environment
        before = [line for line in job.get("before_script", [])
                  if line not in pipeline[".install"]]
        script = "\n".join([*before, *job["script"]])
        shell(script, where, {**env, **{k: str(v) for k, v in job.get("variables", {}).items()},
                              **variables})

    plan = clone(book, tmp_path / "plan")
    run("plan", plan, {})
    assert not (plan / "plan.env").exists()  # each language's date is in the plan
    dotenv: dict[str, str] = {}
    assemble = clone(book, tmp_path / "assemble")
    [languages] = [m["BOOK_LANG"] for m in pipeline["build"]["parallel"]["matrix"]]
    for code in languages:
        where = clone(book, tmp_path / f"build-{code}")
        shutil.copy(plan / "plan.json", where)
        run("build", where, {**dotenv, "BOOK_LANG": code})
        for artifact in (where / "artifacts").glob("*.zip"):  # the job's artifacts
            (assemble / "artifacts").mkdir(exist_ok=True)
            shutil.copy(artifact, assemble / "artifacts")
    assert sorted(p.name for p in (assemble / "artifacts").iterdir()) == [
        "coppub-ar.zip", "coppub-en.zip", "coppub-fr.zip"]
    run("assemble", assemble, dotenv)
    pages = clone(book, tmp_path / "pages")
    shutil.copytree(assemble / "public", pages / "public")
    run("pages", pages, {})
    assert (pages / "public/fr/index.html").is_file()
    assert (pages / "public/downloads/sample-book-ar.pdf").is_file()
