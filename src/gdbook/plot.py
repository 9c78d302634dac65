"""Figures of landscapes, runs, sweeps and outcome maps, drawn with matplotlib.

Every drawing function takes ``ax=`` (the :class:`~matplotlib.axes.Axes` to
draw into; a new figure of width 5 in when it is None) and returns what it
drew: a small :class:`~typing.NamedTuple` of matplotlib artists. Each also
gives its figure a default alt text saying what it shows (read it with
:func:`alt_text`, replace it with :func:`describe`).

Colours are chosen to stay apart under the common colour-vision deficiencies
(as simulated by Machado, Oliveira & Fernandes, 2009) and to stand out on a
light page and on a dark one alike:

:data:`PALETTE`
    categorical colours, for runs and outcomes;
:data:`STEP_CMAP`
    a sequential colour map, for the step index along a run;
:data:`NEUTRAL`
    the grey of landscapes, contours and known minima.

Each reaches a contrast ratio of at least 3:1 (WCAG's level for graphical
objects) against white and against :data:`THEMES`\\ ``["dark"]``'s background.
A figure is drawn in the light theme; :func:`restyle` switches its chrome
(background, text, ticks, frame, grid, legend) to the dark theme and back,
leaving the data's colours as they are.

matplotlib is an optional dependency of gdbook (``pip install gdbook[plot]``)
and is imported by this module only.

>>> import gdbook
>>> from gdbook import landscapes, optim, plot
>>> curve = landscapes.book_curve()
>>> traj = gdbook.descend(curve, optim.SGD(lr=0.3), curve.start, 30)
>>> drawn = plot.path_1d(traj)
>>> plot.alt_text(drawn.points.figure)
'Loss curve of book curve with 30 steps of SGD(lr=0.3) from w=-0.9: local minimum...'
>>> fig = plot.restyle(drawn.points.figure, "dark")
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast
from weakref import WeakKeyDictionary, WeakSet

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection, PathCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize, to_rgba
from matplotlib.figure import Figure, FigureBase, SubFigure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Annotation, Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from gdbook._validate import as_float_array, check_finite, check_int

if TYPE_CHECKING:
    from matplotlib.colorbar import Colorbar
    from matplotlib.contour import QuadContourSet

    from gdbook.descend import Trajectory
    from gdbook.landscape import Landscape

__all__ = [
    "NEUTRAL",
    "PALETTE",
    "STEP_CMAP",
    "THEMES",
    "Contour2D",
    "Landscape1D",
    "LossCurve",
    "LrCurves",
    "OutcomeMap",
    "Path1D",
    "PathAndLoss",
    "Paths2D",
    "Sweep",
    "alt_text",
    "contour_2d",
    "describe",
    "landscape_1d",
    "loss_curve",
    "lr_curves",
    "outcome_map",
    "path_1d",
    "path_and_loss",
    "paths_2d",
    "restyle",
    "sweep",
]

Array = npt.NDArray[np.float64]
Mode = Literal["light", "dark"]

#: Categorical colours: Okabe & Ito's blue, bluish green and reddish purple,
#: Paul Tol's red ("vibrant"), purple ("bright") and olive ("muted"), and the
#: IBM Design Library's ultramarine. Each has a relative luminance between 0.12
#: and 0.30, the band in which a colour reaches 3:1 against both white and
#: ``#131416``, and they stay apart under simulated deuteranopia, protanopia
#: and tritanopia (so Okabe & Ito's orange, sky blue and yellow, too light for
#: a white page, are left out).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#CC3311",  # red
    "#009E73",  # bluish green
    "#AA3377",  # purple
    "#999933",  # olive
    "#648FFF",  # ultramarine
    "#CC79A7",  # reddish purple
)

#: The grey of landscape curves, contour lines and known minima.
NEUTRAL = "#7F7F7F"

#: Step index along a run: the part of matplotlib's *plasma* (perceptually
#: uniform, readable with colour-vision deficiencies) whose colours reach 3:1
#: against both backgrounds, from purple (first step) to salmon (last).
STEP_CMAP = LinearSegmentedColormap.from_list(
    "gdbook_steps", mpl.colormaps["plasma"](np.linspace(0.40, 0.62, 64))
)

#: The chrome of a figure in each theme. ``"dark"`` is furo's dark background
#: and its text colour (``#ffffffcc``) made opaque on it.
THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#ffffff",
        "text": "#222222",
        "frame": "#5c5c5c",
        "grid": "#e4e4e4",
        "legend": "#ffffff",
        "legend_edge": "#cccccc",
    },
    "dark": {
        "background": "#131416",
        "text": "#d0d0d0",
        "frame": "#9a9a9a",
        "grid": "#313337",
        "legend": "#1b1c1f",
        "legend_edge": "#4a4c50",
    },
}

# Figures made here are 5 in wide, so 10 pt text stays readable when the image
# is shrunk to the width of a phone.
_SIZE_1D = (5.0, 3.2)
_SIZE_2D = (5.0, 4.2)
_FONT = {
    "font.size": 10.0,
    "axes.titlesize": 11.0,
    "axes.labelsize": 10.0,
    "xtick.labelsize": 9.0,
    "ytick.labelsize": 9.0,
    "legend.fontsize": 8.5,
}

# Cells of an outcome map: a colour and a hatch, so that outcomes differ by
# more than their colour.
_LOCAL_COLOURS = (PALETTE[0], PALETTE[5], PALETTE[6], PALETTE[3])
_OUTCOME_STYLE = {
    "global minimum": (PALETTE[2], ""),
    "converged": (PALETTE[3], ".."),
    "oscillating": (PALETTE[4], "//"),
    "descending": (NEUTRAL, ""),
    "diverged": (PALETTE[1], "xx"),
}


def _rc(theme: Mapping[str, str]) -> dict[str, Any]:
    """rcParams for a figure made here, from a theme of :data:`THEMES`."""
    return {
        **_FONT,
        "figure.facecolor": theme["background"],
        "axes.facecolor": theme["background"],
        "text.color": theme["text"],
        "axes.labelcolor": theme["text"],
        "axes.titlecolor": theme["text"],
        "xtick.labelcolor": theme["text"],
        "ytick.labelcolor": theme["text"],
        "axes.edgecolor": theme["frame"],
        "xtick.color": theme["frame"],
        "ytick.color": theme["frame"],
        "grid.color": theme["grid"],
        "legend.facecolor": theme["legend"],
        "legend.edgecolor": theme["legend_edge"],
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


# -- alt text -------------------------------------------------------------------

# A figure's alt text, and whether it was made by a drawing function (then a
# second drawing in the same figure adds to it) or given by describe().
_ALT: WeakKeyDictionary[FigureBase, tuple[str, bool]] = WeakKeyDictionary()


def _root(fig: Any, name: str = "fig") -> FigureBase:
    if not isinstance(fig, FigureBase):
        msg = f"{name} must be a matplotlib Figure, got {name}={fig!r}"
        raise TypeError(msg)
    root: FigureBase = fig.get_figure(root=True)
    return root


def describe(fig: Figure, text: str) -> Figure:
    """Set the alt text of ``fig``, replacing any it had.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    text : str
        A non-empty description of what the figure shows.

    Returns
    -------
    Figure
        ``fig``, with its alt text set.

    Raises
    ------
    TypeError
        ``fig`` not a matplotlib figure, or ``text`` not a string.
    ValueError
        ``text`` empty.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from gdbook import plot
    >>> fig = plot.describe(Figure(), "A parabola with its minimum at 0.")
    >>> plot.alt_text(fig)
    'A parabola with its minimum at 0.'
    """
    root = _root(fig)
    _ALT[root] = (_check_text(text), False)
    return fig


def alt_text(fig: Figure) -> str | None:
    """The alt text of ``fig``, or None if it has none.

    A drawing function of this module sets one from what it drew (drawing
    twice into one figure joins the two); :func:`describe` replaces it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str or None

    Raises
    ------
    TypeError
        ``fig`` not a matplotlib figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from gdbook import plot
    >>> print(plot.alt_text(Figure()))
    None
    """
    entry = _ALT.get(_root(fig))
    return None if entry is None else entry[0]


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        msg = f"text must be a string, got text={text!r}"
        raise TypeError(msg)
    if not text.strip():
        msg = f"text must describe the figure, got text={text!r}"
        raise ValueError(msg)
    return text


def _add_alt(ax: Axes, text: str) -> None:
    root = _root(ax.figure)
    entry = _ALT.get(root)
    if entry is None:
        _ALT[root] = (text, True)
    elif entry[1]:
        _ALT[root] = (f"{entry[0]} {text}", True)


# -- light and dark -------------------------------------------------------------

# The chrome colour each artist had before restyle first changed it, so that
# going back to "light" restores it exactly, whatever style it was drawn in.
_ORIGINAL: WeakKeyDictionary[object, dict[str, Any]] = WeakKeyDictionary()
# Text drawn on data (numbers inside the cells of an outcome map): coloured for
# the cell under it, not for the background, so restyle leaves it alone.
_FIXED: WeakSet[Artist] = WeakSet()

_ROLE_RC = {
    "background": (
        "figure.facecolor",
        "axes.facecolor",
        "savefig.facecolor",
        "figure.edgecolor",
    ),
    "text": (
        "text.color",
        "axes.labelcolor",
        "axes.titlecolor",
        "xtick.labelcolor",
        "ytick.labelcolor",
        "legend.labelcolor",
    ),
    "frame": ("axes.edgecolor", "xtick.color", "ytick.color", "patch.edgecolor"),
    "grid": ("grid.color",),
    "legend": ("legend.facecolor", "figure.facecolor", "axes.facecolor"),
    "legend_edge": ("legend.edgecolor", "axes.edgecolor"),
}


def _rgb(colour: Any) -> tuple[float, float, float] | None:
    try:
        r, g, b, _ = to_rgba(colour)
    except (TypeError, ValueError):
        return None
    return (r, g, b)


def _known_colours() -> dict[str, list[tuple[float, float, float]]]:
    """Per role, the colours taken for chrome: the themes' and matplotlib's."""
    known: dict[str, list[tuple[float, float, float]]] = {}
    for role, keys in _ROLE_RC.items():
        colours = [theme[role] for theme in THEMES.values()]
        for params in (mpl.rcParams, mpl.rcParamsDefault):
            # Indexed by plain strings: RcParams is annotated with literal keys.
            colours += [cast("Mapping[str, Any]", params)[key] for key in keys]
        known[role] = [c for c in map(_rgb, colours) if c is not None]
    return known


class _Restyler:
    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.theme = THEMES[mode]
        self.known = _known_colours()

    def __call__(
        self,
        owner: object,
        key: str,
        role: str,
        get: Callable[[], Any],
        set_: Callable[[Any], object],
    ) -> None:
        record = _ORIGINAL.get(owner)
        if record is not None and key in record:
            set_(record[key] if self.mode == "light" else self.theme[role])
            return
        current = _rgb(get())
        if current is None or not any(
            np.allclose(current, c, atol=2e-3) for c in self.known[role]
        ):
            return  # a colour chosen for the data: not chrome
        if self.mode == "dark":
            _ORIGINAL.setdefault(owner, {})[key] = get()
        set_(self.theme[role])


def restyle(fig: Figure, mode: Mode) -> Figure:
    """Recolour the chrome of ``fig`` for a light or a dark page, in place.

    Chrome is the figure's and the axes' background, text (titles, labels,
    tick labels, legend text and annotations in the default text colour),
    tick marks, spines, grid lines, legend frames and colour bar outlines.
    Lines, markers, images, contours and text in a colour of their own are
    data and keep their colours.

    ``restyle(fig, "dark")`` remembers each colour it replaces, so that
    ``restyle(fig, "light")`` afterwards gives the figure back the chrome it
    had; on a figure never made dark, ``"light"`` applies
    :data:`THEMES`\\ ``["light"]``. Restyling twice in one mode changes nothing.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    mode : {"light", "dark"}

    Returns
    -------
    Figure
        ``fig``, recoloured.

    Raises
    ------
    TypeError
        ``fig`` not a matplotlib figure.
    ValueError
        ``mode`` not ``"light"`` or ``"dark"``.

    Examples
    --------
    >>> from matplotlib.colors import to_hex
    >>> from matplotlib.figure import Figure
    >>> from gdbook import plot
    >>> fig = Figure()
    >>> line = fig.subplots().plot([0, 1], [1, 0], color=plot.PALETTE[0])[0]
    >>> _ = plot.restyle(fig, "dark")
    >>> to_hex(fig.get_facecolor()), line.get_color()
    ('#131416', '#0072B2')
    >>> _ = plot.restyle(fig, "light")
    >>> to_hex(fig.get_facecolor())
    '#ffffff'
    """
    root = _root(fig)
    if mode not in THEMES:
        msg = f"mode must be 'light' or 'dark', got mode={mode!r}"
        raise ValueError(msg)
    apply = _Restyler(mode)
    for f in root.findobj(FigureBase):
        if not isinstance(f, Figure | SubFigure):
            continue
        apply(
            f.patch, "face", "background", f.patch.get_facecolor, f.patch.set_facecolor
        )
        apply(
            f.patch, "edge", "background", f.patch.get_edgecolor, f.patch.set_edgecolor
        )
    for ax in root.findobj(Axes):
        _restyle_axes(ax, apply)
    for legend in root.findobj(Legend):
        frame = legend.get_frame()
        apply(frame, "face", "legend", frame.get_facecolor, frame.set_facecolor)
        apply(frame, "edge", "legend_edge", frame.get_edgecolor, frame.set_edgecolor)
    # Tick labels (and the offset text) follow their axis's tick parameters,
    # set by _restyle_axes.
    tick_labels = {
        id(label)
        for ax in root.findobj(Axes)
        for axis in (ax.xaxis, ax.yaxis)
        for tick in (*axis.majorTicks, *axis.minorTicks)
        for label in (tick.label1, tick.label2, axis.offsetText)
    }
    for text in root.findobj(Text):
        if text in _FIXED or id(text) in tick_labels:
            continue
        apply(text, "color", "text", text.get_color, text.set_color)
        arrow = text.arrow_patch if isinstance(text, Annotation) else None
        if arrow is not None:
            apply(arrow, "edge", "text", arrow.get_edgecolor, arrow.set_edgecolor)
            apply(arrow, "face", "text", arrow.get_facecolor, arrow.set_facecolor)
    return fig


def _restyle_axes(ax: Axes, apply: _Restyler) -> None:
    apply(
        ax.patch, "face", "background", ax.patch.get_facecolor, ax.patch.set_facecolor
    )
    for spine in ax.spines.values():
        apply(spine, "edge", "frame", spine.get_edgecolor, spine.set_edgecolor)
    for axis in (ax.xaxis, ax.yaxis):
        for which in ("major", "minor"):
            ticks = (
                axis.get_major_ticks() if which == "major" else axis.get_minor_ticks()
            )
            if not ticks:
                continue
            tick = ticks[0]

            # set_tick_params also reaches the ticks matplotlib makes later.
            def setter(
                name: str, which: str = which, axis: Any = axis
            ) -> Callable[[Any], None]:
                return lambda colour: axis.set_tick_params(
                    which=which, **{name: colour}
                )

            apply(
                axis,
                f"{which}.color",
                "frame",
                tick.tick1line.get_markeredgecolor,
                setter("color"),
            )
            apply(
                axis,
                f"{which}.labelcolor",
                "text",
                tick.label1.get_color,
                setter("labelcolor"),
            )
            apply(
                axis,
                f"{which}.grid",
                "grid",
                tick.gridline.get_color,
                setter("grid_color"),
            )


# -- shared helpers -------------------------------------------------------------


def _check_axes(ax: object) -> Axes:
    if not isinstance(ax, Axes):
        msg = f"ax must be a matplotlib Axes or None, got ax={ax!r}"
        raise TypeError(msg)
    return ax


@contextmanager
def _axes(ax: Axes | None, size: tuple[float, float]) -> Iterator[Axes]:
    """The axes to draw into: ``ax``, or those of a new light-themed figure."""
    if ax is not None:
        yield _check_axes(ax)
        return
    with _new_figure(size) as new:
        yield new


@contextmanager
def _new_figure(size: tuple[float, float], **grid: Any) -> Iterator[Any]:
    """The axes of a new light-themed figure: ``plt.subplots(**grid)``."""
    # rc_context's annotation lists the known keys as literals.
    with mpl.rc_context(cast("Any", _rc(THEMES["light"]))):
        fig, new = plt.subplots(figsize=size, layout="constrained", **grid)
        yield new
        restyle(fig, "light")


def _check_trajectory(traj: Any, name: str = "traj") -> None:
    missing = [
        a
        for a in ("x", "loss", "t", "outcome", "landscape", "optimizer")
        if not hasattr(traj, a)
    ]
    if missing:
        msg = f"{name} must be a gdbook.Trajectory, got {name}={traj!r}"
        raise TypeError(msg)


def _batch_shape(traj: Trajectory) -> tuple[int, ...]:
    return tuple(np.shape(traj.outcome))


def _runs(
    trajs: Trajectory | Sequence[Trajectory],
) -> list[tuple[Trajectory, tuple[int, ...]]]:
    """Every single run in ``trajs``, as (its batched Trajectory, its index)."""
    if isinstance(trajs, Sequence) and not hasattr(trajs, "x"):
        items = list(trajs)
        if not items:
            msg = "traj must be a Trajectory or a non-empty list of them, got []"
            raise ValueError(msg)
    else:
        items = [trajs]  # type: ignore[list-item]
    runs = []
    for traj in items:
        _check_trajectory(traj)
        runs += [(traj, index) for index in np.ndindex(_batch_shape(traj))]
    return runs


def _one(traj: Trajectory, index: tuple[int, ...]) -> Trajectory:
    return traj[index] if index else traj


def _fmt(value: float) -> str:
    return f"{value:.3g}"


def _point(x: Array) -> str:
    x = np.asarray(x, dtype=np.float64).ravel()
    return (
        _fmt(float(x[0]))
        if x.size == 1
        else "(" + ", ".join(_fmt(float(v)) for v in x) + ")"
    )


def _defaults(optimizer: object) -> dict[str, Any]:
    """The optimizer's default hyperparameters, pairs such as ``betas`` split."""
    try:
        parameters = inspect.signature(type(optimizer)).parameters
    except (TypeError, ValueError):
        return {}
    defaults: dict[str, Any] = {}
    for name, parameter in parameters.items():
        if isinstance(parameter.default, tuple):
            # torch's ``betas=(0.9, 0.999)`` is kept as beta1 and beta2.
            for i, value in enumerate(parameter.default, start=1):
                defaults[f"{name.removesuffix('s')}{i}"] = value
        else:
            defaults[name] = parameter.default
    return defaults


