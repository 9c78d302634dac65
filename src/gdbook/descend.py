"""The batched descent loop: run an optimizer over a landscape and record it.

One call runs a whole batch of independent runs: ``x0`` may carry any leading
batch axes, and every hyperparameter of the optimizer may be an array
broadcast against them, so a sweep over 10,000 learning rates, or a grid of
learning rate x momentum x start point, is one call to :func:`descend`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple, cast

import numpy as np
import numpy.typing as npt

from gdbook import regimes
from gdbook._validate import as_float_array, check_finite, check_int
from gdbook.landscape import Landscape, check_landscape
from gdbook.optim import Optimizer

__all__ = ["Trajectory", "descend"]

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Record = Literal["all", "final"] | int


@dataclass(frozen=True, eq=False)
class Trajectory:
    """What :func:`descend` recorded, and what each run did.

    With ``B`` the batch shape and ``n`` the number of records (``steps + 1``
    with ``record="all"``):

    Attributes
    ----------
    x : ndarray, shape ``(n, *B, dim)``
        Recorded positions; ``x[0]`` is the start point.
    loss : ndarray, shape ``(n, *B)``
        The loss at each recorded position.
    t : ndarray of int, shape (n,)
        The step index of each record.
    lr : ndarray, shape ``(n - 1, *B)``
        The learning rate of update ``t[i]`` (the one leading away from record ``i``).
    regime : ndarray of str, shape B
        ``"diverged"``, ``"oscillating"``, ``"converged"`` or ``"descending"``:
        see :mod:`gdbook.regimes` for the definitions and thresholds.
    minimum : ndarray of int, shape B
        Index into ``landscape.minima`` of the minimum a run converged to, else
        -1 (also for a minimum the landscape does not list).
    rank : ndarray of int, shape B
        0 for the global minimum, ``k >= 1`` for the k-th local minimum counted
        from the start along the path (listed or not), -1 when the run did not
        converge.
    outcome : ndarray of str, shape B
        The regime in words: ``"global minimum"``, ``"local minimum 3"``,
        ``"diverged"``, ``"oscillating"`` or ``"descending"``.
    settled_step : ndarray of int, shape B
        The first step from which a converged run stays within tolerance of
        its minimum (at the resolution of the recording), else -1.
    diverged_step : ndarray of int, shape B
        The step at which a run's position or loss stopped being finite, else
        -1. Its position is frozen at its last finite value from then on.
    landscape : Landscape
    optimizer : Optimizer
    steps : int
        The number of updates asked for.
    """

    x: Array
    loss: Array
    t: IntArray
    lr: Array
    regime: npt.NDArray[np.str_]
    minimum: IntArray
    rank: IntArray
    outcome: npt.NDArray[np.str_]
    settled_step: IntArray
    diverged_step: IntArray
    landscape: Landscape
    optimizer: Optimizer
    steps: int

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The batch shape ``B``."""
        return tuple(self.regime.shape)

    @property
    def final_x(self) -> Array:
        """The last recorded positions, shape ``(*B, dim)``."""
        final: Array = self.x[-1]
        return final

    @property
    def final_loss(self) -> Array:
        """The last recorded losses, shape ``B``."""
        final: Array = self.loss[-1]
        return final

    def __getitem__(self, index: Any) -> Trajectory:
        """The runs at ``index`` of the batch axes, as a Trajectory of their own.

        >>> import gdbook
        >>> from gdbook import landscapes, optim
        >>> traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=[0.5, 2.5]), [1.0], 50)
        >>> traj.batch_shape, traj[1].batch_shape
        ((2,), ())
        >>> str(traj[1].regime)
        'diverged'
        """
        index = index if isinstance(index, tuple) else (index,)
        over_records = (slice(None), *index)
        return replace(
            self,
            x=self.x[over_records],
            loss=self.loss[over_records],
            lr=self.lr[over_records],
            regime=self.regime[index],
            minimum=self.minimum[index],
            rank=self.rank[index],
            outcome=self.outcome[index],
            settled_step=self.settled_step[index],
            diverged_step=self.diverged_step[index],
        )

    def __len__(self) -> int:
        return len(self.regime) if self.regime.ndim else 1

    def __repr__(self) -> str:
        kinds, counts = np.unique(self.outcome, return_counts=True)
        summary = ", ".join(f"{c} {k}" for k, c in zip(kinds, counts, strict=True))
        return (
            f"Trajectory({self.optimizer!r} on {self.landscape.name}, steps={self.steps}, "
            f"batch_shape={self.batch_shape}: {summary})"
        )


