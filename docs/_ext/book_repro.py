"""Byte-identical builds: the dates inside the gallery's download zips.

sphinx-gallery zips each example's ``.py`` and ``.ipynb`` for download right
after writing them, and a zip entry carries its file's modification time: the
moment of the build. Right after the gallery is generated, this extension
rewrites every zip of the gallery output with one date for every entry:
``SOURCE_DATE_EPOCH`` when it is set (as reproducible-builds.org defines it),
else 1980-01-01, the earliest date a zip can hold. The entries' bytes and
order are kept. Everything else the build writes was found identical build to
build (``nox -s repro`` checks it).
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__all__ = ["normalize_zip", "setup", "zip_date"]

EARLIEST = (1980, 1, 1, 0, 0, 0)


def zip_date() -> tuple[int, int, int, int, int, int]:
    """The date every zip entry gets: SOURCE_DATE_EPOCH (UTC) or 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return EARLIEST
    stamp = time.gmtime(int(epoch))[:6]
    return max(EARLIEST, (stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5]))


def normalize_zip(path: Path, date: tuple[int, int, int, int, int, int]) -> bool:
    """Give every entry of the zip at ``path`` the ``date``; True if it changed."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    if all(info.date_time == date for info, _ in entries):
        return False
    new = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(new, "w") as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=date)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)
    new.replace(path)
    return True


def _normalize_gallery_zips(app: Sphinx) -> None:
    conf = getattr(app.config, "sphinx_gallery_conf", {}) or {}
    dirs = conf.get("gallery_dirs", [])
    date = zip_date()
    for folder in [dirs] if isinstance(dirs, str) else dirs:
        for path in sorted((Path(app.srcdir) / folder).rglob("*.zip")):
            normalize_zip(path, date)


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-gallery has generated the gallery (same event, priority 500).
    app.connect("builder-inited", _normalize_gallery_zips, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
