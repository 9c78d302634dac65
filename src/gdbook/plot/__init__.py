"""Figures of landscapes, runs, sweeps and outcome maps, drawn with matplotlib.

Every drawing function takes ``ax=`` (the :class:`~matplotlib.axes.Axes` to
draw into; a new figure in gdbook's style, :func:`style`, when it is None) and
returns what it drew: a small :class:`~typing.NamedTuple` of matplotlib
artists. The functions are grouped by what they draw, each group in a module
of this package and all of them reached from here:

- ``style``: :func:`style`, :data:`STYLE` and the colours :data:`PALETTE`
  (categorical, for runs and outcomes), :data:`STEP_CMAP` (the step index
  along a run) and :data:`NEUTRAL` (landscapes, contours, known minima);
- ``one_d``: :func:`landscape_1d`, :func:`path_1d`, :func:`path_and_loss`;
- ``two_d``: :func:`contour_2d`, :func:`paths_2d`;
- ``curves``: :func:`loss_curve`, :func:`lr_curves`;
- ``sweeps``: :func:`sweep`, :func:`range_test`, :func:`outcome_map`, and
  :func:`valley_colours`, the outcome map's colours for a 1-d landscape's
  valleys.

Nothing here knows where a figure is shown. A figure's alt text is
matplotlib's own figure label, ``fig.set_label("...")``; the book's build
reads it with ``fig.get_label()``. Text drawn on data rather than on the
background (the step numbers inside an outcome map's cells, coloured for the
cell under them) has the gid ``"on-data"``, so that a tool recolouring a
figure's chrome for a dark page can leave it alone.

matplotlib is an optional dependency of gdbook (``pip install gdbook[plot]``)
and is imported by this package only.

>>> import gdbook
>>> from gdbook import landscapes, optim, plot
>>> curve = landscapes.book_curve()
>>> traj = gdbook.descend(curve, optim.SGD(lr=0.3), curve.start, 30)
>>> drawn = plot.path_1d(traj)
>>> drawn.annotation.get_text()
'local minimum 1, settled at step ...'
"""

from __future__ import annotations

from gdbook.plot.curves import LossCurve, LrCurves, loss_curve, lr_curves
from gdbook.plot.one_d import (
    Landscape1D,
    Path1D,
    PathAndLoss,
    landscape_1d,
    path_1d,
    path_and_loss,
)
from gdbook.plot.style import NEUTRAL as _NEUTRAL
from gdbook.plot.style import PALETTE as _PALETTE
from gdbook.plot.style import STEP_CMAP as _STEP_CMAP
from gdbook.plot.style import STYLE as _STYLE
from gdbook.plot.style import style
from gdbook.plot.sweeps import (
    OutcomeMap,
    RangeTest,
    Sweep,
    outcome_map,
    range_test,
    sweep,
    valley_colours,
)
from gdbook.plot.two_d import Contour2D, Paths2D, contour_2d, paths_2d

#: The path of gdbook's matplotlib style file, ``gdbook.mplstyle``, where
#: gdbook is installed.
#:
#: :meta hide-value:
STYLE = _STYLE
#: Categorical colours, for runs and outcomes: the colour cycle of :data:`STYLE`.
PALETTE = _PALETTE
#: The colour map of the step index along a run, purple (first) to salmon (last).
STEP_CMAP = _STEP_CMAP
#: The grey of landscape curves, contour lines and known minima.
NEUTRAL = _NEUTRAL

__all__ = [
    "NEUTRAL",
    "PALETTE",
    "STEP_CMAP",
    "STYLE",
    "Contour2D",
    "Landscape1D",
    "LossCurve",
    "LrCurves",
    "OutcomeMap",
    "Path1D",
    "PathAndLoss",
    "Paths2D",
    "RangeTest",
    "Sweep",
    "contour_2d",
    "landscape_1d",
    "loss_curve",
    "lr_curves",
    "outcome_map",
    "path_1d",
    "path_and_loss",
    "paths_2d",
    "range_test",
    "style",
    "sweep",
    "valley_colours",
]
