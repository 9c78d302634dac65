"""Loss landscapes: a loss, its gradient and Hessian, a plotting domain, its minima.

A :class:`Landscape` wraps plain vectorized callables. Points are arrays of
shape ``(..., dim)``: the last axis holds the coordinates and any leading axes
are a batch, so one call evaluates a whole grid or a whole sweep of runs.
``loss`` maps ``(..., dim)`` to ``(...)``, ``grad`` maps ``(..., dim)`` to
``(..., dim)`` and ``hessian`` maps ``(..., dim)`` to ``(..., dim, dim)``.

The built-in landscapes are made by the factory functions of this module. Each
has an analytic gradient and Hessian, a domain chosen for plotting, a standard
start point and every minimum inside its domain, located to machine precision
by Newton's method on the analytic gradient when the landscape is made.

>>> from gdbook import landscapes
>>> curve = landscapes.book_curve()
>>> [round(float(m.x[0]), 2) for m in curve.minima]
[-1.87, 0.1, 2.06, 4.03, 6.0, 7.97]
>>> [m.kind for m in curve.minima]
['local', 'local', 'local', 'local', 'global', 'local']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from gdbook._validate import as_float_array, check_int, check_real

__all__ = [
    "Landscape",
    "Minimum",
    "SpiralNetwork",
    "book_curve",
    "himmelblau",
    "ill_conditioned",
    "quadratic",
    "rosenbrock",
    "spiral_network",
    "trap",
]

Array = npt.NDArray[np.float64]
ArrayFunction = Callable[[Array], npt.ArrayLike]
GradInto = Callable[[Array, Array], object]

# Central differences of the gradient balance truncation (~h**2) against
# rounding (~eps/h): the best step is about eps**(1/3) times the scale of x.
_HESSIAN_STEP = float(np.finfo(np.float64).eps) ** (1 / 3)


@dataclass(frozen=True, eq=False)
class Minimum:
    """A known minimum of a landscape.

    Parameters
    ----------
    x : array_like, shape (dim,)
        Its position; stored as a read-only float64 array.
    loss : float
        The loss there.
    kind : {"global", "local"}
        ``"global"`` for a lowest minimum (a landscape may have several of
        equal loss), ``"local"`` otherwise.

    Raises
    ------
    ValueError
        ``x`` not one-dimensional or not finite, ``loss`` not finite, or an
        unknown ``kind``.

    Examples
    --------
    >>> from gdbook import Minimum
    >>> m = Minimum([0.0, 1.0], 0.0, "global")
    >>> m.x, m.loss, m.kind
    (array([0., 1.]), 0.0, 'global')
    """

    x: Array
    loss: float
    kind: Literal["global", "local"]

    def __post_init__(self) -> None:
        x = np.array(self.x, dtype=np.float64)
        if x.ndim != 1 or x.size == 0 or not np.isfinite(x).all():
            msg = (
                "a minimum's x must be a finite 1-d array of coordinates, "
                f"got x={self.x!r}"
            )
            raise ValueError(msg)
        x.flags.writeable = False
        loss = check_real("loss", self.loss, array=False)
        if self.kind not in ("global", "local"):
            msg = (
                f"a minimum's kind must be 'global' or 'local', got kind={self.kind!r}"
            )
            raise ValueError(msg)
        # A frozen dataclass sets its fields once, through object.__setattr__.
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "loss", loss)


class Landscape:
    r"""A loss function with its gradient, Hessian, plotting domain and minima.

    Parameters
    ----------
    loss : callable
        ``loss(x)`` for points ``x`` of shape ``(..., dim)``, returning an
        array of shape ``(...)``: vectorized over any leading batch axes.
    grad : callable
        ``grad(x)``, the gradient of ``loss``, shape ``(..., dim)`` to
        ``(..., dim)``.
    dim : int
        Number of coordinates, ``dim >= 1``.
    hessian : callable, optional
        ``hessian(x)``, shape ``(..., dim)`` to ``(..., dim, dim)``. Without
        it :meth:`hessian` uses central differences of ``grad``.
    domain : array_like, shape (dim, 2), optional
        Low and high end of each axis, for plotting and for the random points
        of :meth:`check_grad`; ``(low, high)`` is accepted when ``dim == 1``.
        By default, the box around ``start`` and the minima, widened on each
        side by a quarter of its width and at least 1 (``[-1, 1]`` per axis
        when neither is given).
    minima : iterable of Minimum, optional
        The known minima. Sorted by position when ``dim == 1``, otherwise kept
        in the order given.
    start : array_like, shape (dim,), optional
        The standard start point of runs on this landscape.
    name : str, optional
        A short name for titles and messages.

    Raises
    ------
    TypeError
        ``dim`` not an integer, ``loss``, ``grad`` or ``hessian`` not callable,
        ``name`` not a string, a minimum not a :class:`Minimum`.
    ValueError
        ``dim < 1``; ``domain``, ``start`` or a minimum of the wrong shape or
        not finite; a ``domain`` axis whose low end is not below its high end;
        a local minimum lower than a global one.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import Landscape, Minimum
    >>> bowl = Landscape(
    ...     loss=lambda x: (x**2).sum(-1) / 2,
    ...     grad=lambda x: x,
    ...     dim=2,
    ...     minima=[Minimum([0.0, 0.0], 0.0, "global")],
    ...     name="round bowl",
    ... )
    >>> bowl.loss([[1.0, 2.0], [0.0, 1.0]])
    array([2.5, 0.5])
    >>> bowl.hessian([1.0, 2.0]).round(6)
    array([[1., 0.],
           [0., 1.]])
    >>> bowl.domain
    array([[-1., 1.],
           [-1., 1.]])
    """

    #: True for a landscape whose gradient at step ``t`` of a run depends on
    #: ``t`` (a minibatch): :func:`gdbook.descend` then calls
    #: ``grad_into(x, out, step=t)``.
    stochastic: bool = False

    def __init__(
        self,
        loss: ArrayFunction,
        grad: ArrayFunction,
        dim: int,
        *,
        hessian: ArrayFunction | None = None,
        domain: npt.ArrayLike | None = None,
        minima: Iterable[Minimum] = (),
        start: npt.ArrayLike | None = None,
        name: str | None = None,
    ) -> None:
        self.dim: int = check_int("dim", dim, ge=1)
        _check_callable("loss", loss)
        _check_callable("grad", grad)
        if hessian is not None:
            _check_callable("hessian", hessian, optional=True)
        _check_name(name)
        self._loss = loss
        self._grad = grad
        self._hessian = hessian
        # Built-in landscapes set this to a gradient that writes into its
        # output array without temporaries; see grad_into.
        self._grad_into: GradInto | None = None
        # A landscape with a hand-written Hessian-vector product sets this; see hvp.
        self._hvp: Callable[[Array, Array], npt.ArrayLike] | None = None
        self.name: str | None = name
        self.start: Array | None = (
            None if start is None else self._point("start", start)
        )
        self.minima: tuple[Minimum, ...] = self._check_minima(minima)
        self.domain: Array = self._check_domain(domain)

    def __repr__(self) -> str:
        return f"Landscape(name={self.name!r}, dim={self.dim})"

    # -- checks -------------------------------------------------------------

    def _point(self, label: str, value: npt.ArrayLike) -> Array:
        point = _float_array(label, value)
        if point.shape != (self.dim,) or not np.isfinite(point).all():
            msg = (
                f"{label} must be a finite point of shape ({self.dim},), "
                f"got {label}={value!r}"
            )
            raise ValueError(msg)
        point.flags.writeable = False
        return point

    def _check_minima(self, minima: object) -> tuple[Minimum, ...]:
        if isinstance(minima, Minimum) or not isinstance(minima, Iterable):
            msg = f"minima must be an iterable of Minimum, got minima={minima!r}"
            raise TypeError(msg)
        checked: list[Minimum] = []
        for i, m in enumerate(minima):
            if not isinstance(m, Minimum):
                msg = f"minima[{i}] must be a Minimum, got {m!r}"
                raise TypeError(msg)
            if m.x.shape != (self.dim,):
                msg = (
                    f"minima[{i}].x must have shape ({self.dim},) on a "
                    f"{self.dim}-dimensional landscape, got shape {m.x.shape}"
                )
                raise ValueError(msg)
            checked.append(m)
        globals_ = [m.loss for m in checked if m.kind == "global"]
        locals_ = [m.loss for m in checked if m.kind == "local"]
        if globals_ and locals_ and min(locals_) < min(globals_):
            msg = (
                f"a local minimum (loss {min(locals_)!r}) cannot be lower than the "
                f"global minimum (loss {min(globals_)!r})"
            )
            raise ValueError(msg)
        if self.dim == 1:
            checked.sort(key=lambda m: float(m.x[0]))
        return tuple(checked)

    def _check_domain(self, domain: npt.ArrayLike | None) -> Array:
        if domain is None:
            return self._default_domain()
        box = _float_array("domain", domain)
        if self.dim == 1 and box.shape == (2,):
            box = box.reshape(1, 2)
        if box.shape != (self.dim, 2) or not np.isfinite(box).all():
            msg = (
                f"domain must be finite with shape ({self.dim}, 2), a (low, high) "
                f"pair per axis, got domain={domain!r}"
            )
            raise ValueError(msg)
        if not (box[:, 0] < box[:, 1]).all():
            axis = int(np.flatnonzero(box[:, 0] >= box[:, 1])[0])
            msg = (
                f"domain's low end must be below its high end on every axis, got "
                f"domain[{axis}]={tuple(box[axis].tolist())!r}"
            )
            raise ValueError(msg)
        box.flags.writeable = False
        return box

    def _default_domain(self) -> Array:
        points = [m.x for m in self.minima]
        if self.start is not None:
            points.append(self.start)
        if points:
            low, high = np.min(points, axis=0), np.max(points, axis=0)
            pad = np.maximum(1.0, (high - low) / 4)
            box = np.stack([low - pad, high + pad], axis=-1)
        else:
            box = np.tile([-1.0, 1.0], (self.dim, 1))
        box.flags.writeable = False
        return box

    def _points(self, x: npt.ArrayLike, label: str = "x") -> Array:
        points = _float_array(label, x, copy=False)
        if points.ndim == 0 or points.shape[-1] != self.dim:
            hint = " (for one point of a 1-d landscape use [x]; for many, x[..., None])"
            msg = (
                f"{label} must have shape (..., {self.dim}): points of this "
                f"{self.dim}-dimensional landscape along the last axis, got "
                f"{label} of shape {points.shape}" + (hint if self.dim == 1 else "")
            )
            raise ValueError(msg)
        return points

    def _returned(
        self, label: str, value: npt.ArrayLike, points: Array, extra: int
    ) -> Array:
        """``value`` as float64, checked to have the batch shape + ``extra`` dims."""
        out = np.asarray(value, dtype=np.float64)
        shape = points.shape[:-1] + (self.dim,) * extra
        if out.shape != shape:
            msg = (
                f"the {label} function of {self!r} returned shape {out.shape} for "
                f"points of shape {points.shape}, expected {shape}: it must be "
                "vectorized over leading batch axes"
            )
            raise ValueError(msg)
        return out

    # -- evaluation ---------------------------------------------------------

    def loss(self, x: npt.ArrayLike) -> Array:
        """The loss at points ``x``.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Points, any leading batch axes: ``[w]`` is one point of a 1-d
            landscape, ``w[..., None]`` many.

        Returns
        -------
        ndarray, shape (...)
            The loss at each point (a float64 scalar for a single point).

        Raises
        ------
        ValueError
            The last axis of ``x`` is not ``dim`` long, or the loss function
            returned another shape than ``x.shape[:-1]``.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> landscapes.quadratic(a=2.0).loss([[1.0], [3.0]])
        array([1., 9.])
        """
        points = self._points(x)
        out = self._returned("loss", self._loss(points), points, 0)
        return out[()]

    def grad(self, x: npt.ArrayLike) -> Array:
        """The gradient of the loss at points ``x``.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Points, any leading batch axes.

        Returns
        -------
        ndarray, shape (..., dim)
            The gradient at each point.

        Raises
        ------
        ValueError
            The last axis of ``x`` is not ``dim`` long, or the gradient
            function returned another shape than ``x.shape``.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> landscapes.quadratic(a=2.0).grad([[1.0], [3.0]])
        array([[2.],
               [6.]])
        """
        points = self._points(x)
        return self._returned("grad", self._grad(points), points, 1)

    def hessian(self, x: npt.ArrayLike) -> Array:
        """The Hessian of the loss at points ``x``.

        Analytic when the landscape was given one, otherwise central
        differences of :meth:`grad` with step ``eps**(1/3) * max(1, |x_i|)``
        along each axis (relative error about ``1e-10``), symmetrized.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Points, any leading batch axes. Without an analytic Hessian each
            costs ``2 * dim`` gradients.

        Returns
        -------
        ndarray, shape (..., dim, dim)
            The Hessian at each point.

        Raises
        ------
        ValueError
            The last axis of ``x`` is not ``dim`` long, or the Hessian function
            (without one, the gradient function) returned the wrong shape.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> landscapes.ill_conditioned(condition=4.0).hessian([0.0, 0.0])
        array([[1., 0.],
               [0., 4.]])
        """
        points = self._points(x)
        if self._hessian is not None:
            return self._returned("hessian", self._hessian(points), points, 2)
        step = _HESSIAN_STEP * np.maximum(1.0, np.abs(points))
        # Rounding the step so that x + step is exact removes one rounding error.
        step = (points + step) - points
        shift = step[..., :, np.newaxis] * np.eye(self.dim)
        plus = self.grad(points[..., np.newaxis, :] + shift)
        minus = self.grad(points[..., np.newaxis, :] - shift)
        # Row j is the derivative of the gradient along axis j.
        rows: Array = (plus - minus) / (2 * step[..., :, np.newaxis])
        return (rows + np.swapaxes(rows, -1, -2)) / 2

    def hvp(self, x: npt.ArrayLike, v: npt.ArrayLike) -> Array:
        """Hessian-vector products: the Hessian at ``x`` times ``v``.

        Exact where the landscape has a hand-written product (the spiral
        network), otherwise ``hessian(x) @ v``.

        Parameters
        ----------
        x, v : array_like, shape (..., dim)
            Points and directions; their leading axes broadcast together.

        Returns
        -------
        ndarray, shape (..., dim)
            The product for each pair, over the broadcast batch shape.

        Raises
        ------
        ValueError
            The last axis of ``x`` or ``v`` is not ``dim`` long, or their
            batch shapes do not broadcast.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> landscapes.ill_conditioned(condition=4.0).hvp([0.0, 0.0], [1.0, 1.0])
        array([1., 4.])
        """
        points, vectors = self._points(x), self._points(v, "v")
        shape = np.broadcast_shapes(points.shape, vectors.shape)
        if self._hvp is None:
            product = self.hessian(points) @ vectors[..., np.newaxis]
            return np.broadcast_to(product[..., 0], shape).copy()
        return self._returned(
            "hvp", self._hvp(points, vectors), np.broadcast_to(points, shape), 1
        )

    def grad_into(self, x: Array, out: Array) -> Array:
        """Write the gradient at ``x`` into ``out`` and return ``out``.

        This is the gradient :func:`gdbook.descend` takes at every step, over
        batches of up to ``10**5`` points. The built-in landscapes compute it
        with numpy's ``out=`` arguments and in-place operations, so that a
        step allocates no temporary arrays (the quadratic, the book curve, the
        ill-conditioned bowl, Rosenbrock) or a few (Himmelblau, the trap):
        each would be as large as the batch, and allocating and filling it
        costs about as much as the arithmetic. Other landscapes do
        ``out[...] = grad(x)``.

        Parameters
        ----------
        x : ndarray, shape (..., dim)
            Points (float64).
        out : ndarray of float64, same shape as ``x``
            Where the gradient goes. For a built-in landscape it must not
            overlap ``x``.

        Returns
        -------
        ndarray
            ``out``.

        Raises
        ------
        ValueError
            ``x``'s last axis is not ``dim`` long, ``out`` has another shape
            than ``x``, or (built-in landscapes) ``out`` overlaps ``x``.
        TypeError
            ``out`` is not a float64 array.

        Examples
        --------
        >>> import numpy as np
        >>> from gdbook import landscapes
        >>> x = np.array([[1.0], [3.0]]); g = np.empty_like(x)
        >>> landscapes.quadratic(a=2.0).grad_into(x, g)
        array([[2.],
               [6.]])
        """
        points = np.asarray(x, dtype=np.float64)
        _check_float64_array("out", out)
        if (
            points.ndim == 0
            or points.shape[-1] != self.dim
            or out.shape != points.shape
        ):
            msg = (
                f"x must have shape (..., {self.dim}) and out the same shape, got x "
                f"of shape {points.shape} and out of shape {out.shape}"
            )
            raise ValueError(msg)
        if self._grad_into is None:
            out[...] = self.grad(points)
            return out
        if np.may_share_memory(points, out):
            msg = (
                "out must not overlap x: the gradient is written while x is still read"
            )
            raise ValueError(msg)
        self._grad_into(points, out)
        return out

    def check_grad(
        self,
        x: npt.ArrayLike | None = None,
        *,
        h: float = 1e-6,
        rtol: float = 1e-5,
        atol: float = 1e-7,
        n: int = 16,
        seed: int = 0,
    ) -> float:
        """Check :meth:`grad` against central differences of :meth:`loss`.

        Each partial derivative is compared with
        ``(loss(x + s e_i) - loss(x - s e_i)) / 2s``, ``s = h * max(1, |x_i|)``;
        it passes when ``|grad - difference| <= atol + rtol * |difference|``
        (the rule of :func:`numpy.isclose`).

        Parameters
        ----------
        x : array_like, shape (..., dim), optional
            Points to check at. By default ``n`` points drawn uniformly from
            the domain with ``numpy.random.default_rng(seed)``.
        h : float
            Relative step of the differences, ``h > 0``.
        rtol, atol : float
            Relative and absolute tolerance, ``>= 0``.
        n : int
            Number of random points when ``x`` is not given, ``n >= 1``.
        seed : int
            Seed of the random points.

        Returns
        -------
        float
            The largest absolute difference found, when every point passes.

        Raises
        ------
        AssertionError
            Some point fails; the message names the worst one, the gradient
            there and the difference quotient.
        ValueError, TypeError
            A bad argument, or ``x`` of the wrong shape.

        Examples
        --------
        >>> import numpy as np
        >>> from gdbook import Landscape, landscapes
        >>> err = landscapes.rosenbrock().check_grad()
        >>> bool(err < 1e-4)
        True
        >>> wrong = Landscape(lambda x: (x**2).sum(-1), lambda x: x, dim=1)
        >>> wrong.check_grad([0.5])
        Traceback (most recent call last):
        ...
        AssertionError: the gradient does not match ... at x=[0.5]: ...
        """
        h = float(check_real("h", h, gt=0, array=False))
        rtol = float(check_real("rtol", rtol, ge=0, array=False))
        atol = float(check_real("atol", atol, ge=0, array=False))
        n = check_int("n", n, ge=1)
        seed = check_int("seed", seed, ge=0)
        if x is None:
            rng = np.random.default_rng(seed)
            points = rng.uniform(self.domain[:, 0], self.domain[:, 1], (n, self.dim))
        else:
            points = self._points(x)
        step = h * np.maximum(1.0, np.abs(points))
        step = (points + step) - points  # as in hessian: x + step is exact
        shift = step[..., :, np.newaxis] * np.eye(self.dim)
        plus = self.loss(points[..., np.newaxis, :] + shift)
        minus = self.loss(points[..., np.newaxis, :] - shift)
        difference = (plus - minus) / (2 * step)
        gradient = self.grad(points)
        error = np.abs(gradient - difference)
        # Non-finite values fail: the comparisons below are False for NaN.
        ratio = np.where(
            np.isfinite(error), error / (atol + rtol * np.abs(difference)), np.inf
        )
        failing = ~(ratio <= 1)
        if failing.any():
            worst = np.unravel_index(
                int(np.argmax(np.where(failing, ratio, -1))), ratio.shape
            )
            at = worst[:-1]
            msg = (
                "the gradient does not match central differences of the loss at "
                f"x={points[at].tolist()}: grad={gradient[at].tolist()}, "
                f"differences={difference[at].tolist()} "
                f"(h={h}, rtol={rtol}, atol={atol})"
            )
            raise AssertionError(msg)
        return float(error.max(initial=0.0))


def _check_callable(label: str, value: object, *, optional: bool = False) -> None:
    if not callable(value):
        allowed = "a callable or None" if optional else "a callable"
        msg = f"{label} must be {allowed}, got {label}={value!r}"
        raise TypeError(msg)


def _check_name(name: object) -> None:
    if name is not None and not isinstance(name, str):
        msg = f"name must be a string or None, got name={name!r}"
        raise TypeError(msg)


def _check_float64_array(label: str, value: object) -> None:
    if not isinstance(value, np.ndarray) or value.dtype != np.float64:
        msg = f"{label} must be a float64 array, got {type(value).__name__}"
        if isinstance(value, np.ndarray):
            msg += f" of dtype {value.dtype}"
        raise TypeError(msg)


def _float_array(label: str, value: Any, *, copy: bool = True) -> Array:
    if isinstance(value, str | bytes):
        msg = f"{label} must be an array of real numbers, got {label}={value!r}"
        raise TypeError(msg)
    return as_float_array(label, value, copy=copy)


# -- finding the minima of the built-in landscapes ----------------------------


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


def _builtin(
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

    landscape = Landscape(
        loss,
        grad,
        len(start),
        hessian=hessian,
        domain=domain,
        minima=_minima(loss, grad, hessian, guesses),
        start=start,
        name=name,
    )
    landscape._grad_into = grad_into
    return landscape


def _number(value: float) -> str:
    return f"{value:g}"


# -- the built-in landscapes --------------------------------------------------


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

    return _builtin(
        name=f"quadratic (a={_number(a)})",
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

    return _builtin(
        name="book curve",
        domain=[[-2.5, 8.5]],
        start=[-0.9],
        guesses=[[-1.87], [0.1], [2.06], [4.03], [6.0], [7.97]],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


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

    return _builtin(
        name=f"ill-conditioned bowl (condition={_number(kappa)})",
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
    return _builtin(
        name=f"Rosenbrock (a={_number(a)}, b={_number(b)})",
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

    return _builtin(
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

    return _builtin(
        name="trap",
        domain=[[-3.0, 3.0], [-3.0, 3.0]],
        start=[-2.5, 2.0],
        guesses=[m for m, _, _ in _TRAP_WELLS],
        loss=loss,
        grad_into=grad_into,
        hessian=hessian,
    )


# The network is a Landscape itself, so it is imported once Landscape exists.
from gdbook._network import SpiralNetwork, spiral_network
