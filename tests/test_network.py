"""The spiral network: NNFS's data, torch's numbers, NNFS's Adam run, minibatches.

``tests/data/torch_network.npz`` (written by ``tools/crosscheck_network.py``
with torch and nnfs; neither is needed here) holds NNFS's spiral data, the
start NNFS draws after it, torch autograd's loss, gradient, Hessian-vector
products and largest Hessian eigenvalue at a few points, and 100 steps of
torch.optim's SGD with momentum and Adam. "Relative" below is norm-wise:
``max |a - b| / max |b|`` over the compared array (per snapshot for runs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdbook
from gdbook import datasets, landscapes, optim, schedules, theory
from gdbook.landscapes import SpiralNetwork

DATA = Path(__file__).parent / "data" / "torch_network.npz"
with np.load(DATA) as _data:
    META: dict[str, Any] = json.loads(str(_data["meta"]))
    REF = {name: _data[name] for name in _data.files if name != "meta"}

NET = landscapes.spiral_network(**META["network"])


def relative(a: Any, b: Any) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


# -- the data and the start ---------------------------------------------------


def test_spiral_is_nnfs_spiral_data() -> None:
    net = META["network"]
    X, y = datasets.spiral(net["samples"], net["classes"], seed=net["seed"])
    assert X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(X, REF["X"])
    np.testing.assert_array_equal(y, REF["y"])
    X, y = datasets.spiral(**META["other"])
    np.testing.assert_array_equal(X, REF["other_X"])
    np.testing.assert_array_equal(y, REF["other_y"])


def test_start_is_nnfs_initialisation() -> None:
    np.testing.assert_array_equal(NET.start, REF["start"])
    W1, b1, W2, b2 = NET.unpack(NET.start)
    assert W1.shape == (2, 64)
    assert W2.shape == (64, 3)
    assert not b1.any()
    assert not b2.any()
    np.testing.assert_array_equal(NET.X, REF["X"])


def test_unpack_order_and_batch_axes() -> None:
    h, c = NET.hidden, NET.classes
    x = np.arange(NET.dim, dtype=np.float64)
    W1, b1, W2, b2 = NET.unpack(x)
    assert W1[1, 3] == 1 * h + 3  # W1 row-major first
    assert b1[0] == 2 * h
    assert W2[2, 1] == 3 * h + 2 * c + 1  # then W2 row-major
    assert b2[0] == 3 * h + h * c
    batch = np.broadcast_to(x, (4, 5, NET.dim))
    shapes = [a.shape for a in NET.unpack(batch)]
    assert shapes == [(4, 5, 2, h), (4, 5, h), (4, 5, h, c), (4, 5, c)]


# -- against torch ---------------------------------------------------------------


def test_loss_and_grad_match_torch() -> None:
    points = REF["points"]
    assert relative(NET.loss(points), REF["loss"]) <= 1e-10
    for got, want in zip(NET.grad(points), REF["grad"], strict=True):
        assert relative(got, want) <= 1e-10


def test_hvp_matches_torch() -> None:
    got = NET.hvp(REF["points"], REF["directions"])
    for g, want in zip(got, REF["hvp"], strict=True):
        assert relative(g, want) <= 1e-10


def test_sharpness_matches_torch_hessian() -> None:
    got = theory.sharpness(NET, REF["points"])
    assert got.shape == (len(REF["points"]),)
    np.testing.assert_allclose(got, REF["sharpness"], rtol=1e-9)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("sgd-momentum", lambda s: optim.SGD(lr=s["lr"], momentum=s["momentum"])),
        ("adam", lambda s: optim.Adam(lr=s["lr"])),
    ],
)
def test_descend_matches_torch_optim(name: str, make: Any) -> None:
    spec = META["runs"][name]
    traj = gdbook.descend(NET, make(spec), NET.start, META["steps"])
    assert relative(traj.loss, REF[f"{name}--loss"]) <= 1e-8
    for got, want in zip(traj.x[:: META["every"]], REF[f"{name}--x"], strict=True):
        assert relative(got, want) <= 1e-8


# -- NNFS chapter 10's Adam loop, ported --------------------------------------------


def nnfs_adam(
    X: np.ndarray, y: np.ndarray, params: list[np.ndarray], steps: int
) -> list[np.ndarray]:
    """NNFS chapter 10's training loop in float64: dense-ReLU-dense-softmax, Adam.

    ``Optimizer_Adam(learning_rate=0.05, decay=5e-7)`` (epsilon 1e-7, betas
    0.9 and 0.999), full batch; returns the flat parameters after each step.
    """
    lr, decay, eps, beta_1, beta_2 = 0.05, 5e-7, 1e-7, 0.9, 0.999
    W1, b1, W2, b2 = (p.copy() for p in params)
    layers = [W1, b1, W2, b2]
    momentums = [np.zeros_like(p) for p in layers]
    caches = [np.zeros_like(p) for p in layers]
    out = []
    for iterations in range(steps):
        z1 = X @ W1 + b1
        a1 = np.maximum(0, z1)
        z2 = a1 @ W2 + b2
        exp_values = np.exp(z2 - np.max(z2, axis=1, keepdims=True))
        dz2 = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        dz2[range(len(y)), y] -= 1
        dz2 = dz2 / len(y)
        dW2, db2 = a1.T @ dz2, np.sum(dz2, axis=0)
        da1 = dz2 @ W2.T
        da1[z1 <= 0] = 0
        dW1, db1 = X.T @ da1, np.sum(da1, axis=0)
        current_lr = lr * (1.0 / (1.0 + decay * iterations))
        for p, g, m, c in zip(
            layers, [dW1, db1, dW2, db2], momentums, caches, strict=True
        ):
            m[...] = beta_1 * m + (1 - beta_1) * g
            m_corrected = m / (1 - beta_1 ** (iterations + 1))
            c[...] = beta_2 * c + (1 - beta_2) * g**2
            c_corrected = c / (1 - beta_2 ** (iterations + 1))
            p[...] += -current_lr * m_corrected / (np.sqrt(c_corrected) + eps)
        out.append(np.concatenate([p.ravel() for p in layers]))
    return out


def test_nnfs_adam_is_adam_with_inverse_time_decay() -> None:
    """NNFS's Adam (lr / (1 + decay t), eps after the bias-corrected root) is
    optim.Adam with schedules.inverse_time: the same update, rounded differently."""
    steps = 300
    ported = nnfs_adam(
        NET.X, NET.y, [np.array(a) for a in NET.unpack(NET.start)], steps
    )
    adam = optim.Adam(lr=schedules.inverse_time(0.05, decay=5e-7), eps=1e-7)
    traj = gdbook.descend(NET, adam, NET.start, steps)
    worst = max(relative(traj.x[t + 1], ported[t]) for t in range(steps))
    assert worst <= 1e-6
    # and it learns: NNFS reports about 0.8-0.9 accuracy by this point
    assert NET.accuracy(traj.x[-1]) > 0.7


# -- batches, kinks and minibatches ---------------------------------------------------

small_nets = st.builds(
    landscapes.spiral_network,
    samples=st.integers(2, 12),
    classes=st.integers(2, 4),
    hidden=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)


def near_start(net: SpiralNetwork, seed: int, scale: float, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return net.start + scale * rng.standard_normal((n, net.dim))


@settings(max_examples=40, deadline=None)
@given(
    net=small_nets,
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([0.01, 0.3, 2.0]),
)
def test_grad_matches_differences_away_from_kinks(
    net: SpiralNetwork, seed: int, scale: float
) -> None:
    (x,) = near_start(net, seed, scale, 1)
    W1, b1, _, _ = net.unpack(x)
    # The distance to the nearest kink: a step of W1 or b1 moves a
    # pre-activation by at most step * max(1, |X|); keep it below the margin.
    margin = float(np.min(np.abs(net.X @ W1 + b1)))
    reach = max(1.0, float(np.abs(net.X).max())) * max(1.0, float(np.abs(x).max()))
    assume(margin > 1e-6 * reach)
    net.check_grad(x, h=min(1e-5, margin / (4 * reach)), rtol=1e-5, atol=1e-7)


@settings(max_examples=25, deadline=None)
@given(
    net=small_nets,
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([0.01, 1.0, 10.0]),
)
def test_batch_equals_one_at_a_time(
    net: SpiralNetwork, seed: int, scale: float
) -> None:
    x = near_start(net, seed, scale, 6).reshape(2, 3, net.dim)
    v = np.random.default_rng(seed + 1).standard_normal(x.shape)
    loss, grad, hvp, acc = net.loss(x), net.grad(x), net.hvp(x, v), net.accuracy(x)
    assert loss.shape == acc.shape == (2, 3)
    for i in np.ndindex(2, 3):
        np.testing.assert_array_equal(loss[i], net.loss(x[i]))
        np.testing.assert_array_equal(grad[i], net.grad(x[i]))
        np.testing.assert_array_equal(acc[i], net.accuracy(x[i]))
        np.testing.assert_allclose(hvp[i], net.hvp(x[i], v[i]), rtol=1e-12, atol=1e-15)


def test_grad_into_fills_a_strided_out() -> None:
    x = near_start(NET, 0, 0.3, 3)
    out = np.empty((NET.dim, 3)).T  # a transposed, non-contiguous array
    NET.grad_into(x, out)
    np.testing.assert_array_equal(out, NET.grad(x))


def test_hessian_is_symmetric_and_agrees_with_hvp() -> None:
    net = landscapes.spiral_network(samples=10, hidden=4, seed=3)
    x = near_start(net, 1, 0.5, 1)[0]
    H = net.hessian(x)
    np.testing.assert_allclose(H, H.T, atol=1e-14)
    v = np.random.default_rng(0).standard_normal(net.dim)
    np.testing.assert_allclose(H @ v, net.hvp(x, v), atol=1e-14)


def test_accuracy_counts_the_largest_logit() -> None:
    x = near_start(NET, 5, 1.0, 1)[0]
    W1, b1, W2, b2 = NET.unpack(x)
    logits = np.maximum(NET.X @ W1 + b1, 0) @ W2 + b2
    assert NET.accuracy(x) == np.mean(logits.argmax(axis=1) == NET.y)


def test_dead_units_are_zero_on_every_point() -> None:
    x = near_start(NET, 2, 1.0, 3)
    W1, b1, _, _ = NET.unpack(x)
    for i in range(3):
        active = (NET.X @ W1[i] + b1[i] > 0).any(axis=0)
        assert NET.dead_units(x[i]) == NET.hidden - active.sum()
    assert NET.dead_units(x.reshape(1, 3, NET.dim)).shape == (1, 3)
    assert NET.dead_units(np.zeros(NET.dim)) == NET.hidden
    with pytest.raises(ValueError, match="dim"):
        NET.dead_units(np.zeros(NET.dim + 1))


def test_minibatches_are_seeded_epochs() -> None:
    net = landscapes.spiral_network(samples=10, classes=3, batch_size=8, seed=1)
    per_epoch = 4  # ceil(30 / 8): 8, 8, 8, 6
    for epoch in range(3):
        index = np.concatenate(
            [net.minibatch(epoch * per_epoch + k) for k in range(per_epoch)]
        )
        assert sorted(index.tolist()) == list(range(30))
    assert len(net.minibatch(3)) == 6
    again = landscapes.spiral_network(samples=10, classes=3, batch_size=8, seed=1)
    np.testing.assert_array_equal(net.minibatch(9), again.minibatch(9))
    other = landscapes.spiral_network(samples=10, classes=3, batch_size=8, seed=2)
    assert not np.array_equal(net.minibatch(9), other.minibatch(9))


def test_minibatch_gradient_is_the_gradient_on_the_minibatch() -> None:
    net = landscapes.spiral_network(samples=20, classes=3, hidden=8, batch_size=16)
    x = near_start(net, 0, 0.5, 2)
    index = net.minibatch(5)
    on_batch = SpiralNetwork(
        net.X[index], net.y[index], classes=3, hidden=8, start=net.start
    )
    np.testing.assert_allclose(
        net.grad(x, step=5), on_batch.grad(x), rtol=1e-13, atol=1e-16
    )
    # without a step, the gradient is over all the data
    np.testing.assert_array_equal(
        net.grad(x), landscapes.spiral_network(samples=20, hidden=8).grad(x)
    )


def test_descend_with_minibatches_is_reproducible_and_batches_exactly() -> None:
    net = landscapes.spiral_network(batch_size=32, hidden=16)
    lrs = np.array([0.1, 0.5, 1.0])
    sweep = gdbook.descend(net, optim.SGD(lr=lrs, momentum=0.9), net.start, 40)
    for i, lr in enumerate(lrs):
        one = gdbook.descend(net, optim.SGD(lr=float(lr), momentum=0.9), net.start, 40)
        np.testing.assert_array_equal(sweep.x[:, i], one.x)
    # by hand: step t uses minibatch t
    x = net.start.copy()
    for t in range(40):
        x -= 0.5 * net.grad(x, step=t)
    plain = gdbook.descend(net, optim.SGD(lr=0.5), net.start, 40, record="final")
    np.testing.assert_array_equal(plain.final_x, x)
    full = landscapes.spiral_network(hidden=16)
    assert not np.array_equal(
        gdbook.descend(full, optim.SGD(lr=0.5), full.start, 40, record="final").final_x,
        x,
    )


# -- sharpness on the built-in landscapes -------------------------------------------


def test_sharpness_of_the_quadratic_is_its_curvature() -> None:
    for a in (0.5, 1.0, 4.0, 123.0):
        got = theory.sharpness(landscapes.quadratic(a=a), [[-1.0], [0.0], [0.7]])
        np.testing.assert_allclose(got, a, rtol=1e-15)


def test_sharpness_at_the_book_curves_minima() -> None:
    """L'' = 0.08 + (pi^2 / 2) cos(pi w) at each minimum, from the formula."""
    curve = landscapes.book_curve()
    w = np.array([m.x[0] for m in curve.minima])
    expected = 0.08 + np.pi**2 / 2 * np.cos(np.pi * w)
    np.testing.assert_allclose(
        theory.sharpness(curve, w[:, None]), expected, rtol=1e-14
    )


def test_sharpness_of_two_dimensional_landscapes_is_the_top_eigenvalue() -> None:
    bowl = landscapes.ill_conditioned(condition=25.0)
    np.testing.assert_allclose(
        theory.sharpness(bowl, np.zeros((3, 4, 2))), 25.0, rtol=1e-14
    )
    rosen = landscapes.rosenbrock()
    x = np.random.default_rng(0).uniform(-2, 2, (50, 2))
    want = np.linalg.eigvalsh(rosen.hessian(x))[:, -1]
    np.testing.assert_allclose(theory.sharpness(rosen, x), want, rtol=1e-12)


def test_sharpness_on_a_landscape_without_hessian() -> None:
    """A custom landscape's hvp is the differenced Hessian times v."""
    bowl = gdbook.Landscape(
        lambda x: (x**2 * [1.0, 3.0, 7.0]).sum(-1) / 2,
        lambda x: x * [1.0, 3.0, 7.0],
        dim=3,
    )
    np.testing.assert_allclose(
        bowl.hvp([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]), [1.0, 3.0, 7.0], rtol=1e-9
    )
    np.testing.assert_allclose(theory.sharpness(bowl, [0.5, 0.5, 0.5]), 7.0, rtol=1e-9)


