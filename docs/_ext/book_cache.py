"""Keep the build's caches honest: key them on gdbook's source, drop what is stale.

sphinx-gallery re-runs an example only when the example file's md5 changes, and
myst-nb's jupyter-cache re-executes a page only when the page's code cells
change. Neither sees a change to gdbook itself, so without this extension a
figure or a cell output could show what an older gdbook did. Nor does
sphinx-gallery remove what a deleted example made, or the figures an example
no longer makes, so a chapter could go on embedding them.

At ``config-inited``, before anything is built, this extension:

* hashes every file of the gdbook package that the build imports (caches
  excepted) and sets the config value ``gdbook_source_hash`` (registered with
  ``rebuild="env"``), so that Sphinx re-reads every page when the hash changes;
* deletes the gallery's ``*.py.md5`` stamps when the hash differs from the one
  stored in the gallery output folder (``.gdbook-source-hash``), so that every
  example runs again (the stamps go first: a build interrupted after this
  still re-runs the examples);
* deletes the figures and numbers of every example that is going to run, so that only
  what it makes this time exists afterwards (and a chapter that embeds a
  figure of an example that failed gets an error, not an old picture), and
  everything generated from examples that no longer exist;
* points myst-nb's jupyter cache at a sub-folder named after the hash, so that
  a notebook executed against another gdbook is never found there (the
  folders of other hashes are removed).
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx_gallery.utils import get_md5sum

__all__ = ["galleries", "gdbook_source_hash", "setup", "will_run"]

logger = logging.getLogger(__name__)

STAMP = ".gdbook-source-hash"
CACHE_PREFIX = "gdbook-"
# What sphinx-gallery writes beside each example's page, by suffix.
GENERATED = (
    ".rst",
    ".py",
    ".ipynb",
    ".zip",
    ".py.md5",
    ".codeobj.json",
    ".cost.json",
    ".numbers.json",
)


def gdbook_source_hash() -> tuple[str, Path]:
    """The sha256 of the importable gdbook package's files, and its folder.

    Every file under the package folder counts (its relative path and its
    bytes), except ``__pycache__`` folders, so editing, adding, removing or
    renaming a module changes the hash.

    Raises
    ------
    sphinx.errors.ConfigError
        When gdbook cannot be imported.
    """
    spec = importlib.util.find_spec("gdbook")
    if spec is None or not spec.submodule_search_locations:
        msg = (
            "gdbook is not importable, so the book cannot be built: install it "
            "with `python -m pip install -e .` (nox -s docs does) or put its "
            "src folder on PYTHONPATH"
        )
        raise ConfigError(msg)
    package = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest(), package


def galleries(app: Sphinx, config: Config) -> list[tuple[Path, Path]]:
    """(examples folder, gallery output folder) pairs, as absolute paths."""
    conf = config.sphinx_gallery_conf
    examples, galleries = conf.get("examples_dirs", []), conf.get("gallery_dirs", [])
    if isinstance(examples, str):
        examples, galleries = [examples], [galleries]
    return [
        (Path(app.srcdir, e).resolve(), Path(app.srcdir, g).resolve())
        for e, g in zip(examples, galleries, strict=True)
    ]


def will_run(source: Path, copy: Path) -> bool:
    """Whether sphinx-gallery runs ``source`` (its copy in the gallery is ``copy``).

    It does when the md5 stamp it left beside the copy is missing or is not
    the script's.
    """
    md5 = copy.with_name(copy.name + ".md5")
    return not (md5.is_file() and md5.read_text() == get_md5sum(source, mode="t"))


def _figures(folder: Path, stem: str, *, thumbnail: bool = False) -> list[Path]:
    """The figures (and their records) that the example ``stem`` made."""
    kinds = r"\d{3}(?:_dark)?\.(?:png|svg|json)" + (
        "|thumb\\.\\w+" if thumbnail else ""
    )
    pattern = re.compile(rf"sphx_glr_{re.escape(stem)}_(?:{kinds})")
    return [
        image
        for image in [*folder.glob("images/*"), *folder.glob("images/thumb/*")]
        if pattern.fullmatch(image.name)
    ]


def _remove_figures(folder: Path, stem: str, *, thumbnail: bool = False) -> None:
    """Delete the figures (and their records) that the example ``stem`` made."""
    for image in _figures(folder, stem, thumbnail=thumbnail):
        image.unlink()


def _prune_gallery(examples: Path, gallery: Path, source_hash: str) -> None:
    """Make the gallery re-run, and forget, what another gdbook or example made."""
    stamp = gallery / STAMP
    if not (stamp.is_file() and stamp.read_text().strip() == source_hash):
        stale = list(gallery.rglob("*.py.md5"))
        for md5 in stale:
            md5.unlink()
        if stale:
            logger.info(
                "gdbook's source changed since %s was made: its %d example(s) "
                "will run again",
                gallery.name,
                len(stale),
            )
    # Examples that will run: their old figures go, so none outlives the run.
    for source in examples.rglob("*.py"):
        copy = gallery / source.relative_to(examples)
        if will_run(source, copy):
            _remove_figures(copy.parent, source.stem)
            copy.with_name(source.stem + ".numbers.json").unlink(missing_ok=True)
    # Examples that are gone: everything made from them goes.
    for copy in gallery.rglob("*.py"):
        if (examples / copy.relative_to(gallery)).is_file():
            continue
        stem = copy.stem
        for suffix in GENERATED:
            copy.with_name(stem + suffix).unlink(missing_ok=True)
        _remove_figures(copy.parent, stem, thumbnail=True)
        logger.info("removed what the deleted example %s.py had made", stem)
    gallery.mkdir(parents=True, exist_ok=True)
    stamp.write_text(source_hash + "\n")


def _key_notebook_cache(app: Sphinx, config: Config, source_hash: str) -> None:
    """Give myst-nb a jupyter cache of its own for this gdbook source."""
    base = Path(
        config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"
    )
    keyed = base / (CACHE_PREFIX + source_hash[:16])
    for old in base.glob(CACHE_PREFIX + "*"):
        if old != keyed:
            shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(keyed)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    source_hash, package = gdbook_source_hash()
    logger.info("gdbook source %s: hash %s", package, source_hash[:16])
    config.gdbook_source_hash = source_hash
    if "sphinx_gallery.gen_gallery" in config.extensions:
        for examples, gallery in galleries(app, config):
            _prune_gallery(examples, gallery, source_hash)
    if "myst_nb" in config.extensions:
        _key_notebook_cache(app, config, source_hash)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("gdbook_source_hash", "", "env", types=[str])
    # After sphinx-gallery fills its defaults (priority 10), before anything
    # reads the jupyter cache path (myst-nb does at builder-inited).
    app.connect("config-inited", _on_config_inited, priority=100)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