def _record_steps(steps: int, record: object) -> IntArray:
    if record == "all":
        return np.arange(steps + 1)
    if record == "final":
        return np.array([0, steps]) if steps else np.array([0])
    if isinstance(record, str):
        msg = f"record must be 'all', 'final' or a whole number k >= 1, got record={record!r}"
        raise ValueError(msg)  # noqa: TRY004 - an unknown mode's name is a bad value
    if isinstance(record, bool) or not isinstance(record, int | np.integer):
        msg = f"record must be 'all', 'final' or a whole number k >= 1, got record={record!r}"
        raise TypeError(msg)
    if record < 1:
        msg = f"record must be 'all', 'final' or a whole number k >= 1, got record={record!r}"
        raise ValueError(msg)
    return np.unique(np.append(np.arange(0, steps + 1, record), steps))


def _start(landscape: Landscape, x0: Any) -> Array:
    start = as_float_array("x0", x0)
    if start.ndim == 0 and landscape.dim == 1:
        start = start[np.newaxis]
    if start.ndim == 0 or start.shape[-1] != landscape.dim:
        msg = (
            f"x0's last axis must have the landscape's dimension {landscape.dim}, "
            f"got x0 of shape {start.shape}"
        )
        raise ValueError(msg)
    return check_finite("x0", start, x0)


def descend(
    landscape: Landscape,
    optimizer: Optimizer,
    x0: Any,
    steps: int,
    record: Record = "all",
) -> Trajectory:
    """Run ``optimizer`` on ``landscape`` from ``x0`` for ``steps`` updates.

    Parameters
    ----------
    landscape : Landscape
        The loss and its gradient.
    optimizer : Optimizer
        One of :mod:`gdbook.optim`. Its hyperparameters may be arrays (of
        shape broadcast against the batch shape) or schedules.
    x0 : array_like, shape ``(*batch, dim)``
        Start points. The batch shape ``B`` of the result is the broadcast of
        ``x0.shape[:-1]`` and the shapes of the optimizer's array
        hyperparameters: ``x0=[-0.9]`` with ``lr`` of shape ``(10000,)`` is a
        sweep of 10,000 runs from one start. For a 1D landscape a scalar
        ``x0`` is a single start point.
    steps : int
        Number of updates, ``>= 0``.
    record : {"all", "final"} or int
        Which positions to keep: every step, the start and the end only, or
        every ``k``-th step (and the last). A sweep over many runs needs only
        ``"final"``; the regimes are judged the same way in every mode (from
        the last :data:`gdbook.regimes.WINDOW` positions, which are always
        kept).

    Returns
    -------
    Trajectory
        Positions of shape ``(n, *B, dim)``, losses ``(n, *B)``, learning rates
        ``(n - 1, *B)`` and, per run, its regime.

    Raises
    ------
    TypeError
        ``landscape`` or ``optimizer`` of the wrong type, a non-integer ``steps``.
    ValueError
        ``steps < 0``, an unknown ``record``, a non-finite ``x0`` or one whose
        last axis is not the landscape's dimension, shapes that do not
        broadcast, a schedule giving a value out of range.

    Notes
    -----
    A run whose position or loss turns non-finite is frozen at its last
    finite position from that step on, and no overflow warning escapes. Every
    other run is kept exactly as computed, so it matches torch.optim step by
    step. Losses are only evaluated where they are recorded, so when one
    overflows the whole batch is run a second time, watching losses, to find
    the step exactly: schedules must therefore be plain functions of the step.

    Examples
    --------
    >>> import numpy as np
    >>> import gdbook
    >>> from gdbook import landscapes, optim
    >>> curve = landscapes.quadratic(a=1.0)
    >>> traj = gdbook.descend(curve, optim.SGD(lr=np.array([0.1, 1.0, 2.5])), [1.0], 100)
    >>> traj.x.shape, traj.loss.shape, traj.lr.shape
    ((101, 3, 1), (101, 3), (100, 3))
    >>> traj.regime.tolist()
    ['converged', 'converged', 'diverged']
    >>> traj.settled_step.tolist()
    [56, 1, -1]
    """
    check_landscape(landscape)
    if not isinstance(cast("object", optimizer), Optimizer):
        msg = f"optimizer must be one of gdbook.optim's optimizers, got optimizer={optimizer!r}"
        raise TypeError(msg)
    steps = check_int("steps", steps, ge=0)
    t_rec = _record_steps(steps, record)
    start = _start(landscape, x0)
    try:
        batch = np.broadcast_shapes(start.shape[:-1], *optimizer.shapes())
    except ValueError:
        shapes = ", ".join(
            f"{k}: {s}"
            for k, s in zip(optimizer.hyperparameters, optimizer.shapes(), strict=True)
        )
        msg = f"x0's batch shape {start.shape[:-1]} does not broadcast with the hyperparameters' ({shapes})"
        raise ValueError(msg) from None

    # Positions are watched for turning non-finite as the run goes; losses
    # only where a first pass shows one overflowing (evaluating the loss costs
    # as much as a gradient), in a second pass that then freezes exactly.
    run = _run(landscape, optimizer, start, batch, steps, t_rec, watch_loss=False)
    if not (np.isfinite(run.loss).all() and np.isfinite(run.tail_loss).all()):
        run = _run(landscape, optimizer, start, batch, steps, t_rec, watch_loss=True)
    verdict = regimes.classify(
        landscape, start=run.x[0], t=t_rec, x=run.x, loss=run.loss,
        tail_t=run.tail_t, tail_x=run.tail_x, tail_loss=run.tail_loss,
        diverged_step=run.diverged_step,
    )  # fmt: skip
    return Trajectory(
        x=run.x,
        loss=run.loss,
        t=t_rec,
        lr=run.lr,
        landscape=landscape,
        optimizer=optimizer,
        steps=steps,
        **verdict,
    )


