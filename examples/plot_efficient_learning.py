"""
Efficient learning
==================

A ball rolling with momentum (:class:`gdbook.optim.HeavyBall`) down
:func:`gdbook.landscapes.book_curve`, with a learning rate picked from a sweep
of :func:`gdbook.descend` runs, crosses every bump on its way, settles in the
global minimum within a hundred steps, and swings past the bottom without
leaving the valley.
"""

# %%
# A sweep of learning rates
# -------------------------
# The same balls as in the local-minimum trap: momentum :math:`\beta = 0.9`,
# start :math:`w_0 = -0.9`, 300 learning rates from 0.001 to 0.3, 300 steps
# each, in one call.
import numpy as np

import gdbook
from gdbook import landscapes, optim, schedules

curve = landscapes.book_curve()
w0 = float(curve.start[0])
best = next(m for m in curve.minima if m.kind == "global")
w_star = float(best.x[0])
beta, steps = 0.9, 300
lrs = np.round(np.linspace(0.001, 0.3, 300), 3)
n_lrs = lrs.size
sweep = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs, beta=beta), [w0], steps, record="final"
)
reach = sweep.outcome == "global minimum"

# %%
# The efficient band
# ------------------
# The smallest learning rates that reach the global minimum form a band; the
# figure's learning rate is its median, rounded to two decimals. Past the
# band, a second one reaches the global minimum again.
first = int(np.argmax(reach))
last = first + int(np.argmin(reach[first:])) - 1
band_lo, band_hi = float(lrs[first]), float(lrs[last])
band_width = band_hi - band_lo
lr = round(float(np.median(lrs[first : last + 1])), 2)
start2 = last + 1 + int(np.argmax(reach[last + 1 :]))
end2 = start2 + int(np.argmin(reach[start2:])) - 1
band2_lo, band2_hi = float(lrs[start2]), float(lrs[end2])
print(f"lr {band_lo:.3f} to {band_hi:.3f} reach the global minimum; median {lr}")

# %%
# The run
# -------
# The global valley ends at the top of the bump to its right, the ridge
# before the next minimum beyond.
ball = optim.HeavyBall(lr=lr, beta=beta)
traj = gdbook.descend(curve, ball, [w0], steps)
w = traj.x[:, 0]
passed = int(np.argmax(w > w_star))  # the first step past the global minimum
farthest, settled = float(w.max()), int(traj.settled_step)
beyond = float(min(m.x[0] for m in curve.minima if m.x[0] > w_star))
between = np.linspace(w_star, beyond, 2001)
ridge = float(between[np.argmax(curve.loss(between[:, None]))])
print(f"lr = {lr}: {traj.outcome}, settled at step {settled}; w <= {farthest:.2f}")

# %%
# The run on the curve
# --------------------
import matplotlib.pyplot as plt

from gdbook import plot

fig = plot.path_1d(traj).points.figure
fig.set_size_inches(5.0, 3.4)
fig.axes[0].set_ylim(float(best.loss) - 0.3, None)
# sphinx_gallery_start_ignore
fig.set_label(
    f"A ball with momentum {beta} and learning rate {lr} rolls from w = {w0:g} "
    f"over three bumps, passes the global minimum at step {passed}, swings to "
    f"w = {farthest:.2f}, below the ridge at {ridge:.2f}, and settles in the "
    f"global minimum at step {settled}."
)
# sphinx_gallery_end_ignore

# %%
# Where each learning rate ends
# -----------------------------
# The final loss of every run of the sweep: a staircase, one step per
# minimum, each labelled with the minimum. The dashed line marks the learning
# rate of the run above.
edges = np.flatnonzero(sweep.outcome[1:] != sweep.outcome[:-1]) + 1
bands = list(zip(np.r_[0, edges], np.r_[edges, lrs.size] - 1, strict=True))
ax = plot.sweep(lrs, sweep.final_loss, threshold=lr, threshold_label=f"lr = {lr} ")
ax = ax.points.axes
ax.figure.set_size_inches(5.0, 3.1)
ax.set_xscale("linear")
ax.set_xlim(0, lrs[-1])
ax.set_ylim(None, float(sweep.final_loss.max()) + 0.2)
for a, b in bands:
    if lrs[b] - lrs[a] >= 0.015:  # wide enough for a label
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
# The claims
# ----------
# The run reaches the global minimum and swings past its bottom, but not over
# the ridge. Both edges of the band are traps; past it, the outcomes jumble.
assert traj.outcome == "global minimum", f"claim: the run gets there; {traj.outcome}"
assert 0 <= settled <= 150, f"claim: it settles within 150 steps; step {settled}"
assert w_star < farthest < ridge, f"claim: past the bottom, below the ridge; {farthest}"
assert sweep.outcome[first - 1] == "local minimum 3", "claim: below the band, the trap"
assert sweep.outcome[last + 1] == "local minimum 4", "claim: above, the valley beyond"
assert sweep.outcome[start2 - 1] == sweep.outcome[end2 + 1] == "local minimum 4", (
    "claim: the second band has the overshoot into local 4 on both sides"
)
# The trapped ball of the local-minimum trap rolls at lr 0.1.
trap = gdbook.descend(curve, optim.HeavyBall(lr=0.1, beta=beta), [w0], steps)
assert abs(settled - trap.settled_step) <= 20, "claim: about as many steps as the trap"
nudged = gdbook.descend(curve, ball, [[w0 - 0.1], [w0 + 0.1]], steps).outcome
assert np.all(nudged == "global minimum"), f"claim: a nudged start; {nudged}"
more = optim.HeavyBall(lr=np.round(np.arange(0.3, 0.4, 0.005), 3), beta=beta)
jumble = gdbook.descend(curve, more, [w0], steps).outcome
assert len(set(jumble)) >= 3, f"claim: from 0.3 up, a jumble of outcomes; {jumble}"
decay = schedules.exponential(0.3, gamma=0.99)
cosine = schedules.cosine(0.3, t_max=steps)
ends = [
    str(gdbook.descend(curve, optim.HeavyBall(lr=r, beta=beta), [w0], steps).outcome)
    for r in (0.3, decay, cosine)
]
assert ends[0] == "local minimum 4", f"claim: a constant 0.3 overshoots; {ends}"
assert ends[1] == "global minimum", f"claim: a 1% decay a step gets there; {ends}"
assert ends[2] != "global minimum", f"claim: the cosine does not; {ends}"

# %%
# Conclusion
# ----------
# An efficient learning rate is fast and calm at once: large enough to carry
# the ball over every bump, small enough to let it stop where it should. On
# this curve a constant learning rate can do both, in the band printed
# above. Just past it the ball overshoots out of the global valley.
# Learning-rate schedules (:mod:`gdbook.schedules`) offer another way: start
# large, then shrink.
