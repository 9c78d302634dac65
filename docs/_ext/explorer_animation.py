"""The step animation's pictures and frames, drawn by gdbook.plot at build time.

Pure computation, no Sphinx. One run is drawn with
:func:`gdbook.plot.path_1d`, exactly like the static figure, in a light and a
dark variant: the *still* (the whole run, what a reader without JavaScript
sees) and the *background* (the same figure without the run). The frames are
data: each step's point in the picture's pixels and its colour, and how long
the step is shown. ``_static/explorer.js`` draws the steps up to the one the
reader is at over the background, so the reader can play, pause and scrub,
and the page fetches two small PNGs instead of a movie.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from explorer_data import explorer_runs

__all__ = ["render_animation"]

_SAVE_DPI = 150
_CSS_DPI = 96
_SIZE = (5.0, 3.4)  # inches
# How long a step is shown (ms): on the way, where the text says to look,
# and once the ball is settling.
_PACE = {"move": 150, "look": 700, "settle": 45}
# Steps shown slowly around the one the text points at.
_LOOK_BEFORE, _LOOK_AFTER = 4, 3
# Steps shown after the run settled.
_AFTER_SETTLING = 10


def render_animation(spec: dict[str, Any]) -> dict[str, Any]:
    """Draw one run: its still, its background and its frames, light and dark.

    Parameters
    ----------
    spec : dict
        As :func:`explorer_data.explorer_runs` takes it, every axis with one
        value, and optionally ``ylim`` and ``look`` (``"farthest"``: the
        step where the run got farthest in its direction of travel, or steps
        ``"a-b"``), the steps shown slowly.

    Returns
    -------
    dict
        ``light`` and ``dark``: ``{"still": bytes, "background": bytes}``,
        palette PNGs of ``size`` pixels; ``frames``: ``{"x", "y"}`` (each
        step's point, in those pixels from the top left), ``colour`` (hex, by
        step), ``ms`` (how long each step is shown), ``look`` (``[a, b]``, the
        slow steps), ``settled`` (the step, or -1); ``markers``, the sizes in
        pixels of the points, the start ring and the end cross; ``alt`` (the
        figure's label, else the run's outcome), ``size`` (pixels) and ``width``, ``height`` (CSS
        pixels).
    """
    from matplotlib import style  # noqa: PLC0415

    # The same rcParams at every build, whatever an example left behind.
    with style.context("default"):
        return _draw(spec)


def _look(spec: dict[str, Any], w: np.ndarray) -> list[int]:
    look = spec.get("look")
    if look is None:
        return [-1, -1]
    if look == "farthest":
        far = int(np.argmax(w) if w[-1] >= w[0] else np.argmin(w))
        return [max(far - _LOOK_BEFORE, 0), far + _LOOK_AFTER]
    a, b = (int(v) for v in look.split("-"))
    return [a, b]


def _draw(spec: dict[str, Any]) -> dict[str, Any]:
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from book_png import palette_png  # noqa: PLC0415
    from book_style import restyle  # noqa: PLC0415
    from matplotlib.colors import to_hex  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    from gdbook import plot  # noqa: PLC0415

    traj = explorer_runs(spec)[(0,) * len(spec["axes"])]
    settled = int(traj.settled_step)
    last = min(traj.steps, settled + _AFTER_SETTLING) if settled >= 0 else traj.steps
    drawn = plot.path_1d(traj, arrows=False)
    # Step colours, and the colour bar, span the steps the animation plays.
    drawn.points.set_clim(0, last)
    fig = drawn.points.figure
    ax = drawn.points.axes
    fig.set_size_inches(*_SIZE)
    fig.set_dpi(_SAVE_DPI)
    if "ylim" in spec:
        ax.set_ylim(*spec["ylim"])
    legend = ax.get_legend()
    title = drawn.annotation.get_text() if drawn.annotation is not None else ""
    alt = fig.get_label() or f"A run on its loss curve, step by step: {title}"
    offsets = np.asarray(drawn.points.get_offsets())[: last + 1]
    colours = drawn.points.to_rgba(np.asarray(drawn.points.get_array()))[: last + 1]
    end_colour = to_hex(drawn.end.get_markerfacecolor())
    run = [drawn.links, drawn.points, drawn.start, drawn.end]
    result: dict[str, Any] = {}

    def png() -> bytes:
        fig.canvas.draw()
        width, height = fig.canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba())
        return palette_png(rgba)

    try:
        for mode in ("light", "dark"):
            restyle(fig, mode)
            still = png()
            for artist in run:
                artist.set_visible(False)
            if drawn.annotation is not None:
                drawn.annotation.set_text("")
            if legend is not None:
                for text in legend.get_texts():
                    if text.get_text() == "end":
                        text.set_text("now")
            background = png()
            for artist in run:
                artist.set_visible(True)
            if drawn.annotation is not None:
                drawn.annotation.set_text(title)
            if legend is not None:
                for text in legend.get_texts():
                    if text.get_text() == "now":
                        text.set_text("end")
            result[mode] = {"still": still, "background": background}
        width, height = fig.canvas.get_width_height()
        pixels = ax.transData.transform(offsets)
        box = ax.get_window_extent()
    finally:
        plt.close(fig)

    look = _look(spec, offsets[:, 0])
    ms = []
    for k in range(len(offsets)):
        if look[0] <= k <= look[1]:
            ms.append(_PACE["look"])
        elif k > look[1] >= 0 or (settled >= 0 and k >= settled):
            ms.append(_PACE["settle"])
        else:
            ms.append(_PACE["move"])
    scale = _SAVE_DPI / 72  # pixels per point
    result["frames"] = {
        "x": [round(float(v), 1) for v in pixels[:, 0]],
        "y": [round(float(height - v), 1) for v in pixels[:, 1]],
        "colour": [to_hex(c) for c in colours],
        "ms": ms,
        "look": look,
        "settled": settled,
        "end_colour": end_colour,
        "clip": [
            round(float(box.x0), 1),
            round(float(height - box.y1), 1),
            round(float(box.width), 1),
            round(float(box.height), 1),
        ],
    }
    result["markers"] = {
        "point": round(float(np.sqrt(22) / 2 * scale), 2),
        "link": round(0.8 * scale, 2),
        "start": round(11 / 2 * scale, 2),
        "start_width": round(1.6 * scale, 2),
        "end": round(10 / 2 * scale, 2),
    }
    result["alt"] = alt
    result["size"] = [width, height]
    result["width"] = round(_SIZE[0] * _CSS_DPI)
    result["height"] = round(_SIZE[1] * _CSS_DPI)
    return result
