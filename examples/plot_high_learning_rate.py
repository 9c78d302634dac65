"""
Learning rate too big: overshooting the minimum
===============================================

Plain gradient descent (:class:`gdbook.optim.SGD`) starts on the wall of the
global valley of :func:`gdbook.landscapes.book_curve` with a learning rate
above the valley's stability threshold
(:func:`gdbook.theory.stability_threshold`). Its steps jump over the minimum,
each landing higher than the one before, and the run never settles.
"""

# %%
# The valley and its stability threshold
# --------------------------------------
# Near a minimum of curvature :math:`\lambda` a gradient step multiplies the
# distance to the minimum by :math:`1 - \eta\lambda`. Past
# :math:`\eta = 2/\lambda` that factor is below :math:`-1`: every step lands on
# the other side of the minimum, farther from it than it started.
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
best_loss = float(minimum.loss)
curvature = float(curve.hessian(minimum.x)[0, 0])
threshold = float(theory.stability_threshold(curve, minimum.x))
# The crest between the global valley and the next one.
ridge = np.linspace(w_star, 7.5, 1501)
crest = float(ridge[np.argmax(curve.loss(ridge[:, None]))])
print(f"w* = {w_star:.2f}, lambda = {curvature:.3f}, 2/lambda = {threshold:.3f}")

# %%
# A run with a learning rate too big
# ----------------------------------
# The run starts at :math:`w_0 = 6.9`, on the valley's right wall just below
# the crest that separates it from the next valley. Its learning rate, 0.5, is
# a quarter above the threshold.
w0, lr = 6.9, 0.5
traj = gdbook.descend(curve, optim.SGD(lr=lr), [w0], steps=30)
w, loss = traj.x[:, 0], traj.loss
high_ratio = lr / threshold
high_factor = abs(1 - lr * curvature)
print(f"lr = {lr} ({high_ratio:.2f} x the threshold): {traj.outcome}")

# %%
# Where it overshoots, and where it ends
# --------------------------------------
# A step *overshoots* when it crosses :math:`w^*` and lands at a higher loss
# than the point it left.
side = np.sign(w - w_star)
overshoots = np.flatnonzero((side[1:] != side[:-1]) & (loss[1:] > loss[:-1])) + 1
first_over = int(overshoots[0])
swing_low, swing_high = float(w[-2:].min()), float(w[-2:].max())
swing_loss = float(loss[-1])
gap = loss - best_loss
gap_min, gap_min_step, gap_end = float(gap.min()), int(gap.argmin()), float(gap[-1])
# Why the swing stops growing: at its edges the secant slope L'(w)/(w - w*),
# which is lambda at the bottom, has fallen to 2/lr.
edge_slope = float(curve.grad([swing_high])[0] / (swing_high - w_star))
print(f"first overshoot at step {first_over}; ends in {swing_low:.3f} .. {swing_high:.3f}")

# %%
# The figure
# ----------
# Above, the run on the loss curve, zoomed on the global valley; below, its
# loss above the minimum's, step by step.
import matplotlib.pyplot as plt

from gdbook import plot

fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(5.0, 5.6), height_ratios=(3, 2), layout="constrained"
)
plot.path_and_loss(traj, ax=(top, bottom), xlim=(4.6, 7.4), ylim=(-0.6, 0.95))
for ax in (top, bottom):
    ax.spines[["top", "right"]].set_visible(False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Plain gradient descent at learning rate {lr} from w = {w0} on the global "
    f"valley: from step {first_over} each step jumps over the minimum at "
    f"w = {w_star:g} and lands higher, until the run swings between "
    f"w = {swing_low:.2f} and {swing_high:.2f}. Below, its loss gap falls, "
    f"then climbs to {gap_end:.2f} and stays."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The first steps go downhill, the shorter first; the second already jumps
# past :math:`w^*`, lower. From the first overshoot on, each step lands
# higher, and the run ends in a swing of two points: it oscillates. On a true
# parabola of the same curvature, the same learning rate diverges.
assert lr > threshold, f"claim: lr = {lr} is above 2/lambda = {threshold:.3f}"
assert traj.outcome == "oscillating", f"claim: the run oscillates; {traj.outcome}"
assert np.all(np.diff(loss[:first_over]) < 0), "claim: the first steps go downhill"
assert first_over == 3 and side[1] != side[2], "claim: step 2 jumps past w*, lower"
assert abs(w[1] - w[0]) < abs(w[2] - w[1]), "claim: the first step is the shorter"
assert np.all(np.isin(np.arange(first_over, 8), overshoots)), (
    "claim: from the first overshoot on, each of the next steps lands higher"
)
assert abs(w[-1] - w[-3]) < 1e-6, "claim: the run ends in a two-step swing"
assert abs(edge_slope - 2 / lr) < 1e-3 < curvature - edge_slope, (
    f"claim: the secant slope at the swing's edge is 2/lr; got {edge_slope:.4f}"
)
parabola = landscapes.quadratic(a=curvature)
on_parabola = gdbook.descend(parabola, optim.SGD(lr=lr), parabola.start, steps=100)
assert on_parabola.outcome == "diverged", f"claim: a parabola diverges; {on_parabola.outcome}"

# %%
# Conclusion
# ----------
# A learning rate above :math:`2/\lambda` does not make the descent faster: it
# makes every step overshoot. What stops the growth is the curve: away from
# the bottom its walls flatten towards the crests, so the secant slope
# :math:`L'(w)/(w - w^*)` falls from :math:`\lambda` at the bottom to
# :math:`2/\eta` at the edges of the swing, where a jump lands exactly as far
# out on the other side. On a pure parabola,
# :func:`gdbook.landscapes.quadratic`, the slope never falls, and the same
# learning rate diverges.
