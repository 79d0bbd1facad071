"""The scale benchmark's generator and runner work (on 2 chapters: figures are not
asserted, a benchmark is not a test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_the_scale_benchmark_runs_on_a_small_book(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks/scale_bench.py"),
                          "--chapters", "2", "--languages", "fr,ar", "--json", str(out),
                          "--keep", str(tmp_path)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    results = json.loads(out.read_text())
    assert results["languages"] == ["en", "fr", "ar"]
    assert 2 * 3000 <= results["source_words"] < 2 * 4000
    assert results["full"]["published"] == ["en", "fr", "ar"] and not results["full"]["failed"]
    assert results["plain"]["runs"] == 6
    for code in ("en", "fr", "ar"):
        assert (tmp_path / "plain-2/plain" / code / "html/chapter-001.html").is_file()
    assert results["noop"]["built"] == {"en": [], "fr": [], "ar": []}
    assert results["edit"]["built"] == {"en": [], "fr": ["html", "epub"], "ar": []}
    assert all(results[name]["seconds"] > 0 and results[name]["peak_mib"] > 0
               for name in ("plain", "full", "noop", "edit", "check"))
    book = tmp_path / "book-2"
    ar = (book / "build/site/ar/chapter-001.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in ar  # and translated, into Arabic script:
    assert sum(0x0600 <= ord(c) <= 0x06FF for c in ar) > 5000
    assert "| coppub, every language, HTML + EPUB, from scratch |" in run.stdout
