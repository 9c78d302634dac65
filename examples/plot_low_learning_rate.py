"""
Learning rate too small: slow convergence
=========================================

Plain gradient descent (:class:`gdbook.optim.SGD`) with a learning rate fifty
times smaller than :math:`1/\\lambda` reaches the global minimum of
:func:`gdbook.landscapes.book_curve`, but takes many times the steps of a run
at :math:`\\eta = 1/\\lambda` from the same start. How many times depends on
what counts as settled.
"""

# %%
# The best constant learning rate near the minimum
# ------------------------------------------------
# Near a minimum of curvature :math:`\lambda` a gradient step multiplies the
# distance to the minimum by :math:`1 - \eta\lambda`. At
# :math:`\eta = 1/\lambda` that factor is 0: on a parabola, one step lands on
# the minimum. The curvature is the Hessian of the loss at the minimum.
import math

import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, regimes

plt.style.use(plot.STYLE)

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
curvature = float(curve.hessian(minimum.x)[0, 0])
lr_fit = 1 / curvature
# gdbook's settling tolerance: a run has settled when it stays this close.
xtol = regimes.XTOL * float(np.ptp(curve.domain, axis=1).max())

# %%
# Two runs from the same start
# ----------------------------
# Both start at :math:`w_0 = 6.9` on the valley's right wall. The first has a
# learning rate fifty times too small, the second :math:`1/\lambda`; one call
# to :func:`gdbook.descend` runs both. From the standard start, -0.9, the
# small learning rate would not get here at all: it stops in the first valley.
w0, low_lr, steps = 6.9, 0.004, 800
traj = gdbook.descend(curve, optim.SGD(lr=np.array([low_lr, lr_fit])), [w0], steps)
slow, fit = traj[0], traj[1]
low_settled, fit_settled = int(slow.settled_step), int(fit.settled_step)
low_ratio = low_settled / fit_settled
low_times = lr_fit / low_lr
from_left = str(gdbook.descend(curve, optim.SGD(lr=low_lr), curve.start, 3000).outcome)


# %%
# What counts as settled
# ----------------------
# The first step from which a run stays within a tolerance of :math:`w^*`;
# gdbook's tolerance is the first. The tighter the tolerance, the more the
# slow run has still to do.
def settles(run: gdbook.Trajectory, tol: float) -> int:
    """The first step from which ``run`` stays within ``tol`` of w*."""
    far = np.abs(run.x[:, 0] - w_star) > tol
    return int(len(far) - np.argmax(far[::-1]))


tol_mid, tol_tight = 1e-3, 1e-6
ratio_mid = settles(slow, tol_mid) / settles(fit, tol_mid)
ratio_tight = settles(slow, tol_tight) / settles(fit, tol_tight)

# %%
# How slow, and how fast
# ----------------------
# Near the bottom each step keeps a fraction :math:`1 - \eta\lambda` of the
# distance that remains: so many steps cut it tenfold. The loss gap,
# :math:`\tfrac{\lambda}{2} (w - w^*)^2` there, keeps the square of it: a
# straight line on a log scale. The run at :math:`1/\lambda` does not follow
# a line: the closer it gets, the better the parabola fits, and the smaller
# the fraction it keeps.
low_factor = 1 - low_lr * curvature
loss_factor = low_factor**2
tenfold = math.ceil(math.log(10) / -math.log(low_factor))
w = slow.x[:, 0]
halfway = int(np.argmax(np.abs(w - w_star) <= abs(w0 - w_star) / 2))
distance = np.abs(fit.x[:, 0] - w_star)
kept = distance[1:7] / distance[:6]  # the fraction each step keeps, until w*
kept_first, kept_last = float(kept[0]), float(kept[-1])

# %%
# The figure
# ----------
# Above, the slow run on the loss curve, zoomed on the global valley: its
# points crowd together. Below, the loss above the minimum's for both runs.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.0), height_ratios=(3, 2.2))
plot.path_and_loss(
    slow,
    ax=(top, bottom),
    others=[fit],
    labels=[f"lr = {low_lr}", f"lr = 1/λ = {lr_fit:.2f}"],
    xlim=(4.6, 7.4),
    ylim=(-0.6, 0.95),
)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Plain gradient descent at learning rate {low_lr} from w = {w0}: the points "
    f"creep down the wall and crowd together, half way after {halfway} steps, "
    f"settled at step {low_settled}. Below, its loss gap falls along a straight "
    f"line on a log scale; the run at 1/lambda = {lr_fit:.2f} drops ever faster "
    f"and settles at step {fit_settled}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Both runs reach the global minimum; the small learning rate takes more than
# fifty times as many steps at gdbook's tolerance, and more the tighter the
# tolerance. Its loss gap falls by a constant factor a step near the bottom;
# the run at :math:`1/\lambda` keeps a smaller fraction at every step.
assert slow.outcome == fit.outcome == "global minimum", "claim: both runs get there"
assert settles(slow, xtol) == low_settled and settles(fit, xtol) == fit_settled, (
    "claim: gdbook's settled step is the first step from which a run stays within "
    f"{xtol:.3f} of w*"
)
assert 50 < low_ratio < 60, (
    f"claim: between fifty and sixty times as long; {low_ratio:.1f}"
)
assert low_ratio < ratio_mid < ratio_tight, "claim: the tighter, the longer it takes"
assert np.all(np.diff(w) < 0) and w.min() > w_star, "claim: no step overshoots"
assert from_left == "local minimum 1", f"claim: from -0.9 it stops early; {from_left}"
late = slow.loss[300:700] - float(minimum.loss)
assert np.allclose(late[1:] / late[:-1], loss_factor, atol=2e-4), (
    f"claim: near the bottom the loss gap falls by {loss_factor:.4f} a step"
)
assert np.all(np.diff(kept) < 0) and distance[7] == 0.0, (
    "claim: the run at 1/lambda keeps a smaller fraction at every step, to w*"
)

# %%
# Conclusion
# ----------
# A learning rate too small is safe and wasteful. The run never overshoots,
# and it does reach the global minimum, but each step covers a fraction
# :math:`\eta\lambda` of the way that remains, about 2% here, where the run at
# :math:`1/\lambda` needs a handful of steps in all. How many times as long
# it takes depends on the tolerance: the slow run's cost grows with every
# decimal asked of it, the fast run's hardly at all.
