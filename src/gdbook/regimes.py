r"""Naming what a run did: diverged, oscillating, converged (to which minimum), descending.

Every run of a batch is judged on its own, from its last :data:`WINDOW`
steps (which :func:`gdbook.descend` keeps whatever it records), in this order:

``"diverged"``
    Its position or loss stopped being finite, or it ended beyond
    :data:`ESCAPE` times the landscape's plotting domain (measured from the
    domain's centre, in units of its half-widths) and still moving away.
``"converged"``
    Each of its last :data:`WINDOW` positions lies within ``xtol`` of the
    same known minimum, where ``xtol`` is :data:`XTOL` times the widest side
    of the landscape's domain. A run that comes to rest (steps below
    ``xtol / 100``, and a slope below :data:`FLAT` times its slope at the
    start) at a point that is no known minimum is also ``"converged"``, with
    ``minimum = -1``.
``"oscillating"``
    Not settled, and at least :data:`REVERSALS` of its last steps turn back
    on the one before (a negative dot product of consecutive steps), or its
    loss is no lower at the end of the window than at its start: it jumps to
    and fro across a minimum, or from valley to valley.
``"descending"``
    Anything else: still on its way downhill when the steps ran out.

A converged run's minimum is ranked: 0 for a global minimum, else ``k`` for
the k-th local minimum counted from the start along the path. In 1D these are
the local minima between the start and the one it ended in (that one
included), counted from the start; in higher dimensions the local minima
are ordered by their distance from the start.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from gdbook.landscape import Landscape

# classify is descend's: it reads the run's last WINDOW steps, which only
# descend holds. Its verdict reaches the reader as the Trajectory's fields.
__all__ = ["ESCAPE", "FLAT", "REGIMES", "REVERSALS", "WINDOW", "XTOL"]

Array = npt.NDArray[np.float64]

#: The regimes, in the order they are tested.
REGIMES = ("diverged", "converged", "oscillating", "descending")
#: Number of final steps a run is judged on.
WINDOW = 16
#: Position tolerance, as a fraction of the widest side of the landscape's domain.
XTOL = 1e-3
#: How far beyond the domain a run has escaped, in half-widths from its centre.
ESCAPE = 10.0
#: The fraction of the last steps that must turn back for a run to oscillate.
REVERSALS = 0.5
#: A run at rest has a slope below this fraction of its slope at the start.
FLAT = 1e-3
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
    batch = start.shape[:-1]
    xtol = XTOL * float(np.max(np.ptp(landscape.domain, axis=-1)))

    # Diverged: non-finite somewhere, or far beyond the domain and moving away.
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
    escaping = (reach[-1] > ESCAPE) & (reach[-1] >= reach[0])
    diverged = (diverged_step >= 0) | escaping | ~np.isfinite(tail_loss).all(axis=0)

    # Converged: the whole window near one known minimum, or at rest.
    # The minimum nearest each run's end, then whether the whole window stayed
    # near it (the window is read once, not once per minimum).
    minimum = np.full(batch, -1)
    near_all = np.zeros(batch, dtype=bool)
    if landscape.minima:
        spots = np.array([m.x for m in landscape.minima])  # (minima, dim)
        gaps = np.max(np.abs(tail_x[-1][..., np.newaxis, :] - spots), axis=-1)
        nearest = np.argmin(gaps, axis=-1)
        ends_near = (
            np.take_along_axis(gaps, nearest[..., np.newaxis], -1)[..., 0] <= xtol
        )
        window = tail_x[:, ends_near] - spots[nearest[ends_near]]
        near_all[ends_near] = (np.max(np.abs(window), axis=-1) <= xtol).all(axis=0)
        minimum[near_all] = nearest[near_all]
    moves = np.diff(tail_x, axis=0)
    # At rest: hardly moving, where the slope has all but vanished (a run that
    # merely crawls, with a tiny learning rate, is still descending).
    slope_end = np.linalg.norm(landscape.grad(tail_x[-1]), axis=-1)
    slope_start = np.linalg.norm(landscape.grad(start), axis=-1)
    at_rest = (slope_end <= FLAT * slope_start) | (slope_end == 0)
    if len(moves):
        at_rest &= (np.max(np.abs(moves), axis=-1) <= xtol / 100).all(axis=0)
    converged = ~diverged & (near_all | at_rest)
    minimum[~converged] = -1

    # Oscillating: consecutive steps turn back on each other, or the loss made
    # no progress over the window (a run bouncing from valley to valley).
    turns = np.sum(moves[1:] * moves[:-1], axis=-1) < 0
    to_and_fro = np.count_nonzero(turns, axis=0) >= REVERSALS * max(len(turns), 1)
    stalled = tail_loss[-1] >= tail_loss[0] if len(moves) else False
    oscillating = ~diverged & ~converged & (to_and_fro | stalled)

    code = np.select([diverged, converged, oscillating], [0, 1, 2], 3)
    regime = np.asarray(REGIMES)[code]
    rank = _rank(landscape, start, minimum)
    settled = _settled_step(landscape, t, x, tail_t, tail_x, minimum, converged, xtol)
    outcome = _outcome(code, rank, len(landscape.minima))
    diverged_step = np.where(diverged & (diverged_step < 0), -1, diverged_step)
    return {
        "regime": regime,
        "minimum": minimum,
        "rank": rank,
        "outcome": outcome,
        "settled_step": settled,
        "diverged_step": diverged_step,
    }


def _rank(
    landscape: Landscape, start: Array, minimum: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """0 for a global minimum, k for the k-th local minimum from the start, -1 for none."""
    rank = np.full(minimum.shape, -1)
    for i, m in enumerate(landscape.minima):
        here = minimum == i
        if not here.any():
            continue
        if m.kind == "global":
            rank[here] = 0
            continue
        locals_ = [mm.x for mm in landscape.minima if mm.kind == "local"]
        if landscape.dim == 1:
            s = start[here][..., 0]
            lo, hi = np.minimum(s, m.x[0]), np.maximum(s, m.x[0])
            between = [(lo <= p[0]) & (p[0] <= hi) for p in locals_]
            # Counts the minimum it ended in, which always lies in [lo, hi].
            rank[here] = np.sum(between, axis=0)
        else:
            d_m = np.linalg.norm(start[here] - m.x, axis=-1)
            rank[here] = 1 + np.sum(
                [np.linalg.norm(start[here] - p, axis=-1) < d_m for p in locals_],
                axis=0,
            )
    return rank


def _settled_step(
    landscape: Landscape,
    t: npt.NDArray[np.int64],
    x: Array,
    tail_t: npt.NDArray[np.int64],
    tail_x: Array,
    minimum: npt.NDArray[np.int64],
    converged: npt.NDArray[np.bool_],
    xtol: float,
) -> npt.NDArray[np.int64]:
    """The first step from which a converged run stays within xtol of where it ended."""
    steps = np.concatenate([t[t < tail_t[0]], tail_t])
    xs = np.concatenate([x[t < tail_t[0]], tail_x])
    target = np.where(
        (minimum >= 0)[..., np.newaxis],
        np.array([m.x for m in landscape.minima] or [np.zeros(landscape.dim)])[
            np.maximum(minimum, 0)
        ],
        tail_x[-1],
    )
    far = np.max(np.abs(xs - target), axis=-1) > xtol
    # Index of the first record after the last one that was far away.
    last_far = len(steps) - 1 - np.argmax(far[::-1], axis=0)
    first_near = np.where(far.any(axis=0), last_far + 1, 0)
    settled = steps[np.minimum(first_near, len(steps) - 1)]
    return np.where(converged, settled, -1)


def _outcome(
    code: npt.NDArray[np.int64], rank: npt.NDArray[np.int64], n_minima: int
) -> npt.NDArray[np.str_]:
    """The regime in words, naming the minimum of a converged run."""
    words = [*REGIMES, "global minimum"]
    words += [f"local minimum {k}" for k in range(1, n_minima + 1)]
    index = np.where(rank >= 0, len(REGIMES) + rank, code)
    return np.asarray(words)[index]
