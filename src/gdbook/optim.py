"""Optimizers with torch.optim's names, signatures and update rules.

Each optimizer is a small object holding its hyperparameters, with two
methods that read like the algorithm box of its torch.optim page:

``init(x)``
    the optimizer's state for parameters ``x`` of shape ``(*batch, dim)``:
    a dict of arrays (momentum buffers, running averages), each shaped like ``x``.
``update(x, g, state, t, h)``
    one step, **in place**: ``x`` and ``state`` are overwritten. ``g`` is the
    gradient at ``x``, ``t`` the 0-based index of this update (torch's step
    count is ``t + 1``) and ``h`` the hyperparameters for this step, each
    either a float or an array of shape ``(*batch, 1)``.

Any hyperparameter may be a float, an array broadcast against the batch shape
(``x0.shape[:-1]`` in :func:`gdbook.descend`), or a schedule: a callable from
the step index ``t`` to a value (see :mod:`gdbook.schedules`). Numbers and
arrays are checked when the optimizer is made; a schedule's values are checked
when :meth:`Optimizer.at` evaluates them.

The updates follow torch.optim's (its single-tensor code path on the CPU)
operation for operation; the only differences left are the roundings that
torch's fused multiply-adds save. Over 200 float64 steps of a well-behaved run
the two agree to 1e-12 relative; a chaotic run amplifies any rounding
difference, as it would between two builds of torch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_bool, check_hyper, check_real, is_schedule

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "HeavyBall", "Optimizer", "RMSprop"]

Array = npt.NDArray[np.float64]
Hyper = float | Array | Callable[[int], Any]
State = dict[str, Array]
#: The hyperparameters' values for one update, as :meth:`Optimizer.at` gives them.
Values = Mapping[str, Any]


class Optimizer:
    """Base class: hyperparameters, their checks and their values at a step.

    Subclasses list the bounds of each hyperparameter in ``bounds`` (keyword
    arguments of ``gdbook._validate.check_real``, such as ``{"gt": 0}``) and
    the arrays of their state in ``buffers``, and implement :meth:`update`.
    """

    bounds: ClassVar[Mapping[str, Mapping[str, float]]] = {}
    #: Names of the optimizer's True/False options, shown by ``repr``.
    flags: ClassVar[tuple[str, ...]] = ()
    #: Names of the arrays of the state, each zeros shaped like ``x`` at the start.
    buffers: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **hyperparameters: Any) -> None:
        self.hyperparameters: dict[str, Hyper] = {
            name: check_hyper(name, value, **self.bounds.get(name, {}))
            for name, value in hyperparameters.items()
        }

    def __repr__(self) -> str:
        args = [f"{k}={_short(v)}" for k, v in self.hyperparameters.items()]
        args += [f"{name}={getattr(self, name)}" for name in self.flags]
        return f"{type(self).__name__}({', '.join(args)})"

    @property
    def lr(self) -> Hyper:
        """The learning rate: a float, an array or a schedule."""
        return self.hyperparameters["lr"]

    def shapes(self) -> list[tuple[int, ...]]:
        """Shapes of the array hyperparameters (schedules evaluated at step 0)."""
        shapes = []
        for value in self.hyperparameters.values():
            v: Any = value(0) if callable(value) else value
            shapes.append(np.shape(v))
        return shapes

    def at(self, t: int) -> dict[str, float | Array]:
        """The hyperparameters for update ``t``, arrays given a trailing axis.

        Raises ``ValueError`` naming the hyperparameter when a schedule returns
        a value outside its allowed range (a non-finite or negative lr, ...).
        """
        return {
            name: self._value(name, value, t)
            for name, value in self.hyperparameters.items()
        }

    def _value(self, name: str, value: Hyper, t: int) -> float | Array:
        if callable(value):
            got = value(t)
            bounds: dict[str, Any] = dict(self.bounds.get(name, {}))
            try:
                value = check_real(name, got, **bounds)
            except (TypeError, ValueError) as err:
                msg = (
                    f"the schedule given as {name} returned a bad value "
                    f"at step {t}: {err}"
                )
                raise type(err)(msg) from None
        if isinstance(value, np.ndarray):
            return value[..., np.newaxis]
        return value

    def constant(self) -> bool:
        """True when no hyperparameter is a schedule (values can be computed once)."""
        return not any(is_schedule(v) for v in self.hyperparameters.values())

    def init(self, x: Array) -> State:
        """The optimizer's state for parameters ``x``, shape ``(*batch, dim)``."""
        return {name: np.zeros_like(x) for name in self.buffers}

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        """Apply update ``t`` to ``x`` and ``state`` in place, from gradient ``g``."""
        raise NotImplementedError


