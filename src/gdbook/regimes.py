r"""Naming what a run did: diverged, oscillating, converged (to which minimum), descending.

Every run of a batch is judged on its own, from its last :data:`WINDOW`
positions (which :func:`gdbook.descend` keeps whatever it records), by the
trend of its motion over them rather than by how far it got: a verdict
changes with the step budget only where the dynamics do (a run still
contracting towards a minimum is descending until it is within tolerance,
then converged). With ``xtol`` = :data:`XTOL` times the widest side of the
landscape's domain, a step's length the largest of its coordinates' changes,
and a quarter's span the largest over the coordinates of the range of its
positions, the verdicts are tested in this order:

``"diverged"``
    Its position or loss stopped being finite; or it ended beyond
    :data:`ESCAPE` times the landscape's plotting domain (measured from the
    domain's centre, in units of its half-widths) and still moving away
    (that distance grew by more than :data:`RATE` a step over the window); or
    it is an oscillation that grows geometrically: it turns back at least
    :data:`TURNS` times (below), every step of the window is longer than the
    one before, over the second half of the window the step length grows by more
    than :data:`RATE` a step, and no slower than over the first half (a run
    gathering speed towards a steady pace grows ever more slowly; a
    divergence does not), once the window spans more than ``xtol``.
``"converged"``
    Each of its last :data:`SETTLE` positions lies within ``xtol`` of one
    local minimum. That is a listed minimum of the landscape if the run ends
    within ``xtol`` of one; otherwise, if those positions span at most
    ``2 * xtol``, the point that :data:`NEWTON` steps of Newton's method reach
    from its end, if the gradient vanishes there (the last Newton step is
    shorter than :data:`STATIONARY` times ``xtol``) and the Hessian is
    positive definite: a minimum whether it is listed or not. The search
    needs the full Hessian, so it is made on landscapes of at most
    :data:`NEWTON_DIM` weights only; on a larger one (the spiral network),
    whose minima are not listed, a run is never called converged.
``"oscillating"``
    Not contracting (below), and turning back at least :data:`TURNS` times
    in the window (a negative dot product of consecutive steps): it jumps to
    and fro at a constant amplitude, or irregularly from valley to valley.
``"descending"``
    Anything else: contracting but not yet settled, or moving on without
    turning back. A run contracts when the window, cut into four quarters,
    has each quarter's span smaller than the one before by more than
    :data:`RATE` a step.

Step lengths and spans have ``NOISE * xtol`` added (:data:`NOISE`), so that
the trends of a run at rest are ratios of lengths near that floor, not of
rounding errors. Within a rate of :data:`RATE` a step, an amplitude counts as
constant: a run contracting or growing more slowly than that is oscillating
(if it turns back) or descending (if it does not). An oscillation whose
period is longer than a quarter of the window may show no trend in it.

A converged run's minimum is ranked: 0 for a global minimum, else ``k`` for
the k-th local minimum counted from the start along the path. In 1D these are
the listed local minima between the start and the one it ended in (that one
included), counted from the start; in higher dimensions the listed local
minima are ordered by their distance from the start. A minimum that is not
listed is counted the same way, among the listed ones (a valley between
that no one listed is not counted), and is global if its loss is no higher
than the listed global minimum's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from gdbook.landscape import Landscape

# classify is descend's: it reads the run's last WINDOW steps, which only
# descend holds. Its verdict reaches the reader as the Trajectory's fields.
__all__ = [
    "ESCAPE",
    "NEWTON",
    "NEWTON_DIM",
    "NOISE",
    "RATE",
    "REGIMES",
    "SETTLE",
    "STATIONARY",
    "TURNS",
    "WINDOW",
    "XTOL",
]

Array = npt.NDArray[np.float64]

#: The regimes, in the order they are tested.
REGIMES = ("diverged", "converged", "oscillating", "descending")
#: Number of final positions a run is judged on (its last WINDOW - 1 steps).
WINDOW = 64
#: Number of final positions that must lie within tolerance of a minimum.
SETTLE = 16
#: Position tolerance, as a fraction of the widest side of the landscape's domain.
XTOL = 1e-3
#: How far beyond the domain a run has escaped, in half-widths from its centre.
ESCAPE = 10.0
#: A trend slower than this fraction a step counts as a constant amplitude.
RATE = 1e-3
#: How many times a run turns back in the window to be oscillating.
TURNS = 2
#: Lengths below this fraction of xtol are rounding, not motion.
NOISE = 1e-9
#: Newton steps taken to find an unlisted minimum near where a run ends.
NEWTON = 4
#: The largest landscape (in weights) on which unlisted minima are searched for.
NEWTON_DIM = 16
#: The last Newton step at a minimum is shorter than this fraction of xtol.
STATIONARY = 1e-6
#: How many runs are judged at once (bounds the memory a large sweep needs).
CHUNK = 8192


def classify(
    landscape: Landscape,
    *,
    start: Array,
    t: npt.NDArray[np.int64],
    x: Array,
    loss: Array,
    tail_t: npt.NDArray[np.int64],
    tail_x: Array,
    tail_loss: Array,
    diverged_step: npt.NDArray[np.int64],
) -> dict[str, Any]:
    """Judge every run of a batch, for :func:`gdbook.descend` (not public API).

    The verdicts are the fields ``regime``, ``minimum``, ``rank``,
    ``outcome``, ``settled_step`` and ``diverged_step`` of the
    :class:`~gdbook.Trajectory` that descend returns: read them there.

    Parameters
    ----------
    landscape : Landscape
    start : ndarray, shape ``(*B, dim)``
        Start points.
    t, x, loss : ndarray, shapes ``(n,)``, ``(n, *B, dim)``, ``(n, *B)``
        The recorded steps, positions and losses.
    tail_t, tail_x : ndarray, shapes ``(w,)``, ``(w, *B, dim)``
        The last ``w <= WINDOW`` steps and positions.
    tail_loss : ndarray, shape ``(2, *B)``
        The loss at the first and the last of those steps.
    diverged_step : ndarray of int, shape B
        The step at which each run's position turned non-finite, or -1.

    Returns
    -------
    dict
        ``regime``, ``minimum``, ``rank``, ``outcome``, ``settled_step`` and
        ``diverged_step``, each an array of shape ``B``.
    """
    # Runs that blew up overflow in the arithmetic below; their verdict is
    # "diverged" whatever it gives, so the warnings say nothing.
    batch = start.shape[:-1]
    n, dim = int(np.prod(batch)), start.shape[-1]
    # The batch flattened to one axis of n runs: the first axis of the arrays
    # of one entry per run...
    runs: dict[str, Any] = {
        "start": start.reshape(n, dim),
        "diverged_step": diverged_step.reshape(n),
    }
    # ...and the second of the recorded ones, after the axis of the steps.
    records: dict[str, Any] = {
        "x": x.reshape(len(t), n, dim),
        "loss": loss.reshape(len(t), n),
        "tail_x": tail_x.reshape(len(tail_t), n, dim),
        "tail_loss": tail_loss.reshape(2, n),
    }
    # A chunk of runs at a time: the arithmetic makes several arrays as large
    # as the tail, which a sweep of 10**5 runs would otherwise hold at once.
    parts = []
    with np.errstate(all="ignore"):
        for lo in range(0, max(n, 1), CHUNK):
            part = slice(lo, lo + CHUNK)
            chunk = {k: v[part] for k, v in runs.items()}
            chunk |= {k: v[:, part] for k, v in records.items()}
            parts.append(_classify(landscape, t, tail_t, **chunk))
    return {
        key: np.concatenate([p[key] for p in parts]).reshape(batch) for key in parts[0]
    }


def _classify(
    landscape: Landscape,
    t: npt.NDArray[np.int64],
    tail_t: npt.NDArray[np.int64],
    *,
    start: Array,
    x: Array,
    loss: Array,
    tail_x: Array,
    tail_loss: Array,
    diverged_step: npt.NDArray[np.int64],
) -> dict[str, Any]:
    """``classify`` for a batch of runs along one axis."""
    xtol = XTOL * float(np.max(np.ptp(landscape.domain, axis=-1)))
    # Steps shorter than this are rounding: adding it to every length keeps
    # the trends of a run at rest near 1 instead of ratios of rounding errors.
    noise = NOISE * xtol
    moves = np.diff(tail_x, axis=0)
    lengths = np.max(np.abs(moves), axis=-1) + noise  # (w - 1, n)

    # Diverged: non-finite somewhere, far beyond the domain and moving away,
    # or turning back with every step longer than the one before, at a steady
    # geometric rate (a run that speeds up without turning back is going
    # downhill, however steep).
    turns = np.count_nonzero(np.sum(moves[1:] * moves[:-1], axis=-1) < 0, axis=0)
    # Within tolerance a run is judged by where it is: a growth of rounding
    # errors about a minimum may yet die down or level off.
    spread = np.max(np.ptp(tail_x, axis=0), axis=-1)
    bad_loss = ~np.isfinite(loss)
    first_bad = np.where(bad_loss.any(axis=0), t[np.argmax(bad_loss, axis=0)], -1)
    diverged_step = np.where(
        (diverged_step < 0) | ((first_bad >= 0) & (first_bad < diverged_step)),
        first_bad,
        diverged_step,
    )
    centre = landscape.domain.mean(axis=-1)
    half = np.ptp(landscape.domain, axis=-1) / 2
    reach = np.max(np.abs(tail_x[[0, -1]] - centre) / half, axis=-1)  # window's ends
    # A bounded cycle beyond the radius is not escaping: the run must still
    # be moving away, by more than RATE a step.
    away = (1 + RATE) ** (len(tail_x) - 1)
    escaping = (reach[-1] > ESCAPE) & (reach[-1] > away * reach[0])
    diverged = (
        (diverged_step >= 0)
        | escaping
        | ~np.isfinite(tail_loss).all(axis=0)
        | (_growing(lengths) & (turns >= TURNS) & (spread > xtol))
    )

    # Converged: the last SETTLE positions within xtol of one minimum, listed
    # or found.
    last = tail_x[-SETTLE:]
    minimum, target = _nearest_minimum(landscape, last, xtol, ~diverged)
    near_all = (np.max(np.abs(last - target), axis=-1) <= xtol).all(axis=0)
    converged = ~diverged & np.isfinite(target).all(axis=-1) & near_all
    minimum[~converged] = -1
    target[~converged] = np.nan

    # Descending while the amplitude shrinks; oscillating while it holds (or
    # has no trend) and the run turns back; descending while it moves on.
    settling = ~diverged & ~converged
    oscillating = settling & ~_contracting(tail_x, noise) & (turns >= TURNS)

    code = np.select([diverged, converged, oscillating], [0, 1, 2], 3)
    regime = np.asarray(REGIMES)[code]
    rank = _rank(landscape, start, minimum, target, converged)
    settled = _settled_step(t, x, tail_t, tail_x, target, converged, xtol)
    outcome = _outcome(code, rank)
    diverged_step = np.where(diverged & (diverged_step < 0), -1, diverged_step)
    return {
        "regime": regime,
        "minimum": minimum,
        "rank": rank,
        "outcome": outcome,
        "settled_step": settled,
        "diverged_step": diverged_step,
    }


def _growing(lengths: Array) -> npt.NDArray[np.bool_]:
    """Runs whose step lengths (shape ``(steps, n)``) grow geometrically.

    Every step is longer than the one before, by more than :data:`RATE` a
    step over the second half of the window, and no slower there than over
    the first half (a run picking up speed towards a steady pace grows ever
    more slowly; a geometric divergence does not).
    """
    m = len(lengths)
    if m < 4:
        return np.zeros(lengths.shape[1:], dtype=bool)
    h = m // 2
    early = (lengths[h] / lengths[0]) ** (1 / h)
    late = (lengths[-1] / lengths[h]) ** (1 / (m - 1 - h))
    longer = (lengths[1:] > lengths[:-1]).all(axis=0)
    growing: npt.NDArray[np.bool_] = longer & (late > 1 + RATE) & (late >= early - RATE)
    return growing


def _contracting(tail_x: Array, noise: float) -> npt.NDArray[np.bool_]:
    """Runs whose amplitude shrinks by more than :data:`RATE` a step, steadily.

    The window is cut into four quarters; a quarter's amplitude is the span
    of its positions (the largest over the coordinates), which does not
    depend on the phase of an oscillation shorter than the quarter. Each
    quarter's span must be smaller than the one before by more than
    ``RATE`` a step: a run that has reached a steady cycle after a transient,
    or hops about without a trend, is not contracting.
    """
    q = len(tail_x) // 4
    if q < 2:
        return np.zeros(tail_x.shape[1:-1], dtype=bool)
    quarters = tail_x[len(tail_x) - 4 * q :].reshape(4, q, *tail_x.shape[1:])
    span = np.max(np.ptp(quarters, axis=1), axis=-1) + noise  # (4, n)
    shrinking: npt.NDArray[np.bool_] = np.all(
        span[1:] < span[:-1] * (1 - RATE) ** q, axis=0
    )
    return shrinking


def _nearest_minimum(
    landscape: Landscape, tail_x: Array, xtol: float, judged: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], Array]:
    """The minimum each run ended near: its index (-1 if unlisted) and position.

    A run that ends within ``xtol`` of a listed minimum ends there. Otherwise,
    if its last positions (``tail_x``) span at most ``2 xtol``, Newton's method from its end
    looks for a point where the gradient vanishes and the Hessian is positive
    definite: a local minimum, listed or not. Runs that end near neither get
    a position of NaN.
    """
    end = tail_x[-1]
    n, dim = end.shape
    minimum = np.full(n, -1)
    target = np.full((n, dim), np.nan)
    spots = np.array([m.x for m in landscape.minima]).reshape(-1, dim)
    if len(spots):
        gaps = np.max(np.abs(end[:, np.newaxis, :] - spots), axis=-1)  # (n, minima)
        nearest = np.argmin(gaps, axis=-1)
        listed = judged & (gaps[np.arange(n), nearest] <= xtol)
        minimum[listed] = nearest[listed]
        target[listed] = spots[nearest[listed]]
    compact = (np.ptp(tail_x, axis=0) <= 2 * xtol).all(axis=-1)
    search = np.flatnonzero(judged & (minimum < 0) & compact & (dim <= NEWTON_DIM))
    if len(search):
        found, ok = _newton(landscape, end[search], xtol)
        target[search[ok]] = found[ok]
        if len(spots):
            gaps = np.max(np.abs(found[:, np.newaxis, :] - spots), axis=-1)
            nearest = np.argmin(gaps, axis=-1)
            same = ok & (gaps[np.arange(len(search)), nearest] <= xtol)
            minimum[search[same]] = nearest[same]
            target[search[same]] = spots[nearest[same]]
    return minimum, target


def _newton(
    landscape: Landscape, x: Array, xtol: float
) -> tuple[Array, npt.NDArray[np.bool_]]:
    """:data:`NEWTON` steps of Newton's method from ``x``, shape ``(k, dim)``.

    Returns the points reached and which of them are local minima: the
    Hessian positive definite at every step, and the last step shorter than
    :data:`STATIONARY` times ``xtol``.
    """
    eye = np.eye(x.shape[-1])
    ok: npt.NDArray[np.bool_] = np.asarray(np.isfinite(x).all(axis=-1))
    step: Array = np.zeros_like(x)
    for _ in range(NEWTON):
        x = np.where(ok[:, np.newaxis], x, 0.0)
        hess = landscape.hessian(x)
        ok &= np.isfinite(hess).all(axis=(-2, -1))
        hess[~ok] = eye
        ok &= np.linalg.eigvalsh(hess)[:, 0] > 0
        hess[~ok] = eye
        step = np.linalg.solve(hess, landscape.grad(x)[..., np.newaxis])[..., 0].astype(
            np.float64, copy=False
        )
        x = x - step
    return x, ok & (np.max(np.abs(step), axis=-1) <= STATIONARY * xtol)


def _rank(
    landscape: Landscape,
    start: Array,
    minimum: npt.NDArray[np.int64],
    target: Array,
    converged: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int64]:
    """0 for a global minimum, k for the k-th local minimum from the start, -1 for none."""
    rank = np.full(minimum.shape, -1)
    listed = minimum >= 0
    kinds = np.array([m.kind == "global" for m in landscape.minima] + [False])
    is_global = kinds[np.where(listed, minimum, -1)]
    found = converged & ~listed
    lowest = [m.loss for m in landscape.minima if m.kind == "global"]
    if found.any() and lowest:
        tie = 1e-12 * max(1.0, abs(min(lowest)))
        is_global[found] = landscape.loss(target[found]) <= min(lowest) + tie
    rank[converged & is_global] = 0
    local = converged & ~is_global
    if not local.any():
        return rank
    spots = np.array([m.x for m in landscape.minima if m.kind == "local"])
    spots = spots.reshape(-1, landscape.dim)
    s, m = start[local], target[local]
    if landscape.dim == 1:
        lo, hi = np.minimum(s, m), np.maximum(s, m)
        between = (lo <= spots[:, 0]) & (spots[:, 0] <= hi)  # (runs, local minima)
        # A listed minimum lies in [lo, hi] and counts itself; a found one is
        # not in the list and is counted on top.
        rank[local] = np.sum(between, axis=-1) + ~listed[local]
    else:
        d_m = np.linalg.norm(s - m, axis=-1)
        d_spots = np.linalg.norm(s[:, np.newaxis, :] - spots, axis=-1)
        rank[local] = 1 + np.sum(d_spots < d_m[:, np.newaxis], axis=-1)
    return rank


def _settled_step(
    t: npt.NDArray[np.int64],
    x: Array,
    tail_t: npt.NDArray[np.int64],
    tail_x: Array,
    target: Array,
    converged: npt.NDArray[np.bool_],
    xtol: float,
) -> npt.NDArray[np.int64]:
    """The first step from which a converged run stays within xtol of its minimum."""
    steps = np.concatenate([t[t < tail_t[0]], tail_t])
    xs = np.concatenate([x[t < tail_t[0]], tail_x])
    far = np.max(np.abs(xs - target), axis=-1) > xtol
    # Index of the first record after the last one that was far away.
    last_far = len(steps) - 1 - np.argmax(far[::-1], axis=0)
    first_near = np.where(far.any(axis=0), last_far + 1, 0)
    settled = steps[np.minimum(first_near, len(steps) - 1)]
    return np.where(converged, settled, -1)


def _outcome(
    code: npt.NDArray[np.int64], rank: npt.NDArray[np.int64]
) -> npt.NDArray[np.str_]:
    """The regime in words, naming the minimum of a converged run."""
    words = [*REGIMES, "global minimum"]
    words += [f"local minimum {k}" for k in range(1, int(rank.max(initial=0)) + 1)]
    index = np.where(rank >= 0, len(REGIMES) + rank, code)
    return np.asarray(words)[index]
