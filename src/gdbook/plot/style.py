"""gdbook's plotting style: its colours, and the rcParams of every figure it makes.

The rcParams are in a matplotlib style file, :data:`STYLE`, shipped with
gdbook: sizes (5 in wide, 10 pt text), constrained layout, a light chrome
(dark grey text and frame on white, no top or right spine) and
:data:`PALETTE` as the colour cycle. Every figure a drawing function of
:mod:`gdbook.plot` makes is made inside :func:`style`; use the same for a
figure of your own, then draw into its axes with ``ax=``::

    with plot.style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3))
    plot.path_1d(traj, ax=left)

or ``plt.style.use(plot.STYLE)`` once, for every figure that follows.

Colours are chosen to stay apart under the common colour-vision deficiencies
(as simulated by Machado, Oliveira & Fernandes, 2009) and to reach a contrast
ratio of at least 3:1 (WCAG's level for graphical objects) against white and
against ``#131416``, a near-black page, so that a figure whose chrome is
recoloured for a dark page keeps its data readable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap

__all__ = ["NEUTRAL", "PALETTE", "STEP_CMAP", "STYLE", "style"]

#: The path of gdbook's matplotlib style file, ``gdbook.mplstyle``.
STYLE: Path = Path(__file__).with_name("gdbook.mplstyle")

#: Categorical colours, for runs and outcomes: the colour cycle of
#: :data:`STYLE` (which says where each comes from). Each has a relative
#: luminance between 0.12 and 0.30, so reaches 3:1 against white and ``#131416``.
PALETTE: tuple[str, ...] = tuple(
    mpl.rc_params_from_file(STYLE, use_default_template=False)[
        "axes.prop_cycle"
    ].by_key()["color"]
)

#: The grey of landscape curves, contour lines and known minima.
NEUTRAL = "#7F7F7F"

#: Step index along a run: the part of matplotlib's *plasma* (perceptually
#: uniform, readable with colour-vision deficiencies) whose colours reach 3:1
#: against white and ``#131416``, from purple (first step) to salmon (last).
STEP_CMAP = LinearSegmentedColormap.from_list(
    "gdbook_steps", mpl.colormaps["plasma"](np.linspace(0.40, 0.62, 64))
)

# The height of a new 2-d figure (contours, outcome maps): the style's 5 in
# width, a little taller than the style's height for curves.
_SIZE_2D = (5.0, 4.2)


def style() -> AbstractContextManager[None]:
    """A context in which matplotlib uses gdbook's style, :data:`STYLE`.

    Returns
    -------
    context manager
        Inside it, new figures and axes take gdbook's sizes, fonts, chrome and
        colour cycle; rcParams are restored on leaving it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from gdbook import plot
    >>> with plot.style():
    ...     fig, ax = plt.subplots()
    >>> fig.get_size_inches().tolist(), ax.spines["top"].get_visible()
    ([5.0, 3.2], False)
    >>> plt.close(fig)
    """
    return mpl.style.context(STYLE)


def _check_axes(ax: object) -> Axes:
    if not isinstance(ax, Axes):
        msg = f"ax must be a matplotlib Axes or None, got ax={ax!r}"
        raise TypeError(msg)
    return ax


@contextmanager
def _axes(ax: Axes | None, size: tuple[float, float] | None = None) -> Iterator[Axes]:
    """The axes to draw into: ``ax``, or those of a new figure in gdbook's style."""
    if ax is not None:
        yield _check_axes(ax)
        return
    with _new_figure(size) as new:
        yield new


@contextmanager
def _new_figure(size: tuple[float, float] | None, **grid: Any) -> Iterator[Any]:
    """The axes of a new figure in gdbook's style: ``plt.subplots(**grid)``.

    Drawing happens inside the style too, so that what is drawn takes it.
    """
    with style():
        _, new = plt.subplots(figsize=size, **grid)
        yield new
