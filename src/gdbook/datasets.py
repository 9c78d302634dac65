"""Data sets for the landscapes that learn from data: NNFS's spiral.

>>> from gdbook import datasets
>>> X, y = datasets.spiral(samples=100, classes=3, seed=0)
>>> X.shape, X.dtype, y.shape, y[[0, 100, 299]].tolist()
((300, 2), dtype('float64'), (300,), [0, 1, 2])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_int

__all__ = ["spiral"]

#: The largest seed numpy's legacy ``RandomState`` accepts.
_MAX_SEED = 2**32 - 1


def spiral(
    samples: int = 100, classes: int = 3, seed: int = 0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    r"""The spiral data of NNFS chapter 10: ``classes`` interleaved arms in the plane.

    Arm :math:`k` holds ``samples`` points
    :math:`r_i (\sin 2.5 t_i, \cos 2.5 t_i)` with the radius :math:`r_i`
    running evenly from 0 to 1 and the angle
    :math:`t_i = 4 k + 4 i / (\text{samples} - 1) + 0.2\, \varepsilon_i`,
    :math:`\varepsilon_i` standard normal. The values are those of NNFS's
    ``spiral_data(samples, classes)`` (CS231n's spiral) after
    ``np.random.seed(seed)``: the same formula and the same draws from
    numpy's legacy random stream, in float64 (``nnfs.init()`` would make
    them float32).

    Parameters
    ----------
    samples : int
        Points per class, ``samples >= 1``.
    classes : int
        Number of classes (arms), ``classes >= 1``.
    seed : int
        Seed of numpy's legacy ``RandomState``, ``0 <= seed < 2**32``.

    Returns
    -------
    X : ndarray of float64, shape (samples * classes, 2)
        The points, class by class.
    y : ndarray of int64, shape (samples * classes,)
        The class of each point, ``0 .. classes - 1``.

    Raises
    ------
    TypeError
        An argument that is not an integer.
    ValueError
        ``samples`` or ``classes`` below 1, ``seed`` outside ``[0, 2**32)``.

    References
    ----------
    H. Kinsley and D. Kukieła (2020), *Neural Networks from Scratch in
    Python*, chapter 10; A. Karpathy, CS231n "Neural networks case study".
    """
    samples = check_int("samples", samples, ge=1)
    classes = check_int("classes", classes, ge=1)
    seed = _check_seed(seed)
    return _draw_spiral(samples, classes, np.random.RandomState(seed))


def _check_seed(seed: object) -> int:
    """``seed`` checked for numpy's legacy ``RandomState``."""
    value = check_int("seed", seed, ge=0)
    if value > _MAX_SEED:
        msg = f"seed must be in [0, 2**32), got seed={seed!r}"
        raise ValueError(msg)
    return value


def _draw_spiral(
    samples: int, classes: int, rng: np.random.RandomState
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The spiral drawn from ``rng``, which goes on from where the data left it."""
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype=np.int64)
    # NNFS's operations in NNFS's order, so that the values match bit for bit.
    for k in range(classes):
        ix = slice(samples * k, samples * (k + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(k * 4, (k + 1) * 4, samples) + rng.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = k
    return X, y
