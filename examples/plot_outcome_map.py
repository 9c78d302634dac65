"""
Outcome map: learning rate x momentum on the book's curve
=========================================================

Where a heavy ball (:class:`gdbook.optim.HeavyBall`) started at
:math:`w_0 = -0.9` on :func:`gdbook.landscapes.book_curve` ends, for 60
learning rates x 40 momenta in one :func:`gdbook.descend` call, drawn by
:func:`gdbook.plot.outcome_map` with the stability threshold
:math:`2(1 + \\beta)/\\lambda` (:func:`gdbook.theory.stability_threshold`)
on top.
"""

# %%
# 2400 runs in one call
# ---------------------
# Learning rates from 0.05 to 1, evenly spaced in log, along the first batch
# axis; momenta from 0 to 0.975 along the second; 300 steps each, every step
# recorded so that each run's settling step is exact.
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

curve = landscapes.book_curve()
w0 = float(curve.start[0])
lrs = np.geomspace(0.05, 1.0, 60)
betas = np.linspace(0.0, 0.975, 40)
steps = 300
grid = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs[:, np.newaxis], beta=betas), [w0], steps
)
kinds, counts = np.unique(grid.outcome, return_counts=True)
for kind, count in zip(kinds, counts, strict=True):
    print(f"{kind:17} {count:5} runs")

# %%
# The thresholds
# --------------
# For each momentum, the largest threshold of the minima on the way (the
# first valley's): above it no valley on the way can hold the run.
on_the_way = [m for m in curve.minima if w0 < m.x[0] <= 6.0]
top = np.max(
    [theory.stability_threshold(curve, m.x, momentum=betas) for m in on_the_way], axis=0
)
print(f"threshold at beta = 0: {top[0]:.3f}; at beta = {betas[-1]}: {top[-1]:.3f}")

# %%
# The claims
# ----------
# No run settles anywhere with a learning rate 2 % above the threshold of its
# momentum. Plain gradient descent (:math:`\beta = 0`) never reaches the global
# minimum; the heavy ball does, and only with :math:`\beta \ge 0.5`. Some runs
# reach it with a learning rate above plain gradient descent's threshold,
# which momentum raises.
beyond = lrs[:, np.newaxis] > 1.02 * top
reached = grid.outcome == "global minimum"
assert not np.any(grid.regime[beyond] == "converged"), (
    "claim: no run settles with a learning rate 2 % above 2(1 + beta)/lambda; "
    f"{int(np.sum(grid.regime[beyond] == 'converged'))} do"
)
assert not reached[:, 0].any(), (
    "claim: plain gradient descent (beta = 0) never reaches the global minimum; "
    f"it does for lr = {lrs[reached[:, 0]]}"
)
assert reached.any(), "claim: the heavy ball reaches the global minimum; no run does"
assert betas[reached.any(axis=0)].min() >= 0.5, (
    "claim: the heavy ball reaches the global minimum only with beta >= 0.5; "
    f"it does with beta = {betas[reached.any(axis=0)].min():.3f}"
)
assert np.any(reached & (lrs[:, np.newaxis] > top[0])), (
    "claim: with momentum some runs reach the global minimum at a learning rate "
    f"above plain gradient descent's threshold {top[0]:.3f}"
)
fastest = np.unravel_index(
    np.argmin(np.where(reached, grid.settled_step, steps + 1)), reached.shape
)
print(
    f"fastest to the global minimum: lr = {lrs[fastest[0]]:.3f}, beta = "
    f"{betas[fastest[1]]:.3f}, settled at step {grid.settled_step[fastest]}"
)

# %%
# The map
# -------
# Each cell is one run, coloured by where it ended. The dashed line is the
# threshold of the first valley, :math:`2(1+\beta)/\lambda`: right of it no
# run settles.
import matplotlib.pyplot as plt

from gdbook import plot

fig, ax = plt.subplots(figsize=(7.2, 5.2), layout="constrained")
plot.outcome_map(grid, lrs, betas, ax=ax, ylabel=r"momentum $\beta$")
ax.plot(top, betas, color="white", linewidth=1.6, linestyle="--")
ax.set_xticks(
    [0.05, 0.1, 0.2, 0.4, 0.7, 1.0], ["0.05", "0.1", "0.2", "0.4", "0.7", "1"]
)
ax.minorticks_off()
tally = ", ".join(f"{kind} {count}" for kind, count in zip(kinds, counts, strict=True))
fig.set_label(
    f"Outcome map of {grid.regime.size} heavy-ball runs on the book's curve from "
    f"w = {w0:g}: learning rate from {lrs[0]:g} to {lrs[-1]:g} on a log axis, "
    f"momentum from 0 to {betas[-1]:g}, {steps} steps each. Runs counted by "
    f"outcome: {tally}. Most of the map is local minimum 1: small learning rates "
    "and little momentum. The global minimum appears in patches only for momentum "
    f"{betas[reached.any(axis=0)].min():.2f} and above, among bands of the "
    "other local minima. A dashed line, the threshold 2(1 + beta)/lambda of the "
    f"first valley, runs from lr {top[0]:.2f} at beta 0 to {top[-1]:.2f} at beta "
    f"{betas[-1]:g}; right of it every run oscillates or keeps moving.",
)
plt.show()

# %%
# How many steps
# --------------
# A coarser view from the same call, every fifth learning rate and every
# fourth momentum (12 x 10 runs), with the step at which each run settled
# written in its cell.
coarse = grid[::5, ::4]
fig, ax = plt.subplots(figsize=(7.2, 5.0), layout="constrained")
drawn = plot.outcome_map(
    coarse, lrs[::5], betas[::4], ax=ax, steps=True, ylabel=r"momentum $\beta$"
)
ax.set_xticks(lrs[::5], [f"{v:.2g}" for v in lrs[::5]], fontsize=8)
ax.minorticks_off()
settled = coarse.settled_step[coarse.settled_step >= 0]
coarse_global = coarse.outcome == "global minimum"
global_steps = np.sort(coarse.settled_step[coarse_global])
lowest_beta = betas[::4][coarse_global.any(axis=0)].min()
fig.set_label(
    f"Outcome map of 12 learning rates ({lrs[0]:g} to {lrs[-5]:.2g}) by 10 momenta "
    f"(0 to {betas[-4]:g}) of the same heavy-ball runs, each cell with the step "
    f"its run settled at, from {settled.min()} to {settled.max()}. Plain "
    "gradient descent and small momenta settle in local minimum 1 within a few "
    "dozen steps at the larger learning rates and take longer at the smaller "
    f"ones. {global_steps.size} cells reach the global minimum, at momentum "
    f"{lowest_beta:g} and above, settling at steps "
    + ", ".join(str(v) for v in global_steps)
    + f"; at lr {lrs[::5][-1]:.2g}, past every threshold, none settles.",
)
plt.show()

# %%
# Conclusion
# ----------
# The stability threshold draws the map's right-hand edge: past
# :math:`2(1+\beta)/\lambda` nothing settles, and momentum pushes that edge to
# the right. Inside it, where a run ends is decided by the speed it carries
# over the bumps: little momentum stops in the first valley, more reaches
# farther ones, and the global minimum lies in bands between overshoots.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.book_curve`, :class:`gdbook.optim.HeavyBall`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.outcome_map`