def _nonzero(value: float | Array) -> bool:
    """Whether a hyperparameter is non-zero anywhere (cheap for a float: every step asks)."""
    if isinstance(value, float | int):
        return value != 0
    return bool(np.any(value))


def _short(value: Hyper) -> str:
    if isinstance(value, np.ndarray):
        return f"array(shape={value.shape})"
    if callable(value):
        return getattr(value, "__name__", "schedule")
    return repr(value)


#: The ranges of hyperparameters, as keyword arguments of check_real.
_RANGES: dict[str, dict[str, float]] = {
    "positive": {"gt": 0},
    "non_negative": {"ge": 0},
    "in_unit": {"ge": 0, "le": 1},
    "below_one": {"ge": 0, "lt": 1},
}


def _bounds(**ranges: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """An optimizer's ``bounds``, from its hyperparameters' names by range."""
    return {name: _RANGES[kind] for kind, names in ranges.items() for name in names}


def _check_betas(betas: Any) -> tuple[Hyper, Hyper]:
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        msg = f"betas must be a pair (beta1, beta2), got betas={betas!r}"
        raise TypeError(msg)
    return betas[0], betas[1]


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum (torch.optim.SGD).

    With gradient :math:`g_t = \nabla L(x_t) + \lambda x_t` (weight decay
    :math:`\lambda`), momentum :math:`\mu`, dampening :math:`\tau` and learning
    rate :math:`\eta`:

    .. math::

        b_t &= \begin{cases} g_t & t = 0 \\
                             \mu b_{t-1} + (1-\tau) g_t & t > 0 \end{cases} \\
        x_{t+1} &= x_t - \eta \begin{cases} g_t + \mu b_t & \text{Nesterov} \\
                                            b_t & \text{otherwise} \end{cases}

    With ``momentum=0`` this is plain gradient descent,
    :math:`x_{t+1} = x_t - \eta \nabla L(x_t)`, and dampening has no effect. The
    momentum buffer :math:`b` carries the *gradient* and the learning rate
    multiplies it at every step; the other common form,
    :math:`v \leftarrow \beta v - \eta \nabla L,\ x \leftarrow x + v`, is
    :class:`HeavyBall`.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    momentum : float, array or schedule
        Momentum factor :math:`\mu \ge 0`.
    dampening : float, array or schedule
        Dampening :math:`\tau \in [0, 1]` of the gradient entering the buffer.
    nesterov : bool
        Use Nesterov momentum (needs ``momentum > 0`` and ``dampening = 0``,
        both given as numbers or arrays).
    weight_decay : float, array or schedule
        L2 penalty :math:`\lambda \ge 0` added to the gradient.

    Raises
    ------
    ValueError
        A hyperparameter outside its range, or ``nesterov`` without momentum
        or with dampening.
    TypeError
        A hyperparameter that is not a real number, an array or a callable, or
        a ``nesterov`` that is not a bool.

    References
    ----------
    Sutskever, Martens, Dahl and Hinton (2013), "On the importance of
    initialization and momentum in deep learning", ICML.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import optim
    >>> opt = optim.SGD(lr=0.1)
    >>> x = np.array([1.0]); state = opt.init(x)
    >>> opt.update(x, 2 * x, state, 0, opt.at(0))  # L = x**2, gradient 2x
    >>> x
    array([0.8])
    """

    flags = ("nesterov",)
    buffers = ("momentum_buffer",)
    bounds = _bounds(
        positive=("lr",),
        non_negative=("momentum", "weight_decay"),
        in_unit=("dampening",),
    )

    def __init__(
        self,
        lr: Hyper,
        momentum: Hyper = 0,
        dampening: Hyper = 0,
        nesterov: bool = False,
        weight_decay: Hyper = 0,
    ) -> None:
        super().__init__(
            lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay
        )
        self.nesterov = check_bool("nesterov", nesterov)
        if nesterov and (
            is_schedule(momentum)
            or is_schedule(dampening)
            or np.any(np.asarray(momentum) <= 0)
            or np.any(np.asarray(dampening) != 0)
        ):
            msg = (
                "nesterov=True requires momentum > 0 and dampening = 0 "
                f"(as fixed values), got momentum={_short(momentum)}, "
                f"dampening={_short(dampening)}"
            )
            raise ValueError(msg)

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        lr, mu, tau, wd = h["lr"], h["momentum"], h["dampening"], h["weight_decay"]
        if _nonzero(wd):
            g = g + wd * x
        if _nonzero(mu):
            b = state["momentum_buffer"]
            # torch starts the buffer at g, and keeps none where momentum is 0
            # (so dampening has no effect there): one array of momenta must
            # give the same runs as separate torch optimizers.
            tau = 0.0 if t == 0 else np.where(np.equal(mu, 0), 0.0, tau)
            b *= mu
            b += (1 - tau) * g
            g = g + mu * b if self.nesterov else b
        x -= lr * g


class HeavyBall(Optimizer):
    r"""Polyak's heavy ball: a velocity that the learning rate feeds.

    With learning rate :math:`\eta`, momentum :math:`\beta` and :math:`v_0 = 0`:

    .. math::

        v_{t+1} &= \beta v_t - \eta \nabla L(x_t) \\
        x_{t+1} &= x_t + v_{t+1}

    This is momentum as the source text writes it. torch's :class:`SGD` with
    ``momentum`` keeps a buffer of *gradients* instead,
    :math:`b_t = \mu b_{t-1} + \nabla L(x_t)`, and steps
    :math:`x_{t+1} = x_t - \eta_t b_t`. For a constant learning rate the two
    are the same method (:math:`v_t = -\eta b_{t-1}`, up to rounding). Under
    a schedule they differ: here a velocity built up with earlier, larger
    learning rates carries on at its own size after the learning rate drops,
    while torch multiplies its whole buffer by the *new* learning rate, so the
    step shrinks at once.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    beta : float, array or schedule
        Momentum :math:`\beta \ge 0`, the fraction of the velocity kept from
        one step to the next.

    Raises
    ------
    ValueError
        ``lr`` not > 0 or ``beta`` negative, or either of them not finite.
    TypeError
        ``lr`` or ``beta`` not a real number, an array or a callable.

    References
    ----------
    Polyak (1964), "Some methods of speeding up the convergence of iteration
    methods", USSR Computational Mathematics and Mathematical Physics 4(5).

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import optim
    >>> opt = optim.HeavyBall(lr=0.1, beta=0.9)
    >>> x = np.array([1.0]); state = opt.init(x)
    >>> for t in range(2):  # L = x**2, gradient 2x
    ...     opt.update(x, 2 * x, state, t, opt.at(t))
    >>> x, state["velocity"]
    (array([0.46]), array([-0.34]))
    """

    buffers = ("velocity",)
    bounds = _bounds(positive=("lr",), non_negative=("beta",))

    def __init__(self, lr: Hyper, beta: Hyper = 0.9) -> None:
        super().__init__(lr=lr, beta=beta)

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        del t  # the same rule at every step
        lr, beta = h["lr"], h["beta"]
        v = state["velocity"]
        v *= beta
        v -= lr * g
        x += v


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate steps scaled by the gradients seen so far.

    With gradient :math:`g_t = \nabla L(x_t) + \lambda x_t` (weight decay
    :math:`\lambda`), learning rate :math:`\eta`, learning rate decay
    :math:`\delta` and :math:`s_0` the initial accumulator value:

    .. math::

        \tilde\eta_t &= \frac{\eta}{1 + t \delta} \\
        s_{t+1} &= s_t + g_t^2 \\
        x_{t+1} &= x_t - \tilde\eta_t \, \frac{g_t}{\sqrt{s_{t+1}} + \epsilon}

    Squares, roots and quotients are taken per coordinate. As torch.optim.Adagrad.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    lr_decay : float, array or schedule
        Learning rate decay :math:`\delta \ge 0`.
    weight_decay : float, array or schedule
        L2 penalty :math:`\lambda \ge 0` added to the gradient.
    initial_accumulator_value : float, array or schedule
        :math:`s_0 \ge 0`, the sum of squares to start from (a schedule is
        read at step 0).
    eps : float, array or schedule
        :math:`\epsilon > 0`, added to the root to keep the division finite.

    Raises
    ------
    ValueError
        ``lr`` or ``eps`` not > 0; ``lr_decay``, ``weight_decay`` or
        ``initial_accumulator_value`` negative; any of them not finite.
    TypeError
        A hyperparameter that is not a real number, an array or a callable.

    References
    ----------
    Duchi, Hazan and Singer (2011), "Adaptive subgradient methods for online
    learning and stochastic optimization", JMLR 12.

    Examples
    --------
    The first step has length ``lr`` whatever the size of the gradient:

    >>> import numpy as np
    >>> from gdbook import optim
    >>> opt = optim.Adagrad(lr=0.1)
    >>> x = np.array([1.0, 100.0]); state = opt.init(x)
    >>> opt.update(x, 2 * x, state, 0, opt.at(0))  # L = |x|**2, gradient 2x
    >>> x
    array([ 0.9, 99.9])
    """

    bounds = _bounds(
        positive=("lr", "eps"),
        non_negative=("lr_decay", "weight_decay", "initial_accumulator_value"),
    )

    def __init__(
        self,
        lr: Hyper,
        lr_decay: Hyper = 0,
        weight_decay: Hyper = 0,
        initial_accumulator_value: Hyper = 0,
        eps: Hyper = 1e-10,
    ) -> None:
        super().__init__(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
        )

    def init(self, x: Array) -> State:
        return {"sum": np.full_like(x, self.at(0)["initial_accumulator_value"])}

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        lr, lr_decay, wd, eps = h["lr"], h["lr_decay"], h["weight_decay"], h["eps"]
        if _nonzero(wd):
            g = g + wd * x
        clr = lr / (1 + t * lr_decay)
        s = state["sum"]
        s += g * g
        x -= clr * g / (np.sqrt(s) + eps)


class RMSprop(Optimizer):
    r"""RMSprop: steps scaled by a running average of squared gradients.

    With gradient :math:`g_t = \nabla L(x_t) + \lambda x_t` (weight decay
    :math:`\lambda`), smoothing constant :math:`\alpha`, learning rate
    :math:`\eta`, momentum :math:`\mu` and all averages starting at 0:

    .. math::

        v_{t+1} &= \alpha v_t + (1 - \alpha) g_t^2 \\
        \bar g_{t+1} &= \alpha \bar g_t + (1 - \alpha) g_t
            \qquad \text{(centered only)} \\
        d_t &= \sqrt{v_{t+1}} + \epsilon
            \quad\text{or, centered,}\quad
            \sqrt{v_{t+1} - \bar g_{t+1}^2} + \epsilon \\
        b_{t+1} &= \mu b_t + g_t / d_t, \qquad x_{t+1} = x_t - \eta b_{t+1}

    With ``momentum=0`` the last line is :math:`x_{t+1} = x_t - \eta g_t / d_t`.
    Squares, roots and quotients are taken per coordinate. As
    torch.optim.RMSprop.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    alpha : float, array or schedule
        Smoothing constant :math:`\alpha \in [0, 1]`.
    eps : float, array or schedule
        :math:`\epsilon > 0`, added to the root to keep the division finite.
    weight_decay : float, array or schedule
        L2 penalty :math:`\lambda \ge 0` added to the gradient.
    momentum : float, array or schedule
        Momentum factor :math:`\mu \ge 0`.
    centered : bool
        Divide by an estimate of the gradient's variance rather than of its
        second moment.

    Raises
    ------
    ValueError
        ``alpha`` outside [0, 1]; ``lr`` or ``eps`` not > 0; ``weight_decay``
        or ``momentum`` negative; any of them not finite.
    TypeError
        A hyperparameter that is not a real number, an array or a callable, or
        a ``centered`` that is not a bool.

    References
    ----------
    Tieleman and Hinton (2012), "Lecture 6.5, rmsprop: divide the gradient by
    a running average of its recent magnitude", Neural Networks for Machine
    Learning (Coursera). The centered form: Graves (2013), "Generating
    sequences with recurrent neural networks", arXiv:1308.0850.

    Examples
    --------
    The first step is ``lr / sqrt(1 - alpha)`` long, ten times ``lr`` here:

    >>> import gdbook
    >>> from gdbook import landscapes, optim
    >>> bowl = landscapes.quadratic(a=2.0)  # L = w**2, gradient 2w
    >>> traj = gdbook.descend(bowl, optim.RMSprop(lr=0.01), [1.0], 1)
    >>> traj.x[:, 0]
    array([1. , 0.9])
    """

    flags = ("centered",)
    buffers = ("square_avg", "momentum_buffer", "grad_avg")
    bounds = _bounds(
        positive=("lr", "eps"),
        in_unit=("alpha",),
        non_negative=("weight_decay", "momentum"),
    )

    def __init__(
        self,
        lr: Hyper,
        alpha: Hyper = 0.99,
        eps: Hyper = 1e-8,
        weight_decay: Hyper = 0,
        momentum: Hyper = 0,
        centered: bool = False,
    ) -> None:
        super().__init__(
            lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum
        )
        self.centered = check_bool("centered", centered)

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        del t  # the same rule at every step
        lr, alpha, eps, wd, mu = (
            h["lr"], h["alpha"], h["eps"], h["weight_decay"], h["momentum"]
        )  # fmt: skip
        if _nonzero(wd):
            g = g + wd * x
        v = state["square_avg"]
        v *= alpha
        v += (1 - alpha) * g * g
        if self.centered:
            g_avg = state["grad_avg"]
            g_avg += (1 - alpha) * (g - g_avg)  # as torch lerps it
            d = np.sqrt(v - g_avg * g_avg) + eps
        else:
            d = np.sqrt(v) + eps
        if _nonzero(mu):
            b = state["momentum_buffer"]
            b *= mu
            b += g / d
            x -= lr * b
        else:
            x -= lr * g / d


class Adam(Optimizer):
    r"""Adam: momentum and RMSprop's scaling, with bias correction.

    With gradient :math:`g_t = \nabla L(x_t) + \lambda x_t` (weight decay
    :math:`\lambda`), learning rate :math:`\eta`, :math:`m_0 = v_0 = 0` and
    torch's step count :math:`k = t + 1`:

    .. math::

        m_{t+1} &= \beta_1 m_t + (1 - \beta_1) g_t \\
        v_{t+1} &= \beta_2 v_t + (1 - \beta_2) g_t^2 \\
        \hat v_{t+1} &= \max(\hat v_t, v_{t+1})
            \quad\text{with AMSGrad, else}\quad \hat v_{t+1} = v_{t+1} \\
        x_{t+1} &= x_t - \frac{\eta}{1 - \beta_1^k} \,
            \frac{m_{t+1}}{\sqrt{\hat v_{t+1}} / \sqrt{1 - \beta_2^k} + \epsilon}

    Squares, roots, maxima and quotients are taken per coordinate. Note where
    :math:`\epsilon` goes: it is added after the bias correction of the root,
    as in torch.optim.Adam and the paper's Algorithm 1.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    betas : pair (beta1, beta2) of float, array or schedule
        Decay rates :math:`\beta_1, \beta_2 \in [0, 1)` of the running averages
        of the gradient and of its square. They are named ``beta1`` and
        ``beta2`` in ``hyperparameters`` and in error messages.
    eps : float, array or schedule
        :math:`\epsilon > 0`, added to the root to keep the division finite.
    weight_decay : float, array or schedule
        L2 penalty :math:`\lambda \ge 0` added to the gradient (for weight
        decay applied to the parameters directly, see :class:`AdamW`).
    amsgrad : bool
        Divide by the largest second-moment estimate so far (AMSGrad).

    Raises
    ------
    ValueError
        ``beta1`` or ``beta2`` outside [0, 1); ``lr`` or ``eps`` not > 0;
        ``weight_decay`` negative; any of them not finite.
    TypeError
        A hyperparameter that is not a real number, an array or a callable,
        ``betas`` that is not a pair, or an ``amsgrad`` that is not a bool.

    References
    ----------
    Kingma and Ba (2015), "Adam: a method for stochastic optimization", ICLR.
    AMSGrad: Reddi, Kale and Kumar (2018), "On the convergence of Adam and
    beyond", ICLR.

    Examples
    --------
    Under a constant gradient every step has length about ``lr``, the first
    one too (the bias correction sees to it), whatever the gradient's size:

    >>> import numpy as np
    >>> from gdbook import optim
    >>> opt = optim.Adam(lr=0.1)
    >>> x = np.array([5.0, 5.0]); state = opt.init(x)
    >>> for t in range(3):  # L = x1 + 100 x2, gradient (1, 100)
    ...     opt.update(x, np.array([1.0, 100.0]), state, t, opt.at(t))
    >>> x
    array([4.7, 4.7])
    """

    flags = ("amsgrad",)
    buffers = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    bounds = _bounds(
        positive=("lr", "eps"),
        below_one=("beta1", "beta2"),
        non_negative=("weight_decay",),
    )

    def __init__(
        self,
        lr: Hyper,
        betas: tuple[Hyper, Hyper] = (0.9, 0.999),
        eps: Hyper = 1e-8,
        weight_decay: Hyper = 0,
        amsgrad: bool = False,
    ) -> None:
        beta1, beta2 = _check_betas(betas)
        super().__init__(
            lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay
        )
        self.amsgrad = check_bool("amsgrad", amsgrad)

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        lr, beta1, beta2, eps, wd = (
            h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]
        )  # fmt: skip
        if _nonzero(wd):
            g = g + wd * x
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m += (1 - beta1) * (g - m)  # beta1 m + (1 - beta1) g, as torch lerps it
        v *= beta2
        v += (1 - beta2) * g * g
        if self.amsgrad:
            v = np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
        k = t + 1
        bias_correction1 = 1 - beta1**k
        bias_correction2 = 1 - beta2**k
        x -= lr / bias_correction1 * m / (np.sqrt(v) / bias_correction2**0.5 + eps)


