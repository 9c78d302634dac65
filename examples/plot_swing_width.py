"""
The width of the swing
======================

Above the stability threshold (:func:`gdbook.theory.stability_threshold`)
plain gradient descent (:class:`gdbook.optim.SGD`) on the global valley of
:func:`gdbook.landscapes.book_curve` ends in a swing about the minimum
:math:`w^*`. Its half-width :math:`d` is where the secant slope
:math:`L'(w^* + d)/d` has fallen to :math:`2/\\eta`: predicted without a run,
then checked with one.
"""

# %%
# The secant slope
# ----------------
# The curve is symmetric about :math:`w^*`, so a swing between
# :math:`w^* - d` and :math:`w^* + d` repeats when a jump lands exactly as far
# out on the other side: where :math:`L'(w^* + d)/d = 2/\eta`.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot

plt.style.use(plot.STYLE)

curve = landscapes.book_curve()
w_star = float(next(m for m in curve.minima if m.kind == "global").x[0])
grid = np.linspace(1e-6, 0.6, 600_001)
slope = curve.grad((w_star + grid)[:, None])[:, 0] / grid

# %%
# Chapter 2's exercise
# --------------------
# The swing at :math:`\eta = 0.45`, predicted and run from :math:`w_0 = 6.9`;
# and at :math:`\eta = 0.5` from a start close to the bottom: the swing
# belongs to the curve and the learning rate, not to the start.
ex_lr, lr = 0.45, 0.5
ex_predicted = float(grid[np.argmin(np.abs(slope - 2 / ex_lr))])
predicted_half = float(grid[np.argmin(np.abs(slope - 2 / lr))])
ex_run = gdbook.descend(curve, optim.SGD(lr=ex_lr), [6.9], 400)
ex_swing = float(np.abs(ex_run.x[-2:, 0] - w_star).max())
ex_near = gdbook.descend(curve, optim.SGD(lr=lr), [w_star + 0.1], 400)
ex_near_swing = float(np.abs(ex_near.x[-2:, 0] - w_star).max())

# %%
# The secant slope against the distance from :math:`w^*`, and where it meets
# :math:`2/\eta` for each learning rate: the runs' swings sit there.
fig, ax = plt.subplots()
ax.plot(grid, slope, color=plot.NEUTRAL, label="secant slope $L'(w^*+d)/d$")
for k, (rate, swing) in enumerate(((ex_lr, ex_swing), (lr, ex_near_swing))):
    ax.axhline(
        2 / rate, color=plot.PALETTE[k], linestyle="--", label=f"2/η, η = {rate}"
    )
    ax.plot(swing, 2 / rate, "o", color=plot.PALETTE[k])
ax.set(xlabel="distance $d$ from $w^*$", ylabel="slope")
ax.legend(loc="lower left")
ax.grid(True, linewidth=0.6)
# sphinx_gallery_start_ignore
fig.set_label(
    f"The secant slope of the book's curve falls with the distance from w* = {w_star:g}; "
    f"it meets 2/0.45 at d = {ex_predicted:.4f}, where the run at 0.45 swings "
    f"({ex_swing:.4f}), and 2/0.5 at {predicted_half:.3f}, where the run at 0.5 from "
    f"near the bottom swings ({ex_near_swing:.3f})."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The secant condition predicts both swings; the run at 0.5 from close to the
# bottom swings as wide as the one from :math:`w_0` in the chapter.
assert abs(ex_predicted - ex_swing) < 1e-4, (
    f"claim: the secant condition predicts the swing; {ex_predicted} vs {ex_swing}"
)
assert abs(predicted_half - ex_near_swing) < 1e-4, (
    f"claim: the same swing from near the bottom; {predicted_half} vs {ex_near_swing}"
)

# %%
# Conclusion
# ----------
# Away from the bottom the slope grows less than in proportion to the
# distance, so the secant slope falls; where it has fallen to :math:`2/\eta`
# a jump lands exactly as far out on the other side, and the run is caught.
