"""An explorer's spec: its grids, scales and marks, from the directive's options.

Pure computation, no Sphinx. A grid option is a list of numbers
(``0, 0.5, 0.9``), a range ``first:last:step`` (linear), or
``first .. last / N per decade``: the values ``10**(k/N)`` between ``first``
and ``last``, rounded to two significant digits, evenly spaced on a log
scale. For a momentum (``beta``, ``momentum``) the log scale is that of
``1 - beta``, the share of its speed the ball loses in a step (its memory
lasts about ``1/(1 - beta)`` steps): ``0 .. 0.95 / 10 per decade`` is 0,
0.21, 0.37, 0.5, 0.6, ..., 0.9, 0.921, 0.937, 0.95. The slider then moves
by even steps of that scale, and :func:`axis_ticks` labels it.
"""

from __future__ import annotations

import inspect
import math
import re
from typing import Any

import numpy as np

__all__ = [
    "AXES",
    "axis_ticks",
    "fmt",
    "make_spec",
    "parse_grid",
    "sig",
    "thresholds",
    "track_position",
]

#: The sliders an explorer can have: option name -> (label, symbol).
AXES: dict[str, tuple[str, str]] = {
    "lr": ("Learning rate", "η"),
    "beta": ("Momentum", "β"),
    "momentum": ("Momentum", "μ"),
    "start": ("Start", "w₀"),
}
# Axes whose log scale is that of 1 - value.
_MOMENTA = ("beta", "momentum")
_LOG_GRID = re.compile(r"^\s*(\S+)\s*\.\.\s*(\S+)\s*/\s*(\d+)\s+per\s+decade\s*$")


def sig(value: float, digits: int = 4) -> float:
    """``value`` rounded to ``digits`` significant digits (and never -0.0)."""
    return float(f"{value:.{digits}g}") + 0.0


def parse_grid(text: str, option: str) -> list[float]:
    """The values of a grid option, in order, as typed.

    Parameters
    ----------
    text : str
        Numbers separated by commas or spaces (``"0, 0.5, 0.9"``), a range
        ``first:last:step`` with ``last`` included (``"0.01:0.30:0.01"``;
        values rounded to the decimals typed, so ``0.07`` is ``0.07``, not
        ``0.07000000000000001``), or a log grid ``first .. last / N per
        decade`` (see the module's docstring; for a momentum, of ``1 -
        value``).
    option : str
        The option's name, for the error message.

    Returns
    -------
    list of float
        At least one finite value, no duplicates.

    Raises
    ------
    ValueError
        Text that is not a list of numbers or a range, a step that does not
        divide the range, a log grid over values that are not all positive
        (``1 - value`` for a momentum), non-finite or repeated values.
    """
    text = text.strip()
    log = _LOG_GRID.match(text)
    try:
        if log:
            values = _log_grid(
                float(log.group(1)), float(log.group(2)), int(log.group(3)), option
            )
        elif ":" in text:
            parts = [p.strip() for p in text.split(":")]
            if len(parts) != 3:
                raise ValueError
            first, last, step = (float(p) for p in parts)
            decimals = max(len(p.partition(".")[2]) for p in parts)
            count = (last - first) / step
            if step <= 0 or count < 0 or abs(count - round(count)) > 1e-6:
                msg = (
                    f"{option} must be a range first:last:step whose step > 0 "
                    f"reaches last from first, got {option}={text!r}"
                )
                raise ValueError(msg)
            values = [
                round(first + i * step, decimals) for i in range(round(count) + 1)
            ]
        else:
            values = [float(v) for v in re.split(r"[\s,]+", text) if v]
    except ValueError as err:
        if str(err).startswith(option):
            raise
        msg = (
            f"{option} must be numbers separated by commas or spaces, or a range "
            f"first:last:step, got {option}={text!r}"
        )
        raise ValueError(msg) from None
    values = [v + 0.0 for v in values]  # no -0.0
    if not values or not all(math.isfinite(v) for v in values):
        msg = f"{option} must be finite numbers, got {option}={text!r}"
        raise ValueError(msg)
    if len(set(values)) != len(values):
        msg = f"{option} must not repeat a value, got {option}={text!r}"
        raise ValueError(msg)
    return values


def scale_of(text: str) -> str:
    """``"log"`` for a log grid option, else ``"linear"``."""
    return "log" if _LOG_GRID.match(text) else "linear"


