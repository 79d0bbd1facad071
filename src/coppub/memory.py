"""A translation memory: the best existing translation of the same or a similar text.

Built from a language's catalogs (every chapter, obsolete entries included) and an
optional compendium. Looking a text up compares it only with entries that share one of
its rarest words, so a memory of 50,000 entries answers in well under a millisecond;
similar texts share most of their words, so this loses no useful suggestion.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import polib
from rapidfuzz import fuzz, process

from .model import TRANSLATED, forms, state

_WORD = re.compile(r"[^\W\d_]{3,}")
#: Similarity (rapidfuzz's normalised Indel ratio, 0-100) below which nothing is offered.
MEMORY_CUTOFF = 80.0


@dataclass(frozen=True)
class Remembered:
    """A translated message, as the memory keeps it (light: no comments, no locations)."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str
    forms: tuple[str, ...]

    def as_entry(self) -> polib.POEntry:
        if self.msgid_plural:
            return polib.POEntry(msgctxt=self.msgctxt, msgid=self.msgid,
                                 msgid_plural=self.msgid_plural,
                                 msgstr_plural=dict(enumerate(self.forms)))
        return polib.POEntry(msgctxt=self.msgctxt, msgid=self.msgid, msgstr=self.forms[0])


def remembered(po: polib.POFile, origin: str) -> list[tuple[Remembered, str]]:
    """The fully translated, non-fuzzy entries of ``po`` (obsolete ones included)."""
    out = []
    for entry in po:
        if entry.msgid and state(entry) == TRANSLATED:
            texts = tuple(forms(entry))
            where = f"an obsolete entry of {origin}" if entry.obsolete else origin
            out.append((Remembered(entry.msgctxt, entry.msgid, entry.msgid_plural or "",
                                   texts), where))
    return out


@dataclass(frozen=True)
class Suggestion:
    """A translation offered for a new or changed message, and where it came from."""

    entry: Remembered
    origin: str
    score: float

    def comment(self) -> str:
        kind = "same text" if self.score >= 100 else f"{self.score:.0f} % similar"
        return f"coppub: suggested from {self.origin} ({kind})"


def _grams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False)) or {(w, "") for w in words}


class Memory:
    """Translated messages of one language, searchable by similarity.

    Candidates for a text are the remembered messages that share one of its three rarest
    word pairs and have a length that allows the similarity asked for; only those are
    compared (rapidfuzz), so a lookup stays fast in a memory of 50,000 messages.
    """

    def __init__(self) -> None:
        self._items: list[Remembered] = []
        self._origins: list[str] = []
        self._exact: dict[tuple[str | None, str], int] = {}
        self._index: dict[tuple[str, str], list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._items)

    def extend(self, items: list[tuple[Remembered, str]]) -> None:
        for item, origin in items:
            index = len(self._items)
            self._items.append(item)
            self._origins.append(origin)
            self._exact.setdefault((item.msgctxt, item.msgid), index)
            self._exact.setdefault((None, item.msgid), index)
            for gram in _grams(item.msgid):
                self._index[gram].append(index)

    def best(self, text: str, context: str | None = None, *, plural: bool = False,
             cutoff: float = MEMORY_CUTOFF) -> Suggestion | None:
        """The closest remembered translation of ``text``, if at least ``cutoff`` alike."""
        for key in ((context, text), (None, text)):
            index = self._exact.get(key)
            if index is not None and bool(self._items[index].msgid_plural) == plural:
                return Suggestion(self._items[index], self._origins[index], 100.0)
        grams = _grams(text)
        if not grams:
            return None
        rare = sorted(grams, key=lambda g: len(self._index.get(g, ())))[:3]
        # ratio = 2·LCS / (len a + len b) >= cutoff needs the shorter at least this long:
        least = cutoff / (200 - cutoff)
        size = len(text)
        candidates = sorted({
            i for g in rare for i in self._index.get(g, ())[:3000]
            if least * size <= len(self._items[i].msgid) <= size / least
            and bool(self._items[i].msgid_plural) == plural})
        if not candidates:
            return None
        found = process.extractOne(text, [self._items[i].msgid for i in candidates],
                                   scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        index = candidates[found[2]]
        return Suggestion(self._items[index], self._origins[index], float(found[1]))
