r"""What theory says about learning rates: the stability threshold, the LR range test.

Near a minimum a landscape is close to its quadratic model, and gradient
descent on :math:`\lambda x^2 / 2` multiplies :math:`x` by
:math:`1 - \eta\lambda` at every step: it converges iff
:math:`0 < \eta\lambda < 2`. :func:`stability_threshold` turns the largest
curvature at a point into that bound on the learning rate.
:func:`lr_range_test` finds a learning rate by trying them all in one short
run, as Smith (2017) does for neural networks.

>>> from gdbook import landscapes, theory
>>> float(theory.stability_threshold(landscapes.quadratic(a=4.0), [0.0]))
0.5
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from gdbook._sharpness import sharpness
from gdbook._validate import as_float_array, check_int, check_real
from gdbook.descend import descend
from gdbook.landscape import Landscape, check_landscape
from gdbook.optim import Optimizer

__all__ = ["LRRangeTest", "lr_range_test", "sharpness", "stability_threshold"]

Array = npt.NDArray[np.float64]


def stability_threshold(
    landscape: Landscape, x: npt.ArrayLike, momentum: float | npt.ArrayLike = 0.0
) -> Array:
    r"""The largest stable learning rate of the quadratic model at ``x``.

    With :math:`\lambda_{\max}` the largest eigenvalue of the Hessian at
    ``x``, gradient descent on the quadratic model is stable iff
    :math:`\eta < 2 / \lambda_{\max}`; with heavy-ball momentum
    :math:`\beta` (:class:`gdbook.optim.HeavyBall`'s ``beta``, or
    :class:`gdbook.optim.SGD`'s ``momentum`` without Nesterov: the same
    iteration at a constant learning rate) iff
    :math:`\eta < 2 (1 + \beta) / \lambda_{\max}`. Near a minimum this is
    the learning rate beyond which runs oscillate with growing amplitude and
    leave it; far from one it is the local bound of the moment.

    Parameters
    ----------
    landscape : Landscape
        The landscape; its :meth:`~gdbook.Landscape.hessian` is used.
    x : array_like, shape (..., dim)
        Points, any leading batch axes.
    momentum : float or array_like
        Heavy-ball momentum :math:`\beta \in [0, 1)`, a number or an array
        broadcast against the batch shape ``x.shape[:-1]``.

    Returns
    -------
    ndarray, shape broadcast(x.shape[:-1], momentum.shape)
        The threshold :math:`2 (1 + \beta) / \lambda_{\max}` at each point (a
        float64 scalar for one point and a number ``momentum``). Where
        :math:`\lambda_{\max} \le 0` the loss is flat or curves downwards in
        every direction: no step is too large for the quadratic model, and
        the threshold is ``inf``.

    Raises
    ------
    TypeError
        ``landscape`` is not a :class:`~gdbook.Landscape`.
    ValueError
        ``x``'s last axis is not ``landscape.dim`` long, ``momentum`` is
        outside ``[0, 1)``, or the shapes do not broadcast.

    Examples
    --------
    >>> from gdbook import landscapes, theory
    >>> q = landscapes.quadratic(a=4.0)
    >>> theory.stability_threshold(q, [[0.0], [1.0]])
    array([0.5, 0.5])
    >>> float(theory.stability_threshold(q, [0.0], momentum=0.9))
    0.95
    >>> curve = landscapes.book_curve()
    >>> theory.stability_threshold(curve, [[6.0], [5.0]])  # a minimum, a maximum
    array([0.398..., inf])
    """
    check_landscape(landscape)
    beta = check_real("momentum", momentum, ge=0, lt=1)
    hessian = landscape.hessian(x)
    curvature = np.linalg.eigvalsh(hessian)[..., -1]
    try:
        shape = np.broadcast_shapes(curvature.shape, np.shape(beta))
    except ValueError:
        msg = (
            f"momentum of shape {np.shape(beta)} does not broadcast against the "
            f"batch shape {curvature.shape} of x"
        )
        raise ValueError(msg) from None
    positive = curvature > 0
    bound = 2 * (1 + np.asarray(beta)) / np.where(positive, curvature, 1.0)
    threshold = np.broadcast_to(np.where(positive, bound, np.inf), shape)
    return np.array(threshold)[()]


class LRRangeTest(NamedTuple):
    """The result of :func:`lr_range_test`; ``n`` is the number of steps run.

    Attributes
    ----------
    lrs : ndarray, shape (n,)
        The learning rate of each step, growing geometrically.
    losses : ndarray, shape (n,)
        The loss after each step.
    smoothed : ndarray, shape (n,)
        ``losses`` smoothed by a bias-corrected exponential moving average.
    suggested_lr : float
        The learning rate at which ``smoothed`` falls fastest (per factor of
        learning rate) before it reaches its lowest point; ``nan`` when it
        never falls.
    stopped_early : bool
        True when the run stopped before ``steps`` because the loss blew up.
    """

    lrs: Array
    losses: Array
    smoothed: Array
    suggested_lr: float
    stopped_early: bool


def lr_range_test(
    landscape: Landscape,
    optimizer: Callable[[Callable[[Any], Any]], Optimizer],
    x0: npt.ArrayLike,
    *,
    lr_min: float = 1e-5,
    lr_max: float = 10.0,
    steps: int = 100,
    smooth: float = 0.98,
    stop_factor: float = 4.0,
) -> LRRangeTest:
    r"""The learning-rate range test: one run whose learning rate grows each step.

    Step :math:`t` of ``steps`` uses
    :math:`\eta_t = \eta_{\min} (\eta_{\max} / \eta_{\min})^{t / (\text{steps} - 1)}`
    and the loss is recorded after it. The losses are smoothed as in fastai's
    learning-rate finder, :math:`a_t = s\, a_{t-1} + (1 - s) L_t`,
    :math:`\bar L_t = a_t / (1 - s^{t+1})`, and the run stops once the
    smoothed loss exceeds ``stop_factor`` times its lowest value so far, or the
    loss is not finite. Losses are measured above the lowest known minimum of
    the landscape (above 0 if it lists none), so that the factor means the
    same on a landscape whose loss is negative.

    The suggested learning rate is where the smoothed loss falls fastest
    against :math:`\log \eta`, among the steps up to its lowest point: large
    enough to make quick progress, well short of the learning rates at which
    the loss turns back up (one of the rules fastai offers, ``steep``).

    Parameters
    ----------
    landscape : Landscape
        The landscape to run on.
    optimizer : callable
        Makes the optimizer from a learning rate, which it is given as a
        schedule: an optimizer class such as ``optim.SGD``, or for instance
        ``lambda lr: optim.SGD(lr, momentum=0.9)``.
    x0 : array_like, shape (dim,)
        The start point (a number for a 1-d landscape).
    lr_min, lr_max : float
        First and last learning rate, ``0 < lr_min < lr_max``.
    steps : int
        Number of steps (learning rates tried), ``steps >= 2``.
    smooth : float
        Smoothing factor :math:`s \in [0, 1)`; 0 means no smoothing.
    stop_factor : float
        Stop once the smoothed loss exceeds this multiple of its best,
        ``stop_factor > 1``.

    Returns
    -------
    LRRangeTest
        ``lrs``, ``losses`` and ``smoothed`` (each of shape ``(n,)``, ``n <=
        steps``), ``suggested_lr`` and ``stopped_early``.

    Raises
    ------
    TypeError
        ``landscape`` is not a Landscape, ``optimizer`` is not callable or
        does not make an optimizer, or an argument has the wrong type.
    ValueError
        An argument is out of range, or ``x0`` is not one finite point of the
        landscape.

    Examples
    --------
    >>> from gdbook import landscapes, optim, theory
    >>> test = theory.lr_range_test(landscapes.quadratic(a=1.0), optim.SGD, [1.0])
    >>> test.lrs[0], test.lrs[-1], len(test.losses)
    (np.float64(1e-05), np.float64(10.0), 100)
    >>> 0.05 < test.suggested_lr < 2.0  # below the stability threshold 2/a
    True

    References
    ----------
    L. N. Smith (2017), "Cyclical Learning Rates for Training Neural
    Networks", IEEE Winter Conference on Applications of Computer Vision
    (WACV), 464-472, section 3.3.

    J. Howard and S. Gugger (2020), "Fastai: A Layered API for Deep
    Learning", Information 11(2), 108.
    """
    check_landscape(landscape)
    _check_factory(optimizer)
    lr_min = float(check_real("lr_min", lr_min, gt=0, array=False))
    lr_max = float(check_real("lr_max", lr_max, gt=lr_min, array=False))
    steps = check_int("steps", steps, ge=2)
    smooth = float(check_real("smooth", smooth, ge=0, lt=1, array=False))
    stop_factor = float(check_real("stop_factor", stop_factor, gt=1, array=False))
    x = _start(landscape, x0)

    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))

    def schedule(t: Any) -> Any:
        return lrs[t]

    opt = _check_optimizer(optimizer(schedule))
    run = descend(landscape, opt, x, steps)
    # The loss after each step; descend freezes a run that blows up where it
    # last was finite, and the test stops at the step that blew it up.
    losses = np.array(run.loss[1:])
    if run.diverged_step >= 1:
        losses[run.diverged_step - 1] = np.inf

    floor = min((m.loss for m in landscape.minima if m.kind == "global"), default=0.0)
    smoothed = np.full(steps, np.nan)
    average, best, n = 0.0, np.inf, 0
    # The run is meant to blow up at its end: overflow there is expected.
    with np.errstate(all="ignore"):
        for t in range(steps):
            average = smooth * average + (1 - smooth) * (losses[t] - floor)
            excess = average / (1 - smooth ** (t + 1))
            smoothed[t] = excess + floor
            n = t + 1
            if not np.isfinite(excess) or excess > stop_factor * best:
                break
            best = min(best, excess)
    return LRRangeTest(
        lrs=lrs[:n],
        losses=losses[:n],
        smoothed=smoothed[:n],
        suggested_lr=_steepest(lrs[:n], smoothed[:n]),
        stopped_early=n < steps,
    )


def _check_factory(optimizer: object) -> None:
    if not callable(optimizer):
        msg = (
            "optimizer must be a callable that makes an optimizer from a learning "
            "rate, such as optim.SGD or lambda lr: optim.SGD(lr, momentum=0.9), "
            f"got optimizer={optimizer!r}"
        )
        raise TypeError(msg)


def _check_optimizer(opt: object) -> Optimizer:
    if not isinstance(opt, Optimizer):
        msg = f"optimizer(lr) must return one of gdbook.optim's optimizers, got {opt!r}"
        raise TypeError(msg)
    return opt


def _start(landscape: Landscape, x0: npt.ArrayLike) -> Array:
    x = as_float_array("x0", x0, "a point of real numbers", copy=True)
    if x.ndim == 0 and landscape.dim == 1:
        x = x.reshape(1)
    if x.shape != (landscape.dim,) or not np.isfinite(x).all():
        msg = (
            f"x0 must be one finite point of shape ({landscape.dim},) of this "
            f"{landscape.dim}-dimensional landscape, got x0 of shape {x.shape}: {x0!r}"
        )
        raise ValueError(msg)
    return x


def _steepest(lrs: Array, smoothed: Array) -> float:
    """The lr where ``smoothed`` falls fastest in log lr, up to its minimum."""
    finite = np.isfinite(smoothed)
    lrs, smoothed = lrs[finite], smoothed[finite]
    lowest = int(np.argmin(smoothed)) if smoothed.size else 0
    if lowest == 0:
        return float("nan")
    slope = np.gradient(smoothed[: lowest + 1], np.log(lrs[: lowest + 1]))
    return float(lrs[int(np.argmin(slope))])
