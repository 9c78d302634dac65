"""Combinations of gdbook's schedules: several side by side, and the book's set.

Reached as :func:`gdbook.schedules.stack` and :func:`gdbook.schedules.decaying`;
:mod:`gdbook.schedules` holds the schedules themselves, each equal to one of
torch's schedulers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_int
from gdbook.schedules import (
    IntArray,
    Schedule,
    _schedule,
    _schedule_list,
    cosine,
    exponential,
    inverse_time,
    linear,
    one_cycle,
    sequential,
    step,
)

__all__ = ["decaying", "stack"]


def stack(schedules_list: Sequence[Schedule]) -> Schedule:
    r"""Several schedules side by side: their values along a new last axis.

    One optimizer given the stacked schedule runs every schedule at once, one
    run per schedule along the last batch axis.

    Parameters
    ----------
    schedules_list : sequence of callables
        The schedules (at least one), whose values for a step broadcast
        together to one shape ``S``.

    Returns
    -------
    schedule : callable
        ``schedule(t)`` of shape ``(*np.shape(t), *S, k)`` for ``k`` schedules.

    Raises
    ------
    ValueError, TypeError
        For an empty list or a schedule that is not callable.

    Examples
    --------
    >>> from gdbook import schedules
    >>> both = schedules.stack([schedules.constant(0.1), schedules.step(0.1, 2, 0.5)])
    >>> both(3).tolist()
    [0.1, 0.05]
    >>> both(np.arange(4)).shape
    (4, 2)
    """
    parts = _schedule_list(schedules_list)

    def formula(t: IntArray) -> Any:
        return np.stack(
            np.broadcast_arrays(*(np.asarray(s(t)) for s in parts)), axis=-1
        )

    return _schedule(formula, "stack", schedules_list=parts)


def decaying(lr: npt.ArrayLike, steps: int, *, warmup: int = 5) -> dict[str, Schedule]:
    r"""Six schedules that fall from a peak, as the book compares them.

    Inverse time (decay 0.015), step (halved every 40 steps), exponential
    (0.985 a step), cosine to 0 over ``steps``, a linear warm-up from a tenth
    of the peak over ``warmup`` steps followed by cosine over the rest, and
    one-cycle with its peak a tenth of the way through.

    Parameters
    ----------
    lr : float or array_like
        The peak learning rate, positive; an array gives a batch of peaks.
    steps : int
        The length of the runs, >= 2: cosine and one-cycle end there.
    warmup : int
        The warm-up's length, from 1 to ``steps - 1``.

    Returns
    -------
    dict of str to callable
        ``"inverse time"``, ``"step"``, ``"exponential"``, ``"cosine"``,
        ``"warm-up + cosine"`` and ``"one-cycle"``, in this order, each
        shaped like ``lr``.

    Raises
    ------
    ValueError, TypeError
        For ``steps`` or ``warmup`` out of range or not integers, or an ``lr``
        that the schedules refuse.

    Examples
    --------
    >>> from gdbook import schedules
    >>> six = schedules.decaying(1.0, 300)
    >>> {name: round(s(299), 3) for name, s in six.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'inverse time': 0.182, 'step': 0.008, 'exponential': 0.011, 'cosine': 0.0,
     'warm-up + cosine': 0.0, 'one-cycle': 0.0}
    """
    steps = check_int("steps", steps, ge=2)
    warmup = check_int("warmup", warmup, ge=1)
    if warmup >= steps:
        msg = f"warmup must be below steps={steps}, got warmup={warmup}"
        raise ValueError(msg)
    warm = linear(lr, start_factor=0.1, total_iters=warmup)
    return {
        "inverse time": inverse_time(lr, decay=0.015),
        "step": step(lr, step_size=40, gamma=0.5),
        "exponential": exponential(lr, gamma=0.985),
        "cosine": cosine(lr, t_max=steps),
        "warm-up + cosine": sequential(
            [warm, cosine(lr, t_max=steps - warmup)], milestones=[warmup]
        ),
        "one-cycle": one_cycle(lr, total_steps=steps, pct_start=0.1),
    }
