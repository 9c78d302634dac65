"""Explorers and step-by-step animations of runs, computed by gdbook at build time.

The directives, their nodes and HTML, and the files they make; the runs and
pictures come from ``explorer_spec`` (options to a spec), ``explorer_data``
(the runs and the JSON the browser fetches) and ``explorer_animation`` (the
animation's pictures and frames), which need no Sphinx.

``explorer``
    Sliders for the learning rate (and the momentum and the start point where
    they teach something) over runs on a 1-d landscape, drawn in the browser
    as an SVG: the loss curve and the path of the run's steps, as
    :func:`gdbook.plot.path_1d` draws it, the loss against the step beside
    it, and in words the setting's outcome, the step it settled at and where
    it ended::

        :::{explorer} book_curve
        :optimizer: HeavyBall
        :lr: 0.01 .. 0.3 / 24 per decade
        :beta: 0 .. 0.95 / 10 per decade
        :steps: 300
        :initial: lr=0.1, beta=0.9

        Explore the learning rate and the momentum

        Every setting is a ball rolling 300 steps, computed by gdbook.
        :::

    The argument names a factory of :mod:`gdbook.landscapes`; ``optimizer`` a
    class of :mod:`gdbook.optim` (default ``SGD``). ``lr`` (required),
    ``beta``, ``momentum`` and ``start`` are grids (see
    :mod:`explorer_spec`: lists, ``first:last:step``, or
    ``first .. last / N per decade`` on a log scale). ``start`` defaults to
    the landscape's standard start. ``initial`` picks the setting shown
    first (the nearest grid values; default: the middle of each grid);
    ``valley`` (a ``w`` near a listed minimum) marks 1/λ and 2/λ of that
    valley on the learning-rate slider; ``xlim`` and ``ylim`` zoom the plot
    (``4.6, 7.4``); ``name`` is a label. The content's first paragraph is the
    explorer's title, the rest introduces it; both are inside the explorer,
    hidden with it.

    The runs go into a JSON file in the HTML output's ``_explorer`` folder,
    fetched by ``_static/explorer.js`` when the explorer comes near the
    screen. The controls are in the page, but ``hidden`` until the script
    runs, so a reader without JavaScript sees no dead controls (and the
    chapter's static figure, which stays).

``step-animation``
    A numbered figure that plays one run step by step, over a background
    drawn with :func:`gdbook.plot.path_1d`, in a light and a dark variant.
    The page shows a still of the whole run; the script adds a play/pause
    button and a step scrubber, and plays once the figure is fully in view
    (not when the reader asked for reduced motion). Options: ``optimizer``,
    ``lr``, ``beta``, ``momentum``, ``start`` (one value each), ``steps``,
    ``ylim``, ``look`` (``farthest``, or steps ``a-b``: where the text tells
    the reader to look, played slowly), ``name`` (required: the figure's
    label), ``alt``; the content is the caption.

Files are named after a hash of their bytes, kept beside the doctrees while
the pages are read, and copied into ``<html>/_explorer`` when the build
finishes; files no page uses any more are removed from both places. What is
computed is kept too (:func:`_made`), so a prose edit runs nothing.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from explorer_animation import render_animation
from explorer_data import dumps, explorer_data
from explorer_spec import AXES, axis_ticks, fmt, make_spec, track_position
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

__all__ = ["ExplorerDirective", "StepAnimation", "setup"]

logger = logging.getLogger(__name__)

FOLDER = "_explorer"


# -- Files ----------------------------------------------------------------------


def _cache(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / FOLDER


def _store(env: BuildEnvironment, docname: str, payload: bytes, suffix: str) -> str:
    """Keep ``payload`` beside the doctrees, named by its hash; return the name."""
    name = hashlib.sha256(payload).hexdigest()[:20] + suffix
    folder = _cache(env)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.is_file() or path.read_bytes() != payload:
        path.write_bytes(payload)
    _files(env).setdefault(docname, set()).add(name)
    return name


# What the explorers and animations are drawn by, besides gdbook: this
# folder's extensions.
_EXTENSIONS_HASH = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
).hexdigest()


def _made(
    env: BuildEnvironment, kind: str, spec: dict[str, Any], make: Callable[[], Any]
) -> Any:
    """``make()``, computed once per spec, gdbook source and extension source.

    Reading a page again (a prose edit) then costs no run and no rendering:
    the result is kept beside the doctrees, under the gdbook source hash,
    and the results of other gdbook sources are removed.
    """
    source = env.config.gdbook_source_hash[:16]
    key = hashlib.sha256(
        kind.encode() + dumps(spec) + _EXTENSIONS_HASH.encode()
    ).hexdigest()[:24]
    folder = Path(env.doctreedir) / (FOLDER + "_made")
    path = folder / f"{source}-{kind}-{key}.pickle"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    value = make()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pickle"):
        if not old.name.startswith(source + "-"):
            old.unlink()
    path.write_bytes(pickle.dumps(value))
    return value


def _files(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, "gdbook_explorer_files"):
        env.gdbook_explorer_files = {}  # type: ignore[attr-defined]
    files: dict[str, set[str]] = env.gdbook_explorer_files  # type: ignore[attr-defined]
    return files


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    del app
    _files(env).pop(docname, None)


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    del app
    theirs = _files(other)
    _files(env).update({d: theirs[d] for d in docnames if d in theirs})


def _publish(app: Sphinx, exception: Exception | None) -> None:
    """Copy the files the pages use into the output; remove the ones they don't."""
    if exception is not None or app.builder.format != "html":
        return
    used = set().union(*_files(app.env).values())
    cache = _cache(app.env)
    out = Path(app.outdir) / FOLDER
    if used:
        out.mkdir(parents=True, exist_ok=True)
    for name in sorted(used):
        source, target = cache / name, out / name
        if not source.is_file():
            msg = f"{FOLDER}/{name} is missing from {cache}: build again with -E"
            raise ExtensionError(msg)
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    for folder in (cache, out):
        if folder.is_dir():
            for old in folder.iterdir():
                if old.name not in used:
                    old.unlink()


