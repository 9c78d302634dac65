"""
Momentum on the book's curve
============================

With the same learning rate, plain gradient descent (:class:`gdbook.optim.SGD`)
stops in the first valley of :func:`gdbook.landscapes.book_curve`, a heavy ball
(:class:`gdbook.optim.HeavyBall`) rolls through three of them to the global
minimum, and Nesterov's momentum brakes in the first. The heavy ball and
torch's momentum are one method at a constant learning rate and two under a
schedule.
"""

# %%
# Three optimizers, one learning rate
# -----------------------------------
# The learning rate 0.18 is below every minimum's stability threshold (about
# 0.40), so none of the three runs can be thrown out of a valley by too big a
# step: only momentum can carry a run over a bump.
import numpy as np

import gdbook
from gdbook import landscapes, optim

curve = landscapes.book_curve()
w0 = float(curve.start[0])
lr, beta = 0.18, 0.9
steps = 300
runs = {
    "plain gradient descent": gdbook.descend(curve, optim.SGD(lr=lr), [w0], steps),
    "heavy ball": gdbook.descend(curve, optim.HeavyBall(lr=lr, beta=beta), [w0], steps),
    "Nesterov": gdbook.descend(
        curve, optim.SGD(lr=lr, momentum=beta, nesterov=True), [w0], steps
    ),
}
for name, traj in runs.items():
    w = traj.x[:, 0]
    print(f"{name:23} {traj.outcome}, settled at step {traj.settled_step}, ", end="")
    print(f"farthest w = {w.max():.2f}")

# %%
# The same holds for every learning rate from 0.14 to 0.21, in one call per
# optimizer: the claim is not a lucky choice of 0.18.
band = np.linspace(0.14, 0.21, 15)
bands = {
    "plain gradient descent": optim.SGD(lr=band),
    "heavy ball": optim.HeavyBall(lr=band, beta=beta),
    "Nesterov": optim.SGD(lr=band, momentum=beta, nesterov=True),
}
band_outcomes = {
    name: set(gdbook.descend(curve, opt, [w0], steps, record="final").outcome)
    for name, opt in bands.items()
}
print(band_outcomes)

# %%
# The claims
# ----------
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
        f"claim: {name} ends in the {outcome} for every lr from {band[0]} to "
        f"{band[-1]}; got {sorted(band_outcomes[name])}"
    )

# %%
# The three runs
# --------------
# Each point is one step, coloured by its step number, on the loss curve.
import matplotlib.pyplot as plt

from gdbook import plot

fig, axes = plt.subplots(3, 1, figsize=(5.6, 6.4), sharex=True, layout="constrained")
for ax, (name, traj) in zip(axes, runs.items(), strict=True):
    plot.path_1d(traj, ax=ax, legend=ax is axes[0])
    ax.set_title(name, loc="right", fontsize=10)
    ax.set_xlabel("")
axes[-1].set_xlabel("$w$")
fig.set_label(
    f"Three runs on the book's loss curve from w = {w0:g}, each with learning "
    f"rate {lr} and {steps} steps. "
    + " ".join(
        f"{name.capitalize()}: {traj.outcome}, settled at step "
        f"{traj.settled_step}, farthest point w = {traj.x[:, 0].max():.2f}."
        for name, traj in runs.items()
    ),
)
plt.show()

# %%
# Two ways of writing momentum
# ----------------------------
# The heavy ball keeps a velocity that the learning rate feeds:
# :math:`v_{t+1} = \beta v_t - \eta_t \nabla L(w_t)`,
# :math:`w_{t+1} = w_t + v_{t+1}`. torch's ``SGD(momentum=mu)`` keeps a sum of
# gradients and multiplies all of it by the learning rate of the moment:
# :math:`b_t = \mu b_{t-1} + \nabla L(w_t)`, :math:`w_{t+1} = w_t - \eta_t b_t`.
# With a constant learning rate :math:`v_{t+1} = -\eta b_t` and the two are one
# method. When the learning rate changes they part from the third position
# on: :math:`w_2` differs by :math:`\beta (\eta_0 - \eta_1) \nabla L(w_0)`.
lr0, gamma = 0.18, 0.97
decay = gdbook.schedules.exponential(lr0, gamma=gamma)
pairs = {
    "constant": (optim.HeavyBall(lr=lr0, beta=beta), optim.SGD(lr=lr0, momentum=beta)),
    "exponential decay": (
        optim.HeavyBall(lr=decay, beta=beta),
        optim.SGD(lr=decay, momentum=beta),
    ),
}
forms = {
    case: [gdbook.descend(curve, opt, [w0], steps) for opt in pair]
    for case, pair in pairs.items()
}
gap = {
    case: np.abs(heavy.x[:, 0] - torch_form.x[:, 0])
    for case, (heavy, torch_form) in forms.items()
}
for case, (heavy, torch_form) in forms.items():
    print(f"{case}: heavy ball {heavy.outcome}, torch form {torch_form.outcome}, ")
    print(f"  largest gap {gap[case].max():.2g}")