def _hyperparameters(
    traj: Trajectory, index: tuple[int, ...]
) -> dict[str, tuple[str, bool]]:
    """The optimizer's settings for one run: name to (formatted value, is default).

    An array hyperparameter is read at ``index`` of the batch (``"varies"`` if
    it does not broadcast against it); switches such as ``nesterov`` are
    included when they are on.
    """
    optimizer = traj.optimizer
    defaults = _defaults(optimizer)
    shown: dict[str, tuple[str, bool]] = {}
    for name, value in getattr(optimizer, "hyperparameters", {}).items():
        if callable(value):
            shown[name] = (getattr(value, "__name__", "schedule"), False)
            continue
        try:
            number = float(np.broadcast_to(value, _batch_shape(traj))[index])
        except ValueError:
            shown[name] = ("varies", False)
            continue
        default = defaults.get(name)
        is_default = isinstance(default, int | float) and number == default
        shown[name] = (_fmt(number), is_default)
    for name, default in defaults.items():
        if (
            isinstance(default, bool)
            and getattr(optimizer, name, default) is not default
        ):
            shown[name] = (str(getattr(optimizer, name)), False)
    return shown


def _optimizer_label(traj: Trajectory, index: tuple[int, ...]) -> str:
    """Like the optimizer's repr, without the settings left at their defaults."""
    settings = _hyperparameters(traj, index)
    args = ", ".join(
        f"{k}={v}" for k, (v, default) in settings.items() if k == "lr" or not default
    )
    return f"{type(traj.optimizer).__name__}({args})"


