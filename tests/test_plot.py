"""gdbook.plot: what each function draws, its style, its colours."""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.legend import Legend
from plotting import figure_of, run_1d

import gdbook
from gdbook import Landscape, Minimum, landscapes, optim, plot, schedules, theory
from gdbook.plot._common import _optimizer_label
from gdbook.plot.sweeps import _outcome_style

# No display: draw with Agg (before any figure is made).
mpl.use("Agg")

WHITE = "#ffffff"
DARK = "#131416"  # the dark page the colours are chosen for


# -- colours ----------------------------------------------------------------------


def luminance(colour: Any) -> float:
    """WCAG 2 relative luminance."""
    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a: Any, b: Any) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


DATA_COLOURS = [
    *plot.PALETTE,
    plot.NEUTRAL,
    *(to_hex(plot.STEP_CMAP(v)) for v in np.linspace(0, 1, 21)),
]


@pytest.mark.parametrize("colour", DATA_COLOURS)
@pytest.mark.parametrize("background", [WHITE, DARK])
def test_data_colours_reach_3_to_1_on_both_backgrounds(
    colour: str, background: str
) -> None:
    """WCAG 2.1 SC 1.4.11: graphical objects need 3:1 against what is next to them."""
    assert contrast(colour, background) >= 3.0


def test_palette_is_the_style_colour_cycle() -> None:
    with plot.style():
        _, ax = plt.subplots()
        line = ax.plot([0, 1])[0]
    assert line.get_color() == plot.PALETTE[0]
    assert plot.STYLE.name == "gdbook.mplstyle"
    assert plot.STYLE.is_file()


def test_new_figures_take_the_style(curve: Landscape) -> None:
    drawn = plot.path_1d(run_1d(curve))
    fig = figure_of(drawn.points)
    ax = drawn.points.axes
    style = mpl.rc_params_from_file(plot.STYLE, use_default_template=False)
    assert fig.get_size_inches().tolist() == style["figure.figsize"]
    assert to_hex(fig.get_facecolor()) == to_hex(style["figure.facecolor"])
    assert to_hex(ax.xaxis.label.get_color()) == to_hex(style["axes.labelcolor"])
    assert to_hex(ax.spines["bottom"].get_edgecolor()) == to_hex(
        style["axes.edgecolor"]
    )
    assert not ax.spines["top"].get_visible()
    assert fig.get_layout_engine() is not None
    # The style stays with the figure: rcParams outside are untouched.
    assert mpl.rcParams["axes.spines.top"]


# Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def lab(linear_rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear sRGB colour."""
    xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    ) @ np.clip(linear_rgb, 0, 1)
    xyz /= [0.95047, 1.0, 1.08883]
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", ["normal", *CVD])
def test_palette_stays_distinct_with_colour_vision_deficiencies(vision: str) -> None:
    """Every pair of categorical colours (and the neutral grey) differs by
    Delta E*ab >= 9 for normal vision and under each simulated dichromacy.
    """
    matrix = np.eye(3) if vision == "normal" else np.array(CVD[vision])
    colours = [*plot.PALETTE, plot.NEUTRAL]
    seen = {}
    for c in colours:
        rgb = np.array(to_rgb(c))
        linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        seen[c] = lab(matrix @ linear)
    worst = min(
        (float(np.linalg.norm(seen[a] - seen[b])), a, b)
        for a, b in itertools.combinations(colours, 2)
    )
    assert worst[0] >= 9.0, worst


def test_step_colour_map_runs_one_way_in_lightness() -> None:
    """Later steps are lighter, so the order reads without hue."""
    lightness = [luminance(plot.STEP_CMAP(v)) for v in np.linspace(0, 1, 11)]
    assert np.all(np.diff(lightness) > 0)


# -- path_1d and landscape_1d ------------------------------------------------------


