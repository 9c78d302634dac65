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
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

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
for k, (m, lr_max) in enumerate(zip(valleys, valley_threshold, strict=True), start=1):
    print(f"valley {k} ({m.kind}, w = {m.x[0]:.2f}): 2/lambda = {lr_max:.4f}")
print(f"negative curvature on {negative:.0f} % of the domain")

# %%
# Each valley holds up to its own threshold
# -----------------------------------------
# One call starts gradient descent 0.3 to the right of each of the four
# minima on the way, with three learning rates each: 2 % below the valley's
# own threshold, 2 % above it, and 0.41, which lies between the first
# valley's threshold and the others'. A batch of 3 x 4 runs, 3000 steps each.
between_lr = 0.41
starts = (at_minima + 0.3)[:, np.newaxis]
lrs = np.stack([0.98 * valley_threshold, 1.02 * valley_threshold,
                np.full(len(valleys), between_lr)])  # fmt: skip
runs = gdbook.descend(curve, optim.SGD(lr=lrs), starts, 3000, record="final")
held = runs.minimum == np.array([curve.minima.index(m) for m in valleys])
for label, row in zip(("0.98 x own", "1.02 x own", between_lr), held, strict=True):
    print(f"lr {label!s:10}: held in valleys {(np.flatnonzero(row) + 1).tolist()}")

# %%
# The curve and its threshold
# ---------------------------
# Above, the loss; below, the largest stable learning rate of the local
# quadratic model at each point, infinite (not drawn) where the curve bends
# down. The dashed line is the learning rate 0.41.
import matplotlib.pyplot as plt

from gdbook import plot

fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.2), sharex=True,
                                  height_ratios=[1.0, 1.1], layout="constrained")  # fmt: skip
plot.landscape_1d(curve, ax=top)
top.set_xlabel("")
bottom.plot(w, np.where(np.isinf(threshold), np.nan, threshold), color=plot.PALETTE[0])
bottom.plot(at_minima, valley_threshold, linestyle="none", marker="o", markersize=5,
            color=plot.PALETTE[0])  # fmt: skip
for at, lr_max in zip(at_minima, valley_threshold, strict=True):
    bottom.annotate(f"{lr_max:.3f}", (at, lr_max), xytext=(5, 0), fontsize=8.5,
                    textcoords="offset points", ha="left", va="center")  # fmt: skip
bottom.axhline(between_lr, color=plot.PALETTE[1], linestyle="--", linewidth=1.0)
bottom.annotate(f"η = {between_lr}", (curve.domain[0, 1], between_lr), xytext=(-2, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=9,
                color=plot.PALETTE[1])  # fmt: skip
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
# the first is less tolerant. 2 % below its threshold every valley holds its
# run, 2 % above none does; 0.41 is held by the first valley only, and in the
# others the run swings from wall to wall for good.
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
assert held[0].all(), (
    f"claim: each valley holds a run 2 % below its threshold; {held[0]}"
)
assert not held[1].any(), f"claim: no valley holds a run 2 % above it; {held[1]}"
assert held[2].tolist() == [True, False, False, False], (
    f"claim: lr = {between_lr} is held by the first valley only; held: {held[2]}"
)
assert np.all(runs.outcome[2, 1:] == "oscillating"), (
    f"claim: at lr = {between_lr} the other valleys' runs oscillate; {runs.outcome[2]}"
)

# %%
# Conclusion
# ----------
# The threshold of the book is a local quantity: it belongs to a point, and
# what decides whether a run can settle is its value at the bottom of the
# valley the run is in. On this curve the valleys differ by 5 %, which is why
# plain gradient descent from :math:`w_0 = -0.9` settles in the first valley
# for every learning rate up to 0.418 and nowhere above it: every valley
# after the first is less tolerant.
