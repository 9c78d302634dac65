"""The optimizers' checks, broadcasting, schedules and docstrings.

Agreement with torch.optim's trajectories is tested in test_optim_torch.py.
"""

from __future__ import annotations

import doctest
import inspect
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdbook import optim
from gdbook._validate import (
    as_float_array,
    check_bool,
    check_finite,
    check_int,
    check_real,
)

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


# ---------------------------------------------------------- the shared checks
# gdbook._validate's checkers write the messages of every public function:
# their exact wording is tested here, once. The tests further down ask only
# that each public parameter goes through the right check, with a message
# that names the parameter and shows the value given.


def test_check_real_says_what_range_is_allowed_and_what_was_given() -> None:
    cases = [
        ({"gt": 0}, -1, "x must be finite and > 0, got x=-1.0"),
        ({"ge": 0}, -0.5, "x must be finite and >= 0, got x=-0.5"),
        ({"lt": 1}, 1, "x must be finite and < 1, got x=1.0"),
        ({"le": 1}, 2, "x must be finite and <= 1, got x=2.0"),
        ({"ge": 0, "le": 1}, 1.5, "x must be finite and in [0, 1], got x=1.5"),
        ({"gt": 0, "lt": 1}, 0.0, "x must be finite and in (0, 1), got x=0.0"),
        ({"ge": 0, "lt": 1}, 1.0, "x must be finite and in [0, 1), got x=1.0"),
        ({"gt": 0, "le": 1}, 0, "x must be finite and in (0, 1], got x=0.0"),
        ({}, np.nan, "x must be finite, got x=nan"),
        ({}, -np.inf, "x must be finite, got x=-inf"),
        ({"gt": 0}, np.inf, "x must be finite and > 0, got x=inf"),
        ({"gt": 0}, np.nan, "x must be finite and > 0, got x=nan"),
        (
            {"gt": 0},
            np.array([[0.1, 0.2], [0.3, -0.4]]),
            "x must be finite and > 0, got x=-0.4 (at index (1, 1))",
        ),
        (
            {"gt": 0},
            [0.1, np.nan],
            "x must be finite and > 0, got x=nan (at index (1,))",
        ),
    ]
    for bounds, value, message in cases:
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            check_real("x", value, **bounds)
    assert check_real("x", 1, gt=0) == 1.0
    assert type(check_real("x", np.float32(0.5), gt=0)) is float
    np.testing.assert_array_equal(check_real("x", (0.0, 1.0), ge=0), [0.0, 1.0])


def test_check_real_refuses_what_is_not_a_real_number() -> None:
    for value in ("0.1", True, None, 1j, {"x": 1}, [[1.0], [2.0, 3.0]], ["a"]):
        message = f"x must be a real number or an array of them, got x={value!r}"
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            check_real("x", value)
        with pytest.raises(TypeError, match=r"^x must be a real number, got x="):
            check_real("x", value, array=False)
    with pytest.raises(
        TypeError, match=r"^x must be a scalar, got an array of shape \(2,\)$"
    ):
        check_real("x", [0.1, 0.2], array=False)


def test_check_int_wants_an_integer_in_range() -> None:
    for value in (1.5, 2.0, True, "3", None, np.float64(2.0)):
        message = f"x must be an integer, got x={value!r}"
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            check_int("x", value, ge=1)
    for value in (0, -1, np.int64(-5)):
        message = f"x must be >= 1, got x={value!r}"
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            check_int("x", value, ge=1)
    assert check_int("x", np.int64(1), ge=1) == 1
    assert type(check_int("x", np.int8(-3))) is int


def test_check_bool_wants_true_or_false() -> None:
    for value in ("yes", 1, 0, None, np.array([True])):
        message = f"x must be True or False, got x={value!r}"
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            check_bool("x", value)
    assert check_bool("x", np.True_) is True
    assert check_bool("x", False) is False


