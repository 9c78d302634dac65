"""
The heavy ball's threshold in the global valley
===============================================

With momentum :math:`\\beta` the stability threshold of a minimum of curvature
:math:`\\lambda` moves from :math:`2/\\lambda` to :math:`2(1 + \\beta)/\\lambda`
(:func:`gdbook.theory.stability_threshold`). :class:`gdbook.optim.HeavyBall`
in the global valley of :func:`gdbook.landscapes.book_curve`, 2 % below and
2 % above it.
"""

# %%
# Two runs either side of the threshold
# -------------------------------------
# The heavy ball with :math:`\beta = 0.5`, started at :math:`w = 6.3`, 3000
# steps each (an exercise of the chapter).
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

curve = landscapes.book_curve()
at_global = curve.minima[4].x
plain_threshold = float(theory.stability_threshold(curve, at_global))
hb_beta = 0.5
hb_threshold = float(theory.stability_threshold(curve, at_global, momentum=hb_beta))
hb_lrs = np.array([0.98, 1.02]) * hb_threshold
hb_runs = gdbook.descend(curve, optim.HeavyBall(lr=hb_lrs, beta=hb_beta), [6.3], 3000)
hb_below, hb_above = (str(o) for o in hb_runs.outcome)

# %%
# The distance to the minimum
# ---------------------------
# The first 300 steps: below the threshold the swing dies out, above it grows
# until the curve's bend stops it.
plt.style.use(plot.STYLE)
# Shown inside an exercise's solution, in a narrower column than the chapter's.
fig, ax = plt.subplots(figsize=(4.2, 3.2))
shown = 300
for k, (label, lr) in enumerate(zip(("2 % below", "2 % above"), hb_lrs, strict=True)):
    gap = np.abs(hb_runs.x[:shown, k, 0] - at_global[0])
    ax.semilogy(gap, color=plot.PALETTE[k], label=f"{label}, η = {lr:.3f}")
ax.set(xlabel="step $t$", ylabel="$|w_t - w^*|$")
ax.legend(loc="center right")
# sphinx_gallery_start_ignore
fig.set_label(
    f"The heavy ball with beta {hb_beta} in the global valley, distance to the "
    f"minimum over {shown} steps: 2 % below its threshold {hb_threshold:.3f} the run "
    f"settles ({hb_below}), 2 % above it keeps swinging ({hb_above})."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# With momentum 0.5 the global valley's threshold is 2(1 + beta)/lambda: the
# run settles below it and swings above it.
assert np.isclose(hb_threshold, (1 + hb_beta) * plain_threshold), (
    f"claim: momentum {hb_beta} raises the threshold to 2(1 + beta)/lambda; {hb_threshold}"
)
assert hb_below == "global minimum", (
    f"claim: with momentum {hb_beta} the heavy ball settles 2 % below "
    f"{hb_threshold:.4f}; {hb_below}"
)
assert hb_above == "oscillating", (
    f"claim: with momentum {hb_beta} it swings 2 % above {hb_threshold:.4f}; {hb_above}"
)

# %%
# Conclusion
# ----------
# Momentum raises the threshold at every point alike, by the factor
# :math:`1 + \beta`; just above it the heavy ball, like plain gradient
# descent, neither settles nor leaves.
