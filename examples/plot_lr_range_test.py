"""
The learning-rate range test
============================

:func:`gdbook.theory.lr_range_test` runs gradient descent once with a
learning rate that grows at every step and records the loss, as fastai's
learning-rate finder does. On a quadratic bowl the loss turns up at the first
learning rate tried above the stability threshold :math:`2/\\lambda`
(:func:`gdbook.theory.stability_threshold`) and the suggested learning rate
lies well below :math:`1/\\lambda`.
"""

# %%
# The test on a bowl
# ------------------
# :math:`L(x) = 5 x^2 / 2` from :math:`x_0 = 1`: 100 steps, the learning
# rate growing by the same factor each step from :math:`10^{-5}` to 10, the
# run stopped once the smoothed loss is four times its best. Each step
# multiplies the loss by :math:`(1 - \eta_t\lambda)^2`, which is above 1 as
# soon as :math:`\eta_t > 2/\lambda`.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
lam = 5.0
bowl = landscapes.quadratic(a=lam)
test = theory.lr_range_test(bowl, optim.SGD, bowl.start)
n_test = len(test.lrs)
factor = float(test.lrs[1] / test.lrs[0])
factor_pct = 100 * (factor - 1)
threshold = float(theory.stability_threshold(bowl, [0.0]))
lr_fit = threshold / 2
lowest = int(np.argmin(test.losses))
turn, turn_next = float(test.lrs[lowest]), float(test.lrs[lowest + 1])
smoothed_lowest = float(test.lrs[np.argmin(test.smoothed)])
# fastai's other rule of thumb: a tenth of where the smoothed loss is lowest.
min_tenth = smoothed_lowest / 10
suggested = test.suggested_lr
suggested_ratio = suggested * lam
# How fast the suggestion and 1/lambda settle, in one call.
pair = optim.SGD(lr=np.array([suggested, lr_fit]))
runs = gdbook.descend(bowl, pair, bowl.start, 500)
suggested_settled, fit_settled = (int(s) for s in runs.settled_step)

# %%
# The test and the theory's landmarks
# -----------------------------------
fig, ax = plt.subplots(figsize=(5.0, 4.0))
landmarks = {"suggested": suggested, "1/λ": lr_fit, "2/λ": threshold}
plot.range_test(test, ax, marks=landmarks)
ax.set_ylabel("loss $L$")
ax.legend(loc="lower left")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Range test on the bowl {lam:g} x^2 / 2, loss against learning rate on log "
    f"axes: lowest at lr {turn:.3f}, just below 2/lambda = {threshold:g}, then "
    f"climbing; the smoothed loss lowest only at {smoothed_lowest:.2f}; suggested "
    f"lr {suggested:.3f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The chapter's exercises
# -----------------------
# The test on a steeper bowl, :math:`\lambda = 8`, and on the first bowl with
# heavy-ball momentum 0.9, whose threshold is :math:`2(1 + \beta)/\lambda`.
steep_lam = 8.0
steep = theory.lr_range_test(landscapes.quadratic(a=steep_lam), optim.SGD, [1.0])
steep_threshold = 2 / steep_lam
steep_turn, steep_next = steep.lrs[np.argmin(steep.losses) + np.arange(2)]
mom_beta = 0.9
mom = theory.lr_range_test(
    bowl, lambda lr: optim.SGD(lr, momentum=mom_beta), bowl.start
)
mom_turn = float(mom.lrs[np.argmin(mom.losses)])
mom_threshold = float(theory.stability_threshold(bowl, [0.0], momentum=mom_beta))

# %%
# The claims
# ----------
# On the bowl the loss turns up at :math:`2/\lambda`, the smoothed loss far
# later; the suggestion is below :math:`1/\lambda`, which settles in one step.
assert turn <= threshold < turn_next, (
    f"claim: on the bowl the loss turns up at 2/lambda; lowest at {turn:.4f}"
)
assert smoothed_lowest > 2 * threshold, (
    f"claim: the smoothed loss is lowest far past 2/lambda; {smoothed_lowest:.2f}"
)
assert lr_fit < min_tenth < threshold, (
    f"claim: a tenth of the smoothed lowest is within [1/lambda, 2/lambda]; {min_tenth}"
)
assert suggested < lr_fit and fit_settled == 1 < suggested_settled, (
    f"claim: suggestion < 1/lambda, which settles in 1 step; {runs.settled_step}"
)
assert steep_turn <= steep_threshold < steep_next, (
    f"claim: at curvature 8 the loss turns up at 2/lambda; lowest at {steep_turn:.4f}"
)
assert mom_turn < mom_threshold / 2, (
    f"claim: with momentum it turns up before half of 2(1 + beta)/lambda; {mom_turn}"
)

# %%
# Conclusion
# ----------
# The range test measures stability from the outside: where the loss turns
# up it has crossed :math:`2/\lambda` of the direction that blew up first, on
# a bowl at the first learning rate tried above it, elsewhere later; with
# momentum, much earlier. Its suggestion, the steepest fall of the
# smoothed loss, sits several times below :math:`1/\lambda` on the bowls: a
# safe learning rate, not a fast one, and one that depends on how the test is
# run.