def test_as_float_array_and_check_finite_name_the_value() -> None:
    with pytest.raises(
        TypeError, match=r"^x must be an array of real numbers, got x='abc'$"
    ):
        as_float_array("x", "abc")
    with pytest.raises(TypeError, match=r"^x must be a point, got x=\[1, 'a'\]$"):
        as_float_array("x", [1, "a"], "a point")
    given = [1.0, np.inf]
    with pytest.raises(ValueError, match=r"^x must be finite, got x=\[1\.0, inf\]$"):
        check_finite("x", as_float_array("x", given), given)
    kept = np.ones(2)
    assert as_float_array("x", kept) is kept
    assert as_float_array("x", kept, copy=True) is not kept


# -------------------------------------------- each optimizer's hyperparameters

#: Per range: values it refuses and values at its edges that it allows.
RANGES: dict[str, tuple[list[float], list[float]]] = {
    "> 0": ([0.0, -1.0, np.nan, np.inf], [1e-300, 10.0]),
    ">= 0": ([-1e-3, -np.inf, np.nan, np.inf], [0.0, 10.0]),
    "in [0, 1]": ([-0.1, 1.5, np.nan], [0.0, 1.0]),
    "in [0, 1)": ([-0.1, 1.0, np.nan], [0.0, 0.999]),
}

#: Per optimizer: each real hyperparameter and the range the docs give it.
HYPERPARAMETERS: dict[type[optim.Optimizer], dict[str, str]] = {
    optim.SGD: {
        "lr": "> 0",
        "momentum": ">= 0",
        "dampening": "in [0, 1]",
        "weight_decay": ">= 0",
    },
    optim.HeavyBall: {"lr": "> 0", "beta": ">= 0"},
    optim.Adagrad: {
        "lr": "> 0",
        "lr_decay": ">= 0",
        "weight_decay": ">= 0",
        "initial_accumulator_value": ">= 0",
        "eps": "> 0",
    },
    optim.RMSprop: {
        "lr": "> 0",
        "alpha": "in [0, 1]",
        "eps": "> 0",
        "weight_decay": ">= 0",
        "momentum": ">= 0",
    },
    optim.Adam: {
        "lr": "> 0",
        "beta1": "in [0, 1)",
        "beta2": "in [0, 1)",
        "eps": "> 0",
        "weight_decay": ">= 0",
    },
}
HYPERPARAMETERS[optim.AdamW] = HYPERPARAMETERS[optim.Adam]

#: Per optimizer: its True/False options.
FLAGS: dict[type[optim.Optimizer], tuple[str, ...]] = {
    optim.SGD: ("nesterov",),
    optim.HeavyBall: (),
    optim.Adagrad: (),
    optim.RMSprop: ("centered",),
    optim.Adam: ("amsgrad",),
    optim.AdamW: ("amsgrad",),
}


def make(factory: type[optim.Optimizer], name: str, value: Any) -> optim.Optimizer:
    """The optimizer with ``name`` set to ``value`` (the betas one at a time)."""
    kwargs: dict[str, Any] = {"lr": 0.1}
    if name == "beta1":
        kwargs["betas"] = (value, 0.999)
    elif name == "beta2":
        kwargs["betas"] = (0.9, value)
    else:
        kwargs[name] = value
    if name == "nesterov":
        kwargs["momentum"] = 0.9
    return factory(**kwargs)


