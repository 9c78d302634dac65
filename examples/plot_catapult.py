"""
The catapult on the spiral network
==================================

Gradient descent (:func:`gdbook.descend`) sharpens NNFS chapter 10's network
(:func:`gdbook.landscapes.spiral_network`) at a small learning rate; from
there, runs at learning rates above :math:`2/\\lambda` of that point make the
loss spike, and then settle where the sharpness
(:func:`gdbook.theory.sharpness`) is below :math:`2/\\eta`, the catapult of
Lewkowycz et al. (2020). Too large a step kills every hidden unit instead.
"""

# %%
# A sharp start
# -------------
# 2000 steps at :math:`\eta = 0.5` from NNFS's initialisation bring the
# sharpness up to :math:`2/0.5` (see the edge-of-stability example). That
# point is the start of every run below.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)

net = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
warm = gdbook.descend(net, optim.SGD(lr=0.5), net.start, 2000, record="final")
x_sharp = warm.final_x
lam = float(theory.sharpness(net, x_sharp, tol=1e-8))
edge = 2 / lam
start_loss = float(warm.final_loss)

# %%
# Five learning rates, as multiples of 2/lambda
# ---------------------------------------------
# 200 steps each, every position kept; the sharpness measured at eleven of them.
multiples = np.array([1.0, 1.5, 3.0, 6.0, 12.0])
lrs = multiples * edge
steps = 200
runs = gdbook.descend(net, optim.SGD(lr=lrs), x_sharp, steps)
at = np.array([0, 1, 2, 3, 5, 10, 20, 50, 100, 150, 200])
sharp = theory.sharpness(net, runs.x[at], tol=1e-3, max_iter=60)  # (11, 5)
ratio = sharp * lrs / 2  # sharpness over 2/lr
peak = runs.loss.max(axis=0)
peak_step = runs.loss.argmax(axis=0)
end_loss = runs.loss[-1]
units = net.hidden - net.dead_units(runs.final_x)
lr_3, lr_6 = float(lrs[2]), float(lrs[3])
peak_15, peak_3, peak_6, peak_12 = (float(peak[k]) for k in (1, 2, 3, 4))
ratio_15, ratio_3, ratio_6 = (float(ratio[-1, k]) for k in (1, 2, 3))
low_3, low_6 = float(ratio[:, 2].min()), float(ratio[:, 3].min())
peak_step_3, peak_step_6 = int(peak_step[2]), int(peak_step[3])
end_3, end_6, end_12 = (float(end_loss[k]) for k in (2, 3, 4))
units_3, units_6, units_12 = (int(units[k]) for k in (2, 3, 4))
units_start = int(net.hidden - net.dead_units(x_sharp))
hidden = net.hidden

# %%
# From NNFS's initialisation instead
# ----------------------------------
# There the sharpness is small, :math:`\lambda_0 \approx 0.33`, and
# :math:`2/\lambda_0 \approx 6`. Two learning rates above it, 300 steps.
lam0 = float(theory.sharpness(net, net.start, tol=1e-8))
cold = gdbook.descend(
    net, optim.SGD(lr=np.array([8.0, 16.0])), net.start, 300, record="final"
)
cold_ratio = (
    theory.sharpness(net, cold.final_x, tol=1e-3, max_iter=60)
    * np.array([8.0, 16.0])
    / 2
)
cold_ratio_8 = float(cold_ratio[0])
cold_loss_8, cold_loss_16 = (float(v) for v in cold.final_loss)
cold_units_16 = int(net.hidden - net.dead_units(cold.final_x[1]))

# %%
# The figure
# ----------
# Above, the loss step by step (log scale); below, the sharpness over
# :math:`2/\eta`. The step axis is linear to 10, logarithmic beyond.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.0), sharex=True)
for k, m in enumerate(multiples):
    colour = plot.PALETTE[k]
    top.plot(runs.t, runs.loss[:, k], color=colour, linewidth=1.3, label=f"{m:g}")
    bottom.plot(
        at, ratio[:, k], color=colour, marker="o", markersize=3.5, linewidth=1.3
    )
