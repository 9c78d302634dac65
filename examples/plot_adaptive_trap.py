"""
Momentum and adaptive methods on a landscape with a trap
========================================================

Plain gradient descent, momentum, :class:`gdbook.optim.Adagrad`,
:class:`gdbook.optim.RMSprop` and :class:`gdbook.optim.Adam` on
:func:`gdbook.landscapes.trap`, whose near, shallow well traps plain gradient
descent, drawn by :func:`gdbook.plot.paths_2d`; and the adaptive methods on
the book's curve.
"""

# %%
# Five optimizers
# ---------------
# A gentle bowl with two wells: a shallow, narrow one beside the start and a
# deep, wide one past a saddle. Each optimizer gets a learning rate of its own,
# chosen from a few candidates as one that does well here; momentum is torch's
# ``SGD(momentum=0.9)``. 300 steps each.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot

LRS = {
    "gradient descent": 0.1,
    "momentum 0.9": 0.15,
    "Adagrad": 0.5,
    "RMSprop": 0.01,
    "Adam": 0.9,
}
OPTIMIZERS = {
    "gradient descent": lambda lr: optim.SGD(lr=lr),
    "momentum 0.9": lambda lr: optim.SGD(lr=lr, momentum=0.9),
    "Adagrad": lambda lr: optim.Adagrad(lr=lr),
    "RMSprop": lambda lr: optim.RMSprop(lr=lr),
    "Adam": lambda lr: optim.Adam(lr=lr),
}
trap = landscapes.trap()
trap_runs = {
    name: gdbook.descend(trap, make(LRS[name]), trap.start, 300)
    for name, make in OPTIMIZERS.items()
}

# %%
# The paths
# ---------
# Runs that share a path are drawn narrower one after another, so gradient
# descent, the widest line, shows under the rest.
plt.style.use(plot.STYLE)
drawn = plot.paths_2d(
    list(trap_runs.values()),
    labels=[f"{name}, lr={lr:g}" for name, lr in LRS.items()],
    levels=10,
    widths=(4.2, 3.0, 2.2, 1.5, 1.0),
)
ax = drawn.paths[0].axes
ax.set(xlabel="$x$", ylabel="$y$")
fig = ax.figure
fig.set_size_inches(5.0, 5.6)
# sphinx_gallery_start_ignore
fig.set_label(
    "Five runs of 300 steps on a landscape with a shallow well near the start and "
    "a deep one past a saddle: "
    + "; ".join(f"{name} {traj.outcome}" for name, traj in trap_runs.items())
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# And on the book's curve
# -----------------------
# None of the three adaptive methods reaches the global minimum of
# :func:`gdbook.landscapes.book_curve` from its start, at five learning rates.
curve = landscapes.book_curve()
curve_lrs = np.array([0.01, 0.03, 0.1, 0.3, 1.0])
n_curve_lrs, curve_lr_lo, curve_lr_hi = curve_lrs.size, curve_lrs[0], curve_lrs[-1]
on_curve = {
    name: set(
        gdbook.descend(curve, OPTIMIZERS[name](curve_lrs), curve.start, 500).outcome
    )
    for name in ("Adagrad", "RMSprop", "Adam")
}

# %%
# The claims
# ----------
# Only the methods with momentum leave the trap's shallow well; on the book's
# curve no adaptive method reaches the global minimum.
for name, traj in trap_runs.items():
    should = "global minimum" if name in ("momentum 0.9", "Adam") else "local minimum 1"
    assert traj.outcome == should, (
        f"claim: {name} on the trap ends in the {should}; got {traj.outcome}"
    )
for name, ends in on_curve.items():
    assert "global minimum" not in ends, f"claim: {name} misses the global minimum"

# %%
# Conclusion
# ----------
# Dividing each coordinate's step by the size of its gradients does not carry
# a run over a ridge: on the trap only the methods with momentum leave the
# shallow well, and on the book's curve no adaptive method reaches the global
# minimum. Each optimizer's good learning rate is its own, and differs from
# one landscape to the next.
