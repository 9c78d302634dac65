"""The optimizers' checks, broadcasting, schedules and docstrings.

Agreement with torch.optim's trajectories is tested in test_optim_torch.py.
"""

from __future__ import annotations

import doctest
import inspect
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdbook import optim

OPTIMIZERS = [
    optim.SGD,
    optim.HeavyBall,
    optim.Adagrad,
    optim.RMSprop,
    optim.Adam,
    optim.AdamW,
]


def quadratic_grad(x: np.ndarray) -> np.ndarray:
    """Gradient of L(x) = sum(c_i x_i^2) with a different curvature per axis."""
    return 2 * np.array([1.0, 10.0])[: x.shape[-1]] * x


def run(opt: optim.Optimizer, x0: Any, steps: int = 30) -> np.ndarray:
    """Positions after each update, shape (steps + 1, *x0.shape)."""
    x = np.array(x0, dtype=np.float64)
    state = opt.init(x)
    xs = [x.copy()]
    for t in range(steps):
        opt.update(x, quadratic_grad(x), state, t, opt.at(t))
        xs.append(x.copy())
    return np.array(xs)


# ---------------------------------------------------------------- bad input

BAD = [
    (optim.SGD, {"lr": 0.0}, ValueError, "lr must be finite and > 0, got lr=0.0"),
    (optim.SGD, {"lr": -1}, ValueError, "lr must be finite and > 0, got lr=-1.0"),
    (optim.SGD, {"lr": np.nan}, ValueError, "lr must be finite and > 0, got lr=nan"),
    (optim.SGD, {"lr": np.inf}, ValueError, "lr must be finite and > 0, got lr=inf"),
    (optim.SGD, {"lr": "0.1"}, TypeError, "lr must be a real number or an array of them, got lr='0.1'"),
    (optim.SGD, {"lr": True}, TypeError, "lr must be a real number or an array of them, got lr=True"),
    (optim.SGD, {"lr": np.array([0.1, -0.2])}, ValueError, "lr must be finite and > 0, got lr=-0.2 (at index "),
    (optim.SGD, {"lr": 0.1, "momentum": -0.5}, ValueError, "momentum must be finite and >= 0, got momentum=-0.5"),
    (optim.SGD, {"lr": 0.1, "dampening": 1.5}, ValueError, "dampening must be finite and in [0, 1], got dampening=1.5"),
    (optim.SGD, {"lr": 0.1, "dampening": -0.1}, ValueError, "dampening must be finite and in [0, 1], got dampening=-0.1"),
    (optim.SGD, {"lr": 0.1, "weight_decay": -1}, ValueError, "weight_decay must be finite and >= 0, got weight_decay=-1.0"),
    (optim.SGD, {"lr": 0.1, "nesterov": "yes"}, TypeError, "nesterov must be True or False, got nesterov='yes'"),
    (optim.SGD, {"lr": 0.1, "nesterov": 1}, TypeError, "nesterov must be True or False, got nesterov=1"),
    (optim.SGD, {"lr": 0.1, "nesterov": True}, ValueError, "nesterov=True requires momentum > 0 and dampening = 0 (as fixed values), got momentum=0, dampening=0"),
    (optim.SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, ValueError, "got momentum=0.9, dampening=0.1"),
    (optim.SGD, {"lr": 0.1, "momentum": np.array([0.9, 0.0]), "nesterov": True}, ValueError, "got momentum=array(shape=(2,)), dampening=0"),
    (optim.SGD, {"lr": 0.1, "momentum": lambda _: 0.9, "nesterov": True}, ValueError, "requires momentum > 0 and dampening = 0 (as fixed values), got momentum=<lambda>"),
    (optim.HeavyBall, {"lr": -0.1}, ValueError, "lr must be finite and > 0, got lr=-0.1"),
    (optim.HeavyBall, {"lr": 0.1, "beta": -0.5}, ValueError, "beta must be finite and >= 0, got beta=-0.5"),
    (optim.HeavyBall, {"lr": 0.1, "beta": None}, TypeError, "beta must be a real number or an array of them, got beta=None"),
    (optim.Adagrad, {"lr": 0}, ValueError, "lr must be finite and > 0, got lr=0.0"),
    (optim.Adagrad, {"lr": 0.1, "lr_decay": -0.1}, ValueError, "lr_decay must be finite and >= 0, got lr_decay=-0.1"),
    (optim.Adagrad, {"lr": 0.1, "weight_decay": -2}, ValueError, "weight_decay must be finite and >= 0, got weight_decay=-2.0"),
    (optim.Adagrad, {"lr": 0.1, "initial_accumulator_value": -1}, ValueError, "initial_accumulator_value must be finite and >= 0, got initial_accumulator_value=-1.0"),
    (optim.Adagrad, {"lr": 0.1, "eps": 0}, ValueError, "eps must be finite and > 0, got eps=0.0"),
    (optim.RMSprop, {"lr": 0.1, "alpha": 1.5}, ValueError, "alpha must be finite and in [0, 1], got alpha=1.5"),
    (optim.RMSprop, {"lr": 0.1, "alpha": -0.1}, ValueError, "alpha must be finite and in [0, 1], got alpha=-0.1"),
    (optim.RMSprop, {"lr": 0.1, "eps": -1e-8}, ValueError, "eps must be finite and > 0, got eps=-1e-08"),
    (optim.RMSprop, {"lr": 0.1, "weight_decay": -1}, ValueError, "weight_decay must be finite and >= 0, got weight_decay=-1.0"),
    (optim.RMSprop, {"lr": 0.1, "momentum": -0.9}, ValueError, "momentum must be finite and >= 0, got momentum=-0.9"),
    (optim.RMSprop, {"lr": 0.1, "centered": 1}, TypeError, "centered must be True or False, got centered=1"),
    (optim.Adam, {"lr": -0.001}, ValueError, "lr must be finite and > 0, got lr=-0.001"),
    (optim.Adam, {"lr": 0.1, "betas": (1.0, 0.999)}, ValueError, "beta1 must be finite and in [0, 1), got beta1=1.0"),
    (optim.Adam, {"lr": 0.1, "betas": (0.9, -0.1)}, ValueError, "beta2 must be finite and in [0, 1), got beta2=-0.1"),
    (optim.Adam, {"lr": 0.1, "betas": (0.9, np.array([0.99, 1.5]))}, ValueError, "beta2 must be finite and in [0, 1), got beta2=1.5 (at index "),
    (optim.Adam, {"lr": 0.1, "betas": (0.9,)}, TypeError, "betas must be a pair (beta1, beta2), got betas=(0.9,)"),
    (optim.Adam, {"lr": 0.1, "betas": 0.9}, TypeError, "betas must be a pair (beta1, beta2), got betas=0.9"),
    (optim.Adam, {"lr": 0.1, "eps": 0.0}, ValueError, "eps must be finite and > 0, got eps=0.0"),
    (optim.Adam, {"lr": 0.1, "weight_decay": -0.01}, ValueError, "weight_decay must be finite and >= 0, got weight_decay=-0.01"),
    (optim.Adam, {"lr": 0.1, "amsgrad": "no"}, TypeError, "amsgrad must be True or False, got amsgrad='no'"),
    (optim.AdamW, {"lr": 0.0}, ValueError, "lr must be finite and > 0, got lr=0.0"),
    (optim.AdamW, {"lr": 0.1, "betas": (0.9, 1.0)}, ValueError, "beta2 must be finite and in [0, 1), got beta2=1.0"),
    (optim.AdamW, {"lr": 0.1, "betas": [0.9, 0.99, 0.999]}, TypeError, "betas must be a pair (beta1, beta2), got betas=[0.9, 0.99, 0.999]"),
    (optim.AdamW, {"lr": 0.1, "eps": np.inf}, ValueError, "eps must be finite and > 0, got eps=inf"),
    (optim.AdamW, {"lr": 0.1, "weight_decay": -0.01}, ValueError, "weight_decay must be finite and >= 0, got weight_decay=-0.01"),
    (optim.AdamW, {"lr": 0.1, "amsgrad": None}, TypeError, "amsgrad must be True or False, got amsgrad=None"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("factory", "kwargs", "error", "message"),
    BAD,
    ids=[
        f"{f.__name__}-{'-'.join(map(str, k))}-{i}"
        for i, (f, k, _, _) in enumerate(BAD)
    ],
)
def test_bad_input_is_refused(
    factory: type[optim.Optimizer],
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        factory(**kwargs)


# -------------------------------------------------------- schedules, per step

BAD_SCHEDULES = [
    (optim.SGD, "lr", {}, lambda t: -0.1 if t == 3 else 0.1, 3, "lr must be finite and > 0, got lr=-0.1"),
    (optim.SGD, "lr", {}, lambda t: np.nan if t >= 5 else 0.1, 5, "lr must be finite and > 0, got lr=nan"),
    (optim.SGD, "lr", {}, lambda _: np.inf, 0, "lr must be finite and > 0, got lr=inf"),
    (optim.SGD, "lr", {}, lambda t: np.array([0.1, 0.1 - 0.1 * t]), 1, "lr must be finite and > 0, got lr=0.0 (at index "),
    (optim.SGD, "momentum", {"lr": 0.1}, lambda t: 0.5 - 0.25 * t, 3, "momentum must be finite and >= 0, got momentum=-0.25"),
    (optim.HeavyBall, "beta", {"lr": 0.1}, lambda _: -1.0, 0, "beta must be finite and >= 0, got beta=-1.0"),
    (optim.Adagrad, "lr", {}, lambda t: 0.1 - 0.05 * t, 2, "lr must be finite and > 0, got lr=0.0"),
    (optim.RMSprop, "alpha", {"lr": 0.1}, lambda t: 1 + t, 1, "alpha must be finite and in [0, 1], got alpha=2.0"),
    (optim.Adam, "lr", {}, lambda _: "fast", 0, "lr must be a real number or an array of them, got lr='fast'"),
    (optim.AdamW, "weight_decay", {"lr": 0.1}, lambda t: 0.01 if t < 4 else -1, 4, "weight_decay must be finite and >= 0, got weight_decay=-1.0"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("factory", "name", "kwargs", "schedule", "bad_step", "message"),
    BAD_SCHEDULES,
    ids=[f"{f.__name__}-{n}-{i}" for i, (f, n, *_) in enumerate(BAD_SCHEDULES)],
)
def test_bad_schedule_value_is_refused_at_its_step(
    factory: type[optim.Optimizer],
    name: str,
    kwargs: dict[str, Any],
    schedule: Callable[[int], Any],
    bad_step: int,
    message: str,
) -> None:
    opt = factory(**kwargs, **{name: schedule})  # made without complaint
    for t in range(bad_step):
        opt.at(t)
    error = TypeError if "real number" in message else ValueError
    step = f"the schedule given as {name} returned a bad value at step {bad_step}: "
    with pytest.raises(error, match=re.escape(step + message)):
        opt.at(bad_step)


def test_schedule_is_evaluated_at_every_step() -> None:
    lrs = [0.1, 0.05, 0.2, 0.01, 0.3]
    asked: list[int] = []

    def schedule(t: int) -> float:
        asked.append(t)
        return lrs[t]

    opt = optim.SGD(lr=schedule)
    xs = run(opt, [1.0], steps=5)
    assert asked == [0, 1, 2, 3, 4]
    expected = [1.0]
    for lr in lrs:  # L = x^2: x <- x - lr 2x
        expected.append(expected[-1] * (1 - 2 * lr))
    np.testing.assert_allclose(xs[:, 0], expected, rtol=1e-15)


def test_schedule_may_return_an_array_per_run() -> None:
    opt = optim.SGD(lr=lambda t: np.array([0.1, 0.2]) / (1 + t))
    assert opt.shapes() == [(2,), (), (), ()]
    assert opt.at(3)["lr"].shape == (2, 1)
    xs = run(opt, np.ones((2, 1)), steps=4)
    for i, lr0 in enumerate([0.1, 0.2]):
        alone = run(optim.SGD(lr=lambda t, lr0=lr0: lr0 / (1 + t)), [1.0], steps=4)
        np.testing.assert_allclose(xs[:, i], alone, rtol=1e-15)


def test_at_gives_arrays_a_trailing_axis() -> None:
    opt = optim.Adam(lr=np.array([[0.1], [0.2]]), betas=(np.full(3, 0.9), 0.999))
    h = opt.at(0)
    assert h["lr"].shape == (2, 1, 1)
    assert h["beta1"].shape == (3, 1)
    assert h["beta2"] == 0.999
    assert opt.shapes() == [(2, 1), (3,), (), (), ()]


# ------------------------------------------------- arrays of hyperparameters

# Per optimizer: the keyword arguments whose values form the batch.
SWEEPS: list[tuple[type[optim.Optimizer], dict[str, Any]]] = [
    (optim.SGD, {"lr": [0.01, 0.04, 0.08], "momentum": [0.0, 0.5, 0.9], "dampening": [0.5, 0.0, 0.3], "weight_decay": [0.0, 0.1, 0.0]}),
    (optim.SGD, {"lr": [0.01, 0.04, 0.08], "momentum": [0.3, 0.5, 0.9], "nesterov": True}),
    (optim.HeavyBall, {"lr": [0.01, 0.04, 0.08], "beta": [0.0, 0.5, 0.9]}),
    (optim.Adagrad, {"lr": [0.1, 0.3, 0.5], "lr_decay": [0.0, 0.1, 0.01], "initial_accumulator_value": [0.0, 1.0, 0.1], "eps": [1e-10, 1e-3, 1.0]}),
    (optim.RMSprop, {"lr": [0.001, 0.01, 0.02], "alpha": [0.99, 0.5, 0.9], "momentum": [0.0, 0.9, 0.5], "weight_decay": [0.0, 0.0, 0.1]}),
    (optim.RMSprop, {"lr": [0.001, 0.01, 0.02], "alpha": [0.99, 0.5, 0.9], "momentum": [0.0, 0.9, 0.5], "centered": True}),
    (optim.Adam, {"lr": [0.01, 0.05, 0.1], "betas": ([0.9, 0.5, 0.0], [0.999, 0.9, 0.5]), "weight_decay": [0.0, 0.1, 0.0]}),
    (optim.Adam, {"lr": [0.01, 0.05, 0.1], "eps": [1e-8, 1e-3, 1.0], "amsgrad": True}),
    (optim.AdamW, {"lr": [0.01, 0.05, 0.1], "betas": ([0.9, 0.5, 0.0], 0.99), "weight_decay": [0.0, 0.01, 0.5]}),
    (optim.AdamW, {"lr": [0.01, 0.05, 0.1], "weight_decay": [0.0, 0.01, 0.5], "amsgrad": True}),
]  # fmt: skip


def _kwargs(sweep: dict[str, Any], i: int | None) -> dict[str, Any]:
    """The batch's keyword arguments as arrays (i=None), or those of run i."""

    def pick(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, tuple):
            return tuple(pick(v) for v in value)
        if isinstance(value, list):
            return np.array(value) if i is None else value[i]
        return value

    return {k: pick(v) for k, v in sweep.items()}


@pytest.mark.parametrize(
    ("factory", "sweep"), SWEEPS, ids=[f"{f.__name__}-{'-'.join(s)}" for f, s in SWEEPS]
)
def test_array_of_hyperparameters_is_a_batch_of_runs(
    factory: type[optim.Optimizer], sweep: dict[str, Any]
) -> None:
    x0 = np.array([[1.0, -0.5], [2.0, 0.3], [-1.5, 0.8]])
    batch = run(factory(**_kwargs(sweep, None)), x0)
    for i in range(3):
        alone = run(factory(**_kwargs(sweep, i)), x0[i])
        np.testing.assert_allclose(batch[:, i], alone, rtol=1e-13, atol=1e-300)
    assert not np.allclose(batch[:, 0], batch[:, 1])


def test_hyperparameter_arrays_broadcast_to_a_grid() -> None:
    lr = np.array([0.01, 0.05, 0.1])[:, np.newaxis]  # shape (3, 1)
    momentum = np.array([0.0, 0.5, 0.8, 0.9])  # shape (4,)
    opt = optim.SGD(lr=lr, momentum=momentum)
    assert np.broadcast_shapes(*opt.shapes()) == (3, 4)
    x0 = np.broadcast_to([1.0, -1.0], (3, 4, 2))
    grid = run(opt, x0, steps=20)
    assert grid.shape == (21, 3, 4, 2)
    for i, j in np.ndindex(3, 4):
        alone = run(optim.SGD(lr=lr[i, 0], momentum=momentum[j]), x0[i, j], steps=20)
        np.testing.assert_allclose(grid[:, i, j], alone, rtol=1e-13, atol=1e-300)


def test_adagrad_initial_accumulator_array_fills_the_state() -> None:
    opt = optim.Adagrad(lr=0.1, initial_accumulator_value=np.array([0.0, 2.0]))
    state = opt.init(np.zeros((2, 3)))
    np.testing.assert_array_equal(state["sum"], [[0.0] * 3, [2.0] * 3])


def test_sgd_dampening_has_no_effect_without_momentum() -> None:
    # as in torch, where a zero momentum means no buffer at all
    plain = run(optim.SGD(lr=0.05), [1.0, 1.0])
    damped = run(optim.SGD(lr=0.05, dampening=0.9), [1.0, 1.0])
    np.testing.assert_array_equal(damped, plain)
    batch = run(
        optim.SGD(lr=0.05, momentum=np.array([0.0, 0.9]), dampening=0.9),
        np.ones((2, 2)),
    )
    np.testing.assert_array_equal(batch[:, 0], plain)


# ----------------------------------------------------------- the protocol


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("flag", [False, True])
def test_update_works_in_place_and_leaves_the_gradient(
    factory: type[optim.Optimizer], flag: bool
) -> None:
    kwargs: dict[str, Any] = {"lr": 0.01}
    for name in ("amsgrad", "centered"):
        if name in inspect.signature(factory).parameters:
            kwargs[name] = flag
    if factory is optim.SGD and flag:
        kwargs.update(momentum=0.9, nesterov=True, weight_decay=0.1)
    opt = factory(**kwargs)
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    state = opt.init(x)
    assert all(v.shape == x.shape for v in state.values())
    arrays = {k: id(v) for k, v in state.items()}
    x_before, g = x.copy(), quadratic_grad(x)
    g_before = g.copy()
    for t in range(3):
        opt.update(x, g, state, t, opt.at(t))
    assert {k: id(v) for k, v in state.items()} == arrays
    assert not np.array_equal(x, x_before)
    np.testing.assert_array_equal(g, g_before)


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_descends_a_quadratic(factory: type[optim.Optimizer]) -> None:
    opt = factory(lr=0.01) if factory is not optim.Adagrad else factory(lr=0.5)
    xs = run(opt, [1.0, 1.0], steps=400)
    assert np.abs(xs[-1]).max() < 0.1 * np.abs(xs[0]).max()


# ------------------------------------------------- heavy ball against SGD


@given(
    lr=st.floats(1e-3, 0.09),
    beta=st.floats(0.0, 0.95),
    # Normal floats only: from a subnormal start the two forms round apart by
    # more than any tolerance relative to the start's size.
    x0=st.lists(st.floats(-3.0, 3.0, allow_subnormal=False), min_size=2, max_size=2),
)
def test_heavy_ball_is_sgd_momentum_for_a_constant_lr(
    lr: float, beta: float, x0: list[float]
) -> None:
    heavy = run(optim.HeavyBall(lr=lr, beta=beta), x0, steps=50)
    torch_form = run(optim.SGD(lr=lr, momentum=beta), x0, steps=50)
    scale = np.abs(heavy).max()
    np.testing.assert_allclose(heavy, torch_form, rtol=1e-10, atol=1e-12 * scale)


def test_heavy_ball_differs_from_sgd_momentum_when_the_lr_drops() -> None:
    def schedule(t: int) -> float:
        return 0.04 if t < 10 else 0.004

    heavy = run(optim.HeavyBall(lr=schedule, beta=0.9), [3.0, 0.0], steps=20)
    torch_form = run(optim.SGD(lr=schedule, momentum=0.9), [3.0, 0.0], steps=20)
    np.testing.assert_allclose(heavy[:11], torch_form[:11], rtol=1e-12)
    # After the drop torch multiplies its whole buffer by the new lr and its
    # step shrinks tenfold at once; the heavy ball's velocity carries on.
    heavy_step = np.abs(heavy[11] - heavy[10]).max()
    torch_step = np.abs(torch_form[11] - torch_form[10]).max()
    before = np.abs(heavy[10] - heavy[9]).max()
    assert torch_step < 0.2 * before
    assert heavy_step > 0.5 * before
    assert np.abs(heavy[-1] - torch_form[-1]).max() > 1e-2


# -------------------------------------------------------------- docstrings


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_docstring_has_math_parameters_raises_example_reference(
    factory: type[optim.Optimizer],
) -> None:
    doc = factory.__doc__ or ""
    for section in (
        ".. math::",
        "Parameters\n",
        "Raises\n",
        "References\n",
        "Examples\n",
    ):
        assert section in doc, section
    for name in factory.bounds:
        shown = (
            "betas"
            if name.startswith("beta") and factory is not optim.HeavyBall
            else name
        )
        assert f"{shown} :" in doc, name
    examples = doctest.DocTestFinder().find(factory, factory.__name__, globs={})
    assert sum(len(e.examples) for e in examples) >= 3
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    )
    for example in examples:
        runner.run(example)
    assert runner.summarize(verbose=False).failed == 0


def test_repr_shows_hyperparameters_and_flags() -> None:
    assert repr(optim.SGD(0.1, momentum=0.9, nesterov=True)) == (
        "SGD(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True)"
    )
    assert repr(optim.AdamW(np.full(3, 0.1), betas=(0.9, 0.99))) == (
        "AdamW(lr=array(shape=(3,)), beta1=0.9, beta2=0.99, eps=1e-08, "
        "weight_decay=0.01, amsgrad=False)"
    )
