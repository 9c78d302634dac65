"""docs/_ext/book_style.py: the book's light and dark variants of gdbook's figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from plotting import figure_of, run_1d

import gdbook
from gdbook import Landscape, landscapes, optim, plot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
from book_style import ON_DATA, THEMES, restyle

# No display: draw with Agg (before any figure is made).
mpl.use("Agg")

WHITE = "#ffffff"
FURO_DARK = "#131416"


def contrast(a: Any, b: Any) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""

    def luminance(colour: Any) -> float:
        rgb = np.array(to_rgb(colour))
        linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_themes_match_the_page() -> None:
    assert THEMES["light"]["background"] == WHITE
    assert THEMES["dark"]["background"] == FURO_DARK
    assert set(THEMES["light"]) == set(THEMES["dark"])
    # furo's dark text is #ffffffcc: white at 80 % over its background.
    over = 0.8 * np.ones(3) + 0.2 * np.array(to_rgb(FURO_DARK))
    assert np.allclose(to_rgb(THEMES["dark"]["text"]), over, atol=1 / 255)
    for mode, theme in THEMES.items():
        assert contrast(theme["text"], theme["background"]) >= 7.0, mode
        assert contrast(theme["frame"], theme["background"]) >= 3.0, mode


def chrome(fig: Figure) -> dict[str, Any]:
    """Every chrome colour of a figure, by where it is."""
    out: dict[str, Any] = {"figure": to_rgba(fig.get_facecolor())}
    for i, ax in enumerate(fig.axes):
        out[f"{i}.face"] = to_rgba(ax.get_facecolor())
        for name, spine in ax.spines.items():
            out[f"{i}.spine.{name}"] = to_rgba(spine.get_edgecolor())
        for axis in (ax.xaxis, ax.yaxis):
            for which, ticks in (
                ("major", axis.get_major_ticks()),
                ("minor", axis.get_minor_ticks()),
            ):
                for j, tick in enumerate(ticks):
                    key = f"{i}.{axis.axis_name}.{which}.{j}"
                    out[key + ".mark"] = to_rgba(tick.tick1line.get_markeredgecolor())
                    out[key + ".label"] = to_rgba(tick.label1.get_color())
                    out[key + ".grid"] = to_rgba(tick.gridline.get_color())
        legend = ax.get_legend()
        if legend is not None:
            out[f"{i}.legend.face"] = to_rgba(legend.get_frame().get_facecolor())
            out[f"{i}.legend.edge"] = to_rgba(legend.get_frame().get_edgecolor())
    for j, text in enumerate(fig.findobj(Text)):
        out[f"text.{j}.{text.get_text()}"] = to_rgba(text.get_color())
    return out


def data(fig: Figure) -> list[Any]:
    """Every data colour of a figure: lines, markers, collections, patches."""
    out: list[Any] = []
    for artist in fig.findobj(Line2D):
        if artist.axes is not None and artist in artist.axes.get_lines():
            out += [
                artist.get_color(),
                artist.get_markerfacecolor(),
                artist.get_markeredgecolor(),
            ]
    for coll in fig.findobj(Collection):
        out += [
            np.asarray(coll.get_facecolor()).tolist(),
            np.asarray(coll.get_edgecolor()).tolist(),
        ]
        array = coll.get_array()
        out.append(None if array is None else np.asarray(array).tolist())
    for ax in fig.axes:
        for patch in ax.patches:
            out += [to_rgba(patch.get_facecolor()), to_rgba(patch.get_edgecolor())]
    return out


def busy_figure(curve: Landscape) -> tuple[Figure, Text, Text]:
    """A figure with every kind of chrome: two axes, legend, colour bar, grid,
    titles, annotations (one in the default text colour, one in a data colour)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
    plot.path_1d(run_1d(curve, 0.45, 20), ax=left)
    plot.loss_curve(run_1d(curve, np.array([0.05, 0.3]), 20), ax=right)
    right.grid(True, which="both")
    right.set_title("loss")
    fig.suptitle("a busy figure")
    plain = left.annotate(
        "here", xy=(0, 1), xytext=(2, 2), arrowprops={"arrowstyle": "->"}
    )
    coloured = left.text(4, 1, "red", color=plot.PALETTE[1])
    return fig, plain, coloured


