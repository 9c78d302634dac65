"""
The learning-rate range test on the spiral network
==================================================

Chapter 8's test (:func:`gdbook.theory.lr_range_test`) on the network it was
made for: NNFS chapter 10's classifier
(:func:`gdbook.landscapes.spiral_network`), full-batch gradient descent
(:class:`gdbook.optim.SGD`). Its suggestion is checked against a sweep of
1000-step runs at 17 learning rates in one :func:`gdbook.descend` call, and
against the stability threshold at the start (:func:`gdbook.theory.sharpness`).
"""

# %%
# The test, three lengths
# -----------------------
# The learning rate grows from :math:`10^{-3}` to 100 over 100, 300 or 1000
# steps; the test stops once the smoothed loss is four times its best.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)

net = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
start_loss = float(net.loss(net.start))
threshold = 2 / float(theory.sharpness(net, net.start, tol=1e-8))
lengths = (100, 300, 1000)
tests = {
    n: theory.lr_range_test(
        net, optim.SGD, net.start, lr_min=1e-3, lr_max=100.0, steps=n
    )
    for n in lengths
}
suggested = np.array([tests[n].suggested_lr for n in lengths])
sugg_100, sugg_300, sugg_1000 = (float(s) for s in suggested)
turn_100 = float(tests[100].lrs[np.argmin(tests[100].losses)])
fall_100 = start_loss - float(tests[100].losses.min())

# %%
# The sweep
# ---------
# 1000 steps of plain gradient descent at 17 learning rates from 0.3 to 30,
# evenly spaced in log, and at the three suggestions, in one call; only the
# end is recorded. (Below 0.3 the runs barely move in 1000 steps.)
grid = np.geomspace(0.3, 30.0, 17)
sweep = gdbook.descend(
    net,
    optim.SGD(lr=np.concatenate([grid, suggested])),
    net.start,
    1000,
    record="final",
)
grid_loss, at_suggested = sweep.final_loss[: grid.size], sweep.final_loss[grid.size :]
best = int(np.argmin(grid_loss))
best_lr, best_loss = float(grid[best]), float(grid_loss[best])
end_100, end_300, end_1000 = (float(v) for v in at_suggested)
broken_from = float(grid[grid > 1.25 * threshold][0])

# %%
# The figure
# ----------
# Above, the loss of each test against its learning rate; below, the loss
# after 1000 steps of the sweep. Dashed: :math:`2/\lambda_0`; dotted: the suggestions.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.4), sharex=True)
for k, n in enumerate(lengths):
    colour = plot.PALETTE[k]
    label = f"{n}: {suggested[k]:.2g}"
    top.plot(tests[n].lrs, tests[n].losses, color=colour, linewidth=1.2, label=label)
    for ax in (top, bottom):
        ax.axvline(suggested[k], color=colour, linestyle=":", linewidth=1.2)
bottom.plot(
    grid, grid_loss, color=plot.NEUTRAL, marker="o", markersize=3.5, linewidth=1.0
)
bottom.plot(
    suggested,
    at_suggested,
    linestyle="none",
    marker="D",
    markersize=6,
    color=plot.PALETTE[3],
    label="at the suggestions",
)
for ax in (top, bottom):
    ax.axvline(threshold, color=plot.PALETTE[4], linestyle="--", linewidth=1.2)
    ax.axhline(start_loss, color=plot.NEUTRAL, linestyle=":", linewidth=0.8)
    ax.grid(True, linewidth=0.6)
top.annotate(
    r"$2/\lambda_0$",
    (threshold, 1.0),
    xycoords=("data", "axes fraction"),
    ha="center",
    va="bottom",
    color=plot.PALETTE[4],
)
# Zoomed on the small fall before the blow-up, which runs off the top.
top.set(ylabel="loss during the test", ylim=(1.06, 1.13))
fig.legend(
    *top.get_legend_handles_labels(),
    loc="outside upper center",
    ncols=3,
    title="test steps: suggested lr",
)
bottom.set(
    xscale="log",
    yscale="log",
    xlabel=r"learning rate $\eta$",
    ylabel="loss after 1000 steps",
    ylim=(0.7, 15),
)
bottom.legend(loc="upper left")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Range tests of 100, 300 and 1000 steps on the spiral network suggest learning rates "
    f"{sugg_100:.2g}, {sugg_300:.2g} and {sugg_1000:.2g}; 2/lambda at the start is "
    f"{threshold:.1f}. Below, 1000-step runs: best loss {best_loss:.2f} at lr {best_lr:.2g}, "
    f"and every lr from {broken_from:.1f} up ends above the start's loss."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The suggestion moves more than fourfold with the test's length, and only the
# 100-step one is past :math:`2/\lambda_0`, where 1000-step runs end above the
# loss they started from; so does every learning rate from 1.25 times
# :math:`2/\lambda_0` up. The best run of the sweep is below :math:`2/\lambda_0`.
assert sugg_100 / sugg_1000 > 4, (
    f"claim: the suggestion moves fourfold; {suggested.round(3)}"
)
assert sugg_300 < threshold and sugg_1000 < threshold, (
    f"claim: only the 100-step suggestion is past 2/lambda_0; {suggested.round(3)}"
)
assert sugg_100 > threshold and end_100 > start_loss, (
    f"claim: the 100-step suggestion {sugg_100:.2f} is past 2/lambda_0 = {threshold:.2f} "
    f"and ends above the start; {end_100:.3f}"
)
assert np.all(grid_loss[grid > 1.25 * threshold] > start_loss), (
    "claim: every lr above 1.25 x 2/lambda_0 ends above the start's loss"
)
assert best_lr < threshold, (
    f"claim: the sweep's best lr is below 2/lambda_0; {best_lr:.2f}"
)
assert end_300 < start_loss and end_1000 < start_loss, (
    f"claim: the longer tests' suggestions train; {end_300:.3f}, {end_1000:.3f}"
)

# %%
# Conclusion
# ----------
# On this network the loss hardly moves until the learning rate is large, so a
# short test sees its only fall just before the blow-up and suggests a learning
# rate past the stability threshold of the start. A longer test trains the
# network as it goes and suggests less. Read the suggestion together with the
# test's length, and check it against a few real runs.
