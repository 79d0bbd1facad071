"""Reading and writing gettext catalogs: strict parsing, fixed wrapping, atomic writes.

Entries are :mod:`polib` objects; :func:`dump_po` writes them byte for byte as GNU
``msgcat`` does (:mod:`coppub.powrap`). The parser is our own:
polib and Babel both skip an entry with an unterminated string without a word (and a
later save would drop the translation), and neither reports duplicates with a line.
Every error here names the file and line and says what to do.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import polib

from .config import WRAP_WIDTH
from .errors import CatalogError, CoppubError
from .powrap import format_kind, references, wrap

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE_RE = re.compile(r'\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)', re.S)
_KEYWORD_RE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$', re.S)


def _unescape_bytes(body: str) -> bytes:
    """The bytes of an escaped PO string body: ``\\xHH`` and octal escapes are bytes."""
    out = bytearray()
    position = 0
    for match in _ESCAPE_RE.finditer(body):
        out += body[position:match.start()].encode("utf-8")
        position = match.end()
        code = match.group(1)
        if code in _ESCAPES:
            out += _ESCAPES[code].encode("utf-8")
        elif code[0] == "x":  # as C and msgfmt: every hex digit, the low byte kept
            out.append(int(code[1:], 16) & 0xFF)
        elif code[0] in "01234567":
            out.append(int(code, 8) & 0xFF)
        else:
            raise ValueError(f"invalid escape sequence \\{code}")
    out += body[position:].encode("utf-8")
    return bytes(out)


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("escaped bytes (\\xHH or octal) that are not UTF-8") from None


def unescape(body: str) -> str:
    """The text of an escaped PO string body (without its quotes).

    ``\\xHH`` and octal escapes are *bytes* of the file's charset (UTF-8), as msgfmt reads
    them: ``t\\303\\251l\\xc3\\xa9phone`` is "téléphone", never "tÃ©lÃ©phone".
    """
    return _decoded(_unescape_bytes(body)) if "\\" in body else body


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*', re.S)


def _string(text: str) -> str:
    """The value of the quoted PO string(s) on one line (quotes included).

    As msgfmt reads them, several strings on one line are joined: ``"a" "b"`` is "ab".
    """
    text = text.strip()
    if len(text) < 2 or text[0] != '"':
        raise ValueError("end of line inside a string, or text after the closing quote")
    body = text[1:-1]
    if text[-1] == '"' and '"' not in body and "\\" not in body:
        return body  # the usual line: one string, nothing escaped
    parts = []
    position = 0
    while position < len(text):
        match = _QUOTED.match(text, position)
        if match is None:
            if text.endswith('\\"') and text.replace("\\\\", "").endswith('\\"'):
                raise ValueError("end of line inside a string (the last quote is escaped)")
            raise ValueError("end of line inside a string, or text after the closing quote")
        parts.append(_unescape_bytes(match.group(1)))
        position = match.end()
    return _decoded(b"".join(parts))


class _Entry:
    """Fields of one entry while it is being parsed."""

    __slots__ = ("line", "fields", "prev", "tcomment", "comment", "occurrences",
                 "flags", "obsolete", "last")

    def __init__(self) -> None:
        self.line = 0
        self.fields: dict[str, str] = {}
        self.prev: dict[str, str] = {}
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.obsolete = False
        self.last: tuple[dict[str, str], str] | None = None

    @property
    def started(self) -> bool:
        return bool(self.fields or self.prev or self.tcomment or self.comment
                    or self.occurrences or self.flags)


def _lines(data: bytes, path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"not valid UTF-8 (byte {data[exc.start]:#04x})", path=path, line=line,
            hint="save the file as UTF-8 (in Poedit: Catalog > Properties), or convert it "
            "with iconv -f <old encoding> -t UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Lines end at "\n" (and "\r\n") only, as msgfmt reads them: U+2028, U+0085 and the
    # other characters str.splitlines() also breaks at are ordinary text inside a string.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    yield from enumerate(lines, 1)


def parse_po(data: bytes, path: Path | str = "<string>") -> polib.POFile:
    """Parse a catalog strictly into a :class:`polib.POFile`; raise :class:`CatalogError`."""
    path = Path(path)
    po = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    po.fpath = str(path)
    entry = _Entry()
    seen: dict[tuple[bool, str | None, str], int] = {}
    number = 0

    def fail(message: str, line: int, hint: str = "") -> CatalogError:
        return CatalogError(message, path=path, line=line,
                            hint=hint or "fix the entry by hand or in Poedit, then run again")

    def finish(at: int) -> None:
        nonlocal entry
        if not entry.started:
            return
        f = entry.fields
        if "msgid" not in f:
            raise fail("entry without msgid", entry.line or at)
        if "msgid_plural" in f:
            plural = {int(k[7:-1]): v for k, v in f.items() if k.startswith("msgstr[")}
            if not plural:
                raise fail("plural entry without msgstr[0]", entry.line)
            if sorted(plural) != list(range(len(plural))):
                raise fail("plural forms must be numbered msgstr[0], msgstr[1], …", entry.line)
            if "msgstr" in f:
                raise fail("plural entry with a plain msgstr", entry.line)
        else:
            plural = {}
            if any(k.startswith("msgstr[") for k in f):
                raise fail("msgstr[N] without msgid_plural", entry.line)
            if "msgstr" not in f:
                raise fail("entry without msgstr", entry.line)
        key = (entry.obsolete, f.get("msgctxt"), f["msgid"])
        if key in seen:
            what = "obsolete entry" if entry.obsolete else "msgid"
            raise fail(
                f"duplicate {what} {f['msgid'][:40]!r} (first at line {seen[key]})", entry.line,
                hint="merge the two entries into one (keep the better translation) and delete "
                "the other; msgfmt refuses such files",
            )
        seen[key] = entry.line
        is_header = f["msgid"] == "" and "msgctxt" not in f and not entry.obsolete
        if is_header:
            if len(po) or po.metadata:
                raise fail("a second header entry (empty msgid)", entry.line)
            po.header = "\n".join(entry.tcomment)
            po.metadata_is_fuzzy = "fuzzy" in entry.flags
            for raw in f.get("msgstr", "").split("\n"):
                if raw.strip():
                    name, sep, value = raw.partition(":")
                    if not sep:
                        raise fail(f"header line without a colon: {raw!r}", entry.line)
                    po.metadata[name.strip()] = value.strip()
            check_header(po.metadata, data, path, entry.line)
        else:
            po.append(polib.POEntry(
                msgid=f["msgid"], msgstr=f.get("msgstr", ""), msgctxt=f.get("msgctxt"),
                msgid_plural=f.get("msgid_plural", ""), msgstr_plural=plural,
                obsolete=entry.obsolete, tcomment="\n".join(entry.tcomment),
                comment="\n".join(entry.comment), occurrences=entry.occurrences,
                flags=entry.flags, previous_msgctxt=entry.prev.get("msgctxt"),
                previous_msgid=entry.prev.get("msgid"),
                previous_msgid_plural=entry.prev.get("msgid_plural"), linenum=entry.line,
            ))
        entry = _Entry()

    for number, raw in _lines(data, path):
        line = raw.strip()
        if not line:
            finish(number)
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if not line:
                continue
        target = entry.fields
        if obsolete and line.startswith("|"):
            line, target = line[1:].strip(), entry.prev
        elif line.startswith("#"):
            kind = line[1:2]
            if kind == "|":
                line, target = line[2:].strip(), entry.prev
            else:
                if entry.fields and not obsolete:
                    finish(number)  # a comment after msgstr starts the next entry
                value = line[2:].strip() if kind in ".:,|" else line[1:].removeprefix(" ")
                if kind == ".":
                    entry.comment.append(value)
                elif kind == ":":
                    for ref in value.split():
                        name, _, lineno = ref.rpartition(":")
                        entry.occurrences.append((name, lineno) if name and lineno.isdigit()
                                                 else (ref, ""))
                elif kind == ",":
                    entry.flags.extend(f.strip() for f in value.split(",") if f.strip())
                else:
                    entry.tcomment.append(value.rstrip() if raw.strip() != "#" else "")
                continue
        try:
            if line.startswith('"'):
                if entry.last is None:
                    raise ValueError("continuation string without a keyword before it")
                entry.obsolete = entry.obsolete or obsolete
                where, name = entry.last
                where[name] += _string(line)
                continue
            match = _KEYWORD_RE.match(line)
            if not match:
                raise ValueError(f"unknown keyword or stray text: {line[:30]!r}")
            name = match.group(1)
            if name in ("msgctxt", "msgid") and target is entry.fields and (
                "msgstr" in target or any(k.startswith("msgstr[") for k in target)
                or name == "msgctxt" and "msgid" in target
            ):
                finish(number)  # the entry before is whole: obsolete or not, it is its own
                target = entry.fields
            entry.obsolete = entry.obsolete or obsolete
            if name in target:
                raise ValueError(f"{name} given twice in one entry")
            target[name] = _string(match.group(3))
            entry.last = (target, name)
            if not entry.line:
                entry.line = number
        except ValueError as exc:
            raise fail(str(exc), number) from None
    finish(number + 1)
    if not po.metadata and (len(po) or number):
        raise fail("no header entry (msgid \"\" with Content-Type and Plural-Forms)", 1,
                   hint="copy the header of another catalog of the same language to the "
                   "top of the file (or set it in Poedit: Catalog > Properties); without "
                   "it no tool can tell the file's charset or plural rule")
    return po


def check_header(metadata: dict[str, str], data: bytes, path: Path, line: int) -> None:
    """The charset the header declares must be the file's; Plural-Forms must parse."""
    from .languages import parse_plural_forms

    match = re.search(r"charset\s*=\s*([\w.:-]+)", metadata.get("Content-Type", ""), re.I)
    charset = match.group(1).lower().replace("_", "-") if match else "utf-8"
    if charset not in ("utf-8", "utf8", "charset") and not data.isascii():
        raise CatalogError(
            f"the header declares charset {match.group(1) if match else ''!s} but the file "
            "is UTF-8", path=path, line=line,
            hint="set Content-Type to text/plain; charset=UTF-8, or convert the file with "
            "msgconv -t UTF-8")
    if "Plural-Forms" in metadata:
        try:
            parse_plural_forms(metadata["Plural-Forms"])
        except CoppubError as exc:
            raise CatalogError(exc.message, path=path, line=line, hint=exc.hint) from None


