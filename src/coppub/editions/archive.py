"""Zip files that are the same bytes for the same input: the EPUB, the offline archive.

Names sorted (after any the format wants first), one fixed date (``SOURCE_DATE_EPOCH``,
see :mod:`coppub.clock`, never before 1980, zip's first date), plain file modes; written
beside the target and renamed, so a reader never downloads half a file.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .. import clock


def write_zip(target: Path, files: Iterable[tuple[str, Path]], *,
              stored: frozenset[str] = frozenset()) -> None:
    """Write ``target`` holding ``files`` ((name in the zip, file on disk), in that order);
    the names in ``stored`` are not compressed (an EPUB's ``mimetype``)."""
    stamp = clock.now()
    date = max((stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour,
                stamp.tm_min, stamp.tm_sec), (1980, 1, 1, 0, 0, 0))
    tmp = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, path in files:
                info = zipfile.ZipInfo(name, date_time=date)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_STORED if name in stored \
                    else zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written archive left behind
        raise


def folder_files(folder: Path, prefix: str) -> list[tuple[str, Path]]:
    """Every file under ``folder``, sorted, named ``<prefix>/<path>`` in the zip."""
    return [(f"{prefix}/{path.relative_to(folder).as_posix()}", path)
            for path in sorted(folder.rglob("*")) if path.is_file()]
