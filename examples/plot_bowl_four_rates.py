"""
Four learning rates on a bowl
=============================

On the quadratic bowl :math:`L(x) = \\lambda x^2 / 2`
(:func:`gdbook.landscapes.quadratic`) gradient descent (:class:`gdbook.optim.SGD`)
multiplies :math:`x` by :math:`1 - \\eta\\lambda` at each step: four learning
rates, four behaviours, and at :math:`\\eta\\lambda = 2` a swing for ever.
"""

# %%
# Four learning rates, four behaviours
# ------------------------------------
# With :math:`\lambda = 5`, from :math:`x_0 = 1`: :math:`\eta\lambda = 0.5`
# creeps down one side, :math:`\eta\lambda = 1` lands on the minimum in one
# step, :math:`\eta\lambda = 1.5` jumps from side to side ever closer, and
# :math:`\eta\lambda = 2.1` jumps from side to side ever farther.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
lam = 5.0
bowl = landscapes.quadratic(a=lam)
products = np.array([0.5, 1.0, 1.5, 2.1])
four = gdbook.descend(bowl, optim.SGD(lr=products / lam), [1.0], 40)
x = four.x[:13, :, 0]

# %%
# The line :math:`x = 0` is drawn under the runs, so that the run at
# :math:`\eta\lambda = 1`, which lies on it from step 1, stays visible.
fig, ax = plt.subplots(figsize=(5.0, 3.8))
ax.axhline(0.0, color=plot.NEUTRAL, linewidth=0.9, zorder=1)
for k, (p, marker) in enumerate(zip(products, "os^D", strict=True)):
    ax.plot(four.t[:13], x[:, k], color=plot.PALETTE[k], marker=marker, markersize=5,
            linewidth=1.4, label=rf"$\eta\lambda = {p:g}$")  # fmt: skip
ax.set(xlabel="step $t$", ylabel="$x_t$", ylim=(-3.2, 3.2))
fig.legend(loc="outside lower center", ncols=4, handlelength=1.2, columnspacing=0.8)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Position against step for gradient descent on {lam:g} x^2 / 2 from x = 1 at "
    "eta*lambda = 0.5, 1, 1.5 and 2.1: creeping to 0, at 0 after one step, "
    f"alternating inwards, alternating outwards to |x| = {abs(x[-1, 3]):.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Exactly at the threshold: :math:`\eta\lambda = 2` multiplies :math:`x` by
# :math:`-1`, so the run swings between 1 and -1 for ever. (An exercise of
# the chapter.)
edge = gdbook.descend(bowl, optim.SGD(lr=2 / lam), [1.0], 200)
edge_regime = str(edge.regime)
edge_amplitude = float(abs(edge.x[-1, 0]))

# %%
# Chapter 1's exercise: four learning rates from the bowl's own start, whose
# regimes the factor 1 - 5 lr predicts.
ex_quad_lrs = np.array([0.1, 0.2, 0.3, 0.5])
ex_quad_runs = gdbook.descend(bowl, optim.SGD(lr=ex_quad_lrs), bowl.start, 50)
ex_quad_outcomes = ", ".join(str(o) for o in ex_quad_runs.outcome)
ex_quad_settled = ", ".join(str(s) for s in ex_quad_runs.settled_step[:3])

# %%
# The claims
# ----------
# Below :math:`\eta\lambda = 1` the run stays on the start's side; at 1 it
# lands on the minimum; between 1 and 2 it changes side at every step ever
# closer, above 2 ever farther; at exactly 2 it swings for ever.
flips = np.all(np.sign(x[1:]) == -np.sign(x[:-1]), axis=0)
shrinks = np.all(np.abs(x[1:]) < np.abs(x[:-1]), axis=0)
grows = np.all(np.abs(x[1:]) > np.abs(x[:-1]), axis=0)
assert np.all(x[:, 0] > 0), f"claim: at 0.5 it stays on one side; {x[:, 0]}"
assert x[1, 1] == 0.0, f"claim: at 1 one step lands on the minimum; {x[1, 1]}"
assert np.array_equal(flips, [False, False, True, True]), (
    f"claim: only eta*lambda = 1.5 and 2.1 change side at every step; {flips}"
)
assert np.array_equal(shrinks, [True, False, True, False]), (
    f"claim: |x| shrinks at every step with eta*lambda = 0.5 and 1.5 only; {shrinks}"
)
assert grows[3], f"claim: at eta*lambda = 2.1 |x| grows at every step; {x[:, 3]}"
assert edge_amplitude == 1.0, (
    f"claim: at eta*lambda = 2 |x_T| = |x_0|; {edge_amplitude}"
)
assert edge_regime == "oscillating", (
    f"claim: at eta*lambda = 2 the run swings for ever, oscillating; {edge_regime}"
)
predicted = np.where(np.abs(1 - lam * ex_quad_lrs) < 1, "global minimum", "diverged")
assert list(ex_quad_runs.outcome) == list(predicted), (
    f"claim: the factor 1 - lr lambda predicts each regime; {ex_quad_outcomes}"
)
assert ex_quad_runs.settled_step[1] < ex_quad_runs.settled_step[[0, 2]].min(), (
    "claim: on a parabola, lr = 1/lambda settles first"
)

# %%
# Conclusion
# ----------
# One number, :math:`\eta\lambda`, decides the run on a bowl: whether it
# creeps, lands, swings inwards or swings outwards.
