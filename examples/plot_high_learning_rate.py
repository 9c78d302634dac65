"""
Learning rate too big: overshooting the minimum
===============================================

Plain gradient descent (:class:`gdbook.optim.SGD`) starts on the wall of the
global valley of :func:`gdbook.landscapes.book_curve` with a learning rate
above the valley's stability threshold
(:func:`gdbook.theory.stability_threshold`). Its steps jump over the minimum,
each landing higher than the one before, until the curve catches the swing:
the run never settles. On a true parabola of the same curvature the same
learning rate blows up.
"""

# %%
# The valley and its stability threshold
# --------------------------------------
# Near a minimum of curvature :math:`\lambda` a gradient step multiplies the
# distance to the minimum by :math:`1 - \eta\lambda`. Past
# :math:`\eta = 2/\lambda` that factor is below :math:`-1`: every step lands on
# the other side of the minimum, farther from it than it started.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)

curve = landscapes.book_curve()
minimum = next(m for m in curve.minima if m.kind == "global")
w_star = float(minimum.x[0])
best_loss = float(minimum.loss)
curvature = float(curve.hessian(minimum.x)[0, 0])
threshold = float(theory.stability_threshold(curve, minimum.x))
# The crest between the global valley and the next one.
ridge = np.linspace(w_star, 7.5, 1501)
crest = float(ridge[np.argmax(curve.loss(ridge[:, None]))])

# %%
# A run with a learning rate too big
# ----------------------------------
# The run starts at :math:`w_0 = 6.9`, on the valley's right wall just below
# the crest that separates it from the next valley. Its learning rate, 0.5, is
# a quarter above the threshold. The same learning rate runs on a true
# parabola of the same curvature, :func:`gdbook.landscapes.quadratic`, from
# the same distance to its minimum.
w0, lr, steps = 6.9, 0.5, 30
traj = gdbook.descend(curve, optim.SGD(lr=lr), [w0], steps)
w, loss = traj.x[:, 0], traj.loss
high_ratio = lr / threshold
high_factor = abs(1 - lr * curvature)
parabola = landscapes.quadratic(a=curvature)
on_parabola = gdbook.descend(parabola, optim.SGD(lr=lr), [w0 - w_star], steps)
blow_loss = float(on_parabola.loss[-1])
million_step = int(np.argmax(on_parabola.loss > 1e6))
# Predicted from the factor per step: the loss gains high_factor**2 a step.
million_predicted = int(
    np.ceil(np.log(1e6 / on_parabola.loss[0]) / np.log(high_factor**2))
)

# %%
# Where it overshoots, and where it ends
# --------------------------------------
# A step *overshoots* when it crosses :math:`w^*` and lands at a higher loss
# than the point it left.
side = np.sign(w - w_star)
overshoots = np.flatnonzero((side[1:] != side[:-1]) & (loss[1:] > loss[:-1])) + 1
first_over = int(overshoots[0])
swing_low, swing_high = float(w[-2:].min()), float(w[-2:].max())
swing_loss = float(loss[-1])
swing_half = swing_high - w_star
gap = loss - best_loss
gap_min, gap_min_step, gap_end = float(gap.min()), int(gap.argmin()), float(gap[-1])
# Why the swing stops growing: the curve is symmetric about w*, so a swing
# between w* - d and w* + d repeats when a jump lands exactly as far out on
# the other side, where the secant slope L'(w)/(w - w*) has fallen from
# lambda at the bottom to 2/lr.
edge_slope = float(curve.grad([swing_high])[0] / (swing_high - w_star))