def test_path_1d_draws_each_step_on_the_curve(curve: Landscape) -> None:
    traj = run_1d(curve, 0.3, 30)
    drawn = plot.path_1d(traj)
    assert isinstance(drawn, plot.Path1D)
    offsets = np.asarray(drawn.points.get_offsets())
    np.testing.assert_allclose(offsets[:, 0], traj.x[:, 0])
    np.testing.assert_allclose(offsets[:, 1], curve.loss(traj.x))
    # Coloured by step: the colour array is the step index.
    np.testing.assert_array_equal(drawn.points.get_array(), traj.t)
    assert drawn.points.get_cmap() is plot.STEP_CMAP
    assert len(drawn.arrows) == 30
    assert drawn.links is None
    np.testing.assert_allclose(drawn.start.get_xdata(), traj.x[0, :1])
    np.testing.assert_allclose(drawn.end.get_xdata(), traj.x[-1, :1])
    assert drawn.start.get_marker() != drawn.end.get_marker()
    assert drawn.curve is not None
    assert drawn.minima is not None
    assert drawn.colorbar is not None
    assert drawn.annotation is not None
    assert str(traj.outcome) in drawn.annotation.get_text()
    fig = figure_of(drawn.points)
    assert fig.get_figwidth() <= 7.2
    assert drawn.points.axes.get_xlabel() == "$w$"
    assert drawn.points.axes.get_ylabel() == "$L(w)$"


def test_path_1d_marks_global_and_local_minima_by_shape(curve: Landscape) -> None:
    drawn = plot.path_1d(run_1d(curve))
    assert drawn.minima is not None
    global_, local = drawn.minima
    assert global_ is not None
    assert local is not None
    assert global_.get_marker() != local.get_marker()
    n_global = sum(m.kind == "global" for m in curve.minima)
    assert len(global_.get_xdata()) == n_global
    assert len(local.get_xdata()) == len(curve.minima) - n_global
    labels = [t.get_text() for t in drawn.points.axes.get_legend().get_texts()]
    assert labels == ["start", "end", "global minimum", "local minimum"]


def test_path_1d_links_long_runs_with_lines(curve: Landscape) -> None:
    drawn = plot.path_1d(run_1d(curve, 0.05, 200))
    assert drawn.arrows == []
    assert drawn.links is not None
    assert len(drawn.links.get_segments()) == 200


def test_path_1d_draws_into_the_given_axes(curve: Landscape) -> None:
    fig, (left, right) = plt.subplots(1, 2)
    before = plt.get_fignums()
    traj = run_1d(curve, np.array([0.05, 0.8]))
    drawn = plot.path_1d(traj, ax=right, index=1, colorbar=False, legend=False)
    assert plt.get_fignums() == before
    assert drawn.points.axes is right
    assert drawn.curve is not None
    assert drawn.curve.axes is right
    assert not left.has_data()
    assert drawn.colorbar is None
    assert right.get_legend() is None
    # A second run on the same axes: no second curve.
    again = plot.path_1d(traj, ax=right, index=0, curve=False, colorbar=False)
    assert again.curve is None
    assert again.minima is None
    assert len(right.get_lines()) == len(drawn.points.axes.get_lines())
    del fig


def test_path_1d_needs_index_for_a_batch(curve: Landscape) -> None:
    traj = run_1d(curve, np.array([0.05, 0.8]))
    with pytest.raises(ValueError, match=r"batch of runs of shape \(2,\)"):
        plot.path_1d(traj)
    with pytest.raises(ValueError, match="index must pick one run"):
        plot.path_1d(traj, index=5)


def test_path_1d_refuses_2d_runs() -> None:
    bowl = landscapes.ill_conditioned()
    traj = gdbook.descend(bowl, optim.SGD(lr=0.1), bowl.start, 5)
    with pytest.raises(ValueError, match="1-d landscape"):
        plot.path_1d(traj)
    with pytest.raises(TypeError, match=r"gdbook\.Trajectory"):
        plot.path_1d("not a run")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot.path_1d(run_1d(landscapes.quadratic()), ax="a")  # type: ignore[arg-type]


