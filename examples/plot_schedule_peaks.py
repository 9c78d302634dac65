"""
Does a schedule depend on its peak?
===================================

A constant learning rate on :func:`gdbook.landscapes.book_curve` either settles
in the first valley or settles nowhere. Six schedules of :mod:`gdbook.schedules`,
a constant rate and a warm-up, each from 80 peak learning rates, show where
plain gradient descent (:class:`gdbook.optim.SGD`) ends instead.
"""

# %%
# Two thresholds for a constant learning rate
# -------------------------------------------
# A minimum of curvature :math:`\lambda` lets gradient descent settle only while
# :math:`\eta < 2/\lambda` (:func:`gdbook.theory.stability_threshold`). Leaving
# a valley takes more: 400 constant learning rates from 0.02 to 2 show where
# a run first crosses a bump. A valley is the stretch between two bump tops.
import numpy as np

import gdbook
from gdbook import landscapes, optim, schedules, theory

curve = landscapes.book_curve()
w0 = float(curve.start[0])
on_the_way = curve.minima[1:5]  # from local minimum 1 to the global one, along w
thresholds = [float(theory.stability_threshold(curve, m.x)) for m in on_the_way]
thr_first, thr_global = thresholds[0], thresholds[-1]
highest = max(thresholds)
fine = np.linspace(-3.0, 11.0, 14_001)  # six bump tops, seven valleys
slope = curve.grad(fine[:, np.newaxis])[:, 0]
tops = fine[1:][(slope[:-1] > 0) & (slope[1:] <= 0)]  # uphill turns downhill
curvature = curve.hessian(fine[:, np.newaxis]).reshape(fine.size)
lam_global = 2 / thr_global  # the curvature at the global minimum
constant_lrs = np.geomspace(0.02, 2.0, 400)
constant = gdbook.descend(curve, optim.SGD(lr=constant_lrs), [w0], 300)
in_valley = np.searchsorted(tops, constant.x[..., 0])  # valley k holds minima[k]
stays = np.all(in_valley == 1, axis=0)
leave_const = float(constant_lrs[~stays].min())  # the smallest lr that leaves
leave_ratio = leave_const / thr_first
held = stays & (constant_lrs > thr_first)
swing_lr = float(constant_lrs[held].max())
swing = constant.x[100:, constant_lrs == swing_lr, 0]
swing_lo, swing_hi = float(swing.min()), float(swing.max())
min1 = float(on_the_way[0].x[0])

# %%
# Eight schedules, 80 peaks
# -------------------------
# The six schedules of :func:`gdbook.schedules.decaying`, a constant rate and a
# linear warm-up that stays at the peak, for 80 peaks from 0.2 to 2, in one
# call. The dashed line is the largest threshold, the dotted one the smallest
# constant learning rate that leaves the first valley.
steps, warmup = 300, 5
wide = np.geomspace(0.2, 2.0, 80)
n_grid, grid_lo, grid_hi = wide.size, float(wide[0]), float(wide[-1])
rows = {
    "constant": schedules.constant(wide),
    "linear warm-up": schedules.linear(wide, start_factor=0.1, total_iters=warmup),
    **schedules.decaying(wide, steps, warmup=warmup),
}
all_rows = schedules.stack(list(rows.values()))
grid = gdbook.descend(curve, optim.SGD(lr=all_rows), [w0], steps, record="final")
from_peak = 1.0
leaves = wide[np.any(grid.outcome[:, 2:] != "local minimum 1", axis=1)].min()

import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from gdbook import plot

