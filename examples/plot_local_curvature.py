"""
Local curvature along the book's curve
======================================

On a curve that is not a parabola the curvature :math:`\\lambda(w) = L''(w)`
changes from place to place, and with it the stability threshold
:math:`2/\\lambda(w)` (:func:`gdbook.theory.stability_threshold`). Each valley of
:func:`gdbook.landscapes.book_curve` holds gradient descent up to its own
threshold, and a learning rate between two thresholds is held by one valley
and not by the other.
"""

# %%
# The threshold at every point
# ----------------------------
# :math:`L(w) = 0.04 (w - 6)^2 - 0.5 \cos(\pi w)` has
# :math:`L''(w) = 0.08 + 0.5 \pi^2 \cos(\pi w)`: at most about 5, at every
# even integer :math:`w`, and negative near the top of each bump, where no
# step is too large for the local quadratic model and the threshold is
# infinite. The parabola's term pulls each minimum off its even integer
# towards :math:`w = 6`, the more the farther it is from 6, to where the
# curvature is a little lower: the thresholds at the minima differ.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
curve = landscapes.book_curve()
w0 = float(curve.start[0])
w = np.linspace(*curve.domain[0], 1101)
curvature = curve.hessian(w[:, np.newaxis])[:, 0, 0]
threshold = theory.stability_threshold(curve, w[:, np.newaxis])
negative = 100 * float(np.mean(curvature < 0))
valleys = [m for m in curve.minima if w0 < m.x[0] <= 6.0]
at_minima = np.array([m.x[0] for m in valleys])
valley_curvature = np.array([curve.hessian(m.x)[0, 0] for m in valleys])
valley_threshold = np.array([theory.stability_threshold(curve, m.x) for m in valleys])
curvature_first, curvature_global = valley_curvature[[0, -1]]
threshold_first, threshold_global = valley_threshold[[0, -1]]

# %%
# Each valley holds up to its own threshold
# -----------------------------------------
# One call starts gradient descent 0.3 to the right of each of the four
# minima on the way, with three learning rates each: 2 % below the valley's
# own threshold, 2 % above it, and 0.41, which lies between the first
# valley's threshold and the others'. A batch of 3 x 4 runs, 3000 steps each.
# A run *settles* in a valley when gdbook judges it converged to that minimum;
# how far it strays is its largest distance from the minimum over its last 64
# steps.
between_lr = 0.41
starts = (at_minima + 0.3)[:, np.newaxis]
lrs = np.stack(
    [
        0.98 * valley_threshold,
        1.02 * valley_threshold,
        np.full(len(valleys), between_lr),
    ]
)
runs = gdbook.descend(curve, optim.SGD(lr=lrs), starts, 3000)
settled = runs.minimum == np.array([curve.minima.index(m) for m in valleys])
strays = np.abs(runs.x[-64:, ..., 0] - at_minima).max(axis=0)
swing_lo, swing_hi = float(strays[1].min()), float(strays[1].max())

# %%
# The curve and its threshold
# ---------------------------
# Above, the loss; below, the largest stable learning rate of the local
# quadratic model at each point, infinite (not drawn) where the curve bends
# down. The dashed line is the learning rate 0.41.
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(5.0, 5.6), sharex=True, height_ratios=[1.0, 1.2]
)
plot.landscape_1d(curve, ax=top)
top.set_xlabel("")
bottom.plot(w, np.where(np.isinf(threshold), np.nan, threshold), color=plot.PALETTE[0])
bottom.plot(at_minima, valley_threshold, "o", markersize=5, color=plot.PALETTE[0])
beside = {"textcoords": "offset points", "fontsize": 10, "va": "center"}
for at, lr_max in zip(at_minima, valley_threshold, strict=True):
    bottom.annotate(f"{lr_max:.3f}", (at, lr_max), xytext=(4, 0), **beside)