def test_path_1d_stops_a_diverged_run_where_it_diverged() -> None:
    bowl = landscapes.quadratic(a=1.0)
    traj = gdbook.descend(bowl, optim.SGD(lr=1e154), bowl.start, 20)
    assert str(traj.regime) == "diverged"
    drawn = plot.path_1d(traj)
    offsets = np.asarray(drawn.points.get_offsets())
    assert np.isfinite(offsets).all()
    assert len(offsets) <= int(traj.diverged_step)
    assert drawn.annotation is not None
    assert drawn.annotation.get_text() == f"diverged at step {int(traj.diverged_step)}"


def test_landscape_1d(curve: Landscape) -> None:
    drawn = plot.landscape_1d(curve)
    assert isinstance(drawn, plot.Landscape1D)
    w = drawn.curve.get_xdata()
    np.testing.assert_allclose([w[0], w[-1]], curve.domain[0])
    np.testing.assert_allclose(drawn.curve.get_ydata(), curve.loss(w[:, None]))
    assert drawn.minima.global_ is not None
    np.testing.assert_allclose(drawn.minima.global_.get_xdata(), [6.0])
    with pytest.raises(ValueError, match="1-d landscape"):
        plot.landscape_1d(landscapes.himmelblau())


def test_landscape_without_minima_draws_no_markers() -> None:
    flat = Landscape(loss=lambda x: x[..., 0] ** 3, grad=lambda x: 3 * x**2, dim=1)
    drawn = plot.landscape_1d(flat)
    assert drawn.minima == (None, None)
    assert drawn.curve.axes.get_legend() is None


# -- 2D -------------------------------------------------------------------------------


def test_contour_2d() -> None:
    himmelblau = landscapes.himmelblau()
    drawn = plot.contour_2d(himmelblau, levels=8)
    assert isinstance(drawn, plot.Contour2D)
    assert len(drawn.contours.levels) == 8
    ax = drawn.contours.axes
    assert ax.get_aspect() == 1.0
    np.testing.assert_allclose(ax.get_xlim(), himmelblau.domain[0])
    assert drawn.minima.global_ is not None
    assert len(drawn.minima.global_.get_xdata()) == 4
    given = plot.contour_2d(himmelblau, levels=[1.0, 10.0, 100.0])
    np.testing.assert_allclose(given.contours.levels, [1.0, 10.0, 100.0])


def test_contour_2d_levels_are_a_count_from_1_or_increasing_finite_values() -> None:
    himmelblau = landscapes.himmelblau()
    with pytest.raises(ValueError, match=r"^levels must be >= 1, got levels=0$"):
        plot.contour_2d(himmelblau, levels=0)
    rule = re.escape(
        "levels must be a number >= 1 or an increasing 1-d array of finite values, "
    )
    for levels in ([3.0, 1.0], [np.nan], [], [[1.0, 2.0]], True):
        with pytest.raises(
            ValueError, match=f"^{rule}got levels={re.escape(repr(levels))}$"
        ):
            plot.contour_2d(himmelblau, levels=levels)


def test_paths_2d_draws_every_run() -> None:
    trap = landscapes.trap()
    sgd = gdbook.descend(trap, optim.SGD(lr=np.array([0.02, 0.05])), trap.start, 80)
    adam = gdbook.descend(trap, optim.Adam(lr=0.1), trap.start, 80)
    drawn = plot.paths_2d([sgd, adam])
    assert isinstance(drawn, plot.Paths2D)
    assert len(drawn.paths) == len(drawn.starts) == len(drawn.ends) == 3
    np.testing.assert_allclose(drawn.paths[2].get_xdata(), adam.x[:, 0])
    np.testing.assert_allclose(drawn.paths[2].get_ydata(), adam.x[:, 1])
    for start in drawn.starts:
        np.testing.assert_allclose([*start.get_xdata(), *start.get_ydata()], trap.start)
    assert [p.get_color() for p in drawn.paths] == list(plot.PALETTE[:3])
    assert drawn.contours is not None
    assert drawn.legend is not None
    labels = [t.get_text() for t in drawn.legend.get_texts()]
    assert labels == [
        f"SGD(lr=0.02): {sgd.outcome[0]}",
        f"SGD(lr=0.05): {sgd.outcome[1]}",
        f"Adam(lr=0.1): {adam.outcome}",
    ]
    assert drawn.paths[0].axes.get_aspect() == 1.0


def test_paths_2d_labels_and_axes() -> None:
    bowl = landscapes.ill_conditioned()
    traj = gdbook.descend(bowl, optim.SGD(lr=0.1), bowl.start, 10)
    fig, ax = plt.subplots()
    drawn = plot.paths_2d(traj, ax=ax, labels=["plain GD"], contours=False)
    assert drawn.contours is None
    assert drawn.paths[0].axes is ax
    assert drawn.legend is not None
    assert [t.get_text() for t in drawn.legend.get_texts()] == ["plain GD"]
    with pytest.raises(ValueError, match="labels must be a list of 1 strings"):
        plot.paths_2d(traj, labels=["a", "b"])
    with pytest.raises(ValueError, match="non-empty list"):
        plot.paths_2d([])
    with pytest.raises(ValueError, match="2-d landscape"):
        plot.paths_2d(run_1d(landscapes.quadratic()))
    del fig


def test_paths_2d_widths() -> None:
    """Runs that share a path are drawn narrower one after another, no markers."""
    bowl = landscapes.ill_conditioned()
    traj = gdbook.descend(bowl, optim.SGD(lr=np.array([0.1, 0.15])), bowl.start, 10)
    drawn = plot.paths_2d(traj, widths=[4.0, 2.0])
    assert [p.get_linewidth() for p in drawn.paths] == [4.0, 2.0]
    assert {p.get_marker() for p in drawn.paths} == {"None"}
    assert {p.get_solid_capstyle() for p in drawn.paths} == {"round"}
    with pytest.raises(ValueError, match=r"^widths: one per run \(2\), got 1$"):
        plot.paths_2d(traj, widths=[1.0])
    with pytest.raises(
        ValueError, match=r"^widths must be positive, got \[1.0, 0.0\]$"
    ):
        plot.paths_2d(traj, widths=[1.0, 0.0])


# -- loss and learning rate against step ---------------------------------------------


def test_loss_curve_subtracts_the_global_minimum(curve: Landscape) -> None:
    traj = run_1d(curve, np.array([0.05, 0.3]), 40)
    drawn = plot.loss_curve(traj)
    assert isinstance(drawn, plot.LossCurve)
    assert len(drawn.lines) == 2
    best = min(m.loss for m in curve.minima)
    for i, line in enumerate(drawn.lines):
        np.testing.assert_array_equal(line.get_xdata(), traj.t)
        np.testing.assert_allclose(line.get_ydata(), traj.loss[:, i] - best)
    ax = drawn.lines[0].axes
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "$L(w_t) - L^*$"
    assert drawn.legend is not None
    assert [t.get_text() for t in drawn.legend.get_texts()] == ["lr=0.05", "lr=0.3"]


def test_loss_curve_leaves_out_values_a_log_axis_cannot_show() -> None:
    bowl = landscapes.quadratic(a=1.0)
    traj = gdbook.descend(bowl, optim.SGD(lr=1.0), bowl.start, 3)  # lands on 0
    drawn = plot.loss_curve(traj)
    y = np.asarray(drawn.lines[0].get_ydata())
    assert y[0] == pytest.approx(0.5)
    assert np.isnan(y[1:]).all()
    linear = plot.loss_curve([traj], log=False, labels=["GD"])
    np.testing.assert_allclose(linear.lines[0].get_ydata(), traj.loss)
    assert linear.lines[0].axes.get_yscale() == "linear"


