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
# a few candidates as one that does well there. Momentum is torch's
# ``SGD(momentum=0.9)``, the heavy ball at a constant learning rate. Adagrad,
# RMSprop and Adam divide each coordinate's step by a running size of that
# coordinate's gradients.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

beta = 0.9
OPTIMIZERS = {
    "gradient descent": lambda lr: optim.SGD(lr=lr),
    "momentum 0.9": lambda lr: optim.SGD(lr=lr, momentum=beta),
    "Adagrad": lambda lr: optim.Adagrad(lr=lr),
    "RMSprop": lambda lr: optim.RMSprop(lr=lr),
    "Adam": lambda lr: optim.Adam(lr=lr),
}
# The learning rates on the bowl, in Rosenbrock's valley and on the trap.
LRS = {
    "gradient descent": (0.15, 0.001, 0.1),
    "momentum 0.9": (0.02, 0.001, 0.15),
    "Adagrad": (1.0, 0.5, 0.5),
    "RMSprop": (0.02, 0.001, 0.01),
    "Adam": (0.1, 0.1, 0.9),
}


def run_all(landscape, steps, k):
    """One run per optimizer from the landscape's start, at its k-th learning rate."""
    return {
        name: gdbook.descend(landscape, make(LRS[name][k]), landscape.start, steps)
        for name, make in OPTIMIZERS.items()
    }


plt.style.use(plot.STYLE)
# Runs that share a path would hide one another: each is drawn narrower than
# the one before, so gradient descent shows as the widest band under the rest.
WIDTHS = (4.2, 3.0, 2.2, 1.5, 1.0)


def draw(runs, k, height):
    """Draw each run on the contours, labelled with its lr; return the figure."""
    labels = [f"{name}, lr={LRS[name][k]:g}" for name in runs]
    drawn = plot.paths_2d(list(runs.values()), labels=labels, levels=10)
    for path, width in zip(drawn.paths, WIDTHS, strict=True):
        path.set(linewidth=width, marker="", solid_capstyle="round")
    ax = drawn.paths[0].axes
    ax.set(xlabel="$x$", ylabel="$y$")
    fig = ax.figure
    fig.set_size_inches(5.0, height)
    return fig


# %%
# The ill-conditioned bowl
# ------------------------
# :math:`L = (x^2 + 10 y^2)/2` curves ten times more steeply along :math:`y`.
# Gradient descent's learning rate lies between :math:`1/10` and the bowl's
# stability threshold :math:`2/10` (:func:`gdbook.theory.stability_threshold`):
# along :math:`y` every step overshoots the valley floor and lands nearer.
bowl = landscapes.ill_conditioned(10.0)
bowl_runs = run_all(bowl, 200, 0)
bowl_threshold = float(theory.stability_threshold(bowl, bowl.start))
bowl_gd_lr, bowl_adagrad_lr = LRS["gradient descent"][0], LRS["Adagrad"][0]
settled = {name: int(traj.settled_step) for name, traj in bowl_runs.items()}
bowl_gd_settled, bowl_adagrad_settled = settled["gradient descent"], settled["Adagrad"]
fig = draw(bowl_runs, 0, 4.4)
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
# Rosenbrock's valley
# -------------------
# A curved valley along :math:`y = x^2` with a flat floor. Its walls are so
# steep that gradient descent needs a small learning rate, and at that rate it
# crawls along the floor.
rosen = landscapes.rosenbrock()
rosen_steps = 2000
rosen_runs = run_all(rosen, rosen_steps, 1)
rosen_threshold = float(theory.stability_threshold(rosen, rosen.minima[0].x))
rosen_gd_x = float(rosen_runs["gradient descent"].x[-1, 0])
rosen_momentum_settled = int(rosen_runs["momentum 0.9"].settled_step)
rosen_adam_settled = int(rosen_runs["Adam"].settled_step)
fig = draw(rosen_runs, 1, 5.4)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Five runs of {rosen_steps} steps in Rosenbrock's valley from (-1.2, 1): all "
    f"drop into the valley; momentum and Adam reach the minimum at (1, 1), gradient "
    f"descent gets to x = {rosen_gd_x:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# A landscape with a trap
# -----------------------
# A gentle bowl with two wells: a shallow, narrow one beside the start and a
# deep, wide one past a saddle. 300 steps each.
trap_runs = run_all(landscapes.trap(), 300, 2)
fig = draw(trap_runs, 2, 5.6)
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
# On the bowl every run arrives, gradient descent zig-zagging and momentum
# overshooting; each adaptive method's first step is as long along x as along y
# (:math:`\eta`, or :math:`10\eta` for RMSprop), and none zig-zags. In
# Rosenbrock's valley only momentum and Adam arrive. Only the methods with
# momentum leave the trap's shallow well.
for name, traj in bowl_runs.items():
    assert traj.outcome == "global minimum", f"claim: {name} reaches the bowl's minimum"
    y = traj.x[:, 1]
    flips = np.sign(y[1:]) * np.sign(y[:-1]) < 0
    zigzag = bool(np.all(flips[:5]))
    assert zigzag == (name == "gradient descent"), f"claim: only GD zig-zags; {name}"
    if name in ("Adagrad", "RMSprop", "Adam"):
        step = np.abs(traj.x[1] - traj.x[0])
        length = LRS[name][0] * (10 if name == "RMSprop" else 1)
        assert np.allclose(step, length), f"claim: {name}'s first step; {step}"
        assert not np.any(flips[1:] & flips[:-1]), f"claim: {name} does not zig-zag"
assert bowl_threshold / 2 < bowl_gd_lr < bowl_threshold, "claim: 1 < lr lam < 2"
assert bowl_adagrad_settled < bowl_gd_settled, "claim: Adagrad settles sooner than GD"
mom_x = bowl_runs["momentum 0.9"].x[:, 0]
assert np.sum(np.diff(np.sign(mom_x)) != 0) > 1, "claim: momentum overshoots x = 0"
for name, traj in rosen_runs.items():
    should = name in ("momentum 0.9", "Adam")
    assert (traj.outcome == "global minimum") == should, (
        f"claim: {name} {'reaches' if should else 'does not reach'} Rosenbrock's "
        f"minimum in {rosen_steps} steps; got {traj.outcome}"
    )
assert rosen_runs["gradient descent"].outcome == "descending", "claim: GD still crawls"
assert rosen_gd_x < 0.9, f"claim: GD is short of x = 1; {rosen_gd_x}"
lr_gd = LRS["gradient descent"][1]
assert lr_gd < rosen_threshold < 3 * lr_gd, "claim: GD's lr is near 2/lam"
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
# Dividing each coordinate's step by the size of its gradients, as Adagrad,
# RMSprop and Adam do, evens out a bowl that is steeper along one axis than
# the other: no zig-zag. It does not carry a run over a ridge: on the trap
# only the methods with momentum leave the shallow well, and on the book's
# curve no adaptive method reaches the global minimum. Each optimizer's good
# learning rate is its own, and differs from one landscape to the next.
