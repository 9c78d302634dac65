"""The Landscape: a loss, its gradient and Hessian, a plotting domain, its minima.

A :class:`Landscape` wraps plain vectorized callables. Points are arrays of
shape ``(..., dim)``: the last axis holds the coordinates and any leading axes
are a batch, so one call evaluates a whole grid or a whole sweep of runs.
``loss`` maps ``(..., dim)`` to ``(...)``, ``grad`` maps ``(..., dim)`` to
``(..., dim)`` and ``hessian`` maps ``(..., dim)`` to ``(..., dim, dim)``.
The built-in landscapes are in :mod:`gdbook.landscapes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from gdbook._validate import as_float_array, check_int, check_real

__all__ = ["Landscape", "Minimum"]

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
    grad_into : callable, optional
        ``grad_into(x, out)``: the gradient written into the float64 array
        ``out`` of the shape of ``x`` (which it never overlaps), for
        :meth:`grad_into` and so for every step of :func:`gdbook.descend`.
        Without it :meth:`grad_into` copies ``grad(x)`` into ``out``.
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
        ``dim`` not an integer, ``loss``, ``grad``, ``hessian`` or
        ``grad_into`` not callable,
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
        grad_into: GradInto | None = None,
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
        if grad_into is not None:
            _check_callable("grad_into", grad_into, optional=True)
        _check_name(name)
        self._loss = loss
        self._grad = grad
        self._hessian = hessian
        self._grad_into = grad_into
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

    def grad_into(self, x: Array, out: Array, *, check: bool = True) -> Array:
        """Write the gradient at ``x`` into ``out`` and return ``out``.

        This is the gradient :func:`gdbook.descend` takes at every step, over
        batches of up to ``10**5`` points. The built-in landscapes compute it
        with numpy's ``out=`` arguments and in-place operations, so that a
        step allocates no temporary arrays (the quadratic, the book curve, the
        ill-conditioned bowl, Rosenbrock) or a few (Himmelblau, the trap):
        each would be as large as the batch, and allocating and filling it
        costs about as much as the arithmetic. A landscape made without a
        ``grad_into`` function does ``out[...] = grad(x)``.

        Parameters
        ----------
        x : ndarray, shape (..., dim)
            Points (float64).
        out : ndarray of float64, same shape as ``x``
            Where the gradient goes. For a landscape with a ``grad_into``
            function it must not overlap ``x``.
        check : bool
            Check the arguments (the default). A loop that checked ``x`` and
            ``out`` once, before its first step, passes ``False`` to skip
            the checks at every step: then a bad argument is not caught.

        Returns
        -------
        ndarray
            ``out``.

        Raises
        ------
        ValueError
            ``x``'s last axis is not ``dim`` long, ``out`` has another shape
            than ``x``, or (with a ``grad_into`` function) ``out`` overlaps
            ``x``.
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
        if not check:
            if self._grad_into is None:
                np.copyto(out, self._grad(x))
            else:
                self._grad_into(x, out)
            return out
        points = self._checked_into(x, out, overlap=self._grad_into is not None)
        if self._grad_into is None:
            out[...] = self.grad(points)
            return out
        self._grad_into(points, out)
        return out

    def _checked_into(self, x: Array, out: Array, *, overlap: bool = True) -> Array:
        """``x`` as float64 after checking ``x`` and ``out`` as grad_into does."""
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
        if overlap and np.may_share_memory(points, out):
            msg = (
                "out must not overlap x: the gradient is written while x is still read"
            )
            raise ValueError(msg)
        return points

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


def check_landscape(value: object) -> None:
    """Raise TypeError unless ``value``, the parameter ``landscape``, is a Landscape."""
    if not isinstance(value, Landscape):
        msg = f"landscape must be a gdbook.Landscape, got landscape={value!r}"
        raise TypeError(msg)
