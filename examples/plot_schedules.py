"""
Learning-rate schedules on the book's curve
===========================================

Six schedules of :mod:`gdbook.schedules` start plain gradient descent
(:class:`gdbook.optim.SGD`) with steps too big for any minimum of
:func:`gdbook.landscapes.book_curve`, to carry the run over the bumps, and shrink
them to let it settle: mostly in the global minimum, which no constant rate reaches.
"""

# %%
# The schedules and the thresholds
# --------------------------------
# A minimum of curvature :math:`\lambda` lets gradient descent settle only while
# :math:`\eta < 2/\lambda` (:func:`gdbook.theory.stability_threshold`). Each
# schedule starts above every minimum's threshold and ends below all of them.
import numpy as np

import gdbook
from gdbook import landscapes, optim, schedules, theory

curve = landscapes.book_curve()
w0 = float(curve.start[0])
on_the_way = curve.minima[1:5]  # from local minimum 1 to the global one, along w
thresholds = [float(theory.stability_threshold(curve, m.x)) for m in on_the_way]
lowest, highest = min(thresholds), max(thresholds)
fine = np.linspace(-3.0, 11.0, 14_001)  # six bump tops, seven valleys
slope = curve.grad(fine[:, np.newaxis])[:, 0]
tops = fine[1:][(slope[:-1] > 0) & (slope[1:] <= 0)]  # uphill turns downhill
steps, warmup, decay, step_size = 300, 5, 0.015, 40  # as schedules.decaying
peak = 1.1
peak_ratio, half_at = peak / highest, 1 / decay


chosen = schedules.decaying(peak, steps, warmup=warmup)
names = list(chosen)
lrs = {name: np.asarray(s(np.arange(steps))) for name, s in chosen.items()}
inv_end = float(lrs["inverse time"][-1])
calm = {n: np.flatnonzero(v >= lowest).max(initial=-1) + 1 for n, v in lrs.items()}

import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from gdbook import plot

