"""The built-in 2-d landscapes: the ill-conditioned bowl, Rosenbrock, Himmelblau, the trap."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_real
from gdbook.landscape import Landscape
from gdbook.landscapes._builtin import builtin, number

__all__ = ["himmelblau", "ill_conditioned", "rosenbrock", "trap"]

Array = npt.NDArray[np.float64]


def ill_conditioned(condition: float = 10.0) -> Landscape:
    r"""The ill-conditioned bowl :math:`L(x, y) = (x^2 + \kappa y^2) / 2`.

    With :math:`\kappa` = ``condition``, its curvatures are 1 along ``x`` and
    :math:`\kappa` along ``y``. Gradient descent is stable only for
    :math:`\eta < 2 / \kappa`, set by the steep ``y`` direction, and at such
    learning rates the shallow ``x`` direction shrinks by the factor
    :math:`1 - \eta > 1 - 2 / \kappa` per step: the larger the condition
    number, the slower the descent along the valley floor.

    Parameters
    ----------
    condition : float
        The condition number :math:`\kappa \ge 1` (ratio of the curvatures).

    Returns
    -------
    Landscape
        2-d, domain ``[-2.5, 2.5] x [-1.5, 1.5]``, start ``(-2, 1)``, one
        global minimum at the origin.

    Raises
    ------
    ValueError
        ``condition`` not finite or below 1.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> bowl = landscapes.ill_conditioned(condition=100.0)
    >>> bowl.grad([2.0, 1.0])
    array([  2., 100.])
    """
    kappa = float(check_real("condition", condition, ge=1, array=False))

    def loss(x: Array) -> Array:
        return (x[..., 0] ** 2 + kappa * x[..., 1] ** 2) / 2

    def grad_into(x: Array, out: Array) -> Array:
        np.copyto(out[..., 0], x[..., 0])
        np.multiply(x[..., 1], kappa, out=out[..., 1])
        return out

    def hessian(x: Array) -> Array:
        return np.broadcast_to(np.diag([1.0, kappa]), (*x.shape, 2)).copy()

    return builtin(
        name=f"ill-conditioned bowl (condition={number(kappa)})",
        domain=[[-2.5, 2.5], [-1.5, 1.5]],
        start=[-2.0, 1.0],
        guesses=[[0.0, 0.0]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Landscape:
    r"""Rosenbrock's valley :math:`L(x, y) = (a - x)^2 + b (y - x^2)^2`.

    A curved, flat-bottomed valley around the parabola :math:`y = x^2`, with
    its one minimum at :math:`(a, a^2)`.

    Parameters
    ----------
    a : float
        Position of the minimum along ``x`` (any finite number).
    b : float
        Steepness of the valley walls, ``b > 0``.

    Returns
    -------
    Landscape
        2-d, start ``(-1.2, 1)`` (Rosenbrock's own), domain
        ``[-2, 2] x [-1, 3]`` for the default ``a``, widened to hold the
        minimum for others.

    Raises
    ------
    ValueError
        ``a`` not finite, or ``b`` not finite and positive.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> r = landscapes.rosenbrock()
    >>> r.minima[0].x, r.loss(r.start)
    (array([1., 1.]), np.float64(24.2...))

    References
    ----------
    H. H. Rosenbrock (1960), "An automatic method for finding the greatest
    or least value of a function", The Computer Journal 3(3), 175-184.
    """
    a = float(check_real("a", a, array=False))
    b = float(check_real("b", b, gt=0, array=False))

    def loss(x: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        return (a - u) ** 2 + b * (v - u**2) ** 2

    def grad_into(x: Array, out: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        du, dv = out[..., 0], out[..., 1]
        # dv holds r = v - u**2 first; du = 2 (u - a) - 4 b u r is built
        # around it as 2 (-2 b u r + u - a); then dv = 2 b r.
        np.multiply(u, u, out=dv)
        np.subtract(v, dv, out=dv)
        np.multiply(u, dv, out=du)
        du *= -2.0 * b
        du += u
        du -= a
        du *= 2.0
        dv *= 2.0 * b
        return out

    def hessian(x: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        out = np.empty((*x.shape, 2))
        out[..., 0, 0] = 2 - 4 * b * v + 12 * b * u**2
        out[..., 0, 1] = out[..., 1, 0] = -4 * b * u
        out[..., 1, 1] = 2 * b
        return out

    half_width = max(2.0, abs(a) + 1.0)
    return builtin(
        name=f"Rosenbrock (a={number(a)}, b={number(b)})",
        domain=[[-half_width, half_width], [-1.0, max(3.0, a * a + 1.0)]],
        start=[-1.2, 1.0],
        guesses=[[a, a * a]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


def himmelblau() -> Landscape:
    r"""Himmelblau's function :math:`L(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2`.

    Four minima of equal loss 0, all global: ``(3, 2)`` and three at
    irrational positions, near ``(-2.81, 3.13)``, ``(-3.78, -3.28)`` and
    ``(3.58, -1.85)``. Which one a run reaches depends on where it starts
    and on its learning rate.

    Returns
    -------
    Landscape
        2-d, domain ``[-5, 5] x [-5, 5]``, start ``(0, 0)``.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> h = landscapes.himmelblau()
    >>> [m.x.round(4).tolist() for m in h.minima]
    [[3.0, 2.0], [-2.8051, 3.1313], [-3.7793, -3.2832], [3.5844, -1.8481]]
    >>> {m.kind for m in h.minima}
    {'global'}

    References
    ----------
    D. M. Himmelblau (1972), Applied Nonlinear Programming, McGraw-Hill.
    """

    def loss(x: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        return (u**2 + v - 11) ** 2 + (u + v**2 - 7) ** 2

    def grad_into(x: Array, out: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        p = u**2 + v - 11
        q = u + v**2 - 7
        np.multiply(u, p, out=out[..., 0])
        out[..., 0] *= 2.0
        out[..., 0] += q
        out[..., 0] *= 2.0
        np.multiply(v, q, out=out[..., 1])
        out[..., 1] *= 2.0
        out[..., 1] += p
        out[..., 1] *= 2.0
        return out

    def hessian(x: Array) -> Array:
        u, v = x[..., 0], x[..., 1]
        out = np.empty((*x.shape, 2))
        out[..., 0, 0] = 12 * u**2 + 4 * v - 42
        out[..., 0, 1] = out[..., 1, 0] = 4 * (u + v)
        out[..., 1, 1] = 12 * v**2 + 4 * u - 26
        return out

    return builtin(
        name="Himmelblau",
        domain=[[-5.0, 5.0], [-5.0, 5.0]],
        start=[0.0, 0.0],
        guesses=[[3.0, 2.0], [-2.8, 3.1], [-3.8, -3.3], [3.6, -1.8]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


# The trap: a gentle bowl plus two Gaussian wells, (centre, depth, width).
_TRAP_BOWL = (np.array([0.5, 0.0]), 0.1)
_TRAP_WELLS = (
    (np.array([-1.5, 1.0]), 0.5, 0.5),  # shallow and narrow, by the start
    (np.array([1.5, -1.0]), 1.5, 0.8),  # deep and wide, further away
)


def trap() -> Landscape:
    r"""A landscape whose shallow local minimum traps plain gradient descent.

    .. math::

        L(p) = \frac{k}{2} \lVert p - c \rVert^2
        - \sum_i A_i \exp\!\Big(-\frac{\lVert p - m_i \rVert^2}{2 s_i^2}\Big)

    a gentle bowl (:math:`k = 0.1`, :math:`c = (0.5, 0)`) with two Gaussian
    wells: a shallow narrow one at :math:`(-1.5, 1)` (depth 0.5, width 0.5)
    next to the standard start, and a deep wide one at :math:`(1.5, -1)`
    (depth 1.5, width 0.8). Plain gradient descent from the start rolls
    into the near, shallow well and stays there (loss about -0.26); the
    global minimum (loss about -1.40) lies past a saddle, and heavy-ball
    momentum (``lr=0.1, beta=0.9``) carries a run over it.

    Returns
    -------
    Landscape
        2-d, domain ``[-3, 3] x [-3, 3]``, start ``(-2.5, 2)``; the local
        minimum is ``minima[0]``, the global one ``minima[1]``.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> t = landscapes.trap()
    >>> [(m.kind, round(m.loss, 3)) for m in t.minima]
    [('local', -0.262), ('global', -1.404)]
    """
    centre, k = _TRAP_BOWL

    def loss(x: Array) -> Array:
        total: Array = k / 2 * ((x - centre) ** 2).sum(axis=-1)
        for m, depth, width in _TRAP_WELLS:
            total -= depth * np.exp(((x - m) ** 2).sum(axis=-1) / (-2 * width**2))
        return total

    def grad_into(x: Array, out: Array) -> Array:
        np.subtract(x, centre, out=out)
        out *= k
        for m, depth, width in _TRAP_WELLS:
            d = x - m
            pull = (depth / width**2) * np.exp((d**2).sum(axis=-1) / (-2 * width**2))
            d *= pull[..., np.newaxis]
            out += d
        return out

    def hessian(x: Array) -> Array:
        out = np.broadcast_to(k * np.eye(2), (*x.shape, 2)).copy()
        for m, depth, width in _TRAP_WELLS:
            d = x - m
            pull = (depth / width**2) * np.exp((d**2).sum(axis=-1) / (-2 * width**2))
            outer = d[..., :, np.newaxis] * d[..., np.newaxis, :] / width**2
            out += pull[..., np.newaxis, np.newaxis] * (np.eye(2) - outer)
        return out

    return builtin(
        name="trap",
        domain=[[-3.0, 3.0], [-3.0, 3.0]],
        start=[-2.5, 2.0],
        guesses=[m for m, _, _ in _TRAP_WELLS],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )
