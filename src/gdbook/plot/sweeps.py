"""Many learning rates in one picture: a sweep, a range test, an outcome map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from gdbook._validate import as_float_array, check_bool, check_finite, check_real
from gdbook.landscape import Landscape, check_landscape

if TYPE_CHECKING:
    from gdbook.descend import Trajectory
from gdbook.plot._common import (
    _batch_shape,
    _check_trajectory,
    _fmt,
    _in_range,
    _legend_below,
)
from gdbook.plot.style import NEUTRAL, PALETTE, _axes

__all__ = [
    "OutcomeMap",
    "RangeTest",
    "Sweep",
    "outcome_map",
    "range_test",
    "sweep",
    "valley_colours",
]

Array = npt.NDArray[np.float64]


_LOCAL_COLOURS = (PALETTE[0], PALETTE[5], PALETTE[6], PALETTE[3])
_OUTCOME_STYLE = {
    "global minimum": (PALETTE[2], ""),
    "oscillating": (PALETTE[4], "//"),
    "descending": (NEUTRAL, ""),
    "diverged": (PALETTE[1], "xx"),
}


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
    with _axes(ax) as axes:
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
                fontsize=10,
            )
        axes.set_xlabel(r"learning rate $\eta$")
        axes.set_ylabel("final loss")
        axes.grid(True, which="major", linewidth=0.6)
        if crosses is not None:
            axes.legend(loc="best")
        return Sweep(points, crosses, line, text)


class RangeTest(NamedTuple):
    """What :func:`range_test` drew."""

    loss: Line2D
    """The loss after each step of the test, against its learning rate."""
    smoothed: Line2D
    """The smoothed loss, against the learning rate."""
    marks: list[Line2D]
    """One dashed vertical line per mark, in the order given."""


_MARK_COLOURS = (PALETTE[1], NEUTRAL, PALETTE[3], PALETTE[4], PALETTE[5], PALETTE[6])


def range_test(
    test: Any,
    ax: Axes | None = None,
    *,
    floor: float = 0.0,
    marks: Mapping[str, float] | None = None,
    log_loss: bool = True,
) -> RangeTest:
    """Draw a learning-rate range test: its loss against its learning rate.

    The loss after each step of the test and its smoothed loss are drawn
    above ``floor`` against the learning rate of the step, on a log axis, with
    a dashed vertical line at each of ``marks`` (labelled ``"name = value"``
    for a legend).

    Parameters
    ----------
    test : LRRangeTest
        The result of :func:`gdbook.theory.lr_range_test`: ``lrs``,
        ``losses`` and ``smoothed``, each of shape ``(n,)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    floor : float
        Subtracted from the losses, such as the loss at the landscape's
        global minimum.
    marks : mapping of str to float, optional
        Learning rates to mark, by name, such as
        ``{"suggested": test.suggested_lr, "2/λ": threshold}``; at most 6.
    log_loss : bool
        Use a log scale for the loss too.

    Returns
    -------
    RangeTest
        The artists drawn.

    Raises
    ------
    TypeError
        ``test`` without ``lrs``, ``losses`` and ``smoothed``; ``floor`` not
        a number; ``marks`` not a mapping; ``log_loss`` not a bool.
    ValueError
        Arrays of different shapes or learning rates not finite and > 0;
        ``floor`` not finite; more than 6 marks, or one not finite and > 0.

    Examples
    --------
    >>> from gdbook import landscapes, optim, plot, theory
    >>> bowl = landscapes.quadratic(a=5.0)
    >>> test = theory.lr_range_test(bowl, optim.SGD, bowl.start)
    >>> drawn = plot.range_test(test, marks={"2/λ": 0.4})
    >>> drawn.marks[0].get_label(), drawn.loss.axes.get_xscale()
    ('2/λ = 0.4', 'log')
    """
    if not all(hasattr(test, a) for a in ("lrs", "losses", "smoothed")):
        msg = f"test must be the result of theory.lr_range_test, got test={test!r}"
        raise TypeError(msg)
    lrs = _positive_1d("test.lrs", test.lrs)
    losses = {}
    for name in ("losses", "smoothed"):
        losses[name] = as_float_array(f"test.{name}", getattr(test, name))
        if losses[name].shape != lrs.shape:
            msg = (
                f"test.{name} must have the shape of test.lrs {lrs.shape}, "
                f"got {losses[name].shape}"
            )
            raise ValueError(msg)
    floor = float(check_real("floor", floor, array=False))
    if marks is None:
        marks = {}
    # Annotations do not check what callers pass at run time.
    if not isinstance(cast("object", marks), Mapping):
        msg = f"marks must be a mapping of names to learning rates, got marks={marks!r}"
        raise TypeError(msg)
    if len(marks) > len(_MARK_COLOURS):
        msg = f"marks must hold at most {len(_MARK_COLOURS)} learning rates, got {len(marks)}"
        raise ValueError(msg)
    at = {
        str(k): float(check_real(f"marks[{k!r}]", v, gt=0, array=False))
        for k, v in marks.items()
    }
    log_loss = check_bool("log_loss", log_loss)
    with _axes(ax) as axes:
        (loss,) = axes.plot(
            lrs,
            _in_range(losses["losses"] - floor),
            color=PALETTE[0],
            linewidth=1.0,
            marker="o",
            markersize=2.5,
            label="loss",
        )
        (smoothed,) = axes.plot(
            lrs,
            _in_range(losses["smoothed"] - floor),
            color=PALETTE[2],
            linewidth=1.8,
            label="smoothed",
        )
        lines = [
            axes.axvline(
                lr,
                color=colour,
                linestyle="--",
                linewidth=1.1,
                label=f"{name} = {_fmt(lr)}",
            )
            for (name, lr), colour in zip(at.items(), _MARK_COLOURS, strict=False)
        ]
        axes.set(xscale="log", yscale="log" if log_loss else "linear")
        axes.set_xlabel(r"learning rate $\eta$")
        axes.grid(True, linewidth=0.6)
        return RangeTest(loss, smoothed, lines)


class OutcomeMap(NamedTuple):
    """What :func:`outcome_map` drew."""

    cells: dict[str, PatchCollection]
    """Outcome to the collection of its cells (one colour and hatch each)."""
    legend: Legend
    steps: list[Text]
    """The step each run settled at, written in its cell (empty unless ``steps``).

    Each has the gid ``"on-data"``: its colour is chosen for the cell under it."""


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
        # Past the fourth, colours come round again, hatched to tell them apart.
        turn = (k - 1) // len(_LOCAL_COLOURS)
        return _LOCAL_COLOURS[(k - 1) % len(_LOCAL_COLOURS)], ("", "\\\\", "--")[
            turn % 3
        ]
    return _OUTCOME_STYLE.get(outcome, (NEUTRAL, "++"))


_BEHIND, _FARTHER, _NOT_SETTLED = NEUTRAL, "#4d4d4d", "#d4d4d4"


def valley_colours(landscape: Landscape) -> list[tuple[str, str]]:
    """Name and colour the valleys of a 1-d landscape, in order along w.

    A valley is the stretch between two bump tops; the k-th holds the k-th
    listed minimum along w. It is named as :func:`gdbook.descend` names a run
    from ``landscape.start`` that settles there, and coloured as
    :func:`outcome_map` colours that outcome. The valleys on the far side of
    the start from the global minimum are ``"behind the start"`` (grey). Two
    names follow the valleys: ``"farther on"``, past the last one, and
    ``"not settled"``, for runs that end in none.

    Parameters
    ----------
    landscape : Landscape
        A 1-d landscape with a start and listed minima.

    Returns
    -------
    list of (str, str)
        ``len(landscape.minima) + 2`` pairs of a name and a colour: one per
        valley along w, then "farther on" and "not settled". A list, not a
        dict, because two valleys behind the start share a name.

    Raises
    ------
    TypeError
        ``landscape`` not a Landscape.
    ValueError
        ``landscape`` not 1-d, or without a start or listed minima.

    Examples
    --------
    >>> from gdbook import landscapes, plot
    >>> [name for name, colour in plot.valley_colours(landscapes.book_curve())]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['behind the start', 'local minimum 1', 'local minimum 2', 'local minimum 3',
     'global minimum', 'local minimum 4', 'farther on', 'not settled']
    """
    check_landscape(landscape)
    if landscape.dim != 1 or landscape.start is None or not landscape.minima:
        msg = (
            "landscape must be 1-d with a start and listed minima, got "
            f"dim={landscape.dim}, start={landscape.start}, "
            f"{len(landscape.minima)} minima"
        )
        raise ValueError(msg)
    start = float(landscape.start[0])
    minima = sorted(landscape.minima, key=lambda m: float(m.x[0]))
    at = np.array([float(m.x[0]) for m in minima])
    best = [float(m.x[0]) for m in minima if m.kind == "global"]
    ahead = 1.0 if not best or best[0] >= start else -1.0
    local = np.array([m.kind == "local" for m in minima])
    pairs = []
    for m, x in zip(minima, at, strict=True):
        if (x - start) * ahead < 0:
            pairs.append(("behind the start", _BEHIND))
            continue
        if m.kind == "global":
            name = "global minimum"
        else:
            # As regimes ranks a 1-d run: the local minima from the start to it.
            lo, hi = min(start, x), max(start, x)
            name = f"local minimum {int(np.sum(local & (at >= lo) & (at <= hi)))}"
        pairs.append((name, _outcome_style(name)[0]))
    return [*pairs, ("farther on", _FARTHER), ("not settled", _NOT_SETTLED)]


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
            proxy = Patch(
                facecolor=colour, edgecolor="none", hatch=hatch or None, label=outcome
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
                    fontsize=10,
                    color=ink,
                    # An outline in the cell's colour keeps digits clear of the hatch.
                    path_effects=[withStroke(linewidth=2.2, foreground=colour)],
                    # Coloured for the cell, not the page: see gdbook.plot.
                    gid="on-data",
                )
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
        return OutcomeMap(cells, drawn_legend, step_texts)
