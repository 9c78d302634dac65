"""
The four stories of the learning rate
=====================================

One curve, :func:`gdbook.landscapes.book_curve`, and four runs of
:func:`gdbook.descend`: a learning rate too big swings across the minimum, one
too small crawls towards it, plain gradient descent (:class:`gdbook.optim.SGD`)
stops in the first valley it meets, and a heavy ball
(:class:`gdbook.optim.HeavyBall`) rolls over the bumps to the global minimum.
The book opens with these four, small multiples of the figures of its
chapters.
"""

# %%
# Four runs
# ---------
# The first two start on the wall of the global valley, the last two far to
# its left, where four valleys lie between the start and the global minimum.
import matplotlib.pyplot as plt

import gdbook
from gdbook import landscapes, optim, plot

plt.style.use(plot.STYLE)
curve = landscapes.book_curve()
w_near, w_far, steps = 6.9, -0.9, 400
stories = {
    "Too big": gdbook.descend(curve, optim.SGD(lr=0.5), [w_near], 30),
    "Too small": gdbook.descend(curve, optim.SGD(lr=0.004), [w_near], steps),
    "Stuck": gdbook.descend(curve, optim.SGD(lr=0.1), [w_far], steps),
    "Just right": gdbook.descend(
        curve, optim.HeavyBall(lr=0.15, beta=0.9), [w_far], steps
    ),
}
for name, run in stories.items():
    print(f"{name:>10}: {run.outcome}")
too_big, too_small, stuck, right = (str(r.outcome) for r in stories.values())

# %%
# The figure
# ----------
# Four panels, each a run on the book's curve, coloured by step from purple
# to salmon; the ring is the start and the cross the end.
fig, axes = plt.subplots(2, 2, figsize=(5.2, 4.4), sharey="row")
views = [(4.6, 7.4, -0.6, 0.95)] * 2 + [(-2.5, 8.5, -1.0, 3.2)] * 2
for ax, (name, run), view in zip(axes.flat, stories.items(), views, strict=True):
    plot.path_1d(run, ax=ax, arrows=False, colorbar=False, annotate=False, legend=False)
    ax.set(title=f"{name}: {run.outcome}", xlim=view[:2], ylim=view[2:], xlabel="w")
    ax.title.set_fontsize(10)
for ax in axes[:, 1]:
    ax.set_ylabel("")
# sphinx_gallery_start_ignore
fig.set_label(
    "Four runs on the book's curve: a learning rate too big swings across the "
    f"global minimum ({too_big}); one too small crawls down the wall ({too_small}); "
    f"plain gradient descent from far left stops in the first valley ({stuck}); "
    f"a heavy ball rolls over the bumps ({right})."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# Each run does what its panel's title says, and the small learning rate,
# with one wall to go down, settles later than the ball that crosses four
# valleys.
assert too_big == "oscillating", f"claim: too big a learning rate oscillates; {too_big}"
assert too_small == "global minimum", f"claim: too small still arrives; {too_small}"
crawl, roll = stories["Too small"].settled_step, stories["Just right"].settled_step
assert crawl > roll > 0, (
    f"claim: crawling down one wall takes longer ({crawl} steps) than rolling "
    f"across four valleys ({roll})"
)
assert stuck == "local minimum 1", (
    f"claim: plain descent stops in the first valley; {stuck}"
)
assert right == "global minimum", (
    f"claim: the heavy ball reaches the global one; {right}"
)

# %%
# Conclusion
# ----------
# The learning rate alone decides which of the four stories a run tells on
# this curve, together with momentum for the last one. The chapters take them
# one at a time.