class _Run(NamedTuple):
    x: Array
    loss: Array
    lr: Array
    tail_t: IntArray
    tail_x: Array
    tail_loss: Array
    diverged_step: IntArray


def _run(
    landscape: Landscape,
    optimizer: Optimizer,
    start: Array,
    batch: tuple[int, ...],
    steps: int,
    t_rec: IntArray,
    *,
    watch_loss: bool,
) -> _Run:
    """The loop: every update, the records, the kept tail and the freezing."""
    x = np.array(np.broadcast_to(start, (*batch, landscape.dim)))
    g = np.empty_like(x)
    state = optimizer.init(x)
    xs = np.empty((len(t_rec), *x.shape))
    lrs = np.empty((len(t_rec) - 1, *batch))
    xs[0] = x
    # The last WINDOW positions are always kept: the regimes are judged on them,
    # and a run that turns non-finite is put back to its previous position.
    window = min(regimes.WINDOW, steps + 1)
    tail = np.empty((window, *x.shape))
    tail[0] = x
    frozen = np.zeros(batch, dtype=bool)
    frozen_at = np.zeros_like(x)
    diverged_step = np.full(batch, -1)
    h = optimizer.at(0) if optimizer.constant() else None
    next_rec = 1
    gradient = _gradient(landscape)
    # A position that turns non-finite stays so (inf and nan propagate through
    # every update), so looking every few steps finds each such run, and the
    # kept tail tells the step it turned; every record is looked at too.
    check_every = max(window - 1, 1)
    last_check = 0
    any_frozen = False
    with np.errstate(all="ignore"):
        for t in range(steps):
            h_t = h if h is not None else optimizer.at(t)
            if next_rec - 1 < len(lrs) and t == t_rec[next_rec - 1]:
                lr = h_t["lr"]
                lrs[next_rec - 1] = lr[..., 0] if isinstance(lr, np.ndarray) else lr
            if landscape.stochastic:  # a minibatch gradient: a function of the step
                landscape.grad_into(x, g, check=t == 0, step=t)  # type: ignore[call-arg]
            else:
                # The first step goes through the checked path, which validates
                # what a custom gradient returns; later steps skip the checks.
                (landscape.grad_into if t == 0 else gradient)(x, g)
            optimizer.update(x, g, state, t, h_t)
            if any_frozen:
                np.copyto(x, frozen_at, where=frozen[..., np.newaxis])
            tail[(t + 1) % window] = x
            due = next_rec < len(t_rec) and t + 1 == t_rec[next_rec]
            if due or t + 1 - last_check >= check_every or t + 1 == steps:
                ok = _finite(landscape, x, watch_loss=watch_loss)
                if not ok[~frozen].all():
                    _freeze(
                        landscape, x, ok, tail, last_check, t + 1,
                        frozen, frozen_at, diverged_step, watch_loss=watch_loss,
                    )  # fmt: skip
                    any_frozen = True
                last_check = t + 1
            if due:
                xs[next_rec] = x
                next_rec += 1
        # Runs are judged on their last WINDOW steps, the start excluded
        # unless no step was taken.
        judged = min(regimes.WINDOW, max(steps, 1))
        tail_t = np.arange(steps + 1 - judged, steps + 1)
        tail_x = _in_order(tail, tail_t % window)
        # One record at a time: a landscape may need far more memory per point
        # than the point itself (the spiral network holds its activations).
        losses = np.empty(xs.shape[:-1])
        for r, x_r in enumerate(xs):
            losses[r] = landscape.loss(x_r)
        # The regimes need the loss at the two ends of the tail only.
        tail_loss = landscape.loss(tail_x[[0, -1]])
    return _Run(xs, losses, lrs, tail_t, tail_x, tail_loss, diverged_step)


