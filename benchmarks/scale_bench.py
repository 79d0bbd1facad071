"""coppub against a plain `sphinx-build` loop on a generated book of N chapters, in one run.

    python benchmarks/scale_bench.py [--chapters 50] [--languages fr,es,de,ar,ur]
                                     [--json FILE] [--keep DIR]
    python benchmarks/scale_bench.py --project DIR     # an existing project (a copy of it)

Generates the book (benchmarks/scale_book.py: about 3,000 source words per chapter, the
source language and five translations, two of them right-to-left), or copies the project
given (its coppub.toml, conf.py, sources and catalogs: build_bench.py runs it on the
handbook), then times, each step in its own process (so that its peak memory is its own):

- plain: one ``sphinx-build -D language=xx`` per language and format (HTML, EPUB), one
  after the other, each with its own output and cache, on a copy of the book (the same
  conf.py, so the same theme and extension: what differs is how the builds are run), for
  the languages coppub publishes (those that pass its gate), so that both do the same work;
- full: coppub publishing every language in HTML and EPUB from scratch (the library call
  ``coppub build`` makes; one worker per core);
- no-op: the same again, nothing changed;
- one catalog: the same after one French chapter's catalog is edited (one translation):
  a paragraph (only its page shows it), then its title (every page's table of contents
  shows it, so every page is written again);
- check: ``coppub check`` on every language.

Peak memory is the largest resident set of any process a step started (the Sphinx build
of one language and format, for the builds): ``getrusage(RUSAGE_CHILDREN)``. Figures
only: a benchmark asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
    result: dict[str, Any] = {"phase": name}
    start = time.perf_counter()
    if name == "plain":
        from coppub.build import plan

        every = plan(settings, [settings.source_language, *settings.codes]).build
        start = time.perf_counter()
        for code in every:
            for builder in ("html", "epub"):
                out = project / "plain" / code / builder
                subprocess.run([str(BIN / "sphinx-build"), "-q", "-b", builder, "-D",
                                f"language={code}", "-d", str(out / ".doctrees"), "-c", ".",
                                "source", str(out)], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        result["runs"] = 2 * len(every)
    elif name in ("full", "noop", "edit", "title"):
        if name in ("edit", "title"):
            _edit_one_catalog(project, title=name == "title")
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


def _edit_one_catalog(project: Path, title: bool = False) -> None:
    """Change one translation of the first French chapter (the first catalog, by name,
    that is not one of coppub's own: ``_book``): its first paragraph (a message of at
    least twelve words), or its title (its first message)."""
    from coppub.pofiles import dump_po, read_po

    path = min(p for p in (project / "locales/fr/LC_MESSAGES").glob("*.po")
               if not p.name.startswith("_"))
    po = read_po(path)
    entry = next(e for e in po if e.msgstr and not e.fuzzy and not e.msgid_plural
                 and (title or len(e.msgid.split()) >= 12))
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


def copy_project(source: Path, into: Path) -> Path:
    """A copy of the project at ``source`` (settings, sources, catalogs; no build)."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    for name in ("coppub.toml", "conf.py"):
        shutil.copy2(source / name, into / name)
    for name in ("source", "locales"):
        shutil.copytree(source / name, into / name)
    return into


def bench_project(project: Path, plain: Path, about: dict[str, Any]) -> dict[str, Any]:
    """Every step on ``project``; the plain loop on ``plain``, a copy of it."""
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(project, plain)
    results = {**about, "source_words": words(project), "cores": os.cpu_count()}
    for name, where in (("plain", plain), ("full", project), ("noop", project),
                        ("edit", project), ("title", project), ("check", project)):
        results[name] = run_phase(name, where)
        print(f"{name:6} {results[name]['seconds']:8.2f} s  peak "
              f"{results[name]['peak_mib']:7.1f} MiB", file=sys.stderr)
    return results


def bench(chapters: int, languages: str, keep: Path | None) -> dict[str, Any]:
    from scale_book import generate

    with tempfile.TemporaryDirectory(prefix="coppub-scale-") as tmp:
        root = keep or Path(tmp)
        project = root / f"book-{chapters}"
        shutil.rmtree(project, ignore_errors=True)
        start = time.perf_counter()
        generate(project, chapters, languages.split(","))
        generated = time.perf_counter() - start
        return bench_project(project, root / f"plain-{chapters}", {
            "book": f"{chapters} chapters", "chapters": chapters,
            "languages": ["en", *languages.split(",")], "generated_seconds": generated})


def bench_copy(source: Path, keep: Path | None) -> dict[str, Any]:
    """:func:`bench_project` on a copy of the project at ``source``."""
    sys.path.insert(0, str(SRC))
    from coppub.config import load_settings

    settings = load_settings(start=source.resolve())
    with tempfile.TemporaryDirectory(prefix="coppub-bench-") as tmp:
        root = keep or Path(tmp)
        project = copy_project(source.resolve(), root / "project")
        results = bench_project(project, root / "plain", {
            "book": settings.book.title,
            "languages": [settings.source_language, *settings.codes]})
        results["page"] = page_weight(project / "build/site", "fr/origins.html") \
            if (project / "build/site/fr/origins.html").is_file() else None
    return results


def page_weight(site: Path, page: str) -> tuple[int, int]:
    """Bytes of ``page`` and of the stylesheets and scripts it loads."""
    path = site / page
    html = path.read_text(encoding="utf-8")
    assets = set(re.findall(r'(?:href|src)="([^"]+\.(?:css|js))(?:\?[^"]*)?"', html))
    total = path.stat().st_size
    for asset in assets:
        found = (path.parent / asset).resolve()
        if found.is_file() and found.is_relative_to(site.resolve()):
            total += found.stat().st_size
    return path.stat().st_size, total


def table(r: dict[str, Any]) -> str:
    full, plain = r["full"]["seconds"], r["plain"]["seconds"]
    rows = [
        ("plain `sphinx-build` loop, HTML + EPUB per language", plain, "100 %",
         r["plain"]["peak_mib"]),
        ("coppub, every language, HTML + EPUB, from scratch", full,
         f"{100 * full / plain:.1f} % of the loop", r["full"]["peak_mib"]),
        ("the same, nothing changed (no-op)", r["noop"]["seconds"],
         f"{100 * r['noop']['seconds'] / full:.1f} % of a full build", r["noop"]["peak_mib"]),
        ("the same after one French paragraph edited", r["edit"]["seconds"],
         f"{100 * r['edit']['seconds'] / full:.1f} % of a full build", r["edit"]["peak_mib"]),
        *([("the same after that chapter's French title edited (every page shows it)",
            r["title"]["seconds"], f"{100 * r['title']['seconds'] / full:.1f} % of a full "
            "build", r["title"]["peak_mib"])] if "title" in r else []),
        ("`coppub check`, every language", r["check"]["seconds"], "",
         r["check"]["peak_mib"]),
    ]
    lines = [f"{r['book']}, {r['source_words']:,} source words (markup "
             f"included), {len(r['languages'])} languages ({len(r['full']['published'])} "
             f"published), {r['cores']} cores", "",
             "| run | wall time | ratio | peak memory of one process |",
             "|---|---:|---:|---:|"]
    lines += [f"| {name} | {seconds:.1f} s | {ratio} | {peak:.0f} MiB |"
              for name, seconds, ratio, peak in rows]
    if r.get("page"):
        html, total = r["page"]
        lines += ["", f"A typical page (fr/origins.html): {html / 1024:.1f} KiB of HTML, "
                  f"{total / 1024:.1f} KiB with the stylesheets and scripts it loads "
                  "(uncompressed)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", nargs=2, metavar=("NAME", "PROJECT"))
    parser.add_argument("--chapters", type=int, default=50)
    parser.add_argument("--languages", default="fr,es,de,ar,ur")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate and build in DIR (kept) instead of a temporary one")
    parser.add_argument("--project", type=Path, default=None,
                        help="measure a copy of this project instead of a generated book")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase[0], Path(args.phase[1]))))
        return
    sys.path.insert(0, str(HERE))
    if args.project:
        results = bench_copy(args.project, args.keep)
    else:
        results = bench(args.chapters, args.languages, args.keep)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
