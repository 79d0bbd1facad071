"""How long checking a hostile translation takes, as its length grows (issue 11).

A translation is untrusted input: checking it must cost time linear in its length. This
times `check_entry` on the worst shapes found so far (a backtick followed by spaces once
took 13 s per 64 KB) at sizes up to the length limit, and prints the ratio of time to
length between the smallest and the largest size (1.0 is linear; 16 would be quadratic).

    python benchmarks/hostile_bench.py
"""

from __future__ import annotations

import time
from pathlib import Path

import polib

from coppub.checks.runner import check_entry, enabled_codes
from coppub.languages import make_language

SHAPES = {"backtick + spaces": lambda n: "`" + " " * (n - 1),
          "backticks": lambda n: "`" * n,
          "link openers": lambda n: "`x <" * (n // 4),
          "emphasis": lambda n: "*" + " *" * (n // 2),
          "nested bullets": lambda n: "- " * (n // 2),
          "link openers, within budget": lambda n: "`x <" * 12 + "a" * (n - 48)}
SIZES = (2_500, 5_000, 10_000, 19_990)


def main() -> None:
    french = make_language("fr", {}, 80)
    source = "word " * 700  # long enough for the 20,000-character limit
    codes = enabled_codes()
    check_entry(polib.POEntry(msgid="Trust.", msgstr="`x <y>`_ *a*"), french, Path("x.po"),
                codes)  # warm up: docutils' parser is set up on first use
    for name, make in SHAPES.items():
        times = []
        for size in SIZES:
            entry = polib.POEntry(msgid=source, msgstr=make(size))
            start = time.perf_counter()
            check_entry(entry, french, Path("x.po"), codes)
            times.append(time.perf_counter() - start)
        ratio = (times[-1] / SIZES[-1]) / (times[0] / SIZES[0])
        print(f"{name:18} " + "  ".join(f"{t * 1000:7.1f} ms" for t in times)
              + f"   time/length ratio {ratio:.1f}")


if __name__ == "__main__":
    main()
