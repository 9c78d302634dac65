"""
Momentum and adaptive methods on 2D landscapes
==============================================

Plain gradient descent, momentum, :class:`gdbook.optim.Adagrad`,
:class:`gdbook.optim.RMSprop` and :class:`gdbook.optim.Adam` on three
landscapes drawn by :func:`gdbook.plot.paths_2d`: an ill-conditioned bowl,
Rosenbrock's curved valley, and a landscape whose near, shallow well traps
plain gradient descent.
"""

# %%
# Five optimizers
# ---------------
# Each landscape gets each optimizer at a learning rate of its own, chosen from
# a few candidates as one that does well there; the rates are printed with
# each figure. Momentum is torch's ``SGD(momentum=0.9)``, which is the heavy
# ball at a constant learning rate. Adagrad, RMSprop and Adam divide each
# coordinate's step by a running size of that coordinate's gradients.
import gdbook
from gdbook import landscapes, optim

OPTIMIZERS = {
    "gradient descent": lambda lr: optim.SGD(lr=lr),
    "momentum 0.9": lambda lr: optim.SGD(lr=lr, momentum=0.9),
    "Adagrad": lambda lr: optim.Adagrad(lr=lr),
    "RMSprop": lambda lr: optim.RMSprop(lr=lr),
    "Adam": lambda lr: optim.Adam(lr=lr),
}
# The learning rates on the bowl, in Rosenbrock's valley and on the trap.
bowl_lrs = {
    "gradient descent": 0.15,
    "momentum 0.9": 0.02,
    "Adagrad": 1.0,
    "RMSprop": 0.02,
    "Adam": 0.1,
}
rosen_lrs = {
    "gradient descent": 0.001,
    "momentum 0.9": 0.001,
    "Adagrad": 0.5,
    "RMSprop": 0.001,
    "Adam": 0.1,
}
trap_lrs = {
    "gradient descent": 0.1,
    "momentum 0.9": 0.15,
    "Adagrad": 0.5,
    "RMSprop": 0.01,
    "Adam": 0.9,
}


def run_all(landscape, steps, lrs):
    """One run per optimizer from the landscape's start; lrs maps name to lr."""
    runs = {
        name: gdbook.descend(landscape, make(lrs[name]), landscape.start, steps)
        for name, make in OPTIMIZERS.items()
    }
    for name, traj in runs.items():
        print(f"{name:16} lr={lrs[name]:<6g} {traj.outcome}, ", end="")
        print(f"settled at step {traj.settled_step}, final loss {traj.loss[-1]:.3g}")
    return runs


# %%
# The ill-conditioned bowl
# ------------------------
# :math:`L = (x^2 + 10 y^2)/2` curves ten times more steeply along :math:`y`.
# Gradient descent's learning rate 0.15 is below the bowl's stability
# threshold :math:`2/10` (:func:`gdbook.theory.stability_threshold`) but above
# :math:`1/10`, so along :math:`y` every step overshoots the valley floor and
# lands on the other side, nearer: it zig-zags. The adaptive methods take a
# first step of the same size along both axes, whatever the gradient's size.
import numpy as np

from gdbook import theory

bowl = landscapes.ill_conditioned(10.0)
bowl_runs = run_all(bowl, 200, bowl_lrs)
threshold = float(theory.stability_threshold(bowl, bowl.start))
gd_y = bowl_runs["gradient descent"].x[:6, 1]
first_steps = {
    name: np.abs(bowl_runs[name].x[1] - bowl_runs[name].x[0])
    for name in ("Adagrad", "RMSprop", "Adam")
}
print(
    f"threshold 2/lambda_max = {threshold:.3f}; gradient descent's y: {gd_y.round(3)}"
)
print({name: step.round(4).tolist() for name, step in first_steps.items()})

# %%
# The claims: every run reaches the minimum; gradient descent's :math:`y`
# changes sign at each of its first five steps; each adaptive method's first
# step is as long along :math:`x` as along :math:`y`.
for name, traj in bowl_runs.items():
    assert traj.outcome == "global minimum", (
        f"claim: {name} reaches the minimum of the bowl; got {traj.outcome}"
    )
assert threshold / 2 < bowl_lrs["gradient descent"] < threshold, (
    "claim: gradient descent's lr is between 1/lambda_max and 2/lambda_max = "
    f"{threshold:.3f}; it is {bowl_lrs['gradient descent']}"
)
assert np.all(np.sign(gd_y[1:]) == -np.sign(gd_y[:-1])), (
    f"claim: gradient descent zig-zags across the bowl's steep axis; y = {gd_y}"
)
for name, step in first_steps.items():
    assert np.isclose(step[0], step[1], rtol=1e-6), (
        f"claim: {name}'s first step is as long along x as along y; got {step}"
    )