def _log_grid(first: float, last: float, per_decade: int, option: str) -> list[float]:
    """``10**(k/per_decade)`` from ``first`` to ``last``, 2 significant digits.

    For a momentum the grid is that of ``1 - value``, from ``1 - first`` down
    to ``1 - last``.
    """
    momentum = option in _MOMENTA
    lo, hi = (1 - first, 1 - last) if momentum else (first, last)
    lo, hi = min(lo, hi), max(lo, hi)
    if not (lo > 0 and per_decade >= 1 and first < last):
        what = f"1 - {option}" if momentum else option
        msg = (
            f"{option} as 'first .. last / N per decade' needs first < last, "
            f"{what} > 0 at both ends and N >= 1, got {first} .. {last} / {per_decade}"
        )
        raise ValueError(msg)
    tiny = 1e-9
    ks = range(
        math.ceil(per_decade * math.log10(lo) - tiny),
        math.floor(per_decade * math.log10(hi) + tiny) + 1,
    )
    values = [float(f"{10 ** (k / per_decade):.2g}") for k in ks]
    if momentum:
        values = [round(1 - v, 6) + 0.0 for v in values]
    return sorted(v for v in values if first - tiny <= v <= last + tiny)


def thresholds(landscape: Any, valley: float) -> dict[str, float]:
    """1/λ and 2/λ of the listed minimum nearest to ``w = valley``.

    λ is the curvature there: :func:`gdbook.theory.stability_threshold` is
    2/λ. Rounded to 3 significant digits.
    """
    from gdbook import theory  # noqa: PLC0415

    spots = [float(m.x[0]) for m in landscape.minima]
    if not spots:
        msg = "valley: the landscape lists no minima"
        raise ValueError(msg)
    nearest = min(spots, key=lambda w: abs(w - valley))
    width = float(np.ptp(landscape.domain[0]))
    if abs(nearest - valley) > 0.05 * width:
        msg = (
            f"valley must be near a listed minimum (at {', '.join(f'{w:.3g}' for w in spots)}), "
            f"got valley={valley}"
        )
        raise ValueError(msg)
    two = float(theory.stability_threshold(landscape, [nearest]))
    return {"1/λ": sig(two / 2, 3), "2/λ": sig(two, 3)}


def axis_ticks(values: list[float], scale: str) -> list[tuple[float, str]]:
    """Labelled ticks of a slider: (position from 0 to 1 along the track, label).

    The track holds the grid's values at even steps; a tick sits where its
    value falls between two of them, interpolated on the axis' scale. A log
    scale is labelled 1, 2, 5 in each decade; a linear one at round steps.
    """
    if len(values) < 2:
        return []
    low, high = values[0], values[-1]
    if scale == "log":
        momentum = values[0] <= 0 or high >= 1
        if momentum:  # ticks at 1 - 10**-k: 0, 0.5, 0.8, 0.9, 0.95, ...
            candidates = [0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99]
        else:
            decades = range(
                math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1
            )
            candidates = [m * 10.0**d for d in decades for m in (1, 2, 5)]
    else:
        span = high - low
        step = 10 ** math.floor(math.log10(span))
        step = next(
            s * step
            for s in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10)
            if span / (s * step) <= 6
        )
        candidates = [low + 0.0] + [
            k * step for k in range(math.ceil(low / step), math.floor(high / step) + 1)
        ]
    ticks = {0.0: fmt(low), 1.0: fmt(high)}
    for candidate in candidates:
        value = float(f"{candidate:.6g}") + 0.0
        at = round(track_position(values, value, scale), 4)
        # Inside the track, and not crowding the labels of its ends.
        if 0.22 <= at <= 0.8:
            ticks[at] = fmt(value)
    return sorted(ticks.items())


def track_position(values: list[float], value: float, scale: str) -> float:
    """Where ``value`` lies along a slider over ``values``: 0 at the first, 1 at the last."""

    def f(v: float) -> float:
        if scale != "log":
            return v
        return -math.log(1 - v) if values[0] <= 0 or values[-1] >= 1 else math.log(v)

    i = int(np.searchsorted(values, value, side="right")) - 1
    i = min(max(i, 0), len(values) - 2)
    a, b = f(values[i]), f(values[i + 1])
    frac = (f(value) - a) / (b - a)
    return (i + frac) / (len(values) - 1)


def fmt(value: float) -> str:
    """A grid value as the reader sees it: as typed, with a real minus sign."""
    text = f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.3g}"
    return text.replace("-", "\u2212")


def _parse_pair(text: str, option: str) -> list[float]:
    values = parse_grid(text, option)
    if len(values) != 2 or values[0] >= values[1]:
        msg = f"{option} must be two increasing numbers 'low, high', got {option}={text!r}"
        raise ValueError(msg)
    return values