def names(name: str, value: Any) -> str:
    """A pattern for a message that names ``name`` and shows ``value``."""
    return f"{re.escape(name)} must be .*got {re.escape(name)}={re.escape(repr(value))}"


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_every_public_parameter_is_checked_here(
    factory: type[optim.Optimizer],
) -> None:
    checked = {
        "betas" if n.startswith("beta") and factory is not optim.HeavyBall else n
        for n in HYPERPARAMETERS[factory]
    }
    public = set(inspect.signature(factory).parameters)
    assert public == checked | set(FLAGS[factory])


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_hyperparameters_outside_their_range_are_refused(
    factory: type[optim.Optimizer],
) -> None:
    for name, allowed in HYPERPARAMETERS[factory].items():
        refused, edges = RANGES[allowed]
        for value in refused:
            with pytest.raises(ValueError, match=f"^{names(name, value)}$"):
                make(factory, name, value)
            batch = np.array([edges[0], value, edges[-1]])
            at = re.escape(" (at index (1,))")
            with pytest.raises(ValueError, match=f"^{names(name, value)}{at}$"):
                make(factory, name, batch)
        for value in edges:
            make(factory, name, value)
        make(factory, name, np.array(edges))


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_hyperparameters_must_be_numbers(factory: type[optim.Optimizer]) -> None:
    for name in HYPERPARAMETERS[factory]:
        for value in ("0.1", True, None):
            with pytest.raises(TypeError, match=f"^{names(name, value)}$"):
                make(factory, name, value)


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_a_schedule_is_checked_at_the_step_it_returns_a_bad_value(
    factory: type[optim.Optimizer],
) -> None:
    for name, allowed in HYPERPARAMETERS[factory].items():
        refused, edges = RANGES[allowed]
        for value, error, shown in [
            *((v, ValueError, names(name, v)) for v in refused),
            ("fast", TypeError, names(name, "fast")),
            (
                np.array([edges[0], refused[0]]),
                ValueError,
                names(name, refused[0]) + re.escape(" (at index (1,))"),
            ),
        ]:
            good = edges[-1]
            opt = make(factory, name, lambda t, v=value, g=good: g if t < 3 else v)
            for t in range(3):
                opt.at(t)
            step = f"the schedule given as {name} returned a bad value at step 3: "
            with pytest.raises(error, match=f"^{re.escape(step)}{shown}"):
                opt.at(3)


@pytest.mark.parametrize("factory", OPTIMIZERS, ids=lambda f: f.__name__)
def test_flags_must_be_true_or_false(factory: type[optim.Optimizer]) -> None:
    for name in FLAGS[factory]:
        for value in ("yes", 1, None):
            with pytest.raises(TypeError, match=f"^{names(name, value)}$"):
                make(factory, name, value)
        assert getattr(make(factory, name, np.True_), name) is True


@pytest.mark.parametrize("factory", [optim.Adam, optim.AdamW])
def test_betas_must_be_a_pair(factory: type[optim.Optimizer]) -> None:
    for betas in [(0.9,), 0.9, [0.9, 0.99, 0.999], None, np.array([0.9, 0.99])]:
        message = f"betas must be a pair (beta1, beta2), got betas={betas!r}"
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            factory(lr=0.1, betas=betas)
    assert factory(lr=0.1, betas=[0.5, 0.9]).at(0)["beta2"] == 0.9


def test_nesterov_needs_fixed_positive_momentum_and_no_dampening() -> None:
    rule = (
        "nesterov=True requires momentum > 0 and dampening = 0 (as fixed values), got "
    )
    for momentum, dampening, shown in [
        (0, 0, "momentum=0, dampening=0"),
        (0.9, 0.1, "momentum=0.9, dampening=0.1"),
        (np.array([0.9, 0.0]), 0, "momentum=array(shape=(2,)), dampening=0"),
        (0.9, np.array([0.0, 0.1]), "momentum=0.9, dampening=array(shape=(2,))"),
        (lambda _: 0.9, 0, "momentum=<lambda>, dampening=0"),
        (0.9, lambda _: 0.0, "momentum=0.9, dampening=<lambda>"),
    ]:
        with pytest.raises(ValueError, match=f"^{re.escape(rule + shown)}$"):
            optim.SGD(0.1, momentum=momentum, dampening=dampening, nesterov=True)
    optim.SGD(0.1, momentum=np.array([0.1, 0.9]), nesterov=True)


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
