"""Argument checks shared by optimizers, schedules and descend.

Every check names the parameter, shows the value given and says what is
allowed, so that ``lr=-1`` fails with ``lr must be > 0, got lr=-1.0``.
Nothing is clamped: a bad value is an error.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "as_float_array",
    "check_bool",
    "check_finite",
    "check_int",
    "check_real",
    "is_schedule",
]

Real = float | npt.NDArray[np.float64]


def is_schedule(value: object) -> bool:
    """True for a callable hyperparameter: a schedule of the step index."""
    return callable(value)


def as_float_array(
    name: str, value: Any, what: str = "an array of real numbers", *, copy: bool = False
) -> npt.NDArray[np.float64]:
    """``value`` as a float64 array (a copy if ``copy``).

    Raises ``TypeError`` saying that ``name`` must be ``what`` when numpy
    cannot read ``value`` as real numbers.
    """
    try:
        return np.array(value, dtype=np.float64, copy=copy or None)
    except (TypeError, ValueError):
        msg = f"{name} must be {what}, got {name}={value!r}"
        raise TypeError(msg) from None


def check_finite(
    name: str, arr: npt.NDArray[np.float64], given: Any
) -> npt.NDArray[np.float64]:
    """``arr`` if every entry is finite.

    Raises ``ValueError`` otherwise, naming ``name`` and showing ``given``,
    the value that ``arr`` was read from.
    """
    if not np.isfinite(arr).all():
        msg = f"{name} must be finite, got {name}={given!r}"
        raise ValueError(msg)
    return arr


def _describe(
    gt: float | None, ge: float | None, lt: float | None, le: float | None
) -> str:
    lower = f"> {gt}" if gt is not None else f">= {ge}" if ge is not None else ""
    upper = f"< {lt}" if lt is not None else f"<= {le}" if le is not None else ""
    if lower and upper:
        low_bracket = "(" if gt is not None else "["
        high_bracket = ")" if lt is not None else "]"
        low = gt if gt is not None else ge
        high = lt if lt is not None else le
        return f"in {low_bracket}{low}, {high}{high_bracket}"
    return lower or upper or "finite"


def check_real(
    name: str,
    value: Any,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    array: bool = True,
) -> Real:
    """Check a real hyperparameter (a number, or an array if ``array``).

    Returns a Python float for a scalar and a float64 array otherwise. Raises
    ``TypeError`` for a non-numeric value and ``ValueError`` for a non-finite
    or out-of-range one, naming ``name`` and the offending value.
    """
    what = "a real number" + (" or an array of them" if array else "")
    if isinstance(value, bool) or (
        not isinstance(value, numbers.Real | np.ndarray | list | tuple)
    ):
        msg = f"{name} must be {what}, got {name}={value!r}"
        raise TypeError(msg)
    arr = as_float_array(name, value, what)
    if arr.ndim and not array:
        msg = f"{name} must be a scalar, got an array of shape {arr.shape}"
        raise TypeError(msg)
    allowed = _describe(gt, ge, lt, le)
    bad = ~np.isfinite(arr)
    if gt is not None:
        bad |= ~(arr > gt)
    if ge is not None:
        bad |= ~(arr >= ge)
    if lt is not None:
        bad |= ~(arr < lt)
    if le is not None:
        bad |= ~(arr <= le)
    if bad.any():
        shown = arr.flat[int(np.flatnonzero(bad)[0])] if arr.ndim else float(arr)
        where = (
            f" (at index {tuple(int(i) for i in np.unravel_index(int(np.flatnonzero(bad)[0]), arr.shape))})"
            if arr.ndim
            else ""
        )
        finite = "finite and " if allowed != "finite" else ""
        msg = f"{name} must be {finite}{allowed}, got {name}={float(shown)!r}{where}"
        raise ValueError(msg)
    return float(arr) if arr.ndim == 0 else arr


def check_int(name: str, value: Any, *, ge: int | None = None) -> int:
    """Check an integer parameter (steps, step_size, ...), naming it on error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        msg = f"{name} must be an integer, got {name}={value!r}"
        raise TypeError(msg)
    if ge is not None and value < ge:
        msg = f"{name} must be >= {ge}, got {name}={value!r}"
        raise ValueError(msg)
    return int(value)


def check_bool(name: str, value: Any) -> bool:
    """Check a switch (nesterov, three_phase, ...): True or False, numpy's too."""
    if not isinstance(value, bool | np.bool_):
        msg = f"{name} must be True or False, got {name}={value!r}"
        raise TypeError(msg)
    return bool(value)


def check_hyper(
    name: str,
    value: Any,
    **bounds: float | None,
) -> Real | Callable[[int], Any]:
    """Check a hyperparameter that may also be a schedule (checked when used)."""
    if is_schedule(value):
        return value  # type: ignore[no-any-return]
    return check_real(name, value, **bounds)  # type: ignore[arg-type]
