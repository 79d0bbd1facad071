"""`coppub update` against sphinx-intl and GNU msgmerge on a large project's next version.

    python benchmarks/update_bench.py [--dir /tmp/coppub-update] [--no-sphinx-intl]

Builds (once) a 500-catalog French project with generate.py, then a deterministic "next
version" of its templates: about 10 % of the messages edited by a few words, 3 % removed,
5 % new, with a ground-truth map of the edits. Each tool then merges the new templates
into a fresh copy of the catalogs; the script prints wall times, their ratios, and for the
edited messages that had a translation how many came out fuzzy with the right old
translation, with a wrong one, or with none. It also checks that no translation was lost,
that `msgfmt -c` accepts every file, and that a second coppub run changes no byte.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from generate import WORDS, paragraph  # noqa: E402

from coppub.pofiles import dump_po, read_po  # noqa: E402


def next_version(project: Path, seed: int = 7) -> dict[str, dict[str, str]]:
    """Write ``next/`` templates; return {domain: {new msgid: old msgid}} for the edits."""
    rng = random.Random(seed)
    truth: dict[str, dict[str, str]] = {}
    source = project / "locales" / "templates"
    for pot_path in sorted(source.rglob("*.pot")):
        domain = pot_path.relative_to(source).with_suffix("").as_posix()
        pot = read_po(pot_path)
        out = polib.POFile()
        out.metadata = dict(pot.metadata)
        edits: dict[str, str] = {}
        for entry in pot:
            r = rng.random()
            if r < 0.03:
                continue  # removed
            if r < 0.13 and len(entry.msgid.split()) >= 6 and not entry.msgid_plural:
                words = entry.msgid.split(" ")
                for _ in range(rng.randint(1, 3)):
                    i = rng.randrange(len(words))
                    if "`" not in words[i] and ":" not in words[i]:
                        words[i] = rng.choice(WORDS)
                new = " ".join(words)
                if new != entry.msgid:
                    edits[new] = entry.msgid
                    entry.msgid = new
            out.append(entry)
            if rng.random() < 0.05:
                out.append(polib.POEntry(msgid=paragraph(rng), msgstr="",
                                         occurrences=entry.occurrences))
        target = project / "next" / f"{domain}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(dump_po(out))
        truth[domain] = edits
    return truth


def fresh_copy(project: Path, name: str) -> Path:
    copy = project.parent / f"{project.name}-{name}"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    shutil.copy(project / "coppub.toml", copy)
    shutil.copytree(project / "locales" / "fr", copy / "locales" / "fr")
    shutil.copytree(project / "next", copy / "next")
    return copy


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def evaluate(old_dir: Path, new_dir: Path, truth: dict[str, dict[str, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for domain, edits in truth.items():
        old = {e.msgid: e for e in read_po(old_dir / f"{domain}.po")}
        path = new_dir / f"{domain}.po"
        new = {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}
        kept = {e.msgstr for e in polib.pofile(str(path))}
        for entry in old.values():
            if entry.msgstr and not entry.obsolete and entry.msgstr not in kept:
                counts["lost"] += 1
        for new_id, old_id in edits.items():
            before = old.get(old_id)
            if before is None or not before.msgstr or before.fuzzy:
                continue
            after = new.get(new_id)
            if after is None or not after.msgstr:
                counts["missing"] += 1
            elif after.msgstr == before.msgstr and after.fuzzy:
                counts["right"] += 1
            else:
                counts["wrong"] += 1
    return counts


def msgfmt_failures(folder: Path) -> int:
    failed = 0
    for path in folder.rglob("*.po"):
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                              capture_output=True)
        failed += done.returncode != 0
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/coppub-update/base"))
    parser.add_argument("--catalogs", type=int, default=481)
    parser.add_argument("--no-sphinx-intl", action="store_true")
    args = parser.parse_args()
    project = args.dir
    if not (project / "coppub.toml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--catalogs",
                        str(args.catalogs), "--messages", "116", "--languages", "fr"],
                       check=True)
    truth = next_version(project)
    (project / "truth.json").write_text(json.dumps(truth))
    old = project / "locales" / "fr" / "LC_MESSAGES"
    rows = []

    copy = fresh_copy(project, "coppub")
    seconds = timed([str(BIN / "coppub"), "-q", "update", "-l", "fr", "--pot-dir", "next"],
                    copy)
    again = timed([str(BIN / "coppub"), "-q", "update", "-l", "fr", "--pot-dir", "next"],
                  copy)
    snapshot = {p: p.read_bytes() for p in copy.rglob("*.po")}
    subprocess.run([str(BIN / "coppub"), "-q", "update", "-l", "fr", "--pot-dir", "next"],
                   cwd=copy, check=True)
    stable = snapshot == {p: p.read_bytes() for p in copy.rglob("*.po")}
    rows.append(("coppub update", seconds, copy))

    copy = fresh_copy(project, "msgmerge")
    pairs = " ".join(
        f"{p.relative_to(copy / 'locales/fr/LC_MESSAGES').with_suffix('')}"
        for p in sorted((copy / "locales/fr/LC_MESSAGES").rglob("*.po")))
    script = ("for d in " + pairs + "; do echo $d; done | xargs -P 2 -I{} msgmerge -q "
              "--previous -U --backup=off locales/fr/LC_MESSAGES/{}.po next/{}.pot")
    rows.append(("msgmerge --previous, two at a time", timed(["bash", "-c", script], copy),
                 copy))
    if not args.no_sphinx_intl and (BIN / "sphinx-intl").exists():
        copy = fresh_copy(project, "sphinx-intl")
        rows.append(("sphinx-intl update -j 2", timed(
            [str(BIN / "sphinx-intl"), "update", "-p", "next", "-d", "locales", "-l", "fr",
             "-j", "2"], copy), copy))

    edited = sum(len(v) for v in truth.values())
    print(f"next version: {edited} messages edited, catalogs in {old}")
    print(f"{'tool':38} {'time':>8} {'vs coppub':>9}  right / wrong / none  lost  msgfmt -c")
    base = rows[0][1]
    for name, secs, folder in rows:
        c = evaluate(old, folder / "locales/fr/LC_MESSAGES", truth)
        bad = msgfmt_failures(folder / "locales/fr/LC_MESSAGES")
        print(f"{name:38} {secs:7.2f}s {secs / base:8.1f}x  {c['right']:5} / {c['wrong']:5} "
              f"/ {c['missing']:4}  {c['lost']:4}  {bad} failed")
    print(f"coppub no-op re-run: {again:.2f} s; a second run changes no byte: {stable}")


if __name__ == "__main__":
    main()
