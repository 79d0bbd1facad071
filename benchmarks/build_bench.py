"""The handbook: coppub against a plain `sphinx-build` loop, in one run.

    python benchmarks/build_bench.py [--json FILE]

The steps of scale_bench.py (plain loop, full build, no-op, one edited French catalog,
check, peak memory), on a copy of this repository's handbook, plus the weight of a
typical page. The same as ``python benchmarks/scale_bench.py --project .``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale_bench import bench_copy, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = bench_copy(HERE.parent, None)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
