"""Numbers the examples compute, quoted by name in the chapters.

An example is the only place its runs are computed. When it has run, every
public number it holds in a module-level name (an ``int``, ``float``, ``bool``
or ``str``, numpy scalars included) is written to
``<gallery>/<example>.numbers.json``. A chapter quotes one with the ``num``
role, naming the example, the number and, optionally, a format spec::

    The run settles at step {num}`plot_low_learning_rate.fit_settled`,
    {num}`plot_low_learning_rate.ratio:.0f` times sooner.

``numbers_scraper`` (sphinx-gallery image scraper, by dotted name)
    Called after every code block of an example; writes the example's numbers
    as they stand, so the file holds the values the names have when the
    example ends. Draws nothing.

``num`` (role)
    Formats the number with Python's format spec (``format(value, spec)``),
    sets minus signs as U+2212 like the math around them, and makes
    the page depend on the numbers file, so that the page is read again when
    the example runs again. An unknown example or name fails the build,
    naming the page, the line and what the example does hold.
"""

from __future__ import annotations

import difflib
import json
import numbers
import re
from pathlib import Path
from typing import Any

import numpy as np
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

__all__ = [
    "NumberError",
    "QuoteRole",
    "example_numbers",
    "numbers_scraper",
    "quote",
    "setup",
]

logger = logging.getLogger(__name__)

SUFFIX = ".numbers.json"
_REFERENCE = re.compile(r"(?P<example>[\w-]+)\.(?P<name>[A-Za-z]\w*)(?::(?P<spec>.*))?")


def example_numbers(namespace: dict[str, Any]) -> dict[str, Any]:
    """The public numbers (and strings) of an example's namespace, as JSON values."""
    found: dict[str, Any] = {}
    for name, held in namespace.items():
        if name.startswith("_"):
            continue
        value = (
            held.item()
            if isinstance(held, np.ndarray | np.generic) and np.ndim(held) == 0
            else held
        )
        if isinstance(value, bool | str):
            found[name] = value
        elif isinstance(value, numbers.Integral):
            found[name] = int(value)
        elif isinstance(value, numbers.Real) and np.isfinite(float(value)):
            # JSON has no inf or nan; such a number cannot be quoted.
            found[name] = float(value)
    return dict(sorted(found.items()))


def numbers_scraper(
    block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any], **kwargs: Any
) -> str:
    """Write the example's numbers beside its page; show nothing.

    sphinx-gallery calls it after each code block, as it calls every image
    scraper (see ``book_figures.light_dark_scraper``); of ``block_vars`` it
    reads the example's namespace (``example_globals``) and ``target_file``.
    It returns ``""``: this scraper adds nothing to the page.
    """
    del block, gallery_conf, kwargs
    target = Path(block_vars["target_file"])
    path = target.with_name(target.stem + SUFFIX)
    text = json.dumps(example_numbers(block_vars["example_globals"]), indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return ""


def _gallery_dirs(config: Any) -> list[str]:
    dirs = config.sphinx_gallery_conf.get("gallery_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


def _typeset(text: str) -> str:
    """Minus signs as the math typesets them."""
    return text.replace("-", "\N{MINUS SIGN}")


class NumberError(ValueError):
    """A reference to a number that cannot be quoted; ``files``: what to watch."""

    def __init__(self, message: str, files: list[Path] | None = None) -> None:
        super().__init__(message)
        self.files = files or []


def quote(srcdir: Path, config: Any, text: str) -> tuple[str, Path]:
    """The number ``text`` (``example.name[:spec]``) names, formatted, and its file.

    Raises
    ------
    NumberError
        The reference is malformed, the example holds no numbers or not that
        name, or the spec does not fit the value. ``files`` lists the numbers
        files whose appearance or change could mend it.
    """
    match = _REFERENCE.fullmatch(text.strip())
    if match is None:
        msg = (
            f"num: {text!r} is not of the form example.name or example.name:format "
            "(e.g. plot_low_learning_rate.ratio:.0f)"
        )
        raise NumberError(msg)
    example, name, spec = match["example"], match["name"], match["spec"] or ""
    files = [srcdir / d / f"{example}{SUFFIX}" for d in _gallery_dirs(config)]
    path = next((f for f in files if f.is_file()), None)
    if path is None:
        msg = (
            f"num: no numbers from the example {example}: there is no "
            f"examples/{example}.py, or it failed (see the gallery's report)"
        )
        raise NumberError(msg, files)
    held = json.loads(path.read_text(encoding="utf-8"))
    if name not in held:
        close = difflib.get_close_matches(name, held, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        msg = f"num: the example {example} holds no number {name!r}{hint}"
        raise NumberError(msg, [path])
    value = held[name]
    try:
        formatted = format(value, spec)
    except (ValueError, TypeError) as err:
        msg = f"num: cannot format {example}.{name} = {value!r} with {spec!r}: {err}"
        raise NumberError(msg, [path]) from None
    return (formatted if isinstance(value, str) else _typeset(formatted)), path


class QuoteRole(SphinxRole):
    """``{num}`example.name[:spec]```: a number an example computed."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            text, path = quote(Path(self.env.srcdir), self.config, self.text)
        except NumberError as err:
            for file in err.files:
                self.env.note_dependency(str(file))
            return self._fail(str(err))
        self.env.note_dependency(str(path))
        return [nodes.inline(self.rawtext, text, classes=["book-number"])], []

    def _fail(
        self, message: str
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.error(
            message, location=self.get_location(), type="gdbook", subtype="num"
        )
        return [nodes.problematic(self.rawtext, self.rawtext)], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("num", QuoteRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
