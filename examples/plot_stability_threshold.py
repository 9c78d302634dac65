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
# Ten thousand learning rates in one call
# ---------------------------------------
# Learning rates from 0.01 to 1, evenly spaced in log, each run twice: plain
# gradient descent (:class:`~gdbook.optim.HeavyBall` with :math:`\beta = 0`
# is exactly that) and the heavy ball with :math:`\beta = 0.9`; only the
# start and the end of each run are recorded. A run is *stable* when its loss
# ended below where it started. Its distance to the minimum changed by the
# factor :math:`(L_T / L_0)^{1/(2T)}` per step, its loss by the square of it.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
lam = 5.0
bowl = landscapes.quadratic(a=lam)
lrs = np.geomspace(0.01, 1.0, 10_000)
n_lrs = lrs.size
betas = np.array([0.0, 0.9])
steps = 200
sweep = gdbook.descend(bowl, optim.HeavyBall(lr=lrs[:, np.newaxis], beta=betas),
                       [1.0], steps, record="final")  # fmt: skip
stable = (sweep.regime != "diverged") & (sweep.final_loss < sweep.loss[0])
with np.errstate(divide="ignore"):
    factor = (sweep.final_loss / sweep.loss[0]) ** (1 / (2 * steps))

# %%
# The measured boundary is halfway between the largest stable learning rate
# and the next one on the grid; the theory's is
# :func:`gdbook.theory.stability_threshold` at the minimum.
threshold = theory.stability_threshold(bowl, [0.0], momentum=betas)
last = [int(np.flatnonzero(stable[:, j])[-1]) for j in range(betas.size)]
measured = [(lrs[i] + lrs[i + 1]) / 2 for i in last]
grid_step = [lrs[i + 1] - lrs[i] for i in last]
threshold_gd, threshold_hb = (float(t) for t in threshold)
measured_gd, measured_hb = measured
grid_step_gd, grid_step_hb = grid_step
sqrt_beta = float(np.sqrt(betas[1]))

# %%
# Where plain gradient descent is the faster of the two: its factor
# :math:`|1 - \eta\lambda|` is below the heavy ball's :math:`\sqrt\beta` for
# :math:`1 - \sqrt\beta < \eta\lambda < 1 + \sqrt\beta`. The measured band is
# read off the sweep, the theory's from that formula.
faster = factor[:, 0] < factor[:, 1]
faster_lo, faster_hi = float(lrs[faster].min()), float(lrs[faster].max())
band_lo, band_hi = 1 - sqrt_beta, 1 + sqrt_beta

# %%
# Measured factor per step against learning rate, with the theory's: for plain
# gradient descent :math:`|1 - \eta\lambda|`, for the heavy ball the largest
# root of :math:`z^2 - (1 + \beta - \eta\lambda) z + \beta = 0`.
fig, axes = plt.subplots(2, 1, figsize=(5.0, 6.0), sharex=True, sharey=True)
for j, (ax, beta) in enumerate(zip(axes, betas, strict=True)):
    name = "2/λ" if beta == 0 else "2(1+β)/λ"
    plot.sweep(lrs, factor[:, j], ax=ax, threshold=float(threshold[j]),
               threshold_label=f"{name} = {threshold[j]:.2f} ")  # fmt: skip
    trace = 1 + beta - lrs * lam
    root = np.sqrt(trace**2 - 4 * beta + 0j)
    largest = np.abs(np.stack([trace + root, trace - root]) / 2).max(axis=0)
    (theory_line,) = ax.plot(lrs, largest, color=plot.PALETTE[1], linewidth=1.2,
                             linestyle=(0, (3, 2)), label="theory")  # fmt: skip
    if beta > 0:  # plain gradient descent's theory, for comparison
        (gd_line,) = ax.plot(lrs, np.abs(1 - lrs * lam), color=plot.PALETTE[2],
                             linewidth=1.2, linestyle=(0, (1, 1.5)))  # fmt: skip
    ax.axhline(1.0, color=plot.NEUTRAL, linewidth=0.9)
    ax.set_ylim(0, 2.0)
    title = "plain gradient descent" if beta == 0 else f"heavy ball, β = {beta}"
    ax.set_title(title, loc="left")
    ax.set_ylabel("distance factor per step")
