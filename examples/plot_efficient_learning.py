"""
Efficient learning
==================

A ball rolling with momentum (:class:`gdbook.optim.HeavyBall`) down
:func:`gdbook.landscapes.book_curve`, with a learning rate picked from a sweep
of :func:`gdbook.descend` runs, crosses every bump on its way, settles in the
global minimum within a hundred steps and never leaves its valley once there.
"""

# %%
# A sweep of learning rates
# -------------------------
# The same balls as in the local-minimum trap: momentum :math:`\beta = 0.9`,
# start :math:`w_0 = -0.9`, 300 learning rates from 0.001 to 0.3, 300 steps
# each, in one call.
import numpy as np

import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
w0 = float(curve.start[0])
best = next(m for m in curve.minima if m.kind == "global")
beta = 0.9
steps = 300
lrs = np.round(np.linspace(0.001, 0.3, 300), 3)
sweep = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs, beta=beta), [w0], steps, record="final"
)

# %%
# The efficient band
# ------------------
# The smallest learning rates that reach the global minimum form a band; the
# figure's learning rate is its median, rounded to two decimals. A margin on
# both sides keeps it away from the trap below and from the overshoots above.
reach = sweep.outcome == "global minimum"
first = int(np.argmax(reach))
last = first + int(np.argmin(reach[first:])) - 1
band = lrs[first : last + 1]
lr = round(float(np.median(band)), 2)
print(f"lr {band[0]:.3f} to {band[-1]:.3f} reach the global minimum; median {lr}")
print(f"just below: {sweep.outcome[first - 1]}; just above: {sweep.outcome[last + 1]}")

# %%
# The run
# -------
traj = gdbook.descend(curve, optim.HeavyBall(lr=lr, beta=beta), [w0], steps)
w = traj.x[:, 0]
print(f"lr = {lr}: {traj.outcome}, settled at step {traj.settled_step}")
print(f"farthest point reached: w = {w.max():.2f} at step {w.argmax()}")

# %%
# The claim: fast to the global minimum, and no overshoot out of its valley
# -------------------------------------------------------------------------
# The global valley ends at the top of the bump to its right: the highest
# point of the loss between the global minimum and the next minimum beyond.
# The ball may swing past the bottom, but it must stay below that ridge.
beyond = [m for m in curve.minima if m.x[0] > best.x[0]]
right_end = beyond[0].x[0] if beyond else curve.domain[0, 1]
between = np.linspace(best.x[0], right_end, 2001)
ridge = float(between[np.argmax(curve.loss(between[:, np.newaxis]))])

assert traj.outcome == "global minimum", (
    f"claim: the efficient run reaches the global minimum; got {traj.outcome}"
)
assert 0 <= traj.settled_step <= 150, (
    f"claim: the efficient run settles fast, within 150 steps; it settled at step "
    f"{traj.settled_step}"
)
assert w.max() < ridge, (
    f"claim: the efficient run never overshoots out of the global valley (ridge at "
    f"w = {ridge:.2f}); it reached w = {w.max():.2f}"
)
print(f"the valley's ridge: w = {ridge:.2f}; the run stays below w = {w.max():.2f}")

# %%
# The run on the curve
# --------------------
import matplotlib.pyplot as plt

from gdbook import plot

drawn = plot.path_1d(traj)
fig = drawn.points.figure
fig.set_size_inches(5.0, 3.4)
drawn.points.axes.set_ylim(best.loss - 0.3, None)
fig.set_label(
    f"The loss curve of the book's curve from w = {curve.domain[0, 0]:g} to "
    f"{curve.domain[0, 1]:g}. A ball with momentum {beta} and learning rate {lr} "
    f"starts at w = {w0:g}, rolls over the three bumps on its way, passes the "
    f"global minimum at w = {best.x[0]:g} for the first time at step "
    f"{int(np.argmax(w > best.x[0]))}, swings as far as w = {w.max():.2f}, below the ridge at "
    f"w = {ridge:.2f}, and settles in the global minimum at step "
    f"{traj.settled_step}.",
)

# %%
# Where each learning rate ends
# -----------------------------
# The final loss of every run of the sweep: a staircase, one step per
# minimum, each labelled with the minimum. The dashed line marks the learning
# rate of the run above.
edges = np.flatnonzero(sweep.outcome[1:] != sweep.outcome[:-1]) + 1
bands = list(zip(np.r_[0, edges], np.r_[edges, lrs.size] - 1, strict=True))

drawn_sweep = plot.sweep(
    lrs, sweep.final_loss, threshold=lr, threshold_label=f"lr = {lr} "
)
ax = drawn_sweep.points.axes
ax.figure.set_size_inches(5.0, 3.1)
ax.set_xscale("linear")
ax.set_xlim(0, lrs[-1])
ax.set_ylim(None, float(sweep.final_loss.max()) + 0.2)
above = {"xytext": (2, 4), "textcoords": "offset points"}
for a, b in bands:
    if lrs[b] - lrs[a] >= 0.015:  # wide enough for a label
        label = str(sweep.outcome[a]).replace(" minimum", "")
        ax.annotate(label, (lrs[a], sweep.final_loss[a]), **above)
ax.figure.set_label(
    f"The final loss of {lrs.size} heavy-ball runs from w = {w0:g}, against the "
    f"learning rate from {lrs[0]:g} to {lrs[-1]:g}: a staircase with one step per "
    "minimum the runs end in. By band, "
    + "; ".join(
        f"lr {lrs[a]:.3f} to {lrs[b]:.3f}: {sweep.outcome[a]}" for a, b in bands
    )
    + f". A dashed line marks the learning rate {lr}, in the middle of the first "
    "band that reaches the global minimum.",
)
plt.show()

# %%
# Conclusion
# ----------
# An efficient learning rate is fast and calm at once: large enough to carry
# the ball over every bump, small enough to let it stop where it should. On
# this curve a constant learning rate can do both, in the band printed
# above. Just past it the ball overshoots out of the global valley.
# Learning-rate schedules (:mod:`gdbook.schedules`) offer another way: start
# large, then shrink.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`
# - :class:`gdbook.optim.HeavyBall`
# - :func:`gdbook.plot.path_1d`, :func:`gdbook.plot.sweep`,
#   :func:`gdbook.plot.describe`
