"""
The learning-rate range test on three landscapes
================================================

:func:`gdbook.theory.lr_range_test` on an ill-conditioned bowl, Rosenbrock's
valley and the book's curve: the loss turns up later than the stability
threshold :math:`2/\\lambda` (:func:`gdbook.theory.stability_threshold`) at the
minimum, and on the book's curve it never blows up.
"""

# %%
# Three other landscapes
# ----------------------
# The same test on the ill-conditioned bowl (:math:`\lambda_{\max} = 10`),
# Rosenbrock's valley and the book's curve; the thresholds are those at each
# landscape's global minimum.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours

others = {
    "ill-conditioned bowl": landscapes.ill_conditioned(10.0),
    "Rosenbrock": landscapes.rosenbrock(),
    "book curve": landscapes.book_curve(),
}
best = {k: next(m for m in v.minima if m.kind == "global") for k, v in others.items()}
tests = {k: theory.lr_range_test(v, optim.SGD, v.start) for k, v in others.items()}
marks = {k: float(theory.stability_threshold(v, best[k].x)) for k, v in others.items()}
turns = {k: int(np.argmin(t.losses)) for k, t in tests.items()}
tilted_turn, rosen_turn, _ = (float(t.lrs[turns[k]]) for k, t in tests.items())
tilted_threshold, rosen_threshold, _ = marks.values()
tilted_ratio, rosen_ratio = tilted_turn / tilted_threshold, rosen_turn / rosen_threshold
# The shallow direction's threshold, 2 / (the smallest eigenvalue of the Hessian).
tilted_bottom = others["ill-conditioned bowl"].hessian(best["ill-conditioned bowl"].x)
shallow_threshold = 2 / float(np.linalg.eigvalsh(tilted_bottom)[0])
curve, curve_test = others["book curve"], tests["book curve"]
curve_suggested = curve_test.suggested_lr
at_suggestion = gdbook.descend(curve, optim.SGD(lr=curve_suggested), curve.start, 300)

# %%
# The loss above the minimum's against the learning rate, raw and smoothed.
fig, axes = plt.subplots(3, 1, figsize=(5.0, 8.6))
for ax, (name, t) in zip(axes, tests.items(), strict=True):
    lines = {"suggested": t.suggested_lr, "2/λ": marks[name]}
    plot.range_test(t, ax, floor=best[name].loss, marks=lines, log_loss=t.stopped_early)
    ax.set_title(name, loc="left")
    ax.set_ylabel("$L - L^*$")
    ax.legend(loc="best", ncols=2, handlelength=1.5, columnspacing=1.0)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Range test on three landscapes: the ill-conditioned bowl turns up at lr {tilted_turn:.2f} "
    f"against 2/lambda = {tilted_threshold:.2g}, Rosenbrock at {rosen_turn:.3f} against "
    f"{rosen_threshold:.3f}; on the book curve the loss jumps between valleys, never blowing up."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# The loss turns up more than twice too late, on the ill-conditioned bowl at
# the shallow direction's threshold. On the book's curve it never blows up,
# the suggestion ends in valley 1.
assert min(tilted_ratio, rosen_ratio) > 2, (
    f"claim: the loss turns up late; {tilted_ratio:.2f}, {rosen_ratio:.2f} x 2/lambda"
)
next_lr = tests["ill-conditioned bowl"].lrs[turns["ill-conditioned bowl"] + 1]
assert tilted_turn < shallow_threshold < next_lr, (
    f"claim: the ill-conditioned bowl turns up at the shallow threshold "
    f"{shallow_threshold:g}; it is lowest at {tilted_turn:.3f}, then {next_lr:.3f}"
)
assert not curve_test.stopped_early, "claim: the book curve's loss never blows up"
assert at_suggestion.outcome == "local minimum 1", (
    f"claim: on the book's curve the suggestion ends in valley 1; {at_suggestion.outcome}"
)

# %%
# Conclusion
# ----------
# Away from a single bowl the range test reads the threshold late: the
# direction that blows up first is not the steepest. On a landscape with
# valleys it says nothing about which valley a run will end in.
