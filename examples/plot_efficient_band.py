"""
The band of efficient learning rates
====================================

A ball with momentum (:class:`gdbook.optim.HeavyBall`) on
:func:`gdbook.landscapes.book_curve` at 300 learning rates in one
:func:`gdbook.descend` call: a band reaches the global minimum, a trap on either
side. Schedules (:mod:`gdbook.schedules`) from a peak above it do no better.
"""

# %%
# Where each learning rate ends
# -----------------------------
# Momentum :math:`\beta = 0.9`, start :math:`w_0 = -0.9`, 300 steps, learning
# rates from 0.001 to 0.3: the final losses make a staircase, one step per
# minimum. The first rates that reach the global minimum form the efficient
# band; 0.18, the rate chapter 6 gives its ball, was chosen before the sweep.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, schedules

plt.style.use(plot.STYLE)
curve = landscapes.book_curve()
w0 = float(curve.start[0])
beta, steps, lr = 0.9, 300, 0.18
lrs = np.round(np.linspace(0.001, 0.3, 300), 3)
n_lrs = lrs.size
sweep = gdbook.descend(curve, optim.HeavyBall(lr=lrs, beta=beta), [w0], steps)
reach = sweep.outcome == "global minimum"
first = int(np.argmax(reach))
last = first + int(np.argmin(reach[first:])) - 1
band_lo, band_hi = float(lrs[first]), float(lrs[last])
band_width = band_hi - band_lo
start2 = last + 1 + int(np.argmax(reach[last + 1 :]))
end2 = start2 + int(np.argmin(reach[start2:])) - 1
band2_lo, band2_hi = float(lrs[start2]), float(lrs[end2])
in_band = np.where(reach & (lrs <= band_hi), sweep.settled_step, steps + 1)
fastest_lr, fastest_settled = float(lrs[in_band.argmin()]), int(in_band.min())
slowest_settled = int(sweep.settled_step[first : last + 1].max())

edges = np.flatnonzero(sweep.outcome[1:] != sweep.outcome[:-1]) + 1
drawn = plot.sweep(lrs, sweep.final_loss, threshold=lr, threshold_label=f"lr = {lr} ")
ax, top = drawn.points.axes, float(sweep.final_loss.max()) + 0.25
ax.figure.set_size_inches(5.0, 3.4)
ax.set(xscale="linear", xlim=(0, lrs[-1]), ylim=(None, top))
for a, b in zip(np.r_[0, edges], np.r_[edges, lrs.size] - 1, strict=True):
    if lrs[b] - lrs[a] >= 0.02:  # wide enough for a label
        label = str(sweep.outcome[a]).replace(" minimum", "")
        xy = (lrs[a], sweep.final_loss[a])
        ax.annotate(label, xy, xytext=(2, 4), textcoords="offset points")
# sphinx_gallery_start_ignore
ax.figure.set_label(
    f"The final loss of {n_lrs} heavy-ball runs against the learning rate, "
    f"0.001 to 0.3: a staircase, one step per minimum, down to the global "
    f"minimum from lr {band_lo:.3f} to {band_hi:.3f}; a dashed line at lr {lr}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# A schedule instead, from a peak near 0.3
# ----------------------------------------
# 21 peaks from 0.25 to 0.35: held constant, decaying 1 % a step, and a cosine.
peaks = np.round(np.linspace(0.25, 0.35, 21), 3)
n_peaks = peaks.size
shapes = {
    "constant": peaks,
    "decay": schedules.exponential(peaks, gamma=0.99),
    "cosine": schedules.cosine(peaks, t_max=steps),
}
peak_ends = {
    name: gdbook.descend(curve, optim.HeavyBall(lr=r, beta=beta), [w0], steps).outcome
    for name, r in shapes.items()
}
won = {name: int(np.sum(ends == "global minimum")) for name, ends in peak_ends.items()}
won_const, won_decay, won_cos = won.values()
calm = peaks < 0.3

# %%
# An exercise: a lighter ball
# ---------------------------
# The same sweep with momentum 0.8 and 0.85, in one call.
ball = optim.HeavyBall(lr=lrs[:, np.newaxis], beta=np.array([0.8, 0.85]))
lighter = gdbook.descend(curve, ball, [w0], steps).outcome == "global minimum"
reach_80, reach_85 = (int(n) for n in lighter.sum(axis=0))
lo_85 = float(lrs[np.argmax(lighter[:, 1])])

# %%
# The claims
# ----------
# 0.18 was fixed before the sweep; the band's edges are checked on finer grids.
assert band_lo < lr < band_hi, f"claim: 0.18 is in the band; {band_lo}, {band_hi}"
for edge in (band_lo, band_hi):  # a second computation
    fine = np.round(edge + np.linspace(-0.002, 0.002, 41), 4)
    ends = gdbook.descend(curve, optim.HeavyBall(lr=fine, beta=beta), [w0], steps)
    switch = fine[np.flatnonzero(np.diff(ends.outcome == "global minimum"))]
    assert switch.size == 1 and abs(switch[0] - edge) <= 0.001, (
        f"claim: the band's edge at {edge} holds on a finer grid; {switch}"
    )
assert sweep.outcome[first - 1] == "local minimum 3", "claim: below the band, the trap"
assert sweep.outcome[last + 1] == "local minimum 4", "claim: above, the valley beyond"
assert sweep.outcome[start2 - 1] == sweep.outcome[end2 + 1] == "local minimum 4", (
    "claim: the second band has the overshoot into local 4 on both sides"
)
assert slowest_settled - fastest_settled <= 10, "claim: the band settles alike"
assert all(np.all(e[calm] == "global minimum") for e in peak_ends.values()), (
    "claim: below a peak of 0.3 every shape reaches the global minimum"
)
assert max(won.values()) - min(won.values()) <= 3, f"claim: no shape stands out; {won}"
assert all(len(set(e[~calm])) >= 2 for e in peak_ends.values()), "claim: a jumble"
assert reach_80 == 0 < reach_85 < 10, f"claim: lighter balls; {reach_80}, {reach_85}"

# %%
# Conclusion
# ----------
# In the band the ball is fast and calm at once, and settles in about as many
# steps anywhere. A schedule from a peak near 0.3 does no better than a constant
# rate: above 0.3 all three shapes end wherever the bumps send them.