#: No catalog is larger than this (CPython's biggest is under 2 MB).
MAX_CATALOG_BYTES = 64 * 1024 * 1024


def read_catalog_bytes(path: Path) -> bytes:
    """The bytes of the catalog at ``path``: only a regular file, of a sane size.

    A FIFO would hang every command and ``/dev/zero`` exhaust memory: special files are
    refused before they are opened.
    """
    try:
        if path.is_symlink():
            _check_link(path)
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError(
                "not a regular file (a folder, FIFO, socket or device): refused unread",
                path=path, hint="replace it with the catalog file, or remove it")
        if info.st_size > MAX_CATALOG_BYTES:
            raise CatalogError(
                f"{info.st_size // (1024 * 1024)} MiB, more than the "
                f"{MAX_CATALOG_BYTES // (1024 * 1024)} MiB a catalog may have",
                path=path, hint="split the catalog (gettext_compact = False) or check the file")
        with path.open("rb") as handle:
            return handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=path,
                           hint="check that the file exists and that you may read it") from None


def _check_link(path: Path) -> None:
    """A catalog that is a link must point inside its own project.

    The project is the nearest folder above the catalog holding coppub.toml or conf.py;
    a link out of it (to /etc/passwd, say) would show that file's lines in error messages.
    """
    root = next((parent for parent in path.absolute().parents
                 if (parent / "coppub.toml").exists() or (parent / "conf.py").exists()), None)
    if root is not None and root.resolve() not in path.resolve().parents:
        raise CatalogError(
            f"a link to {path.resolve()}, outside the project ({root}): refused unread",
            path=path, hint="replace the link with the catalog file itself")


