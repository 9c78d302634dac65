"""
The stability threshold
=======================

On the quadratic bowl :math:`L(x) = \\lambda x^2 / 2`
(:func:`gdbook.landscapes.quadratic`) gradient descent multiplies :math:`x` by
:math:`1 - \\eta\\lambda` at each step. A sweep of 10,000 learning rates in one
:func:`gdbook.descend` call finds where runs stop shrinking and start growing,
and it is where :func:`gdbook.theory.stability_threshold` says: :math:`2/\\lambda`,
or :math:`2(1 + \\beta)/\\lambda` with heavy-ball momentum :math:`\\beta`.
"""

# %%
# Four learning rates, four behaviours
# ------------------------------------
# With :math:`\lambda = 5`, from :math:`x_0 = 1`: :math:`\eta\lambda = 0.5`
# creeps down one side, :math:`\eta\lambda = 1` lands on the minimum in one
# step, :math:`\eta\lambda = 1.5` jumps from side to side ever closer, and
# :math:`\eta\lambda = 2.1` jumps from side to side ever farther.
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

lam = 5.0
bowl = landscapes.quadratic(a=lam)
products = np.array([0.5, 1.0, 1.5, 2.1])
four = gdbook.descend(bowl, optim.SGD(lr=products / lam), [1.0], 40)
x = four.x[:13, :, 0]
for p, outcome, column in zip(products, four.outcome, x.T, strict=True):
    print(f"eta*lambda = {p}: {outcome}; x = {column[:5].round(4)} ...")

# %%
# The claims: below :math:`\eta\lambda = 1` every step stays on the start's
# side; at 1 the first step lands on the minimum; between 1 and 2 the sign
# flips at every step while :math:`|x|` shrinks; above 2 it flips while
# :math:`|x|` grows.
steps_taken = np.diff(x, axis=0)
assert np.all(x[:, 0] > 0), (
    f"claim: with eta*lambda = 0.5 the run never crosses the minimum; x = {x[:, 0]}"
)
assert np.all(steps_taken[:, 0] < 0), (
    f"claim: with eta*lambda = 0.5 every step goes downhill; x = {x[:, 0]}"
)
assert x[1, 1] == 0.0, (
    f"claim: with eta = 1/lambda one step lands on the minimum; x_1 = {x[1, 1]}"
)
for k, grows in ((2, False), (3, True)):
    flips = np.all(np.sign(x[1:, k]) == -np.sign(x[:-1, k]))
    ratio = np.abs(x[1:, k] / x[:-1, k])
    assert flips, (
        f"claim: with eta*lambda = {products[k]} x changes sign at every step; "
        f"x = {x[:, k].round(4)}"
    )
    assert np.all(ratio > 1 if grows else ratio < 1), (
        f"claim: with eta*lambda = {products[k]} |x| "
        f"{'grows' if grows else 'shrinks'} at every step; x = {x[:, k].round(4)}"
    )

# %%
import matplotlib.pyplot as plt

from gdbook import plot

fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained")
markers = ["o", "s", "^", "D"]
for k, p in enumerate(products):
    ax.plot(
        four.t[:13], x[:, k], color=plot.PALETTE[k], marker=markers[k], markersize=4,
        linewidth=1.3, label=rf"$\eta\lambda = {p:g}$",
    )  # fmt: skip
ax.axhline(0.0, color=plot.NEUTRAL, linewidth=0.9)
ax.set_xlabel("step $t$")
ax.set_ylabel("$x_t$")
ax.set_ylim(-3.2, 3.2)
ax.legend(loc="upper left", ncols=2)
fig.set_label(
    "Position against step, 0 to 12, for gradient descent on "
    f"{lam:g} x^2 / 2 from x = 1 with eta*lambda = 0.5, 1, 1.5 and 2.1: the first "
    "creeps down towards 0 without crossing it, the second is at 0 after one "
    "step, the third alternates in sign with shrinking size, the fourth "
    f"alternates with growing size, reaching |x| = {abs(x[-1, 3]):.2f} at step 12.",
)
plt.show()

# %%
# Ten thousand learning rates in one call
# ---------------------------------------
# Learning rates from 0.01 to 1, evenly spaced in log, each run twice: plain
# gradient descent (:class:`~gdbook.optim.HeavyBall` with :math:`\beta = 0`
# is exactly that) and the heavy ball with :math:`\beta = 0.9`. The batch is
# 10,000 x 2 runs of 200 steps; only the start and the end are recorded.
# A run is *stable* when its loss ended below where it started; per step its
# loss changed by the factor :math:`(L_T / L_0)^{1/(2T)}`, which for plain
# gradient descent is exactly :math:`|1 - \eta\lambda|`.
lrs = np.geomspace(0.01, 1.0, 10_000)
betas = np.array([0.0, 0.9])
steps = 200
sweep = gdbook.descend(
    bowl, optim.HeavyBall(lr=lrs[:, np.newaxis], beta=betas), [1.0], steps,
    record="final",
)  # fmt: skip
stable = (sweep.regime != "diverged") & (sweep.final_loss < sweep.loss[0])
with np.errstate(divide="ignore"):
    factor = (sweep.final_loss / sweep.loss[0]) ** (1 / (2 * steps))

