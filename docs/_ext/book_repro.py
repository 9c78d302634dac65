"""Byte-identical builds: the gallery's download zips, and ``.buildinfo``.

sphinx-gallery zips each example's ``.py`` and ``.ipynb`` for download right
after writing them, and a zip entry carries its file's modification time: the
moment of the build. Right after the gallery is generated, this extension
rewrites every zip of the gallery output with one date for every entry:
``SOURCE_DATE_EPOCH`` when it is set (as reproducible-builds.org defines it),
else 1980-01-01, the earliest date a zip can hold. The entries' bytes and
order are kept.

``.buildinfo`` records a hash of the configuration, which Sphinx compares at
the next build to decide whether every page must be written again. Among the
values it hashes, sphinx-gallery puts absolute paths: the source folder, and
its own templates and stylesheets in site-packages. So two clones of the
repository at different paths wrote different ``.buildinfo`` files. When the
builder is made, this extension hashes the same values (Sphinx's ``html``
configuration) with those folders written as names (``<srcdir>``,
``<site-packages>``) instead, and gives the builder that hash: the file is
then the same wherever the repository lies, and a later build still compares
like with like. Everything else the build writes was found identical build to
build (``nox -s repro`` checks every file, hidden ones included).
"""

from __future__ import annotations

import hashlib
import os
import sysconfig
import time
import types
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__all__ = ["config_hash", "normalize_zip", "setup", "zip_date"]

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


def _stable(value: Any) -> str:
    """A text for ``value`` that depends on neither set order nor object ids."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(sorted(f"{_stable(k)}:{_stable(v)}" for k, v in value.items()))
            + "}"
        )
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ",".join(sorted(map(_stable, value))) + "]"
    if isinstance(value, type | types.FunctionType):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value) if isinstance(value, str) else str(value)


def config_hash(app: Sphinx) -> str:
    """The hash of the ``html`` configuration, with its folders named, not placed."""
    text = _stable({item.name: item.value for item in app.config.filter({"html"})})
    places = {
        str(Path(app.srcdir)): "<srcdir>",
        sysconfig.get_paths()["purelib"]: "<site-packages>",
        sysconfig.get_paths()["platlib"]: "<site-packages>",
    }
    for place in sorted(places, key=len, reverse=True):
        text = text.replace(place, places[place])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _path_free_build_info(app: Sphinx) -> None:
    info = getattr(app.builder, "build_info", None)
    if info is not None:
        info.config_hash = config_hash(app)


def _normalize_gallery_zips(app: Sphinx) -> None:
    conf = getattr(app.config, "sphinx_gallery_conf", {}) or {}
    dirs = conf.get("gallery_dirs", [])
    date = zip_date()
    for folder in [dirs] if isinstance(dirs, str) else dirs:
        for path in sorted((Path(app.srcdir) / folder).rglob("*.zip")):
            normalize_zip(path, date)


def setup(app: Sphinx) -> dict[str, Any]:
    # Before anything compares the build with the last one's .buildinfo.
    app.connect("builder-inited", _path_free_build_info, priority=100)
    # After sphinx-gallery has generated the gallery (same event, priority 500).
    app.connect("builder-inited", _normalize_gallery_zips, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