parted = int(np.argmax(gap["exponential decay"] > 1e-12))
print(f"under the decay the positions first differ at w_{parted}")

# %%
# The claims: identical at a constant learning rate (to rounding), different
# from :math:`w_2` on under the decay, and different enough to end in
# different minima. The heavy ball's velocity, built up with the earlier,
# larger learning rates, carries it on; torch's form shrinks its step as soon
# as the learning rate shrinks.
assert gap["constant"].max() < 1e-9, (
    "claim: at a constant learning rate the heavy ball and torch's momentum give "
    f"the same run; they differ by {gap['constant'].max():.2g}"
)
assert parted == 2, (
    "claim: under a decaying learning rate the two forms part at w_2; "
    f"they part at w_{parted}"
)
heavy, torch_form = forms["exponential decay"]
assert (heavy.outcome, torch_form.outcome) == ("global minimum", "local minimum 3"), (
    "claim: under exponential decay the heavy ball reaches the global minimum and "
    f"torch's form stops in local minimum 3; got {heavy.outcome} and "
    f"{torch_form.outcome}"
)

# %%
# Position against step for both forms: at a constant learning rate one line
# hides the other; under the decay they part.
fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), sharey=True, layout="constrained")
t = np.arange(steps + 1)
titles = {
    "constant": rf"$\eta = {lr0}$",
    "exponential decay": rf"$\eta_t = {lr0} \cdot {gamma}^t$",
}
for ax, (case, (heavy, torch_form)) in zip(axes, forms.items(), strict=True):
    for m in curve.minima:
        if w0 < m.x[0]:
            ax.axhline(
                m.x[0], color=plot.NEUTRAL, linewidth=0.9,
                linestyle="--" if m.kind == "global" else ":",
            )  # fmt: skip
    ax.plot(t, heavy.x[:, 0], color=plot.PALETTE[0], linewidth=2.4, label="heavy ball")
    ax.plot(
        t, torch_form.x[:, 0], color=plot.PALETTE[1], linewidth=1.3,
        linestyle=(0, (4, 2)), label="torch SGD(momentum)",
    )  # fmt: skip
    ax.set_title(titles[case], loc="left", fontsize=10)
    ax.set_xlabel("step $t$")
    ax.set_xlim(0, 150)
axes[0].set_ylabel("$w_t$")
axes[0].legend(loc="lower right")
fig.set_label(
    f"Two panels of position w against step (0 to 150) for the heavy ball and "
    f"torch's SGD with momentum {beta}, from w = {w0:g}, minima drawn as "
    f"horizontal lines. Left, constant learning rate {lr0}: the two lines "
    f"coincide (largest gap {gap['constant'].max():.1g}) and both end in the "
    f"global minimum. Right, exponential decay from {lr0} by {gamma} per step: "
    f"the heavy ball ends in the {heavy.outcome} (settled at step "
    f"{heavy.settled_step}), torch's form in {torch_form.outcome} (settled at "
    f"step {torch_form.settled_step}).",
)
plt.show()

# %%
# Conclusion
# ----------
# Momentum is what carries a run over a bump that a small learning rate
# cannot cross: on this curve a heavy ball with :math:`\beta = 0.9` reaches
# the global minimum for every learning rate from 0.14 to 0.21, where plain
# gradient descent stops in the first valley. Nesterov's momentum looks at
# the slope where the ball is about to be; on the way up a bump that slope
# brakes it sooner, and here it does not leave the first valley. Whether a
# framework writes momentum as a velocity or as a sum of gradients does not
# matter at a constant learning rate, and does under a schedule.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`
# - :class:`gdbook.optim.SGD`, :class:`gdbook.optim.HeavyBall`
# - :func:`gdbook.schedules.exponential`
# - :func:`gdbook.plot.path_1d`
