"""Drawings of 2-d landscapes: contour maps, and runs over them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from gdbook._validate import check_int

if TYPE_CHECKING:
    from matplotlib.contour import QuadContourSet

    from gdbook.descend import Trajectory
    from gdbook.landscape import Landscape
from gdbook.plot._common import (
    Minima,
    _check_dim,
    _check_labels,
    _colours,
    _ends,
    _finite_part,
    _labels,
    _legend_below,
    _minima,
    _one,
    _runs,
)
from gdbook.plot.style import _SIZE_2D, NEUTRAL, PALETTE, _axes

__all__ = ["Contour2D", "Paths2D", "contour_2d", "paths_2d"]

Array = npt.NDArray[np.float64]


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
    try:
        given = np.asarray(levels, dtype=np.float64)
    except (TypeError, ValueError):
        given = np.empty(0)
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


def _check_widths(widths: Sequence[float] | None, n: int) -> list[float | None]:
    if widths is None:
        return [None] * n
    values = [float(w) for w in widths]
    if len(values) != n:
        msg = f"widths: one per run ({n}), got {len(values)}"
        raise ValueError(msg)
    if not all(np.isfinite(w) and w > 0 for w in values):
        msg = f"widths must be positive, got {values}"
        raise ValueError(msg)
    return list(values)


def paths_2d(
    traj: Trajectory | Sequence[Trajectory],
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    *,
    contours: bool = True,
    levels: int | npt.ArrayLike = 14,
    legend: bool | None = None,
    widths: Sequence[float] | None = None,
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
    widths : sequence of float, optional
        One line width per run, drawn without markers and with round ends.
        Runs that share a path hide one another; widths that shrink from one
        run to the next keep each one visible under those drawn after it.

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
        A landscape that is not 2-d, an empty list, labels or widths not one
        per run, a width that is not positive.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import landscapes, optim, plot
    >>> bowl = landscapes.ill_conditioned(10.0)
    >>> traj = gdbook.descend(bowl, optim.SGD(lr=[0.05, 0.18]), bowl.start, 50)
    >>> drawn = plot.paths_2d(traj)
    >>> len(drawn.paths), [t.get_text() for t in drawn.legend.get_texts()]
    (2, ['lr=0.05: ...', 'lr=0.18: ...'])
    >>> drawn = plot.paths_2d(traj, widths=[3.0, 1.5])
    >>> [path.get_linewidth() for path in drawn.paths]
    [3.0, 1.5]
    """
    runs = _runs(traj)
    landscape = runs[0][0].landscape
    _check_dim(landscape, "traj", 2)
    names = _check_labels(labels, len(runs))
    auto = names is None
    if names is None:
        names = _labels(runs)
    line_widths = _check_widths(widths, len(runs))
    with _axes(ax, _SIZE_2D) as axes:
        drawn_contours = None
        if contours:
            drawn_contours = Contour2D(*_contours(axes, landscape, levels, 200))
        paths, starts, ends = [], [], []
        for (parent, index), colour, name, width in zip(
            runs, _colours(len(runs)), names, line_widths, strict=True
        ):
            run = _one(parent, index)
            _, x, _ = _finite_part(run)
            # Far off the plot a diverging run would overflow display coordinates.
            domain = np.asarray(landscape.domain, dtype=np.float64)
            far = np.abs(x - domain.mean(axis=-1)) > 2 * np.ptp(domain, axis=-1)
            x = np.where(far.any(axis=-1, keepdims=True), np.nan, x)
            label = f"{name}: {run.outcome!s}" if auto else name
            line: dict[str, Any] = {
                "linewidth": 1.4,
                "marker": "o" if len(x) <= 120 else None,
            }
            if width is not None:
                line = {"linewidth": width, "marker": None, "solid_capstyle": "round"}
            (path,) = axes.plot(
                x[:, 0],
                x[:, 1],
                color=colour,
                zorder=3,
                label=label,
                markersize=2.6,
                **line,
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
        drawn_legend = None
        if legend or (legend is None and len(runs) <= len(PALETTE)):
            drawn_legend = _legend_below(axes, paths)
        return Paths2D(drawn_contours, paths, starts, ends, drawn_legend)
