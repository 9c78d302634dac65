"""
Is 1/λ the fastest learning rate?
=================================

Plain gradient descent (:class:`gdbook.optim.SGD`) at 39 constant learning
rates on the global valley of :func:`gdbook.landscapes.book_curve`, in one
:func:`gdbook.descend` call: far up the wall another learning rate settles
sooner than :math:`1/\\lambda`; close to the bottom none does.
"""

# %%
# From far up the wall
# --------------------
# From :math:`w_0 = 6.9`, where the curve is no parabola, learning rates from
# 0.01 to 0.39 and :math:`1/\lambda`, the curvature :math:`\lambda` taken at
# the minimum.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot

plt.style.use(plot.STYLE)

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
lr_fit = 1 / float(curve.hessian(minimum.x)[0, 0])
w0, steps = 6.9, 100
sweep_lrs = np.append(np.round(np.arange(0.01, 0.395, 0.01), 2), lr_fit)
sweep = gdbook.descend(curve, optim.SGD(lr=sweep_lrs), [w0], steps)
settled_at = np.where(sweep.outcome == "global minimum", sweep.settled_step, steps)
fastest = int(np.argmin(settled_at))
fastest_lr, fastest_step = float(sweep_lrs[fastest]), int(sweep.settled_step[fastest])
fit_from_w0 = int(settled_at[-1])
near_threshold = int(settled_at[sweep_lrs == 0.39][0])

# %%
# Close to the bottom
# -------------------
# The same learning rates from :math:`w^* + 0.01`, each until it stays within
# :math:`10^{-9}` of :math:`w^*`.
near = gdbook.descend(curve, optim.SGD(lr=sweep_lrs), [w_star + 0.01], 100)
far = np.abs(near.x[:, :, 0] - w_star) > 1e-9
near_steps = far.shape[0] - np.argmax(far[::-1], axis=0)

# %%
# The steps to settle against the learning rate, from both starts.
fig, ax = plt.subplots()
ax.plot(sweep_lrs[:-1], settled_at[:-1], "o-", markersize=3, label=f"from {w0}")
ax.plot(sweep_lrs[:-1], near_steps[:-1], "s-", markersize=3, label="from w* + 0.01")
ax.axvline(lr_fit, color=plot.NEUTRAL, linestyle="--", label=f"1/λ = {lr_fit:.3f}")
ax.set(xlabel=r"learning rate $\eta$", ylabel="steps to settle", yscale="log")
ax.legend(loc="upper right")
ax.grid(True, linewidth=0.6)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Steps to settle against the learning rate on the book's global valley: from "
    f"w = {w0}, lr {fastest_lr} settles at step {fastest_step}, 1/lambda = "
    f"{lr_fit:.3f} at {fit_from_w0}; from w* + 0.01, 1/lambda is the fastest."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# From :math:`w_0` another learning rate settles sooner than :math:`1/\lambda`;
# close to the bottom none does. Just below the threshold, at 0.39, a run is
# stable but slow again.
assert fastest_step < fit_from_w0 and fastest_lr != round(lr_fit, 2), (
    f"claim: from w0, lr {fastest_lr} settles sooner than 1/lambda"
)
assert near_steps[-1] < min(near_steps[:-1]), (
    f"claim: close to the bottom 1/lambda is the fastest; {near_steps}"
)
assert sweep.outcome[sweep_lrs == 0.39][0] == "global minimum", "claim: 0.39 is stable"
assert near_threshold > 3 * fit_from_w0, "claim: lr = 0.39 is slow again"

# %%
# Conclusion
# ----------
# :math:`1/\lambda` contracts fastest only where the curve is a parabola, close
# to the bottom; far up the wall the best learning rate is another.