def _labels(runs: list[tuple[Trajectory, tuple[int, ...]]]) -> list[str]:
    """Short labels telling runs apart: only what differs between them."""
    starts = [_point(_one(traj, index).x[0]) for traj, index in runs]
    if len({type(traj.optimizer) for traj, _ in runs}) > 1:
        labels = [_optimizer_label(traj, index) for traj, index in runs]
    else:
        settings = [_hyperparameters(traj, index) for traj, index in runs]
        keys = list(settings[0])
        for s in settings[1:]:
            keys += [k for k in s if k not in keys]
        differ = [
            k for k in keys if len({s.get(k, ("", True))[0] for s in settings}) > 1
        ]
        if differ:
            labels = [
                ", ".join(f"{k}={s[k][0]}" for k in differ if k in s) for s in settings
            ]
        else:
            labels = [_optimizer_label(traj, index) for traj, index in runs]
    if len(set(starts)) > 1:
        labels = [
            f"{label} from {start}" for label, start in zip(labels, starts, strict=True)
        ]
    return labels


def _run_result(run: Trajectory) -> str:
    """A run's outcome in words, with the step it settled or diverged at."""
    outcome = str(run.outcome)
    settled = int(getattr(run, "settled_step", -1))
    diverged = int(getattr(run, "diverged_step", -1))
    if outcome == "diverged" and diverged >= 0:
        return f"diverged at step {diverged}"
    if settled >= 0:
        return f"{outcome}, settled at step {settled}"
    return outcome


def _name(landscape: Landscape) -> str:
    return landscape.name or f"a {landscape.dim}-d landscape"


def _global_loss(landscape: Landscape) -> float | None:
    losses = [m.loss for m in landscape.minima if m.kind == "global"]
    return min(losses) if losses else None


# Losses beyond this, reached only on the way to overflow, are not drawn: the
# axes' autoscaling would overflow with them.
_LOSS_LIMIT = 1e150


def _in_range(loss: Array) -> Array:
    """``loss`` with NaN where it is not finite or beyond +-_LOSS_LIMIT."""
    return np.where(np.abs(loss) <= _LOSS_LIMIT, loss, np.nan)


def _finite_part(run: Trajectory) -> tuple[npt.NDArray[np.int64], Array, Array]:
    """Steps, positions and losses of a run up to where it diverged, finite only."""
    t, x, loss = np.asarray(run.t), np.asarray(run.x), np.asarray(run.loss)
    diverged = int(getattr(run, "diverged_step", -1))
    keep = np.isfinite(loss) & np.isfinite(x).all(axis=-1)
    if diverged >= 0:
        # From diverged_step on the position is frozen at its last finite value.
        keep &= t < diverged
    return t[keep], x[keep], loss[keep]


class Minima(NamedTuple):
    """Markers of a landscape's known minima (None where it has none of a kind)."""

    global_: Line2D | None
    """Global minima: large hollow stars."""
    local: Line2D | None
    """Local minima: hollow circles."""


def _ends(
    ax: Axes,
    start: tuple[Array, Array],
    end: tuple[Array, Array],
    colours: tuple[Any, Any],
    *,
    sizes: tuple[float, float],
    edge_width: float,
) -> tuple[Line2D, Line2D]:
    """Mark a run's start, a hollow circle, and its end, a filled cross.

    ``start`` and ``end`` are the (x, y) coordinates of one point, or of none
    (empty arrays) when that end of the run is off the plot.
    """
    (start_marker,) = ax.plot(
        *start,
        linestyle="none",
        marker="o",
        markersize=sizes[0],
        markerfacecolor="none",
        markeredgecolor=colours[0],
        markeredgewidth=edge_width,
        zorder=3.5,
    )
    (end_marker,) = ax.plot(
        *end,
        linestyle="none",
        marker="X",
        markersize=sizes[1],
        markerfacecolor=colours[1],
        markeredgewidth=0,
        zorder=3.6,
    )
    return start_marker, end_marker


def _minima(ax: Axes, landscape: Landscape, *, on_curve: bool) -> Minima:
    drawn: list[Line2D | None] = []
    for kind, marker, size in (("global", "*", 15.0), ("local", "o", 9.0)):
        found = [m for m in landscape.minima if m.kind == kind]
        if not found:
            drawn.append(None)
            continue
        xs = np.array([m.x for m in found])
        ys = np.array([m.loss for m in found]) if on_curve else xs[:, 1]
        (line,) = ax.plot(
            xs[:, 0],
            ys,
            linestyle="none",
            marker=marker,
            markersize=size,
            markerfacecolor="none",
            markeredgecolor=NEUTRAL,
            markeredgewidth=1.4,
            zorder=2.5,
            label=f"{kind} minimum",
        )
        drawn.append(line)
    return Minima(drawn[0], drawn[1])


# -- 1D -------------------------------------------------------------------------


class Landscape1D(NamedTuple):
    """What :func:`landscape_1d` drew."""

    curve: Line2D
    minima: Minima


def _curve(
    ax: Axes, landscape: Landscape, low: float, high: float
) -> tuple[Line2D, Array]:
    w = np.linspace(low, high, 801)
    loss = np.asarray(landscape.loss(w[:, np.newaxis]), dtype=np.float64)
    (line,) = ax.plot(w, loss, color=NEUTRAL, linewidth=1.8, zorder=1.5, label="L(w)")
    ax.set_xlim(low, high)
    finite = loss[np.isfinite(loss)]
    if finite.size:
        span = float(np.ptp(finite)) or 1.0
        ax.set_ylim(
            float(finite.min()) - 0.08 * span, float(finite.max()) + 0.08 * span
        )
    ax.set_xlabel("$w$")
    ax.set_ylabel("$L(w)$")
    return line, loss


def _check_dim(landscape: Any, name: str, dim: int) -> None:
    if getattr(landscape, "dim", None) != dim:
        msg = (
            f"{name} must be on a {dim}-d landscape, got one of dimension "
            f"{getattr(landscape, 'dim', None)}"
        )
        raise ValueError(msg)


