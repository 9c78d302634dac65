"""What an explorer draws, computed by gdbook: its runs and their JSON payload.

Pure computation, no Sphinx: ``book_explorer`` turns the directive's options
into a spec (:func:`explorer_spec.make_spec`) and the spec into the JSON
file the browser fetches (:func:`explorer_data`); ``explorer_animation``
draws one run of a spec step by step. ``docs/design.md`` (The explorers and
the step animation) says why each piece is as it is.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from explorer_spec import AXES, _landscape, _optimizer_class, sig

__all__ = ["dumps", "explorer_data", "explorer_runs"]

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
    # Room below the lowest minimum for its name.
    return x, [sig(low - 0.2 * span), sig(high + 0.08 * span)]


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
            columns[key].append(sig(value) if math.isfinite(value) else None)

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
                "scale": scale,
            }
            for (name, values), scale in zip(
                spec["axes"],
                spec.get("scales", ["linear"] * len(spec["axes"])),
                strict=True,
            )
        ],
        "view": {"x": [x_lo, x_hi], "y": [y_lo, y_hi]},
        "curve": {
            "x0": x_lo,
            "dx": sig(dx, 12),
            "y": [sig(float(v)) for v in curve],
        },
        "minima": [
            [sig(float(m.x[0]), 6), sig(float(m.loss)), m.kind]
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


def dumps(data: Any) -> bytes:
    """The JSON bytes: sorted keys, no spaces, floats as Python writes them."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()
