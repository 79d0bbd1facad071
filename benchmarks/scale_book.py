"""Generate a whole translated Sphinx book for the scale benchmark (deterministic).

    python benchmarks/scale_book.py OUT [--chapters 50] [--languages fr,es,de,ar,ur]

OUT gets conf.py, coppub.toml, source/ (an index, N chapters of about 3,000 source words
each: sections, paragraphs, lists, a table, a figure, notes, cross-references to other
chapters, glossary terms; and a glossary) and, through ``coppub extract`` and ``coppub
update``, one catalog per page and language, filled by transforming the source words:
Latin-script languages get each word reversed, Arabic and Urdu each letter mapped to one of
their own script; markup (roles, literals, links) is kept as translators keep it. About
88 % of the messages are translated, 6 % fuzzy and 6 % untranslated.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from generate import WORDS  # noqa: E402  (the vocabulary of the catalog benchmarks)

from coppub.pofiles import dump_po, read_po  # noqa: E402

TERMS = ["trust", "oversight", "patrol", "mediation", "accountability", "elders",
         "complaint", "prevention"]
WORDS_PER_CHAPTER = 3000
_ARABIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنهو", strict=False))
_URDU = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابپتٹثجچحخدڈرڑزسشصطعغفقکگلمن", strict=False))
_MARKUP = re.compile(r"``[^`]+``|:[\w:]+:`[^`]+`|`[^`]+`__?|\|[^|]+\|")


def _png() -> bytes:
    """A small grey PNG (64 x 32): the chapters' figure."""
    width, height = 64, 32
    raw = b"".join(b"\0" + bytes([160, 160, 160]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class Chapter:
    """One chapter's reStructuredText, grown until it has the words it should."""

    def __init__(self, rng: random.Random, number: int, chapters: int) -> None:
        self.rng, self.number, self.chapters = rng, number, chapters
        self.lines: list[str] = []
        self.words = 0

    def sentence(self, size: int) -> str:
        rng = self.rng
        words = [rng.choice(WORDS) for _ in range(size)]
        self.words += size
        for i in rng.sample(range(size), min(size, rng.randint(0, 2))):
            kind = rng.random()
            if kind < 0.35:
                words[i] = f":term:`{rng.choice(TERMS)}`"
            elif kind < 0.6:
                other = rng.randint(1, self.chapters)
                words[i] = f":ref:`{words[i]} <ch{other}-s1>`"
            elif kind < 0.75:
                words[i] = f":doc:`chapter-{rng.randint(1, self.chapters):03d}`"
            elif kind < 0.9:
                words[i] = f"*{words[i]}*"
            else:
                words[i] = f"``{words[i]}``"
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?"])

    def paragraph(self) -> str:
        return " ".join(self.sentence(self.rng.randint(8, 20))
                        for _ in range(self.rng.randint(2, 4)))

    def heading(self, text: str, mark: str, label: str = "") -> None:
        if label:
            self.lines += [f".. _{label}:", ""]
        self.lines += [text, mark * len(text), ""]
        self.words += len(text.split())

    def build(self) -> str:
        n = self.number
        self.lines += [f".. index:: single: chapter {n}; {self.rng.choice(WORDS)}", ""]
        self.heading(f"Chapter {n}: {self.sentence(4).rstrip('.?')}", "=")
        section = 0
        while self.words < WORDS_PER_CHAPTER:
            section += 1
            self.heading(self.sentence(5).rstrip(".?"), "-", f"ch{n}-s{section}")
            for _ in range(self.rng.randint(3, 5)):
                self.lines += [self.paragraph(), ""]
            kind = section % 4
            if kind == 0:
                self.lines += [f"- {self.sentence(self.rng.randint(5, 12))}"
                               for _ in range(self.rng.randint(3, 6))] + [""]
            elif kind == 1:
                self.lines += [".. note::", "", f"   {self.paragraph()}", ""]
            elif kind == 2:
                self.lines += [f".. list-table:: {self.sentence(4).rstrip('.?')}",
                               "   :header-rows: 1", ""]
                for _row in range(4):
                    cells = [self.sentence(self.rng.randint(2, 5)) for _ in range(3)]
                    self.lines += [f"   * - {cells[0]}", f"     - {cells[1]}",
                                   f"     - {cells[2]}"]
                self.lines += [""]
            elif section < 8:
                self.lines += [".. figure:: figures/chart.png",
                               f"   :alt: {self.sentence(6)}", "",
                               f"   {self.sentence(8)}", ""]
            else:
                self.lines += [f"#. {self.sentence(self.rng.randint(5, 10))}"
                               for _ in range(3)] + [""]
        return "\n".join(self.lines)


def write_sources(out: Path, chapters: int, languages: list[str], seed: int) -> None:
    rng = random.Random(seed)
    source = out / "source"
    (source / "figures").mkdir(parents=True, exist_ok=True)
    (source / "figures" / "chart.png").write_bytes(_png())
    (out / "conf.py").write_text(
        'extensions = ["coppub.sphinxext"]\nmaster_doc = "index"\n'
        'html_theme = "coppub"\nhtml_use_index = True\n'
        'gettext_additional_targets = ["index"]\nhtml_copy_source = False\n'
        'html_show_sourcelink = False\nepub_use_index = False\n'
        'locale_dirs = ["locales"]\n', encoding="utf-8")
    (out / "coppub.toml").write_text(
        '[project]\nsource-dir = "source"\nconf-dir = "."\nlocale-dir = "locales"\n'
        'pot-dir = "locales/templates"\nbuild-dir = "build"\n\n'
        '[book]\nslug = "scale-book"\ntitle = "Scale Book"\n'
        'subtitle = "A generated book"\ndescription = "A book generated for benchmarks."\n'
        'author = "coppub benchmarks"\npublisher = "coppub"\nrights = "CC BY 4.0"\n\n'
        "[languages]\n" + "".join(f"{code} = {{}}\n" for code in languages),
        encoding="utf-8")
    names = [f"chapter-{n:03d}" for n in range(1, chapters + 1)]
    (source / "index.rst").write_text(
        "Scale Book\n==========\n\nA generated book.\n\n.. toctree::\n   :maxdepth: 1\n\n"
        + "".join(f"   {name}\n" for name in names) + "   glossary\n", encoding="utf-8")
    for n, name in enumerate(names, start=1):
        (source / f"{name}.rst").write_text(Chapter(rng, n, chapters).build() + "\n",
                                            encoding="utf-8")
    glossary = ["Glossary", "========", "", ".. glossary::", ""]
    for term in TERMS:
        glossary += [f"   {term}", f"      {Chapter(rng, 0, chapters).sentence(12)}", ""]
    (source / "glossary.rst").write_text("\n".join(glossary), encoding="utf-8")


def translate(text: str, code: str) -> str:
    """The stand-in translation of ``text`` into ``code`` (markup kept)."""
    table = _ARABIC if code == "ar" else _URDU if code == "ur" else None

    def word(match: re.Match[str]) -> str:
        w = match.group()
        if table is None:
            return w[::-1]
        return "".join(table.get(c.lower(), c) for c in w)

    parts, marks = _MARKUP.split(text), _MARKUP.findall(text)
    out = [re.sub(r"[^\W\d_]+", word, part) for part in parts]
    return out[0] + "".join(m + p for m, p in zip(marks, out[1:], strict=True))


def fill_catalogs(out: Path, languages: list[str], seed: int) -> None:
    for code in languages:
        rng = random.Random(f"{seed}-{code}")
        for path in sorted((out / "locales" / code / "LC_MESSAGES").rglob("*.po")):
            po = read_po(path)
            for entry in po:
                if not entry.msgid or entry.obsolete:
                    continue
                roll = rng.random()
                if roll < 0.06:
                    continue  # untranslated
                if entry.msgid in TERMS:  # a glossary term keeps its name: :term: finds it
                    entry.msgstr = entry.msgid
                elif entry.msgid_plural:
                    entry.msgstr_plural = {i: translate(entry.msgid, code)
                                           for i in entry.msgstr_plural}
                else:
                    entry.msgstr = translate(entry.msgid, code)
                if roll < 0.12 and "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            path.write_bytes(dump_po(po))


def coppub(out: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "coppub", "-q", *args], cwd=out, check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
                        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")})


def generate(out: Path, chapters: int, languages: list[str], seed: int = 19) -> None:
    write_sources(out, chapters, languages, seed)
    coppub(out, "extract")
    coppub(out, "update")
    fill_catalogs(out, languages, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chapters", type=int, default=50)
    parser.add_argument("--languages", default="fr,es,de,ar,ur")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    generate(args.out, args.chapters, args.languages.split(","), args.seed)
    words = sum(len(p.read_text().split()) for p in (args.out / "source").glob("*.rst"))
    print(f"{args.out}: {args.chapters} chapters, about {words:,} source words "
          "(markup included)")


if __name__ == "__main__":
    main()
