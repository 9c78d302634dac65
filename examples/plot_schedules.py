"""
Learning-rate schedules on the book's curve
===========================================

Six schedules of :mod:`gdbook.schedules` start plain gradient descent
(:class:`gdbook.optim.SGD`) with steps too big for any minimum of
:func:`gdbook.landscapes.book_curve` and shrink them: the big early steps carry
the run over the bumps, the small late ones let it settle in the global
minimum, which no constant learning rate reaches.
"""

# %%
# How big a step each minimum tolerates
# -------------------------------------
# A minimum of curvature :math:`\lambda` holds gradient descent only while
# :math:`\eta < 2/\lambda` (:func:`gdbook.theory.stability_threshold`). On the
# book's curve the minima on the way from :math:`w_0 = -0.9` to the global one
# all curve about alike, so their thresholds lie close together, between 0.40
# and 0.42. Above the largest of them no minimum on the way can hold a run.
import numpy as np

import gdbook
from gdbook import landscapes, optim, schedules, theory

curve = landscapes.book_curve()
w0 = float(curve.start[0])
best = next(m for m in curve.minima if m.kind == "global")
on_the_way = [m for m in curve.minima if w0 < m.x[0] <= best.x[0]]
thresholds = [float(theory.stability_threshold(curve, m.x)) for m in on_the_way]
for m, threshold in zip(on_the_way, thresholds, strict=True):
    print(f"{m.kind:6} minimum at w = {m.x[0]:5.2f}: 2/lambda = {threshold:.4f}")
highest = max(thresholds)

# %%
# A constant learning rate either stops early or never stops
# ----------------------------------------------------------
# One call runs 400 constant learning rates from 0.02 to 2 for 300 steps each.
# Up to the threshold of the first minimum every run stops there; above it no
# run settles anywhere.
constant_lrs = np.geomspace(0.02, 2.0, 400)
constant = gdbook.descend(curve, optim.SGD(lr=constant_lrs), [w0], 300, record="final")
settles = constant.regime == "converged"
print(f"settle: lr up to {constant_lrs[settles].max():.3f}, all in", end=" ")
print(sorted(set(constant.outcome[settles])))
print(f"above: {sorted(set(constant.outcome[~settles]))}")

# %%
# Six schedules
# -------------
# Each starts at, or climbs to, the peak learning rate :math:`\eta_0 = 1.1`,
# well above every threshold, and decays over 300 steps.
steps = 300
peak = 1.1


def make_schedules(lr):
    """The six schedules of this page, for a peak lr (a number or an array)."""
    warmup = 5
    return {
        "inverse time": schedules.inverse_time(lr, decay=0.015),
        "step": schedules.step(lr, step_size=40, gamma=0.5),
        "exponential": schedules.exponential(lr, gamma=0.985),
        "cosine": schedules.cosine(lr, t_max=steps),
        "warm-up + cosine": schedules.sequential(
            [
                schedules.linear(lr, start_factor=0.1, total_iters=warmup),
                schedules.cosine(lr, t_max=steps - warmup),
            ],
            milestones=[warmup],
        ),
        "one-cycle": schedules.one_cycle(lr, total_steps=steps, pct_start=0.1),
    }


def side_by_side(named):
    """One schedule whose last axis runs over several: one descend call for all."""
    parts = list(named.values())
    return lambda t: np.stack([np.asarray(s(t)) for s in parts], axis=-1)


chosen = make_schedules(peak)
names = list(chosen)

# %%
# Their learning rates
# --------------------
# The shaded band holds the thresholds of the minima on the way: above it the
# run cannot stop in any of them, below it every one of them holds it.
import matplotlib.pyplot as plt

from gdbook import plot

