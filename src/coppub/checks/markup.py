"""Markup parity: the translation keeps the markup of its source (reST; E201 also MyST)."""

from __future__ import annotations

from collections.abc import Iterator

from . import RST_ONLY, Message, check, tree
from .rest import inline


def _diff(kind: str, source: object, translation: object) -> str:
    return f"{kind}: source has {source}, translation has {translation}"


@check("E101", "keep every role of the source, the same number of times", RST_ONLY)
def roles(m: Message) -> Iterator[str]:
    """Roles are the same, by name and count.

    Bad:  msgid ":term:`trust` grows"   msgstr "la confiance grandit"
    Good: msgid ":term:`trust` grows"   msgstr "la :term:`confiance <trust>` grandit"
    """
    src, dst = inline(m.source).roles, inline(m.translation).roles
    if src != dst:
        yield _diff("roles", dict(src) or "none", dict(dst) or "none")


@check("E102", "keep the target: translate only the text shown, as `text <target>`", RST_ONLY)
def xref_targets(m: Message) -> Iterator[str]:
    """Cross-references point where the source points (the shown text may change).

    Bad:  msgid ":ref:`origins`"   msgstr ":ref:`origines`"
    Good: msgid ":ref:`origins`"   msgstr ":ref:`les origines <origins>`"
    """
    src, dst = inline(m.source).targets, inline(m.translation).targets
    if inline(m.source).roles == inline(m.translation).roles and src != dst:
        changed = sorted(f":{r}:`{t}`" for r, t in (dst - src))
        yield "changed cross-reference target(s): " + ", ".join(changed)


@check("E104", "keep substitution references (|name|) as they are", RST_ONLY)
def substitutions(m: Message) -> Iterator[str]:
    """Substitution references are the same.

    Bad:  msgid "Version |release|."   msgstr "Version |version|."
    Good: msgid "Version |release|."   msgstr "Version |release|."
    """
    src, dst = inline(m.source).substitutions, inline(m.translation).substitutions
    if src != dst:
        yield _diff("substitutions", sorted(src) or "none", sorted(dst) or "none")


@check("E105", "keep every footnote and citation reference ([#]_, [1]_, [CIT]_)", RST_ONLY)
def footnotes(m: Message) -> Iterator[str]:
    """Footnote and citation references are the same.

    Bad:  msgid "Trust grows.\\ [#]_"   msgstr "La confiance grandit."
    Good: msgid "Trust grows.\\ [#]_"   msgstr "La confiance grandit.\\ [#]_"
    """
    src, dst = inline(m.source).footnotes, inline(m.translation).footnotes
    if src != dst:
        yield _diff("footnote references", sum(src.values()), sum(dst.values()))


@check("E106", "keep named and anonymous hyperlink references (name_, `text`__)", RST_ONLY)
def hyperlink_references(m: Message) -> Iterator[str]:
    """Named and anonymous hyperlink references are the same.

    Bad:  msgid "See `Sphinx`_."   msgstr "Voir Sphinx."
    Good: msgid "See `Sphinx`_."   msgstr "Voir `Sphinx`_."
    """
    src, dst = inline(m.source), inline(m.translation)
    if src.named != dst.named:
        yield _diff("named references", sorted(src.named) or "none",
                    sorted(dst.named) or "none")
    if src.anonymous != dst.anonymous:
        yield _diff("anonymous references", src.anonymous, dst.anonymous)


@check("E201", "fix the markup so that it parses (see the message)")
def parses(m: Message) -> Iterator[str]:
    """The translation parses (as reST, or Markdown for MyST documents) without a message
    its source does not have.

    Bad:  msgstr "La **confiance grandit."
    Good: msgstr "La **confiance** grandit."
    """
    if tree.over_budget(m.source, m.translation):
        return  # E300 refuses it unparsed
    allowed = tree.role_names(m.source, m.syntax) | tree.role_names(m.translation, m.syntax)
    try:
        parsed = tree.parse(m.translation, allowed, m.syntax)
        found = parsed.messages
        if not found or parsed.refused:  # a refused directive or role is E300's to report
            return
        extra = set(found) - set(tree.parse(m.source, allowed, m.syntax).messages)
    except tree.MystUnavailable:
        return  # E300 reports it
    for text in sorted(extra):
        yield f"docutils: {text}"
