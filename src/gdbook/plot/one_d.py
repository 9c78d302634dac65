"""Drawings of 1-d landscapes: the loss curve, a run on it, a run and its loss."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import Normalize
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:
    from matplotlib.colorbar import Colorbar

    from gdbook.descend import Trajectory
    from gdbook.landscape import Landscape
from gdbook.plot._common import (
    Minima,
    _batch_shape,
    _check_dim,
    _check_trajectory,
    _ends,
    _finite_part,
    _minima,
    _one,
    _run_result,
)
from gdbook.plot.curves import LossCurve, loss_curve
from gdbook.plot.style import NEUTRAL, STEP_CMAP, _axes, _check_axes, _new_figure

__all__ = [
    "Landscape1D",
    "Path1D",
    "PathAndLoss",
    "landscape_1d",
    "path_1d",
    "path_and_loss",
]

Array = npt.NDArray[np.float64]


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
    with _axes(ax) as axes:
        low, high = (float(v) for v in landscape.domain[0])
        curve, _ = _curve(axes, landscape, low, high)
        minima = _minima(axes, landscape, on_curve=True)
        if legend and any(minima):
            axes.legend(handles=[m for m in minima if m is not None], loc="best")
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

    with _axes(ax) as axes:
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
