"""
The linear scaling rule on the spiral network
=============================================

Goyal et al. (2017): when the batch grows :math:`k`-fold, multiply the
learning rate by :math:`k`, and the loss per epoch stays the same. Minibatch
SGD (:func:`gdbook.descend`, :class:`gdbook.optim.SGD`) on NNFS chapter 10's
network (:func:`gdbook.landscapes.spiral_network`) from batch 10 to the whole
data set, with learning rates scaled that way from two base values, and the
sharpness at the start (:func:`gdbook.theory.sharpness`) to say where it breaks.
"""

# %%
# Four batch sizes, learning rates in proportion
# ----------------------------------------------
# :math:`\eta = \eta_{10} \cdot B / 10` for the base learning rates
# :math:`\eta_{10} = 0.1` and 0.3 at batch 10, 300 epochs from NNFS's start,
# the loss on all the data every 10 epochs. Batch 300 is the whole data set.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)

full = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
start_sharpness = float(theory.sharpness(full, full.start, tol=1e-8))
start_threshold = 2 / start_sharpness
start_loss = float(full.loss(full.start))
base = np.array([0.1, 0.3])
batch_sizes = (10, 30, 100, 300)
epochs, every = 300, 10
curves = {}
for B in batch_sizes:
    net = full if len(full.y) == B else landscapes.spiral_network(batch_size=B)
    per_epoch = -(-len(full.y) // B)
    run = gdbook.descend(
        net,
        optim.SGD(lr=base * B / 10),
        full.start,
        epochs * per_epoch,
        record=every * per_epoch,
    )
    curves[B] = run.loss  # (31, 2)
# How far each curve strays from batch 10's, at any recorded epoch.
gap = {B: np.abs(curves[B] - curves[10]).max(axis=0) for B in batch_sizes}
gap_01 = max(float(gap[B][0]) for B in (30, 100))
gap_03 = max(float(gap[B][1]) for B in (30, 100))
end_01_300, end_03_300 = (float(v) for v in curves[300][-1])
end_01_10, end_03_10 = (float(v) for v in curves[10][-1])
lr_broken = 0.3 * 300 / 10

# %%
# The figure
# ----------
# The loss per epoch, one panel per base learning rate; the legend gives the
# learning rate of each batch size in that panel.
fig, axes = plt.subplots(2, 1, figsize=(5.0, 6.0), sharex=True, sharey=True)
epoch = np.arange(0, epochs + 1, every)
for j, ax in enumerate(axes):
    for k, B in enumerate(batch_sizes):
        ax.plot(
            epoch,
            curves[B][:, j],
            color=plot.PALETTE[k],
            linewidth=1.3,
            marker="os^D"[k],
            markersize=3,
            label=rf"$B = {B}$, $\eta = {base[j] * B / 10:g}$",
        )
    ax.set(ylabel="loss $L$ (all data)", title=rf"$\eta_{{10}} = {base[j]:g}$")
    ax.legend(loc="lower left", ncols=2)
    ax.grid(True, linewidth=0.6)
axes[1].set(xlabel="epoch", ylim=(0.5, 1.75))
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss per epoch at batch 10, 30, 100 and 300 with the learning rate in proportion "
    f"to the batch. From base 0.1 the curves of batch 10 to 100 agree within "
    f"{gap_01:.3f}; from base 0.3, batch 300 at lr {lr_broken:g} ends at "
    f"{end_03_300:.2f}, above the start's {start_loss:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The rule holds wherever the scaled learning rate stays below the start's
# stability threshold :math:`2/\lambda_0`, closely from base 0.1, loosely from
# base 0.3; at batch 300 and base 0.3 the learning rate is past it and the run
# ends above the loss it started from.
scaled = {(B, j): base[j] * B / 10 for B in batch_sizes for j in (0, 1)}
assert all(lr < start_threshold for (B, j), lr in scaled.items() if B < 300), (
    "claim: below batch 300 every scaled lr is below 2/lambda_0"
)
assert gap_01 < 0.01, (
    f"claim: from base 0.1 batches 10-100 agree within 0.01; {gap_01:.4f}"
)
assert gap_03 < 0.1, (
    f"claim: from base 0.3 batches 10-100 agree within 0.1; {gap_03:.3f}"
)
assert lr_broken > start_threshold and end_03_300 > start_loss, (
    f"claim: lr {lr_broken:g} > 2/lambda_0 = {start_threshold:.2f} breaks the rule; "
    f"loss {end_03_300:.3f} against {start_loss:.3f}"
)

# %%
# Conclusion
# ----------
# The linear scaling rule keeps the noise per epoch the same: :math:`\eta/B`
# is what sets it. It cannot keep a step stable. When the scaled learning rate
# passes what the curvature allows, here :math:`2/\lambda_0` at the start, the
# run breaks however well the rule held below.
