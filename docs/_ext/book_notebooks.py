"""Execute the notebook pages that need it while the gallery runs its examples.

myst-nb executes a page's code cells when Sphinx reads the page, one page at
a time, and Sphinx reads pages only once sphinx-gallery has run every example
that had to run: two waits in a row, each on one core, on a machine with two.

When examples are about to run, this extension starts, just before they do,
a worker process that takes the notebook pages Sphinx is going to read and,
for each, does what myst-nb does when it reads one in ``cache`` mode: it reads
the page into a notebook with myst-nb's reader, looks the notebook up in the
jupyter cache and, if it is not there, executes it with myst-nb's own client,
which stores the result. Before Sphinx reads the first page, the build waits
for the worker and logs what it did, page by page, as myst-nb would have;
myst-nb then finds every page in the cache.

A page whose cells fail is not stored: myst-nb executes it again when it
reads it and fails the build as always, naming the page. With no example to
run there is nothing to overlap, and myst-nb executes what it must itself.

``book_notebooks`` must come after ``myst_nb`` and before
``sphinx_gallery.gen_gallery`` in ``extensions``: its ``builder-inited``
handler runs between theirs (equal priorities run in the order the
extensions were set up), once myst-nb has its configuration and before the
gallery starts.
"""

from __future__ import annotations

import atexit
import json
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup"]

logger = logging.getLogger(__name__)

ORDER = ("myst_nb", "book_notebooks", "sphinx_gallery.gen_gallery")
# Starts each report line of the worker: whatever else it prints is not one.
REPORT = "book_notebooks report: "


def _examples_will_run(app: Sphinx) -> bool:
    """Whether sphinx-gallery is about to run at least one example."""
    from book_cache import galleries, will_run  # noqa: PLC0415

    return any(
        will_run(source, gallery / source.relative_to(examples))
        for examples, gallery in galleries(app, app.config)
        for source in examples.rglob("*.py")
    )


def _pages_to_read(app: Sphinx) -> list[tuple[str, str]]:
    """(docname, path) of the Markdown and notebook pages Sphinx will read."""
    from sphinx.environment import CONFIG_OK  # noqa: PLC0415

    env = app.env
    env.find_files(app.config, app.builder)
    added, changed, _ = env.get_outdated_files(env.config_status != CONFIG_OK)
    pages = []
    for docname in sorted(added | changed):
        path = env.doc2path(docname)
        if path.suffix in {".md", ".ipynb"} and path.is_file():
            pages.append((docname, str(path)))
    return pages


class _Ahead:
    """The worker process, from its start to what it reported."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        atexit.register(self.stop)

    def start(self, app: Sphinx) -> None:
        nb_config = getattr(app.env, "mystnb_config", None)
        if nb_config is None or nb_config.execution_mode != "cache":
            return
        if not _examples_will_run(app):
            return
        pages = _pages_to_read(app)
        if not pages:
            return
        job = {
            "pages": pages,
            "md_config": app.env.myst_config,
            "nb_config": nb_config,
            "encoding": app.config.source_encoding,
        }
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(pickle.dumps(job))
        self.process.stdin.close()

    def finish(self, app: Sphinx, env: Any, docnames: list[str]) -> None:
        del app, env, docnames
        if self.process is None:
            return
        process, self.process = self.process, None
        assert process.stdout is not None
        start = time.perf_counter()
        out = process.stdout.read()
        process.wait()
        waited = time.perf_counter() - start
        if process.returncode:
            logger.info(
                "the notebook pages could not be executed ahead (exit %d): "
                "myst-nb executes them as it reads them",
                process.returncode,
            )
            return
        reports = [
            json.loads(line.removeprefix(REPORT))
            for line in out.decode().splitlines()
            if line.startswith(REPORT)
        ]
        for report in reports:
            for message in report["messages"]:
                logger.info("%s [mystnb]", message, location=report["docname"])
        logger.info(
            "%d notebook page(s) executed while the gallery ran; then %.1f s of waiting",
            len(reports),
            waited,
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()


def setup(app: Sphinx) -> dict[str, Any]:
    names = list(app.config.extensions)
    if not all(name in names for name in ORDER) or sorted(
        ORDER, key=names.index
    ) != list(ORDER):
        msg = (
            "book_notebooks must be listed in `extensions` after myst_nb and "
            "before sphinx_gallery.gen_gallery (its builder-inited handler runs "
            f"between theirs); the list is {names}"
        )
        raise ExtensionError(msg)
    ahead = _Ahead()
    app.connect("builder-inited", ahead.start)
    app.connect("env-before-read-docs", ahead.finish)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# -- The worker ---------------------------------------------------------------


class _Messages:
    """A myst-nb logger that keeps what the client says, to say it later."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _keep(self, msg: object, *args: object, **kwargs: object) -> None:
        del kwargs
        self.lines.append(str(msg) % args if args else str(msg))

    debug = info = _keep

    def warning(self, msg: object, *args: object, **kwargs: object) -> None:
        del args, kwargs
        # myst-nb executes the page again when it reads it, and reports it.
        self.lines.append(f"ahead of reading: {str(msg).splitlines()[0]}")

    error = critical = warning


def _work() -> None:
    """Read the job from stdin; one JSON line per page on stdout."""
    from myst_nb.core.execute import create_client  # noqa: PLC0415
    from myst_nb.core.read import create_nb_reader  # noqa: PLC0415

    job = pickle.loads(sys.stdin.buffer.read())  # written by the parent build
    nb_config = job["nb_config"]
    for docname, path in job["pages"]:
        text = Path(path).read_text(encoding=job["encoding"])
        reader = create_nb_reader(path, job["md_config"], nb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        # Pages that set their own execution options, or kernels renamed by
        # alias, are left to myst-nb.
        if nb_config.metadata_key in notebook.metadata or nb_config.kernel_rgx_aliases:
            continue
        messages = _Messages()
        client = create_client(notebook, path, nb_config, messages, reader.read_fmt)
        try:
            client.start_client()
        except Exception as error:  # noqa: BLE001 - myst-nb reports it when reading
            messages.warning(f"{type(error).__name__}: {error}")
        if not all(line.startswith("Using cached") for line in messages.lines):
            report = {"docname": docname, "messages": messages.lines}
            sys.stdout.write(REPORT + json.dumps(report) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    _work()
