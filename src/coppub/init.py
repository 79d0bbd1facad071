"""``coppub init``: a commented coppub.toml for an existing Sphinx project.

Reads the project's ``conf.py`` the way Sphinx does (its ``locale_dirs``,
``gettext_compact``, ``language``, ``project``, theme) and the catalogs already there,
and writes what coppub needs to know, with a comment on each value. Nothing else in the
project is touched.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_NAME
from .errors import ConfigError, CoppubError
from .languages import CODE_RE, make_language

#: Where Sphinx projects usually keep conf.py, relative to the project's root.
CONF_PLACES = (".", "source", "docs", "doc", "docs/source", "doc/source")
#: Where projects usually keep their templates (sphinx-intl's and Sphinx's defaults).
POT_PLACES = ("_build/gettext", "build/gettext", "_build/locale", "locale/pot", "pot",
              "gettext", "../gettext", "locale/templates", "locales/templates")


@dataclass
class Found:
    """What init found in a project, and the coppub.toml text it makes of it."""

    conf_dir: Path
    locale_dir: Path
    pot_dir: Path | None
    languages: list[str] = field(default_factory=list)
    #: A catalog folder of the source language itself (some projects keep locale/en for
    #: Sphinx's own strings): not a translation, so not registered.
    source_folder: str | None = None
    unknown: list[str] = field(default_factory=list)
    compact: object = True
    theme: str = ""
    has_extension: bool = False
    text: str = ""


def find_conf(root: Path) -> Path:
    """The folder of the project's conf.py (an error lists where it looked)."""
    for place in CONF_PLACES:
        if (root / place / "conf.py").is_file():
            return (root / place).resolve()
    raise ConfigError(f"no conf.py in {root} or in {', '.join(CONF_PLACES[1:])}",
                      hint="run coppub init in the folder of a Sphinx project")


def _read_conf(conf_dir: Path) -> dict[str, object]:
    """conf.py's values, read as Sphinx reads them (conf.py is run)."""
    from .compat import eval_conf_py

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = eval_conf_py(conf_dir / "conf.py")
    except BaseException as exc:  # noqa: BLE001 - conf.py is the project's code
        raise CoppubError(f"{conf_dir / 'conf.py'} cannot be read: {exc}",
                          hint="fix conf.py so that sphinx-build can read it") from None
    return {name: namespace.get(name) for name in (
        "locale_dirs", "gettext_compact", "language", "project", "html_theme", "extensions")}


def conf_locale_dir(root: Path) -> Path | None:
    """The locale folder conf.py names (``locale_dirs``), if there is a conf.py."""
    try:
        conf_dir = find_conf(root)
        conf = _read_conf(conf_dir)
    except CoppubError:
        return None
    locale_dirs = conf.get("locale_dirs") or ["locales"]
    first = next(iter(locale_dirs)) if isinstance(locale_dirs, list | tuple) else "locales"
    return (conf_dir / str(first)).resolve()


def _loads_coppub(extensions: object) -> bool:
    return isinstance(extensions, list | tuple) and "coppub.sphinxext" in extensions


def _rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, the folder of coppub.toml (``../gettext`` above it):
    the file is committed and read on other machines. Absolute only where no relative
    path leads (another drive)."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def inspect(root: Path) -> Found:
    """Look at the project in ``root``; build the text of its coppub.toml."""
    conf_dir = find_conf(root)
    conf = _read_conf(conf_dir)
    locale_dirs = conf.get("locale_dirs") or ["locales"]
    first = next(iter(locale_dirs)) if isinstance(locale_dirs, list | tuple) else "locales"
    locale_dir = (conf_dir / str(first)).resolve()
    found = Found(conf_dir=conf_dir, locale_dir=locale_dir, pot_dir=None,
                  compact=conf.get("gettext_compact", True),
                  theme=str(conf.get("html_theme") or "alabaster"),
                  has_extension=_loads_coppub(conf.get("extensions")))
    source = str(conf.get("language") or "en").replace("-", "_")
    for folder in sorted(locale_dir.iterdir()) if locale_dir.is_dir() else []:
        if folder.name == source and (folder / "LC_MESSAGES").is_dir():
            found.source_folder = folder.name
            continue
        if CODE_RE.match(folder.name) and (folder / "LC_MESSAGES").is_dir():
            try:
                make_language(folder.name, {}, 80)
                found.languages.append(folder.name)
            except CoppubError:
                found.unknown.append(folder.name)
    for place in POT_PLACES:
        for base in (root, conf_dir):
            if list((base / place).glob("*.pot")):
                found.pot_dir = (base / place).resolve()
                break
        if found.pot_dir:
            break
    found.text = _toml(root, found, conf)
    return found


def _toml(root: Path, found: Found, conf: dict[str, object]) -> str:
    source_language = str(conf.get("language") or "en").replace("-", "_")
    pot = _rel(found.pot_dir, root) if found.pot_dir else _rel(found.locale_dir / "templates",
                                                                 root)
    lines = [
        "# coppub's settings for this project, written by `coppub init`.",
        "# Paths are relative to this file. README.md (\"Adopting coppub\") explains each key.",
        "",
        "[project]",
        f'source-dir = "{_rel(found.conf_dir, root)}"    # the folder of conf.py\'s documents',
        f'conf-dir = "{_rel(found.conf_dir, root)}"',
        f'locale-dir = "{_rel(found.locale_dir, root)}"    # conf.py\'s locale_dirs',
        f'pot-dir = "{pot}"' + ("    # the templates found" if found.pot_dir else
                                "    # made by `coppub extract`"),
        'build-dir = "build/coppub"',
        f'source-language = "{source_language}"',
        "default-threshold = 80    # % of source words translated to publish a language",
        "# exclude = [\"changelog\", \"api/*\"]    # documents not offered for translation",
        "",
        "[book]    # the book's title, subtitle and description are translated (_book.pot)",
        f'title = "{str(conf.get("project") or "").replace(chr(34), chr(39))}"',
        'slug = "' + ("".join(c if c.isalnum() else "-" for c in str(
            conf.get("project") or "book")).strip("-").lower() or "book") + '"',
        "",
        "[languages]    # from the catalogs found; any of: name, english-name, direction,",
        "               # plural-forms, threshold",
    ]
    lines += [f'"{code}" = {{}}' if "@" in code else f"{code} = {{}}"
              for code in found.languages]
    lines += [f'"{code}" = {{ name = "{code}", direction = "ltr", plural-forms = '
              '"nplurals=2; plural=(n != 1);" }    # TODO: coppub does not know this code: '
              "give its native name, direction and plural rule" for code in found.unknown]
    return "\n".join(lines) + "\n"


def write(root: Path, found: Found, force: bool = False) -> Path:
    """Write coppub.toml in ``root`` (never over an existing one unless ``force``)."""
    target = root / CONFIG_NAME
    if target.exists() and not force:
        raise ConfigError(f"{target} exists already", hint="pass --force to replace it")
    target.write_text(found.text, encoding="utf-8")
    return target