def test_lr_curves_draw_each_schedule() -> None:
    scheds = {
        "step": schedules.step(0.1, 10, 0.5),
        "cosine": schedules.cosine(0.1, 30),
        "by hand": lambda t: 0.1 / (1 + int(t)),  # one step at a time only
    }
    drawn = plot.lr_curves(scheds, 30)
    assert isinstance(drawn, plot.LrCurves)
    t = np.arange(30)
    np.testing.assert_allclose(drawn.lines[0].get_ydata(), scheds["step"](t))
    np.testing.assert_allclose(drawn.lines[1].get_ydata(), scheds["cosine"](t))
    np.testing.assert_allclose(drawn.lines[2].get_ydata(), 0.1 / (1 + t))
    assert drawn.legend is not None
    assert [x.get_text() for x in drawn.legend.get_texts()] == list(scheds)
    with pytest.raises(ValueError, match="steps must be >= 1"):
        plot.lr_curves(scheds, 0)
    with pytest.raises(TypeError, match=r"schedules\['x'\] must be a schedule"):
        plot.lr_curves({"x": 0.1}, 5)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="non-empty mapping"):
        plot.lr_curves({}, 5)


# -- sweeps and outcome maps -----------------------------------------------------------


def test_sweep_shows_diverged_runs_apart() -> None:
    bowl = landscapes.quadratic(a=1.0)
    lrs = np.geomspace(0.01, 3.0, 50)
    traj = gdbook.descend(bowl, optim.SGD(lr=lrs), bowl.start, 200, record="final")
    diverged = traj.regime == "diverged"
    assert diverged.any()
    assert not diverged.all()
    drawn = plot.sweep(lrs, traj.final_loss, threshold=2.0, diverged=diverged)
    assert isinstance(drawn, plot.Sweep)
    y = np.asarray(drawn.points.get_ydata())
    assert np.isnan(y[diverged]).all()
    np.testing.assert_allclose(y[~diverged], traj.final_loss[~diverged])
    assert drawn.diverged is not None
    np.testing.assert_allclose(drawn.diverged.get_xdata(), lrs[diverged])
    assert drawn.diverged.get_color() != drawn.points.get_color()
    assert drawn.diverged.get_marker() != drawn.points.get_marker()
    assert drawn.threshold is not None
    np.testing.assert_allclose(drawn.threshold.get_xdata(), [2.0, 2.0])
    assert drawn.label is not None
    assert "2" in drawn.label.get_text()
    assert drawn.points.axes.get_xscale() == "log"