def landscape_1d(
    landscape: Landscape, ax: Axes | None = None, *, legend: bool = True
) -> Landscape1D:
    """Draw a 1-d landscape's loss curve over its domain, with its known minima.

    Parameters
    ----------
    landscape : Landscape
        A landscape of dimension 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    legend : bool
        Add a legend of the minima markers.

    Returns
    -------
    Landscape1D
        ``curve`` (the line of L over ``landscape.domain``, 801 points) and
        ``minima`` (global minima as hollow stars, local ones as hollow circles).

    Raises
    ------
    ValueError
        ``landscape`` not 1-d.

    Examples
    --------
    >>> from gdbook import landscapes, plot
    >>> curve = landscapes.book_curve()
    >>> drawn = plot.landscape_1d(curve)
    >>> drawn.curve.get_xdata().shape
    (801,)
    >>> marked = [*drawn.minima.global_.get_xdata(), *drawn.minima.local.get_xdata()]
    >>> len(marked) == len(curve.minima)
    True
    """
    _check_dim(landscape, "landscape", 1)
    with _axes(ax, _SIZE_1D) as axes:
        low, high = (float(v) for v in landscape.domain[0])
        curve, _ = _curve(axes, landscape, low, high)
        minima = _minima(axes, landscape, on_curve=True)
        if legend and any(minima):
            axes.legend(handles=[m for m in minima if m is not None], loc="best")
        globals_ = [_fmt(float(m.x[0])) for m in landscape.minima if m.kind == "global"]
        n_local = sum(m.kind == "local" for m in landscape.minima)
        marked = []
        if globals_:
            marked.append(f"its global minimum at w={' and w='.join(globals_)}")
        if n_local:
            marked.append(f"{n_local} local minim{'um' if n_local == 1 else 'a'}")
        _add_alt(
            axes,
            f"Loss curve of {_name(landscape)} for w from {_fmt(low)} to {_fmt(high)}"
            + (f", with {' and '.join(marked)} marked." if marked else "."),
        )
        return Landscape1D(curve, minima)


class Path1D(NamedTuple):
    """What :func:`path_1d` drew."""

    curve: Line2D | None
    """The landscape's loss curve (None with ``curve=False``)."""
    minima: Minima | None
    """Markers of the known minima (None with ``curve=False``)."""
    points: PathCollection
    """One point per recorded step at ``(w_t, L(w_t))``, coloured by step."""
    links: LineCollection | None
    """Thin lines from each point to the next (None when ``arrows``)."""
    arrows: list[FancyArrowPatch]
    """Arrows from each point to the next (empty unless ``arrows``)."""
    start: Line2D
    """A ring around the first point."""
    end: Line2D
    """A cross on the last point."""
    colorbar: Colorbar | None
    annotation: Text | None
    """The outcome, as the axes' left-hand title."""


def path_1d(
    traj: Trajectory,
    ax: Axes | None = None,
    *,
    index: int | tuple[int, ...] | None = None,
    curve: bool = True,
    arrows: bool | None = None,
    colorbar: bool = True,
    annotate: bool = True,
    legend: bool = True,
) -> Path1D:
    """Draw a run on the loss curve of its 1-d landscape: the book's main figure.

    Each recorded position ``w_t`` is a point at ``(w_t, L(w_t))`` on the
    curve, coloured by its step ``t`` with :data:`STEP_CMAP`, joined to the
    next one by a thin line or an arrow. The start is ringed, the end crossed,
    and the known minima are hollow stars (global) and circles (local). Steps
    after a run diverged (frozen copies of its last finite position) are not
    drawn; points that leave the plotted range are cut off.

    Parameters
    ----------
    traj : Trajectory
        From :func:`gdbook.descend` on a 1-d landscape; ``traj.x`` of shape
        ``(n, *B, 1)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    index : int or tuple of int, optional
        Which run of a batched ``traj`` (batch shape ``B``) to draw; needed
        unless ``B == ()``.
    curve : bool
        Draw the landscape's curve and its minima. Turn it off to add a second
        run to axes that already show them.
    arrows : bool, optional
        Join the points by arrows instead of lines; by default arrows for at
        most 40 recorded steps.
    colorbar : bool
        Add a colour bar of the step index.
    annotate : bool
        Write the run's outcome (and the step it settled or diverged at) as
        the axes' left-hand title.
    legend : bool
        Add a legend of the start, end and minima markers.

    Returns
    -------
    Path1D
        The artists drawn.

    Raises
    ------
    TypeError
        ``traj`` not a Trajectory.
    ValueError
        A landscape that is not 1-d, or a batched ``traj`` without ``index``.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> curve = landscapes.book_curve()
    >>> traj = gdbook.descend(curve, optim.SGD(lr=[0.05, 0.8]), curve.start, 40)
    >>> drawn = plot.path_1d(traj, index=1)
    >>> drawn.points.get_offsets().shape, len(drawn.arrows)
    ((41, 2), 40)
    >>> drawn.annotation.get_text()
    'oscillating'
    """
    _check_trajectory(traj)
    _check_dim(traj.landscape, "traj", 1)
    batch = _batch_shape(traj)
    if index is None:
        if batch:
            msg = (
                f"traj holds a batch of runs of shape {batch}; pass index= to choose "
                f"one, got index=None"
            )
            raise ValueError(msg)
        where: tuple[int, ...] = ()
    else:
        where = index if isinstance(index, tuple) else (index,)
        msg = f"index must pick one run of traj's batch of shape {batch}, got {index=}"
        try:
            np.empty(batch)[where]
        except (IndexError, TypeError):
            raise ValueError(msg) from None
        if len(where) != len(batch):
            raise ValueError(msg)
    run = _one(traj, where)
    landscape = traj.landscape
    t, x, loss = _finite_part(run)
    w = x[:, 0]
    centre, width = (
        float(landscape.domain[0].mean()),
        float(np.ptp(landscape.domain[0])),
    )
    # Points far off the plot are left out (a diverging run's would overflow
    # the display coordinates); a link is drawn between two kept points only.
    near = np.abs(w - centre) <= 2 * width
    segments = np.stack(
        [np.column_stack([w, loss])[:-1], np.column_stack([w, loss])[1:]], 1
    )
    segments, segment_t = segments[near[:-1] & near[1:]], t[:-1][near[:-1] & near[1:]]
    ends = [near[0] if near.size else False, near[-1] if near.size else False]
    t, w, loss = t[near], w[near], loss[near]

    with _axes(ax, _SIZE_1D) as axes:
        drawn_curve: Line2D | None = None
        minima: Minima | None = None
        if curve:
            low, high = (float(v) for v in landscape.domain[0])
            width = high - low
            if w.size:
                # Widen the view to show a run that leaves the domain a little.
                low = max(min(low, float(w.min())), low - width / 2)
                high = min(max(high, float(w.max())), high + width / 2)
            drawn_curve, _ = _curve(axes, landscape, low, high)
            minima = _minima(axes, landscape, on_curve=True)

        norm = Normalize(0, max(int(run.t[-1]), 1))
        colours = STEP_CMAP(norm(t))
        link_colours = STEP_CMAP(norm(segment_t))
        points = axes.scatter(
            w, loss, c=t, cmap=STEP_CMAP, norm=norm, s=22, zorder=3, linewidths=0
        )
        if arrows is None:
            arrows = len(t) <= 41
        links: LineCollection | None = None
        arrow_list: list[FancyArrowPatch] = []
        if arrows:
            for (start, stop), colour in zip(segments, link_colours, strict=True):
                arrow = FancyArrowPatch(
                    tuple(start),
                    tuple(stop),
                    arrowstyle="-|>",
                    mutation_scale=8,
                    linewidth=0.9,
                    color=colour,
                    shrinkA=3,
                    shrinkB=3,
                    zorder=2.8,
                )
                axes.add_patch(arrow)
                arrow_list.append(arrow)
        else:
            links = LineCollection(
                list(segments),
                colors=link_colours,
                linewidths=0.8,
                alpha=0.8,
                zorder=2.8,
            )
            axes.add_collection(links, autolim=False)

        none = slice(0, 0)
        first, last = (0 if ends[0] else none), (-1 if ends[1] else none)
        start_marker, end_marker = _ends(
            axes,
            (w[first], loss[first]),
            (w[last], loss[last]),
            (colours[0], colours[-1]) if w.size else (NEUTRAL, NEUTRAL),
            sizes=(11, 10),
            edge_width=1.6,
        )
        start_marker.set_label("start")
        end_marker.set_label("end")

        bar: Colorbar | None = None
        if colorbar:
            fig = axes.get_figure(root=False)
            assert fig is not None
            bar = fig.colorbar(points, ax=axes, fraction=0.05, pad=0.02, aspect=25)
            bar.set_label("step")
            bar.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            bar.outline.set_visible(False)

        result = _run_result(run)
        annotation = None
        if annotate:
            annotation = axes.set_title(result, loc="left", fontsize=10)
        if legend and curve:
            axes.legend(
                handles=[
                    h
                    for h in (start_marker, end_marker, *(minima or ()))
                    if h is not None
                ],
                loc="best",
                ncols=2,
                handletextpad=0.3,
                columnspacing=0.9,
                borderaxespad=0.3,
            )
        _add_alt(
            axes,
            f"Loss curve of {_name(landscape)} with {int(traj.steps)} steps of "
            f"{_optimizer_label(traj, where)} from w={_point(run.x[0])}: {result}.",
        )
        return Path1D(
            drawn_curve,
            minima,
            points,
            links,
            arrow_list,
            start_marker,
            end_marker,
            bar,
            annotation,
        )


class PathAndLoss(NamedTuple):
    """What :func:`path_and_loss` drew."""

    path: Path1D
    """The run on its loss curve, in the upper axes."""
    legend: Legend
    """The upper axes' legend: start, end and global minimum."""
    loss: LossCurve
    """The losses against the step, in the lower axes."""


