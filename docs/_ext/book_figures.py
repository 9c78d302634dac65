"""Gallery figures in a light and a dark variant, and their place in the chapters.

Three pieces, joined by one small JSON file per figure:

``light_dark_scraper`` (sphinx-gallery image scraper, by dotted name)
    For each matplotlib figure an example leaves open, saves
    ``sphx_glr_<example>_<NNN>.png`` with the light chrome and
    ``sphx_glr_<example>_<NNN>_dark.png`` after ``book_style.restyle(fig,
    "dark")`` (chrome only: data colours are the same in both), writes
    ``sphx_glr_<example>_<NNN>.json`` next to them (alt text, sizes), and puts
    both images on the example's page, classed ``only-light`` and ``only-dark``
    so that furo shows the one that matches the reader's mode. The alt text is
    the figure's label, ``fig.get_label()`` (an example sets it with
    ``fig.set_label(text)``), else the figure's titles.

``gallery-figure`` (directive)
    Embeds figure N of an example in a chapter as a numbered figure with both
    variants, the alt text and a caption::

        :::{gallery-figure} plot_high_lr
        :name: fig-high-lr

        Unstable model, learning rate too big.
        :::

    The optional second argument is the figure's number within the example
    (default 1). Options: ``name`` (the label for ``{numref}``), ``alt`` (replaces
    the generated alt text), ``width`` (CSS width, e.g. ``80%``), ``class``. The
    build fails, naming the chapter and the example, when the figure does not
    exist (an example that is missing, failed or closed its figure).

gallery thumbnails
    sphinx-gallery gives thumbnails an empty alt; they get the first sentence
    of the alt text of the figure they show.

Once the examples have run, the new figures and thumbnails are rewritten with
a 256-colour palette (``optimize_png``), a third of their bytes.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from book_png import palette_png
from docutils import nodes
from docutils.parsers.rst import directives
from PIL import Image
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

__all__ = [
    "ChapterOrder",
    "GalleryFigure",
    "light_dark_scraper",
    "optimize_png",
    "setup",
    "smallest_text_pt",
]

logger = logging.getLogger(__name__)

# PNGs are saved at this resolution and shown at the figure's size in CSS
# pixels (96 per inch): sharp on phones and high-density screens, small enough
# for the page-weight budget.
SAVE_DPI = 150
CSS_DPI = 96


def optimize_png(path: Path) -> None:
    """Rewrite a PNG with a palette of 256 colours (:func:`book_png.palette_png`).

    Files that already have a palette are left alone.
    """
    with Image.open(path) as image:
        if image.mode == "P":
            return
        image.load()
        data = palette_png(image)
    path.write_bytes(data)


_IMAGE_RST = """
.. image:: /{uri}
   :alt: {alt}
   :width: {width}
   :height: {height}
   :class: sphx-glr-single-img {mode_class}
   :loading: lazy
"""


def _titles(fig: Any) -> str:
    """The figure's suptitle and axes titles, joined: the fallback alt text."""
    titles = []
    if getattr(fig, "_suptitle", None) is not None:
        titles.append(fig._suptitle.get_text())
    for ax in fig.axes:
        titles.extend(
            ax.get_title(loc=loc)
            for loc in ("left", "center", "right")
            if ax.get_title(loc=loc)
        )
    return "; ".join(t.strip() for t in titles if t.strip())


def _alt_text(fig: Any, where: str) -> str:
    text = " ".join((fig.get_label() or "").split()) or _titles(fig)
    if not text:
        logger.warning(
            "%s has no alt text: describe it with fig.set_label(text) "
            "or give it a title",
            where,
            type="gdbook",
            subtype="alt_text",
        )
        text = where
    return " ".join(text.split())


def smallest_text_pt(fig: Any) -> float:
    """The size, in points, of the smallest text the figure shows.

    Text that is hidden, empty, or drawn outside the figure does not count.
    A figure shown ``w`` CSS pixels wide shows text of ``s`` points at
    ``s * 96 / 72 * w / (figure width in inches * 96)`` pixels.
    """
    fig.draw_without_rendering()
    return _smallest_drawn_text_pt(fig)


def _smallest_drawn_text_pt(fig: Any) -> float:
    """`smallest_text_pt` of a figure just drawn, as saving it draws it."""
    from matplotlib.text import Text  # noqa: PLC0415

    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    sizes = [
        text.get_fontsize()
        for text in fig.findobj(Text)
        if text.get_visible()
        and text.get_text().strip()
        and text.get_window_extent(renderer).overlaps(box)
    ]
    return float(min(sizes)) if sizes else float("inf")