fig, ax = plt.subplots(figsize=(5.6, 3.6), layout="constrained")
drawn = plot.lr_curves(chosen, steps, ax=ax)
ax.axhspan(min(thresholds), highest, color=plot.NEUTRAL, alpha=0.35, linewidth=0)
ax.annotate(
    "thresholds 2/λ of the minima",
    (steps - 1, highest), xytext=(0, 3), textcoords="offset points",
    ha="right", va="bottom", fontsize=9,
)  # fmt: skip
ax.set_xlim(0, steps)
ax.set_ylim(0, None)
lr_values = {name: np.asarray(s(np.arange(steps))) for name, s in chosen.items()}
above = {name: int((v > highest).sum()) for name, v in lr_values.items()}
fig.set_label(
    f"Learning rate against step, 0 to {steps}, for six schedules with peak "
    f"{peak}: "
    + "; ".join(
        f"{name} from {v[0]:.3g} to {v[-1]:.3g}, above the thresholds for "
        f"{above[name]} steps"
        for name, v in lr_values.items()
    )
    + f". A grey band from {min(thresholds):.3f} to {highest:.3f} marks the "
    "stability thresholds of the minima on the way.",
)
plt.show()

# %%
# What each does on the curve
# ---------------------------
# While the learning rate is large the run jumps about, and which valley it is
# in when the learning rate drops below the thresholds changes with the
# smallest change of the peak (try it). So each schedule runs from 41 peaks
# within 2 % of 1.1: 6 x 41 runs in one :func:`gdbook.descend` call, whose
# learning rate is a function of the step returning one value per run.
peaks = peak * np.linspace(0.98, 1.02, 41)
runs = gdbook.descend(
    curve, optim.SGD(lr=side_by_side(make_schedules(peaks))), [w0], steps
)
share = {
    name: float(np.mean(runs.outcome[:, k] == "global minimum"))
    for k, name in enumerate(names)
}
for k, name in enumerate(names):
    kinds, counts = np.unique(runs.outcome[:, k], return_counts=True)
    print(
        f"{name:17}", ", ".join(f"{c} {o}" for o, c in zip(kinds, counts, strict=True))
    )

# %%
# The claims
# ----------
# No constant learning rate reaches the global minimum: the largest that
# settles is the first minimum's threshold (within one step of the grid), and
# it settles there. Every scheduled run settles in a minimum; the smooth
# schedules end in the global minimum for most peaks, step decay, whose drops
# are abrupt, for the fewest.
grid_step = float(np.max(np.diff(constant_lrs)))
assert not np.any(constant.outcome == "global minimum"), (
    "claim: no constant learning rate ends in the global minimum; "
    f"{int(np.sum(constant.outcome == 'global minimum'))} runs do"
)
assert set(constant.outcome[settles]) == {"local minimum 1"}, (
    "claim: every constant learning rate that settles does so in local minimum 1; "
    f"got {sorted(set(constant.outcome[settles]))}"
)
assert abs(constant_lrs[settles].max() - thresholds[0]) <= grid_step, (
    "claim: the largest constant learning rate that settles is the threshold of "
    f"local minimum 1, {thresholds[0]:.4f}; got {constant_lrs[settles].max():.4f}"
)
assert np.all(runs.regime == "converged"), (
    "claim: every scheduled run settles in a minimum; "
    f"got {sorted(set(runs.regime.ravel()))}"
)
smooth = [name for name in names if name != "step"]
for name in smooth:
    assert share[name] > 0.5, (
        f"claim: {name} from peaks near {peak} ends in the global minimum for most "
        f"peaks; got {share[name]:.0%}"
    )
assert min(share, key=share.get) == "step", (
    f"claim: step decay ends in the global minimum least often of the six; got {share}"
)

# %%
# Where the runs go
# -----------------
# Which valley each run is in at each step: one panel per schedule, one row
# per peak, one column per step, coloured by the valley (the stretch between
# two bump tops). The dashed line marks the step from which the learning rate
# stays below every threshold, so that a run can come to rest.
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

