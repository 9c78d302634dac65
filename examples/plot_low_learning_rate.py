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
import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
curvature = float(curve.hessian(minimum.x)[0, 0])
lr_fit = 1 / curvature
print(f"curvature at w* = {minimum.x[0]:.2f}: lambda = {curvature:.3f}")
print(f"1/lambda = {lr_fit:.3f}")

# %%
# Two runs from the same start
# ----------------------------
# Both start at :math:`w_0 = 6.9` on the valley's right wall. The first has a
# learning rate fifty times too small, the second :math:`1/\lambda`; one call
# to :func:`gdbook.descend` runs both.
import numpy as np

w0 = 6.9
lr = 0.004
steps = 400
traj = gdbook.descend(curve, optim.SGD(lr=np.array([lr, lr_fit])), [w0], steps)
slow, fit = traj[0], traj[1]
for name, run, rate in (("small", slow, lr), ("1/lambda", fit, lr_fit)):
    print(
        f"lr = {rate:.3f} ({name}): {run.outcome}, settled at step {run.settled_step}"
    )

# %%
# The claim: it gets there, many times slower
# -------------------------------------------
# The small learning rate is stable and reaches the global minimum, but needs
# at least ten times the steps of the run at :math:`1/\lambda`.
assert slow.outcome == "global minimum", (
    f"claim: with a learning rate too small the run still reaches the global "
    f"minimum; got {slow.outcome}"
)
assert fit.outcome == "global minimum", (
    f"claim: the run at lr = 1/lambda reaches the global minimum; got {fit.outcome}"
)
ratio = slow.settled_step / max(int(fit.settled_step), 1)
assert ratio >= 10, (
    f"claim: the small learning rate needs many times (>= 10x) the steps of "
    f"lr = 1/lambda; it settled at step {slow.settled_step} against "
    f"{fit.settled_step} ({ratio:.1f}x)"
)
print(
    f"{slow.settled_step} steps against {fit.settled_step}: {ratio:.0f} times as many"
)

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
    labels=[f"lr = {lr}", f"lr = 1/λ = {lr_fit:.2f}"],
    xlim=(4.6, 7.4),
    ylim=(-0.6, 0.95),
)
for ax in (top, bottom):
    ax.spines[["top", "right"]].set_visible(False)

w = slow.x[:, 0]
halfway = int(np.argmax(np.abs(w - minimum.x[0]) <= abs(w0 - minimum.x[0]) / 2))
fig.set_label(
    f"Above, the loss curve of the book's global valley with {steps} steps of plain "
    f"gradient descent at learning rate {lr}, from w = {w0}: the points creep down "
    f"the wall in tiny steps, crowd together, and take {halfway} steps to cover "
    f"half the way to the global minimum at w = {minimum.x[0]:g}, where the run "
    f"settles at step {slow.settled_step}. Below, the loss above the minimum's "
    f"against the step, on a log scale: the run at learning rate {lr_fit:.2f} "
    f"(1/lambda) settles at step {fit.settled_step}, the slow one at step "
    f"{slow.settled_step}, {ratio:.0f} times later.",
)
plt.show()

# %%
# Conclusion
# ----------
# A learning rate too small is safe and wasteful. The run never overshoots,
# and it does reach the global minimum, but each step covers a fraction
# :math:`\eta\lambda` of the way that remains, about 2% here: halving the
# distance takes some 35 steps, where the run at :math:`1/\lambda` needs a
# handful in all.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`, :meth:`gdbook.Landscape.hessian`
# - :class:`gdbook.optim.SGD`
# - :func:`gdbook.plot.path_and_loss`, :func:`gdbook.plot.describe`
