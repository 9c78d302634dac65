"""Sharpness: the largest Hessian eigenvalue, from Hessian-vector products (Lanczos)."""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt

from gdbook._validate import as_float_array, check_int, check_real
from gdbook.landscape import Landscape, check_landscape

__all__ = ["sharpness"]

Array = npt.NDArray[np.float64]


def sharpness(
    landscape: Landscape,
    x: npt.ArrayLike,
    *,
    tol: float = 1e-10,
    max_iter: int = 200,
    seed: int = 0,
) -> Array:
    r"""The sharpness :math:`\lambda_{\max}`: the largest eigenvalue of the Hessian at ``x``.

    Found by the Lanczos iteration on exact Hessian-vector products
    (:meth:`~gdbook.Landscape.hvp`), never forming the Hessian: each step
    costs one product per point, and the points of a batch are iterated
    together. Each new Lanczos vector is orthogonalized against all the
    earlier ones (twice), so that no ghost copies of an eigenvalue appear.
    The iteration stops when, for every point, the residual of the largest
    Ritz value :math:`\theta` (``|beta_k s_k|``, the norm of
    :math:`H u - \theta u` for its Ritz vector :math:`u`) is at most
    ``tol * |theta|``, or when the Krylov space is the whole space
    (``dim`` steps: exact to rounding, as on the 1-d and 2-d landscapes).

    Finite differences of the gradient would not do on a ReLU network:
    across the kinks of its loss they are wrong by orders of magnitude.

    Parameters
    ----------
    landscape : Landscape
        Any landscape; its :meth:`~gdbook.Landscape.hvp` is used.
    x : array_like, shape (..., dim)
        Points, any leading batch axes.
    tol : float
        Relative residual at which to stop, ``tol > 0``. The error of
        :math:`\lambda_{\max}` is at most the residual, and about its square
        over the gap to the next eigenvalue.
    max_iter : int
        Most Lanczos steps, ``max_iter >= 1``.
    seed : int
        Seed of the random start vectors, ``seed >= 0``.

    Returns
    -------
    ndarray, shape (...)
        :math:`\lambda_{\max}` at each point (a float64 scalar for one point).

    Raises
    ------
    TypeError
        ``landscape`` is not a :class:`~gdbook.Landscape`, or a bad argument type.
    ValueError
        ``x``'s last axis is not ``landscape.dim`` long, or a bad argument value.

    Warns
    -----
    RuntimeWarning
        When ``max_iter`` steps end before every point reaches ``tol``
        (the values returned are then lower bounds).

    Examples
    --------
    >>> from gdbook import landscapes, theory
    >>> float(theory.sharpness(landscapes.quadratic(a=4.0), [0.3]))
    4.0
    >>> theory.sharpness(landscapes.ill_conditioned(condition=10.0), [[0.0, 0.0], [1.0, 2.0]])
    array([10., 10.])
    """
    check_landscape(landscape)
    tol = float(check_real("tol", tol, gt=0, array=False))
    max_iter = check_int("max_iter", max_iter, ge=1)
    seed = check_int("seed", seed, ge=0)
    points = as_float_array("x", x)
    if points.ndim == 0 or points.shape[-1] != landscape.dim:
        msg = (
            f"x must have shape (..., {landscape.dim}): points of this "
            f"{landscape.dim}-dimensional landscape, got x of shape {points.shape}"
        )
        raise ValueError(msg)
    batch, n = points.shape[:-1], landscape.dim
    flat = np.ascontiguousarray(points.reshape(-1, n))
    rng = np.random.default_rng(seed)
    steps = min(n, max_iter)
    Q = np.zeros((len(flat), steps, n))
    T = np.zeros((len(flat), steps, steps))
    q = _unit(rng.standard_normal(flat.shape))
    residual = theta = np.zeros(len(flat))
    for k in range(steps):
        Q[:, k] = q
        w = landscape.hvp(flat, q)
        T[:, k, k] = np.einsum("nd,nd->n", w, q)
        _orthogonalize(w, Q[:, : k + 1])
        beta = np.linalg.norm(w, axis=-1)
        values, vectors = np.linalg.eigh(T[:, : k + 1, : k + 1])
        theta = values[:, -1]
        residual = beta * np.abs(vectors[:, -1, -1])
        scale = np.abs(values).max(axis=-1)
        if k + 1 == steps or (residual <= tol * np.abs(theta)).all():
            break
        # Where the Krylov space closed (an invariant subspace: beta ~ 0), go on
        # from a fresh random direction orthogonal to it, with no coupling.
        closed = beta <= 1e-13 * np.maximum(scale, np.finfo(np.float64).tiny)
        if closed.any():
            fresh = rng.standard_normal((int(closed.sum()), n))
            _orthogonalize(fresh, Q[closed, : k + 1])
            w[closed] = fresh
            beta[closed] = 0.0
        q = _unit(w)
        T[:, k, k + 1] = T[:, k + 1, k] = beta
    unconverged = ~(residual <= tol * np.abs(theta))
    if steps < n and unconverged.any():
        msg = (
            f"sharpness: {int(unconverged.sum())} of {len(flat)} points did not reach "
            f"tol={tol} in max_iter={max_iter} Lanczos steps (largest relative "
            f"residual {float(np.max(residual / np.abs(theta))):.2g}); the values "
            "are lower bounds"
        )
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
    out: Array = theta.reshape(batch)
    return out[()]


def _unit(v: Array) -> Array:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def _orthogonalize(w: Array, Q: Array) -> None:
    """Remove from each ``w`` ``(N, n)`` its parts along the rows of ``Q`` ``(N, k, n)``, in place."""
    for _ in range(2):  # twice is enough (Kahan, Parlett: "twice is enough")
        coefficients = np.matmul(Q, w[..., np.newaxis])
        w -= np.matmul(Q.transpose(0, 2, 1), coefficients)[..., 0]