# %%
# The figure
# ----------
# Above, the run on the loss curve, zoomed on the global valley; below, its
# loss above the minimum's, step by step, and that of the run on the parabola.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.0), height_ratios=(3, 2.2))
plot.path_and_loss(
    traj,
    ax=(top, bottom),
    others=[on_parabola],
    labels=["book's curve", "parabola, same λ"],
    xlim=(4.6, 7.4),
    ylim=(-0.6, 0.95),
)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Plain gradient descent at learning rate {lr} from w = {w0} on the global "
    f"valley: from step {first_over} each step jumps over the minimum at "
    f"w = {w_star:g} and lands higher, until the run swings between "
    f"w = {swing_low:.2f} and {swing_high:.2f}. Below, its loss gap stays under "
    f"1, while on a parabola of the same curvature it climbs to {blow_loss:.0e}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The first steps go downhill, the shorter first; the second already jumps
# past :math:`w^*`, lower. From the first overshoot on, each step lands
# higher, and the run ends in a swing of two points: it oscillates, for good.
# On a true parabola of the same curvature the same learning rate diverges;
# at exactly :math:`2/\lambda` there, the run swings at a constant width.
assert lr > threshold, f"claim: lr = {lr} is above 2/lambda = {threshold:.3f}"
assert traj.outcome == "oscillating", f"claim: the run oscillates; {traj.outcome}"
assert np.all(np.diff(loss[:first_over]) < 0), "claim: the first steps go downhill"
assert first_over == 3 and side[1] != side[2], "claim: step 2 jumps past w*, lower"
assert abs(w[1] - w[0]) < abs(w[2] - w[1]), "claim: the first step is the shorter"
assert np.all(np.isin(np.arange(first_over, 8), overshoots)), (
    "claim: from the first overshoot on, each of the next steps lands higher"
)
assert abs(w[-1] - w[-3]) < 1e-6, "claim: the run ends in a two-step swing"
assert abs(swing_high + swing_low - 2 * w_star) < 1e-6, "claim: a swing about w*"
assert abs(edge_slope - 2 / lr) < 1e-3 < curvature - edge_slope, (
    f"claim: the secant slope at the swing's edge is 2/lr; got {edge_slope:.4f}"
)
longer = gdbook.descend(curve, optim.SGD(lr=lr), [w0], 2000)
assert np.allclose(np.sort(longer.x[-2:, 0]), [swing_low, swing_high], atol=1e-9), (
    "claim: it never settles: 2000 steps end in the same swing"
)
assert gap.max() == gap[0] and gap_end > 5 * gap_min, (
    "claim: the loss never climbs above its start, and ends far above its lowest"
)
assert million_step == million_predicted, (
    f"claim: the factor predicts when the loss passes 1e6; {million_step}"
)
assert on_parabola.outcome == "diverged", f"claim: it blows up; {on_parabola.outcome}"
assert np.all(np.diff(on_parabola.loss) > 0) and blow_loss > 1e10, (
    f"claim: on the parabola the loss grows at every step; {blow_loss:.3g}"
)
edge_steps = 400
at_edge = gdbook.descend(parabola, optim.SGD(lr=threshold), [w0 - w_star], edge_steps)
amplitude = np.abs(at_edge.x[:, 0])
edge_outcome = str(at_edge.outcome)
assert at_edge.outcome == "oscillating", f"claim: at 2/lambda it oscillates; {at_edge}"
assert np.ptp(amplitude) < 1e-9 * amplitude[0], (
    "claim: at 2/lambda the swing keeps a constant width, neither in nor out"
)
# %%
# Conclusion
# ----------
# A learning rate above :math:`2/\lambda` does not make the descent faster: it
# makes every step overshoot. What stops the growth here is the curve, not
# the rule. Away from the bottom the slope :math:`L'(w)` grows less than in
# proportion to the distance to :math:`w^*`: the secant slope
# :math:`L'(w)/(w - w^*)` falls from :math:`\lambda` at the bottom, and where
# it has fallen to :math:`2/\eta` a jump lands exactly as far out on the other
# side. The run is caught in that swing. On a pure parabola the secant slope
# is :math:`\lambda` everywhere, nothing catches the run, and the same
# learning rate diverges.
