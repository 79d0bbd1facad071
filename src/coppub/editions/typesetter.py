"""Typst, run in a process of its own: ``python -m coppub.editions.typesetter FOLDER
FONT_DIR...`` typesets ``FOLDER/book.typ`` into ``FOLDER/book.pdf`` and prints its
warnings, or its error, as JSON.

Typst keeps a pool of threads for the life of the process, and a pool does not survive
``fork()``: coppub builds in forked workers, and a worker forked from a process that had
typeset once would wait forever for threads that no longer exist. A process of its own,
started afresh, has no such past. It imports nothing of coppub, so it starts quickly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import typst

    folder, fonts = Path(argv[0]), argv[1:]
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(folder / "book.typ"), root=str(folder), font_paths=fonts,
            ignore_system_fonts=True, pdf_standards=["ua-1"])
    except typst.TypstError as exc:
        print(json.dumps({"error": str(exc.message), "diagnostic": str(exc.diagnostic)}))
        return 1
    if not isinstance(pdf, bytes):
        print(json.dumps({"error": "Typst gave no PDF", "diagnostic": ""}))
        return 1
    (folder / "book.pdf").write_bytes(pdf)
    print(json.dumps({"warnings": [str(w.message) for w in warnings]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
