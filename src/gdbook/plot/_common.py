"""What the drawing functions share: reading runs, labelling them, marking minima."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

if TYPE_CHECKING:
    from gdbook.descend import Trajectory
    from gdbook.landscape import Landscape
from gdbook.plot.style import NEUTRAL, PALETTE, STEP_CMAP

Array = npt.NDArray[np.float64]


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


def _check_dim(landscape: Any, name: str, dim: int) -> None:
    if getattr(landscape, "dim", None) != dim:
        msg = (
            f"{name} must be on a {dim}-d landscape, got one of dimension "
            f"{getattr(landscape, 'dim', None)}"
        )
        raise ValueError(msg)
