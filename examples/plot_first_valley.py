"""
Plain gradient descent stops in the first valley
================================================

:func:`gdbook.landscapes.book_curve` has three valleys between the start and
the global minimum. A sweep of a thousand :func:`gdbook.descend` runs of plain
gradient descent (:class:`gdbook.optim.SGD`) shows that none gets past the
first: below its stability threshold (:func:`gdbook.theory.stability_threshold`)
the valley holds the run, and well above it the run settles nowhere.
"""

# %%
# The curve and its minima
# ------------------------
# From the standard start :math:`w_0 = -0.9` the way downhill runs to the right;
# the local minima on it are numbered from the start, the one behind gets none.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)
curve = landscapes.book_curve()
w0 = float(curve.start[0])
best = next(m for m in curve.minima if m.kind == "global")
w_star = float(best.x[0])
ahead = [m for m in curve.minima if w0 < m.x[0] < w_star]
behind = float(max(m.x[0] for m in curve.minima if m.x[0] < w0))
beyond = float(min(m.x[0] for m in curve.minima if m.x[0] > w_star))
min1, min2, min3 = (float(m.x[0]) for m in ahead)
n_minima = len(curve.minima)
curvatures = np.array([curve.hessian(m.x)[0, 0] for m in curve.minima])
curvature_min = float(curvatures.min())
curvature1 = float(curve.hessian(ahead[0].x)[0, 0])
threshold1 = float(theory.stability_threshold(curve, ahead[0].x))
thresholds = theory.stability_threshold(curve, [m.x for m in curve.minima])
threshold_lo, threshold_hi = float(thresholds.min()), float(thresholds.max())
# The bumps around the first valley: where the curve is highest between minima.
ridges = [np.linspace(a, b, 2001) for a, b in ((behind, min1), (min1, min2))]
bump_behind, bump1 = (float(r[np.argmax(curve.loss(r[:, None]))]) for r in ridges)

# %%
# A thousand learning rates
# -------------------------
# 3000 steps each: up to some edge every run ends in local minimum 1; past
# it, no run settles. Not settling is not leaving: a run leaves the first
# valley only once a swing carries it over one of the bumps around it.
gd_lrs = np.round(np.arange(0.001, 1.0005, 0.001), 3)
gd = gdbook.descend(curve, optim.SGD(lr=gd_lrs), [w0], 3000)
gd_max = float(gd_lrs[gd.outcome == "local minimum 1"].max(initial=0))
gd_w = gd.x[..., 0]
left = (gd_w.max(axis=0) > bump1) | (gd_w.min(axis=0) < bump_behind)
leave_lr = float(gd_lrs[left].min())
leave_ratio = leave_lr / threshold1
stay = (gd_lrs > gd_max) & ~left  # unsettled, and still in valley 1
stay_low, stay_high = float(gd_w[-64:, stay].min()), float(gd_w[-64:, stay].max())

# %%
# Where each run spends its last 64 steps
# ---------------------------------------
# The band: the :math:`w` each run covers at the end; dotted, the bumps around it.
fig, ax = plt.subplots(figsize=(5.0, 3.8))
low, high = gd_w[-64:].min(axis=0), gd_w[-64:].max(axis=0)
ax.fill_between(gd_lrs, low, high, color=plot.PALETTE[0], linewidth=0, step="mid")
for bump in (bump_behind, bump1):
    ax.axhline(bump, color=plot.NEUTRAL, linestyle=":", linewidth=1.0)
dash = {"linestyle": "--", "linewidth": 1.1}
ax.axvline(threshold1, color=plot.PALETTE[1], label=f"2/λ₁ = {threshold1:.3f}", **dash)
ax.axvline(leave_lr, color=plot.PALETTE[2], label=f"leaves from {leave_lr:.2f}", **dash)
ax.set(xlabel=r"learning rate $\eta$", ylabel="$w$ over the last 64 steps")
ax.set(xlim=(0, 1), ylim=(-3, 12))
ax.legend(loc="upper left")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Where 1000 plain gradient-descent runs from w = {w0:g} spend their last 64 "
    f"steps, against the learning rate: at local minimum 1 (w = {min1:.2f}) up to "
    f"{gd_max:.3f}, swinging inside the first valley up to {leave_lr:.2f}, and over "
    "the bumps beyond."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Three valleys on the way, each lower than the last, curved alike; the edge
# of the first is its threshold, and leaving it takes 1.5 to 2 times that.
losses = [m.loss for m in ahead] + [best.loss]
assert len(ahead) == 3 and np.all(np.diff(losses) < 0), "claim: 3 valleys, each lower"
assert sum(m.x[0] < w0 for m in curve.minima) == 1, "claim: one minimum behind"
assert curve.minima[int(curvatures.argmax())].kind == "global", "claim: most curved"
assert curvatures.max() / curvature_min < 1.1, f"claim: curved alike; {curvatures}"
assert thresholds.argmin() == curvatures.argmax(), "claim: most curved, lowest edge"
first = gd.outcome == "local minimum 1"
assert np.all(first[gd_lrs <= gd_max]), "claim: every lr up to gd_max ends in minimum 1"
assert not np.any(gd.regime[~first] == "converged"), "claim: no other run settles"
assert abs(gd_max - threshold1) < 0.002, f"claim: the edge is 2/lambda_1; {gd_max}"
on_the_way = [m.x for m in curve.minima if m.x[0] > w0]
assert theory.stability_threshold(curve, on_the_way).max() <= threshold1, (
    "claim: past the first valley's threshold, past every valley's on the way"
)
short = gdbook.descend(curve, optim.SGD(lr=np.array([0.01, 0.1, 0.3])), [w0], 200)
assert np.all(short.outcome == "local minimum 1"), f"claim: chapter 1; {short.outcome}"
assert 1.5 < leave_ratio < 2, f"claim: leaving takes 1.5-2 x 2/lambda_1; {leave_ratio}"
assert np.all(left[gd_lrs >= leave_lr]), "claim: from leave_lr on, every run leaves"
# Between the two edges the runs stay in valley 1; none settles (none past gd_max does).
assert bump_behind < stay_low and stay_high < bump1, "claim: these stay in valley 1"

# %%
# Conclusion
# ----------
# Plain gradient descent looks only at the slope under its feet: below the
# first valley's threshold the valley holds it, and a learning rate large
# enough to jump a bump is too large to settle anywhere.