def _in_order(tail: Array, slots: IntArray) -> Array:
    """The kept positions at ``slots`` of the ring ``tail``, in that order.

    When the slots are all of the ring (a rotation), it is put in order in
    place, a slice of the runs at a time: a copy of a window of a sweep of
    10**5 runs would double the memory the window takes.
    """
    if len(slots) < len(tail):
        return tail[slots]
    flat = tail.reshape(len(tail), -1)
    for lo in range(0, flat.shape[1], regimes.CHUNK):
        flat[:, lo : lo + regimes.CHUNK] = flat[slots, lo : lo + regimes.CHUNK]
    return tail


def _gradient(landscape: Landscape) -> Callable[[Array, Array], object]:
    """The landscape's gradient into an array; descend checks shapes once, up front."""
    return functools.partial(landscape.grad_into, check=False)


def _finite(
    landscape: Landscape, x: Array, *, watch_loss: bool
) -> npt.NDArray[np.bool_]:
    """Which runs have a finite position (and, if watched, a finite loss there)."""
    ok = np.isfinite(x).all(axis=-1)
    if watch_loss:
        ok &= np.isfinite(landscape.loss(x))
    return np.asarray(ok)


def _freeze(
    landscape: Landscape,
    x: Array,
    ok: npt.NDArray[np.bool_],
    tail: Array,
    last: int,
    now: int,
    frozen: npt.NDArray[np.bool_],
    frozen_at: Array,
    diverged_step: IntArray,
    *,
    watch_loss: bool,
) -> None:
    """Freeze the runs that turned non-finite after step ``last`` where they last were finite.

    A run turns non-finite when its position does (or, if ``watch_loss``,
    its loss). ``ok`` says
    which runs are finite at step ``now``; ``tail`` holds the positions of
    steps ``now - len(tail) + 1 .. now`` (step ``s`` at ``s % len(tail)``),
    which include step ``last``, when every run not yet frozen was finite.
    """
    new = ~frozen & ~ok
    steps = np.arange(last, now + 1)
    slots = steps % len(tail)
    kept = tail[slots][:, new]  # (steps, runs, dim)
    finite = _finite(landscape, kept, watch_loss=watch_loss)
    # The first step that is not finite; steps[0] is, unless a run's loss is
    # not finite at its very start, which then is where it stays.
    turned = np.argmin(finite, axis=0)
    diverged_step[new] = last + turned
    frozen_at[new] = kept[np.maximum(turned - 1, 0), np.arange(kept.shape[1])]
    frozen |= new
    x[new] = frozen_at[new]
    for i, slot in enumerate(slots[1:], start=1):
        after = ~finite[i]
        runs = tail[slot][new]
        runs[after] = frozen_at[new][after]
        tail[slot][new] = runs
