"""
Momentum on the book's curve
============================

With the same learning rate, plain gradient descent (:class:`gdbook.optim.SGD`)
stops in the first valley of :func:`gdbook.landscapes.book_curve`, a heavy ball
(:class:`gdbook.optim.HeavyBall`) rolls through three of them to the global
minimum, and Nesterov's momentum brakes in the first.
"""

# %%
# Three optimizers, one learning rate
# -----------------------------------
# The learning rate 0.18 is below every minimum's stability threshold (about
# 0.40), so no run can be thrown out of a valley by too big a step: only
# momentum can carry a run over a bump. A band of learning rates around it, in
# one call per optimizer, shows that 0.18 is not a lucky choice.
import numpy as np

import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
w0 = float(curve.start[0])
lr, beta = 0.18, 0.9
steps = 300
band = np.linspace(0.14, 0.21, 15)
band_lo, band_hi = float(band[0]), float(band[-1])
makers = {
    "plain gradient descent": lambda lr: optim.SGD(lr=lr),
    "heavy ball": lambda lr: optim.HeavyBall(lr=lr, beta=beta),
    "Nesterov": lambda lr: optim.SGD(lr=lr, momentum=beta, nesterov=True),
}
runs = {
    name: gdbook.descend(curve, make(lr), [w0], steps) for name, make in makers.items()
}
band_outcomes = {
    name: set(gdbook.descend(curve, make(band), [w0], steps, record="final").outcome)
    for name, make in makers.items()
}
ball_settled = int(runs["heavy ball"].settled_step)
ball_far = float(runs["heavy ball"].x[:, 0].max())
nesterov_far = float(runs["Nesterov"].x[:, 0].max())
# The top of the first bump, between local minima 1 and 2.
ridge = np.linspace(curve.minima[1].x[0], curve.minima[2].x[0], 2001)
crest = float(ridge[np.argmax(curve.loss(ridge[:, np.newaxis]))])

# %%
# Each point is one step, coloured by its step number, on the loss curve.
import matplotlib.pyplot as plt

from gdbook import plot

plt.style.use(plot.STYLE)
fig, axes = plt.subplots(3, 1, figsize=(5.0, 7.2), sharex=True)
for ax, (name, traj) in zip(axes, runs.items(), strict=True):
    plot.path_1d(traj, ax=ax, legend=ax is axes[0])
    where = str(traj.outcome).replace(" minimum", "")
    ax.set_title(f"{name}: {where}, step {traj.settled_step}", loc="left")
    ax.set_xlabel("")
axes[-1].set_xlabel("$w$")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Three runs from w = {w0:g} at learning rate {lr}: plain gradient descent and "
    f"Nesterov stop in the first valley (Nesterov's farthest point w = "
    f"{nesterov_far:.2f}); the heavy ball swings to w = {ball_far:.2f} and settles "
    f"in the global minimum at step {ball_settled}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The same learning rate, not the same step
# -----------------------------------------
# On a steady slope the ball's velocity grows until it gains as much as it
# loses: :math:`v = \beta v - \eta g` gives :math:`|v| = \eta g / (1 - \beta)`,
# ten times plain gradient descent's step at :math:`\beta = 0.9`. A ball on a
# nearly flat parabola (curvature 1e-4, so its slope hardly changes) shows it.
flat = landscapes.quadratic(a=1e-4)
coast = gdbook.descend(flat, optim.HeavyBall(lr=lr, beta=beta), [1.0], 200)
step_ratio = float(
    abs(coast.x[-1, 0] - coast.x[-2, 0]) / (lr * abs(flat.grad(coast.x[-2])[0]))
)
step_factor = 1 / (1 - beta)

# %%
# The claims
# ----------
# Only the heavy ball leaves the first valley, for every learning rate of the
# band; Nesterov's look-ahead brakes it before the first bump's top.
expected = {
    "plain gradient descent": "local minimum 1",
    "heavy ball": "global minimum",
    "Nesterov": "local minimum 1",
}
for name, outcome in expected.items():
    assert runs[name].outcome == outcome, (
        f"claim: {name} with lr={lr} ends in the {outcome}; got {runs[name].outcome}"
    )
    assert band_outcomes[name] == {outcome}, (
        f"claim: {name} ends in the {outcome} for every lr from {band_lo} to "
        f"{band_hi}; got {sorted(band_outcomes[name])}"
    )
assert abs(step_ratio / step_factor - 1) < 0.01, f"claim: eta/(1-beta); {step_ratio}"
assert nesterov_far < crest < ball_far, f"claim: Nesterov brakes before {crest:.2f}"
# %%
# Conclusion
# ----------
# Momentum carries a run over a bump that a small learning rate cannot cross.
# Nesterov's momentum looks at the slope where the ball is about to be; on the
# way up a bump that slope brakes it sooner, and here it does not leave the
# first valley.