def read_po(path: Path) -> polib.POFile:
    """Read and strictly parse the catalog at ``path``."""
    return parse_po(read_catalog_bytes(path), path)


def remove_stale_temporaries(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove ``.NAME.XXXX.tmp`` files an interrupted write left in ``folder``."""
    removed = []
    now = time.time()
    for tmp in folder.glob(".*.tmp") if folder.is_dir() else ():
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def _comment_lines(mark: str, text: str) -> str:
    """``# text`` (``#. text``) lines, one per line of ``text``; ``#`` alone for an empty one."""
    return "".join(f"{mark} {line}\n" if line else f"{mark}\n" for line in text.split("\n"))


def _entry_text(entry: polib.POEntry, width: int) -> str:
    """One entry as GNU gettext's write-po.c writes it (``message_print``)."""
    parts = []
    if entry.tcomment:
        parts.append(_comment_lines("#", entry.tcomment))
    if entry.comment:
        parts.append(_comment_lines("#.", entry.comment))
    if entry.occurrences:
        parts.append(references(entry.occurrences, width if width > 0 else 2**31 - 1))
    flags = list(entry.flags)
    if flags:
        if "fuzzy" in flags:  # GNU writes fuzzy first
            flags = ["fuzzy"] + [f for f in flags if f != "fuzzy"]
        parts.append(f"#, {', '.join(flags)}\n")
    kind = format_kind(flags) if flags else None
    if "no-wrap" in flags:
        width = 0
    previous = "#~| " if entry.obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                        ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            parts.append(wrap(name, value, previous, width, kind))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        parts.append(wrap("msgctxt", entry.msgctxt, prefix, width, kind))
    parts.append(wrap("msgid", entry.msgid, prefix, width, kind))
    if entry.msgid_plural:
        parts.append(wrap("msgid_plural", entry.msgid_plural, prefix, width, kind))
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            parts.append(wrap(f"msgstr[{index}]", entry.msgstr_plural[index], prefix, width,
                              kind))
    else:
        parts.append(wrap("msgstr", entry.msgstr, prefix, width, kind))
    return "".join(parts)


def dump_po(po: polib.POFile, wrapwidth: int = WRAP_WIDTH) -> bytes:
    """Serialise as GNU ``msgcat --width=WRAPWIDTH`` does, ending with one newline.

    Strings are wrapped by :mod:`coppub.powrap` (GNU's line breaking, the space at the end
    of the line); header fields keep their order. A catalog msgmerge, msgcat, Weblate or
    Poedit wrote at this width is written back byte for byte.
    """
    po.wrapwidth = wrapwidth
    header = []
    if po.header:
        header.append(_comment_lines("#", po.header))
    if po.metadata_is_fuzzy:
        header.append("#, fuzzy\n")
    header.append('msgid ""\n')
    fields = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    header.append(wrap("msgstr", fields, "", wrapwidth))
    entries = ["".join(header)]
    entries += [_entry_text(e, wrapwidth) for e in po if not e.obsolete]
    entries += [_entry_text(e, wrapwidth) for e in po if e.obsolete]
    return "\n".join(entries).encode("utf-8")


def write_atomic(path: Path, data: bytes, sync: bool = True) -> bool:
    """Write ``data`` to ``path`` unless it already holds it; never leave a partial file.

    The bytes go to a temporary file in the same folder, are flushed to disk (unless
    ``sync`` is false: a cache, which a crash may lose), then renamed over the target in
    one step. Returns True when the file changed.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