top.axhline(start_loss, color=plot.NEUTRAL, linestyle=":", linewidth=1.0)
top.set(yscale="log", ylabel="loss $L$")
fig.legend(
    loc="outside upper center",
    ncols=len(multiples),
    title=r"$\eta$ as a multiple of $2/\lambda$",
)
bottom.axhline(1.0, color=plot.NEUTRAL, linestyle="--", linewidth=1.0)
bottom.text(
    0.98,
    0.04,
    r"dashed: $\lambda_{\max} = 2/\eta$",
    transform=bottom.transAxes,
    ha="right",
)
bottom.set(
    yscale="log",
    ylim=(0.2, None),
    xlabel="step",
    ylabel=r"$\lambda_{\max} \,/\, (2/\eta)$",
)
for ax in (top, bottom):
    ax.set_xscale("symlog", linthresh=10)
    ax.grid(True, linewidth=0.6)
bottom.set(xlim=(0, steps), xticks=[0, 2, 5, 10, 20, 50, 100])
bottom.xaxis.set_major_formatter("{x:g}")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss and sharpness over 2/lr for 200 steps from a point of sharpness {lam:.2f}, "
    f"at 1, 1.5, 3, 6 and 12 times 2/lambda. At 3 and 6 times the loss spikes to "
    f"{peak_3:.1f} and {peak_6:.1f}, then falls below its start while the sharpness "
    f"drops below 2/lr; at 12 times it stays at {end_12:.3f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# At :math:`2/\lambda` itself nothing spikes. At 1.5 times the loss spikes and
# the run returns to the edge, its sharpness above :math:`2/\eta`. At 3 and 6
# times it spikes to more than twice its start within five steps, then the
# sharpness ends below :math:`2/\eta` and the loss below where it started: a
# catapult, which on this network also silences hidden units. At 12 times every
# unit is dead and the loss is stuck at log 3. From NNFS's start, lr 8 and 16 catapult nowhere.
assert peak[0] < 1.05 * start_loss, (
    f"claim: at 2/lambda nothing spikes; peak {peak[0]:.3f}"
)
assert peak_15 > 1.2 * start_loss and ratio_15 > 1, (
    f"claim: at 1.5 x the loss spikes and the run returns to the edge; {peak_15:.3f}, {ratio_15:.2f}"
)
for k in (2, 3):
    assert peak[k] > 2 * start_loss and peak_step[k] <= 5, (
        f"claim: at {multiples[k]:g} x the loss spikes within 5 steps; {peak[k]:.2f} at {peak_step[k]}"
    )
    assert ratio[-1, k] < 1, (
        f"claim: at {multiples[k]:g} x sharpness ends below 2/lr; {ratio[-1, k]:.2f}"
    )
    assert end_loss[k] < start_loss, (
        f"claim: at {multiples[k]:g} x the loss ends below its start; {end_loss[k]:.3f}"
    )
assert units_6 < units_start / 2, (
    f"claim: at 6 x most units die; {units_6} of {units_start}"
)
assert units_12 == 0 and abs(end_12 - np.log(3)) < 1e-3, (
    f"claim: at 12 x every unit dies and the loss is stuck at log 3; {units_12}, {end_12:.4f}"
)
assert cold_ratio_8 > 1 and cold_loss_8 > net.loss(net.start), (
    f"claim: from NNFS's start lr 8 does not settle; ratio {cold_ratio_8:.2f}, loss {cold_loss_8:.3f}"
)
assert cold_units_16 == 0, (
    f"claim: from NNFS's start lr 16 kills every unit; {cold_units_16}"
)

# %%
# Conclusion
# ----------
# A learning rate a few times above :math:`2/\lambda` does not have to
# diverge: the loss spikes for a few steps and the run lands in a flatter
# region, flat enough for its learning rate, and goes on learning from there.
# On this ReLU network part of that flattening is done by switching hidden
# units off, and too large a jump switches them all off.
