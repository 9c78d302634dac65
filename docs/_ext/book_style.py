"""Light and dark figures for the book's pages: recolouring a figure's chrome.

gdbook draws every figure in its own light style (``gdbook.plot.STYLE``) and
knows nothing of the website. The book shows each figure twice, one variant
for furo's light mode and one for its dark mode; :func:`restyle` makes the
dark one by recolouring the figure's chrome (background, text, ticks, frame,
grid, legend) and leaves the data's colours as they are.

Chrome is recognised by its colour: a colour of :data:`THEMES` or of
matplotlib's rcParams, for its role (the text colour on text, the frame colour
on spines and ticks, ...). Text drawn on data has the gid ``"on-data"``
(:data:`ON_DATA`; the step numbers inside an outcome map's cells): it is
coloured for the data under it, so it keeps its colour.

Used by ``book_figures`` (the gallery's light/dark scraper) and
``book_explorer`` (the step animations).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, cast
from weakref import WeakKeyDictionary

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure, FigureBase, SubFigure
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text

from gdbook import plot

__all__ = ["ON_DATA", "THEMES", "restyle"]

Mode = Literal["light", "dark"]

#: The gid of text that gdbook.plot draws on data rather than on the page.
ON_DATA = "on-data"

_LIGHT = mpl.rc_params_from_file(plot.STYLE, use_default_template=False)

#: The chrome of a figure in each mode. ``"light"`` is gdbook's own style;
#: ``"dark"`` is furo's dark background and its text colour (``#ffffffcc``)
#: made opaque on it.
THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": to_hex(_LIGHT["figure.facecolor"]),
        "text": to_hex(_LIGHT["text.color"]),
        "frame": to_hex(_LIGHT["axes.edgecolor"]),
        "grid": to_hex(_LIGHT["grid.color"]),
        "legend": to_hex(_LIGHT["legend.facecolor"]),
        "legend_edge": to_hex(_LIGHT["legend.edgecolor"]),
    },
    "dark": {
        "background": "#131416",
        "text": "#d0d0d0",
        "frame": "#9a9a9a",
        "grid": "#313337",
        "legend": "#1b1c1f",
        "legend_edge": "#4a4c50",
    },
}


def _root(fig: Any, name: str = "fig") -> FigureBase:
    if not isinstance(fig, FigureBase):
        msg = f"{name} must be a matplotlib Figure, got {name}={fig!r}"
        raise TypeError(msg)
    root: FigureBase = fig.get_figure(root=True)
    return root


# The chrome colour each artist had before restyle first changed it, so that
# going back to "light" restores it exactly, whatever style it was drawn in.
_ORIGINAL: WeakKeyDictionary[object, dict[str, Any]] = WeakKeyDictionary()

_ROLE_RC = {
    "background": (
        "figure.facecolor",
        "axes.facecolor",
        "savefig.facecolor",
        "figure.edgecolor",
    ),
    "text": (
        "text.color",
        "axes.labelcolor",
        "axes.titlecolor",
        "xtick.labelcolor",
        "ytick.labelcolor",
        "legend.labelcolor",
    ),
    "frame": ("axes.edgecolor", "xtick.color", "ytick.color", "patch.edgecolor"),
    "grid": ("grid.color",),
    "legend": ("legend.facecolor", "figure.facecolor", "axes.facecolor"),
    "legend_edge": ("legend.edgecolor", "axes.edgecolor"),
}


def _rgb(colour: Any) -> tuple[float, float, float] | None:
    try:
        r, g, b, _ = to_rgba(colour)
    except (TypeError, ValueError):
        return None
    return (r, g, b)


def _known_colours() -> dict[str, list[tuple[float, float, float]]]:
    """Per role, the colours taken for chrome: the themes' and matplotlib's."""
    known: dict[str, list[tuple[float, float, float]]] = {}
    for role, keys in _ROLE_RC.items():
        colours = [theme[role] for theme in THEMES.values()]
        for params in (mpl.rcParams, mpl.rcParamsDefault):
            # Indexed by plain strings: RcParams is annotated with literal keys.
            colours += [cast("Mapping[str, Any]", params)[key] for key in keys]
        known[role] = [c for c in map(_rgb, colours) if c is not None]
    return known


class _Restyler:
    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.theme = THEMES[mode]
        self.known = _known_colours()

    def __call__(
        self,
        owner: object,
        key: str,
        role: str,
        get: Callable[[], Any],
        set_: Callable[[Any], object],
    ) -> None:
        record = _ORIGINAL.get(owner)
        if record is not None and key in record:
            set_(record[key] if self.mode == "light" else self.theme[role])
            return
        current = _rgb(get())
        if current is None or not any(
            np.allclose(current, c, atol=2e-3) for c in self.known[role]
        ):
            return  # a colour chosen for the data: not chrome
        if self.mode == "dark":
            _ORIGINAL.setdefault(owner, {})[key] = get()
        set_(self.theme[role])


def restyle(fig: Figure, mode: Mode) -> Figure:
    """Recolour the chrome of ``fig`` for a light or a dark page, in place.

        Chrome is the figure's and the axes' background, text (titles, labels,
        tick labels, legend text and annotations in the default text colour),
        tick marks, spines, grid lines, legend frames and colour bar outlines.
        Lines, markers, images, contours and text in a colour of their own are
        data and keep their colours.

        ``restyle(fig, "dark")`` remembers each colour it replaces, so that
        ``restyle(fig, "light")`` afterwards gives the figure back the chrome it
        had; on a figure never made dark, ``"light"`` applies
        ``THEMES["light"]``. Restyling twice in one mode changes nothing.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
        mode : {"light", "dark"}

        Returns
        -------
        Figure
            ``fig``, recoloured.

        Raises
        ------
        TypeError
            ``fig`` not a matplotlib figure.
        ValueError
            ``mode`` not ``"light"`` or ``"dark"``.

        Examples
        --------
        >>> from matplotlib.colors import to_hex
        >>> from matplotlib.figure import Figure
        >>> from book_style import restyle
    >>> from gdbook import plot
        >>> fig = Figure()
        >>> line = fig.subplots().plot([0, 1], [1, 0], color=plot.PALETTE[0])[0]
        >>> _ = restyle(fig, "dark")
        >>> to_hex(fig.get_facecolor()), line.get_color()
        ('#131416', '#0072B2')
        >>> _ = restyle(fig, "light")
        >>> to_hex(fig.get_facecolor())
        '#ffffff'
    """
    root = _root(fig)
    if mode not in THEMES:
        msg = f"mode must be 'light' or 'dark', got mode={mode!r}"
        raise ValueError(msg)
    apply = _Restyler(mode)
    # One walk over the figure's artists: each findobj walks all of them.
    artists = root.findobj()
    axes = [a for a in artists if isinstance(a, Axes)]
    for f in artists:
        if not isinstance(f, Figure | SubFigure):
            continue
        apply(
            f.patch, "face", "background", f.patch.get_facecolor, f.patch.set_facecolor
        )
        apply(
            f.patch, "edge", "background", f.patch.get_edgecolor, f.patch.set_edgecolor
        )
    for ax in axes:
        _restyle_axes(ax, apply)
    for legend in (a for a in artists if isinstance(a, Legend)):
        frame = legend.get_frame()
        apply(frame, "face", "legend", frame.get_facecolor, frame.set_facecolor)
        apply(frame, "edge", "legend_edge", frame.get_edgecolor, frame.set_edgecolor)
    # Tick labels (and the offset text) follow their axis's tick parameters,
    # set by _restyle_axes.
    tick_labels = {
        id(label)
        for ax in axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in (*axis.majorTicks, *axis.minorTicks)
        for label in (tick.label1, tick.label2, axis.offsetText)
    }
    for text in (a for a in artists if isinstance(a, Text)):
        if text.get_gid() == ON_DATA or id(text) in tick_labels:
            continue
        apply(text, "color", "text", text.get_color, text.set_color)
        arrow = text.arrow_patch if isinstance(text, Annotation) else None
        if arrow is not None:
            apply(arrow, "edge", "text", arrow.get_edgecolor, arrow.set_edgecolor)
            apply(arrow, "face", "text", arrow.get_facecolor, arrow.set_facecolor)
    return fig


def _restyle_axes(ax: Axes, apply: _Restyler) -> None:
    apply(
        ax.patch, "face", "background", ax.patch.get_facecolor, ax.patch.set_facecolor
    )
    for spine in ax.spines.values():
        apply(spine, "edge", "frame", spine.get_edgecolor, spine.set_edgecolor)
    for axis in (ax.xaxis, ax.yaxis):
        for which in ("major", "minor"):
            ticks = (
                axis.get_major_ticks() if which == "major" else axis.get_minor_ticks()
            )
            if not ticks:
                continue
            tick = ticks[0]

            # set_tick_params also reaches the ticks matplotlib makes later.
            def setter(
                name: str, which: str = which, axis: Any = axis
            ) -> Callable[[Any], None]:
                return lambda colour: axis.set_tick_params(
                    which=which, **{name: colour}
                )

            apply(
                axis,
                f"{which}.color",
                "frame",
                tick.tick1line.get_markeredgecolor,
                setter("color"),
            )
            apply(
                axis,
                f"{which}.labelcolor",
                "text",
                tick.label1.get_color,
                setter("labelcolor"),
            )
            apply(
                axis,
                f"{which}.grid",
                "grid",
                tick.gridline.get_color,
                setter("grid_color"),
            )