def path_and_loss(
    traj: Trajectory,
    ax: Sequence[Axes] | None = None,
    *,
    others: Sequence[Trajectory] = (),
    labels: Sequence[str] | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
) -> PathAndLoss:
    """Draw a 1D run on its loss curve above its loss against the step.

    The upper axes show the run as :func:`path_1d` draws it (zoomed to
    ``xlim`` and ``ylim`` if given), with a legend across their top; the lower
    axes show the loss of the run, and of the ``others``, as :func:`loss_curve`
    draws them.

    Parameters
    ----------
    traj : Trajectory
        A single run on a 1-d landscape.
    ax : pair of matplotlib.axes.Axes, optional
        The upper and the lower axes; a new figure 5 in wide when None.
    others : sequence of Trajectory
        More runs whose loss the lower axes show after ``traj``'s.
    labels : sequence of str, optional
        One legend label for each run of the lower axes, ``traj``'s first.
    xlim, ylim : pair of float, optional
        The limits of the upper axes.

    Returns
    -------
    PathAndLoss

    Raises
    ------
    TypeError
        ``ax`` not two Axes, or a run that is not a Trajectory.
    ValueError
        A run that is not 1-d or a batch, labels not one per run.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> curve = landscapes.book_curve()
    >>> slow = gdbook.descend(curve, optim.SGD(lr=0.05), [6.9], 100)
    >>> fast = gdbook.descend(curve, optim.SGD(lr=0.3), [6.9], 100)
    >>> drawn = plot.path_and_loss(slow, others=[fast], xlim=(4.6, 7.4))
    >>> [t.get_text() for t in drawn.legend.get_texts()], len(drawn.loss.lines)
    (['start', 'end', 'global minimum'], 2)
    """
    context: AbstractContextManager[Any]
    if ax is None:
        context = _new_figure((5.0, 5.6), nrows=2, height_ratios=(3, 2))
    else:
        if isinstance(ax, Axes) or len(ax) != 2:
            msg = f"ax must be a pair of Axes (upper, lower), got ax={ax!r}"
            raise TypeError(msg)
        context = nullcontext([_check_axes(a) for a in ax])
    with context as (top, bottom):
        path = path_1d(traj, ax=top, legend=False)
        if xlim is not None:
            top.set_xlim(xlim)
        if ylim is not None:
            top.set_ylim(ylim)
        minimum = path.minima.global_ if path.minima is not None else None
        handles = [h for h in (path.start, path.end, minimum) if h is not None]
        legend = top.legend(handles=handles, loc="upper center", ncols=3)
        loss = loss_curve([traj, *others], ax=bottom, labels=labels)
    return PathAndLoss(path, legend, loss)


# -- 2D -------------------------------------------------------------------------


class Contour2D(NamedTuple):
    """What :func:`contour_2d` drew."""

    contours: QuadContourSet
    minima: Minima


def _levels(loss: Array, levels: int | npt.ArrayLike) -> Array:
    if isinstance(levels, int | np.integer) and not isinstance(levels, bool):
        n = check_int("levels", int(levels), ge=1)
        # Levels at quantiles of the loss over the grid, so that contours are
        # spread evenly over the picture for a bowl and a steep valley alike;
        # a third of them at small quantiles, spaced geometrically, to trace
        # the floor of a narrow valley (Rosenbrock's) and small basins.
        low = n // 3
        quantiles = np.concatenate(
            [np.geomspace(0.002, 0.07, low + 1)[:-1], np.linspace(0.07, 0.97, n - low)]
        )
        finite = loss[np.isfinite(loss)]
        found = np.unique(np.quantile(finite, quantiles))
        return np.asarray(found, dtype=np.float64)
    given = np.asarray(levels, dtype=np.float64)
    if (
        given.ndim != 1
        or given.size == 0
        or not np.isfinite(given).all()
        or np.any(np.diff(given) <= 0)
    ):
        msg = (
            "levels must be a number >= 1 or an increasing 1-d array of finite "
            f"values, got levels={levels!r}"
        )
        raise ValueError(msg)
    return given


def contour_2d(
    landscape: Landscape,
    ax: Axes | None = None,
    levels: int | npt.ArrayLike = 14,
    *,
    resolution: int = 200,
) -> Contour2D:
    """Draw the contour lines of a 2-d landscape over its domain, with its minima.

    Parameters
    ----------
    landscape : Landscape
        A landscape of dimension 2; drawn over ``landscape.domain``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    levels : int or array_like, shape (k,)
        The number of contour lines, placed at quantiles of the loss over the
        grid (so steep and flat landscapes both get lines spread over the
        picture; a third of them at small quantiles, to trace valley floors),
        or the loss values to draw them at, increasing.
    resolution : int
        Grid points per axis, ``>= 2``.

    Returns
    -------
    Contour2D
        ``contours`` (a :class:`~matplotlib.contour.QuadContourSet` of grey
        lines) and ``minima`` (global: hollow stars, local: hollow circles).
        The axes get an equal aspect ratio.

    Raises
    ------
    ValueError
        ``landscape`` not 2-d; ``levels`` or ``resolution`` out of range.

    Examples
    --------
    >>> from gdbook import landscapes, plot
    >>> drawn = plot.contour_2d(landscapes.himmelblau(), levels=10)
    >>> len(drawn.contours.levels), len(drawn.minima.global_.get_xdata())
    (10, 4)
    """
    _check_dim(landscape, "landscape", 2)
    resolution = check_int("resolution", resolution, ge=2)
    with _axes(ax, _SIZE_2D) as axes:
        contours, minima = _contours(axes, landscape, levels, resolution)
        (x_lo, x_hi), (y_lo, y_hi) = np.asarray(landscape.domain, dtype=np.float64)
        found = []
        globals_ = [_point(m.x) for m in landscape.minima if m.kind == "global"]
        n_local = sum(m.kind == "local" for m in landscape.minima)
        if globals_:
            kind = "minimum" if len(globals_) == 1 else "minima"
            found.append(f"global {kind} at {', '.join(globals_)}")
        if n_local:
            found.append(f"{n_local} local minim{'um' if n_local == 1 else 'a'}")
        _add_alt(
            axes,
            f"Contour map of {_name(landscape)} over w1 from {_fmt(x_lo)} to "
            f"{_fmt(x_hi)} and w2 from {_fmt(y_lo)} to {_fmt(y_hi)}"
            + (f", with its {' and '.join(found)} marked." if found else "."),
        )
        return Contour2D(contours, minima)


def _contours(
    ax: Axes, landscape: Landscape, levels: int | npt.ArrayLike, resolution: int
) -> tuple[QuadContourSet, Minima]:
    (x_lo, x_hi), (y_lo, y_hi) = np.asarray(landscape.domain, dtype=np.float64)
    gx, gy = np.meshgrid(
        np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution)
    )
    loss = np.asarray(landscape.loss(np.stack([gx, gy], axis=-1)), dtype=np.float64)
    contours = ax.contour(
        gx,
        gy,
        loss,
        levels=_levels(loss, levels),
        colors=NEUTRAL,
        linewidths=0.7,
        zorder=1,
        negative_linestyles="solid",
    )
    minima = _minima(ax, landscape, on_curve=False)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return contours, minima


class Paths2D(NamedTuple):
    """What :func:`paths_2d` drew."""

    contours: Contour2D | None
    paths: list[Line2D]
    """One line per run, through its recorded positions."""
    starts: list[Line2D]
    """A ring at each run's start."""
    ends: list[Line2D]
    """A cross at each run's end."""
    legend: Legend | None


def _colours(n: int) -> list[Any]:
    if n <= len(PALETTE):
        return list(PALETTE[:n])
    return list(STEP_CMAP(np.linspace(0, 1, n)))


def _check_labels(labels: Sequence[str] | None, n: int) -> list[str] | None:
    if labels is None:
        return None
    if isinstance(labels, str) or len(labels) != n:
        msg = (
            f"labels must be a list of {n} strings, one per run, got labels={labels!r}"
        )
        raise ValueError(msg)
    return [str(label) for label in labels]


