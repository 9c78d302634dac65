"""Each chapter with code cells, downloadable as the notebook the build executed.

myst-nb executes a page with code cells as a notebook, keeps its outputs in
its jupyter cache and writes the page's notebook to ``<build>/jupyter_execute/``. For every such page this extension
publishes ``_notebooks/<page>.ipynb`` in the output, with the numbers the page
quotes (``{num}`example.name```, see ``book_numbers``) written in as text, so
the notebook reads as the page does, and gives the page template a link to it
(``gdbook_notebook``; ``docs/_templates/page.html`` shows it at the end of the
page, beside where the gallery puts its downloads).
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from book_numbers import NumberError, quote
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

__all__ = ["notebook_for_reader", "setup"]

FOLDER = "_notebooks"
_NUM = re.compile(r"\{num\}`([^`]+)`")


def notebook_for_reader(
    notebook: dict[str, Any], srcdir: Path, config: Any
) -> dict[str, Any]:
    """``notebook`` with every ``{num}`...``` in its markdown cells replaced by the
    number, and its cells numbered."""

    def number(match: re.Match[str]) -> str:
        try:
            return quote(srcdir, config, match[1])[0]
        except NumberError:
            return match[0]  # the page itself reports it

    for index, cell in enumerate(notebook.get("cells", []), start=1):
        # Cell ids are random when a page becomes a notebook: number them, so
        # that the download is the same at every build.
        if "id" in cell:
            cell["id"] = f"cell-{index}"
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"])
            cell["source"] = _NUM.sub(number, source).splitlines(keepends=True)
    return notebook


def _with_outputs(path: Path, cache_path: str) -> dict[str, Any]:
    """The page's notebook with the outputs of its execution.

    myst-nb writes the page's notebook there without outputs when it takes
    them from its jupyter cache; the cache (jupyter-cache's public API) gives
    them back.
    """
    import nbformat  # noqa: PLC0415
    from jupyter_cache import get_cache  # noqa: PLC0415

    notebook = nbformat.read(path, as_version=4)
    if not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"):
        # A page not in the cache has no outputs to show.
        with contextlib.suppress(KeyError):
            _, notebook = get_cache(cache_path).merge_match_into_notebook(notebook)
    return json.loads(nbformat.writes(notebook))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    del templatename, doctree
    if app.builder.format != "html":
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    notebook = _with_outputs(executed, app.config.nb_execution_cache_path)
    notebook = notebook_for_reader(notebook, Path(app.srcdir), app.config)
    target = Path(app.outdir, FOLDER, f"{pagename}.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    context["gdbook_notebook"] = relative_uri(
        app.builder.get_target_uri(pagename), f"{FOLDER}/{pagename}.ipynb"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
