"""
Momentum and adaptive methods in Rosenbrock's valley
====================================================

Plain gradient descent, momentum, :class:`gdbook.optim.Adagrad`,
:class:`gdbook.optim.RMSprop` and :class:`gdbook.optim.Adam` in the curved,
flat-floored valley of :func:`gdbook.landscapes.rosenbrock`, drawn by
:func:`gdbook.plot.paths_2d`.
"""

# %%
# Five optimizers
# ---------------
# A curved valley along :math:`y = x^2` with a flat floor. Its walls are so
# steep that gradient descent needs a small learning rate near the stability
# threshold at the minimum (:func:`gdbook.theory.stability_threshold`), and at
# that rate it crawls along the floor. Each optimizer gets a learning rate of
# its own, chosen from a few candidates as one that does well here; momentum
# is torch's ``SGD(momentum=0.9)``.
import matplotlib.pyplot as plt

import gdbook
from gdbook import landscapes, optim, plot, theory

lr_gd = 0.001
optimizers = {
    "gradient descent": optim.SGD(lr=lr_gd),
    "momentum 0.9": optim.SGD(lr=0.001, momentum=0.9),
    "Adagrad": optim.Adagrad(lr=0.5),
    "RMSprop": optim.RMSprop(lr=0.001),
    "Adam": optim.Adam(lr=0.1),
}
rosen = landscapes.rosenbrock()
rosen_steps = 2000
rosen_runs = {
    name: gdbook.descend(rosen, optimizer, rosen.start, rosen_steps)
    for name, optimizer in optimizers.items()
}
rosen_threshold = float(theory.stability_threshold(rosen, rosen.minima[0].x))
rosen_gd_x = float(rosen_runs["gradient descent"].x[-1, 0])
rosen_momentum_settled = int(rosen_runs["momentum 0.9"].settled_step)
rosen_adam_settled = int(rosen_runs["Adam"].settled_step)

# %%
# The paths
# ---------
# Runs that share a path are drawn narrower one after another, so gradient
# descent, the widest line, shows under the rest.
plt.style.use(plot.STYLE)
drawn = plot.paths_2d(
    list(rosen_runs.values()),
    labels=[
        f"{name}, lr={o.hyperparameters['lr']:g}" for name, o in optimizers.items()
    ],
    levels=10,
    widths=(4.2, 3.0, 2.2, 1.5, 1.0),
)
ax = drawn.paths[0].axes
ax.set(xlabel="$x$", ylabel="$y$")
fig = ax.figure
fig.set_size_inches(5.0, 5.4)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Five runs of {rosen_steps} steps in Rosenbrock's valley from (-1.2, 1): all "
    f"drop into the valley; momentum and Adam reach the minimum at (1, 1), gradient "
    f"descent gets to x = {rosen_gd_x:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Only momentum and Adam arrive; gradient descent, at a learning rate near the
# threshold, still crawls along the floor.
for name, traj in rosen_runs.items():
    should = name in ("momentum 0.9", "Adam")
    assert (traj.outcome == "global minimum") == should, (
        f"claim: {name} {'reaches' if should else 'does not reach'} Rosenbrock's "
        f"minimum in {rosen_steps} steps; got {traj.outcome}"
    )
assert rosen_runs["gradient descent"].outcome == "descending", "claim: GD still crawls"
assert rosen_gd_x < 0.9, f"claim: GD is short of x = 1; {rosen_gd_x}"
assert lr_gd < rosen_threshold < 3 * lr_gd, "claim: GD's lr is near 2/lam"

# %%
# Conclusion
# ----------
# In a curved valley with steep walls, the walls set gradient descent's
# learning rate and the flat floor then moves it little. Momentum builds up
# speed along the floor; Adam, with its momentum and its rescaling, does too.