def paths_2d(
    traj: Trajectory | Sequence[Trajectory],
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    *,
    contours: bool = True,
    levels: int | npt.ArrayLike = 14,
    legend: bool | None = None,
) -> Paths2D:
    """Draw runs on a 2-d landscape: its contours with each run's path on top.

    Parameters
    ----------
    traj : Trajectory or sequence of Trajectory
        Runs on one 2-d landscape; every run of a batch is drawn (``traj.x``
        of shape ``(n, *B, 2)`` gives ``prod(B)`` paths).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    labels : sequence of str, optional
        One legend label per run. By default, what tells the runs apart
        (optimizer, hyperparameters, start) and each run's outcome.
    contours : bool
        Draw the landscape's contours and minima first (see :func:`contour_2d`).
    levels : int or array_like
        Passed to :func:`contour_2d`.
    legend : bool, optional
        Add a legend; by default when there are at most 7 runs.

    Returns
    -------
    Paths2D
        The artists drawn; runs take :data:`PALETTE`'s colours in order (or
        :data:`STEP_CMAP`'s when there are more than 7). The axes get an equal
        aspect ratio.

    Raises
    ------
    TypeError
        ``traj`` not a Trajectory or a list of them.
    ValueError
        A landscape that is not 2-d, an empty list, labels not one per run.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> bowl = landscapes.ill_conditioned(10.0)
    >>> traj = gdbook.descend(bowl, optim.SGD(lr=[0.05, 0.18]), bowl.start, 50)
    >>> drawn = plot.paths_2d(traj)
    >>> len(drawn.paths), [t.get_text() for t in drawn.legend.get_texts()]
    (2, ['lr=0.05: ...', 'lr=0.18: ...'])
    """
    runs = _runs(traj)
    landscape = runs[0][0].landscape
    _check_dim(landscape, "traj", 2)
    names = _check_labels(labels, len(runs))
    auto = names is None
    if names is None:
        names = _labels(runs)
    with _axes(ax, _SIZE_2D) as axes:
        drawn_contours = None
        if contours:
            drawn_contours = Contour2D(*_contours(axes, landscape, levels, 200))
        paths, starts, ends = [], [], []
        described = []
        for (parent, index), colour, name in zip(
            runs, _colours(len(runs)), names, strict=True
        ):
            run = _one(parent, index)
            _, x, _ = _finite_part(run)
            # Far off the plot a diverging run would overflow display coordinates.
            domain = np.asarray(landscape.domain, dtype=np.float64)
            far = np.abs(x - domain.mean(axis=-1)) > 2 * np.ptp(domain, axis=-1)
            x = np.where(far.any(axis=-1, keepdims=True), np.nan, x)
            result = _run_result(run)
            label = f"{name}: {run.outcome!s}" if auto else name
            (path,) = axes.plot(
                x[:, 0],
                x[:, 1],
                color=colour,
                linewidth=1.4,
                zorder=3,
                label=label,
                marker="o" if len(x) <= 120 else None,
                markersize=2.6,
            )
            start, end = _ends(
                axes,
                (x[:1, 0], x[:1, 1]),
                (x[-1:, 0], x[-1:, 1]),
                (colour, colour),
                sizes=(9, 9),
                edge_width=1.5,
            )
            paths.append(path)
            starts.append(start)
            ends.append(end)
            described.append(
                f"{_optimizer_label(parent, index)} from {_point(run.x[0])}: {result}"
            )
        drawn_legend = None
        if legend or (legend is None and len(runs) <= len(PALETTE)):
            drawn_legend = _legend_below(axes, paths)
        steps = int(runs[0][0].steps)
        _add_alt(
            axes,
            f"Contour map of {_name(landscape)} with {_count(len(runs), 'run')} of "
            f"{steps} steps drawn on it: " + "; ".join(_truncate(described)) + ".",
        )
        return Paths2D(drawn_contours, paths, starts, ends, drawn_legend)


