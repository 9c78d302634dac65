"""
The learning-rate range test
============================

:func:`gdbook.theory.lr_range_test` runs gradient descent once with a
learning rate that grows at every step and records the loss (Smith, 2017).
On a quadratic bowl the loss turns up exactly where the learning rate passes
the stability threshold :math:`2/\\lambda`
(:func:`gdbook.theory.stability_threshold`) and the suggested learning rate
lies well below :math:`1/\\lambda`; on the book's other landscapes the test
reads the threshold late, and its suggestion moves with its own settings.
"""

# %%
# The test on a bowl
# ------------------
# :math:`L(x) = 5 x^2 / 2` from :math:`x_0 = 1`: 100 steps, the learning
# rate growing by the same factor each step from :math:`10^{-5}` to 10, the
# run stopped once the smoothed loss is four times its best. Each step
# multiplies the loss by :math:`(1 - \eta_t\lambda)^2`, which is above 1 as
# soon as :math:`\eta_t > 2/\lambda`.
import numpy as np

import gdbook
from gdbook import landscapes, optim, theory

lam = 5.0
bowl = landscapes.quadratic(a=lam)
test = theory.lr_range_test(bowl, optim.SGD, bowl.start)
threshold = float(theory.stability_threshold(bowl, [0.0]))
lowest = int(np.argmin(test.losses))
print(f"{len(test.lrs)} steps, stopped early: {test.stopped_early}")
print(
    f"raw loss lowest at lr = {test.lrs[lowest]:.4f}, next lr {test.lrs[lowest + 1]:.4f}"
)
print(f"2/lambda = {threshold}, 1/lambda = {threshold / 2}")
print(
    f"suggested lr = {test.suggested_lr:.4f} = {test.suggested_lr * lam:.3f} / lambda"
)

# %%
# How fast the suggestion, :math:`1/\lambda` and 90 % of :math:`2/\lambda`
# settle, in one call:
candidates = np.array([test.suggested_lr, threshold / 2, 0.9 * threshold])
runs = gdbook.descend(bowl, optim.SGD(lr=candidates), bowl.start, 500)
for lr, outcome, step in zip(candidates, runs.outcome, runs.settled_step, strict=True):
    print(f"lr = {lr:.4f}: {outcome}, settled at step {step}")

# %%
# And how the suggestion moves with the test's own settings: the first
# learning rate and the number of steps.
settings = [(lr_min, n) for lr_min in (1e-6, 1e-5, 1e-4) for n in (50, 100, 200)]


def suggestions(landscape):
    return np.array(
        [
            theory.lr_range_test(
                landscape, optim.SGD, landscape.start, lr_min=lr_min, steps=n
            ).suggested_lr
            for lr_min, n in settings
        ]
    )


bowl_suggestions = suggestions(bowl)
print("suggestions:", bowl_suggestions.round(4))

# %%
# The claims: the raw loss is lowest at the last learning rate below
# :math:`2/\lambda`; every suggestion, whatever the settings, is below
# :math:`1/\lambda`; a run at the suggestion reaches the minimum, more slowly
# than one at :math:`1/\lambda`, which needs one step.
assert test.lrs[lowest] <= threshold < test.lrs[lowest + 1], (
    f"claim: on the bowl the loss turns up at the first lr above 2/lambda = "
    f"{threshold}; it is lowest at {test.lrs[lowest]:.4f}, followed by "
    f"{test.lrs[lowest + 1]:.4f}"
)
assert np.all(bowl_suggestions < threshold / 2), (
    f"claim: on the bowl every suggested lr is below 1/lambda = {threshold / 2}; "
    f"got {bowl_suggestions.round(4)}"
)
assert np.all(runs.outcome == "global minimum"), (
    f"claim: the suggestion, 1/lambda and 0.9 x 2/lambda all reach the minimum; "
    f"got {runs.outcome}"
)
assert runs.settled_step[1] == 1 < runs.settled_step[0], (
    "claim: lr = 1/lambda settles in one step, the suggestion more slowly; "
    f"settled at steps {runs.settled_step}"
)

# %%
# The test's loss against its learning rate, raw and smoothed, with the
# suggestion and the two landmarks of the theory.
import matplotlib.pyplot as plt

from gdbook import plot


def draw_test(ax, test, floor, marks, log_loss=True):
    """Loss above ``floor`` against lr, raw and smoothed, with vertical marks."""
    ax.plot(test.lrs, test.losses - floor, color=plot.PALETTE[0], linewidth=1.0,
            marker="o", markersize=2.5, label="loss")  # fmt: skip
    ax.plot(test.lrs, test.smoothed - floor, color=plot.PALETTE[2], linewidth=1.8,
            label="smoothed")  # fmt: skip
    for (label, lr), colour in zip(
        marks.items(), (plot.PALETTE[1], plot.NEUTRAL, plot.PALETTE[3]), strict=False
    ):
        ax.axvline(
            lr, color=colour, linestyle="--", linewidth=1.1, label=f"{label} = {lr:.3g}"
        )
    ax.set_xscale("log")
    if log_loss:
        ax.set_yscale("log")
    ax.set_xlabel(r"learning rate $\eta$")
    ax.grid(True, linewidth=0.6)


fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
draw_test(
    ax, test, 0.0,
    {"suggested": test.suggested_lr, "1/λ": threshold / 2, "2/λ": threshold},
)  # fmt: skip
ax.set_ylabel("loss $L$")
ax.legend(loc="lower left", fontsize=8)
fig.set_label(
    f"Loss against learning rate, both on log axes, for the range test on the "
    f"bowl {lam:g} x^2 / 2: {len(test.lrs)} steps with lr from "
    f"{test.lrs[0]:.0e} to {test.lrs[-1]:.2g}. The loss falls slowly, then "
    f"steeply, reaches its lowest at lr {test.lrs[lowest]:.3f}, just below "
    f"2/lambda = {threshold:g}, and climbs from there until the test stops. The "
    f"smoothed loss lags and is lowest only at lr "
    f"{test.lrs[int(np.argmin(test.smoothed))]:.2f}. Dashed lines mark the "
    f"suggested lr {test.suggested_lr:.3f}, 1/lambda = {threshold / 2:g} and "
    f"2/lambda = {threshold:g}.",
)
plt.show()

# %%
# Three other landscapes
# ----------------------
# The same test on the ill-conditioned bowl (:math:`\lambda_{\max} = 10`),
# Rosenbrock's valley and the book's curve; the thresholds are those at each
# landscape's global minimum.
others = {
    "ill-conditioned bowl": landscapes.ill_conditioned(10.0),
    "Rosenbrock": landscapes.rosenbrock(),
    "book curve": landscapes.book_curve(),
}
tests, marks, floors = {}, {}, {}
for name, landscape in others.items():
    best = next(m for m in landscape.minima if m.kind == "global")
    tests[name] = theory.lr_range_test(landscape, optim.SGD, landscape.start)
    floors[name] = best.loss
    marks[name] = float(theory.stability_threshold(landscape, best.x))
    t = tests[name]
    turn = t.lrs[int(np.argmin(t.losses))]
    print(
        f"{name:21} 2/lambda = {marks[name]:.4g}, loss lowest at lr {turn:.3g} "
        f"({turn / marks[name]:.2g} x 2/lambda), suggestion {t.suggested_lr:.3g}, "
        f"stopped early: {t.stopped_early}"
    )
curve = others["book curve"]
at_suggestion = gdbook.descend(curve, optim.SGD(lr=tests["book curve"].suggested_lr),
                               curve.start, 300)  # fmt: skip
curve_suggestions = suggestions(curve)
print(f"book curve, run at the suggestion: {at_suggestion.outcome}")
print("book curve suggestions:", curve_suggestions.round(3))

# %%
# The claims: on the ill-conditioned bowl the loss turns up only well past
# :math:`2/\lambda_{\max}` (the steep direction has first to grow back from
# the tiny size the smaller learning rates left it); on the book's curve the
# loss never blows up, the suggestion ends in the first local minimum, and
# the suggestions of the nine settings spread over more than a factor of 10.
bowl2 = tests["ill-conditioned bowl"]
turn2 = bowl2.lrs[int(np.argmin(bowl2.losses))]
assert turn2 > 2 * marks["ill-conditioned bowl"], (
    "claim: on the ill-conditioned bowl the loss turns up more than twice past "
    f"2/lambda_max = {marks['ill-conditioned bowl']}; it turns up at {turn2:.3g}"
)
assert not tests["book curve"].stopped_early, (
    "claim: on the book's curve the range test's loss never blows up"
)
assert at_suggestion.outcome == "local minimum 1", (
    "claim: on the book's curve a run at the suggested lr ends in local minimum 1; "
    f"got {at_suggestion.outcome}"
)
spread = curve_suggestions.max() / curve_suggestions.min()
assert spread > 10, (
    "claim: on the book's curve the suggestion moves by more than a factor of 10 "
    f"with the test's settings; it moves by {spread:.3g}"
)

# %%
fig, axes = plt.subplots(3, 1, figsize=(6.4, 7.6), layout="constrained")
for ax, (name, t) in zip(axes, tests.items(), strict=True):
    draw_test(
        ax, t, floors[name], {"suggested": t.suggested_lr, "2/λ": marks[name]},
        log_loss=t.stopped_early,
    )  # fmt: skip
    ax.set_title(name, loc="left", fontsize=10)
    ax.set_ylabel("$L - L^*$")
    ax.legend(loc="best", fontsize=8, ncols=2)
fig.set_label(
    "Three panels of loss above the global minimum against learning rate (log "
    "axis) for the range test on three landscapes, the loss on a log axis for the "
    "two bowls and a linear one for the book curve. "
    + " ".join(
        f"{name.capitalize()}: lowest loss at lr "
        f"{t.lrs[int(np.argmin(t.losses))]:.3g} against 2/lambda = "
        f"{marks[name]:.3g}, suggestion {t.suggested_lr:.3g}"
        + (
            "; the test stops when the loss blows up."
            if t.stopped_early
            else "; the loss jumps up and down between valleys but never blows up."
        )
        for name, t in tests.items()
    ),
)
plt.show()

# %%
# Conclusion
# ----------
# The range test measures stability from the outside: where the loss turns
# up it has crossed :math:`2/\lambda` of the direction that blew up first, on
# a bowl exactly, elsewhere later. Its suggestion, the steepest fall of the
# smoothed loss, sits several times below :math:`1/\lambda` on the bowls: a
# safe learning rate, not a fast one, and one that depends on how the test is
# run. On a landscape with valleys it says nothing about which valley a run
# will end in.
#
# References
# ----------
# - :func:`gdbook.theory.lr_range_test`, :class:`gdbook.theory.LRRangeTest`
# - :func:`gdbook.theory.stability_threshold`
# - :func:`gdbook.descend`, :class:`gdbook.optim.SGD`
# - :func:`gdbook.landscapes.quadratic`, :func:`gdbook.landscapes.ill_conditioned`,
#   :func:`gdbook.landscapes.rosenbrock`, :func:`gdbook.landscapes.book_curve`
