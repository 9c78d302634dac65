"""
Momentum on the book's curve
============================

With the same learning rate, plain gradient descent (:class:`gdbook.optim.SGD`)
stops in the first valley of :func:`gdbook.landscapes.book_curve`, a heavy ball
(:class:`gdbook.optim.HeavyBall`) rolls through three of them to the global
minimum, and Nesterov's momentum brakes in the first. The heavy ball and
torch's momentum are one method at a constant learning rate and two under a
schedule (:func:`gdbook.schedules.exponential`).
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
for name, traj in runs.items():
    print(f"{name:23} {traj.outcome}, farthest w = {traj.x[:, 0].max():.2f}")

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
# Two ways of writing momentum
# ----------------------------
# The heavy ball keeps a velocity that the learning rate feeds:
# :math:`v_{t+1} = \beta v_t - \eta_t \nabla L(w_t)`,
# :math:`w_{t+1} = w_t + v_{t+1}`. torch's ``SGD(momentum=mu)`` keeps a sum of
# gradients and multiplies all of it by the learning rate of the moment:
# :math:`b_t = \mu b_{t-1} + \nabla L(w_t)`, :math:`w_{t+1} = w_t - \eta_t b_t`.
# With a constant learning rate :math:`v_{t+1} = -\eta b_t`: one method. Under
# a decay, :math:`w_2` differs by :math:`\beta (\eta_0 - \eta_1) \nabla L(w_0)`.
gamma = 0.97
decay = gdbook.schedules.exponential(lr, gamma=gamma)
forms = {
    case: [
        gdbook.descend(curve, opt, [w0], steps)
        for opt in (
            optim.HeavyBall(lr=rate, beta=beta),
            optim.SGD(lr=rate, momentum=beta),
        )
    ]
    for case, rate in (("constant", lr), ("exponential decay", decay))
}
gap = {case: np.abs(a.x[:, 0] - b.x[:, 0]) for case, (a, b) in forms.items()}
heavy, torch_form = forms["exponential decay"]
gap_same = float(gap["constant"].max())
gap_w1, gap_w2 = float(gap["exponential decay"][1]), float(gap["exponential decay"][2])
predicted_w2 = beta * (lr - decay(1)) * abs(float(curve.grad([w0])[0]))
apart_ball_settled, apart_torch_settled = heavy.settled_step, torch_form.settled_step
print(f"constant: largest gap {gap_same:.1e}; decay: gap at w_2 {gap_w2:.4f}")
print(f"heavy ball {heavy.outcome}, torch's form {torch_form.outcome}")

# %%
# Position against step for both forms: at a constant learning rate one line
# hides the other; under the decay they part.
fig, axes = plt.subplots(2, 1, figsize=(5.0, 5.6), sharex=True)
t = np.arange(steps + 1)
titles = {
    "constant": rf"$\eta = {lr}$",
    "exponential decay": rf"$\eta_t = {lr} \cdot {gamma}^t$",
}
ahead = [m for m in curve.minima if m.x[0] > w0]  # drawn as horizontal lines
for ax, (case, (a, b)) in zip(axes, forms.items(), strict=True):
    for m in ahead:
        ax.axhline(m.x[0], color=plot.NEUTRAL, linewidth=0.9,
                   linestyle="--" if m.kind == "global" else ":")  # fmt: skip
    ax.plot(t, a.x[:, 0], color=plot.PALETTE[0], linewidth=2.4, label="heavy ball")
    ax.plot(t, b.x[:, 0], color=plot.PALETTE[1], linewidth=1.3,
            linestyle=(0, (4, 2)), label="torch SGD(momentum)")  # fmt: skip
    ax.set_title(titles[case], loc="left")
    ax.set(ylabel="$w_t$", xlim=(0, 150))
axes[-1].set_xlabel("step $t$")
axes[0].legend(loc="lower right")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Position against step for the heavy ball and torch's momentum {beta}. At a "
    f"constant learning rate {lr} the lines coincide. Under a decay by {gamma} per "
    f"step they part: the heavy ball ends in the {heavy.outcome}, torch's form in "
    f"{torch_form.outcome}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Only the heavy ball leaves the first valley, for every learning rate of the
# band; Nesterov's look-ahead brakes it before the first bump's top. The two
# forms of momentum agree to rounding at a constant learning rate, and under
# the decay part at :math:`w_2`, exactly as the formula says, and end apart.
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
assert gap_same < 1e-9, f"claim: one method at a constant lr; gap {gap_same:.2g}"
assert gap_w1 == 0 < gap_w2, f"claim: the forms part at w_2; {gap_w1}, {gap_w2}"
assert abs(gap_w2 - predicted_w2) < 1e-12, f"claim: the formula; {predicted_w2}"
assert (heavy.outcome, torch_form.outcome) == ("global minimum", "local minimum 3"), (
    "claim: under exponential decay the heavy ball reaches the global minimum and "
    f"torch's form stops in local minimum 3; got {heavy.outcome}, {torch_form.outcome}"
)

# %%
# Conclusion
# ----------
# Momentum carries a run over a bump that a small learning rate cannot cross.
# Nesterov's momentum looks at the slope where the ball is about to be; on the
# way up a bump that slope brakes it sooner, and here it does not leave the
# first valley. Whether a framework writes momentum as a velocity or as a sum
# of gradients does not matter at a constant learning rate, and does under a
# schedule.