def _landscape(name: str) -> Any:
    from gdbook import landscapes  # noqa: PLC0415  (imported at build time only)

    factory = getattr(landscapes, name, None)
    if name.startswith("_") or not callable(factory):
        msg = f"the landscape must be a factory of gdbook.landscapes, got {name!r}"
        raise ValueError(msg)
    landscape = factory()
    if landscape.dim != 1:
        msg = f"the landscape must be 1-d, got {name!r} of dimension {landscape.dim}"
        raise ValueError(msg)
    return landscape


def _optimizer_class(name: str) -> Any:
    from gdbook import optim  # noqa: PLC0415

    cls = getattr(optim, name, None)
    if name not in getattr(optim, "__all__", ()) or not isinstance(cls, type):
        msg = f"optimizer must be a class of gdbook.optim, got {name!r}"
        raise ValueError(msg)
    return cls


def make_spec(
    landscape: str, options: dict[str, str], *, single: bool = False
) -> dict[str, Any]:
    """A JSON-able description of the runs a directive asks for.

    ``axes`` lists ``[name, values]`` in the order lr, beta/momentum, start;
    ``scales`` their scales (``"log"`` or ``"linear"``); ``initial`` the
    index of the first setting shown on each axis (the grid value nearest to
    the one asked for, on the axis' scale); ``marks`` the learning rates
    1/λ and 2/λ of the valley near ``w = valley`` (``[[name, lr], ...]``,
    only with that option); ``look`` the steps an animation dwells on.
    """
    land = _landscape(landscape)
    optimizer = options.get("optimizer", "SGD").strip()
    cls = _optimizer_class(optimizer)
    accepted = inspect.signature(cls).parameters
    if "lr" not in options:
        msg = (
            "the option lr is required (the learning rates, e.g. ':lr: 0.01:0.3:0.01')"
        )
        raise ValueError(msg)
    axes: list[list[Any]] = []
    scales: list[str] = []
    for name in ("lr", "beta", "momentum", "start"):
        if name in options:
            if name != "start" and name not in accepted:
                msg = f"{optimizer} has no hyperparameter {name}; it takes {', '.join(accepted)}"
                raise ValueError(msg)
            values = parse_grid(options[name], name)
        elif name == "start":
            if land.start is None:
                msg = f"the landscape {landscape} has no standard start: give :start:"
                raise ValueError(msg)
            values = [float(land.start[0])]
        else:
            continue
        if single and len(values) != 1:
            msg = f"{name} must be one value here, got {options[name]!r}"
            raise ValueError(msg)
        axes.append([name, values])
        scales.append(scale_of(options.get(name, "")))
    steps = int(options.get("steps", "100"))
    if not 1 <= steps <= 5000:
        msg = f"steps must be a whole number from 1 to 5000, got steps={steps}"
        raise ValueError(msg)
    initial = [len(values) // 2 for _, values in axes]
    for item in filter(None, re.split(r"[\s,]+", options.get("initial", ""))):
        name, _, value = item.partition("=")
        names = [a[0] for a in axes]
        if name not in names:
            msg = f"initial names {name!r}, which is not one of the sliders {names}"
            raise ValueError(msg)
        k = names.index(name)
        values = axes[k][1]
        try:
            wanted = float(value)
        except ValueError:
            wanted = math.nan
        if not values[0] <= wanted <= values[-1]:
            msg = f"initial {name}={value} is not within the values of {name}: {values}"
            raise ValueError(msg)
        at = (
            track_position(values, wanted, scales[k]) * (len(values) - 1)
            if len(values) > 1
            else 0
        )
        initial[k] = round(at)
    spec: dict[str, Any] = {
        "landscape": landscape,
        "optimizer": optimizer,
        "steps": steps,
        "axes": axes,
        "scales": scales,
        "initial": initial,
    }
    if "valley" in options:
        marks = thresholds(land, float(options["valley"]))
        lrs = axes[0][1]
        spec["marks"] = [[k, v] for k, v in marks.items() if lrs[0] <= v <= lrs[-1]]
    if "look" in options:
        look = options["look"].strip()
        if look != "farthest" and not re.fullmatch(r"\d+-\d+", look):
            msg = f"look must be 'farthest' or steps 'first-last', got look={look!r}"
            raise ValueError(msg)
        spec["look"] = look
    for name in ("xlim", "ylim"):
        if name in options:
            spec[name] = _parse_pair(options[name], name)
    return spec
