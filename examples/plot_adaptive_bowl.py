"""
Momentum and adaptive methods on an ill-conditioned bowl
========================================================

Plain gradient descent, momentum, :class:`gdbook.optim.Adagrad`,
:class:`gdbook.optim.RMSprop` and :class:`gdbook.optim.Adam` on a bowl ten
times steeper along one axis than the other, drawn by
:func:`gdbook.plot.paths_2d`.
"""

# %%
# Five optimizers
# ---------------
# :math:`L = (x^2 + 10 y^2)/2` curves ten times more steeply along :math:`y`.
# Each optimizer gets a learning rate of its own, chosen from a few candidates
# as one that does well here. Momentum is torch's ``SGD(momentum=0.9)``, the
# heavy ball at a constant learning rate. Adagrad, RMSprop and Adam divide each
# coordinate's step by a running size of that coordinate's gradients. Gradient
# descent's learning rate lies between :math:`1/10` and the bowl's stability
# threshold :math:`2/10` (:func:`gdbook.theory.stability_threshold`).
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

beta = 0.9
bowl_gd_lr, bowl_adagrad_lr = 0.15, 1.0
optimizers = {
    "gradient descent": optim.SGD(lr=bowl_gd_lr),
    "momentum 0.9": optim.SGD(lr=0.02, momentum=beta),
    "Adagrad": optim.Adagrad(lr=bowl_adagrad_lr),
    "RMSprop": optim.RMSprop(lr=0.02),
    "Adam": optim.Adam(lr=0.1),
}
bowl = landscapes.ill_conditioned(10.0)
bowl_runs = {
    name: gdbook.descend(bowl, optimizer, bowl.start, 200)
    for name, optimizer in optimizers.items()
}
bowl_threshold = float(theory.stability_threshold(bowl, bowl.start))
settled = {name: int(traj.settled_step) for name, traj in bowl_runs.items()}
bowl_gd_settled, bowl_adagrad_settled = settled["gradient descent"], settled["Adagrad"]

# %%
# The paths
# ---------
# Runs that share a path would hide one another: each is drawn narrower than
# the one before, so gradient descent shows as the widest band under the rest.
plt.style.use(plot.STYLE)
lrs = {name: optimizer.hyperparameters["lr"] for name, optimizer in optimizers.items()}
drawn = plot.paths_2d(
    list(bowl_runs.values()),
    labels=[f"{name}, lr={lr:g}" for name, lr in lrs.items()],
    levels=10,
    widths=(4.2, 3.0, 2.2, 1.5, 1.0),
)
ax = drawn.paths[0].axes
ax.set(xlabel="$x$", ylabel="$y$")
fig = ax.figure
fig.set_size_inches(5.0, 4.4)
# sphinx_gallery_start_ignore
fig.set_label(
    "Five runs on the bowl (x^2 + 10 y^2)/2 from (-2, 1): gradient descent zig-zags "
    "across the steep y axis, momentum spirals in, the adaptive methods head "
    "diagonally. Settled at step: "
    + ", ".join(f"{name} {step}" for name, step in settled.items())
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Every run arrives, gradient descent zig-zagging and momentum overshooting;
# each adaptive method's first step is as long along x as along y
# (:math:`\eta`, or :math:`10\eta` for RMSprop), and none zig-zags.
for name, traj in bowl_runs.items():
    assert traj.outcome == "global minimum", f"claim: {name} reaches the bowl's minimum"
    y = traj.x[:, 1]
    flips = np.sign(y[1:]) * np.sign(y[:-1]) < 0
    zigzag = bool(np.all(flips[:5]))
    assert zigzag == (name == "gradient descent"), f"claim: only GD zig-zags; {name}"
    if name in ("Adagrad", "RMSprop", "Adam"):
        step = np.abs(traj.x[1] - traj.x[0])
        length = lrs[name] * (10 if name == "RMSprop" else 1)
        assert np.allclose(step, length), f"claim: {name}'s first step; {step}"
        assert not np.any(flips[1:] & flips[:-1]), f"claim: {name} does not zig-zag"
assert bowl_threshold / 2 < bowl_gd_lr < bowl_threshold, "claim: 1 < lr lam < 2"
assert bowl_adagrad_settled < bowl_gd_settled, "claim: Adagrad settles sooner than GD"
mom_x = bowl_runs["momentum 0.9"].x[:, 0]
assert np.sum(np.diff(np.sign(mom_x)) != 0) > 1, "claim: momentum overshoots x = 0"

# %%
# Conclusion
# ----------
# Dividing each coordinate's step by the size of its gradients, as Adagrad,
# RMSprop and Adam do, evens out a bowl that is steeper along one axis than
# the other: no zig-zag. The bowl's axes are the coordinate axes, the case
# per-coordinate scaling is made for.