bottom.axhline(between_lr, color=plot.PALETTE[1], linestyle="--", linewidth=1.0)
bottom.annotate(
    f"η = {between_lr}",
    (curve.domain[0, 1], between_lr),
    xytext=(-2, 3),
    textcoords="offset points",
    ha="right",
    va="bottom",
    fontsize=10,
    color=plot.PALETTE[1],
)
bottom.set(ylim=(0.39, 0.47), xlabel="$w$", ylabel=r"threshold $2/\lambda(w)$")
bottom.grid(True, linewidth=0.6)
# sphinx_gallery_start_ignore
fig.set_label(
    "Above, the book's loss curve; below, the stability threshold 2/L''(w), a U under "
    f"each valley, with the minima's thresholds from {threshold_first:.3f} down to "
    f"{threshold_global:.3f}, and a dashed line at {between_lr} above all but the first."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The curvature swings between about 5 and about -5. The minima are pulled
# towards :math:`w = 6`, the more the farther they are, so every valley after
# the first is less tolerant. 2 % below its threshold every valley lets its
# run settle; 2 % above none does, but none lets it go either: it swings in a
# 2-cycle about a tenth either side of the minimum, for good. 0.41 settles in
# the first valley only; in the others the run swings about the bottom for
# good.
swing = [curvature.min(), curvature.max()]
assert np.allclose(swing, [-5, 5], atol=0.2), f"claim: L'' swings over -5 .. 5; {swing}"
evens = 2 * np.round(at_minima / 2)
pull = np.abs(at_minima - evens)
assert np.all(np.sign(at_minima - evens) == np.sign(6 - evens)), (
    "claim: pulled to w = 6"
)
assert np.all(np.diff(pull) < 0), f"claim: pulled the more the farther from 6; {pull}"
assert np.all(np.diff(valley_threshold) < 0), (
    f"claim: each valley is less tolerant than the one before; {valley_threshold}"
)
assert settled[0].all(), (
    f"claim: each valley lets a run 2 % below its threshold settle; {settled[0]}"
)
assert not settled[1].any(), (
    f"claim: no valley lets a run 2 % above settle; {settled[1]}"
)
assert np.all(runs.outcome[1] == "oscillating"), (
    f"claim: 2 % above its threshold every valley's run oscillates; {runs.outcome[1]}"
)
assert 0.05 < swing_lo <= swing_hi < 0.2, (
    "claim: 2 % above its threshold every valley keeps its run within about 0.1 "
    f"of the minimum; {strays[1].round(3)}"
)
# A 2-cycle a -> b -> a means L'(a) - L'(b) = 2 (a - b) / eta: the curve's
# mean curvature between a and b has fallen from lambda at the bottom to 2/eta.
a, b = runs.x[-1, 1, :, 0], runs.x[-2, 1, :, 0]
slope_a, slope_b = (
    curve.grad(a[:, np.newaxis])[:, 0],
    curve.grad(b[:, np.newaxis])[:, 0],
)
chord = (slope_a - slope_b) / (a - b)
assert np.allclose(runs.x[-3, 1], runs.x[-1, 1], rtol=0, atol=1e-9), (
    "claim: 2 % above its threshold each valley's run settles into a 2-cycle"
)
assert np.allclose(chord, 2 / lrs[1], rtol=1e-6), (
    f"claim: the cycle's mean curvature is 2/eta; {chord}, {2 / lrs[1]}"
)
assert np.all(chord < valley_curvature), (
    f"claim: the cycle's mean curvature is below lambda; {chord}, {valley_curvature}"
)
assert settled[2].tolist() == [True, False, False, False], (
    f"claim: lr = {between_lr} settles in the first valley only; {settled[2]}"
)
assert np.all(runs.outcome[2, 1:] == "oscillating"), (
    f"claim: at lr = {between_lr} the other valleys' runs oscillate; {runs.outcome[2]}"
)
assert np.all(strays[2, 1:] < 0.5), (
    f"claim: at lr = {between_lr} they swing about the bottom; {strays[2].round(3)}"
)

# %%
# Conclusion
# ----------
# The threshold of the book is a local quantity: it belongs to a point, and
# what decides whether a run can settle is its value at the bottom of the
# valley the run is in. Just above it a run does not settle, but it does not
# leave either: it swings about the bottom. On this curve the valleys differ
# by 5 %, which is why
# plain gradient descent from :math:`w_0 = -0.9` settles in the first valley
# for every learning rate up to 0.418 and nowhere above it: every valley
# after the first is less tolerant.