# %%
# The measured boundary is halfway between the largest stable learning rate
# and the next one on the grid; the theory's is
# :func:`gdbook.theory.stability_threshold` at the minimum.
threshold = theory.stability_threshold(bowl, [0.0], momentum=betas)
measured, grid_step = [], []
for j, beta in enumerate(betas):
    last = int(np.flatnonzero(stable[:, j])[-1])
    measured.append((lrs[last] + lrs[last + 1]) / 2)
    grid_step.append(lrs[last + 1] - lrs[last])
    print(
        f"beta = {beta}: stable up to lr = {lrs[last]:.5f}, unstable from "
        f"{lrs[last + 1]:.5f}; theory 2(1 + beta)/lambda = {threshold[j]:.5f}"
    )

# %%
# The claims: for each momentum the measured boundary is the theoretical
# threshold, within one step of the grid, and every run on either side of it
# is stable or unstable as the theory says.
for j, beta in enumerate(betas):
    assert abs(measured[j] - threshold[j]) <= grid_step[j], (
        f"claim: with momentum {beta} the measured stability boundary matches "
        f"2(1 + beta)/lambda = {threshold[j]:.5f} within one grid step "
        f"({grid_step[j]:.2g}); measured {measured[j]:.5f}"
    )
    below = lrs < threshold[j] - grid_step[j]
    above = lrs > threshold[j] + grid_step[j]
    assert stable[below, j].all(), (
        f"claim: with momentum {beta} every run below the threshold is stable; "
        f"{int((~stable[below, j]).sum())} are not"
    )
    assert not stable[above, j].any(), (
        f"claim: with momentum {beta} no run above the threshold is stable; "
        f"{int(stable[above, j].sum())} are"
    )

# %%
# Measured factor per step against learning rate, with the theory's: for plain
# gradient descent :math:`|1 - \eta\lambda|`, for the heavy ball the largest
# root of :math:`z^2 - (1 + \beta - \eta\lambda) z + \beta = 0`. Runs are
# stable where the factor is below 1.
fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.4), sharey=True, layout="constrained")
for j, (ax, beta) in enumerate(zip(axes, betas, strict=True)):
    plot.sweep(
        lrs, factor[:, j], ax=ax, threshold=float(threshold[j]),
        threshold_label=(
            f"2/λ = {threshold[j]:.2f} " if beta == 0 else f"2(1+β)/λ = {threshold[j]:.2f} "
        ),
    )  # fmt: skip
    trace = 1 + beta - lrs * lam
    root = np.sqrt(trace**2 - 4 * beta + 0j)
    roots = np.stack([trace + root, trace - root]) / 2
    (theory_line,) = ax.plot(
        lrs, np.abs(roots).max(axis=0), color=plot.PALETTE[1], linewidth=1.0,
        linestyle=(0, (3, 2)), label="theory",
    )  # fmt: skip
    ax.axhline(1.0, color=plot.NEUTRAL, linewidth=0.9)
    ax.set_ylim(0, 2.0)
    ax.set_title(
        "plain gradient descent" if beta == 0 else f"heavy ball, β = {beta}",
        loc="left", fontsize=10,
    )  # fmt: skip
axes[0].set_ylabel("loss factor per step")
axes[1].set_ylabel("")
measured_line = axes[0].get_lines()[0]
axes[0].legend([measured_line, theory_line], ["measured", "theory"], loc="upper left")
fig.set_label(
    f"Two panels of the measured loss factor per step against learning rate "
    f"(log axis, 0.01 to 1) for {lrs.size} runs each on the bowl {lam:g} x^2 / 2, "
    "with the theoretical factor as a dashed line on top of it and a dashed "
    "vertical line at the threshold. Plain gradient descent: the factor falls to "
    f"0 at lr = {1 / lam:g} and crosses 1 at the threshold {threshold[0]:.2f}, "
    f"measured {measured[0]:.4f}. Heavy ball with beta 0.9: the factor stays "
    f"near sqrt(0.9) = {np.sqrt(0.9):.2f} over a wide range and crosses 1 at "
    f"{threshold[1]:.2f}, measured {measured[1]:.4f}.",
)
plt.show()

# %%
# Conclusion
# ----------
# The threshold is not a rule of thumb: on a quadratic it is exact, and a
# sweep finds it to the width of one grid cell. Momentum moves it from
# :math:`2/\lambda` to :math:`2(1+\beta)/\lambda`, here from 0.4 to 0.76, and
# flattens the factor per step to about :math:`\sqrt\beta` over a wide range
# of learning rates.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.quadratic`
# - :class:`gdbook.optim.SGD`, :class:`gdbook.optim.HeavyBall`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.sweep`
