"""Translation checks: each a small function with a code, registered by decorator.

A check receives one translated message (the source text and one translated form) and
yields problems. Its docstring's first line is its summary; the rest (``Bad:`` and
``Good:`` examples) is what ``coppub check --list`` shows. Error-level problems (codes
starting with E) stop a translation from being published; warnings (W) are advice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..languages import Language

ERROR, WARNING = "error", "warning"

#: The markup languages a message can be written in: reStructuredText, or Markdown read
#: by MyST (myst-parser) when the message comes from a ``.md`` document.
RST, MYST = "rst", "myst"
EVERY_SYNTAX = frozenset({RST, MYST})
RST_ONLY = frozenset({RST})


@dataclass(frozen=True)
class Message:
    """One translated form to check against its source."""

    source: str
    translation: str
    language: Language
    form: int | None = None  # plural form index, None for a singular message
    syntax: str = RST  # how the build parses it: RST or MYST


@dataclass(frozen=True)
class Problem:
    """A problem found at a line of a catalog, with what to do about it."""

    path: Path
    line: int
    code: str
    message: str
    hint: str = ""
    #: An error the project made a warning in coppub.toml (``[checks] warn``).
    demoted: bool = False

    @property
    def level(self) -> str:
        return ERROR if self.code.startswith("E") and not self.demoted else WARNING


@dataclass(frozen=True)
class Check:
    """A registered check."""

    code: str
    function: Callable[[Message], Iterable[str]]
    hint: str
    #: The markup languages the check reads (a check of reST markup says nothing of
    #: Markdown: MyST messages get the parse-based checks only).
    syntaxes: frozenset[str] = EVERY_SYNTAX

    @property
    def level(self) -> str:
        return ERROR if self.code.startswith("E") else WARNING

    @property
    def summary(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0]

    @property
    def examples(self) -> str:
        lines = (self.function.__doc__ or "").strip().splitlines()[1:]
        return "\n".join(line.strip() for line in lines if line.strip())


@dataclass
class Registry:
    """The checks, in the order they were registered (messages) and file checks' codes."""

    checks: dict[str, Check] = field(default_factory=dict)
    file_checks: dict[str, tuple[str, str]] = field(default_factory=dict)

    def register(self, code: str, hint: str,
                 syntaxes: frozenset[str] = EVERY_SYNTAX) -> Callable[
            [Callable[[Message], Iterable[str]]], Callable[[Message], Iterable[str]]]:
        def add(function: Callable[[Message], Iterable[str]]) -> Callable[
                [Message], Iterable[str]]:
            if code in self.checks or code in self.file_checks:
                raise ValueError(f"check code {code} registered twice")
            self.checks[code] = Check(code, function, hint, syntaxes)
            return function
        return add

    def describe_file_check(self, code: str, summary: str, hint: str) -> None:
        self.file_checks[code] = (summary, hint)

    def run(self, message: Message, enabled: set[str]) -> Iterator[tuple[Check, str]]:
        for code, check in self.checks.items():
            if code in enabled and message.syntax in check.syntaxes:
                for text in check.function(message):
                    yield check, text


REGISTRY = Registry()
check = REGISTRY.register

from . import markup, safety, style  # noqa: E402,F401  (registers the checks)
