"""
Minibatch noise: a floor under the loss, and a schedule that removes it
=======================================================================

Stochastic gradient descent (:func:`gdbook.descend`, :class:`gdbook.optim.SGD`)
on NNFS chapter 10's network with minibatches
(:func:`gdbook.landscapes.spiral_network` with ``batch_size``). At a constant
learning rate the loss stops falling at a level that is higher the larger
:math:`\\eta` and the smaller the batch :math:`B`; dividing the learning rate by
ten (:func:`gdbook.schedules.step`) brings the loss down below it.
"""

# %%
# A trained start
# ---------------
# NNFS trains this network with Adam; 4000 steps of it
# (:class:`gdbook.optim.Adam`, learning rate 0.01, batches of 30) give a
# network well into training. Every run below starts there.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, schedules

plt.style.use(plot.STYLE)

full = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
fit = gdbook.descend(
    landscapes.spiral_network(batch_size=30),
    optim.Adam(lr=0.01),
    full.start,
    4000,
    record="final",
)
x_fit = fit.final_x
start_loss = float(full.loss(x_fit))
start_accuracy = 100 * float(full.accuracy(x_fit))

# %%
# Three batch sizes, two learning rates, one decay
# ------------------------------------------------
# For each batch size one call runs three learning rates side by side: 0.03
# and 0.1 held constant, and 0.1 divided by 10 after 50 epochs. The loss is
# that of the whole data set, once per epoch, for 100 epochs. A run's *floor*
# is its median loss over the last 40 epochs.
batch_sizes = (10, 30, 100)
lr = np.array([0.03, 0.1, 0.1])
gamma = np.array([1.0, 1.0, 0.1])
epochs, decay_epoch, tail = 100, 50, 40
curves, floors = {}, {}
for B in batch_sizes:
    per_epoch = -(-len(full.y) // B)
    schedule = schedules.step(lr, step_size=decay_epoch * per_epoch, gamma=gamma)
    net = landscapes.spiral_network(batch_size=B)
    run = gdbook.descend(
        net, optim.SGD(lr=schedule), x_fit, epochs * per_epoch, record=per_epoch
    )
    curves[B] = run.loss
    floors[B] = np.median(run.loss[-tail:], axis=0)
floor_slow_10, floor_10, decayed_10 = (float(v) for v in floors[10])
floor_30, floor_100 = float(floors[30][1]), float(floors[100][1])
noise_10 = float(curves[10][-tail:, 1].std())
noise_decayed_10 = float(curves[10][-tail:, 2].std())
drop_10 = floor_10 - decayed_10
# The floors at the smaller values of lr / B (0.003 and below): how far apart.
small = np.array(
    [
        f
        for B in batch_sizes
        for lr_k, f in zip(lr[:2], floors[B][:2], strict=True)
        if lr_k / B < 0.0031
    ]
)
spread_small = float(small.max() - small.min())

# %%
# The figure
# ----------
# Above, the loss of each batch size at the constant learning rate 0.1, and of
# the decayed run at batch 10; below, the floor of each constant run against
# :math:`\eta / B`, in the colour of its batch size.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.2), height_ratios=(3, 2))
epoch = np.arange(epochs + 1)
for k, B in enumerate(batch_sizes):
    top.plot(epoch, curves[B][:, 1], color=plot.PALETTE[k], linewidth=1.1, label=B)
after = epoch >= decay_epoch  # the decayed run is the constant one until then
top.plot(
    epoch[after],
    curves[10][after, 2],
    color=plot.PALETTE[3],
    linewidth=1.6,
    label=r"10, $\eta$ ÷ 10",
)
top.axvline(decay_epoch, color=plot.NEUTRAL, linestyle=":", linewidth=1.0)
top.set(xlabel="epoch", ylabel="loss $L$ (all data)")
fig.legend(
    loc="outside upper center", ncols=4, title=r"batch size $B$, at $\eta = 0.1$"
)
for k, B in enumerate(batch_sizes):
    bottom.plot(
        lr[:2] / B, floors[B][:2], color=plot.PALETTE[k], marker="o", linestyle="none"
    )
bottom.set(xscale="log", xlabel=r"$\eta / B$", ylabel="floor")
for ax in (top, bottom):
    ax.grid(True, linewidth=0.6)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss per epoch of minibatch SGD at learning rate 0.1 from a trained network: "
    f"the floor is {floor_10:.3f} at batch 10, {floor_30:.3f} at 30 and "
    f"{floor_100:.3f} at 100; dividing the learning rate by 10 at epoch 50 brings "
    f"batch 10 down to {decayed_10:.3f}. Below, each floor against lr / B."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# At the learning rate 0.1 the floor rises as the batch shrinks; at batch 10 it
# rises with the learning rate; the two largest values of lr / B give the two
# highest floors, and the others lie within 0.005 of each other; the decayed run ends below the floor of its
# constant twin, with a tenth of its wobble or less.
assert floor_10 > floor_30 > floor_100, (
    f"claim: at lr 0.1 the floor rises as B shrinks; {floor_10:.3f}, {floor_30:.3f}, {floor_100:.3f}"
)
assert min(floor_10, floor_30) > small.max(), (
    f"claim: the two largest lr / B give the two highest floors; {floor_10:.3f}, {floor_30:.3f}"
)
assert spread_small < 0.005, (
    f"claim: the other floors are within 0.005; {spread_small:.4f}"
)
assert floor_10 > floor_slow_10, (
    f"claim: at B = 10 the floor rises with lr; {floor_slow_10:.3f}, {floor_10:.3f}"
)
assert decayed_10 < floor_10 and decayed_10 < floor_slow_10, (
    f"claim: the decayed run ends below both constant floors; {decayed_10:.3f}"
)
assert noise_decayed_10 < noise_10 / 10, (
    f"claim: decay cuts the wobble tenfold; {noise_10:.4f} -> {noise_decayed_10:.4f}"
)

# %%
# Conclusion
# ----------
# A minibatch gradient is the full gradient plus noise whose size grows as
# :math:`B` shrinks, and a step multiplies that noise by :math:`\eta`. At a
# constant learning rate the run cannot settle below the level the noise keeps
# it at; a schedule that lowers :math:`\eta` lowers that level, which is why
# stochastic approximation (Robbins and Monro, 1951) needs a decaying step.
