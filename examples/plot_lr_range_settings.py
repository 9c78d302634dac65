"""
The range test's suggestion moves with its settings
===================================================

The suggested learning rate of :func:`gdbook.theory.lr_range_test`, run with
three first learning rates and three numbers of steps, on the bowl
:math:`5 x^2 / 2` and on the book's curve (:func:`gdbook.landscapes.book_curve`).
"""

# %%
# Nine settings, two landscapes
# -----------------------------
# First learning rates :math:`10^{-6}`, :math:`10^{-5}` and :math:`10^{-4}`;
# 50, 100 and 200 steps.
import matplotlib.pyplot as plt
import numpy as np

from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)  # gdbook's sizes, fonts and colours
firsts, lengths = (1e-6, 1e-5, 1e-4), (50, 100, 200)
lam = 5.0
lr_fit = 1 / lam
shown = {"bowl": landscapes.quadratic(a=lam), "book curve": landscapes.book_curve()}
suggested = {
    name: np.array(
        [
            [
                theory.lr_range_test(
                    land, optim.SGD, land.start, lr_min=first, steps=n
                ).suggested_lr
                for n in lengths
            ]
            for first in firsts
        ]
    )
    for name, land in shown.items()
}
sugg_lo, sugg_hi = suggested["bowl"].min(), suggested["bowl"].max()
curve_lo, curve_hi = suggested["book curve"].min(), suggested["book curve"].max()

# %%
# The suggestion against the test's length, one line per first learning rate.
fig, axes = plt.subplots(1, 2, figsize=(5.0, 3.2), sharey=True)
for ax, (name, table) in zip(axes, suggested.items(), strict=True):
    for row, first, colour in zip(table, firsts, plot.PALETTE, strict=False):
        ax.plot(lengths, row, marker="o", color=colour, label=f"from {first:g}")
    ax.set(title=name, xscale="log", yscale="log", xlabel="steps of the test")
    ax.set_xticks(lengths, [str(n) for n in lengths])
    ax.grid(True, linewidth=0.6)
axes[0].axhline(lr_fit, color=plot.NEUTRAL, linestyle="--", label="1/λ")
axes[0].set_ylabel("suggested lr")
axes[0].legend(loc="lower right", handlelength=1.2)
# sphinx_gallery_start_ignore
fig.set_label(
    f"The suggested learning rate of nine range tests: on the bowl from {sugg_lo:.3f} "
    f"to {sugg_hi:.3f}, all below 1/lambda = {lr_fit:g}; on the book's curve from "
    f"{curve_lo:.3f} to {curve_hi:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The claims
# ----------
# On the bowl every suggestion stays below :math:`1/\lambda`; on the book's
# curve the suggestion moves more than tenfold.
assert np.all(suggested["bowl"] < lr_fit), (
    f"claim: on the bowl every suggested lr is below 1/lambda = {lr_fit}; "
    f"got {suggested['bowl'].round(4)}"
)
assert curve_hi / curve_lo > 10, (
    f"claim: the book curve's suggestion moves tenfold; {curve_lo:.3f} .. {curve_hi:.2f}"
)

# %%
# Conclusion
# ----------
# The suggestion depends on how the test is run: on a bowl it stays a safe
# learning rate whatever the settings, on a landscape with valleys it can land
# anywhere in a range more than tenfold wide.
