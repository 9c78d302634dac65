r"""Learning-rate schedules: plain functions of the step index.

Each factory checks its arguments and returns a function ``schedule(t)`` giving
the learning rate of update ``t`` (0-based). Its values are those of the
``torch.optim.lr_scheduler`` class named in its docstring: ``schedule(t)`` is
the ``lr`` in torch's parameter group after ``t`` calls of
``scheduler.step()``, the lr that the ``(t + 1)``-th ``optimizer.step()`` uses.

Pass a schedule wherever an optimizer takes a hyperparameter::

    optim.SGD(lr=schedules.cosine(0.1, t_max=100))

``t`` is an ``int`` or an integer array (for plotting a whole lr curve at
once). Real parameters (``lr``, ``gamma``, ``eta_min``, ...) may be arrays;
integer ones (``step_size``, ``t_max``, ...) may not. The result has the
broadcast shape of ``t`` and the real parameters: with ``lr`` of shape ``(3,)``,
``schedule(np.arange(n)[:, None])`` has shape ``(n, 3)``. It is a Python
``float`` when ``t`` and all parameters are scalars, else a float64 array.

A schedule's ``__name__`` spells out its call, e.g.
``step(lr=0.1, step_size=30, gamma=0.1)``, so that optimizers print it.

Bad arguments raise ``TypeError`` or ``ValueError`` naming the parameter, the
value given and what is allowed. So does a bad ``t``: a negative one, a
non-integer one, or one past the end where torch raises (:func:`one_cycle`).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_bool, check_int, check_real

__all__ = [
    "constant",
    "cosine",
    "decaying",
    "exponential",
    "inverse_time",
    "linear",
    "multi_step",
    "one_cycle",
    "sequential",
    "stack",
    "step",
]

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Steps = int | npt.NDArray[np.integer[Any]]
Schedule = Callable[[Steps], float | Array]
Formula = Callable[[IntArray], Any]


def constant(lr: npt.ArrayLike) -> Schedule:
    r"""The same learning rate at every step.

    .. math:: \eta_t = \eta

    Parameters
    ----------
    lr : float or array
        Learning rate :math:`\eta > 0`.

    Returns
    -------
    schedule : callable
        ``schedule(t)``: ``lr`` broadcast against ``t``.

    Raises
    ------
    ValueError
        If ``lr`` is not finite and > 0.

    Notes
    -----
    torch: no scheduler at all, or equivalently::

        LambdaLR(optimizer, lambda t: 1.0)

    Examples
    --------
    >>> from gdbook import schedules
    >>> schedules.constant(0.1)(7)
    0.1
    """
    lr = check_real("lr", lr, gt=0)
    return _schedule(lambda t: lr + np.zeros(t.shape), "constant", lr=lr)


def step(lr: npt.ArrayLike, step_size: int, gamma: npt.ArrayLike) -> Schedule:
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` steps (StepLR).

    .. math:: \eta_t = \eta \, \gamma^{\lfloor t / s \rfloor}

    Parameters
    ----------
    lr : float or array
        Initial learning rate :math:`\eta > 0`.
    step_size : int
        Period :math:`s \ge 1` of the decay, in steps.
    gamma : float or array
        Factor :math:`\gamma > 0` (a decay when < 1).

    Returns
    -------
    schedule : callable
        ``schedule(t) = lr * gamma ** (t // step_size)``, shaped like ``t``
        broadcast against ``lr`` and ``gamma``.

    Raises
    ------
    ValueError
        ``lr`` or ``gamma`` not finite and > 0, or ``step_size < 1``.
    TypeError
        A ``step_size`` that is not an integer, or ``lr`` or ``gamma`` not real.

    Notes
    -----
    torch::

        StepLR(optimizer, step_size=s, gamma=gamma)  # optimizer made with lr

    Examples
    --------
    >>> from gdbook import schedules
    >>> lr = schedules.step(0.1, step_size=30, gamma=0.1)
    >>> lr(0), lr(29), lr(30), lr(60)
    (0.1, 0.1, 0.01, 0.001)
    >>> lr.__name__
    'step(lr=0.1, step_size=30, gamma=0.1)'
    """
    lr = check_real("lr", lr, gt=0)
    step_size = check_int("step_size", step_size, ge=1)
    gamma = check_real("gamma", gamma, gt=0)
    return _schedule(
        lambda t: lr * gamma ** (t // step_size),
        "step",
        lr=lr,
        step_size=step_size,
        gamma=gamma,
    )


def multi_step(
    lr: npt.ArrayLike, milestones: Iterable[int], gamma: npt.ArrayLike
) -> Schedule:
    r"""Multiply the learning rate by ``gamma`` at each milestone (MultiStepLR).

    .. math:: \eta_t = \eta \, \gamma^{\#\{i \,:\, m_i \le t\}}

    Parameters
    ----------
    lr : float or array
        Initial learning rate :math:`\eta > 0`.
    milestones : iterable of int
        Steps :math:`m_i \ge 1` at which the decay happens, in non-decreasing
        order. A milestone given twice decays twice (by :math:`\gamma^2`), as
        in torch, which counts repeats. No milestones gives a constant.
    gamma : float or array
        Factor :math:`\gamma > 0`.

    Returns
    -------
    schedule : callable
        ``schedule(t)``: ``lr`` times ``gamma`` to the number of milestones
        ``<= t``, shaped like ``t`` broadcast against ``lr`` and ``gamma``.

    Raises
    ------
    ValueError
        ``lr`` or ``gamma`` not finite and > 0, a milestone below 1, or
        milestones out of order (torch accepts any order; a decreasing list is
        a typo here).
    TypeError
        Milestones that are not integers, or ``lr`` or ``gamma`` not real.

    Notes
    -----
    torch::

        MultiStepLR(optimizer, milestones=[30, 80], gamma=gamma)

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import schedules
    >>> lr = schedules.multi_step(1.0, milestones=[2, 4], gamma=0.5)
    >>> lr(np.arange(6))
    array([1.  , 1.  , 0.5 , 0.5 , 0.25, 0.25])
    """
    lr = check_real("lr", lr, gt=0)
    ms = _milestones(milestones, strict=False)
    gamma = check_real("gamma", gamma, gt=0)
    return _schedule(
        lambda t: lr * gamma ** np.searchsorted(ms, t, side="right"),
        "multi_step",
        lr=lr,
        milestones=ms,
        gamma=gamma,
    )


def exponential(lr: npt.ArrayLike, gamma: npt.ArrayLike) -> Schedule:
    r"""Multiply the learning rate by ``gamma`` at every step (ExponentialLR).

    .. math:: \eta_t = \eta \, \gamma^t

    Parameters
    ----------
    lr : float or array
        Initial learning rate :math:`\eta > 0`.
    gamma : float or array
        Factor :math:`\gamma > 0`: a decay when < 1, a growth when > 1 (as in
        an lr range test). A growth that overflows gives ``inf``, as in torch.

    Returns
    -------
    schedule : callable
        ``schedule(t) = lr * gamma ** t``, shaped like ``t`` broadcast against
        ``lr`` and ``gamma``.

    Raises
    ------
    ValueError
        ``lr`` or ``gamma`` not finite and > 0.
    TypeError
        ``lr`` or ``gamma`` not a real number or an array of them.

    Notes
    -----
    torch::

        ExponentialLR(optimizer, gamma=gamma)

    Examples
    --------
    >>> from gdbook import schedules
    >>> schedules.exponential(0.1, gamma=0.5)(3)
    0.0125
    """
    lr = check_real("lr", lr, gt=0)
    gamma = check_real("gamma", gamma, gt=0)
    return _schedule(lambda t: lr * gamma**t, "exponential", lr=lr, gamma=gamma)


def inverse_time(lr: npt.ArrayLike, decay: npt.ArrayLike) -> Schedule:
    r"""1/t decay: the learning rate of the classic stochastic-approximation texts.

    .. math:: \eta_t = \frac{\eta}{1 + d\,t}

    This is *not* an exponential decay: the lr halves once, at
    :math:`t = 1/d`, and then falls like :math:`1/t`, so that
    :math:`\sum_t \eta_t` diverges while :math:`\sum_t \eta_t^2` converges.
    torch's ``Adagrad(lr_decay=d)`` decays its lr the same way.

    Parameters
    ----------
    lr : float or array
        Initial learning rate :math:`\eta > 0`.
    decay : float or array
        Decay rate :math:`d \ge 0` (0 gives a constant).

    Returns
    -------
    schedule : callable
        ``schedule(t) = lr / (1 + decay * t)``, shaped like ``t`` broadcast
        against ``lr`` and ``decay``.

    Raises
    ------
    ValueError
        ``lr`` not finite and > 0, or ``decay`` not finite and >= 0.
    TypeError
        ``lr`` or ``decay`` not a real number or an array of them.

    Notes
    -----
    torch has no class for it; the equivalent is::

        LambdaLR(optimizer, lambda t: 1 / (1 + decay * t))

    Examples
    --------
    >>> from gdbook import schedules
    >>> lr = schedules.inverse_time(0.1, decay=0.5)
    >>> lr(0), lr(2), lr(18)
    (0.1, 0.05, 0.01)
    """
    lr = check_real("lr", lr, gt=0)
    decay = check_real("decay", decay, ge=0)
    return _schedule(lambda t: lr / (1 + decay * t), "inverse_time", lr=lr, decay=decay)


def cosine(lr: npt.ArrayLike, t_max: int, eta_min: npt.ArrayLike = 0.0) -> Schedule:
    r"""Cosine annealing from ``lr`` down to ``eta_min`` in ``t_max`` steps.

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta - \eta_{\min})
        \left(1 + \cos\frac{\pi t}{T}\right)

    This is the closed form of ``CosineAnnealingLR``. torch's ``step()``
    computes the same curve recursively, each value from the previous one,
    :math:`\eta_{t} = \eta_{\min} + (\eta_{t-1} - \eta_{\min})
    \frac{1 + \cos(\pi t / T)}{1 + \cos(\pi (t-1) / T)}`; up to ``t_max`` the
    two agree to about 1e-13 relative.

    After ``t_max`` the curve does not stop at ``eta_min``: torch's ``step()``
    carries on (with a special case one step past each low, where the ratio
    above would divide by zero), the lr climbs back to ``lr`` at
    ``2 * t_max`` and the cosine repeats with period ``2 * t_max``. This
    function returns that periodic curve at every ``t``, as torch's own closed
    form does. Past the first low torch's recursion carries the rounding of
    the values it passed through near ``eta_min``, so the two then agree to
    about :math:`3 \cdot 10^{-17}\, T^2` relative (under 1e-12 for ``t_max``
    up to about 150). To hold ``eta_min`` after ``t_max`` instead, follow it with
    a constant: ``sequential([cosine(lr, T, e), constant(e)], [T])``.

    Parameters
    ----------
    lr : float or array
        Initial (largest) learning rate :math:`\eta > 0`.
    t_max : int
        Steps :math:`T \ge 1` to go from ``lr`` to ``eta_min``.
    eta_min : float or array
        Smallest learning rate, :math:`0 \le \eta_{\min} \le \eta`. torch
        accepts any value (even an ``eta_min`` above ``lr``, which anneals
        upwards); here it must lie between 0 and ``lr``.

    Returns
    -------
    schedule : callable
        ``schedule(t)``, the annealed lr above, shaped like ``t`` broadcast
        against ``lr`` and ``eta_min``.

    Raises
    ------
    ValueError
        ``lr`` not finite and > 0, ``t_max < 1``, or ``eta_min`` not finite
        or outside [0, ``lr``].
    TypeError
        A ``t_max`` that is not an integer, or ``lr`` or ``eta_min`` not real.

    Notes
    -----
    torch::

        CosineAnnealingLR(optimizer, T_max=t_max, eta_min=eta_min)

    Examples
    --------
    >>> from gdbook import schedules
    >>> lr = schedules.cosine(0.1, t_max=10)
    >>> lr(0), lr(5), lr(10), lr(20)
    (0.1, 0.05, 0.0, 0.1)
    """
    lr = check_real("lr", lr, gt=0)
    t_max = check_int("t_max", t_max, ge=1)
    eta_min = check_real("eta_min", eta_min, ge=0)
    if np.any(eta_min > lr):
        msg = (
            "eta_min must be <= lr (the lr anneals from lr down to eta_min), "
            f"got eta_min={_show(eta_min)} and lr={_show(lr)}"
        )
        raise ValueError(msg)
    return _schedule(
        lambda t: eta_min + (lr - eta_min) * (1 + np.cos(np.pi * t / t_max)) / 2,
        "cosine",
        lr=lr,
        t_max=t_max,
        eta_min=eta_min,
    )


def linear(
    lr: npt.ArrayLike,
    start_factor: npt.ArrayLike,
    end_factor: npt.ArrayLike = 1.0,
    total_iters: int = 5,
) -> Schedule:
    r"""Scale the learning rate by a factor going linearly from start to end (LinearLR).

    .. math::

        \eta_t = \eta \left( (1 - f_t)\, a + f_t\, b \right),
        \qquad f_t = \frac{\min(t, T)}{T}

    with start factor :math:`a` and end factor :math:`b`: a linear warm-up
    when :math:`a < b`, a linear decay when :math:`a > b`, constant at
    :math:`\eta b` from step :math:`T` on. (torch writes
    :math:`a + (b - a) f_t`; this form is exact at both ends, so
    ``end_factor=0`` gives an lr of exactly 0 from step :math:`T`, which
    an optimizer will refuse.)

    Parameters
    ----------
    lr : float or array
        Learning rate :math:`\eta > 0` that the factors multiply.
    start_factor : float or array
        Factor :math:`a \in (0, 1]` at step 0.
    end_factor : float or array
        Factor :math:`b \in [0, 1]` from step :math:`T` on.
    total_iters : int
        Steps :math:`T \ge 1` of the ramp.

    Returns
    -------
    schedule : callable
        ``schedule(t)``, shaped like ``t`` broadcast against the real parameters.

    Raises
    ------
    ValueError
        ``lr`` not finite and > 0, ``start_factor`` outside (0, 1],
        ``end_factor`` outside [0, 1], or ``total_iters < 1``.
    TypeError
        A ``total_iters`` that is not an integer, or ``lr`` or a factor not real.

    Notes
    -----
    torch::

        LinearLR(optimizer, start_factor=a, end_factor=b, total_iters=T)

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import schedules
    >>> lr = schedules.linear(0.1, start_factor=0.25, total_iters=3)
    >>> lr(np.arange(5))
    array([0.025, 0.05 , 0.075, 0.1  , 0.1  ])
    """
    lr = check_real("lr", lr, gt=0)
    start_factor = check_real("start_factor", start_factor, gt=0, le=1)
    end_factor = check_real("end_factor", end_factor, ge=0, le=1)
    total_iters = check_int("total_iters", total_iters, ge=1)

    def formula(t: IntArray) -> Any:
        f = np.minimum(t, total_iters) / total_iters
        return lr * ((1 - f) * start_factor + f * end_factor)

    return _schedule(
        formula,
        "linear",
        lr=lr,
        start_factor=start_factor,
        end_factor=end_factor,
        total_iters=total_iters,
    )


def one_cycle(
    max_lr: npt.ArrayLike,
    total_steps: int,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    div_factor: npt.ArrayLike = 25.0,
    final_div_factor: npt.ArrayLike = 1e4,
    three_phase: bool = False,
) -> Schedule:
    r"""The 1cycle policy: up to ``max_lr``, then far below the start (OneCycleLR).

    With :math:`\eta_0 = \eta_{\max} / \text{div\_factor}` and
    :math:`\eta_{\min} = \eta_0 / \text{final\_div\_factor}`, the lr goes

    - from :math:`\eta_0` up to :math:`\eta_{\max}` until step
      :math:`p T - 1`, then down to :math:`\eta_{\min}` at step :math:`T - 1`;
    - with ``three_phase``: up to :math:`\eta_{\max}` until :math:`p T - 1`,
      back down to :math:`\eta_0` at :math:`2 p T - 2`, then down to
      :math:`\eta_{\min}` at :math:`T - 1`,

    each phase from its start value :math:`u` to its end value :math:`v` as
    its fraction :math:`q` goes from 0 to 1: :math:`v + \tfrac12 (u - v)(1 +
    \cos \pi q)` (``"cos"``) or :math:`u + (v - u) q` (``"linear"``). Steps
    and phase ends are computed as torch computes them, so the values agree.

    ``t`` runs from 0 to ``total_steps``: as in torch, ``t = total_steps``
    (one past the cycle) still extends the last phase (with ``"linear"`` that
    value can be negative, which an optimizer refuses), and a larger ``t``
    raises ``ValueError``. Only the learning rate is scheduled: torch's
    ``OneCycleLR`` also cycles the momentum (``cycle_momentum``), which is not
    done here.

    Parameters
    ----------
    max_lr : float or array
        Peak learning rate :math:`\eta_{\max} > 0`.
    total_steps : int
        Length :math:`T \ge 1` of the cycle, in steps.
    pct_start : float
        Fraction :math:`p \in (0, 1)` of the cycle spent warming up. It may
        not make a phase last zero steps (:math:`p T = 1`, or
        :math:`2 p T = T + 1` with ``three_phase``), where torch divides by zero.
    anneal_strategy : {"cos", "linear"}
        Shape of each phase.
    div_factor : float or array
        :math:`\eta_{\max} / \eta_0 > 0`.
    final_div_factor : float or array
        :math:`\eta_0 / \eta_{\min} > 0`.
    three_phase : bool
        Use the three phases of the original paper instead of two.

    Returns
    -------
    schedule : callable
        ``schedule(t)`` for ``0 <= t <= total_steps``, shaped like ``t``
        broadcast against the real parameters.

    Raises
    ------
    ValueError, TypeError
        For a parameter out of range or of the wrong type; the schedule
        raises ``ValueError`` for ``t > total_steps``.

    Notes
    -----
    torch (with momentum cycling off, as here)::

        OneCycleLR(optimizer, max_lr=max_lr, total_steps=T, cycle_momentum=False)

    References
    ----------
    Smith and Topin (2019), "Super-convergence: very fast training of neural
    networks using large learning rates", arXiv:1708.07120.

    Examples
    --------
    >>> from gdbook import schedules
    >>> lr = schedules.one_cycle(1.0, total_steps=100, pct_start=0.25)
    >>> lr(0), lr(24), lr(99)
    (0.04, 1.0, 4e-06)
    """
    max_lr = check_real("max_lr", max_lr, gt=0)
    total_steps = check_int("total_steps", total_steps, ge=1)
    pct_start = float(check_real("pct_start", pct_start, gt=0, lt=1, array=False))
    if anneal_strategy not in ("cos", "linear"):
        msg = f"anneal_strategy must be 'cos' or 'linear', got anneal_strategy={anneal_strategy!r}"
        raise ValueError(msg)
    div_factor = check_real("div_factor", div_factor, gt=0)
    final_div_factor = check_real("final_div_factor", final_div_factor, gt=0)
    three_phase = check_bool("three_phase", three_phase)

    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    # Phase ends exactly as torch computes them, so that every step agrees.
    warm_end = float(pct_start * total_steps) - 1
    if three_phase:
        phases = [
            ("warm-up", warm_end, initial_lr, max_lr),
            ("cool-down", float(2 * pct_start * total_steps) - 2, max_lr, initial_lr),
            ("annihilation", total_steps - 1, initial_lr, min_lr),
        ]
    else:
        phases = [
            ("warm-up", warm_end, initial_lr, max_lr),
            ("annealing", total_steps - 1, max_lr, min_lr),
        ]
    starts = [0.0] + [end for _, end, _, _ in phases[:-1]]
    for (name, end, _, _), start in zip(phases, starts, strict=True):
        if end == start:
            msg = (
                f"pct_start={pct_start} with total_steps={total_steps} makes the "
                f"{name} phase of one_cycle zero steps long (torch's OneCycleLR "
                "divides by zero there); allowed: pct_start * total_steps != 1 and, "
                "with three_phase, 2 * pct_start * total_steps != total_steps + 1"
            )
            raise ValueError(msg)
    anneal = _anneal_cos if anneal_strategy == "cos" else _anneal_linear

    def formula(t: IntArray) -> Any:
        # torch takes the first phase whose end is >= t, else the last one.
        values = [
            anneal(u, v, (t - start) / (end - start))
            for (_, end, u, v), start in zip(phases, starts, strict=True)
        ]
        in_phase = [t <= end for _, end, _, _ in phases[:-1]]
        return np.select(in_phase, values[:-1], default=values[-1])

    return _schedule(
        formula,
        "one_cycle",
        last=total_steps,
        max_lr=max_lr,
        total_steps=total_steps,
        pct_start=pct_start,
        anneal_strategy=anneal_strategy,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
        three_phase=three_phase,
    )


def sequential(
    schedules_list: Sequence[Schedule], milestones: Iterable[int]
) -> Schedule:
    r"""One schedule after another, each restarted at its milestone (SequentialLR).

    .. math::

        \eta_t = S_i(t - m_i) \quad \text{for } m_i \le t < m_{i+1},
        \qquad m_0 = 0

    Schedule :math:`S_i` starts again from its own step 0 at milestone
    :math:`m_i`, as torch's ``SequentialLR`` restarts its ``i``-th scheduler.
    In torch every scheduler shares the optimizer's lr; here each schedule
    carries its own, so give them the same ``lr`` to match torch.

    Parameters
    ----------
    schedules_list : sequence of callables
        The schedules :math:`S_0, \dots, S_n` (at least one). For an array
        ``t`` each must accept arrays, as the ones of this module do.
    milestones : iterable of int
        Steps :math:`1 \le m_1 < \dots < m_n` at which the next schedule takes
        over: one fewer than the schedules.

    Returns
    -------
    schedule : callable
        ``schedule(t)``, shaped as the schedules' values for ``t``.

    Raises
    ------
    ValueError, TypeError
        For a schedule that is not callable, milestones that are not
        increasing integers >= 1, or the wrong number of milestones.

    Notes
    -----
    torch::

        warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5)
        decay = CosineAnnealingLR(optimizer, T_max=95)
        SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[5])

    Examples
    --------
    >>> from gdbook import schedules
    >>> warmup = schedules.linear(0.1, start_factor=0.1, total_iters=5)
    >>> lr = schedules.sequential([warmup, schedules.cosine(0.1, t_max=95)], [5])
    >>> lr(0), lr(4), lr(5), lr(100)
    (0.01, 0.082, 0.1, 0.0)
    """
    parts = _schedule_list(schedules_list)
    ms = _milestones(milestones, strict=True)
    if len(ms) != len(parts) - 1:
        msg = (
            "sequential needs one milestone fewer than schedules, got "
            f"{len(ms)} milestones={ms.tolist()} for {len(parts)} schedules"
        )
        raise ValueError(msg)
    offsets = [0, *ms.tolist()]

    def formula(t: IntArray) -> Any:
        if t.ndim == 0:
            i = bisect_right(offsets, int(t)) - 1
            return parts[i](int(t) - offsets[i])
        which = np.searchsorted(ms, t, side="right")
        # Every schedule is evaluated everywhere, at its own step 0 where it
        # is not the one in use, so that none sees a step outside its range.
        values = [
            s(np.where(which == i, t - offsets[i], 0)) for i, s in enumerate(parts)
        ]
        return np.select([which == i for i in range(len(values))], values)

    return _schedule(
        formula,
        "sequential",
        schedules_list=parts,
        milestones=ms,
    )


def _anneal_cos(start: Any, end: Any, pct: Any) -> Any:
    return end + (start - end) / 2.0 * (np.cos(np.pi * pct) + 1)


def _anneal_linear(start: Any, end: Any, pct: Any) -> Any:
    return (end - start) * pct + start


def _schedule(
    formula: Formula, name: str, *, last: int | None = None, **params: Any
) -> Schedule:
    """Wrap ``formula`` (of an int64 array ``t``) into a checked, named schedule."""
    label = f"{name}({', '.join(f'{k}={_show(v)}' for k, v in params.items())})"
    real_shapes = [
        np.shape(v)
        for v in params.values()
        if isinstance(v, float) or (isinstance(v, np.ndarray) and v.dtype.kind == "f")
    ]
    # None for sequential, whose schedules each handle a single step themselves.
    shape = np.broadcast_shapes(*real_shapes) if real_shapes else None

    def schedule(t: Steps) -> float | Array:
        steps = _steps(t, label, last)
        # numpy computes a power of a 0-d array by another route than an
        # array's, a difference in the last digit: one step goes as an array
        # of one, so that schedule(t) == schedule(array of t)[i] exactly.
        one = shape is not None and steps.ndim == 0
        # A growing lr may overflow: inf is the honest value (torch's too), and
        # the optimizer using it reports it with the step and the parameter.
        with np.errstate(over="ignore"):
            value = np.asarray(
                formula(steps.reshape(1) if one else steps), dtype=np.float64
            )
        if one:
            value = value.reshape(shape)
        return float(value) if value.ndim == 0 else value

    schedule.__name__ = schedule.__qualname__ = label
    return schedule


def _steps(t: object, label: str, last: int | None) -> IntArray:
    """Check a step index: an int or an integer array, >= 0 (and <= last)."""
    steps = np.asarray(t)
    if isinstance(t, bool) or steps.dtype.kind not in "iu":
        got = f"t={t!r}" if steps.ndim == 0 else f"an array of dtype {steps.dtype}"
        msg = f"t must be an integer step index or an array of them, got {got}"
        raise TypeError(msg)
    if steps.size and steps.min() < 0:
        msg = f"t must be >= 0 (the 0-based index of an update), got t={steps.min()}"
        raise ValueError(msg)
    if last is not None and steps.size and steps.max() > last:
        msg = (
            f"t must be <= {last} for {label} (torch raises past the end of the "
            f"cycle), got t={steps.max()}"
        )
        raise ValueError(msg)
    return steps.astype(np.int64)


def _schedule_list(value: object) -> list[Callable[[Any], Any]]:
    """Check the schedules given to :func:`sequential`: a non-empty list of callables."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        msg = (
            f"schedules_list must be a list of schedules, got schedules_list={value!r}"
        )
        raise TypeError(msg)
    if not value:
        msg = "schedules_list must hold at least one schedule, got schedules_list=[]"
        raise ValueError(msg)
    for i, s in enumerate(value):
        if not callable(s):
            msg = f"schedules_list[{i}] must be a schedule (a callable of t), got {s!r}"
            raise TypeError(msg)
    return list(value)


def _milestones(milestones: object, *, strict: bool) -> IntArray:
    """Check milestones: integers >= 1, increasing (or non-decreasing)."""
    if isinstance(milestones, str | bytes | Mapping | AbstractSet) or not isinstance(
        milestones, Iterable
    ):
        msg = f"milestones must be a list of integers, got milestones={milestones!r}"
        raise TypeError(msg)
    ms = [check_int(f"milestones[{i}]", m, ge=1) for i, m in enumerate(milestones)]
    order = "increasing" if strict else "non-decreasing"
    if any(b < a or (strict and b == a) for a, b in itertools.pairwise(ms)):
        msg = f"milestones must be {order}, got milestones={ms}"
        raise ValueError(msg)
    return np.array(ms, dtype=np.int64)


def _show(value: Any) -> str:
    """A parameter as a schedule's name shows it."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iu":
            return str(value.tolist())
        return f"array(shape={value.shape})"
    if isinstance(value, list):
        return f"[{', '.join(_show(v) for v in value)}]"
    if callable(value):
        return str(getattr(value, "__name__", repr(value)))
    return repr(value)


# Combinations of the schedules above live in a module of their own; they are
# part of this one's public face. (Imported last: they are built from it.)
from gdbook._schedule_sets import decaying, stack
