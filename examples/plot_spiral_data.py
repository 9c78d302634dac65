"""
NNFS's spiral data
==================

The data set of NNFS chapter 10 (:func:`gdbook.datasets.spiral`): points in
the plane on three interleaved arms, one arm per class, that no straight line
separates. :func:`gdbook.landscapes.spiral_network` draws the same points.
"""

# %%
# The data
# --------
# 100 points per class, drawn as NNFS draws them after ``np.random.seed(0)``.
import matplotlib.pyplot as plt

from gdbook import datasets, landscapes, plot

plt.style.use(plot.STYLE)
X, y = datasets.spiral(samples=100, classes=3, seed=0)
n_points = len(y)

fig, ax = plt.subplots(figsize=(4.2, 4.0))
for k, marker in enumerate("o^s"):
    ax.scatter(
        *X[y == k].T, s=12, marker=marker, color=plot.PALETTE[k], label=f"class {k}"
    )
ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
# sphinx_gallery_start_ignore
fig.set_label(
    f"NNFS's spiral data: {n_points} points in the plane on three interleaved "
    "arms that wind out from the origin, one arm per class."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The network's landscape holds the same points, and each class is a third.
net = landscapes.spiral_network(samples=100, classes=3, seed=0)
assert (net.X == X).all() and (net.y == y).all(), "claim: the network's data is this"
assert all((y == k).sum() == 100 for k in range(3)), "claim: 100 points per class"

# %%
# Conclusion
# ----------
# Three arms that wind around each other: a classifier must bend its
# boundaries, which a linear model cannot do and a hidden ReLU layer can.