def light_dark_scraper(
    block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any], **kwargs: Any
) -> str:
    """Save each open matplotlib figure light and dark; return the rst showing them.

    Parameters
    ----------
    block, block_vars, gallery_conf
        What sphinx-gallery gives every scraper: the code block just run, its
        variables (``image_path_iterator``, ``src_file``) and the gallery's
        configuration (``src_dir``).
    **kwargs
        Unused; part of sphinx-gallery's scraper signature.

    Returns
    -------
    str
        reStructuredText with, per figure, an ``only-light`` and an
        ``only-dark`` image sharing the same alt text; empty when no figure is
        open. All figures are closed.
    """
    del block, kwargs
    # Imported here, once sphinx-gallery has set matplotlib's Agg backend.
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from book_style import restyle  # noqa: PLC0415

    src_dir = Path(gallery_conf["src_dir"])
    example = Path(block_vars["src_file"]).name
    rst = []
    try:
        for fig_num, image_path in zip(
            plt.get_fignums(), block_vars["image_path_iterator"], strict=False
        ):
            fig = plt.figure(fig_num)
            light = Path(image_path).with_suffix(".png")
            dark = light.with_name(light.stem + "_dark.png")
            number = int(light.stem.rsplit("_", 1)[1])
            alt = _alt_text(fig, f"figure {number} of {example}")
            for mode, path in (("light", light), ("dark", dark)):
                restyle(fig, mode)
                fig.savefig(path, dpi=SAVE_DPI, facecolor=fig.get_facecolor())
                if mode == "light":
                    # Saving laid the text out: no third drawing to measure it.
                    smallest = _smallest_drawn_text_pt(fig)
            width = round(fig.get_figwidth() * CSS_DPI)
            height = round(fig.get_figheight() * CSS_DPI)
            record = {
                "example": example,
                "number": number,
                "alt": alt,
                "light": light.name,
                "dark": dark.name,
                "width": width,
                "height": height,
                "smallest_text_pt": smallest if smallest != float("inf") else None,
            }
            light.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n")
            for mode, path in (("light", light), ("dark", dark)):
                rst.append(
                    _IMAGE_RST.format(
                        uri=PurePosixPath(path.relative_to(src_dir)),
                        alt=alt,
                        width=width,
                        height=height,
                        mode_class=f"only-{mode}",
                    )
                )
    finally:
        plt.close("all")
    return "".join(rst)


class ChapterOrder:
    """Sort key of the gallery: examples in the order the chapters show them.

    An example's place is that of the first ``gallery-figure`` showing one of
    its figures, reading ``docs/chapters/*.md`` in file-name order (the
    book's order); examples no chapter shows come last, by file name. Set it
    as sphinx-gallery's ``within_subsection_order`` by dotted name.
    """

    def __init__(self, src_dir: str | Path) -> None:
        self.chapters = Path(src_dir).resolve().parent / "docs" / "chapters"

    def __repr__(self) -> str:
        # In the configuration Sphinx hashes: no address, no path.
        return "ChapterOrder()"

    @functools.cached_property
    def order(self) -> dict[str, int]:
        """Example name -> the place of its first figure in the book."""
        order: dict[str, int] = {}
        for chapter in sorted(self.chapters.glob("*.md")):
            text = chapter.read_text(encoding="utf-8")
            for name in re.findall(r"\{gallery-figure\}\s+([\w-]+)", text):
                order.setdefault(name.removesuffix(".py"), len(order))
        return order

    def __call__(self, filename: str) -> tuple[int, str]:
        stem = Path(filename).stem
        return self.order.get(stem, len(self.order)), stem


def _find_record(
    srcdir: Path, gallery_dirs: list[str], example: str, number: int
) -> Path | None:
    name = f"sphx_glr_{example}_{number:03d}.json"
    for gallery in gallery_dirs:
        found = sorted(Path(srcdir, gallery).glob(f"**/images/{name}"))
        if found:
            return found[0]
    return None


def _missing_figures(env: BuildEnvironment) -> dict[str, list[str]]:
    """Per page, the gallery figures it asked for that do not exist."""
    if not hasattr(env, "gdbook_missing_figures"):
        env.gdbook_missing_figures = {}  # type: ignore[attr-defined]
    return env.gdbook_missing_figures  # type: ignore[attr-defined,no-any-return]