# -- Both directives ---------------------------------------------------------------


# The options both directives take: which runs, and the plot's height.
RUN_OPTIONS: dict[str, Callable[[str], Any]] = {
    "optimizer": directives.unchanged_required,
    "lr": directives.unchanged_required,
    "beta": directives.unchanged_required,
    "momentum": directives.unchanged_required,
    "start": directives.unchanged_required,
    "steps": directives.unchanged_required,
    "ylim": directives.unchanged_required,
}


def _content(
    directive: SphinxDirective, where: str
) -> tuple[nodes.paragraph, list[nodes.Node]]:
    """The directive's content: its first paragraph (a title or caption), the rest."""
    holder = nodes.Element()
    directive.state.nested_parse(directive.content, directive.content_offset, holder)
    first = holder[0] if len(holder) else None
    if not isinstance(first, nodes.paragraph):
        msg = f"{where}: the content must start with a paragraph (its title or caption)"
        raise directive.error(msg)
    return first, list(holder.children[1:])


def _skip(self: Any, node: nodes.Node) -> None:
    del self, node
    raise nodes.SkipNode


# -- explorer -------------------------------------------------------------------


class explorer_node(nodes.General, nodes.Element):
    """An explorer: its heading as children, its controls from attributes."""


class ExplorerDirective(SphinxDirective):
    """Sliders over precomputed runs of gdbook, drawn in the browser."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **RUN_OPTIONS,
        "initial": directives.unchanged,
        "valley": directives.unchanged_required,
        "xlim": directives.unchanged_required,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        where = f"explorer {self.arguments[0]}"
        if not self.content:
            msg = f"{where}: a title is required (the content's first paragraph)"
            raise self.error(msg)
        try:
            spec = make_spec(self.arguments[0], self.options)
            payload = _made(
                self.env, "explorer", spec, lambda: dumps(explorer_data(spec))
            )
        except (ValueError, TypeError) as err:
            msg = f"{where}: {err}"
            raise self.error(msg) from None
        docname = self.env.current_document.docname
        file = _store(self.env, docname, payload, ".json")
        key = hashlib.sha256(dumps(spec)).hexdigest()[:10]
        node = explorer_node(
            spec=spec, file=file, key=f"explorer-{key}", bytes=len(payload)
        )
        self.set_source_info(node)
        # The first paragraph names the explorer; the rest introduces it. Both
        # are inside the explorer, so a reader without JavaScript, who sees
        # no explorer, reads no words about one either.
        first, rest = _content(self, where)
        title = nodes.container("", first, classes=["explorer-title"])
        title["ids"].append(f"{node['key']}-title")
        node += title
        if rest:
            node += nodes.container("", *rest, classes=["explorer-intro"])
        if "name" in self.options:
            self.add_name(node)
        return [node]


def visit_explorer_html(self: HTML5Translator, node: explorer_node) -> None:
    key = node["key"]
    page = self.builder.get_target_uri(self.builder.current_docname)
    src = relative_uri(page, f"{FOLDER}/{node['file']}")
    anchor = f' id="{escape(node["ids"][0])}"' if node["ids"] else ""
    self.body.append(
        f'<div class="explorer"{anchor} data-key="{key}" data-src="{escape(src)}" '
        f'role="group" aria-labelledby="{key}-title" hidden>'
    )


def _slider(
    key: str,
    name: str,
    values: list[float],
    initial: int,
    scale: str,
    marks: list[list[Any]],
) -> str:
    """One slider: its label, value, range input, labelled ticks and marks."""
    label, symbol = AXES[name]
    shown = fmt(values[initial])
    ident = f"{key}-{name}"
    # Positions along the track, as CSS fractions the stylesheet places.
    ticks = "".join(
        f'<span class="explorer-tick" style="--at:{at}">{text}</span>'
        for at, text in axis_ticks(values, scale)
    )
    marked = "".join(
        f'<span class="explorer-mark" data-value="{value!r}" title="{what} = {fmt(value)}" '
        f'style="--at:{round(track_position(values, value, scale), 4)}">'
        f"{what}</span>"
        for what, value in marks
    )
    described = ""
    if marks:
        words = ", ".join(f"{what} = {fmt(value)}" for what, value in marks)
        described = f' aria-describedby="{ident}-marks"'
        marked += f'<span class="explorer-visually-hidden" id="{ident}-marks">Marked: {words}.</span>'
    scale_words = " (log scale)" if scale == "log" else ""
    return (
        f'<div class="explorer-control" data-scale="{scale}">'
        f'<label for="{ident}">{label} <span class="explorer-symbol">{symbol}</span>'
        f'<span class="explorer-scale">{scale_words}</span></label>'
        f'<output id="{ident}-value" for="{ident}" aria-hidden="true">{shown}</output>'
        f'<div class="explorer-track">'
        f'<input type="range" id="{ident}" name="{name}" min="0" '
        f'max="{len(values) - 1}" step="1" value="{initial}" '
        f'aria-valuetext="{symbol} = {shown}"{described} '
        f'data-values="{" ".join(repr(v) for v in values)}">'
        f'<div class="explorer-marks">{marked}</div>'
        f'<div class="explorer-ticks" aria-hidden="true">{ticks}</div>'
        f"</div></div>"
    )


def depart_explorer_html(self: HTML5Translator, node: explorer_node) -> None:
    spec, key = node["spec"], node["key"]
    scales = spec.get("scales", ["linear"] * len(spec["axes"]))
    svg = (
        '<svg class="explorer-svg {cls}" role="img" aria-labelledby="{label}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg"></svg>'
    )
    path_svg = svg.format(cls="explorer-path-svg", label=f"{key}-status")
    loss_svg = svg.format(cls="explorer-loss-svg", label=f"{key}-loss")
    parts = [
        (
            '<div class="explorer-plots">'
            f'<div class="explorer-plot">{path_svg}</div>'
            '<div class="explorer-loss-plot">'
            f'<p class="explorer-loss-title" id="{key}-loss">'
            f"Loss against step</p>{loss_svg}</div></div>"
        )
    ]
    controls = [
        _slider(
            key,
            name,
            values,
            initial,
            scale,
            spec.get("marks", []) if name == "lr" else [],
        )
        for (name, values), initial, scale in zip(
            spec["axes"], spec["initial"], scales, strict=True
        )
        if len(values) > 1
    ]
    parts.append(f'<div class="explorer-controls">{"".join(controls)}</div>')
    parts.append(
        f'<p class="explorer-status" id="{key}-status" role="status" '
        f'aria-live="polite" aria-atomic="true">Loading the runs…</p>'
    )
    parts.append(
        '<p class="explorer-legend">'
        '<span class="explorer-key explorer-key-start">start</span> '
        '<span class="explorer-key explorer-key-end">end</span> '
        '<span class="explorer-key explorer-key-steps">steps, first to last</span> '
        '<span class="explorer-key explorer-key-global">global minimum</span> '
        '<span class="explorer-key explorer-key-local">local minimum</span> '
        '<span class="explorer-key explorer-key-off">left the plot</span>'
        "</p></div>"
    )
    self.body.append("".join(parts))


# -- step-animation -------------------------------------------------------------


class animation_node(nodes.General, nodes.Element):
    """The images of a step-animation figure (the figure holds the caption)."""


class StepAnimation(SphinxDirective):
    """A numbered figure playing one run of gdbook step by step."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **RUN_OPTIONS,
        "look": directives.unchanged_required,
        "name": directives.unchanged_required,
        "alt": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        where = f"step-animation {self.arguments[0]}"
        if "name" not in self.options:
            msg = f"{where}: :name: is required (the figure's label)"
            raise self.error(msg)
        if not self.content:
            msg = f"{where}: a caption is required (the directive's content)"
            raise self.error(msg)
        try:
            spec = make_spec(self.arguments[0], self.options, single=True)
            made = _made(self.env, "animation", spec, lambda: render_animation(spec))
        except (ValueError, TypeError) as err:
            msg = f"{where}: {err}"
            raise self.error(msg) from None
        docname = self.env.current_document.docname
        files = {
            f"{mode}_{kind}": _store(self.env, docname, made[mode][kind], ".png")
            for mode in ("light", "dark")
            for kind in ("still", "background")
        }
        alt = " ".join(self.options.get("alt", f"Animation: {made['alt']}").split())
        frames = {**made["frames"], "markers": made["markers"], "size": made["size"]}
        images = animation_node(
            files=files,
            alt=alt,
            width=made["width"],
            height=made["height"],
            frames=json.dumps(frames, separators=(",", ":")),
        )
        figure = nodes.figure(classes=["step-animation"])
        self.set_source_info(figure)
        figure += images
        first, rest = _content(self, where)
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        figure += caption
        if rest:
            figure += nodes.legend("", *rest)
        self.add_name(figure)
        return [figure]


