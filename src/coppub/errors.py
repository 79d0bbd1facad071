"""One exception family for everything a user can get wrong.

The CLI turns a :class:`CoppubError` into ``category: message`` plus the next step;
the library only raises.
"""

from __future__ import annotations

from pathlib import Path


class CoppubError(Exception):
    """An error a user can fix: it has a category, a message and a hint."""

    category = "error"
    #: The command's exit status when this error ends it (2: bad usage or configuration).
    exit_status = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        path: Path | str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # keep hint, path and line when the error crosses a process boundary
        return (_rebuild, (type(self), self.message, self.hint, self.path, self.line))

    @property
    def where(self) -> str:
        """``file:line`` (or just ``file``) when known, else an empty string."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.message}"


class ConfigError(CoppubError):
    category = "config"
    exit_status = 2


class LanguageError(CoppubError):
    category = "language"
    exit_status = 2


class CatalogError(CoppubError):
    category = "catalog"


class BuildError(CoppubError):
    category = "build"



def _rebuild(
    cls: type[CoppubError], message: str, hint: str, path: Path | None, line: int | None
) -> CoppubError:
    return cls(message, hint=hint, path=path, line=line)