plt.style.use(plot.STYLE)
valleys = plot.valley_colours(curve)  # name, colour: one per valley along w
end = np.searchsorted(tops, grid.x[-1, ..., 0])
cells = np.where(grid.regime == "converged", end, len(valleys) - 1)
fig, ax = plt.subplots(figsize=(5.0, 5.0))
colours = ListedColormap([colour for _, colour in valleys])
shown = {"cmap": colours, "vmin": 0, "vmax": len(valleys) - 1, "origin": "lower"}
ax.imshow(cells.T, aspect="auto", interpolation="none", **shown)
ticks = np.array([0.2, 0.4, 0.7, 1.0, 2.0, highest])
at = np.interp(np.log(ticks), np.log(wide), np.arange(n_grid))  # a log axis
ax.set_xticks(at[:-1], [f"{t:g}" for t in ticks[:-1]])
ax.set_yticks(np.arange(len(rows)), list(rows))
ax.set_xlabel(r"peak learning rate $\eta_0$")
ax.axvline(at[-1], color="white", linewidth=1.4, linestyle="--")
leave_at = np.interp(np.log(leave_const), np.log(wide), np.arange(n_grid))
ax.axvline(leave_at, color="white", linewidth=1.4, linestyle=":")
legend = [Patch(color=colour, label=name) for name, colour in valleys]
fig.legend(handles=legend, loc="outside lower center", ncols=2, frameon=False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Where 8 schedules end for {n_grid} peaks from {grid_lo:g} to {grid_hi:g}: below "
    f"{highest:.2f} all in local minimum 1; above, nowhere without decay, and with it "
    f"mostly in the global minimum from a peak of {from_peak:g} on."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# An exercise: how long a cosine
# ------------------------------
# Cosine decays of three lengths from 41 peaks between 0.9 and 1.5.
many = np.linspace(0.9, 1.5, 41)
n_many = many.size
won_cos = []
for length in (100, 300, 1000):
    lr = schedules.cosine(many, t_max=length)
    ends = gdbook.descend(curve, optim.SGD(lr=lr), [w0], length, record="final")
    won_cos.append(int(np.sum(ends.outcome == "global minimum")))
cos100, cos300, cos1000 = won_cos

# %%
# The claims
# ----------
# What the chapter says in words, each a test that can fail.
below, above = constant_lrs < thr_first, constant_lrs > thr_first
assert thresholds == sorted(thresholds)[::-1], "claim: each valley less tolerant"
assert np.all(constant.outcome[below] == "local minimum 1"), "claim: below, valley 1"
assert np.all(constant.regime[above] != "converged"), "claim: above it, no rest"
assert np.all(stays[constant_lrs < 1.5 * thr_first]), "claim: valley 1 holds them"
assert 1.5 < leave_ratio < 2, f"claim: leaving takes 1.5-2 x 2/lambda; {leave_ratio}"
assert not np.any(stays[constant_lrs >= leave_const]), "claim: above it, all leave"
assert swing_lo < min1 < swing_hi < tops[1], "claim: held, swinging about valley 1"
assert curvature.max() <= lam_global * (1 + 1e-6), "claim: no curvier than the bottom"
assert "global minimum" not in constant.outcome, "claim: no constant lr gets there"
left, right = wide <= highest, wide >= from_peak
assert np.all(grid.outcome[left] == "local minimum 1"), "claim: left of the line"
assert not np.any(grid.regime[~left, :2] == "converged"), "claim: no decay, no rest"
assert leaves > 1.5 * highest, "claim: peaks well above the line still stop in valley 1"
for k, name in enumerate(list(rows)[2:], start=2):
    kinds, counts = np.unique(grid.outcome[right, k], return_counts=True)
    assert kinds[counts.argmax()] == "global minimum", f"claim: {name} mostly global"
    first = grid.outcome[np.argmax(grid.outcome[:, k] != "local minimum 1"), k]
    assert first in {"local minimum 2", "local minimum 3"}, "claim: 1 or 2 valleys on"
assert cos100 <= cos300 <= cos1000 == n_many, "claim: the longer, the surer"
assert cos100 < cos1000, f"claim: the longer, the surer; {cos100}, {cos1000}"

# %%
# Conclusion
# ----------
# A constant learning rate small enough to settle is too small to cross a bump.
# A schedule that decays from a peak well above the thresholds ends mostly in
# the global minimum; without decay nothing settles, whatever the peak.