# The bump tops, where the slope turns from uphill to downhill, bound the valleys.
fine = np.linspace(-3.0, 13.0, 16_001)
slope = curve.grad(fine[:, np.newaxis])[:, 0]
tops = fine[1:][(slope[:-1] > 0) & (slope[1:] <= 0)]
valleys = {
    "behind the start": plot.NEUTRAL,
    "local minimum 1": plot.PALETTE[0],
    "local minimum 2": plot.PALETTE[5],
    "local minimum 3": plot.PALETTE[6],
    "global minimum": plot.PALETTE[2],
    "local minimum 4": plot.PALETTE[3],
    "farther on": "#4d4d4d",
}
where = np.searchsorted(tops, runs.x[..., 0])
# Each named valley holds its minimum (a check of the drawing, not a claim).
assert [int(np.searchsorted(tops, m.x[0])) for m in curve.minima] == list(range(6))
# The learning rate of each run's last hop from one valley to another.
hops = np.diff(where, axis=0) != 0
last_hop = hops.shape[0] - 1 - np.argmax(hops[::-1], axis=0)
hop_lr = np.take_along_axis(runs.lr, last_hop[np.newaxis], axis=0)[0]
print(f"last hops at learning rates from {hop_lr.min():.2f} to {hop_lr.max():.2f}")

# %%
# The claim: the runs stop changing valley long before they can come to rest.
# Every last hop takes place at a learning rate above 1.5 times the
# thresholds; below that a run rocks from wall to wall of its valley, too
# slow to hop a bump and too fast to settle.
assert hops.any(axis=0).all(), "claim: every run leaves the first valley"
assert hop_lr.min() > 1.5 * highest, (
    "claim: every run makes its last hop to another valley at a learning rate "
    f"above 1.5 x the thresholds ({1.5 * highest:.3f}); the lowest is {hop_lr.min():.3f}"
)

# %%
colours = ListedColormap(list(valleys.values()))
norm = BoundaryNorm(np.arange(len(valleys) + 1) - 0.5, len(valleys))

fig, axes = plt.subplots(
    3, 2, figsize=(7.2, 6.4), sharex=True, sharey=True, layout="constrained"
)
calm = {}
for ax, (k, name) in zip(axes.flat, enumerate(names), strict=True):
    ax.imshow(
        np.clip(where[:, :, k], 0, len(valleys) - 1).T,
        cmap=colours, norm=norm, origin="lower", aspect="auto", interpolation="nearest",
        extent=(-0.5, steps + 0.5, peaks[0], peaks[-1]),
    )  # fmt: skip
    above_any = np.flatnonzero(chosen[name](np.arange(steps)) >= min(thresholds))
    calm[name] = int(above_any[-1]) + 1
    ax.axvline(calm[name], color="white", linewidth=1.4, linestyle="--")
    won = int(np.sum(runs.outcome[:, k] == "global minimum"))
    ax.set_title(f"{name}: {won} of {peaks.size} global", loc="left", fontsize=9.5)
for ax in axes[-1]:
    ax.set_xlabel("step $t$")
for ax in axes[:, 0]:
    ax.set_ylabel(r"peak $\eta_0$")
fig.legend(
    handles=[Patch(color=c, label=v) for v, c in valleys.items()],
    loc="outside lower center", ncols=4, frameon=False,
)  # fmt: skip
fig.set_label(
    f"Six panels, one per schedule, each a grid of {peaks.size} runs (rows, peaks "
    f"{peaks[0]:.3f} to {peaks[-1]:.3f}) by {steps + 1} steps (columns), each cell "
    "coloured by the valley the run is in at that step. Every run starts in the "
    "valley of local minimum 1; while the learning rate is large the colours "
    "change from step to step as the runs jump between valleys; each row keeps "
    f"one colour once the learning rate is below {hop_lr.min():.2f}, well before "
    "a dashed line at the step from which it stays below the thresholds. In the "
    "global minimum at the end: "
    + "; ".join(
        f"{name} {int(np.sum(runs.outcome[:, k] == 'global minimum'))} of "
        f"{peaks.size} runs, calm from step {calm[name]}"
        for k, name in enumerate(names)
    )
    + ".",
)
plt.show()

