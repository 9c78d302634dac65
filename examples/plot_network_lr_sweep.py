"""
A sweep of learning rates on the spiral network
===============================================

Sixteen learning rates of full-batch gradient descent (:class:`gdbook.optim.SGD`)
on :func:`gdbook.landscapes.spiral_network`, 1,000 steps each, as one call to
:func:`gdbook.descend`, against the stability threshold :math:`2/\\lambda` of
the start (:func:`gdbook.theory.sharpness`).
"""

# %%
# The sweep
# ---------
# The learning rates run from 0.1 to 30, evenly on a log scale; only the
# start and the end of each run are kept.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

net = landscapes.spiral_network()
ln3 = float(np.log(3))
start_sharpness = float(theory.sharpness(net, net.start))
threshold = 2 / start_sharpness
lrs = np.geomspace(0.1, 30, 16)
steps = 1000
sweep = gdbook.descend(net, optim.SGD(lr=lrs), net.start, steps, record="final")
final_loss = sweep.final_loss
dead = net.dead_units(sweep.final_x)
best = int(np.argmin(final_loss))
best_lr, best_loss = float(lrs[best]), float(final_loss[best])
best_ratio = best_lr / threshold
n_lrs, lr_min, lr_max = len(lrs), float(lrs[0]), float(lrs[-1])
low = lrs < threshold / 10
low_closest = float(np.abs(final_loss[low] - ln3).max())
high = lrs > 2 * threshold
all_dead_above = bool((dead[high] == net.hidden).all())

# %%
# The figure: the loss after 1,000 steps, and the dead hidden units, against
# the learning rate.
plt.style.use(plot.STYLE)
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(5.0, 4.4), sharex=True, height_ratios=(3, 2)
)
top.plot(lrs, final_loss, "o-", color=plot.PALETTE[0], markersize=4)
top.axhline(ln3, color=plot.NEUTRAL, linestyle=":", linewidth=1)
top.text(lr_min, ln3 * 1.12, "ln 3, the start", color=plot.NEUTRAL)
bottom.plot(lrs, dead, "o-", color=plot.PALETTE[1], markersize=4)
for ax in (top, bottom):
    ax.axvline(threshold, color=plot.PALETTE[2], linestyle="--", linewidth=1)
top.text(
    threshold / 1.08,
    3.0,
    "$2/\\lambda$ at the start",
    color=plot.PALETTE[2],
    ha="right",
)
top.set(ylabel=f"loss after {steps:,} steps", yscale="log")
bottom.set(xlabel="learning rate $\\eta$", ylabel="dead hidden units", xscale="log")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss after {steps:,} steps against the learning rate, {lr_min:g} to {lr_max:g}: "
    f"lowest, {best_loss:.2f}, at {best_lr:.2f}, just below 2/lambda = "
    f"{threshold:.2f} at the start. Above twice 2/lambda every run ends with all "
    f"{net.hidden} hidden units dead."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The threshold is computed at the start alone, before any run; the bounds
# below are stated in its units.
assert threshold / 2 < best_lr < threshold, (
    f"claim: the best lr lies between (2/lambda)/2 and 2/lambda; got {best_ratio:.2f}"
)
assert low_closest < 0.03, (
    f"claim: below (2/lambda)/10 runs stay near ln 3; {low_closest:.3f}"
)
assert all_dead_above, "claim: above 2 x (2/lambda) every run ends with all units dead"
assert (final_loss[high] > ln3 - 1e-9).all(), (
    "claim: and with a loss no lower than ln 3"
)

# %%
# Conclusion
# ----------
# The stability threshold of the start, a purely local number, marks the edge
# of what works on this network: the best of the sweep is just below it, and
# twice above it every run kills its hidden layer. It does not say how fast a
# run below it learns; those runs stay on the plateau at ln 3 for longer the
# smaller the learning rate.