def test_sweep_defaults_and_errors() -> None:
    lrs = np.array([0.3, 0.1, 0.2])
    drawn = plot.sweep(lrs, [1.0, 3.0, np.inf], threshold_label="ignored")
    # Sorted by learning rate; the non-finite run counts as diverged.
    np.testing.assert_allclose(drawn.points.get_xdata(), [0.1, 0.2, 0.3])
    np.testing.assert_allclose(drawn.points.get_ydata(), [3.0, np.nan, 1.0])
    assert drawn.diverged is not None
    np.testing.assert_allclose(drawn.diverged.get_xdata(), [0.2])
    assert drawn.threshold is None
    assert drawn.label is None
    with pytest.raises(ValueError, match=r"lrs must be finite and > 0, got lrs\[1\]"):
        plot.sweep([0.1, -1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="final_loss must have the shape"):
        plot.sweep([0.1, 0.2], [1.0])
    with pytest.raises(ValueError, match="threshold must be finite and > 0"):
        plot.sweep([0.1], [1.0], threshold=0.0)


@pytest.fixture(scope="module")
def grid(curve: Landscape) -> tuple[np.ndarray, np.ndarray, gdbook.Trajectory]:
    lr, mu = np.geomspace(0.02, 2.0, 6), np.linspace(0.0, 0.9, 4)
    opt = optim.SGD(lr=lr[:, None], momentum=mu)
    return lr, mu, gdbook.descend(curve, opt, curve.start, 200)


def test_outcome_map_colours_each_cell_by_outcome(grid: Any) -> None:
    lr, mu, traj = grid
    drawn = plot.outcome_map(traj, lr, mu)
    assert isinstance(drawn, plot.OutcomeMap)
    assert set(drawn.cells) == set(traj.outcome.ravel())
    assert sum(len(c.get_paths()) for c in drawn.cells.values()) == lr.size * mu.size
    for outcome, cells in drawn.cells.items():
        assert len(cells.get_paths()) == int((traj.outcome == outcome).sum())
    colours = {to_hex(c.get_facecolor()[0]) for c in drawn.cells.values()}
    assert len(colours) == len(drawn.cells)
    assert isinstance(drawn.legend, Legend)
    assert len(drawn.legend.get_texts()) == len(drawn.cells)
    assert len(drawn.steps) == int((traj.settled_step >= 0).sum())
    ax = drawn.legend.axes
    assert ax.get_xscale() == "log"
    # Learning rates evenly spaced in log: cells of equal width on a log axis.
    half = np.sqrt(lr[1] / lr[0])
    np.testing.assert_allclose(ax.get_xlim(), (lr[0] / half, lr[-1] * half))
    np.testing.assert_allclose(ax.get_ylim(), (mu[0] - 0.15, mu[-1] + 0.15))


def test_outcome_map_styles_outcomes_by_more_than_colour() -> None:
    outcomes = [
        "diverged",
        "oscillating",
        "converged",
        "local minimum 1",
        "global minimum",
    ]
    hatches = {o: _outcome_style(o)[1] for o in outcomes}
    assert hatches["diverged"]
    assert hatches["oscillating"]
    assert hatches["converged"]
    assert len({_outcome_style(o) for o in outcomes}) == len(outcomes)


def test_outcome_map_reads_the_grid_from_the_optimizer(grid: Any) -> None:
    lr, mu, traj = grid
    fig, ax = plt.subplots()
    drawn = plot.outcome_map(traj, ax=ax, steps=False)
    assert drawn.legend.axes is ax
    assert drawn.steps == []
    cells = np.concatenate(
        [c.get_paths()[0].vertices[:1] for c in drawn.cells.values()]
    )
    assert lr[0] / 2 < cells[:, 0].min() < lr[0]
    # Given as a broadcastable grid.
    plot.outcome_map(traj, lr[:, None], mu[None, :])
    del fig


def test_outcome_map_errors(grid: Any, curve: Landscape) -> None:
    lr, mu, traj = grid
    with pytest.raises(ValueError, match="must have 6 values"):
        plot.outcome_map(traj, lr[:3], mu)
    with pytest.raises(ValueError, match="constant along the other axis"):
        plot.outcome_map(traj, np.arange(24.0).reshape(6, 4), mu)
    with pytest.raises(ValueError, match="2-d batch"):
        plot.outcome_map(run_1d(curve, np.array([0.1, 0.2])), [0.1, 0.2], [0.0])
    plain = gdbook.descend(curve, optim.Adam(lr=0.1 * np.ones((2, 2))), curve.start, 5)
    with pytest.raises(ValueError, match="momentum must be given"):
        plot.outcome_map(plain)


def valley_index(curve: Landscape, x: np.ndarray) -> np.ndarray:
    """The valley (between two bump tops, in order along w) each position is in."""
    fine = np.linspace(-3.0, 11.0, 14_001)  # the book curve's six bump tops
    slope = curve.grad(fine[:, np.newaxis])[:, 0]
    tops = fine[1:][(slope[:-1] > 0) & (slope[1:] <= 0)]
    return np.searchsorted(tops, x)


def test_valley_colours_name_valleys_as_runs_from_the_start_are_named(
    curve: Landscape,
) -> None:
    valleys = plot.valley_colours(curve)
    assert len(valleys) == len(curve.minima) + 2
    assert [name for name, _ in valleys[-2:]] == ["farther on", "not settled"]
    # Runs from the start that settle ahead of it, in a valley with a listed
    # minimum, carry the name of their valley.
    lr, momentum = np.geomspace(0.005, 0.5, 200)[:, None], np.array([0.8, 0.9, 0.95])
    opt = optim.SGD(lr=lr, momentum=momentum)
    runs = gdbook.descend(curve, opt, curve.start, 1000, record="final")
    end = runs.x[-1, ..., 0]
    k = valley_index(curve, end)
    ahead = (runs.regime == "converged") & (end > curve.start[0])
    listed = ahead & (k < len(curve.minima))
    names = np.array([name for name, _ in valleys])[k[listed]]
    assert names.tolist() == runs.outcome[listed].tolist()
    assert len(set(names)) == 5, "the sweep reaches every valley ahead"
    assert (ahead & ~listed).any(), "and one past them: farther on"
    # ... and each has the colour the outcome map gives that outcome.
    for name, colour in valleys[:-2]:
        if name != "behind the start":
            assert colour == _outcome_style(name)[0]
    behind = [name for name, _ in valleys if name == "behind the start"]
    assert len(behind) == sum(m.x[0] < curve.start[0] for m in curve.minima)


def test_valley_colours_look_towards_the_global_minimum(curve: Landscape) -> None:
    """Mirrored, the curve's valleys are named from right to left."""
    mirrored = Landscape(
        loss=lambda x: curve.loss(-x),
        grad=lambda x: -curve.grad(-x),
        dim=1,
        minima=[Minimum(-m.x, m.loss, m.kind) for m in curve.minima],
        start=-curve.start,
    )
    names = [name for name, _ in plot.valley_colours(mirrored)]
    assert names[:-2] == [name for name, _ in plot.valley_colours(curve)][-3::-1]


def test_valley_colours_errors(curve: Landscape) -> None:
    with pytest.raises(TypeError, match=r"landscape must be a gdbook\.Landscape"):
        plot.valley_colours("book curve")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dim=2"):
        plot.valley_colours(landscapes.rosenbrock())
    no_start = Landscape(loss=curve.loss, grad=curve.grad, dim=1, minima=curve.minima)
    with pytest.raises(ValueError, match="start=None"):
        plot.valley_colours(no_start)
    with pytest.raises(ValueError, match="0 minima"):
        plot.valley_colours(Landscape(curve.loss, curve.grad, 1, start=[0.0]))


def test_optimizer_labels_leave_out_defaults(curve: Landscape) -> None:
    opts = {
        "SGD(lr=0.1, momentum=0.9, nesterov=True)": optim.SGD(
            0.1, momentum=0.9, nesterov=True
        ),
        "Adam(lr=0.01)": optim.Adam(0.01),
        "Adam(lr=0.01, beta2=0.99)": optim.Adam(0.01, betas=(0.9, 0.99)),
        "HeavyBall(lr=0.1)": optim.HeavyBall(0.1),
    }
    for expected, opt in opts.items():
        traj = gdbook.descend(curve, opt, curve.start, 2)
        assert _optimizer_label(traj, ()) == expected


# -- the contract, not the classes ------------------------------------------------


def test_draws_from_stand_ins_with_the_documented_attributes() -> None:
    """plot reads only the attributes of the Landscape/Trajectory contract."""
    landscape = SimpleNamespace(
        dim=1,
        domain=np.array([[-2.0, 2.0]]),
        minima=(Minimum([0.0], 0.0, "global"),),
        start=np.array([1.5]),
        name="stand-in bowl",
        loss=lambda x: 0.5 * np.asarray(x)[..., 0] ** 2,
    )
    x = 1.5 * 0.5 ** np.arange(6.0)
    traj = SimpleNamespace(
        x=x[:, None],
        loss=0.5 * x**2,
        t=np.arange(6),
        lr=np.full(5, 0.5),
        regime=np.array("converged"),
        minimum=np.array(0),
        rank=np.array(0),
        outcome=np.array("global minimum"),
        settled_step=np.array(4),
        diverged_step=np.array(-1),
        landscape=landscape,
        optimizer=optim.SGD(lr=0.5),
        steps=5,
    )
    drawn = plot.path_1d(traj)  # type: ignore[arg-type]
    assert len(drawn.points.get_offsets()) == 6
    assert drawn.annotation is not None
    assert drawn.annotation.get_text() == "global minimum, settled at step 4"
    lines = plot.loss_curve(traj).lines  # type: ignore[arg-type]
    np.testing.assert_allclose(lines[0].get_ydata(), 0.5 * x**2)


def test_runs_on_their_way_to_overflow_draw_without_warnings() -> None:
    """Warnings are errors here: nothing may overflow while drawing them."""
    bowl = landscapes.quadratic(a=1.0)
    lrs = np.array([0.5, 2.5, 3.0, 1e154])
    traj = gdbook.descend(bowl, optim.SGD(lr=lrs), bowl.start, 600)
    assert (traj.regime[1:] == "diverged").all()
    figures = [
        figure_of(plot.path_1d(traj, index=3).points),
        figure_of(plot.path_1d(traj, index=2).points),
        figure_of(plot.loss_curve(traj).lines[0]),
        figure_of(plot.loss_curve(traj, log=False).lines[0]),
        figure_of(plot.sweep(lrs, traj.final_loss, log_loss=True).points),
    ]
    bowl_2d = landscapes.ill_conditioned()
    traj_2d = gdbook.descend(bowl_2d, optim.SGD(lr=lrs), bowl_2d.start, 600)
    figures.append(figure_of(plot.paths_2d(traj_2d).paths[0]))
    for fig in figures:
        fig.canvas.draw()


# -- range test -------------------------------------------------------------------


@pytest.fixture(scope="module")
def range_run() -> Any:
    bowl = landscapes.quadratic(a=5.0)
    return theory.lr_range_test(bowl, optim.SGD, bowl.start)


def test_range_test_draws_loss_smoothed_and_marks(range_run: Any) -> None:
    drawn = plot.range_test(
        range_run, floor=-1.0, marks={"suggested": 0.05, "2/λ": 0.4}, log_loss=False
    )
    np.testing.assert_allclose(drawn.loss.get_xdata(), range_run.lrs)
    np.testing.assert_allclose(drawn.loss.get_ydata(), range_run.losses + 1.0)
    np.testing.assert_allclose(drawn.smoothed.get_ydata(), range_run.smoothed + 1.0)
    assert [m.get_label() for m in drawn.marks] == ["suggested = 0.05", "2/λ = 0.4"]
    assert [m.get_xdata()[0] for m in drawn.marks] == [0.05, 0.4]
    ax = drawn.loss.axes
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "linear")
    assert plot.range_test(range_run).marks == []


def test_range_test_errors(range_run: Any) -> None:
    with pytest.raises(TypeError, match="test must be the result of"):
        plot.range_test(np.arange(3))
    short = range_run._replace(smoothed=range_run.smoothed[:-1])
    with pytest.raises(ValueError, match=r"test.smoothed must have the shape"):
        plot.range_test(short)
    with pytest.raises(ValueError, match=r"floor must be finite"):
        plot.range_test(range_run, floor=np.inf)
    with pytest.raises(TypeError, match=r"marks must be a mapping"):
        plot.range_test(range_run, marks=[0.1])
    with pytest.raises(ValueError, match=r"marks\['2/λ'\] must be finite and > 0"):
        plot.range_test(range_run, marks={"2/λ": -0.4})
    with pytest.raises(ValueError, match=r"at most 6 learning rates, got 7"):
        plot.range_test(range_run, marks={str(k): 0.1 for k in range(7)})
    with pytest.raises(TypeError, match=r"log_loss must be True or False"):
        plot.range_test(range_run, log_loss="yes")
