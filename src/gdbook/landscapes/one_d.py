"""The built-in 1-d landscapes: the quadratic and the book's curve."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_real
from gdbook.landscape import Landscape
from gdbook.landscapes._builtin import builtin, number

__all__ = ["book_curve", "quadratic"]

Array = npt.NDArray[np.float64]


def quadratic(a: float = 1.0) -> Landscape:
    r"""The parabola :math:`L(x) = a x^2 / 2` of curvature ``a`` (1-d).

    Gradient descent on it multiplies ``x`` by :math:`1 - \eta a` at every
    step: it converges iff :math:`0 < \eta a < 2`.

    Parameters
    ----------
    a : float
        The curvature, ``a > 0``.

    Returns
    -------
    Landscape
        Domain ``[-1.5, 1.5]``, start ``1``, one global minimum at ``0``.

    Raises
    ------
    ValueError
        ``a`` not finite and > 0.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> q = landscapes.quadratic(a=4.0)
    >>> q.loss([0.5]), q.grad([0.5]), q.minima[0].x
    (np.float64(0.5), array([2.]), array([0.]))
    """
    a = float(check_real("a", a, gt=0, array=False))

    def loss(x: Array) -> Array:
        return a * x[..., 0] ** 2 / 2

    def grad_into(x: Array, out: Array) -> Array:
        return np.multiply(x, a, out=out)

    def hessian(x: Array) -> Array:
        return np.full((*x.shape, 1), a)

    return builtin(
        name=f"quadratic (a={number(a)})",
        domain=[[-1.5, 1.5]],
        start=[1.0],
        guesses=[[0.0]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


def book_curve() -> Landscape:
    r"""The book's non-convex curve :math:`L(w) = 0.04 (w - 6)^2 - 0.5 \cos(\pi w)`.

    A gentle parabola with its bottom at ``w = 6`` under a cosine ripple. From
    the standard start ``w0 = -0.9`` the way downhill runs to the right
    through three local minima (near ``0.10``, ``2.06`` and ``4.03``, each
    lower than the one before) to the global minimum at ``6``, so a run that
    stops early is "stuck in the third local minimum, near the global minimum".

    Returns
    -------
    Landscape
        1-d, domain ``[-2.5, 8.5]``, start ``-0.9``, six minima: the four
        above and the next ones out, near ``-1.87`` (behind the start) and
        ``7.97`` (past the global minimum), where a fast run can still end.

    Examples
    --------
    >>> from gdbook import landscapes
    >>> curve = landscapes.book_curve()
    >>> curve.start, curve.domain
    (array([-0.9]), array([[-2.5,  8.5]]))
    >>> [(round(float(m.x[0]), 4), round(m.loss, 4)) for m in curve.minima[1:5]]
    [(0.0972, 0.9169), (2.0642, 0.1298), (4.032, -0.3426), (6.0, -0.5)]
    """
    half_pi = 0.5 * np.pi
    # The gradient 0.08 (w - 6) + (pi / 2) sin(pi w), written as
    # 0.08 ((pi / 2 / 0.08) sin(pi w) + w - 6) so that each operation can
    # write into `out`: no temporary array, because descend takes this
    # gradient at every step of sweeps over 10**4 to 10**5 runs.
    ripple = half_pi / 0.08

    def loss(x: Array) -> Array:
        w = x[..., 0]
        return 0.04 * (w - 6.0) ** 2 - 0.5 * np.cos(np.pi * w)

    def grad_into(x: Array, out: Array) -> Array:
        np.multiply(x, np.pi, out=out)
        np.sin(out, out=out)
        out *= ripple
        out += x
        out -= 6.0
        out *= 0.08
        return out

    def hessian(x: Array) -> Array:
        return (0.08 + half_pi * np.pi * np.cos(np.pi * x))[..., np.newaxis]

    return builtin(
        name="book curve",
        domain=[[-2.5, 8.5]],
        start=[-0.9],
        guesses=[[-1.87], [0.1], [2.06], [4.03], [6.0], [7.97]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )
