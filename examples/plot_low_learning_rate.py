"""
Learning rate too small: slow convergence
=========================================

Plain gradient descent (:class:`gdbook.optim.SGD`) with a learning rate fifty
times smaller than :math:`1/\\lambda` reaches the global minimum of
:func:`gdbook.landscapes.book_curve`, but takes many times the steps of a run
at :math:`\\eta = 1/\\lambda` from the same start.
"""

# %%
# The best constant learning rate near the minimum
# ------------------------------------------------
# Near a minimum of curvature :math:`\lambda` a gradient step multiplies the
# distance to the minimum by :math:`1 - \eta\lambda`. At
# :math:`\eta = 1/\lambda` that factor is 0: on a parabola, one step lands on
# the minimum. The curvature is the Hessian of the loss at the minimum.
import math

import numpy as np

import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
curvature = float(curve.hessian(minimum.x)[0, 0])
lr_fit = 1 / curvature
print(f"lambda = {curvature:.3f}, 1/lambda = {lr_fit:.3f}")

# %%
# Two runs from the same start
# ----------------------------
# Both start at :math:`w_0 = 6.9` on the valley's right wall. The first has a
# learning rate fifty times too small, the second :math:`1/\lambda`; one call
# to :func:`gdbook.descend` runs both.
w0, low_lr, steps = 6.9, 0.004, 400
traj = gdbook.descend(curve, optim.SGD(lr=np.array([low_lr, lr_fit])), [w0], steps)
slow, fit = traj[0], traj[1]
low_settled, fit_settled = int(slow.settled_step), int(fit.settled_step)
low_ratio = low_settled / fit_settled
low_times = lr_fit / low_lr
print(f"settled at step {low_settled} against {fit_settled}: {low_ratio:.0f} times")

# %%
# How slow
# --------
# Near the bottom each step keeps a fraction :math:`1 - \eta\lambda` of the
# distance that remains: so many steps cut it tenfold.
low_factor = 1 - low_lr * curvature
tenfold = math.ceil(math.log(10) / -math.log(low_factor))
w = slow.x[:, 0]
halfway = int(np.argmax(np.abs(w - w_star) <= abs(w0 - w_star) / 2))
print(f"factor {low_factor:.3f} a step: {tenfold} steps per tenfold; half way at {halfway}")

# %%
# The figure
# ----------
# Above, the slow run on the loss curve, zoomed on the global valley: its
# points crowd together. Below, the loss above the minimum's for both runs.
import matplotlib.pyplot as plt

from gdbook import plot

fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(5.0, 5.6), height_ratios=(3, 2), layout="constrained"
)
plot.path_and_loss(
    slow,
    ax=(top, bottom),
    others=[fit],
    labels=[f"lr = {low_lr}", f"lr = 1/λ = {lr_fit:.2f}"],
    xlim=(4.6, 7.4),
    ylim=(-0.6, 0.95),
)
for ax in (top, bottom):
    ax.spines[["top", "right"]].set_visible(False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Plain gradient descent at learning rate {low_lr} from w = {w0}: the points "
    f"creep down the wall and crowd together, half way after {halfway} steps, "
    f"settled at step {low_settled}. Below, the loss gap of this run and of the "
    f"run at 1/lambda = {lr_fit:.2f}, which settles at step {fit_settled}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Both runs reach the global minimum; the small learning rate takes more than
# fifty times as many steps. Just below the threshold, at 0.39, a run is
# stable but slow again.
assert slow.outcome == fit.outcome == "global minimum", "claim: both runs get there"
assert low_ratio > 50, f"claim: more than fifty times as long; {low_ratio:.1f}"
near = gdbook.descend(curve, optim.SGD(lr=0.39), [w0], steps)
assert near.outcome == "global minimum", f"claim: lr = 0.39 is stable; {near.outcome}"
assert near.settled_step > 3 * fit_settled, "claim: lr = 0.39 is slow again"

# %%
# Conclusion
# ----------
# A learning rate too small is safe and wasteful. The run never overshoots,
# and it does reach the global minimum, but each step covers a fraction
# :math:`\eta\lambda` of the way that remains, about 2% here, where the run at
# :math:`1/\lambda` needs a handful of steps in all.