@pytest.mark.parametrize("draw_between", [False, True])
def test_restyle_dark_then_light_round_trips(
    curve: Landscape, draw_between: bool
) -> None:
    fig, plain, coloured = busy_figure(curve)
    fig.canvas.draw()
    light, colours = chrome(fig), data(fig)
    restyle(fig, "dark")
    if draw_between:
        fig.canvas.draw()
    dark = chrome(fig)
    assert to_hex(fig.get_facecolor()) == FURO_DARK
    assert all(to_hex(ax.get_facecolor()) == FURO_DARK for ax in fig.axes)
    assert to_hex(plain.get_color()) == THEMES["dark"]["text"]
    assert plain.arrow_patch is not None
    assert to_hex(plain.arrow_patch.get_edgecolor()) == THEMES["dark"]["text"]
    assert to_hex(coloured.get_color()) == plot.PALETTE[1].lower()
    assert data(fig) == colours
    dark_text = to_rgba(THEMES["dark"]["text"])
    assert sum(v == dark_text for v in dark.values()) > 20
    assert to_rgba(THEMES["light"]["text"]) not in dark.values()

    restyle(fig, "dark")  # idempotent
    assert chrome(fig) == dark
    assert data(fig) == colours

    restyle(fig, "light")
    assert chrome(fig) == light
    assert data(fig) == colours
    restyle(fig, "light")
    assert chrome(fig) == light


def test_restyle_reaches_ticks_made_after_it(curve: Landscape) -> None:
    drawn = plot.path_1d(run_1d(curve))
    fig = figure_of(drawn.points)
    restyle(fig, "dark")
    ax = drawn.points.axes
    ax.set_xlim(-10, 10)  # new tick positions, possibly new Tick objects
    fig.canvas.draw()
    for tick in ax.xaxis.get_major_ticks():
        assert to_hex(tick.label1.get_color()) == THEMES["dark"]["text"]
        assert to_hex(tick.tick1line.get_markeredgecolor()) == THEMES["dark"]["frame"]


def test_restyle_a_plain_matplotlib_figure() -> None:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="C0", label="a line")
    ax.legend()
    ax.set_xlabel("x")
    light = chrome(fig)
    restyle(fig, "dark")
    assert ax.xaxis.label.get_color() == THEMES["dark"]["text"]
    assert to_hex(ax.get_lines()[0].get_color()) == to_hex("C0")
    restyle(fig, "light")
    assert chrome(fig) == light  # matplotlib's own chrome, not the theme's


def test_new_figures_start_in_the_light_theme(curve: Landscape) -> None:
    drawn = plot.path_1d(run_1d(curve))
    fig = figure_of(drawn.points)
    theme = THEMES["light"]
    assert to_hex(fig.get_facecolor()) == theme["background"]
    ax = drawn.points.axes
    assert to_hex(ax.xaxis.label.get_color()) == theme["text"]
    assert to_hex(ax.spines["bottom"].get_edgecolor()) == theme["frame"]
    assert chrome(fig) == chrome(restyle(fig, "light"))


def test_restyle_errors() -> None:
    fig = plt.figure()
    with pytest.raises(ValueError, match="mode must be 'light' or 'dark'"):
        restyle(fig, "sepia")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        restyle("fig", "dark")  # type: ignore[arg-type]


def test_text_drawn_on_data_keeps_its_colour(curve: Landscape) -> None:
    lr, mu = np.geomspace(0.02, 2.0, 3), np.linspace(0.0, 0.9, 2)
    traj = gdbook.descend(
        curve, optim.SGD(lr=lr[:, None], momentum=mu), curve.start, 200
    )
    drawn = plot.outcome_map(traj, lr, mu, steps=True)
    assert drawn.steps
    before = [to_hex(t.get_color()) for t in drawn.steps]
    restyle(figure_of(drawn.legend), "dark")
    assert all(t.get_gid() == ON_DATA for t in drawn.steps)
    assert [to_hex(t.get_color()) for t in drawn.steps] == before


def test_runs_on_their_way_to_overflow_restyle_without_warnings() -> None:
    """Warnings are errors here: nothing may overflow while restyling them."""
    bowl = landscapes.quadratic(a=1.0)
    traj = gdbook.descend(bowl, optim.SGD(lr=1e154), bowl.start, 600)
    fig = figure_of(plot.path_1d(traj).points)
    fig.canvas.draw()
    restyle(fig, "dark")
    fig.canvas.draw()
