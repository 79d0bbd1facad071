"""Property-based: random edits of the sources never lose a translation."""

from __future__ import annotations

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from coppub.catalogs import merge
from coppub.languages import make_language
from coppub.memory import Memory, remembered
from coppub.pofiles import dump_po, parse_po

WORDS = ["police", "community", "trust", "safety", "reform", "local", "people", "rights",
         "women", "youth", "report", "data", "the", "and", "of", "work", "plan", "meet"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)
FRENCH = make_language("fr", {}, 80)


def pot(msgids: list[str]) -> polib.POFile:
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in dict.fromkeys(msgids):
        template.append(polib.POEntry(msgid=msgid, msgstr=""))
    return template


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[str], dict[str, str], list[str]]:
    old = list(dict.fromkeys(draw(st.lists(sentence, min_size=1, max_size=12))))
    translated = {m: f"«{m.upper()}» {i}" for i, m in enumerate(old) if draw(st.booleans())}
    new: list[str] = []
    for msgid in old:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
        if action == "keep":
            new.append(msgid)
        elif action == "edit":
            words = msgid.split()
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new.append(" ".join(words))
    new += draw(st.lists(sentence, max_size=4))
    return old, translated, new


@settings(max_examples=150, deadline=None)
@given(scenario(), st.booleans(), st.booleans())
def test_no_translation_is_lost_and_second_merge_is_identical(
    case: tuple[list[str], dict[str, str], list[str]], twice: bool, with_memory: bool
) -> None:
    old_ids, translated, new_ids = case
    old = pot(old_ids)
    for entry in old:
        entry.msgstr = translated.get(entry.msgid, "")
    if twice:  # go through a real file once, as a translator's tool would
        old = parse_po(dump_po(old))
    memory = None
    if with_memory:  # the same catalog as its own memory, as `coppub update` builds it
        memory = Memory()
        memory.extend(remembered(old, "self.po"))
    merged, _ = merge(pot(new_ids), old, FRENCH, memory=memory)
    kept = {e.msgstr for e in merged}
    assert set(translated.values()) <= kept
    for entry in merged:
        if entry.fuzzy and entry.msgstr:
            assert entry.previous_msgid is not None
        if not entry.obsolete:
            assert entry.msgid in new_ids
    again, _ = merge(pot(new_ids), parse_po(dump_po(merged)), FRENCH, memory=memory)
    assert dump_po(again) == dump_po(merged)
