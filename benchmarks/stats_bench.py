"""coppub stats against potodo and msgfmt --statistics, side by side, in one run.

    python benchmarks/stats_bench.py [--dir /tmp/coppub-bench] [--catalogs 500]

Generates the project with generate.py when it is missing, then times `coppub stats
--words` and `potodo` (on PATH) on one language and on every language, each first cold
(without the figures both keep between runs) then warm (best of --repeat), and `msgfmt
--statistics` on every file (one process per file, as a script or Makefile does). Prints
wall times and the ratios, and coppub's peak memory for one and for all languages.
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
    potodo = shutil.which("potodo") or (str(BIN / "potodo") if (BIN / "potodo").exists()
                                        else None)

    def forget() -> None:
        """Both tools keep figures between runs: coppub in build/.cache, potodo in each
        language's .potodo folder. A cold run starts without them."""
        for kept in [*project.glob("build/.cache/figures*"), *project.rglob(".potodo")]:
            shutil.rmtree(kept)

    def measure(label: str, ours: list[list[str]], theirs: list[list[str]]) -> None:
        forget()
        cold = (timed(ours, project), timed(theirs, project) if potodo else None)
        warm = (min(timed(ours, project) for _ in range(args.repeat)),
                min(timed(theirs, project) for _ in range(args.repeat)) if potodo else None)
        for state, (mine, other) in (("cold", cold), (f"warm, best of {args.repeat}", warm)):
            line = f"{label:16} {state:16} coppub {mine:6.2f} s"
            if other is not None:
                line += f"   potodo {other:6.2f} s   coppub/potodo {mine / other:5.2f} x"
            print(line)

    messages = sum(1 for _ in (project / "locales" / "templates").rglob("*.pot"))
    print(f"project: {project}, {len(langs)} languages, {messages} templates, "
          f"{len(files)} catalogs; potodo: {potodo or 'not found (put it on PATH)'}")
    measure(f"one language ({langs[0]})", [[*coppub, "-l", langs[0]]],
            [[potodo or "", "-p", f"locales/{langs[0]}"]])
    measure(f"{len(langs)} languages", [coppub],
            [[potodo or "", "-p", f"locales/{lang}"] for lang in langs])
    if shutil.which("msgfmt"):
        cmds = [["msgfmt", "--statistics", "-o", "/dev/null", f] for f in files]
        print(f"msgfmt --statistics, one process per file: {timed(cmds, project):.2f} s")
    forget()
    one = peak_kib([*coppub, "-l", langs[0]], project)
    every = peak_kib(coppub, project)
    print(f"coppub peak memory, cold: one language {one / 1024:.0f} MiB, "
          f"{len(langs)} languages {every / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
