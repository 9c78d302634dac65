"""
Learning-rate schedules on the book's curve
===========================================

Six schedules of :mod:`gdbook.schedules` start plain gradient descent
(:class:`gdbook.optim.SGD`) with steps too big for any minimum of
:func:`gdbook.landscapes.book_curve`, to carry the run over the bumps, and shrink
them to let it settle: mostly in the global minimum, which no constant rate reaches.
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
lowest, highest = min(thresholds), max(thresholds)
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
steps, warmup, decay, step_size = 300, 5, 0.015, 40
peak = 1.1
peak_ratio, half_at = peak / highest, 1 / decay


def make_schedules(lr):
    """The six schedules of this page, for a peak lr (a number or an array)."""
    warm = schedules.linear(lr, start_factor=0.1, total_iters=warmup)
    then = schedules.cosine(lr, t_max=steps - warmup)
    return {
        "inverse time": schedules.inverse_time(lr, decay=decay),
        "step": schedules.step(lr, step_size=step_size, gamma=0.5),
        "exponential": schedules.exponential(lr, gamma=0.985),
        "cosine": schedules.cosine(lr, t_max=steps),
        "warm-up + cosine": schedules.sequential([warm, then], milestones=[warmup]),
        "one-cycle": schedules.one_cycle(lr, total_steps=steps, pct_start=0.1),
    }


def stacked(named):
    """One schedule whose last axis runs over several: one descend call for all."""
    parts = list(named.values())
    return lambda t: np.stack([np.asarray(s(t)) for s in parts], axis=-1)


chosen = make_schedules(peak)
names = list(chosen)
lrs = {name: np.asarray(s(np.arange(steps))) for name, s in chosen.items()}
inv_end = float(lrs["inverse time"][-1])
min1 = float(on_the_way[0].x[0])
calm = {n: np.flatnonzero(v >= lowest).max(initial=-1) + 1 for n, v in lrs.items()}

import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from gdbook import plot

plt.style.use(plot.STYLE)
fig, ax = plt.subplots(figsize=(5.0, 4.2))
plot.lr_curves(chosen, steps, ax=ax)
ax.axhspan(lowest, highest, color=plot.NEUTRAL, alpha=0.35, linewidth=0)
ax.text(steps, highest * 1.05, "thresholds 2/λ", ha="right")
ax.set(xlim=(0, steps), ylim=(0, None))
# sphinx_gallery_start_ignore
fig.set_label(
    f"Six learning-rate schedules with peak {peak}, each above a band of thresholds "
    f"({lowest:.2f} to {highest:.2f}), then below; inverse time ends at {inv_end:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Where the runs go
# -----------------
# 41 peaks within 2 % of the peak, in one call. A valley is the stretch between
# two bump tops; after the dashed line the learning rate stays below them all.
peaks = peak * np.linspace(0.98, 1.02, 41)
n_peaks, peak_lo, peak_hi = peaks.size, float(peaks[0]), float(peaks[-1])
runs = gdbook.descend(curve, optim.SGD(lr=stacked(make_schedules(peaks))), [w0], steps)
won = dict(zip(names, (runs.outcome == "global minimum").sum(0).tolist(), strict=True))
won_inv, won_step, won_exp, won_cos, won_warm, won_cycle = won.values()
where = np.searchsorted(tops, runs.x[..., 0])  # valley k holds curve.minima[k]
hops = np.diff(where, axis=0) != 0
hop_lr = float(np.where(hops, runs.lr, np.inf).min())  # no run hops below it
# The run from the peak itself: when its lr first tops the band, when it leaves
# valley 1, and at what lr.
mid = n_peaks // 2
over = {n: int(np.argmax(v > highest)) for n, v in lrs.items()}
out = {n: int(np.argmax(where[:, mid, k] != 1)) for k, n in enumerate(names)}
out_lr = {n: float(lrs[n][out[n] - 1]) for n in names}
over_warm, over_cycle = over["warm-up + cosine"], over["one-cycle"]
out_warm, out_cycle = out["warm-up + cosine"], out["one-cycle"]
out_lr_warm, out_lr_cycle = out_lr["warm-up + cosine"], out_lr["one-cycle"]
valleys = {"behind the start": plot.NEUTRAL, "local minimum 1": plot.PALETTE[0],
           "local minimum 2": plot.PALETTE[5], "local minimum 3": plot.PALETTE[6],
           "global minimum": plot.PALETTE[2], "local minimum 4": plot.PALETTE[3],
           "farther on": "#4d4d4d", "not settled": "#d4d4d4"}  # fmt: skip
shown = {"cmap": ListedColormap(list(valleys.values())), "vmin": 0, "origin": "lower",
         "vmax": len(valleys) - 1, "aspect": "auto", "interpolation": "none"}  # fmt: skip
legend = [Patch(color=c, label=v) for v, c in valleys.items()]
fig, axes = plt.subplots(3, 2, figsize=(5.0, 6.6), sharex=True, sharey=True)
for ax, (k, name) in zip(axes.flat, enumerate(names), strict=True):
    ax.imshow(where[..., k].T, extent=(0, steps, peak_lo, peak_hi), **shown)
    ax.axvline(calm[name], color="white", linewidth=1.4, linestyle="--")
    ax.set_title(name, loc="left")
    ax.set_xticks([0, 100, 200])
plt.setp(axes[-1], xlabel="step $t$")
plt.setp(axes[:, 0], ylabel=r"peak $\eta_0$")
fig.legend(handles=legend[:-1], loc="outside lower center", ncols=2, frameon=False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"The valley of {n_peaks} runs per schedule at each of {steps} steps: they jump "
    f"only while the learning rate is above {hop_lr:.2f}. In the global minimum: "
    + ", ".join(f"{name} {count}" for name, count in won.items())
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Does it depend on the peak?
# ---------------------------
# The same schedules, a constant and a linear warm-up that stays at the peak,
# for 80 peaks from 0.2 to 2; from a peak of 1 on, decay mostly wins. The
# dashed line is the largest threshold, the dotted one the smallest constant
# learning rate that leaves the first valley.
wide = np.geomspace(0.2, 2.0, 80)
n_grid, grid_lo, grid_hi = wide.size, float(wide[0]), float(wide[-1])
rows = {"constant": schedules.constant(wide),
        "linear warm-up": schedules.linear(wide, start_factor=0.1, total_iters=warmup),
        **make_schedules(wide)}  # fmt: skip
grid = gdbook.descend(curve, optim.SGD(lr=stacked(rows)), [w0], steps, record="final")
from_peak = 1.0
leaves = wide[np.any(grid.outcome[:, 2:] != "local minimum 1", axis=1)].min()
end = np.searchsorted(tops, grid.x[-1, ..., 0])
cells = np.where(grid.regime == "converged", end, len(valleys) - 1)
fig, ax = plt.subplots(figsize=(5.0, 5.0))
ax.imshow(cells.T, **shown)
ticks = np.array([0.2, 0.4, 0.7, 1.0, 2.0, highest])
at = np.interp(np.log(ticks), np.log(wide), np.arange(n_grid))  # a log axis
ax.set_xticks(at[:-1], [f"{t:g}" for t in ticks[:-1]])
ax.set_yticks(np.arange(len(rows)), list(rows))
ax.set_xlabel(r"peak learning rate $\eta_0$")
ax.axvline(at[-1], color="white", linewidth=1.4, linestyle="--")
ax.axvline(np.interp(np.log(leave_const), np.log(wide), np.arange(n_grid)),
           color="white", linewidth=1.4, linestyle=":")  # fmt: skip
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
# Exercises
# ---------
# When inverse-time decay first drops below every threshold, and step decay
# with a gentler cut, 0.7, from the same 41 peaks.
calm_inv = int(calm["inverse time"])
calm_inv_formula = int(np.floor((peak / lowest - 1) / decay)) + 1
gentle = schedules.step(peaks, step_size=step_size, gamma=0.7)
won_gentle = int(np.sum(gdbook.descend(
    curve, optim.SGD(lr=gentle), [w0], steps, record="final"
).outcome == "global minimum"))  # fmt: skip

# %%
# The claims
# ----------
# What the chapter says in words, each a test that can fail.
many = np.linspace(0.9, 1.5, 41)  # cosine decays of three lengths
n_many = many.size
cos100, cos300, cos1000 = (int(np.sum(gdbook.descend(
    curve, optim.SGD(lr=schedules.cosine(many, t_max=T)), [w0], T, record="final"
).outcome == "global minimum")) for T in (100, 300, 1000))  # fmt: skip
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
assert np.all(runs.regime == "converged"), "claim: every scheduled run settles"
for name in names[:1] + names[2:]:
    assert won[name] > n_peaks / 2, (
        f"claim: {name} from peaks near {peak} ends in the global minimum for most "
        f"peaks; got {won[name]} of {n_peaks}"
    )
assert min(won, key=won.get) == "step", f"claim: step decay does worst; {won}"
assert all(out[n] > over[n] + 5 for n in names[4:]), f"claim: above, not out; {out}"
assert all(v > 1.5 * highest for v in out_lr.values()), f"claim: leave higher; {out_lr}"
left, right = wide <= highest, wide >= from_peak
assert np.all(grid.outcome[left] == "local minimum 1"), "claim: left of the line"
assert not np.any(grid.regime[~left, :2] == "converged"), "claim: no decay, no rest"
assert leaves > 1.5 * highest, "claim: peaks well above the line still stop in valley 1"
for k, name in enumerate(names, start=2):
    kinds, counts = np.unique(grid.outcome[right, k], return_counts=True)
    assert kinds[counts.argmax()] == "global minimum", f"claim: {name} mostly global"
    first = grid.outcome[np.argmax(grid.outcome[:, k] != "local minimum 1"), k]
    assert first in {"local minimum 2", "local minimum 3"}, "claim: 1 or 2 valleys on"
assert calm_inv == calm_inv_formula, f"claim: the formula; {calm_inv_formula}"
assert won_gentle < n_peaks / 4, f"claim: a gentler cut no better; {won_gentle}"
assert cos100 <= cos300 <= cos1000 == n_many, "claim: the longer, the surer"
assert cos100 < cos1000, f"claim: the longer, the surer; {cos100}, {cos1000}"
assert all(v.max() > highest > lowest > v[-1] for v in lrs.values()), "claim: band"
assert all(lrs[n][-1] < inv_end / 10 for n in names[1:]), "claim: the others near 0"
assert inv_end < thr_global < 2.5 * inv_end, f"claim: inverse time still at {inv_end}"
assert hops.any(axis=0).all(), "claim: every run leaves the first valley"
assert 1.5 * highest < hop_lr < 2.5 * highest, f"claim: last hops at about 2x; {hop_lr}"
cut = hops[:, :, names.index("step")]
assert not cut[step_size:].any(), "claim: step decay's first cut ends the jumping"

# %%
# Conclusion
# ----------
# A constant learning rate small enough to settle is too small to cross a bump.
# Under a schedule the run jumps between valleys far above the thresholds, and
# settles below them: for most peaks in the global minimum, unless cut abruptly.
