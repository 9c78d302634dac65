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
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
curve = landscapes.book_curve()
w0 = float(curve.start[0])
lrs = np.geomspace(0.05, 1.0, 60)
betas = np.linspace(0.0, 0.975, 40)
steps = 300
grid = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs[:, np.newaxis], beta=betas), [w0], steps
)
n_map, n_lrs, n_betas, beta_last = grid.regime.size, lrs.size, betas.size, betas[-1]

# %%
# The thresholds
# --------------
# For each momentum, the largest threshold of the minima on the way (the
# first valley's): above it no valley on the way can hold the run.
on_the_way = [m for m in curve.minima if w0 < m.x[0] <= 6.0]
top = np.max([theory.stability_threshold(curve, m.x, momentum=betas) for m in on_the_way],
             axis=0)  # fmt: skip
top_first, top_last = float(top[0]), float(top[-1])
lr_fit = 1 / float(curve.hessian(on_the_way[0].x)[0, 0])

# %%
# Who reaches the global minimum, and how fast
# --------------------------------------------
reached = grid.outcome == "global minimum"
n_global = int(reached.sum())
first_beta = float(betas[reached.any(axis=0)].min(initial=np.inf))
fastest = np.unravel_index(np.argmin(np.where(reached, grid.settled_step, steps + 1)),
                           reached.shape)  # fmt: skip
fast_lr, fast_beta = float(lrs[fastest[0]]), float(betas[fastest[1]])
fast_step = int(grid.settled_step[fastest])

# %%
# Plain gradient descent (the row :math:`\beta = 0`): the fewest steps to
# settle, and every learning rate that takes that few. The rate per step is
# best at :math:`1/\lambda`, but the step at which a run comes within the
# tolerance also depends on where it starts.
plain_steps = np.where(grid.settled_step[:, 0] >= 0, grid.settled_step[:, 0], steps + 1)
plain_fewest = int(plain_steps.min())
fewest_lrs = lrs[plain_steps == plain_fewest]
plain_near_fit, plain_far = float(fewest_lrs.min()), float(fewest_lrs.max())

# %%
# The map
# -------
# Each cell is one run, coloured by where it ended. The dashed line is the
# threshold of the first valley, :math:`2(1+\beta)/\lambda`: right of it no
# run settles.
fig, ax = plt.subplots(figsize=(5.0, 5.0))
plot.outcome_map(grid, lrs, betas, ax=ax, ylabel=r"momentum $\beta$")
ax.plot(top, betas, color="white", linewidth=1.6, linestyle="--")
ticks = [0.05, 0.1, 0.2, 0.4, 0.7, 1.0]
ax.set_xticks(ticks, [f"{v:g}" for v in ticks])
ax.minorticks_off()
# sphinx_gallery_start_ignore
fig.set_label(
    f"Outcome map of {n_map} heavy-ball runs on the book's curve by learning rate and "
    f"momentum: mostly local minimum 1; the global minimum ({n_global} runs) in patches "
    f"from beta {first_beta:.2f}; a dashed threshold from lr {top_first:.2f} to {top_last:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# How many steps
# --------------
# A coarser view from the same call, every fifth learning rate and every
# fourth momentum (12 x 10 runs), with the step at which each run settled
# written in its cell.
coarse = grid[::5, ::4]
fig, ax = plt.subplots(figsize=(5.0, 5.4))
plot.outcome_map(
    coarse, lrs[::5], betas[::4], ax=ax, steps=True, ylabel=r"momentum $\beta$"
)
ax.set_xticks(lrs[::5], [f"{v:.2g}" for v in lrs[::5]], rotation=90)
ax.minorticks_off()
settled = coarse.settled_step[coarse.settled_step >= 0]
# sphinx_gallery_start_ignore
fig.set_label(
    f"The same runs, 12 learning rates by 10 momenta, each cell with the step its run "
    f"settled at, from {settled.min()} to {settled.max()}; plain gradient descent is "
    f"fastest near 1/lambda = {lr_fit:.2f}, and at lr {lrs[::5][-1]:.2g} none settles."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# No run settles with a learning rate past the threshold of its momentum.
# Plain gradient descent ends in the first valley below its threshold and
# settles nowhere above it. On the coarse grid it settles fastest near
# :math:`1/\lambda`, slower on either side; on the full grid as fast once
# more, at a learning rate far above :math:`1/\lambda`. Most of the map is
# the first valley; only
# :math:`\beta \ge 0.5` reaches the global minimum, and the fastest run that
# does has a learning rate at which plain gradient descent settles in no
# valley at all.
beyond = lrs[:, np.newaxis] > 1.02 * top
assert not np.any(grid.regime[beyond] == "converged"), (
    "claim: no run settles with a learning rate 2 % above 2(1 + beta)/lambda; "
    f"{int(np.sum(grid.regime[beyond] == 'converged'))} do"
)
plain = grid[:, 0]
assert np.all(plain.outcome[lrs < top_first] == "local minimum 1"), (
    f"claim: plain gradient descent ends in valley 1 below {top_first:.3f}"
)
assert not np.any(plain.regime[lrs > top_first] == "converged"), (
    f"claim: plain gradient descent settles nowhere above {top_first:.3f}"
)
row = coarse[:, 0].settled_step
fast = int(np.argmin(np.where(row >= 0, row, steps + 1)))
assert fast == np.argmin(np.abs(lrs[::5] - lr_fit)), (
    "claim: GD is fastest near 1/lambda"
)
ok = row >= 0
assert np.all(np.diff(row[: fast + 1]) < 0), f"claim: slower left of 1/lambda; {row}"
assert np.all(np.diff(row[fast:][ok[fast:]]) > 0), f"claim: slower right of it; {row}"
assert abs(plain_near_fit / lr_fit - 1) < 0.1, (
    f"claim: plain gradient descent settles in the fewest steps near 1/lambda = "
    f"{lr_fit:.3f}; at lr {fewest_lrs.round(3)}"
)
assert plain_far > 1.4 * lr_fit, (
    f"claim: and as fast again far above 1/lambda; at lr {fewest_lrs.round(3)}"
)
assert np.mean(grid.outcome == "local minimum 1") > 0.5, (
    "claim: most of the map is valley 1"
)
assert not reached[:, 0].any(), (
    "claim: plain gradient descent never reaches the global minimum"
)
assert n_global > 0, "claim: the heavy ball reaches the global minimum; no run does"
assert first_beta >= 0.5, f"claim: only beta >= 0.5 reaches it; beta = {first_beta:.3f}"
plain_thresholds = [theory.stability_threshold(curve, m.x) for m in curve.minima]
assert fast_lr > max(plain_thresholds), (
    f"claim: no minimum holds plain gradient descent at the fastest run's lr {fast_lr:.2f}"
)

# %%
# Conclusion
# ----------
# The stability threshold draws the map's right-hand edge: past
# :math:`2(1+\beta)/\lambda` nothing settles, and momentum pushes that edge to
# the right. Inside it, where a run ends is decided by the speed it carries
# over the bumps: little momentum stops in the first valley, more reaches
# farther ones, and the global minimum lies in bands between overshoots.