class AdamW(Adam):
    r"""AdamW: Adam with the weight decay taken out of the gradient.

    As :class:`Adam` with :math:`\lambda = 0`, except that first the parameters
    themselves shrink:

    .. math::

        x_t &\leftarrow (1 - \eta \lambda)\, x_t \\
        m_{t+1} &= \beta_1 m_t + (1 - \beta_1) \nabla L(x_t) \\
        v_{t+1} &= \beta_2 v_t + (1 - \beta_2) \nabla L(x_t)^2 \\
        x_{t+1} &= x_t - \frac{\eta}{1 - \beta_1^k} \,
            \frac{m_{t+1}}{\sqrt{\hat v_{t+1}} / \sqrt{1 - \beta_2^k} + \epsilon}

    where :math:`k = t + 1`, :math:`\hat v = v`, or its running maximum with
    AMSGrad, and the gradient is the one at the parameters before they shrank.
    With Adam's L2 penalty the decay passes through the division by
    :math:`\sqrt{\hat v}`; here every coordinate decays at the same rate
    :math:`\eta\lambda`. As torch.optim.AdamW.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    betas : pair (beta1, beta2) of float, array or schedule
        As for :class:`Adam`.
    eps : float, array or schedule
        As for :class:`Adam`.
    weight_decay : float, array or schedule
        Decoupled weight decay :math:`\lambda \ge 0`.
    amsgrad : bool
        As for :class:`Adam`.

    Raises
    ------
    ValueError, TypeError
        As :class:`Adam`.

    References
    ----------
    Loshchilov and Hutter (2019), "Decoupled weight decay regularization",
    ICLR.

    Examples
    --------
    Where the gradient is 0, Adam's L2 penalty gives a full step of about
    ``lr`` towards 0, AdamW a step of ``lr * weight_decay * x``:

    >>> import numpy as np
    >>> from gdbook import optim
    >>> x = np.array([4.0]); opt = optim.AdamW(lr=0.1, weight_decay=0.5)
    >>> opt.update(x, np.zeros(1), opt.init(x), 0, opt.at(0))
    >>> x
    array([3.8])
    >>> x = np.array([4.0]); opt = optim.Adam(lr=0.1, weight_decay=0.5)
    >>> opt.update(x, np.zeros(1), opt.init(x), 0, opt.at(0))
    >>> x
    array([3.9])
    """

    # torch's AdamW: Adam's constructor, with a default weight decay of 0.01.
    # Adam's parameters, with torch's default decay for AdamW.
    __init__ = functools.partialmethod(Adam.__init__, weight_decay=0.01)

    def update(self, x: Array, g: Array, state: State, t: int, h: Values) -> None:
        lr, wd = h["lr"], h["weight_decay"]
        x *= 1 - lr * wd
        # Then Adam's step with no L2 penalty: the moments see the loss's gradient.
        super().update(x, g, state, t, {**h, "weight_decay": 0.0})