# %%
import matplotlib.pyplot as plt

from gdbook import plot


def draw(runs, lrs, height, text):
    """Show each run on the contours, labelled with its lr, with alt text ``text``."""
    labels = [f"{name}, lr={lrs[name]:g}" for name in runs]
    drawn = plot.paths_2d(list(runs.values()), labels=labels, levels=10)
    fig = drawn.paths[0].figure
    fig.set_size_inches(5.6, height)
    fig.set_label(text)
    plt.show()


draw(
    bowl_runs,
    bowl_lrs,
    4.4,
    "Contour map of the ill-conditioned bowl (x^2 + 10 y^2)/2 over x from -2.5 to "
    "2.5 and y from -1.5 to 1.5, with five runs from (-2, 1) to the minimum at the "
    "origin: gradient descent zig-zags across the steep y axis; momentum swings "
    "past the minimum and spirals in; Adagrad, RMSprop and Adam first head "
    "diagonally, one step as long along x as along y. Settled at step: "
    + ", ".join(
        f"{name} (lr {bowl_lrs[name]:g}) {traj.settled_step}"
        for name, traj in bowl_runs.items()
    )
    + ".",
)

# %%
# Rosenbrock's valley
# -------------------
# A curved valley along :math:`y = x^2` with a flat floor. Its walls are so
# steep that gradient descent needs a learning rate below about 0.002, and at
# that rate it crawls along the floor. 2000 steps each.
rosen_runs = run_all(landscapes.rosenbrock(), 2000, rosen_lrs)

# %%
# The claims: momentum and Adam reach the minimum within 2000 steps; gradient
# descent, Adagrad and RMSprop do not.
for name, traj in rosen_runs.items():
    reached = traj.outcome == "global minimum"
    should = name in ("momentum 0.9", "Adam")
    assert reached == should, (
        f"claim: {name} {'reaches' if should else 'does not reach'} Rosenbrock's "
        f"minimum in 2000 steps; got {traj.outcome}"
    )

# %%
draw(
    rosen_runs,
    rosen_lrs,
    5.4,
    "Contour map of Rosenbrock's function over x from -2 to 2 and y from -1 to 3 "
    "with five runs of 2000 steps from (-1.2, 1): all drop into the curved valley "
    "along y = x^2; "
    + "; ".join(
        f"{name} (lr {rosen_lrs[name]:g}) ends at ({traj.x[-1, 0]:.2f}, "
        f"{traj.x[-1, 1]:.2f}), {traj.outcome}"
        for name, traj in rosen_runs.items()
    )
    + ". The minimum is at (1, 1).",
)

# %%
# A landscape with a trap
# -----------------------
# A gentle bowl with two wells: a shallow, narrow one beside the start and a
# deep, wide one past a saddle. 300 steps each.
trap_runs = run_all(landscapes.trap(), 300, trap_lrs)

# %%
# The claims: the runs with momentum (momentum itself, and Adam, whose first
# moment is a momentum) cross the saddle to the global minimum; the others
# stay in the shallow well.
for name, traj in trap_runs.items():
    should = "global minimum" if name in ("momentum 0.9", "Adam") else "local minimum 1"
    assert traj.outcome == should, (
        f"claim: {name} on the trap ends in the {should}; got {traj.outcome}"
    )

# %%
draw(
    trap_runs,
    trap_lrs,
    5.6,
    "Contour map of the trap landscape over x and y from -3 to 3, a shallow well "
    "near (-1.5, 1) and the deep global well near (1.5, -1), with five runs of "
    "300 steps from (-2.5, 2): "
    + "; ".join(
        f"{name} (lr {trap_lrs[name]:g}) {traj.outcome}"
        for name, traj in trap_runs.items()
    )
    + ".",
)

# %%
# Conclusion
# ----------
# Dividing each coordinate's step by the size of its gradients, as Adagrad,
# RMSprop and Adam do, evens out a bowl that is steeper along one axis than
# the other: no zig-zag. It does not carry a run over a ridge: on the trap
# only the methods with momentum leave the shallow well, and the 1D curve of
# the chapter tells the same story. Each optimizer's good learning rate is
# its own, and differs from one landscape to the next.
#
# References
# ----------
# - :func:`gdbook.descend`, :class:`gdbook.Trajectory`
# - :func:`gdbook.landscapes.ill_conditioned`, :func:`gdbook.landscapes.rosenbrock`,
#   :func:`gdbook.landscapes.trap`
# - :class:`gdbook.optim.SGD`, :class:`gdbook.optim.Adagrad`,
#   :class:`gdbook.optim.RMSprop`, :class:`gdbook.optim.Adam`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.plot.paths_2d`
