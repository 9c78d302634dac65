"""
Four learning rates on the spiral network
=========================================

NNFS chapter 10's classifier (:func:`gdbook.landscapes.spiral_network`) on its
spiral data, trained by full-batch gradient
descent (:class:`gdbook.optim.SGD`) at four learning rates in one call to
:func:`gdbook.descend`: one crawls, one learns, one oscillates and kills most
of its ReLUs, and one kills all of them and is stuck for good.
"""

# %%
# The network
# -----------
# NNFS's spiral data, 300 points, and its network dense(2, 64) -> ReLU ->
# dense(64, 3) -> softmax, started as NNFS starts it (weights ``0.01 * randn``,
# biases zero). A network that outputs the same probabilities for every point
# can do no better than :math:`\ln 3`, the loss at the start.
import matplotlib.pyplot as plt
import numpy as np

import gdbook
from gdbook import landscapes, optim, plot, theory

plt.style.use(plot.STYLE)
net = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
n_params, hidden = net.dim, net.hidden
start_loss = float(net.loss(net.start))
ln3 = float(np.log(3))
start_sharpness = float(theory.sharpness(net, net.start))
start_threshold = 2 / start_sharpness

# %%
# Four learning rates, one call
# -----------------------------
# The learning rates are fixed in advance, around :math:`2/\lambda` at the
# start (:func:`gdbook.theory.sharpness`). A hidden unit is *dead* when its
# ReLU is 0 on every one of the 300 points: then no gradient reaches its
# incoming weights, and nothing but its neighbours' weights can revive it
# (:meth:`~gdbook.landscapes.SpiralNetwork.dead_units`).
lrs = np.array([0.05, 4.0, 8.0, 20.0])
names = ["too low", "efficient", "too high", "stuck"]
lr_low, lr_good, lr_high, lr_stuck = lrs
steps = 2000
traj = gdbook.descend(net, optim.SGD(lr=lrs), net.start, steps, record=20)
dead = net.dead_units(traj.x)
low_loss, good_loss, high_loss, stuck_loss = traj.final_loss
good_acc = float(net.accuracy(traj.final_x[1]))
high_dead, stuck_dead = int(dead[-1, 2]), int(dead[-1, 3])
good_leaves = int(traj.t[np.argmax(traj.loss[:, 1] < 0.9 * ln3)])
high_peak = float(traj.loss[:, 2].max())
stuck_all_dead_step = int(traj.t[np.argmax(dead[:, 3] == hidden)])

# %%
# The figure: the loss of each run, and its dead units.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 5.6), sharex=True)
for i, (lr, name) in enumerate(zip(lrs, names, strict=True)):
    label = f"{name}, $\\eta$ = {lr:g}"
    top.plot(traj.t, traj.loss[:, i], color=plot.PALETTE[i], label=label)
    bottom.plot(traj.t, dead[:, i], color=plot.PALETTE[i])
top.axhline(ln3, color=plot.NEUTRAL, linestyle=":", linewidth=1)
top.set(ylabel="loss", yscale="log", yticks=[0.6, 1, 2, 4, 8])
top.yaxis.set_major_formatter("{x:g}")
top.yaxis.set_minor_formatter("")
bottom.set(xlabel="step", ylabel="dead hidden units", ylim=(-2, hidden + 2))
fig.legend(loc="outside upper center", ncols=2)
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss and dead hidden units over {steps} steps at four learning rates. "
    f"At {lrs[0]:g} the loss stays near ln 3; at {lrs[1]:g} it ends at "
    f"{good_loss:.2f}; at {lrs[2]:g} it jumps above ln 3 and {high_dead} units "
    f"die; at {lrs[3]:g} all {hidden} units die within {stuck_all_dead_step} steps."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Stuck for good
# --------------
# Once every unit is dead the network outputs a constant, and the gradient of
# the first layer is exactly 0: a second run from where the stuck one ended, at
# NNFS's learning rate 1, cannot move the first layer at all.
stuck_x = traj.final_x[3]
first_layer = slice(0, 3 * hidden)  # W1 and b1
stuck_grad = float(np.abs(net.grad(stuck_x)[first_layer]).max())
rescue_steps = 200
rescue = gdbook.descend(net, optim.SGD(lr=1.0), stuck_x, rescue_steps, record="final")
rescue_loss = float(rescue.final_loss)
rescue_moved = float(np.abs(rescue.final_x[first_layer] - stuck_x[first_layer]).max())

# %%
# The claims
# ----------
assert abs(start_loss - ln3) < 1e-3, "claim: the start's loss is about ln 3"
assert lrs[2] > start_threshold > lrs[1], "claim: 4 is below 2/lambda, 8 above"
assert low_loss > ln3 - 0.02, f"claim: at 0.05 it stays near ln 3; {low_loss:.3f}"
assert good_loss < 0.8 * ln3 and good_loss < min(low_loss, high_loss, stuck_loss), (
    "claim: the efficient run ends far below ln 3, and lowest of the four"
)
assert good_leaves >= 200, f"claim: the efficient run waits near ln 3; {good_leaves}"
assert high_peak > ln3 and high_dead > hidden / 2, (
    "claim: at 8 the loss jumps above ln 3 and more than half the units die"
)
assert stuck_dead == hidden, f"claim: at 20 every unit dies; {stuck_dead} do"
assert stuck_all_dead_step <= 50, f"claim: within 50 steps; {stuck_all_dead_step}"
assert min(stuck_loss, rescue_loss) > ln3 - 1e-12, "claim: a constant stays >= ln 3"
assert stuck_grad == rescue_moved == 0.0, "claim: dead units get no gradient, ever"

# %%
# Conclusion
# ----------
# The four stories of the toy curves are here, but the network tells the
# stuck story its own way: a step too large does not throw the run into a
# worse valley, it switches off every hidden unit, and from a network that
# outputs a constant no learning rate can bring it back.
