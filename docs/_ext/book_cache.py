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
* deletes the figures of every example that is going to run, so that only
  what it makes this time exists afterwards (and a chapter that embeds a
  figure of an example that failed gets an error, not an old picture), and
  everything generated from examples that no longer exist;
* points myst-nb's jupyter cache at a sub-folder named after the hash, so that
  a notebook executed against another gdbook is never found there (the
  folders of other hashes are removed).

Sphinx decides what to read again from modification times, so an example
that runs again would make every page that shows one of its figures or its
thumbnail (a chapter, the gallery index, the API pages) be read and written
again, even when the run drew the same pixels. Before the gallery runs, this
extension notes the bytes and times of what each example about to run made;
after, a file made again byte for byte gets its old time back.

autosummary, on the other hand, regenerates the API pages at the start of
every build, parsing every module's source again (about 0.2 s of each
rebuild) to write the same files. At ``builder-inited`` this extension keys
those pages on what they are made from: gdbook's source hash, the templates,
the ``autosummary_*`` and ``autodoc_*`` settings, Sphinx's version and every
page that holds an autosummary directive (the generated ones included, so a
deleted or edited page is made again). When the key is the one recorded after
the last generation, autosummary is told to skip this build's generation.
"""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import json
import os
import re
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx_gallery.utils import get_md5sum

__all__ = ["galleries", "gdbook_source_hash", "setup", "will_run"]

logger = logging.getLogger(__name__)

STAMP = ".gdbook-source-hash"
# In the doctree folder: the key of the API pages autosummary last generated.
AUTOSUMMARY_STAMP = "gdbook-autosummary-key"
AUTOSUMMARY_DIRECTIVE = re.compile(r"\.\. autosummary::|\{autosummary\}")
CACHE_PREFIX = "gdbook-"
# What sphinx-gallery writes beside each example's page, by suffix.
GENERATED = (".rst", ".py", ".ipynb", ".zip", ".py.md5", ".codeobj.json", ".cost.json")


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


class _SameBytesSameTime:
    """Give a file that a run made again, byte for byte, its old mtime back."""

    def __init__(self) -> None:
        self.before: dict[Path, tuple[bytes, int]] = {}

    def note(self, paths: list[Path]) -> None:
        for path in paths:
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).digest()
                self.before[path] = (digest, path.stat().st_mtime_ns)

    def restore(self, app: Sphinx) -> None:
        del app
        kept = 0
        for path, (digest, mtime) in self.before.items():
            if path.is_file() and hashlib.sha256(path.read_bytes()).digest() == digest:
                os.utime(path, ns=(mtime, mtime))
                kept += 1
        if self.before:
            logger.info(
                "the examples that ran made %d of %d files again byte for byte: "
                "they keep their times, so what shows them is not rebuilt",
                kept,
                len(self.before),
            )
        self.before.clear()


def _prune_gallery(
    examples: Path, gallery: Path, source_hash: str, same: _SameBytesSameTime
) -> None:
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
            made = _figures(copy.parent, source.stem, thumbnail=True)
            same.note([*made, *copy.parent.glob(glob.escape(source.stem) + ".*")])
            _remove_figures(copy.parent, source.stem)
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


def _on_config_inited(app: Sphinx, config: Config, same: _SameBytesSameTime) -> None:
    source_hash, package = gdbook_source_hash()
    logger.info("gdbook source %s: hash %s", package, source_hash[:16])
    config.gdbook_source_hash = source_hash
    if "sphinx_gallery.gen_gallery" in config.extensions:
        for examples, gallery in galleries(app, config):
            _prune_gallery(examples, gallery, source_hash, same)
    if "myst_nb" in config.extensions:
        _key_notebook_cache(app, config, source_hash)


def _autosummary_key(app: Sphinx) -> str:
    """What autosummary's generated pages are made from, as one sha256."""
    digest = hashlib.sha256()
    settings = {
        item.name: repr(item.value)
        for item in app.config
        if item.name.startswith(("autosummary_", "autodoc_"))
    }
    settings["sphinx"] = sphinx.__version__
    settings["gdbook"] = app.config.gdbook_source_hash
    digest.update(json.dumps(settings, sort_keys=True).encode())
    templates = [Path(app.srcdir, t) for t in app.config.templates_path]
    files = [p for t in templates for p in sorted(t.rglob("*")) if p.is_file()]
    for doc in sorted(app.env.found_docs):
        path = app.env.doc2path(doc)
        if path.is_file() and AUTOSUMMARY_DIRECTIVE.search(
            path.read_text(errors="replace")
        ):
            files.append(path)
    for path in files:
        digest.update(path.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class _AutosummaryWhenStale:
    """Skip autosummary's generation in a build where its pages are current.

    ``before`` runs just ahead of autosummary's ``builder-inited`` handler and
    turns ``autosummary_generate`` off when the key matches the recorded one;
    ``after`` runs just behind it, turns the setting back (so the saved
    environment holds the configured value) and records the key of what was
    generated.
    """

    def __init__(self) -> None:
        self.configured: object = None

    def before(self, app: Sphinx) -> None:
        self.configured = app.config.autosummary_generate
        # The pages as they are now: on a rebuild, found_docs is still the
        # list the last build saved (Sphinx looks again only when it reads).
        app.env.find_files(app.config, app.builder)
        stamp = Path(app.doctreedir, AUTOSUMMARY_STAMP)
        if not (self.configured and stamp.is_file()):
            return
        if stamp.read_text() == _autosummary_key(app):
            logger.info("[autosummary] the API pages are current: not generated again")
            app.config.autosummary_generate = False

    def after(self, app: Sphinx) -> None:
        stamp = Path(app.doctreedir, AUTOSUMMARY_STAMP)
        if app.config.autosummary_generate != self.configured:
            app.config.autosummary_generate = self.configured
        elif self.configured:
            # The pages just written count in the key: find them first.
            app.env.find_files(app.config, app.builder)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(_autosummary_key(app))
        else:
            stamp.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("gdbook_source_hash", "", "env", types=[str])
    # After sphinx-gallery fills its defaults (priority 10), before anything
    # reads the jupyter cache path (myst-nb does at builder-inited).
    same = _SameBytesSameTime()
    app.connect("config-inited", partial(_on_config_inited, same=same), priority=100)
    # After sphinx-gallery runs the examples (priority 500) and book_figures
    # packs their figures (600): the files are final then.
    app.connect("builder-inited", same.restore, priority=700)
    if "sphinx.ext.autosummary" in app.config.extensions:
        # Around autosummary's own builder-inited handler (priority 500).
        # Sphinx has compared the configuration with the last build's by
        # then, and the setting is restored before the environment is saved.
        skip = _AutosummaryWhenStale()
        app.connect("builder-inited", skip.before, priority=499)
        app.connect("builder-inited", skip.after, priority=501)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
