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
# curvature is a little lower: the thresholds at the minima differ, from
# 0.418 in the first valley to 0.399 in the global one.
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

curve = landscapes.book_curve()
w0 = float(curve.start[0])
w = np.linspace(*curve.domain[0], 1101)
threshold = theory.stability_threshold(curve, w[:, np.newaxis])
valleys = [m for m in curve.minima if w0 < m.x[0] <= 6.0]
valley_threshold = np.array(
    [float(theory.stability_threshold(curve, m.x)) for m in valleys]
)
for k, (m, lr_max) in enumerate(zip(valleys, valley_threshold, strict=True), start=1):
    print(f"valley {k} ({m.kind}, w = {m.x[0]:.2f}): 2/lambda = {lr_max:.4f}")
print(f"points with negative curvature: {np.isinf(threshold).mean():.0%} of the domain")

# %%
# Each valley holds up to its own threshold
# -----------------------------------------
# One call starts gradient descent 0.3 to the right of each of the four
# minima on the way, with three learning rates each: 2 % below the valley's
# own threshold, 2 % above it, and 0.41, which lies between the first
# valley's threshold and the others'. A batch of 3 x 4 runs, 3000 steps each.
starts = np.array([[m.x[0] + 0.3] for m in valleys])
lrs = np.stack([0.98 * valley_threshold, 1.02 * valley_threshold, np.full(4, 0.41)])
runs = gdbook.descend(curve, optim.SGD(lr=lrs), starts, 3000, record="final")
own = np.array([curve.minima.index(m) for m in valleys])
held = runs.minimum == own
for label, row in zip(("0.98 x own", "1.02 x own", "0.41"), held, strict=True):
    print(f"lr {label:10}: held in valleys {[k + 1 for k in np.flatnonzero(row)]}")

# %%
# The claims: 2 % below its threshold every valley holds its run, 2 % above
# none does, and 0.41 is held by the first valley only.
assert held[0].all(), (
    "claim: each valley holds gradient descent 2 % below its own threshold; "
    f"held: {held[0]}"
)
assert not held[1].any(), (
    "claim: no valley holds gradient descent 2 % above its own threshold; "
    f"held: {held[1]}"
)
assert held[2].tolist() == [True, False, False, False], (
    "claim: lr = 0.41 is held by the first valley (threshold "
    f"{valley_threshold[0]:.3f}) and by none of the others; held: {held[2]}"
)

# %%
# The curve and its threshold
# ---------------------------
# Above, the loss; below, the largest stable learning rate of the local
# quadratic model at each point, infinite (not drawn) where the curve bends
# down. The dashed line is the learning rate 0.41.
import matplotlib.pyplot as plt

from gdbook import plot

fig, (top, bottom) = plt.subplots(
    2,
    1,
    figsize=(6.4, 5.2),
    sharex=True,
    height_ratios=[1.0, 1.1],
    layout="constrained",
)
plot.landscape_1d(curve, ax=top)
top.set_xlabel("")
bottom.plot(w, np.where(np.isinf(threshold), np.nan, threshold), color=plot.PALETTE[0])
bottom.plot(
    [m.x[0] for m in valleys], valley_threshold, linestyle="none", marker="o",
    markersize=5, color=plot.PALETTE[0],
)  # fmt: skip
for m, lr_max in zip(valleys, valley_threshold, strict=True):
    bottom.annotate(
        f"{lr_max:.3f}", (m.x[0], lr_max), xytext=(5, 0), textcoords="offset points",
        ha="left", va="center", fontsize=8.5,
    )  # fmt: skip
bottom.axhline(0.41, color=plot.PALETTE[1], linestyle="--", linewidth=1.0)
bottom.annotate(
    "η = 0.41", (curve.domain[0, 1], 0.41), xytext=(-2, 3), textcoords="offset points",
    ha="right", va="bottom", fontsize=9, color=plot.PALETTE[1],
)  # fmt: skip
bottom.set_ylim(0.39, 0.47)
bottom.set_xlabel("$w$")
bottom.set_ylabel(r"threshold $2/\lambda(w)$")
bottom.grid(True, linewidth=0.6)
fig.set_label(
    f"Two panels sharing the w axis from {w[0]:g} to {w[-1]:g}. Above, the book's "
    "loss curve with its minima. Below, the stability threshold 2/L''(w) on an "
    "axis from 0.39 to 0.47: a steep U-shaped arc under each valley, lowest, "
    "at 0.399, at each even integer w, with each minimum a little off the bottom "
    "of its arc: "
    + ", ".join(
        f"{lr_max:.3f} at w = {m.x[0]:.2f}"
        for m, lr_max in zip(valleys, valley_threshold, strict=True)
    )
    + ", rising steeply towards each bump, where the curve bends down and "
    "there is no threshold. A dashed line at 0.41 lies above every valley's "
    "threshold but the first one's.",
)
plt.show()

# %%
# Conclusion
# ----------
# The threshold of the book is a local quantity: it belongs to a point, and
# what decides whether a run can settle is its value at the bottom of the
# valley the run is in. On this curve the valleys differ by 5 %, which is why
# plain gradient descent from :math:`w_0 = -0.9` settles in the first valley
# for every learning rate up to 0.418 and nowhere above it: every valley
# after the first is less tolerant.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`, :meth:`gdbook.Landscape.hessian`
# - :class:`gdbook.optim.SGD`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.landscape_1d`