def visit_animation_html(self: HTML5Translator, node: animation_node) -> None:
    page = self.builder.get_target_uri(self.builder.current_docname)
    parts = [
        f'<div class="step-animation-frame" data-frames="{escape(node["frames"])}">'
    ]
    for mode in ("light", "dark"):
        still = relative_uri(page, f"{FOLDER}/{node['files'][f'{mode}_still']}")
        background = relative_uri(
            page, f"{FOLDER}/{node['files'][f'{mode}_background']}"
        )
        parts.append(
            f'<img class="only-{mode}" src="{escape(still)}" '
            f'data-background="{escape(background)}" '
            f'alt="{escape(node["alt"])}" width="{node["width"]}" '
            f'height="{node["height"]}" loading="lazy">'
        )
    parts.append("</div>")
    self.body.append("".join(parts))
    raise nodes.SkipNode


# -- Wiring -----------------------------------------------------------------------


def _assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The explorer's script and stylesheet, on the pages that use them only."""
    del pagename, templatename, context
    if doctree is None:
        return
    if (
        next(doctree.findall(explorer_node), None) is None
        and next(doctree.findall(animation_node), None) is None
    ):
        return
    app.add_css_file("explorer.css")
    app.add_js_file("explorer.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    skip = (_skip, None)
    others = dict.fromkeys(("text", "latex", "man", "texinfo"), skip)
    app.add_node(
        explorer_node,
        html=(visit_explorer_html, depart_explorer_html),
        **others,  # type: ignore[arg-type]
    )
    app.add_node(animation_node, html=(visit_animation_html, None), **others)  # type: ignore[arg-type]
    app.add_directive("explorer", ExplorerDirective)
    app.add_directive("step-animation", StepAnimation)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _assets)
    app.connect("build-finished", _publish)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
