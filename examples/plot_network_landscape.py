"""
Looking at the spiral network's landscape
=========================================

Three runs of gradient descent (:class:`gdbook.optim.SGD`, one call to
:func:`gdbook.descend`) on :func:`gdbook.landscapes.spiral_network`, and three
low-dimensional views of its 387-dimensional loss: the line from the start to
the trained weights, a filter-normalized plane around them (Li et al., 2018),
and each run's path in the plane of its own first two principal directions.
"""

# %%
# Three runs
# ----------
# A small, a good and a too-large learning rate, 2,000 steps, every 20th kept.
# The good run's end is "the trained weights" below.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

net = landscapes.spiral_network()
lrs = np.array([1.0, 4.0, 8.0])
lr_small, lr_good, lr_high = lrs
steps = 2000
runs = gdbook.descend(net, optim.SGD(lr=lrs), net.start, steps, record=20)
trained = runs.final_x[1]
trained_loss = float(runs.final_loss[1])
trained_acc = float(net.accuracy(trained))

# %%
# The line from the start to the trained weights
# ----------------------------------------------
# :math:`L((1 - \alpha) x_0 + \alpha x^*)`, one batched loss call.
alpha = np.linspace(-0.5, 1.5, 81)
line = net.start + alpha[:, np.newaxis] * (trained - net.start)
line_loss = net.loss(line)
inside = (alpha >= 0) & (alpha <= 1)
line_monotone = bool((np.diff(line_loss[inside]) <= 0).all())
line_flat = float(line_loss[alpha == 0.25][0])


# %%
# A filter-normalized plane
# -------------------------
# A random direction whose every filter (a neuron's incoming weights: a
# column of ``W1`` or ``W2``) is rescaled to the norm of the same filter of
# the trained weights; biases get no direction. The grid is one loss call.
def filter_normalized(rng, x):
    d = rng.standard_normal(x.shape)
    dW1, db1, dW2, db2 = net.unpack(d)
    for dW, W in ((dW1, net.unpack(x)[0]), (dW2, net.unpack(x)[2])):
        dW[...] *= np.linalg.norm(W, axis=0) / np.linalg.norm(dW, axis=0)
    db1[:], db2[:] = 0.0, 0.0
    return d


rng = np.random.default_rng(0)
d1, d2 = filter_normalized(rng, trained), filter_normalized(rng, trained)
a = np.linspace(-1, 1, 31)
A, B = np.meshgrid(a, a)
plane_loss = net.loss(trained + A[..., None] * d1 + B[..., None] * d2)
plane_min_at_centre = bool(plane_loss.min() >= trained_loss - 1e-12)
# What the plane hides: the curvature along d1 against the sharpest direction.
curvature_d1 = float(d1 @ net.hvp(trained, d1) / (d1 @ d1))
sharpness = float(theory.sharpness(net, trained))
hidden_ratio = sharpness / curvature_d1
trained_threshold = 2 / sharpness


# %%
# Paths in their principal plane
# ------------------------------
# Li et al.'s section 7: the positions of a run minus its end, their first
# two principal directions (an SVD), and the path projected on them.
def principal_plane(path):
    diffs = path - path[-1]
    _, s, vt = np.linalg.svd(diffs, full_matrices=False)
    return vt[:2], float((s[:2] ** 2).sum() / (s**2).sum())


planes = [principal_plane(runs.x[:, i]) for i in range(len(lrs))]
explained = [share for _, share in planes]
small_explained, good_explained, high_explained = explained

# %%
# The figures: the line and the plane; the three paths.
plt.style.use(plot.STYLE)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 6.4), height_ratios=(2, 3))
top.plot(alpha, line_loss, color=plot.PALETTE[0])
top.axvline(0, color=plot.NEUTRAL, linestyle=":")
top.axvline(1, color=plot.NEUTRAL, linestyle=":")
top.set(xlabel="$\\alpha$ (0: start, 1: trained)", ylabel="loss", yscale="log")
top.set_xticks([-0.5, 0, 0.5, 1, 1.5])
levels = np.geomspace(trained_loss, plane_loss.max(), 12)
cs = bottom.contour(A, B, plane_loss, levels=levels, cmap=plot.STEP_CMAP, linewidths=1)
bottom.clabel(cs, levels[::3], fmt="%.2f")
bottom.plot(0, 0, "x", color=plot.PALETTE[1])
ticks = [-1, -0.5, 0, 0.5, 1]
bottom.set(xlabel="$d_1$", ylabel="$d_2$", aspect="equal", xticks=ticks, yticks=ticks)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Top: the loss on the line from the start to the trained weights (loss "
    f"{trained_loss:.2f}); it falls all the way. Bottom: contours of the loss on a "
    f"filter-normalized plane around the trained weights, lowest at the centre."
)
# sphinx_gallery_end_ignore
plt.show()

fig, axes = plt.subplots(3, 1, figsize=(5.0, 6.6))
for i, ax in enumerate(axes):
    (u, v), path = planes[i][0], runs.x[:, i] - runs.x[-1, i]
    ax.plot(
        path @ u, path @ v, ".-", color=plot.PALETTE[i], markersize=2, linewidth=0.8
    )
    ax.plot(*(path[0] @ np.array([u, v]).T), "o", mfc="none", color=plot.NEUTRAL)
    ax.plot(0, 0, "x", color=plot.NEUTRAL)
    ax.set(ylabel="PC 2", title=f"$\\eta$ = {lrs[i]:g}: {100 * explained[i]:.0f}%")
axes[-1].set_xlabel("PC 1")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Each run's path projected on its own first two principal directions, ring "
    f"at the start, cross at the end; the two directions hold "
    f"{100 * small_explained:.0f}%, {100 * good_explained:.0f}% and "
    f"{100 * high_explained:.0f}% of the path's variance."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
assert line_monotone, (
    "claim: on the line, the loss falls all the way from start to trained"
)
assert plane_min_at_centre, "claim: no point of the plane is lower than its centre"
assert hidden_ratio > 2, (
    f"claim: the plane misses the sharpest direction; {hidden_ratio:.1f}"
)
assert trained_threshold < lr_good, "claim: the good run ends where 2/lambda < its lr"
assert min(explained) > 0.9, "claim: two directions hold over 90% of each path"

# %%
# Conclusion
# ----------
# The views are honest about what lies in them and silent about the rest: a
# line and a plane through 387 dimensions. The plane looks like a smooth bowl
# whose curvature is a fraction of the sharpest one at the same point.