plt.style.use(plot.STYLE)
fig, ax = plt.subplots(figsize=(5.0, 4.2))
plot.lr_curves(chosen, steps, ax=ax)
ax.axhspan(lowest, highest, color=plot.NEUTRAL, alpha=0.35, linewidth=0)
ax.text(steps, highest * 1.05, "thresholds 2/λ", ha="right")
ax.set(xlim=(0, steps), ylim=(0, None))
# sphinx_gallery_start_ignore
fig.set_label(
    f"Six learning-rate schedules with peak {peak}, each above a band of thresholds "
    f"({lowest:.2f} to {highest:.2f}), then below; inverse time ends at {inv_end:.2f}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Where the runs go
# -----------------
# 41 peaks within 2 % of the peak, in one call. A valley is the stretch between
# two bump tops; after the dashed line the learning rate stays below them all.
peaks = peak * np.linspace(0.98, 1.02, 41)
n_peaks, peak_lo, peak_hi = peaks.size, float(peaks[0]), float(peaks[-1])
all_six = schedules.stack(
    list(schedules.decaying(peaks, steps, warmup=warmup).values())
)
runs = gdbook.descend(curve, optim.SGD(lr=all_six), [w0], steps)
won = dict(zip(names, (runs.outcome == "global minimum").sum(0).tolist(), strict=True))
won_inv, won_step, won_exp, won_cos, won_warm, won_cycle = won.values()
where = np.searchsorted(tops, runs.x[..., 0])  # valley k holds curve.minima[k]
hops = np.diff(where, axis=0) != 0
hop_lr = float(np.where(hops, runs.lr, np.inf).min())  # no run hops below it
# The run from the peak itself: when its lr first tops the band, when it leaves
# valley 1, and at what lr.
mid = n_peaks // 2
over = {n: int(np.argmax(v > highest)) for n, v in lrs.items()}
out = {n: int(np.argmax(where[:, mid, k] != 1)) for k, n in enumerate(names)}
out_lr = {n: float(lrs[n][out[n] - 1]) for n in names}
over_warm, over_cycle = over["warm-up + cosine"], over["one-cycle"]
out_warm, out_cycle = out["warm-up + cosine"], out["one-cycle"]
out_lr_warm, out_lr_cycle = out_lr["warm-up + cosine"], out_lr["one-cycle"]
valleys = plot.valley_colours(curve)  # name, colour: one per valley along w
colours = ListedColormap([colour for _, colour in valleys])
shown = {"cmap": colours, "vmin": 0, "vmax": len(valleys) - 1, "origin": "lower"}
shown |= {"aspect": "auto", "interpolation": "none"}
legend = [Patch(color=colour, label=name) for name, colour in valleys]
fig, axes = plt.subplots(3, 2, figsize=(5.0, 6.6), sharex=True, sharey=True)
for ax, (k, name) in zip(axes.flat, enumerate(names), strict=True):
    ax.imshow(where[..., k].T, extent=(0, steps, peak_lo, peak_hi), **shown)
    ax.axvline(calm[name], color="white", linewidth=1.4, linestyle="--")
    ax.set_title(name, loc="left")
    ax.set_xticks([0, 100, 200])
plt.setp(axes[-1], xlabel="step $t$")
plt.setp(axes[:, 0], ylabel=r"peak $\eta_0$")
fig.legend(handles=legend[:-1], loc="outside lower center", ncols=2, frameon=False)
# sphinx_gallery_start_ignore
fig.set_label(
    f"The valley of {n_peaks} runs per schedule at each of {steps} steps: they jump "
    f"only while the learning rate is above {hop_lr:.2f}. In the global minimum: "
    + ", ".join(f"{name} {count}" for name, count in won.items())
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Exercises
# ---------
# When inverse-time decay first drops below every threshold, and step decay
# with a gentler cut, 0.7, from the same 41 peaks.
calm_inv = int(calm["inverse time"])
calm_inv_formula = int(np.floor((peak / lowest - 1) / decay)) + 1
gentle = schedules.step(peaks, step_size=step_size, gamma=0.7)
gentle_runs = gdbook.descend(curve, optim.SGD(lr=gentle), [w0], steps, record="final")
won_gentle = int(np.sum(gentle_runs.outcome == "global minimum"))

# %%
# The claims
# ----------
# What the chapter says in words, each a test that can fail.
assert np.all(runs.regime == "converged"), "claim: every scheduled run settles"
for name in names[:1] + names[2:]:
    assert won[name] > n_peaks / 2, (
        f"claim: {name} from peaks near {peak} ends in the global minimum for most "
        f"peaks; got {won[name]} of {n_peaks}"
    )
assert min(won, key=won.get) == "step", f"claim: step decay does worst; {won}"
assert all(out[n] > over[n] + 5 for n in names[4:]), f"claim: above, not out; {out}"
assert all(v > 1.5 * highest for v in out_lr.values()), f"claim: leave higher; {out_lr}"
assert calm_inv == calm_inv_formula, f"claim: the formula; {calm_inv_formula}"
assert won_gentle < n_peaks / 4, f"claim: a gentler cut no better; {won_gentle}"
assert all(v.max() > highest > lowest > v[-1] for v in lrs.values()), "claim: band"
assert all(lrs[n][-1] < inv_end / 10 for n in names[1:]), "claim: the others near 0"
assert inv_end < thresholds[-1] < 2.5 * inv_end, f"claim: inverse time at {inv_end}"
assert hops.any(axis=0).all(), "claim: every run leaves the first valley"
assert 1.5 * highest < hop_lr < 2.5 * highest, f"claim: last hops at about 2x; {hop_lr}"
cut = hops[:, :, names.index("step")]
assert not cut[step_size:].any(), "claim: step decay's first cut ends the jumping"

# %%
# Conclusion
# ----------
# Under a schedule the run jumps between valleys far above the thresholds, and
# settles below them: for most peaks in the global minimum, unless cut abruptly.