def _gallery_dirs(env: BuildEnvironment) -> list[str]:
    dirs = env.config.sphinx_gallery_conf.get("gallery_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


def _examples_dirs(env: BuildEnvironment) -> list[str]:
    dirs = env.config.sphinx_gallery_conf.get("examples_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


class GalleryFigure(SphinxDirective):
    """A numbered figure, in both variants, made by a gallery example."""

    required_arguments = 1
    optional_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "name": directives.unchanged,
        "alt": directives.unchanged,
        "width": directives.length_or_percentage_or_unitless,
        "class": directives.class_option,
    }

    def _missing(self, message: str) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        _missing_figures(self.env).setdefault(docname, []).append(
            f"{self.get_location()}: {message}"
        )
        logger.error(message, location=(docname, self.lineno))
        return []

    def run(self) -> list[nodes.Node]:
        example = self.arguments[0].removesuffix(".py")
        try:
            number = int(self.arguments[1]) if len(self.arguments) > 1 else 1
        except ValueError:
            return self._missing(
                f"gallery-figure {self.arguments[0]}: the figure number must be an "
                f"integer, got {self.arguments[1]!r}"
            )
        if not re.fullmatch(r"[\w-]+", example):
            return self._missing(
                f"gallery-figure: the example must be a file name like plot_high_lr, "
                f"got {self.arguments[0]!r}"
            )
        srcdir = Path(self.env.srcdir)
        gallery_dirs = _gallery_dirs(self.env)
        record_path = _find_record(srcdir, gallery_dirs, example, number)
        if record_path is None:
            # Re-read this page on every build until the figure exists.
            expected = Path(
                srcdir,
                gallery_dirs[0],
                "images",
                f"sphx_glr_{example}_{number:03d}.json",
            )
            self.env.note_dependency(str(expected))
            sources = [
                Path(srcdir, d, f"{example}.py") for d in _examples_dirs(self.env)
            ]
            if not any(s.is_file() for s in sources):
                why = f"there is no example {example}.py in {', '.join(_examples_dirs(self.env))}"
            else:
                why = (
                    f"{example}.py did not make figure {number}: did it fail (see the "
                    "gallery summary), or does it close or never draw that figure?"
                )
            return self._missing(
                f"gallery-figure {example} {number}: no image "
                f"{expected.with_suffix('.png').relative_to(srcdir)}; {why}"
            )
        if not self.content:
            return self._missing(
                f"gallery-figure {example} {number}: a caption is required (the "
                "directive's content) so the figure gets a number"
            )
        self.env.note_dependency(str(record_path))
        record = json.loads(record_path.read_text())
        alt = " ".join(self.options.get("alt", record["alt"]).split())
        rel_dir = PurePosixPath(record_path.parent.relative_to(srcdir))

        figure = nodes.figure(
            classes=["gallery-figure", *self.options.get("class", [])]
        )
        self.set_source_info(figure)
        for mode in ("light", "dark"):
            image = nodes.image(
                uri=f"/{rel_dir / record[mode]}",
                alt=alt,
                width=str(record["width"]),
                height=str(record["height"]),
                loading="lazy",
                classes=[f"only-{mode}"],
            )
            if "width" in self.options:
                image["classes"].append("gallery-figure-scaled")
                figure["width"] = self.options["width"]
            self.set_source_info(image)
            figure += image

        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        first = holder[0] if len(holder) else None
        if not isinstance(first, nodes.paragraph):
            return self._missing(
                f"gallery-figure {example} {number}: the caption must start with a "
                "paragraph of text"
            )
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        figure += caption
        legend = nodes.legend("", *holder[1:])
        legend += self._source_link(example, rel_dir)
        figure += legend
        if "name" in self.options:
            self.add_name(figure)
        return [figure]

    def _source_link(self, example: str, rel_dir: PurePosixPath) -> nodes.paragraph:
        """A line under the caption linking the example that drew the figure."""
        gallery = rel_dir.parent.as_posix().replace("/", "_")
        target = f"sphx_glr_{gallery}_{example}.py"
        ref = addnodes.pending_xref(
            "",
            nodes.literal(f"{example}.py", f"{example}.py"),
            refdomain="std",
            reftype="ref",
            reftarget=target,
            refexplicit=True,
            refwarn=True,
        )
        return nodes.paragraph(
            "", "", nodes.Text("Drawn by "), ref, classes=["gallery-figure-source"]
        )


def _thumbnail_alt(app: Sphinx, doctree: nodes.document) -> None:
    """Give gallery thumbnails the start of the alt text of the figure they show."""
    srcdir = Path(app.srcdir)
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        match = re.search(r"(?:^|/)images/thumb/sphx_glr_(.+)_thumb\.\w+$", uri)
        if not match or image.get("alt"):
            continue
        example = match.group(1)
        record = _find_record(srcdir, _gallery_dirs(app.env), example, 1)
        if record is not None:
            # The figure's first sentence: the link beside it names the example.
            alt = json.loads(record.read_text())["alt"]
            image["alt"] = re.split(r"(?<=[.!?])\s", alt, maxsplit=1)[0]
        else:
            image["alt"] = f"Thumbnail of the example {example}"


def _optimize_images(app: Sphinx) -> None:
    """Shrink the gallery's new figures and thumbnails (see :func:`optimize_png`).

    This runs once the examples have run, not in the scraper, so that
    sphinx-gallery makes its thumbnails from the full-colour figures.
    """
    for gallery in _gallery_dirs(app.env):
        for image in Path(app.srcdir, gallery).glob("**/images/**/*.png"):
            optimize_png(image)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    del app
    _missing_figures(env).pop(docname, None)


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    del app
    theirs = _missing_figures(other)
    _missing_figures(env).update({d: theirs[d] for d in docnames if d in theirs})


def _fail_on_missing(app: Sphinx, exception: Exception | None) -> None:
    """Fail the build, even without -W, when a chapter lacks a gallery figure."""
    missing = _missing_figures(app.env)
    if exception is None and any(missing.values()):
        lines = [m for doc in sorted(missing) for m in missing[doc]]
        msg = "chapters embed gallery figures that were not made:\n  " + "\n  ".join(
            lines
        )
        raise ExtensionError(msg)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("gallery-figure", GalleryFigure)
    app.connect("doctree-read", _thumbnail_alt)
    # After sphinx-gallery has run the examples (at builder-inited, priority 500).
    app.connect("builder-inited", _optimize_images, priority=600)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _fail_on_missing)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
