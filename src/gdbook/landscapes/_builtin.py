"""What the built-in landscapes share: their minima, found by Newton's method."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from gdbook.landscape import Landscape, Minimum

Array = npt.NDArray[np.float64]


def _newton(
    grad: Callable[[Array], Array], hessian: Callable[[Array], Array], x: Array
) -> Array:
    """A stationary point from a nearby guess, to machine precision."""
    for _ in range(100):
        step = np.linalg.solve(hessian(x), grad(x))
        x = x - step
        if (
            np.abs(step) <= 8 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(x))
        ).all():
            return x
    msg = f"Newton's method did not converge from {x}"  # pragma: no cover
    raise RuntimeError(msg)  # pragma: no cover


def _minima(
    loss: Callable[[Array], Array],
    grad: Callable[[Array], Array],
    hessian: Callable[[Array], Array],
    guesses: Sequence[npt.ArrayLike],
) -> tuple[Minimum, ...]:
    """The minima near ``guesses``; the lowest (to rounding) are global."""
    points = [_newton(grad, hessian, np.array(g, dtype=np.float64)) for g in guesses]
    for p in points:
        if not (np.linalg.eigvalsh(hessian(p)) > 0).all():  # pragma: no cover
            msg = f"the stationary point {p} is not a minimum"
            raise RuntimeError(msg)
    losses = [float(loss(p)) for p in points]
    lowest = min(losses)
    tie = 1e-12 * max(1.0, abs(lowest))
    return tuple(
        Minimum(p, v, "global" if v - lowest <= tie else "local")
        for p, v in zip(points, losses, strict=True)
    )


def builtin(
    *,
    name: str,
    domain: Sequence[Sequence[float]],
    start: Sequence[float],
    guesses: Sequence[npt.ArrayLike],
    loss: Callable[[Array], Array],
    grad_into: Callable[[Array, Array], Array],
    hessian: Callable[[Array], Array],
) -> Landscape:
    def grad(x: Array) -> Array:
        return grad_into(x, np.empty_like(x))

    return Landscape(
        loss,
        grad,
        len(start),
        hessian=hessian,
        grad_into=grad_into,
        domain=domain,
        minima=_minima(loss, grad, hessian, guesses),
        start=start,
        name=name,
    )


def number(value: float) -> str:
    return f"{value:g}"
