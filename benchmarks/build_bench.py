"""`coppub build all --all-languages` against a plain `sphinx-build` loop, in one run.

    python benchmarks/build_bench.py

Copies the handbook to a temporary folder, then times:
- the plain loop: one `sphinx-build` per language and format (HTML and EPUB), each with
  its own output and cache, one after the other, as a Makefile loop does;
- `coppub build all --all-languages --force` from scratch (every language, both formats);
- the same command again with nothing changed (the no-op rebuild);
and prints the ratios and the weight of a typical page (HTML + the CSS and scripts it loads).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LANGUAGES = ["en", "fr", "es", "ar", "prs", "ur"]


def run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def copy_handbook(into: Path) -> Path:
    project = into / "handbook"
    project.mkdir()
    for name in ("coppub.toml", "conf.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, project / name)
    return project


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of ``page`` and of the stylesheets and scripts it loads."""
    html = page.read_text()
    assets = set(re.findall(r'(?:href|src)="([^"]+\.(?:css|js))(?:\?[^"]*)?"', html))
    total = page.stat().st_size
    for asset in assets:
        path = (page.parent / asset).resolve()
        if path.is_file() and path.is_relative_to(site.resolve()):
            total += path.stat().st_size
    return page.stat().st_size, total


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="coppub-build-bench-") as tmp:
        project = copy_handbook(Path(tmp))
        plain = 0.0
        for code in LANGUAGES:
            for builder in ("html", "epub"):
                out = project / "plain" / code / builder
                plain += run([str(BIN / "sphinx-build"), "-q", "-b", builder, "-D",
                              f"language={code}", "-d", str(out / ".doctrees"), "-c", ".",
                              "source", str(out)], project)
        full = run([str(BIN / "coppub"), "-q", "build", "all", "--all-languages", "--force"],
                   project)
        noop = run([str(BIN / "coppub"), "-q", "build", "all", "--all-languages", "--force"],
                   project)
        po = project / "locales" / "fr" / "LC_MESSAGES" / "glossary.po"
        po.write_text(po.read_text().replace('msgstr "confiance"', 'msgstr "la confiance"'))
        one = run([str(BIN / "coppub"), "-q", "build", "all", "--all-languages", "--force"],
                  project)
        site = project / "build" / "site"
        html, total = page_weight(site, site / "fr" / "origins.html")
    print(f"languages: {', '.join(LANGUAGES)}; formats: html, epub")
    print(f"plain sphinx-build loop (12 runs)          {plain:7.2f} s")
    print(f"coppub build all --all-languages           {full:7.2f} s   "
          f"{100 * full / plain:5.1f} % of the loop")
    print(f"no-op rebuild                              {noop:7.2f} s   "
          f"{100 * noop / full:5.1f} % of a full build")
    print(f"one French catalog edited                  {one:7.2f} s   "
          f"{100 * one / full:5.1f} % of a full build")
    print(f"typical page (fr/origins.html): {html / 1024:.1f} KiB HTML, "
          f"{total / 1024:.1f} KiB with its CSS and scripts (uncompressed)")


if __name__ == "__main__":
    main()