axes[0].set_xlabel("")
axes[0].legend([axes[0].get_lines()[0], theory_line], ["measured", "theory"],
               loc="upper left")  # fmt: skip
axes[1].legend([gd_line], ["plain gradient descent"], loc="upper left")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Factor per step of the distance to the minimum against learning rate, {n_lrs} "
    f"runs on {lam:g} x^2 / 2, measured and theory. Above, plain gradient descent: 0 at "
    f"lr {1 / lam:g}, 1 at {measured_gd:.4f}. Below, heavy ball, beta 0.9: near "
    f"{sqrt_beta:.2f}, 1 at {measured_hb:.4f}, above plain gradient descent's V "
    f"between lr {faster_lo:.3f} and {faster_hi:.3f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The measured
# boundaries are the theory's, within one step of the grid; the measured
# factor of plain gradient descent is exactly :math:`|1 - \eta\lambda|`
# (where the loss is still a normal float), the loss's factor its square, and
# the heavy ball's stays near :math:`\sqrt\beta`: slower than plain gradient
# descent for :math:`1 - \sqrt\beta < \eta\lambda < 1 + \sqrt\beta`.
for j, beta in enumerate(betas):
    assert abs(measured[j] - threshold[j]) <= grid_step[j], (
        f"claim: with momentum {beta} the measured stability boundary matches "
        f"2(1 + beta)/lambda = {threshold[j]:.5f} within one grid step "
        f"({grid_step[j]:.2g}); measured {measured[j]:.5f}"
    )
    away = np.abs(lrs - threshold[j]) > grid_step[j]
    assert np.array_equal(stable[away, j], lrs[away] < threshold[j]), (
        f"claim: with momentum {beta} every run below the threshold is stable "
        "and none above it"
    )
assert np.isclose(threshold_hb, 2 * (1 + betas[1]) / lam), (
    f"claim: the heavy ball's threshold is 2(1 + beta)/lambda; got {threshold_hb}"
)
normal = sweep.final_loss[:, 0] > np.finfo(float).tiny
assert np.allclose(factor[normal, 0], np.abs(1 - lrs[normal] * lam), rtol=1e-12), (
    "claim: the measured factor of plain gradient descent is exactly |1 - eta lambda|"
)
loss_factor = (sweep.final_loss[normal, 0] / sweep.loss[0, normal, 0]) ** (1 / steps)
assert np.allclose(loss_factor, (1 - lrs[normal] * lam) ** 2, rtol=1e-12), (
    "claim: the loss's factor per step is the square of the distance's, (1 - eta lambda)^2"
)
# Near the band's edges the two factors are equal to within the wobble of
# the heavy ball's measured factor (a spiral's phase at step T): away from
# them, by 0.03 in eta*lambda, the measurement agrees with the formula.
inside = (lrs * lam > band_lo) & (lrs * lam < band_hi)
away = np.min(np.abs(lrs[:, np.newaxis] * lam - [band_lo, band_hi]), axis=1) > 0.03
edges = np.abs(np.array([faster_lo, faster_hi]) * lam - [band_lo, band_hi])
assert np.array_equal(faster[away], inside[away]), (
    f"claim: plain gradient descent beats the heavy ball (beta 0.9) for "
    f"{band_lo:.4f} < eta*lambda < {band_hi:.4f} and nowhere else"
)
assert np.all(edges < 0.03), (
    f"claim: the measured band's edges are {band_lo:.4f} and {band_hi:.4f}; "
    f"measured {faster_lo * lam:.4f} .. {faster_hi * lam:.4f}"
)
below = lrs < 0.95 * threshold_hb
assert np.all(np.abs(factor[below, 1] - sqrt_beta) < 0.05), (
    "claim: with momentum 0.9 the factor stays near sqrt(0.9) almost to the threshold"
)

# %%
# Conclusion
# ----------
# The threshold is not a rule of thumb: on a quadratic it is exact, and a
# sweep finds it to the width of one grid cell. Momentum moves it from
# :math:`2/\lambda` to :math:`2(1+\beta)/\lambda`, here from 0.4 to 0.76, and
# flattens the factor per step to about :math:`\sqrt\beta` over a wide range
# of learning rates. On one weight that flat factor is a price, not a gain:
# plain gradient descent is faster for every :math:`\eta\lambda` between
# 0.051 and 1.949.
