"""coppub stats against potodo and msgfmt --statistics, side by side, in one run.

    python benchmarks/stats_bench.py [--dir /tmp/coppub-bench] [--catalogs 500]

Generates the project with generate.py when it is missing, then times, over every
language: `coppub stats --words`, `potodo` on each language folder, and `msgfmt
--statistics` on every file (one process per file, as a script or Makefile does).
Prints wall times and the ratios, and coppub's peak memory for one and for all languages.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def timed(commands: list[list[str]], cwd: Path) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    return time.perf_counter() - start


def peak_kib(command: list[str], cwd: Path) -> int:
    """Peak resident memory of one command (fresh child, so the figure is its own)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
            "stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *command], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/coppub-bench"))
    parser.add_argument("--catalogs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = args.dir
    if not (project / "coppub.toml").exists():
        print(f"generating {project} …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project),
                        "--catalogs", str(args.catalogs)], check=True)
    langs = sorted(p.name for p in (project / "locales").iterdir() if p.name != "templates")
    files = sorted(str(p) for p in (project / "locales").rglob("*.po"))
    coppub = [str(BIN / "coppub"), "stats", "--words"]
    rows: list[tuple[str, float]] = []
    best = min(timed([coppub], project) for _ in range(args.repeat))
    rows.append(("coppub stats --words (all languages)", best))
    if shutil.which("potodo") or (BIN / "potodo").exists():
        potodo = str(BIN / "potodo") if (BIN / "potodo").exists() else "potodo"
        cmds = [[potodo, "-p", f"locales/{lang}"] for lang in langs]
        rows.append(("potodo -p locales/<lang>, each language",
                     min(timed(cmds, project) for _ in range(args.repeat))))
    if shutil.which("msgfmt"):
        cmds = [["msgfmt", "--statistics", "-o", "/dev/null", f] for f in files]
        rows.append(("msgfmt --statistics, every file", timed(cmds, project)))
    messages = sum(1 for _ in (project / "locales" / "templates").rglob("*.pot"))
    print(f"project: {project}, {len(langs)} languages, {messages} templates, "
          f"{len(files)} catalogs")
    for name, seconds in rows:
        ratio = seconds / best
        print(f"{name:45} {seconds:7.2f} s   {ratio:5.1f} x coppub")
    one = peak_kib([*coppub, "-l", langs[0]], project)
    every = peak_kib(coppub, project)
    print(f"coppub peak memory: one language {one / 1024:.0f} MiB, "
          f"{len(langs)} languages {every / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