# %%
# Does it depend on the peak?
# ---------------------------
# The same schedules, and two that do not decay (a constant, and a linear
# warm-up to the peak that then stays there), for 80 peaks from 0.2 to 2, in
# one call: a batch of 80 peaks x 8 schedules.
peaks = np.geomspace(0.2, 2.0, 80)
rows = {
    "constant": schedules.constant(peaks),
    "linear warm-up": schedules.linear(peaks, start_factor=0.1, total_iters=5),
    **make_schedules(peaks),
}
grid = gdbook.descend(
    curve, optim.SGD(lr=side_by_side(rows)), [w0], steps, record="final"
)
low = peaks < min(thresholds)
high = peaks > highest
reached = {
    name: float(np.mean(grid.outcome[high, i] == "global minimum"))
    for i, name in enumerate(rows)
}
for name, fraction in reached.items():
    print(f"{name:17} global minimum for {fraction:4.0%} of the peaks above 2/lambda")

# %%
# More claims: a peak below every threshold never leaves the first minimum,
# whatever the schedule; without decay no peak reaches the global minimum;
# with decay, every schedule reaches it from at least a quarter of the peaks
# above the thresholds.
assert np.all(grid.outcome[low] == "local minimum 1"), (
    "claim: with a peak below every threshold each schedule ends in local minimum 1; "
    f"got {sorted(set(grid.outcome[low].ravel()))}"
)
for name in ("constant", "linear warm-up"):
    assert reached[name] == 0, (
        f"claim: {name} (no decay) never ends in the global minimum; it does for "
        f"{reached[name]:.0%} of the peaks"
    )
for name in names:
    assert reached[name] >= 0.25, (
        f"claim: {name} ends in the global minimum from at least a quarter of the "
        f"peaks above the thresholds; got {reached[name]:.0%}"
    )

# %%
# Which minimum, by schedule and peak. Peaks just above the thresholds only
# rock the run in its first valley or carry it one or two further; from a
# peak of about 0.9 the decaying schedules mostly reach the global minimum.
fig, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
drawn_map = plot.outcome_map(
    grid, peaks, np.arange(len(rows)), ax=ax, ylabel="", steps=False
)
ax.set_yticks(np.arange(len(rows)), list(rows))
ax.set_xlabel(r"peak learning rate $\eta_0$")
ax.set_xticks(
    [0.2, 0.3, 0.4, 0.6, 1.0, 1.5, 2.0], ["0.2", "0.3", "0.4", "0.6", "1", "1.5", "2"]
)
ax.minorticks_off()
ax.axvline(highest, color="white", linewidth=1.4, linestyle="--")
kinds = sorted(set(grid.outcome.ravel()))
fig.set_label(
    f"Outcome map: 8 schedules (rows) by {peaks.size} peak learning rates from "
    f"{peaks[0]:g} to {peaks[-1]:g} on a log axis (columns), {steps} steps each. "
    f"Left of the dashed line at {highest:.3f} every cell is local minimum 1. "
    "Right of it, the constant and warm-up rows never settle, while the "
    "decaying schedules end in the global minimum for "
    + ", ".join(f"{name} {reached[name]:.0%}" for name in names)
    + " of the peaks, the other cells in local minima. Outcomes: "
    + ", ".join(kinds)
    + ".",
)
plt.show()

# %%
# Conclusion
# ----------
# On this curve a constant learning rate faces a dilemma: small enough to
# settle means too small to cross a bump. A schedule breaks it by changing
# the learning rate over time. Early, far above every threshold, the run
# jumps from valley to valley; once the learning rate has fallen to about
# twice the thresholds it no longer hops but rocks in the valley it is in;
# below the thresholds it settles there. The smooth decays (inverse time,
# exponential, cosine, warm-up + cosine, one-cycle) end in the global minimum
# for most peaks; the abrupt cuts of step decay for few.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`, :class:`gdbook.optim.SGD`
# - :func:`gdbook.schedules.inverse_time`, :func:`gdbook.schedules.step`,
#   :func:`gdbook.schedules.exponential`, :func:`gdbook.schedules.cosine`,
#   :func:`gdbook.schedules.linear`, :func:`gdbook.schedules.sequential`,
#   :func:`gdbook.schedules.one_cycle`, :func:`gdbook.schedules.constant`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.lr_curves`, :func:`gdbook.plot.outcome_map`,