def _legend_below(ax: Axes, handles: Sequence[Artist]) -> Legend:
    """A frameless legend under the x axis label, in as many columns as fit.

    Below the axes it hides no data and leaves the space above for a title.
    """
    fig = ax.get_figure(root=True)
    assert fig is not None
    # An offset in inches clears the tick labels and the axis label whatever
    # the height of the axes.
    below = offset_copy(ax.transAxes, fig=fig, y=-0.52, units="inches")
    longest = max(len(str(h.get_label())) for h in handles)
    # About 13 characters of legend text per inch, plus room for the handle.
    ncols = max(1, min(len(handles), int(fig.get_figwidth() * 13 // (longest + 5))))
    return ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=below,
        ncols=ncols,
        frameon=False,
        handlelength=1.5,
        columnspacing=1.2,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _span(values: Array) -> str:
    return f"{_fmt(float(values[0]))} to {_fmt(float(values[-1]))}"


def _truncate(items: list[str], keep: int = 6) -> list[str]:
    if len(items) <= keep:
        return items
    return [*items[:keep], f"and {len(items) - keep} more"]


# -- loss and learning rate against step ------------------------------------------


class LossCurve(NamedTuple):
    """What :func:`loss_curve` drew."""

    lines: list[Line2D]
    """One line per run: loss minus the global minimum's loss, against step."""
    legend: Legend | None


def loss_curve(
    traj: Trajectory | Sequence[Trajectory],
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    log: bool = True,
) -> LossCurve:
    """Draw the loss of one or several runs against the step.

    The loss drawn is :math:`L(w_t) - L^*`, where :math:`L^*` is the loss at
    the landscape's global minimum, so that it falls to 0 as a run converges
    there and a log axis shows how fast. On a landscape with no known global
    minimum :math:`L^* = 0`. On a log axis, values <= 0 (a run at the minimum
    to machine precision, or below 0 when :math:`L^*` is unknown) are left
    out; if no value is positive the axis stays linear. A diverged run's line
    stops at its last loss below 1e150.

    Parameters
    ----------
    traj : Trajectory or sequence of Trajectory
        Runs with losses ``traj.loss`` of shape ``(n, *B)``; every run of a
        batch is drawn.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    labels : sequence of str, optional
        One legend label per run; by default what tells the runs apart.
    log : bool
        Use a log scale for the loss.

    Returns
    -------
    LossCurve
        One line per run, in :data:`PALETTE`'s colours (:data:`STEP_CMAP`'s
        for more than 7 runs), and the legend (None for a single run, or more
        than 7 without labels).

    Raises
    ------
    TypeError
        ``traj`` not a Trajectory or a list of them.
    ValueError
        An empty list, labels not one per run.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> bowl = landscapes.quadratic(a=1.0)
    >>> traj = gdbook.descend(bowl, optim.SGD(lr=[0.1, 0.5]), bowl.start, 30)
    >>> drawn = plot.loss_curve(traj)
    >>> [line.get_label() for line in drawn.lines], drawn.lines[0].axes.get_yscale()
    (['lr=0.1', 'lr=0.5'], 'log')
    """
    runs = _runs(traj)
    names = _check_labels(labels, len(runs))
    show_legend = names is not None or 1 < len(runs) <= len(PALETTE)
    if names is None:
        names = _labels(runs)
    with _axes(ax, _SIZE_1D) as axes:
        lines = []
        described = []
        any_positive = False
        subtract_any = False
        for (parent, index), colour, name in zip(
            runs, _colours(len(runs)), names, strict=True
        ):
            run = _one(parent, index)
            t, _, loss = _finite_part(run)
            best = _global_loss(parent.landscape)
            subtract_any |= best is not None
            gap = _in_range(loss - (best or 0.0))
            if log:
                gap = np.where(gap > 0, gap, np.nan)
                any_positive |= bool(np.any(gap > 0))
            (line,) = axes.plot(t, gap, color=colour, linewidth=1.5, label=name)
            lines.append(line)
            described.append(f"{name}: {_run_result(run)}")
        if log and any_positive:
            axes.set_yscale("log")
        axes.set_xlabel("step $t$")
        axes.set_ylabel("$L(w_t) - L^*$" if subtract_any else "$L(w_t)$")
        axes.grid(True, which="major", linewidth=0.6)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        drawn_legend = _legend_below(axes, lines) if show_legend else None
        what = "Loss minus the global minimum's loss" if subtract_any else "Loss"
        scale = ", on a log scale," if log and any_positive else ""
        _add_alt(
            axes,
            f"{what}{scale} against step for {_count(len(runs), 'run')}: "
            + "; ".join(_truncate(described))
            + ".",
        )
        return LossCurve(lines, drawn_legend)


class LrCurves(NamedTuple):
    """What :func:`lr_curves` drew."""

    lines: list[Line2D]
    """One step line per schedule: the learning rate of update t."""
    legend: Legend | None


def _schedule_values(name: str, schedule: Any, steps: int) -> Array:
    if not callable(schedule):
        msg = (
            f"schedules[{name!r}] must be a schedule (a callable of the step), "
            f"got {schedule!r}"
        )
        raise TypeError(msg)
    t = np.arange(steps)
    try:
        values = np.asarray(schedule(t), dtype=np.float64)
    except (TypeError, ValueError):
        values = np.empty(0)
    if values.shape != t.shape:
        # A schedule of one step at a time only.
        values = np.array([float(schedule(int(i))) for i in t])
    return values


def _check_schedules(schedules: object) -> Mapping[str, Any]:
    msg = (
        "schedules must be a non-empty mapping of label to schedule, "
        f"got schedules={schedules!r}"
    )
    if not isinstance(schedules, Mapping):
        raise TypeError(msg)
    if not schedules:
        raise ValueError(msg)
    return schedules


def lr_curves(
    schedules: Mapping[str, Callable[[Any], Any]],
    steps: int,
    ax: Axes | None = None,
    *,
    log: bool = False,
) -> LrCurves:
    """Draw the learning rate of several schedules against the step.

    Parameters
    ----------
    schedules : mapping of str to schedule
        Legend label to schedule (a callable from the 0-based update index to
        the learning rate, such as those of :mod:`gdbook.schedules`); each is
        called once with ``numpy.arange(steps)`` or, failing that, per step.
    steps : int
        Number of updates to draw, ``>= 1``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    log : bool
        Use a log scale for the learning rate.

    Returns
    -------
    LrCurves
        One line per schedule in :data:`PALETTE`'s colours (drawn as steps,
        the rate being constant over an update, for up to 40 steps; joined
        points beyond), and the legend.

    Raises
    ------
    TypeError
        A schedule that is not callable, ``steps`` not an integer.
    ValueError
        ``steps < 1`` or no schedules.

    Examples
    --------
    >>> from gdbook import plot, schedules
    >>> drawn = plot.lr_curves(
    ...     {"step": schedules.step(0.1, 30, 0.1), "cosine": schedules.cosine(0.1, 90)},
    ...     100,
    ... )
    >>> drawn.lines[0].get_ydata()[[0, 29, 30]]
    array([0.1 , 0.1 , 0.01])
    """
    steps = check_int("steps", steps, ge=1)
    values = {
        name: _schedule_values(name, s, steps)
        for name, s in _check_schedules(schedules).items()
    }
    with _axes(ax, _SIZE_1D) as axes:
        lines = []
        t = np.arange(steps)
        for (name, lr), colour in zip(
            values.items(), _colours(len(values)), strict=True
        ):
            (line,) = axes.plot(
                t,
                lr,
                color=colour,
                linewidth=1.6,
                label=str(name),
                drawstyle="steps-post" if steps <= 40 else "default",
            )
            lines.append(line)
        if log:
            axes.set_yscale("log")
        axes.set_xlabel("step $t$")
        axes.set_ylabel(r"learning rate $\eta_t$")
        axes.grid(True, linewidth=0.6)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        drawn_legend = _legend_below(axes, lines)
        ranges = [
            f"{name} from {_fmt(float(v[0]))} to {_fmt(float(v[-1]))}"
            for name, v in values.items()
        ]
        _add_alt(
            axes,
            f"Learning rate against step over {steps} steps for {len(values)} "
            f"schedule{'s' if len(values) > 1 else ''}: "
            + "; ".join(_truncate(ranges))
            + ".",
        )
        return LrCurves(lines, drawn_legend)


# -- sweeps and outcome maps --------------------------------------------------------


class Sweep(NamedTuple):
    """What :func:`sweep` drew."""

    points: Line2D
    """Final loss against learning rate for the runs that did not diverge."""
    diverged: Line2D | None
    """Crosses along the top edge at the learning rates of diverged runs."""
    threshold: Line2D | None
    """A dashed vertical line at the threshold."""
    label: Text | None
    """The threshold's label."""


def _positive_1d(name: str, value: Any) -> Array:
    arr = as_float_array(name, value, "a 1-d array of real numbers")
    if arr.ndim != 1 or arr.size == 0:
        msg = f"{name} must be a non-empty 1-d array, got an array of shape {arr.shape}"
        raise ValueError(msg)
    if not (np.isfinite(arr).all() and (arr > 0).all()):
        bad = int(np.flatnonzero(~(np.isfinite(arr) & (arr > 0)))[0])
        msg = f"{name} must be finite and > 0, got {name}[{bad}]={arr[bad]!r}"
        raise ValueError(msg)
    return arr


def sweep(
    lrs: npt.ArrayLike,
    final_loss: npt.ArrayLike,
    ax: Axes | None = None,
    threshold: float | None = None,
    *,
    diverged: npt.ArrayLike | None = None,
    threshold_label: str | None = None,
    log_loss: bool = False,
) -> Sweep:
    """Draw the final loss of a sweep against the learning rate, on a log axis.

    Parameters
    ----------
    lrs : array_like, shape (n,)
        Learning rates, finite and > 0.
    final_loss : array_like, shape (n,)
        The loss each run ended at, such as ``traj.final_loss`` (or that minus
        the global minimum's loss, with ``log_loss=True``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    threshold : float, optional
        A learning rate to mark with a dashed vertical line, such as the
        stability threshold :math:`2/\\lambda_{max}`.
    diverged : array_like of bool, shape (n,), optional
        Which runs diverged, such as ``traj.regime == "diverged"``; by default
        those whose final loss is not finite. They are drawn as crosses along
        the top edge, not as points.
    threshold_label : str, optional
        Text beside the threshold line; by default ``"threshold η = …"``.
    log_loss : bool
        Use a log scale for the loss too.

    Returns
    -------
    Sweep
        The artists drawn.

    Raises
    ------
    TypeError
        Arrays that are not numeric.
    ValueError
        ``lrs`` not finite and > 0, shapes that differ, ``threshold`` not
        finite and > 0.

    Examples
    --------
    >>> import numpy as np
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> lrs = np.geomspace(0.01, 3.0, 60)
    >>> bowl = landscapes.quadratic(a=1.0)
    >>> traj = gdbook.descend(bowl, optim.SGD(lr=lrs), bowl.start, 100, record="final")
    >>> diverged = traj.regime == "diverged"
    >>> drawn = plot.sweep(lrs, traj.final_loss, threshold=2.0, diverged=diverged)
    >>> len(drawn.diverged.get_xdata()) == int((lrs > 2.0).sum())
    True
    """
    lr = _positive_1d("lrs", lrs)
    loss = np.asarray(final_loss, dtype=np.float64)
    if loss.shape != lr.shape:
        msg = f"final_loss must have the shape of lrs {lr.shape}, got {loss.shape}"
        raise ValueError(msg)
    bad = ~np.isfinite(loss) if diverged is None else np.asarray(diverged, dtype=bool)
    if bad.shape != lr.shape:
        msg = f"diverged must have the shape of lrs {lr.shape}, got {bad.shape}"
        raise ValueError(msg)
    if threshold is not None:
        threshold = float(_positive_1d("threshold", [threshold])[0])
    order = np.argsort(lr)
    lr, loss, bad = lr[order], loss[order], bad[order]
    with _axes(ax, _SIZE_1D) as axes:
        # NaN breaks the line where runs diverged.
        shown = np.where(bad, np.nan, _in_range(loss))
        if log_loss:
            shown = np.where(shown > 0, shown, np.nan)
        (points,) = axes.plot(
            lr,
            shown,
            color=PALETTE[0],
            linewidth=1.4,
            marker="o" if lr.size <= 60 else None,
            markersize=3.2,
            label="final loss",
        )
        axes.set_xscale("log")
        if log_loss and np.any(shown > 0):
            axes.set_yscale("log")
        crosses = None
        if bad.any():
            (crosses,) = axes.plot(
                lr[bad],
                np.full(int(bad.sum()), 0.96),
                linestyle="none",
                marker="x",
                markersize=6,
                markeredgewidth=1.4,
                color=PALETTE[1],
                transform=axes.get_xaxis_transform(),
                clip_on=False,
                label="diverged",
            )
        line = text = None
        if threshold is not None:
            line = axes.axvline(
                threshold, color=NEUTRAL, linestyle="--", linewidth=1.2, zorder=1
            )
            text = axes.text(
                threshold,
                0.98,
                threshold_label or f"threshold η = {_fmt(threshold)} ",
                transform=axes.get_xaxis_transform(),
                rotation=90,
                ha="right",
                va="top",
                fontsize=9,
            )
        axes.set_xlabel(r"learning rate $\eta$")
        axes.set_ylabel("final loss")
        axes.grid(True, which="major", linewidth=0.6)
        if crosses is not None:
            axes.legend(loc="best")
        n_bad = int(bad.sum())
        detail = (
            f", {n_bad} diverged (from lr {_fmt(float(lr[bad].min()))})"
            if n_bad
            else ""
        )
        mark = (
            f"; a dashed line marks the threshold lr {_fmt(threshold)}"
            if threshold
            else ""
        )
        _add_alt(
            axes,
            f"Final loss against learning rate (log scale) for {lr.size} runs with lr "
            "from "
            f"{_fmt(float(lr[0]))} to {_fmt(float(lr[-1]))}: {lr.size - n_bad} finite"
            f"{detail}{mark}.",
        )
        return Sweep(points, crosses, line, text)


class OutcomeMap(NamedTuple):
    """What :func:`outcome_map` drew."""

    cells: dict[str, PatchCollection]
    """Outcome to the collection of its cells (one colour and hatch each)."""
    legend: Legend
    steps: list[Text]
    """The step each run settled at, written in its cell (empty unless ``steps``)."""


def _grid_axis(name: str, value: Any, axis: int, batch: tuple[int, ...]) -> Array:
    """The values along one axis of the grid, from a 1-d array or a grid."""
    arr = as_float_array(name, value)
    if arr.ndim == 1 and arr.shape[0] == batch[axis]:
        values = arr
    else:
        try:
            grid = np.broadcast_to(arr, batch)
        except ValueError:
            msg = (
                f"{name} must have {batch[axis]} values (axis {axis} of traj's batch "
                f"shape {batch}) or broadcast to {batch}, got shape {arr.shape}"
            )
            raise ValueError(msg) from None
        values = np.moveaxis(grid, axis, 0)[:, 0]
        if not np.all(np.moveaxis(grid, axis, 0) == values[:, np.newaxis]):
            msg = (
                f"{name} must be constant along the other axis of the grid, "
                f"got {name}={value!r}"
            )
            raise ValueError(msg)
    return check_finite(name, values, value)


def _edges(values: Array) -> tuple[Array, bool]:
    """Cell edges around sorted centres; geometric for centres evenly spaced in log."""
    if values.size == 1:
        v = float(values[0])
        if v > 0:
            return np.array([v / 1.25, v * 1.25]), True
        return np.array([v - 0.5, v + 0.5]), False
    steps = np.diff(np.log(values)) if (values > 0).all() else None
    log = (
        steps is not None
        and values.size >= 3
        and bool(np.allclose(steps, steps[0], rtol=1e-3))
    )
    centres = np.log(values) if log else values
    middle = (centres[1:] + centres[:-1]) / 2
    edges = np.concatenate(
        [[2 * centres[0] - middle[0]], middle, [2 * centres[-1] - middle[-1]]]
    )
    return (np.exp(edges) if log else edges), log


def _outcome_style(outcome: str) -> tuple[str, str]:
    if outcome.startswith("local minimum"):
        k = int(outcome.rsplit(" ", 1)[-1])
        return _LOCAL_COLOURS[(k - 1) % len(_LOCAL_COLOURS)], ""
    return _OUTCOME_STYLE.get(outcome, (NEUTRAL, "++"))


def _outcome_order(outcome: str) -> tuple[int, int, str]:
    if outcome == "global minimum":
        return (0, 0, outcome)
    if outcome.startswith("local minimum"):
        return (1, int(outcome.rsplit(" ", 1)[-1]), outcome)
    rest = ["converged", "oscillating", "descending", "diverged"]
    return (2, rest.index(outcome) if outcome in rest else len(rest), outcome)


def _mix(colour: str, other: str, amount: float) -> tuple[float, float, float]:
    a, b = np.array(to_rgba(colour)[:3]), np.array(to_rgba(other)[:3])
    r, g, bl = (1 - amount) * a + amount * b
    return (float(r), float(g), float(bl))


def _luminance(colour: Any) -> float:
    rgb = np.array(to_rgba(colour)[:3])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def outcome_map(
    traj: Trajectory,
    lr: npt.ArrayLike | None = None,
    momentum: npt.ArrayLike | None = None,
    ax: Axes | None = None,
    *,
    steps: bool | None = None,
    ylabel: str = r"momentum $\mu$",
) -> OutcomeMap:
    """Draw a learning rate x momentum grid of runs, each cell coloured by its outcome.

    Each outcome (``"global minimum"``, ``"local minimum k"``, ``"converged"``
    elsewhere, ``"oscillating"``, ``"descending"``, ``"diverged"``) has a
    colour of :data:`PALETTE` (grey for ``"descending"``), and
    ``"converged"``, ``"oscillating"`` and ``"diverged"`` a hatch too, so that
    no two outcomes differ by colour alone. Learning rates evenly spaced in
    log get a log axis.

    Parameters
    ----------
    traj : Trajectory
        A batch of runs of shape ``(n_lr, n_mom)``: learning rate along the
        first axis, momentum along the second (as from ``optim.SGD(lr=lr[:,
        None], momentum=momentum)``).
    lr : array_like, optional
        The learning rates, shape ``(n_lr,)`` or broadcastable to
        ``(n_lr, n_mom)``; by default the optimizer's ``lr``.
    momentum : array_like, optional
        The momenta, shape ``(n_mom,)`` or broadcastable to ``(n_lr, n_mom)``;
        by default the optimizer's ``momentum``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    steps : bool, optional
        Write in each cell the step its run settled at (nothing for runs that
        did not settle); by default when the grid is at most 12 x 12.
    ylabel : str
        The label of the momentum axis.

    Returns
    -------
    OutcomeMap
        The cells by outcome, the legend (below the axes) and the step labels.

    Raises
    ------
    TypeError
        ``traj`` not a Trajectory.
    ValueError
        A batch that is not 2-d; ``lr`` or ``momentum`` not matching it, not
        finite, missing from the optimizer when not given.

    Examples
    --------
    >>> import numpy as np
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> lr, mu = np.geomspace(0.02, 2.0, 6), np.linspace(0.0, 0.9, 4)
    >>> curve = landscapes.book_curve()
    >>> opt = optim.SGD(lr=lr[:, None], momentum=mu)
    >>> traj = gdbook.descend(curve, opt, curve.start, 200)
    >>> drawn = plot.outcome_map(traj, lr, mu)
    >>> sum(len(c.get_paths()) for c in drawn.cells.values())
    24
    """
    _check_trajectory(traj)
    batch = _batch_shape(traj)
    if len(batch) != 2:
        msg = (
            "traj must hold a 2-d batch of runs (learning rate x momentum), "
            f"got batch shape {batch}"
        )
        raise ValueError(msg)
    given = {"lr": lr, "momentum": momentum}
    for name, value in given.items():
        if value is None:
            hyper = getattr(traj.optimizer, "hyperparameters", {})
            if name not in hyper or callable(hyper[name]):
                msg = f"{name} must be given: the optimizer has no {name} to read"
                raise ValueError(msg)
            given[name] = hyper[name]
    lrs = _grid_axis("lr", given["lr"], 0, batch)
    mus = _grid_axis("momentum", given["momentum"], 1, batch)
    outcomes = np.asarray(traj.outcome).astype(str)
    settled = np.asarray(getattr(traj, "settled_step", np.full(batch, -1)))
    # Sort both axes so cells are drawn in order.
    order_lr, order_mu = np.argsort(lrs), np.argsort(mus)
    lrs, mus = lrs[order_lr], mus[order_mu]
    outcomes = outcomes[np.ix_(order_lr, order_mu)]
    settled = settled[np.ix_(order_lr, order_mu)]
    x_edges, x_log = _edges(lrs)
    y_edges, _ = _edges(mus)
    if steps is None:
        steps = max(batch) <= 12

    with _axes(ax, (5.0, 4.0)) as axes:
        cells: dict[str, PatchCollection] = {}
        handles = []
        for outcome in sorted(set(outcomes.ravel()), key=_outcome_order):
            colour, hatch = _outcome_style(outcome)
            where = np.argwhere(outcomes == outcome)
            boxes = [
                Rectangle(
                    (x_edges[i], y_edges[j]),
                    x_edges[i + 1] - x_edges[i],
                    y_edges[j + 1] - y_edges[j],
                )
                for i, j in where
            ]
            hatch_colour = _mix(colour, "#ffffff", 0.55)
            collection = PatchCollection(
                boxes,
                facecolor=colour,
                edgecolor="none",
                hatch=hatch or None,
                linewidth=0,
                zorder=1,
            )
            collection.set_hatchcolor(hatch_colour)
            axes.add_collection(collection)
            cells[outcome] = collection
            label = "converged elsewhere" if outcome == "converged" else outcome
            proxy = Patch(
                facecolor=colour, edgecolor="none", hatch=hatch or None, label=label
            )
            proxy.set_hatchcolor(hatch_colour)
            handles.append(proxy)
        step_texts = []
        if steps:
            for i, j in zip(*np.nonzero(settled >= 0), strict=True):
                colour, _ = _outcome_style(outcomes[i, j])
                ink = "#000000" if _luminance(colour) > 0.18 else "#ffffff"
                x = (
                    np.sqrt(x_edges[i] * x_edges[i + 1])
                    if x_log
                    else (x_edges[i] + x_edges[i + 1]) / 2
                )
                text = axes.text(
                    x,
                    (y_edges[j] + y_edges[j + 1]) / 2,
                    str(int(settled[i, j])),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=ink,
                    # An outline in the cell's colour keeps digits clear of the hatch.
                    path_effects=[withStroke(linewidth=2.2, foreground=colour)],
                )
                _FIXED.add(text)
                step_texts.append(text)
        if x_log:
            axes.set_xscale("log")
        axes.set_xlim(x_edges[0], x_edges[-1])
        axes.set_ylim(y_edges[0], y_edges[-1])
        axes.set_xlabel(r"learning rate $\eta$")
        axes.set_ylabel(ylabel)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(True)
        drawn_legend = _legend_below(axes, handles)
        kinds, counts = np.unique(outcomes, return_counts=True)
        tally = sorted(
            zip(kinds, counts, strict=True), key=lambda kc: _outcome_order(str(kc[0]))
        )
        _add_alt(
            axes,
            f"Outcome map of {type(traj.optimizer).__name__} on "
            f"{_name(traj.landscape)} over {_count(lrs.size, 'learning rate')} "
            f"({_span(lrs)}) and {_count(mus.size, 'momentum value')} ({_span(mus)}), "
            f"{int(traj.steps)} steps each: "
            + ", ".join(f"{k} in {_count(int(c), 'run')}" for k, c in tally)
            + ".",
        )
        return OutcomeMap(cells, drawn_legend, step_texts)
