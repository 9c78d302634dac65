"""
The local-minimum trap
======================

A ball rolling with momentum (:class:`gdbook.optim.HeavyBall`) down
:func:`gdbook.landscapes.book_curve` crosses two bumps and stops in the third
local minimum counted from its start, right next to the global minimum. The
learning rate is picked from a sweep of :func:`gdbook.descend` runs.
"""

# %%
# The curve and its minima along the way
# --------------------------------------
# From the standard start :math:`w_0 = -0.9` the way downhill runs to the
# right. The local minima on that way are numbered from the start: the one
# behind the start is never on the path and gets no number.
import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
w0 = float(curve.start[0])
best = next(m for m in curve.minima if m.kind == "global")
ahead = [m for m in curve.minima if w0 < m.x[0] < best.x[0]]
for k, m in enumerate(ahead, start=1):
    print(f"local minimum {k}: w = {m.x[0]:.3f}, L = {m.loss:+.3f}")
print(f"global minimum:  w = {best.x[0]:.3f}, L = {best.loss:+.3f}")

# %%
# Which learning rate ends where
# ------------------------------
# Plain gradient descent cannot climb a bump: its step shrinks with the slope.
# The heavy ball keeps a velocity, :math:`v \leftarrow \beta v - \eta \nabla L`,
# :math:`w \leftarrow w + v`, so it can roll over bumps. One call runs 300
# balls with :math:`\beta = 0.9` and learning rates from 0.001 to 0.3, each
# for 300 steps; runs of neighbouring learning rates that end alike are
# printed as one band.
import numpy as np

beta = 0.9
steps = 300
lrs = np.round(np.linspace(0.001, 0.3, 300), 3)
sweep = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs, beta=beta), [w0], steps, record="final"
)
edges = np.flatnonzero(sweep.outcome[1:] != sweep.outcome[:-1]) + 1
for first, last in zip(np.r_[0, edges], np.r_[edges, lrs.size] - 1, strict=True):
    print(f"lr {lrs[first]:.3f} to {lrs[last]:.3f}: {sweep.outcome[first]}")

# %%
# One run in the trap
# -------------------
# The figure's learning rate is the median of those whose run ends in the
# third local minimum, rounded to two decimals.
lr = round(float(np.median(lrs[sweep.outcome == "local minimum 3"])), 2)
traj = gdbook.descend(curve, optim.HeavyBall(lr=lr, beta=beta), [w0], steps)
w = traj.x[:, 0]
print(f"lr = {lr}: {traj.outcome}, settled at step {traj.settled_step}")
print(f"farthest point reached: w = {w.max():.2f} at step {w.argmax()}")

# %%
# The claim: stuck in the third local minimum, next to the global one
# -------------------------------------------------------------------
# A :class:`gdbook.Trajectory`'s ``rank`` counts the local minima from the
# start along the path; the minima of a 1-d landscape are sorted by position,
# so the one after the run's minimum is its right-hand neighbour.
assert traj.outcome == "local minimum 3", (
    f"claim: the run is stuck in the third local minimum, near the global "
    f"minimum; got {traj.outcome}"
)
neighbour = curve.minima[int(traj.minimum) + 1]
assert neighbour.kind == "global", (
    f"claim: the third local minimum is the one next to the global minimum; "
    f"the next minimum is a {neighbour.kind} one at w = {neighbour.x[0]:.2f}"
)

# %%
# The figure
# ----------
# The run on the whole curve, with the local minima on its way numbered.
import matplotlib.pyplot as plt

from gdbook import plot

drawn = plot.path_1d(traj)
ax = drawn.points.axes
fig = ax.figure
fig.set_size_inches(5.0, 3.4)
below = {"xytext": (0, -15), "textcoords": "offset points", "ha": "center", "va": "top"}
for k, m in enumerate(ahead, start=1):
    ax.annotate(f"{k}", (m.x[0], m.loss), weight="bold", **below)
ax.annotate("global", (best.x[0], best.loss), weight="bold", **below)
ax.set_ylim(best.loss - 0.6, None)

fig.set_label(
    f"The loss curve of the book's curve from w = {curve.domain[0, 0]:g} to "
    f"{curve.domain[0, 1]:g}, with its local minima on the way from the start "
    f"numbered 1 to {len(ahead)} and the global minimum at w = {best.x[0]:g}. A "
    f"ball with momentum {beta} and learning rate {lr} starts at w = {w0:g}, rolls "
    f"over the bumps after minima 1 and 2, reaches w = {w.max():.2f} at step "
    f"{w.argmax()} on the slope of the last bump before the global minimum, rolls "
    f"back and settles at step {traj.settled_step} in local minimum 3 at "
    f"w = {w[-1]:.2f}, loss {traj.loss[-1]:.2f} against {best.loss:.2f} at the "
    "global minimum.",
)
plt.show()

# %%
# Conclusion
# ----------
# The ball had enough speed for two bumps and not for the third. Its
# learning rate fixes how hard each slope pushes it, so a fixed learning rate
# fixes where it stops: of the 300 learning rates swept, a whole band ends in
# this same minimum, one step short of the best.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`
# - :class:`gdbook.optim.HeavyBall`
# - :func:`gdbook.plot.path_1d`, :func:`gdbook.plot.describe`
