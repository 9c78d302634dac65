"""
Two ways of writing momentum
============================

The heavy ball (:class:`gdbook.optim.HeavyBall`) and torch's
``SGD(momentum=...)`` (:class:`gdbook.optim.SGD`) on
:func:`gdbook.landscapes.book_curve` are one method at a constant learning
rate and two under a schedule (:func:`gdbook.schedules.exponential`).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot

plt.style.use(plot.STYLE)
curve = landscapes.book_curve()
w0 = float(curve.start[0])
lr, beta, steps = 0.18, 0.9, 300

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
# The two forms agree to rounding at a constant learning rate, and under the
# decay part at :math:`w_2`, exactly as the formula says, and end apart.
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
# Whether a framework writes momentum as a velocity or as a sum of gradients
# does not matter at a constant learning rate, and does under a schedule.
