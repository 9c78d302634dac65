"""Curves against the step: the loss of runs, the learning rate of schedules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from gdbook._validate import check_int

if TYPE_CHECKING:
    from gdbook.descend import Trajectory
from gdbook.plot._common import (
    _check_labels,
    _colours,
    _finite_part,
    _global_loss,
    _in_range,
    _labels,
    _legend_below,
    _one,
    _runs,
)
from gdbook.plot.style import PALETTE, _axes

__all__ = ["LossCurve", "LrCurves", "loss_curve", "lr_curves"]

Array = npt.NDArray[np.float64]


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
    with _axes(ax) as axes:
        lines = []
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
        if log and any_positive:
            axes.set_yscale("log")
        axes.set_xlabel("step $t$")
        axes.set_ylabel("$L(w_t) - L^*$" if subtract_any else "$L(w_t)$")
        axes.grid(True, which="major", linewidth=0.6)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        drawn_legend = _legend_below(axes, lines) if show_legend else None
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
    with _axes(ax) as axes:
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
        return LrCurves(lines, drawn_legend)
