"""
The local-minimum trap
======================

A ball rolling with momentum (:class:`gdbook.optim.HeavyBall`) down
:func:`gdbook.landscapes.book_curve` crosses two bumps and stops in the third
local minimum counted from its start, right next to the global minimum. The
learning rate is picked from a sweep of :func:`gdbook.descend` runs.
"""

# %%
# The minima along the way
# ------------------------
# From the standard start :math:`w_0 = -0.9` the way downhill runs to the
# right, past three local minima, numbered from the start, to the global one.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, regimes

plt.style.use(plot.STYLE)

curve = landscapes.book_curve()
w0 = float(curve.start[0])
g0 = float(curve.grad(curve.start)[0])  # the slope at the start
best = next(m for m in curve.minima if m.kind == "global")
w_star, best_loss = float(best.x[0]), float(best.loss)
ahead = [m for m in curve.minima if w0 < m.x[0] < w_star]
min3 = float(ahead[2].x[0])
xtol = regimes.XTOL * float(np.ptp(curve.domain, axis=1).max())


# %%
# Which learning rate ends where, with momentum
# ---------------------------------------------
# The heavy ball keeps a velocity, :math:`v \leftarrow \beta v - \eta \nabla L`,
# :math:`w \leftarrow w + v`, so it can roll over bumps. One call runs 300
# balls with :math:`\beta = 0.9` and learning rates from 0.001 to 0.3.
beta, steps = 0.9, 300
lrs = np.round(np.linspace(0.001, 0.3, 300), 3)
n_lrs = lrs.size
sweep = gdbook.descend(
    curve, optim.HeavyBall(lr=lrs, beta=beta), [w0], steps, record="final"
)
band = lrs[sweep.outcome == "local minimum 3"]
band_lo, band_hi = float(band.min()), float(band.max())
global_lo = float(lrs[sweep.outcome == "global minimum"].min())


# A second computation of the band, independent of gdbook's optimizers and of
# its verdicts: the heavy ball written out in numpy on the curve's formula,
# L(w) = 0.04 (w - 6)^2 - 0.5 cos(pi w), and the balls that end within the
# tolerance of the third minimum.
def slope(w: np.ndarray) -> np.ndarray:
    return 0.08 * (w - 6) + 0.5 * np.pi * np.sin(np.pi * w)


w_check, v_check = np.full(lrs.shape, w0), np.zeros(lrs.shape)
for _ in range(steps):
    v_check = beta * v_check - lrs * slope(w_check)
    w_check = w_check + v_check
in_third = lrs[np.abs(w_check - min3) < xtol]

# %%
# One run in the trap
# -------------------
# The figure's learning rate is the median of those whose run ends in the
# third local minimum, rounded to two decimals.
lr = round(float(np.median(lrs[sweep.outcome == "local minimum 3"])), 2)
traj = gdbook.descend(curve, optim.HeavyBall(lr=lr, beta=beta), [w0], steps)
w = traj.x[:, 0]
farthest, farthest_step = float(w.max()), int(w.argmax())
settled, trap_loss = int(traj.settled_step), float(traj.loss[-1])
# The ball starts at rest: its first step is a plain gradient step.
step, w1 = -lr * g0, float(w[1])
# The top of the last bump, and how fast the swings in the trap die down.
ridge = np.linspace(min3, w_star, 2001)
bump = float(ridge[np.argmax(curve.loss(ridge[:, None]))])
swing = np.abs(w - min3)
peaks = [
    t for t in range(farthest_step, settled) if swing[t - 1] < swing[t] > swing[t + 1]
]
decay = float((swing[peaks[-1]] / swing[peaks[0]]) ** (1 / (peaks[-1] - peaks[0])))
# Near the bottom of valley 3 the heavy ball is linear: with d the distance
# to the minimum, d' = (1 + beta - lr lambda_3) d - beta d_prev. Its
# characteristic roots z^2 - (1 + beta - lr lambda_3) z + beta = 0 are complex,
# so the swings shrink by |z| = sqrt(beta) a step, not by beta.
curvature3 = float(curve.hessian(ahead[2].x)[0, 0])
roots = np.roots([1, -(1 + beta - lr * curvature3), beta])
root_size = float(np.abs(roots).max())
tenfold = float(np.log(10) / -np.log(decay))  # steps to shrink a swing tenfold
tenfold_90 = float(np.log(10) / -np.log(beta**0.5))
tenfold_99 = float(np.log(10) / -np.log(0.99**0.5))

