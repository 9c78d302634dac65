r"""
The best learning rate and momentum on an ill-conditioned bowl
==============================================================

On the bowl :func:`gdbook.landscapes.ill_conditioned` with curvatures
:math:`\lambda_{\min} = 1` and :math:`\lambda_{\max} = \kappa = 10`, the best
constant learning rate of gradient descent (:class:`gdbook.optim.SGD`) is
:math:`2/(\lambda_{\min} + \lambda_{\max})`, and shrinks the distance to the
minimum by :math:`(\kappa - 1)/(\kappa + 1)` a step. The heavy ball
(:class:`gdbook.optim.HeavyBall`) with the best momentum
:math:`\beta^* = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2` shrinks it by
:math:`\sqrt{\beta^*}` a step.
"""

# %%
# Four runs and their predicted rates
# -----------------------------------
# Gradient descent contracts each direction by :math:`|1 - \eta\lambda|`; the
# slower of the two sets the rate, and :math:`\eta = 2/(\lambda_{\min} +
# \lambda_{\max})` makes both equal. The heavy ball's tuning
# :math:`\eta = 4/(\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}})^2` with
# :math:`\beta^*` gives both directions the rate :math:`\sqrt{\beta^*}`
# (Polyak, 1964). At :math:`\beta = 0.9` every direction turns at the rate
# :math:`\sqrt{0.9}`, slower than either gradient descent.
import numpy as np

import gdbook
from gdbook import landscapes, optim

kappa = 10.0
bowl = landscapes.ill_conditioned(kappa)
lam_min, lam_max = 1.0, kappa
steps = 80
root = np.sqrt(kappa)
lr_safe, lr_best = 1 / lam_max, 2 / (lam_min + lam_max)
lr_ball = 4 / (np.sqrt(lam_min) + np.sqrt(lam_max)) ** 2
beta_star = ((root - 1) / (root + 1)) ** 2
rate_safe, rate_best = 1 - lam_min / lam_max, (kappa - 1) / (kappa + 1)
rate_ball, rate_heavy = np.sqrt(beta_star), np.sqrt(0.9)
runs = {
    r"GD, $\eta = 1/\lambda_{\max}$": (optim.SGD(lr=lr_safe), rate_safe),
    r"GD, $\eta = 2/(\lambda_{\min}+\lambda_{\max})$": (optim.SGD(lr=lr_best), rate_best),
    rf"ball, $\beta = \beta^* = {beta_star:.2f}$": (
        optim.HeavyBall(lr=lr_ball, beta=beta_star), rate_ball),
    r"ball, $\beta = 0.9$": (optim.HeavyBall(lr=lr_ball, beta=0.9), rate_heavy),
}  # fmt: skip
trajs = {
    name: gdbook.descend(bowl, opt, bowl.start, steps)
    for name, (opt, _) in runs.items()
}


def distance(traj):
    """The distance to the minimum at the origin, at every step (and batch)."""
    return np.linalg.norm(traj.x, axis=-1)


def measured(traj, t0=10, t1=40):
    """The distance's mean factor per step from step t0 to t1."""
    d = distance(traj)
    return (d[t1] / d[t0]) ** (1 / (t1 - t0))


rates = {name: float(measured(traj)) for name, traj in trajs.items()}
measured_safe, measured_best, measured_ball, measured_heavy = rates.values()

# %%
# The distance to the minimum against the step
# --------------------------------------------
# Each run solid, its predicted rate dashed from the same start.
import matplotlib.pyplot as plt

from gdbook import plot

plt.style.use(plot.STYLE)
fig, ax = plt.subplots(figsize=(5.0, 4.6))
t = np.arange(steps + 1)
for colour, (name, traj) in zip(plot.PALETTE, trajs.items(), strict=False):
    d = distance(traj)
    ax.semilogy(t, d, color=colour, linewidth=2, label=name)
    ax.semilogy(t, d[0] * runs[name][1] ** t, color=colour, linewidth=1, linestyle="--")
ax.set(xlabel="step $t$", ylabel=r"distance to the minimum $\|w_t - w^*\|$",
       xlim=(0, steps), ylim=(1e-12, 10))  # fmt: skip
fig.legend(loc="outside lower center", ncols=1, frameon=False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Distance to the minimum of the bowl (x^2 + {kappa:g} y^2)/2 against the step, "
    f"log scale: gradient descent at lr 0.1 shrinks it by {measured_safe:.3f} a step, "
    f"at lr 2/11 by {measured_best:.3f}; the heavy ball with momentum "
    f"{beta_star:.2f} by {measured_ball:.3f}, with momentum 0.9 by {measured_heavy:.3f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Is it the best?
# ---------------
# A second computation: the measured rate of gradient descent at 81 learning
# rates, and of the heavy ball at 91 values of momentum (at its tuned
# learning rate), each in one call.
grid_lr = np.linspace(0.05, 0.2, 151)
gd_grid = measured(gdbook.descend(bowl, optim.SGD(lr=grid_lr), bowl.start, steps))
beta_grid = np.linspace(0.0, 0.9, 91)
ball_grid = gdbook.descend(
    bowl, optim.HeavyBall(lr=lr_ball, beta=beta_grid), bowl.start, steps
)
ball_rates = measured(ball_grid)
lr_fastest = float(grid_lr[np.argmin(gd_grid)])
beta_fastest = float(beta_grid[np.argmin(ball_rates)])
speedup = float(np.log(rate_ball) / np.log(rate_best))  # GD steps per ball step

# %%
# An exercise: a bowl a hundred times steeper one way
# ---------------------------------------------------
steep = landscapes.ill_conditioned(100.0)
root_100 = 10.0
beta_star_100 = ((root_100 - 1) / (root_100 + 1)) ** 2
rate_best_100, rate_ball_100 = 99 / 101, np.sqrt(beta_star_100)
lr_ball_100 = 4 / (1 + root_100) ** 2
ball_100 = gdbook.descend(
    steep, optim.HeavyBall(lr=lr_ball_100, beta=beta_star_100), steep.start, 200
)
measured_100 = float(measured(ball_100, 40, 160))
speedup_100 = float(np.log(rate_ball_100) / np.log(rate_best_100))

# %%
# The claims
# ----------
assert abs(beta_star - 0.27) < 0.005, f"claim: beta* is about 0.27; {beta_star}"
for name, (_, predicted) in runs.items():
    assert abs(rates[name] / predicted - 1) < 0.06, (
        f"claim: {name} shrinks the distance by {predicted:.3f} a step; "
        f"measured {rates[name]:.3f}"
    )
assert abs(lr_fastest - lr_best) <= 0.002, f"claim: 2/11 is fastest; {lr_fastest}"
assert abs(beta_fastest - beta_star) <= 0.02, f"claim: beta* is best; {beta_fastest}"
assert abs(measured_100 / rate_ball_100 - 1) < 0.06, f"claim: kappa 100; {measured_100}"
assert measured_ball < measured_best < measured_safe < measured_heavy, (
    f"claim: the order of the rates; {rates}"
)
ends = [str(traj.outcome) for traj in trajs.values()]
assert ends == ["global minimum"] * 3 + ["descending"], f"claim: beta 0.9 lags; {ends}"

# %%
# Conclusion
# ----------
# On a bowl ten times steeper one way than the other, the best gradient
# descent shrinks the distance by :math:`9/11` a step, and a heavy ball with
# :math:`\beta^* \approx 0.27` by about 0.52: each of its steps is worth about
# three of gradient descent's. More momentum is not better: at
# :math:`\beta = 0.9` the ball is slower than gradient descent.
