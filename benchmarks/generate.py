"""Generate a large, realistic catalog set for benchmarks (deterministic).

    python benchmarks/generate.py OUT [--catalogs 500] [--messages 110] [--languages fr,es]

OUT gets coppub.toml, locales/templates/*.pot and locales/<lang>/LC_MESSAGES/*.po:
about 55,000 messages and 1.2 million source words per language by default, with reST
markup, plurals, msgctxt, fuzzy, untranslated and obsolete entries.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import polib  # noqa: E402

from coppub.languages import make_language  # noqa: E402
from coppub.pofiles import dump_po  # noqa: E402

WORDS = (  # noqa: SIM905
    "police community trust safety reform local people rights women youth report data "
    "the and of to in for with on by from that this which their public officers security "
    "accountability oversight partnership problem solving prevention crime violence justice "
    "government donors mission peace conflict station patrol complaint training leadership "
    "victims witnesses courts elders council village district province programme project "
    "information technology phone radio message network privacy risk harm benefit support"
).split()
ROLES = [":term:`{w}`", ":ref:`{w} <label-{w}>`", ":doc:`chapter-{n}`", "``{w}``",
         "`{w} <https://example.org/{w}>`_", "*{w}*", "**{w}**"]


def sentence(rng: random.Random, size: int) -> str:
    words = [rng.choice(WORDS) for _ in range(size)]
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(ROLES).format(w=words[i], n=rng.randint(1, 400))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", ":", "?"])


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(1, 3)))


_MARKUP = re.compile(r"``[^`]+``|:[\w:]+:`[^`]+`|`[^`]+`__?|\[#\]_")


def fake_translation(text: str) -> str:
    """Stand-in for a translation: plain words changed, markup kept as translators do."""
    parts = _MARKUP.split(text)
    marks = _MARKUP.findall(text)
    words = [re.sub(r"[^\W\d_]+", lambda m: m.group()[::-1], p) for p in parts]
    out = words[0]
    for mark, after in zip(marks, words[1:], strict=True):
        out += mark + after
    return out


def generate(out: Path, catalogs: int, messages: int, languages: list[str], seed: int) -> None:
    rng = random.Random(seed)
    (out / "source").mkdir(parents=True, exist_ok=True)
    (out / "coppub.toml").write_text(
        '[book]\ntitle = "Benchmark book"\n\n[languages]\n'
        + "".join(f"{code} = {{}}\n" for code in languages))
    pots = out / "locales" / "templates"
    pots.mkdir(parents=True, exist_ok=True)
    regs = {code: make_language(code, {}, 80) for code in languages}
    for c in range(catalogs):
        domain = f"part{c // 50:02d}/chapter-{c:03d}"
        pot = polib.POFile()
        pot.metadata = {"Project-Id-Version": "Benchmark 1.0",
                        "Content-Type": "text/plain; charset=UTF-8"}
        for m in range(messages):
            kind = rng.random()
            entry = polib.POEntry(msgid=paragraph(rng) if kind > 0.15 else sentence(rng, 3),
                                  occurrences=[(f"../../source/{domain}.rst", str(m * 3 + 1))])
            if kind < 0.02:
                entry.msgid_plural = entry.msgid + " (many)"
                entry.msgstr_plural = {0: "", 1: ""}
            elif kind < 0.04:
                entry.msgctxt = rng.choice(["menu", "button", "title"])
            pot.append(entry)
        path = pots / f"{domain}.pot"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dump_po(pot))
        for code, lang in regs.items():
            po = polib.POFile()
            po.metadata = {"Language": code, "Content-Type": "text/plain; charset=UTF-8",
                           "Plural-Forms": lang.plural_forms}
            for t in pot:
                e = polib.POEntry(msgid=t.msgid, msgctxt=t.msgctxt, msgid_plural=t.msgid_plural,
                                  occurrences=t.occurrences)
                r = rng.random()
                text = fake_translation(t.msgid) if r < 0.85 else ""
                if t.msgid_plural:
                    e.msgstr_plural = {i: text for i in range(lang.nplurals)}
                else:
                    e.msgstr = text
                if 0.75 < r < 0.85:
                    e.flags = ["fuzzy"]
                po.append(e)
            for _ in range(rng.randint(0, 3)):
                po.append(polib.POEntry(msgid=paragraph(rng), msgstr="«old»", obsolete=True))
            target = out / "locales" / code / "LC_MESSAGES" / f"{domain}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(dump_po(po))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--catalogs", type=int, default=500)
    parser.add_argument("--messages", type=int, default=110, help="per catalog")
    parser.add_argument("--languages", default="fr,es,ar,prs,ur")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.out, args.catalogs, args.messages, args.languages.split(","), args.seed)


if __name__ == "__main__":
    main()