def test_sharpness_is_not_fooled_by_kinks() -> None:
    """At a trained network, differences of the gradient straddle ReLU kinks;
    the Lanczos value agrees with the exact Hessian."""
    traj = gdbook.descend(NET, optim.Adam(lr=0.02), NET.start, 100, record="final")
    x = traj.final_x
    exact = np.linalg.eigvalsh(NET.hessian(x))[-1]
    np.testing.assert_allclose(theory.sharpness(NET, x), exact, rtol=1e-9)


# -- argument checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"samples": 0}, ValueError, r"samples must be >= 1, got samples=0"),
        ({"classes": 1}, ValueError, r"classes must be >= 2, got classes=1"),
        ({"hidden": 2.5}, TypeError, r"hidden must be an integer, got hidden=2.5"),
        ({"seed": -1}, ValueError, r"seed must be >= 0, got seed=-1"),
        (
            {"seed": 2**32},
            ValueError,
            r"seed must be in \[0, 2\*\*32\), got seed=4294967296",
        ),
        ({"batch_size": 0}, ValueError, r"batch_size must be >= 1, got batch_size=0"),
    ],
)
def test_spiral_network_arguments(
    kwargs: dict[str, Any], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        landscapes.spiral_network(**kwargs)


def test_spiral_arguments_and_misuse() -> None:
    with pytest.raises(ValueError, match=r"classes must be >= 1, got classes=0"):
        datasets.spiral(classes=0)
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., 387\)"):
        NET.loss(np.zeros(10))
    with pytest.raises(ValueError, match="full-batch gradients"):
        NET.minibatch(0)
    stochastic = landscapes.spiral_network(hidden=4, batch_size=10)
    x = np.zeros((2, stochastic.dim))
    with pytest.raises(ValueError, match=r"out the same shape"):
        stochastic.grad_into(x, np.empty((3, stochastic.dim)), step=0)
    with pytest.raises(ValueError, match="must not overlap"):
        stochastic.grad_into(x, x, step=0)
    with pytest.raises(TypeError, match="float64"):
        stochastic.grad_into(x, np.empty(x.shape, np.float32), step=0)
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        theory.sharpness(NET, NET.start, max_iter=0)


def test_sharpness_warns_when_it_stops_short() -> None:
    with pytest.warns(RuntimeWarning, match="did not reach tol"):
        theory.sharpness(NET, NET.start, max_iter=2)
