"""Explorers and step-by-step animations of runs, computed by gdbook at build time.

Two directives, both computing their runs with :func:`gdbook.descend` while the
chapter is read (so a change to gdbook, which makes Sphinx read every page
again, recomputes them):

``explorer``
    Sliders for the learning rate (and the momentum and the start point where
    they teach something) over runs on a 1-d landscape, drawn in the browser
    as an SVG: the loss curve and the path of the run's steps, as
    :func:`gdbook.plot.path_1d` draws it, and in words the setting's outcome,
    the step it settled at and its final loss::

        :::{explorer} book_curve
        :optimizer: HeavyBall
        :lr: 0.01:0.30:0.01
        :beta: 0, 0.5, 0.8, 0.85, 0.9, 0.95
        :steps: 300
        :initial: lr=0.1, beta=0.9

        Explore the learning rate and the momentum

        Every setting is a ball rolling 300 steps, computed by gdbook.
        :::

    The argument names a factory of :mod:`gdbook.landscapes`; ``optimizer`` a
    class of :mod:`gdbook.optim` (default ``SGD``). ``lr`` (required),
    ``beta``, ``momentum`` and ``start`` are grids: numbers separated by commas
    or spaces, or ``first:last:step``. ``start`` defaults to the landscape's
    standard start. All runs are one batched ``descend`` call over the grid.
    ``initial`` picks the setting shown first (default: the middle of each
    grid); ``xlim`` and ``ylim`` zoom the plot (``4.6, 7.4``); ``name`` is a
    label. The content's first paragraph is the explorer's title, the rest
    introduces it; both are inside the explorer, hidden with it.

    The runs go into a JSON file in the HTML output's ``_explorer`` folder
    (see :func:`explorer_data` for its content), fetched by
    ``_static/explorer.js`` when the explorer comes near the screen. The
    controls are in the page, but ``hidden`` until the script runs, so a
    reader without JavaScript sees no dead controls (and the chapter's static
    figure, which stays).

``step-animation``
    A numbered figure that plays one run step by step: an animated PNG drawn
    with :func:`gdbook.plot.path_1d`, in a light and a dark variant. The
    page shows a still of the whole run (the last frame); the script swaps in
    the animation when the figure comes into view, unless the reader asked
    for reduced motion, and adds a button to play it again or stop it.
    Options: ``optimizer``, ``lr``, ``beta``, ``momentum``, ``start`` (one
    value each), ``steps``, ``ylim``, ``name`` (required: the figure's
    label), ``alt``; the content is the caption.

Files are named after a hash of their bytes, kept beside the doctrees while
the pages are read, and copied into ``<html>/_explorer`` when the build
finishes; files no page uses any more are removed from both places.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import math
import pickle
import re
import shutil
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "AXES",
    "ExplorerDirective",
    "StepAnimation",
    "explorer_data",
    "explorer_runs",
    "parse_grid",
    "render_animation",
    "setup",
]

logger = logging.getLogger(__name__)

FOLDER = "_explorer"
#: The sliders an explorer can have: option name -> (label, symbol).
AXES: dict[str, tuple[str, str]] = {
    "lr": ("Learning rate", "η"),
    "beta": ("Momentum", "β"),
    "momentum": ("Momentum", "μ"),
    "start": ("Start", "w₀"),
}
# Outcome colours, as gdbook.plot.outcome_map paints them (PALETTE indices).
_OUTCOME_COLOURS = {
    "global": 2,
    "local": 0,
    "oscillating": 4,
    "diverged": 1,
    "converged": 3,
}
# Positions are kept on a grid at least this much finer than the plot's width.
_RESOLUTION = 4000
# Samples of the loss curve across the plot: the browser draws them, and puts
# each step on the curve by interpolating between them.
_CURVE_SAMPLES = 1001
# The longest cycle looked for in a run that does not settle.
_MAX_PERIOD = 8
# Animation: frame time, the still at the end, and the steps after settling.
_FRAME_MS = 45
_HOLD_MS = 3000
_AFTER_SETTLING = 10
_SAVE_DPI = 150
_CSS_DPI = 96


# -- Grids and specs ------------------------------------------------------------


def parse_grid(text: str, option: str) -> list[float]:
    """The values of a grid option, in order, as typed.

    Parameters
    ----------
    text : str
        Numbers separated by commas or spaces (``"0, 0.5, 0.9"``), or a range
        ``first:last:step`` with ``last`` included (``"0.01:0.30:0.01"``).
        Range values are rounded to the decimals typed, so ``0.07`` is
        ``0.07``, not ``0.07000000000000001``.
    option : str
        The option's name, for the error message.

    Returns
    -------
    list of float
        At least one finite value, no duplicates.

    Raises
    ------
    ValueError
        Text that is not a list of numbers or a range, a step that does not
        divide the range, non-finite or repeated values.
    """
    text = text.strip()
    try:
        if ":" in text:
            parts = [p.strip() for p in text.split(":")]
            if len(parts) != 3:
                raise ValueError
            first, last, step = (float(p) for p in parts)
            decimals = max(len(p.partition(".")[2]) for p in parts)
            count = (last - first) / step
            if step <= 0 or count < 0 or abs(count - round(count)) > 1e-6:
                msg = (
                    f"{option} must be a range first:last:step whose step > 0 "
                    f"reaches last from first, got {option}={text!r}"
                )
                raise ValueError(msg)
            values = [
                round(first + i * step, decimals) for i in range(round(count) + 1)
            ]
        else:
            values = [float(v) for v in re.split(r"[\s,]+", text) if v]
    except ValueError as err:
        if str(err).startswith(option):
            raise
        msg = (
            f"{option} must be numbers separated by commas or spaces, or a range "
            f"first:last:step, got {option}={text!r}"
        )
        raise ValueError(msg) from None
    values = [v + 0.0 for v in values]  # no -0.0
    if not values or not all(math.isfinite(v) for v in values):
        msg = f"{option} must be finite numbers, got {option}={text!r}"
        raise ValueError(msg)
    if len(set(values)) != len(values):
        msg = f"{option} must not repeat a value, got {option}={text!r}"
        raise ValueError(msg)
    return values


def _parse_pair(text: str, option: str) -> list[float]:
    values = parse_grid(text, option)
    if len(values) != 2 or values[0] >= values[1]:
        msg = f"{option} must be two increasing numbers 'low, high', got {option}={text!r}"
        raise ValueError(msg)
    return values


def _landscape(name: str) -> Any:
    from gdbook import landscapes  # noqa: PLC0415  (imported at build time only)

    factory = getattr(landscapes, name, None)
    if name.startswith("_") or not callable(factory):
        msg = f"the landscape must be a factory of gdbook.landscapes, got {name!r}"
        raise ValueError(msg)
    landscape = factory()
    if landscape.dim != 1:
        msg = f"the landscape must be 1-d, got {name!r} of dimension {landscape.dim}"
        raise ValueError(msg)
    return landscape


def _optimizer_class(name: str) -> Any:
    from gdbook import optim  # noqa: PLC0415

    cls = getattr(optim, name, None)
    if name not in getattr(optim, "__all__", ()) or not isinstance(cls, type):
        msg = f"optimizer must be a class of gdbook.optim, got {name!r}"
        raise ValueError(msg)
    return cls


def _spec(
    landscape: str, options: dict[str, str], *, single: bool = False
) -> dict[str, Any]:
    """A JSON-able description of the runs a directive asks for.

    ``axes`` lists ``[name, values]`` in the order lr, beta/momentum, start;
    ``initial`` the index of the first setting shown on each axis.
    """
    land = _landscape(landscape)
    optimizer = options.get("optimizer", "SGD").strip()
    cls = _optimizer_class(optimizer)
    accepted = inspect.signature(cls).parameters
    if "lr" not in options:
        msg = (
            "the option lr is required (the learning rates, e.g. ':lr: 0.01:0.3:0.01')"
        )
        raise ValueError(msg)
    axes: list[list[Any]] = []
    for name in ("lr", "beta", "momentum", "start"):
        if name in options:
            if name != "start" and name not in accepted:
                msg = f"{optimizer} has no hyperparameter {name}; it takes {', '.join(accepted)}"
                raise ValueError(msg)
            values = parse_grid(options[name], name)
        elif name == "start":
            if land.start is None:
                msg = f"the landscape {landscape} has no standard start: give :start:"
                raise ValueError(msg)
            values = [float(land.start[0])]
        else:
            continue
        if single and len(values) != 1:
            msg = f"{name} must be one value here, got {options[name]!r}"
            raise ValueError(msg)
        axes.append([name, values])
    steps = int(options.get("steps", "100"))
    if not 1 <= steps <= 5000:
        msg = f"steps must be a whole number from 1 to 5000, got steps={steps}"
        raise ValueError(msg)
    initial = [len(values) // 2 for _, values in axes]
    for item in filter(None, re.split(r"[\s,]+", options.get("initial", ""))):
        name, _, value = item.partition("=")
        names = [a[0] for a in axes]
        if name not in names:
            msg = f"initial names {name!r}, which is not one of the sliders {names}"
            raise ValueError(msg)
        values = axes[names.index(name)][1]
        try:
            initial[names.index(name)] = values.index(float(value) + 0.0)
        except ValueError:
            msg = f"initial {name}={value} is not one of the values of {name}: {values}"
            raise ValueError(msg) from None
    spec: dict[str, Any] = {
        "landscape": landscape,
        "optimizer": optimizer,
        "steps": steps,
        "axes": axes,
        "initial": initial,
    }
    for name in ("xlim", "ylim"):
        if name in options:
            spec[name] = _parse_pair(options[name], name)
    return spec


# -- The runs ---------------------------------------------------------------------


def explorer_runs(spec: dict[str, Any]) -> Any:
    """Every run of an explorer's grid: one batched :func:`gdbook.descend` call.

    Parameters
    ----------
    spec : dict
        ``landscape`` (a factory name of :mod:`gdbook.landscapes`),
        ``optimizer`` (a class name of :mod:`gdbook.optim`), ``steps`` and
        ``axes``, a list of ``[name, values]`` with names from :data:`AXES`.

    Returns
    -------
    gdbook.Trajectory
        Recorded at every step, batch shape ``(len(values) for each axis)``.
    """
    import gdbook  # noqa: PLC0415

    landscape = _landscape(spec["landscape"])
    axes = spec["axes"]
    kwargs: dict[str, Any] = {}
    x0: Any = landscape.start
    for i, (name, values) in enumerate(axes):
        shape = [1] * len(axes)
        shape[i] = len(values)
        grid = np.array(values, dtype=np.float64).reshape(shape)
        if name == "start":
            x0 = grid[..., np.newaxis]
        else:
            kwargs[name] = grid
    optimizer = _optimizer_class(spec["optimizer"])(**kwargs)
    return gdbook.descend(landscape, optimizer, x0, spec["steps"])


def _view(spec: dict[str, Any], landscape: Any) -> tuple[list[float], list[float]]:
    """The plotted ranges of w and L: the options, else as gdbook.plot does."""
    x = spec.get("xlim") or [float(v) for v in landscape.domain[0]]
    if "ylim" in spec:
        return x, spec["ylim"]
    w = np.linspace(x[0], x[1], _CURVE_SAMPLES)
    loss = landscape.loss(w[:, np.newaxis])
    low, high = float(loss.min()), float(loss.max())
    span = (high - low) or 1.0
    return x, [_sig(low - 0.08 * span), _sig(high + 0.08 * span)]


def _sig(value: float, digits: int = 4) -> float:
    """``value`` rounded to ``digits`` significant digits (and never -0.0)."""
    return float(f"{value:.{digits}g}") + 0.0


def _kept(
    w: np.ndarray, settled: int, diverged: int, centre: float, width: float
) -> tuple[int, int]:
    """How many of a run's rounded positions to keep, and the cycle they end in.

    A run that settled is kept to its settled step; one that diverged, to
    the step before; one that left the plot far behind, to the step before.
    Otherwise, when the rounded positions end repeating with a period ``p``
    (a run swinging between two points has ``p = 2``), only the steps up to
    one cycle and the step that closes it are kept: the rest draws nothing
    new.
    """
    keep = len(w)
    if settled >= 0:
        keep = settled + 1
    elif diverged >= 0:
        keep = diverged
    far = np.flatnonzero(np.abs(w[:keep] - centre) > 2 * width)
    if far.size:
        return max(int(far[0]), 1), 0
    if settled >= 0 or diverged >= 0:
        return keep, 0
    best, period = keep, 0
    for p in range(1, _MAX_PERIOD + 1):
        if len(w) <= 2 * p:
            break
        differ = np.flatnonzero(w[p:] != w[:-p]) + p
        # From index `start` on, every position repeats the one p steps before.
        start = int(differ[-1]) + 1 if differ.size else p
        if start + 1 < best and len(w) - start >= 2 * p:
            best, period = start + 1, p
    return best, period


def explorer_data(spec: dict[str, Any]) -> dict[str, Any]:
    """What the explorer draws: the curve, the minima and every run of the grid.

    Parameters
    ----------
    spec : dict
        As :func:`explorer_runs` takes it, with ``initial`` and optionally
        ``xlim`` / ``ylim``.

    Returns
    -------
    dict
        JSON-able, with

        ``axes``
            ``[{"name", "label", "symbol", "values"}, ...]``; runs are stored
            in row-major order over them (the last axis varies fastest).
        ``view``
            ``{"x": [low, high], "y": [low, high]}``, the plotted ranges.
        ``curve``
            ``{"x0", "dx", "y"}``: the loss at ``x0 + i*dx``, across the plot,
            with 4 significant digits (the browser puts each step on the curve
            by linear interpolation: the points are on it by construction).
        ``minima``
            ``[[w, loss, kind], ...]`` of the landscape's known minima.
        ``decimals``
            Positions are rounded to this many decimals (a grid at least
            4000 times finer than the plot's width).
        ``runs``
            Columns, one entry per run: ``w`` (rounded positions from step
            0: up to the settled step for a run that settled, up to the step
            before for one that diverged or left the plot far behind, up to
            the end of the first cycle for one that ends swinging in a cycle,
            else every step), ``period`` (0, or the length of that cycle), ``outcome``, ``settled`` and ``diverged`` (the
            Trajectory's ``settled_step`` and ``diverged_step``), ``minimum``
            (index into ``minima`` or -1), ``final_w`` and ``final_loss``
            (the run's last position and loss, 4 significant digits, None if
            not finite).
        ``colours``
            ``steps`` (stops of :data:`gdbook.plot.STEP_CMAP`), ``neutral``
            and ``outcome`` (by kind), from :mod:`gdbook.plot`'s palette.
        ``landscape``, ``optimizer``, ``steps``, ``initial``
            As in ``spec`` (the landscape by its name in gdbook).
    """
    from matplotlib.colors import to_hex  # noqa: PLC0415

    from gdbook import plot  # noqa: PLC0415

    traj = explorer_runs(spec)
    landscape = traj.landscape
    (x_lo, x_hi), (y_lo, y_hi) = _view(spec, landscape)
    width = x_hi - x_lo
    decimals = max(0, math.ceil(-math.log10(width / _RESOLUTION)))
    centre = 0.5 * (x_lo + x_hi)
    dx = width / (_CURVE_SAMPLES - 1)
    samples = x_lo + dx * np.arange(_CURVE_SAMPLES)
    curve = landscape.loss(samples[:, np.newaxis])

    n_runs = int(np.prod(traj.batch_shape))
    xs = traj.x[..., 0].reshape(len(traj.t), n_runs)
    columns: dict[str, list[Any]] = {
        k: []
        for k in (
            "w",
            "period",
            "outcome",
            "settled",
            "diverged",
            "minimum",
            "final_w",
            "final_loss",
        )
    }
    flat = {
        "outcome": traj.outcome.reshape(n_runs),
        "settled": traj.settled_step.reshape(n_runs),
        "diverged": traj.diverged_step.reshape(n_runs),
        "minimum": traj.minimum.reshape(n_runs),
        "final_w": traj.final_x[..., 0].reshape(n_runs),
        "final_loss": traj.final_loss.reshape(n_runs),
    }
    with np.errstate(all="ignore"):
        rounded = np.round(xs, decimals) + 0.0
    for i in range(n_runs):
        settled, diverged = int(flat["settled"][i]), int(flat["diverged"][i])
        keep, period = _kept(rounded[:, i], settled, diverged, centre, width)
        columns["w"].append([float(v) for v in rounded[:keep, i]])
        columns["period"].append(period)
        columns["outcome"].append(str(flat["outcome"][i]))
        columns["settled"].append(settled)
        columns["diverged"].append(diverged)
        columns["minimum"].append(int(flat["minimum"][i]))
        for key in ("final_w", "final_loss"):
            value = float(flat[key][i])
            columns[key].append(_sig(value) if math.isfinite(value) else None)

    palette = plot.PALETTE
    return {
        "landscape": spec["landscape"],
        "optimizer": spec["optimizer"],
        "steps": int(spec["steps"]),
        "initial": list(spec["initial"]),
        "axes": [
            {
                "name": name,
                "label": AXES[name][0],
                "symbol": AXES[name][1],
                "values": values,
            }
            for name, values in spec["axes"]
        ],
        "view": {"x": [x_lo, x_hi], "y": [y_lo, y_hi]},
        "curve": {
            "x0": x_lo,
            "dx": _sig(dx, 12),
            "y": [_sig(float(v)) for v in curve],
        },
        "minima": [
            [_sig(float(m.x[0]), 6), _sig(float(m.loss)), m.kind]
            for m in landscape.minima
        ],
        "decimals": decimals,
        "runs": columns,
        "colours": {
            "steps": [to_hex(c) for c in plot.STEP_CMAP(np.linspace(0, 1, 5))],
            "neutral": plot.NEUTRAL,
            "outcome": {k: palette[i] for k, i in _OUTCOME_COLOURS.items()},
        },
    }


def _dumps(data: Any) -> bytes:
    """The JSON bytes: sorted keys, no spaces, floats as Python writes them."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


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
        kind.encode() + _dumps(spec) + _EXTENSIONS_HASH.encode()
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


# -- explorer -------------------------------------------------------------------


class explorer_node(nodes.General, nodes.Element):
    """An explorer: its heading as children, its controls from attributes."""


def _fmt(value: float) -> str:
    """A grid value as the reader sees it: as typed, with a real minus sign."""
    text = f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.3g}"
    return text.replace("-", "\u2212")


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


class ExplorerDirective(SphinxDirective):
    """Sliders over precomputed runs of gdbook, drawn in the browser."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **RUN_OPTIONS,
        "initial": directives.unchanged,
        "xlim": directives.unchanged_required,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        where = f"explorer {self.arguments[0]}"
        try:
            spec = _spec(self.arguments[0], self.options)
            payload = _made(
                self.env, "explorer", spec, lambda: _dumps(explorer_data(spec))
            )
        except (ValueError, TypeError) as err:
            msg = f"{where}: {err}"
            raise self.error(msg) from None
        docname = self.env.current_document.docname
        file = _store(self.env, docname, payload, ".json")
        key = hashlib.sha256(_dumps(spec)).hexdigest()[:10]
        node = explorer_node(
            spec=spec, file=file, key=f"explorer-{key}", bytes=len(payload)
        )
        self.set_source_info(node)
        # The first paragraph names the explorer; the rest introduces it. Both
        # are inside the explorer, so a reader without JavaScript, who sees
        # no explorer, reads no words about one either.
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        children = list(holder.children) or [
            nodes.paragraph("", "Explore the runs of gdbook.")
        ]
        title = nodes.container("", children[0], classes=["explorer-title"])
        title["ids"].append(f"{node['key']}-title")
        node += title
        if len(children) > 1:
            node += nodes.container("", *children[1:], classes=["explorer-intro"])
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


def depart_explorer_html(self: HTML5Translator, node: explorer_node) -> None:
    spec, key = node["spec"], node["key"]
    parts = []
    parts.append(
        f'<div class="explorer-plot"><svg class="explorer-svg" role="img" '
        f'aria-labelledby="{key}-status" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg"></svg></div>'
    )
    controls = []
    for (name, values), initial in zip(spec["axes"], spec["initial"], strict=True):
        if len(values) < 2:
            continue
        label, symbol = AXES[name]
        shown = _fmt(values[initial])
        ident = f"{key}-{name}"
        controls.append(
            f'<div class="explorer-control">'
            f'<label for="{ident}">{label} <span class="explorer-symbol">{symbol}'
            f"</span></label>"
            f'<output id="{ident}-value" for="{ident}" aria-hidden="true">{shown}</output>'
            f'<input type="range" id="{ident}" name="{name}" min="0" '
            f'max="{len(values) - 1}" step="1" value="{initial}" '
            f'aria-valuetext="{symbol} = {shown}" '
            f'data-values="{" ".join(repr(v) for v in values)}">'
            f'<div class="explorer-range" aria-hidden="true"><span>{_fmt(values[0])}'
            f"</span><span>{_fmt(values[-1])}</span></div></div>"
        )
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
        '<span class="explorer-key explorer-key-local">local minimum</span>'
        "</p></div>"
    )
    self.body.append("".join(parts))


def _skip(self: Any, node: nodes.Node) -> None:
    del self, node
    raise nodes.SkipNode


# -- step-animation -------------------------------------------------------------


class animation_node(nodes.General, nodes.Element):
    """The images of a step-animation figure (the figure holds the caption)."""


def _frame(fig: Any) -> Any:
    from PIL import Image  # noqa: PLC0415

    width, height = fig.canvas.get_width_height()
    rgba = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba())
    return rgba.convert("RGB")


def render_animation(spec: dict[str, Any]) -> dict[str, Any]:
    """Draw one run step by step: an animated PNG and a still, light and dark.

    Parameters
    ----------
    spec : dict
        As :func:`explorer_runs` takes it, every axis with one value, and
        optionally ``ylim``.

    Returns
    -------
    dict
        ``light`` and ``dark``: ``{"animation": bytes, "still": bytes}``,
        both PNG (the animation an APNG that plays once; its default image,
        which a viewer without APNG support shows, is the still); ``alt``
        (the figure's alt text, its label: ``fig.get_label()``),
        ``width`` and ``height`` (CSS pixels), ``frames`` and ``duration_ms``.
    """
    from matplotlib import style  # noqa: PLC0415

    # The same rcParams at every build, whatever an example left behind.
    with style.context("default"):
        return _animate(spec)


def _animate(spec: dict[str, Any]) -> dict[str, Any]:
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from book_style import THEMES, restyle  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    from gdbook import plot  # noqa: PLC0415

    traj = explorer_runs(spec)[(0,) * len(spec["axes"])]
    settled = int(traj.settled_step)
    last = min(traj.steps, settled + _AFTER_SETTLING) if settled >= 0 else traj.steps
    drawn = plot.path_1d(traj, arrows=False)
    fig = drawn.points.figure
    ax = drawn.points.axes
    fig.set_size_inches(5.0, 3.4)
    fig.set_dpi(_SAVE_DPI)
    if "ylim" in spec:
        ax.set_ylim(*spec["ylim"])
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            if text.get_text() == "end":
                text.set_text("now")
    alt = fig.get_label() or "A run of gradient descent, step by step"
    offsets = np.asarray(drawn.points.get_offsets()).copy()
    steps = np.asarray(drawn.points.get_array()).copy()
    assert drawn.links is not None
    segments = list(drawn.links.get_segments())
    title = drawn.annotation.get_text() if drawn.annotation is not None else ""
    counter = ax.annotate(
        "",
        (0, 0),
        xytext=(0, 9),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
        zorder=4,
    )
    moving = [drawn.links, drawn.points, drawn.start, drawn.end, counter]
    if drawn.annotation is not None:
        moving.append(drawn.annotation)

    def show(k: int) -> None:
        drawn.points.set_offsets(offsets[: k + 1])
        drawn.points.set_array(steps[: k + 1])
        drawn.links.set_segments(segments[:k])
        drawn.end.set_data([offsets[k, 0]], [offsets[k, 1]])
        counter.xy = (offsets[k, 0], offsets[k, 1])

    result: dict[str, Any] = {}
    try:
        for mode in ("light", "dark"):
            restyle(fig, mode)
            counter.set_color(THEMES[mode]["text"])
            # The still: the whole run, as the static figure shows it.
            show(len(offsets) - 1)
            counter.set_text("")
            fig.canvas.draw()
            still = _frame(fig)
            # The frames: the background once, the run's artists on top.
            for artist in moving:
                artist.set_visible(False)
            fig.canvas.draw()
            background = fig.canvas.copy_from_bbox(fig.bbox)
            for artist in moving:
                artist.set_visible(True)
            if drawn.annotation is not None:
                drawn.annotation.set_text("")
            frames = []
            for k in range(min(last, len(offsets) - 1) + 1):
                show(k)
                counter.set_text(str(k))
                fig.canvas.restore_region(background)
                for artist in moving:
                    ax.draw_artist(artist)
                if legend is not None:
                    ax.draw_artist(legend)
                frames.append(_frame(fig))
            if drawn.annotation is not None:
                drawn.annotation.set_text(title)
            palette = still.quantize(
                256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
            images = [
                f.quantize(palette=palette, dither=Image.Dither.NONE)
                for f in [still, *frames, still]
            ]
            animation, poster = io.BytesIO(), io.BytesIO()
            images[0].save(
                animation,
                format="PNG",
                save_all=True,
                append_images=images[1:],
                default_image=True,
                duration=[_FRAME_MS] * (len(images) - 2) + [_HOLD_MS],
                loop=1,
                disposal=0,
                blend=0,
            )
            images[0].save(poster, format="PNG", optimize=True)
            result[mode] = {
                "animation": animation.getvalue(),
                "still": poster.getvalue(),
            }
    finally:
        plt.close(fig)
    result["alt"] = alt
    result["width"] = round(5.0 * _CSS_DPI)
    result["height"] = round(3.4 * _CSS_DPI)
    result["frames"] = len(frames) + 1
    result["duration_ms"] = _FRAME_MS * len(frames) + _HOLD_MS
    return result


class StepAnimation(SphinxDirective):
    """A numbered figure playing one run of gdbook step by step."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **RUN_OPTIONS,
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
            spec = _spec(self.arguments[0], self.options, single=True)
            made = _made(self.env, "animation", spec, lambda: render_animation(spec))
        except (ValueError, TypeError) as err:
            msg = f"{where}: {err}"
            raise self.error(msg) from None
        docname = self.env.current_document.docname
        files = {
            f"{mode}_{kind}": _store(self.env, docname, made[mode][kind], ".png")
            for mode in ("light", "dark")
            for kind in ("animation", "still")
        }
        alt = " ".join(self.options.get("alt", f"Animation: {made['alt']}").split())
        images = animation_node(
            files=files,
            alt=alt,
            width=made["width"],
            height=made["height"],
            duration=made["duration_ms"],
        )
        figure = nodes.figure(classes=["step-animation"])
        self.set_source_info(figure)
        figure += images
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        first = holder[0] if len(holder) else None
        if not isinstance(first, nodes.paragraph):
            msg = f"{where}: the caption must start with a paragraph"
            raise self.error(msg)
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        figure += caption
        if len(holder) > 1:
            figure += nodes.legend("", *holder[1:])
        self.add_name(figure)
        return [figure]


def visit_animation_html(self: HTML5Translator, node: animation_node) -> None:
    page = self.builder.get_target_uri(self.builder.current_docname)
    parts = ['<div class="step-animation-frame">']
    for mode in ("light", "dark"):
        still = relative_uri(page, f"{FOLDER}/{node['files'][f'{mode}_still']}")
        moving = relative_uri(page, f"{FOLDER}/{node['files'][f'{mode}_animation']}")
        parts.append(
            f'<img class="only-{mode}" src="{escape(still)}" '
            f'data-animation="{escape(moving)}" data-duration="{node["duration"]}" '
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
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
