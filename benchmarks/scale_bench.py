"""coppub against a plain `sphinx-build` loop on a generated book of N chapters, in one run.

    python benchmarks/scale_bench.py [--chapters 50] [--languages fr,es,de,ar,ur]
                                     [--json FILE] [--keep DIR]

Generates the book (benchmarks/scale_book.py: about 3,000 source words per chapter, the
source language and five translations, two of them right-to-left), then times, each step
in its own process (so that its peak memory is its own):

- plain: one ``sphinx-build -D language=xx`` per language and format (HTML, EPUB), one
  after the other, each with its own output and cache, on a copy of the book (the same
  conf.py, so the same theme and extension: what differs is how the builds are run);
- full: coppub publishing every language in HTML and EPUB from scratch (the library call
  ``coppub build`` makes; one worker per core);
- no-op: the same again, nothing changed;
- one catalog: the same after one French chapter's catalog is edited (one translation);
- check: ``coppub check`` on every language.

Peak memory is the largest resident set of any process a step started (the Sphinx build
of one language and format, for the builds): ``getrusage(RUSAGE_CHILDREN)``. Figures
only: a benchmark asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "SOURCE_DATE_EPOCH": "1700000000"}


def phase(name: str, project: Path) -> dict[str, Any]:
    """Run one step here (in the process the runner started for it)."""
    sys.path.insert(0, str(SRC))
    os.environ.update(_env())
    os.chdir(project)
    from coppub.config import load_settings
    from coppub.publish import Request, publish_site

    settings = load_settings(start=project)
    every = [settings.source_language, *settings.codes]
    result: dict[str, Any] = {"phase": name}
    start = time.perf_counter()
    if name == "plain":
        for code in every:
            for builder in ("html", "epub"):
                out = project / "plain" / code / builder
                subprocess.run([str(BIN / "sphinx-build"), "-q", "-b", builder, "-D",
                                f"language={code}", "-d", str(out / ".doctrees"), "-c", ".",
                                "source", str(out)], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        result["runs"] = 2 * len(every)
    elif name in ("full", "noop", "edit"):
        if name == "edit":
            _edit_one_catalog(project)
            start = time.perf_counter()
        report = publish_site(settings, Request(all_languages=True,
                                                formats=("html", "epub")))
        result["published"] = report.published
        result["failed"] = [o.code for o in report.failed]
        result["built"] = {o.code: o.built for o in report.outcomes}
        result["warnings"] = sum(len(o.warnings) for o in report.outcomes)
    elif name == "check":
        run = subprocess.run([sys.executable, "-m", "coppub", "-q", "check"], cwd=project,
                             env=_env(), capture_output=True, text=True, check=False)
        result["exit"] = run.returncode
        result["lines"] = len(run.stdout.splitlines())
    else:
        raise SystemExit(f"unknown phase {name}")
    result["seconds"] = time.perf_counter() - start
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _edit_one_catalog(project: Path) -> None:
    """Change one translation of the first French chapter."""
    from coppub.pofiles import dump_po, read_po

    path = project / "locales/fr/LC_MESSAGES/chapter-001.po"
    po = read_po(path)
    entry = next(e for e in po if e.msgstr and not e.fuzzy and not e.msgid_plural)
    entry.msgstr = entry.msgstr + " (edited)"
    path.write_bytes(dump_po(po))


def run_phase(name: str, project: Path) -> dict[str, Any]:
    run = subprocess.run([sys.executable, __file__, "--phase", name, str(project)],
                         env=_env(), capture_output=True, text=True, check=False)
    if run.returncode:
        raise SystemExit(f"{name} failed:\n{run.stderr}")
    result: dict[str, Any] = json.loads(run.stdout.splitlines()[-1])
    return result


def words(project: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split())
               for p in (project / "source").glob("*.rst"))


def bench(chapters: int, languages: str, keep: Path | None) -> dict[str, Any]:
    from scale_book import generate

    with tempfile.TemporaryDirectory(prefix="coppub-scale-") as tmp:
        root = keep or Path(tmp)
        project = root / f"book-{chapters}"
        shutil.rmtree(project, ignore_errors=True)
        start = time.perf_counter()
        generate(project, chapters, languages.split(","))
        generated = time.perf_counter() - start
        plain = root / f"plain-{chapters}"
        shutil.rmtree(plain, ignore_errors=True)
        shutil.copytree(project, plain)
        results = {"chapters": chapters, "languages": ["en", *languages.split(",")],
                   "source_words": words(project), "cores": os.cpu_count(),
                   "generated_seconds": generated}
        for name, where in (("plain", plain), ("full", project), ("noop", project),
                            ("edit", project), ("check", project)):
            results[name] = run_phase(name, where)
            print(f"{name:6} {results[name]['seconds']:8.2f} s  peak "
                  f"{results[name]['peak_mib']:7.1f} MiB", file=sys.stderr)
    return results


def table(r: dict[str, Any]) -> str:
    full, plain = r["full"]["seconds"], r["plain"]["seconds"]
    rows = [
        ("plain `sphinx-build` loop, HTML + EPUB per language", plain, "100 %",
         r["plain"]["peak_mib"]),
        ("coppub, every language, HTML + EPUB, from scratch", full,
         f"{100 * full / plain:.1f} % of the loop", r["full"]["peak_mib"]),
        ("the same, nothing changed (no-op)", r["noop"]["seconds"],
         f"{100 * r['noop']['seconds'] / full:.1f} % of a full build", r["noop"]["peak_mib"]),
        ("the same after one French catalog edited", r["edit"]["seconds"],
         f"{100 * r['edit']['seconds'] / full:.1f} % of a full build", r["edit"]["peak_mib"]),
        ("`coppub check`, every language", r["check"]["seconds"], "",
         r["check"]["peak_mib"]),
    ]
    lines = [f"{r['chapters']} chapters, {r['source_words']:,} source words (markup "
             f"included), {len(r['languages'])} languages, {r['cores']} cores", "",
             "| run | wall time | ratio | peak memory of one process |",
             "|---|---:|---:|---:|"]
    lines += [f"| {name} | {seconds:.1f} s | {ratio} | {peak:.0f} MiB |"
              for name, seconds, ratio, peak in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", nargs=2, metavar=("NAME", "PROJECT"))
    parser.add_argument("--chapters", type=int, default=50)
    parser.add_argument("--languages", default="fr,es,de,ar,ur")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate and build in DIR (kept) instead of a temporary one")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase[0], Path(args.phase[1]))))
        return
    sys.path.insert(0, str(HERE))
    results = bench(args.chapters, args.languages, args.keep)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