# %%
# The figure
# ----------
# The run on the whole curve, with the local minima on its way numbered.
fig, ax = plt.subplots(figsize=(5.0, 3.8))
plot.path_1d(traj, ax=ax)
below = {"xytext": (0, -15), "textcoords": "offset points", "ha": "center", "va": "top"}
for k, m in enumerate(ahead, start=1):
    ax.annotate(f"{k}", (m.x[0], m.loss), weight="bold", **below)
ax.annotate("global", (w_star, best_loss), weight="bold", **below)
ax.set_ylim(best_loss - 0.6, None)
# sphinx_gallery_start_ignore
fig.set_label(
    f"A ball with momentum {beta} and learning rate {lr} rolls from w = {w0:g} "
    f"over the bumps after local minima 1 and 2, climbs to w = {farthest:.2f}, "
    f"short of the last bump's top, and settles at step {settled} in local "
    f"minimum 3, loss {trap_loss:.2f}; one bump over, the global minimum is at "
    f"{best_loss:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# ``rank`` counts the local minima from the start along the path; the minima
# of a 1-d landscape are sorted by position, so the one after the run's
# minimum is its right-hand neighbour.
assert traj.outcome == "local minimum 3", (
    f"claim: the run is stuck in the third local minimum, near the global "
    f"minimum; got {traj.outcome}"
)
neighbour = curve.minima[int(traj.minimum) + 1]
assert neighbour.kind == "global", (
    f"claim: the third local minimum is the one next to the global minimum; "
    f"the next minimum is a {neighbour.kind} one at w = {neighbour.x[0]:.2f}"
)
assert lr == 0.1, f"claim: the chapter's step animation plays this run, lr 0.1; {lr}"
assert abs(w1 - (w0 + step)) < 1e-12, "claim: from rest, the first step is plain"
assert g0 < 0, f"claim: the loss falls to the right of the start; slope {g0}"
assert min3 < farthest < bump, "claim: it climbs the last bump, short of its top"
assert w.min() >= w0, "claim: the ball never goes back behind its start"
assert np.all(np.diff(swing[peaks]) < 0), "claim: each swing shorter than the last"
assert abs(decay - beta**0.5) < 0.01, f"claim: swings shrink by sqrt(beta); {decay}"
betas = np.array([0.0, 0.5, 0.8, 0.85, 0.9, 0.95])
balls = optim.HeavyBall(lr=0.1, beta=betas)
by_beta = gdbook.descend(curve, balls, [w0], steps, record="final").outcome
assert list(by_beta[[0, 1, 5]]) == ["local minimum 1"] * 2 + ["local minimum 4"], (
    f"claim: little momentum stops in valley 1, beta 0.95 rolls past; {by_beta}"
)
past_first = float(betas[by_beta != "local minimum 1"].min())
assert set(sweep.outcome[lrs < band_lo]) <= {"local minimum 1", "local minimum 2"}, (
    "claim: below the band, the ball stops earlier"
)
assert global_lo == lrs[lrs > band_hi].min(), "claim: global from just above the band"
assert np.array_equal(in_third, band), (
    f"claim: a second computation finds the same band; {in_third.min()}..{in_third.max()}"
)
assert band_lo < lr < band_hi, "claim: the figure's lr lies inside the band"
assert np.all(np.abs(roots.imag) > 0.1), "claim: in valley 3 the roots are complex"
assert abs(root_size - beta**0.5) < 1e-12, "claim: of size sqrt(beta)"
assert abs(tenfold - tenfold_90) < 0.05 * tenfold, (
    f"claim: the swings shrink tenfold in the steps sqrt(beta) predicts; {tenfold:.1f}"
)
past = sweep.minimum[sweep.outcome == "local minimum 4"]
assert all(curve.minima[i - 1].kind == "global" for i in past), (
    "claim: 4 is the one beyond"
)

# %%
# Conclusion
# ----------
# The ball had enough speed for two bumps and not for the third. Its
# learning rate fixes how hard each slope pushes it, so a fixed learning rate
# fixes where it stops: of the 300 learning rates swept, a whole band ends in
# this same minimum, one step short of the best.
