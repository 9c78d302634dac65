"""
Learning rate too big: overshooting the minimum
===============================================

Plain gradient descent (:class:`gdbook.optim.SGD`) starts on the wall of the
global valley of :func:`gdbook.landscapes.book_curve` with a learning rate
above the valley's stability threshold
(:func:`gdbook.theory.stability_threshold`). Its steps jump over the minimum
and land higher than the one before, and the run never settles.
"""

# %%
# The valley and its stability threshold
# --------------------------------------
# Near a minimum of curvature :math:`\lambda` a gradient step multiplies the
# distance to the minimum by :math:`1 - \eta\lambda`. Past
# :math:`\eta = 2/\lambda` that factor is below :math:`-1`: every step lands on
# the other side of the minimum, farther from it than it started.
import gdbook
from gdbook import landscapes, optim, theory

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
threshold = float(theory.stability_threshold(curve, minimum.x))
print(f"global minimum: w* = {w_star:.2f}, L(w*) = {minimum.loss:.2f}")
print(f"stability threshold 2/lambda = {threshold:.3f}")

# %%
# A run with a learning rate too big
# ----------------------------------
# The run starts at :math:`w_0 = 6.9`, high on the valley's right wall, where
# going downhill leads straight to the global minimum. Its learning rate,
# 0.5, is a quarter above the threshold.
w0 = 6.9
lr = 0.5
traj = gdbook.descend(curve, optim.SGD(lr=lr), [w0], steps=30)

w, loss = traj.x[:, 0], traj.loss
print(f"lr = {lr} ({lr / threshold:.2f} x the threshold): {traj.outcome}")
for t in range(9):
    print(f"step {t}: w = {w[t]:.3f}, L = {loss[t]:+.3f}")

# %%
# The claim: it steps over the minimum and lands higher
# -----------------------------------------------------
# A step *overshoots* when it crosses :math:`w^*` and lands at a higher loss
# than the point it left. The figure claims that such steps happen and that
# the run oscillates or diverges instead of settling.
import numpy as np

side = np.sign(w - w_star)
overshoots = np.flatnonzero((side[1:] != side[:-1]) & (loss[1:] > loss[:-1])) + 1

assert lr > threshold, (
    f"claim: lr = {lr} is above the stability threshold 2/lambda; "
    f"got a threshold of {threshold:.3f}"
)
assert traj.regime in ("oscillating", "diverged"), (
    f"claim: with a learning rate too big the run oscillates or diverges; "
    f"got {traj.outcome}"
)
assert overshoots.size > 0, (
    "claim: some step jumps over the minimum and lands at a higher loss than "
    "the one before it; no step does"
)
print(f"the first steps that jump over w* and land higher: {overshoots[:6].tolist()}")

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

gap = loss - minimum.loss
swing = w[-2:]
fig.set_label(
    f"Above, the loss curve of the book's global valley with {traj.steps} steps of "
    f"plain gradient descent at learning rate {lr}, from w = {w0}. The first steps "
    f"run downhill; from step {overshoots[0]} on, each step jumps over the "
    f"minimum at w = {w_star:g} and lands higher than the one before, until the "
    f"run swings for good between w = {swing.min():.2f} and w = {swing.max():.2f}, "
    f"at loss {loss[-1]:.2f} against {minimum.loss:.2f} at the bottom. Below, the "
    f"loss above the minimum's falls to {gap.min():.3f} at step {gap.argmin()}, "
    f"then climbs to {gap[-1]:.2f} and stays there: the run is {traj.outcome}.",
)
plt.show()

# %%
# Conclusion
# ----------
# A learning rate above :math:`2/\lambda` does not make the descent faster: it
# makes every step overshoot. On this curve the walls of the valley steepen
# away from the bottom, so the run does not explode; it is caught in a swing
# across the minimum, never reaching it. On a pure parabola,
# :func:`gdbook.landscapes.quadratic`, the same learning rate diverges.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`
# - :class:`gdbook.optim.SGD`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.path_and_loss`, :func:`gdbook.plot.describe`
