"""
Warm-up on the spiral network
=============================

A learning rate that kills every hidden unit when it is used from the first
step trains when it is reached by a linear warm-up
(:func:`gdbook.schedules.linear`): while the learning rate grows, the sharpness
(:func:`gdbook.theory.sharpness`) comes down to meet :math:`2/\\eta_t`, a
little at a time (Goyal et al., 2017; Gilmer et al., 2022; Kalra and
Barkeshli, 2024). Full-batch gradient descent (:func:`gdbook.descend`) on NNFS
chapter 10's network (:func:`gdbook.landscapes.spiral_network`).
"""

# %%
# A sharp start and a peak learning rate twelve times its threshold
# -----------------------------------------------------------------
# 2000 steps at :math:`\eta = 0.5` from NNFS's start make the network sharp,
# :math:`\lambda \approx 2/0.5`. From there every run heads for the same peak,
# :math:`\eta = 12 \times 2/\lambda`: at once, or growing linearly from
# :math:`\tfrac12 \cdot 2/\lambda` over 25, 100 or 300 steps; 600 steps in all.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, schedules, theory

plt.style.use(plot.STYLE)

net = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
sharpen = gdbook.descend(net, optim.SGD(lr=0.5), net.start, 2000, record="final")
x_sharp = sharpen.final_x
lam = float(theory.sharpness(net, x_sharp, tol=1e-8))
start_loss = float(sharpen.final_loss)
peak = 12 * 2 / lam
steps, every = 600, 25
warmups = (0, 25, 100, 300)


def warm_run(peak_lr, length):
    """A run to ``peak_lr``, reached linearly over ``length`` steps (0: at once)."""
    lr = (
        schedules.constant(peak_lr)
        if length == 0
        else schedules.linear(
            peak_lr, start_factor=0.5 * (2 / lam) / peak_lr, total_iters=length
        )
    )
    return gdbook.descend(net, optim.SGD(lr=lr), x_sharp, steps, record=every)


runs = {w: warm_run(peak, w) for w in warmups}
t = runs[0].t
sharp = {w: theory.sharpness(net, r.x, tol=1e-3, max_iter=60) for w, r in runs.items()}
# The loss goes up and down at this learning rate: its mean over the last 100 steps.
end_loss = {w: float(r.loss[-5:].mean()) for w, r in runs.items()}
# The loss of a network that cannot tell points apart.
dead_loss = float(np.log(net.classes))
alive = {w: int(net.hidden - net.dead_units(r.final_x)) for w, r in runs.items()}
loss_0, loss_25, loss_100, loss_300 = end_loss.values()
units_0, units_25, units_100, units_300 = alive.values()

# %%
# The sharpness against the learning rate of the moment
# -----------------------------------------------------
# During the 300-step warm-up, the sharpness over :math:`2/\eta_t`, the
# learning rate of that step; and one peak further, 16 times, for comparison.
# ``lr[i]`` is the learning rate of the step leaving record ``i``, at step ``t[i]``.
lr_t = runs[300].lr
during = np.flatnonzero((t[:-1] > 0) & (t[:-1] <= 300))
ratio_300 = sharp[300][during] * lr_t[during] / 2
median_ratio_300 = float(np.median(ratio_300))
sharp_end_300 = float(sharp[300][t == 300][0])
fold_300 = lam / sharp_end_300
beyond = warm_run(16 * 2 / lam, 300)
loss_16 = float(beyond.loss[-5:].mean())

# %%
# The figure
# ----------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.4), sharex=True)
for k, w in enumerate(warmups):
    colour = plot.PALETTE[k]
    label = f"{w or 'none'}: {alive[w]}"
    line = {"color": colour, "linewidth": 1.3, "marker": "o", "markersize": 2.5}
    top.plot(t, runs[w].loss, **line, label=label)
    bottom.plot(t, sharp[w], **line)
bottom.plot(
    t[:-1],
    2 / lr_t,
    color=plot.PALETTE[3],
    linestyle="--",
    linewidth=1.0,
    label=r"$2/\eta_t$, 300 steps",
)
bottom.axhline(
    2 / peak, color=plot.NEUTRAL, linestyle=":", linewidth=1.0, label=r"$2/\eta$, peak"
)
top.axhline(start_loss, color=plot.NEUTRAL, linestyle=":", linewidth=1.0)
top.set(ylabel="loss $L$")
fig.legend(
    *top.get_legend_handles_labels(),
    loc="outside upper center",
    ncols=4,
    title="warm-up steps: units alive",
)
bottom.set(yscale="log", xlabel="step", ylabel=r"sharpness $\lambda_{\max}$")
bottom.set(
    yticks=[0.3, 0.5, 1, 2, 4, 8], yticklabels=["0.3", "0.5", "1", "2", "4", "8"]
)
bottom.yaxis.set_minor_formatter("")
bottom.legend(loc="upper right")
for ax in (top, bottom):
    ax.grid(True, linewidth=0.6)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss and sharpness for 600 steps towards lr {peak:.1f}, twelve times 2/lambda of "
    f"the start: at once, every hidden unit dies and the loss stays at {loss_0:.3f}; "
    f"with a 100-step warm-up it averages {loss_100:.3f} at the end, with {units_100} units, "
    f"the sharpness falling along 2/lr as the learning rate grows."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Without warm-up the peak kills every unit: the network then predicts the same
# for every point, and its loss is :math:`\log 3`. With 25, 100 or 300 steps of
# warm-up more than half the units live and the loss over the last 100 steps is
# well below :math:`\log 3`. During the 300-step warm-up the sharpness stays
# within 0.8 to 1.6 times :math:`2/\eta_t` (median) and ends more than fivefold
# lower than it began. Warm-up has a limit: towards 16 times the loss ends
# above its start.
assert units_0 == 0 and abs(loss_0 - dead_loss) < 1e-3, (
    f"claim: at once, every unit dies and the loss is log 3; {units_0} units, loss {loss_0:.4f}"
)
for w in (25, 100, 300):
    assert alive[w] > net.hidden / 2 and end_loss[w] < dead_loss - 0.05, (
        f"claim: a {w}-step warm-up keeps units and learns; {alive[w]} units, loss {end_loss[w]:.3f}"
    )
assert 0.8 < median_ratio_300 < 1.6, (
    f"claim: sharpness tracks 2/lr_t; {median_ratio_300:.2f}"
)
assert fold_300 > 5, f"claim: warm-up lowers the sharpness fivefold; {fold_300:.1f}"
assert loss_16 > start_loss, (
    f"claim: towards 16 x, warm-up is not enough; {loss_16:.3f}"
)

# %%
# Conclusion
# ----------
# A large learning rate needs a flat region. Reached at once, it throws the
# network into one by switching its units off. Reached gradually, it lets
# gradient descent do what it does at the edge of stability: lower the
# sharpness along :math:`2/\eta_t`, step by step, with the units alive. That
# makes the peak learning rate usable; in these 600 steps it does not make it
# better than the start.
