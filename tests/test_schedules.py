"""Tests of gdbook.schedules: torch's values at every step, errors, broadcasting.

The reference values in data/torch_schedules.npz come from
``tools/crosscheck_schedules.py`` (torch.optim.lr_scheduler, torch 2.13.0).
"""

from __future__ import annotations

import inspect
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdbook import optim, schedules

DATA = np.load(Path(__file__).parent / "data" / "torch_schedules.npz")
CASES = json.loads(str(DATA["cases"]))


def build(spec: dict[str, Any]) -> Any:
    """The gdbook schedule of a case spec (lists of lrs become arrays)."""
    params = dict(spec["params"])
    if spec["schedule"] == "sequential":
        params["schedules_list"] = [build(s) for s in params["schedules_list"]]
    for name in ("lr", "max_lr"):
        if isinstance(params.get(name), list):
            params[name] = np.array(params[name])
    return getattr(schedules, spec["schedule"])(**params)


# --- torch's values, step by step -------------------------------------------------


def test_reference_data_is_from_the_pinned_torch() -> None:
    assert str(DATA["torch_version"]).startswith("2.13.0")
    names = {c["schedule"] for c in CASES}
    # stack and decaying are made of the others, which match torch.
    assert names == set(schedules.__all__) - {"stack", "decaying"}


@pytest.mark.parametrize("spec", CASES, ids=[c["id"] for c in CASES])
def test_matches_torch_at_every_step(spec: dict[str, Any]) -> None:
    expected = DATA[spec["key"]]  # (steps, param groups)
    schedule = build(spec)
    t = np.arange(len(expected))
    got = schedule(t[:, None])
    assert np.shape(got) == expected.shape
    # Where the exact lr is 0 (linear to end_factor=0), torch's recursive
    # step() leaves a rounding residue of ~1e-18: that is all the atol allows.
    zero = got == 0
    np.testing.assert_allclose(got[~zero], expected[~zero], rtol=1e-12, atol=0)
    assert np.all(np.abs(expected[zero]) <= 1e-15 * np.max(expected))
    # One step at a time (the way an optimizer asks) gives the same values.
    one_by_one = np.array([schedule(int(i)) for i in t]).reshape(expected.shape)
    np.testing.assert_array_equal(one_by_one, got)


@pytest.mark.parametrize(
    "spec", [c for c in CASES if "raises_at" in c], ids=lambda c: c["id"]
)
def test_raises_where_torch_raises(spec: dict[str, Any]) -> None:
    schedule = build(spec)
    last = spec["raises_at"] - 1
    assert np.isfinite(schedule(last)).all()
    with pytest.raises(ValueError, match=rf"t must be <= {last} for one_cycle\("):
        schedule(spec["raises_at"])
    with pytest.raises(ValueError, match=rf"got t={last + 5}"):
        schedule(np.arange(last + 6))


# --- bad input --------------------------------------------------------------------
# The checks' wording is tested once, in test_optim.py; here each schedule's
# parameters are checked by rule: the message names the parameter and shows
# the value given.

#: Per range: values it refuses and values at its edges that it allows.
RANGES: dict[str, tuple[list[float], list[float]]] = {
    "> 0": ([0.0, -1.0, np.nan, np.inf], [1e-300, 10.0]),
    ">= 0": ([-1e-3, np.nan, np.inf], [0.0, 10.0]),
    "in (0, 1]": ([0.0, 1.5, np.nan], [1e-300, 1.0]),
    "in [0, 1]": ([-0.1, 1.1, np.nan], [0.0, 1.0]),
    "in (0, 1)": ([0.0, 1.0, -0.5, np.nan], [1e-3, 0.999]),
}

#: Per schedule: arguments that make it, then its real parameters and ranges,
#: its integer parameters (all >= 1) and which real ones must be scalars.
SIGNATURES: dict[str, tuple[dict[str, Any], dict[str, str], tuple[str, ...]]] = {
    "constant": ({"lr": 0.1}, {"lr": "> 0"}, ()),
    "step": (
        {"lr": 0.1, "step_size": 10, "gamma": 0.5},
        {"lr": "> 0", "gamma": "> 0"},
        ("step_size",),
    ),
    "multi_step": (
        {"lr": 0.1, "milestones": [10], "gamma": 0.5},
        {"lr": "> 0", "gamma": "> 0"},
        (),
    ),
    "exponential": ({"lr": 0.1, "gamma": 0.5}, {"lr": "> 0", "gamma": "> 0"}, ()),
    "inverse_time": ({"lr": 0.1, "decay": 0.5}, {"lr": "> 0", "decay": ">= 0"}, ()),
    "cosine": (
        {"lr": 100.0, "t_max": 10},
        {"lr": "> 0", "eta_min": ">= 0"},
        ("t_max",),
    ),
    "linear": (
        {"lr": 0.1, "start_factor": 0.5},
        {"lr": "> 0", "start_factor": "in (0, 1]", "end_factor": "in [0, 1]"},
        ("total_iters",),
    ),
    "one_cycle": (
        {"max_lr": 0.1, "total_steps": 100},
        {
            "max_lr": "> 0",
            "pct_start": "in (0, 1)",
            "div_factor": "> 0",
            "final_div_factor": "> 0",
        },
        ("total_steps",),
    ),
}
SCALARS = {"pct_start"}
#: Parameters with rules of their own, tested below.
OWN_RULES = {
    "multi_step": {"milestones"},
    "one_cycle": {"three_phase", "anneal_strategy"},
    "sequential": {"schedules_list", "milestones"},
    "stack": {"schedules_list"},
    "decaying": {"lr", "steps", "warmup"},
}


def names(name: str, value: Any) -> str:
    """A pattern for a message that names ``name`` and shows ``value``."""
    return f"{re.escape(name)} must be .*got {re.escape(name)}={re.escape(repr(value))}"


def test_every_public_parameter_is_checked_here() -> None:
    for name in schedules.__all__:
        base, reals, ints = SIGNATURES.get(name, ({}, {}, ()))
        checked = set(reals) | set(ints) | OWN_RULES.get(name, set())
        public = set(inspect.signature(getattr(schedules, name)).parameters)
        assert public == checked, name
        assert set(base) <= public


@pytest.mark.parametrize("name", list(SIGNATURES))
def test_real_parameters_outside_their_range_are_refused(name: str) -> None:
    factory = getattr(schedules, name)
    base, reals, _ = SIGNATURES[name]
    for param, allowed in reals.items():
        refused, edges = RANGES[allowed]
        for value in refused:
            with pytest.raises(ValueError, match=f"^{names(param, value)}$"):
                factory(**base | {param: value})
            if param in SCALARS:
                continue
            at = re.escape(" (at index (1,))")
            with pytest.raises(ValueError, match=f"^{names(param, value)}{at}$"):
                factory(**base | {param: np.array([edges[0], value])})
        for value in ("0.1", True, None):
            with pytest.raises(TypeError, match=f"^{names(param, value)}$"):
                factory(**base | {param: value})
        for value in edges:
            factory(**base | {param: value})
        if param in SCALARS:
            shape = re.escape("must be a scalar, got an array of shape (1,)")
            with pytest.raises(TypeError, match=f"^{param} {shape}$"):
                factory(**base | {param: np.array([edges[0]])})
        else:
            factory(**base | {param: np.array(edges)})


def test_integer_parameters_must_be_integers_from_1() -> None:
    for name, (base, _, ints) in SIGNATURES.items():
        factory = getattr(schedules, name)
        for param in ints:
            for value in (0, -1):
                with pytest.raises(ValueError, match=f"^{names(param, value)}$"):
                    factory(**base | {param: value})
            for value in (1.5, 10.0, True, "3", None):
                with pytest.raises(TypeError, match=f"^{names(param, value)}$"):
                    factory(**base | {param: value})
            factory(**base | {param: 1})
            factory(**base | {param: np.int64(3)})


def test_milestones_are_lists_of_integers_from_1_in_order() -> None:
    one = schedules.constant(0.1)
    makers = {
        "multi_step": lambda ms: schedules.multi_step(0.1, ms, 0.5),
        "sequential": lambda ms: schedules.sequential(
            [one] * (len(ms) + 1 if isinstance(ms, list) else 2), ms
        ),
    }
    for make in makers.values():
        for milestones in (30, "30", None):
            with pytest.raises(TypeError, match=f"^{names('milestones', milestones)}"):
                make(milestones)
        with pytest.raises(TypeError, match=names("milestones[1]", 2.5)):
            make([10, 2.5])
        with pytest.raises(TypeError, match=names("milestones[0]", True)):
            make([True])
        for bad in (0, -3):
            with pytest.raises(ValueError, match=names("milestones[0]", bad)):
                make([bad, 20])
        with pytest.raises(ValueError, match=r"^milestones must be .*\[30, 20\]$"):
            make([30, 20])
    # multi_step may decay twice at one step; sequential cannot switch twice.
    makers["multi_step"]([5, 5])
    with pytest.raises(
        ValueError, match=r"^milestones must be increasing, got milestones=\[5, 5\]$"
    ):
        makers["sequential"]([5, 5])
    with pytest.raises(ValueError, match=r"^milestones must be non-decreasing"):
        makers["multi_step"]([30, 20])


def test_sequential_needs_schedules_and_one_milestone_fewer() -> None:
    one = schedules.constant(0.1)
    with pytest.raises(ValueError, match=r"^schedules_list must hold at least one"):
        schedules.sequential([], [])
    for bad in (one, None, "constant"):
        with pytest.raises(TypeError, match=f"^{names('schedules_list', bad)}$"):
            schedules.sequential(bad, [])  # type: ignore[arg-type]
    rule = re.escape("schedules_list[1] must be a schedule (a callable of t), got ")
    for bad in (0.1, None, "constant"):
        with pytest.raises(TypeError, match=f"^{rule}{re.escape(repr(bad))}$"):
            schedules.sequential([one, bad], [5])  # type: ignore[list-item]
    for count, milestones in ((2, [5, 10]), (3, [5]), (1, [5])):
        with pytest.raises(
            ValueError,
            match=(
                r"^sequential needs one milestone fewer than schedules, got "
                f"{len(milestones)} milestones={re.escape(repr(milestones))} "
                f"for {count} schedules$"
            ),
        ):
            schedules.sequential([one] * count, milestones)


def test_stack_puts_each_schedule_on_the_last_axis() -> None:
    parts = [schedules.cosine(np.array([0.1, 0.2]), 10), schedules.constant(0.3)]
    both = schedules.stack(parts)
    t = np.arange(12)[:, None]
    values = both(t)
    assert values.shape == (12, 2, 2)
    np.testing.assert_array_equal(values[..., 0], parts[0](t))
    np.testing.assert_array_equal(values[..., 1], 0.3)
    with pytest.raises(ValueError, match="at least one schedule"):
        schedules.stack([])
    with pytest.raises(TypeError, match=r"schedules_list\[1\] must be a schedule"):
        schedules.stack([parts[0], 0.1])  # type: ignore[list-item]


def test_decaying_falls_from_its_peak_below_a_tenth() -> None:
    six = schedules.decaying(np.array([1.0, 2.0]), 300)
    assert list(six) == [
        "inverse time",
        "step",
        "exponential",
        "cosine",
        "warm-up + cosine",
        "one-cycle",
    ]
    for name, schedule in six.items():
        lrs = schedule(np.arange(300)[:, None])
        assert lrs.shape == (300, 2), name
        np.testing.assert_allclose(lrs.max(axis=0), [1.0, 2.0], err_msg=name)
        assert np.all(lrs[-1] < [0.2, 0.4]), name
    with pytest.raises(
        ValueError, match=r"^warmup must be below steps=300, got warmup=300$"
    ):
        schedules.decaying(1.0, 300, warmup=300)
    with pytest.raises(ValueError, match="steps"):
        schedules.decaying(1.0, 1)


def test_cosine_eta_min_must_not_exceed_lr() -> None:
    rule = r"^eta_min must be <= lr \(the lr anneals from lr down to eta_min\), got "
    with pytest.raises(ValueError, match=rule + r"eta_min=0\.2 and lr=0\.1$"):
        schedules.cosine(0.1, 10, eta_min=0.2)
    with pytest.raises(
        ValueError, match=rule + r"eta_min=0\.15 and lr=array\(shape=\(2,\)\)$"
    ):
        schedules.cosine(np.array([0.1, 0.2]), 10, eta_min=0.15)
    schedules.cosine(0.1, 10, eta_min=0.1)
    schedules.cosine(np.array([0.1, 0.2]), 10, eta_min=np.array([0.1, 0.15]))


def test_one_cycle_anneal_strategy_and_three_phase() -> None:
    for value in ("cosine", "COS", None):
        shown = names("anneal_strategy", value).replace(".*", r"'cos' or 'linear', ")
        with pytest.raises(ValueError, match=f"^{shown}$"):
            schedules.one_cycle(0.1, 100, anneal_strategy=value)  # type: ignore[arg-type]
    for value in (1, "yes", None):
        with pytest.raises(TypeError, match=f"^{names('three_phase', value)}$"):
            schedules.one_cycle(0.1, 100, three_phase=value)  # type: ignore[arg-type]
    schedules.one_cycle(0.1, 100, anneal_strategy="linear", three_phase=np.True_)


def test_one_cycle_refuses_a_phase_of_zero_steps() -> None:
    allowed = (
        r"allowed: pct_start \* total_steps != 1 and, with three_phase, "
        r"2 \* pct_start \* total_steps != total_steps \+ 1$"
    )
    for pct_start, total_steps, three_phase, phase in [
        (0.1, 10, False, "warm-up"),
        (0.5, 2, True, "warm-up"),
        (2 / 3, 3, True, "annihilation"),
    ]:
        with pytest.raises(
            ValueError,
            match=(
                f"^pct_start={re.escape(repr(pct_start))} with total_steps="
                f"{total_steps} makes the {phase} phase of one_cycle zero steps "
                f"long .*{allowed}"
            ),
        ):
            schedules.one_cycle(0.1, total_steps, pct_start, three_phase=three_phase)


EXAMPLES = {
    "constant": schedules.constant(0.1),
    "step": schedules.step(0.1, 30, 0.1),
    "multi_step": schedules.multi_step(0.1, [30, 30, 80], 0.5),
    "exponential": schedules.exponential(0.1, 0.99),
    "inverse_time": schedules.inverse_time(0.1, 0.5),
    "cosine": schedules.cosine(0.1, 100, eta_min=0.001),
    "linear": schedules.linear(0.1, 0.25, 1.0, 10),
    "one_cycle": schedules.one_cycle(0.1, 100),
    "sequential": schedules.sequential(
        [schedules.linear(0.1, 0.1), schedules.cosine(0.1, 95)], [5]
    ),
}


def test_every_schedule_refuses_a_negative_step() -> None:
    for schedule in EXAMPLES.values():
        for t, shown in ((-1, "-1"), (np.array([0, 3, -2]), "-2")):
            with pytest.raises(ValueError, match=rf"t must be >= 0 .*got t={shown}"):
                schedule(t)


def test_every_schedule_refuses_a_step_that_is_not_an_integer() -> None:
    bad = [(1.5, "t=1.5"), (np.arange(3.0), "dtype float64"), (True, "t=True")]
    bad.append(("3", "t='3'"))
    for schedule in EXAMPLES.values():
        for t, shown in bad:
            with pytest.raises(TypeError, match=r"t must be an integer step index"):
                schedule(t)
            with pytest.raises(TypeError, match=re.escape(shown)):
                schedule(t)


def test_one_cycle_inside_sequential_raises_past_its_end() -> None:
    lr = schedules.sequential(
        [schedules.constant(0.004), schedules.one_cycle(0.1, 50)], [10]
    )
    assert lr(60) == schedules.one_cycle(0.1, 50)(50)
    with pytest.raises(ValueError, match=r"t must be <= 50 for one_cycle\(.*got t=51"):
        lr(61)


def test_a_growth_that_overflows_gives_inf_quietly() -> None:
    # As in torch; the optimizer that uses it then names the bad value.
    lr = schedules.exponential(1.0, 2.0)
    assert lr(2000) == math.inf
    with pytest.raises(
        ValueError, match=r"returned a bad value at step 2000: lr must be finite"
    ):
        optim.SGD(lr=lr).at(2000)


# --- shapes, types, names ---------------------------------------------------------

ARRAY_PARAMETERS = [
    (schedules.constant, {"lr": [0.1, 0.2, 0.3]}),
    (schedules.step, {"lr": [0.1, 0.2, 0.3], "step_size": 3, "gamma": [0.1, 0.5, 0.9]}),
    (schedules.multi_step, {"lr": [0.1, 0.2, 0.3], "milestones": [2, 4], "gamma": 0.5}),
    (schedules.exponential, {"lr": 0.1, "gamma": [0.5, 0.9, 1.1]}),
    (schedules.inverse_time, {"lr": [0.1, 0.2, 0.3], "decay": [0.0, 0.1, 1.0]}),
    (
        schedules.cosine,
        {"lr": [0.1, 0.2, 0.3], "t_max": 4, "eta_min": [0.0, 0.05, 0.3]},
    ),
    (
        schedules.linear,
        {"lr": 0.1, "start_factor": [0.1, 0.5, 1.0], "end_factor": [1.0, 0.5, 0.0]},
    ),
    (
        schedules.one_cycle,
        {"max_lr": [0.1, 0.2, 0.3], "total_steps": 9, "div_factor": [10.0, 25.0, 5.0]},
    ),
]


@pytest.mark.parametrize(
    ("factory", "kwargs"),
    ARRAY_PARAMETERS,
    ids=[f.__name__ for f, _ in ARRAY_PARAMETERS],
)
def test_array_parameters_broadcast_against_t(
    factory: Any, kwargs: dict[str, Any]
) -> None:
    arrays = {
        k: np.array(v)
        for k, v in kwargs.items()
        if isinstance(v, list) and k != "milestones"
    }
    batched = factory(**{**kwargs, **arrays})
    assert batched(3).shape == (3,)
    t = np.arange(9)
    got = batched(t[:, None])
    assert got.shape == (9, 3)
    for j in range(3):
        one = factory(**{**kwargs, **{k: float(v[j]) for k, v in arrays.items()}})
        np.testing.assert_array_equal(got[:, j], one(t))
    # A 2-D batch of parameters against a 2-D array of steps.
    grid = factory(**{**kwargs, **{k: v[:, None] for k, v in arrays.items()}})
    assert grid(np.arange(4)[:, None, None]).shape == (4, 3, 1)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_scalar_in_float_out_and_array_in_array_out(name: str) -> None:
    schedule = EXAMPLES[name]
    assert type(schedule(0)) is float
    assert type(schedule(np.int32(7))) is float
    t = np.arange(100, dtype=np.uint16).reshape(4, 25)
    values = schedule(t)
    assert isinstance(values, np.ndarray)
    assert values.dtype == np.float64
    assert values.shape == (4, 25)
    np.testing.assert_array_equal(values.ravel(), [schedule(int(i)) for i in t.ravel()])
    assert schedule(np.array([], dtype=int)).shape == (0,)


@pytest.mark.parametrize(
    ("schedule", "name"),
    [
        (EXAMPLES["constant"], "constant(lr=0.1)"),
        (EXAMPLES["step"], "step(lr=0.1, step_size=30, gamma=0.1)"),
        (
            EXAMPLES["multi_step"],
            "multi_step(lr=0.1, milestones=[30, 30, 80], gamma=0.5)",
        ),
        (EXAMPLES["exponential"], "exponential(lr=0.1, gamma=0.99)"),
        (EXAMPLES["inverse_time"], "inverse_time(lr=0.1, decay=0.5)"),
        (EXAMPLES["cosine"], "cosine(lr=0.1, t_max=100, eta_min=0.001)"),
        (
            EXAMPLES["linear"],
            "linear(lr=0.1, start_factor=0.25, end_factor=1.0, total_iters=10)",
        ),
        (
            EXAMPLES["one_cycle"],
            (
                "one_cycle(max_lr=0.1, total_steps=100, pct_start=0.3, "
                "anneal_strategy='cos', div_factor=25.0, final_div_factor=10000.0, "
                "three_phase=False)"
            ),
        ),
        (
            EXAMPLES["sequential"],
            (
                "sequential(schedules_list=[linear(lr=0.1, start_factor=0.1, "
                "end_factor=1.0, total_iters=5), cosine(lr=0.1, t_max=95, eta_min=0.0)], "
                "milestones=[5])"
            ),
        ),
        (schedules.constant(np.ones((2, 3))), "constant(lr=array(shape=(2, 3)))"),
    ],
    ids=[*EXAMPLES, "array"],
)
def test_name_spells_out_the_call(schedule: Any, name: str) -> None:
    assert schedule.__name__ == name
    assert schedule.__qualname__ == name
    assert repr(optim.SGD(lr=schedule)).startswith(f"SGD(lr={name}, ")


def test_an_optimizer_takes_a_schedule() -> None:
    opt = optim.SGD(lr=schedules.step(np.array([0.1, 1.0]), 30, 0.1))
    np.testing.assert_allclose(opt.at(30)["lr"], [[0.01], [0.1]])


# --- properties -------------------------------------------------------------------

lrs = st.floats(1e-6, 10.0)
factors = st.floats(0.01, 0.999)
steps = st.integers(0, 2000)


@given(lrs, st.integers(1, 50), factors, steps)
def test_step_is_non_increasing_for_gamma_below_1(
    lr: float, step_size: int, gamma: float, t: int
) -> None:
    schedule = schedules.step(lr, step_size, gamma)
    assert schedule(t + 1) <= schedule(t)
    assert schedule(t) == schedule(t - t % step_size)


@given(lrs, st.lists(st.integers(1, 300), max_size=6), factors, steps)
def test_multi_step_decays_once_per_milestone_passed(
    lr: float, milestones: list[int], gamma: float, t: int
) -> None:
    milestones.sort()
    schedule = schedules.multi_step(lr, milestones, gamma)
    assert schedule(t + 1) <= schedule(t)
    passed = sum(m <= t for m in milestones)
    assert schedule(t) == pytest.approx(lr * gamma**passed, rel=1e-12)


@given(lrs, st.floats(0.0, 100.0), steps)
def test_inverse_time_is_lr_over_1_plus_decay_t(
    lr: float, decay: float, t: int
) -> None:
    assert schedules.inverse_time(lr, decay)(t) == lr / (1 + decay * t)


@given(lrs, st.floats(0.5, 2.0), st.integers(0, 500))
def test_exponential_multiplies_by_gamma_each_step(
    lr: float, gamma: float, t: int
) -> None:
    schedule = schedules.exponential(lr, gamma)
    assert schedule(t + 1) == pytest.approx(gamma * schedule(t), rel=1e-12)


@given(lrs, st.integers(1, 500), st.floats(0.0, 1.0), steps)
def test_cosine_stays_within_eta_min_and_lr(
    lr: float, t_max: int, fraction: float, t: int
) -> None:
    eta_min = fraction * lr
    schedule = schedules.cosine(lr, t_max, eta_min)
    # A rounding of a few ulps either way is all that is allowed.
    assert eta_min * (1 - 1e-15) <= schedule(t) <= lr * (1 + 1e-15)
    assert schedule(t) == pytest.approx(schedule(t + 2 * t_max), rel=1e-12)
    assert schedule(t_max) == pytest.approx(eta_min, rel=1e-12, abs=1e-15 * lr)


def torch_cosine_recursion(
    lr: float, t_max: int, eta_min: float, n: int
) -> list[float]:
    """CosineAnnealingLR.get_lr as torch 2.13 runs it, one step() at a time."""
    values = [lr]
    for t in range(1, n):
        prev = values[-1]
        if (t - 1 - t_max) % (2 * t_max) == 0:
            values.append(prev + (lr - eta_min) * (1 - math.cos(math.pi / t_max)) / 2)
        else:
            ratio = (1 + math.cos(math.pi * t / t_max)) / (
                1 + math.cos(math.pi * (t - 1) / t_max)
            )
            values.append(ratio * (prev - eta_min) + eta_min)
    return values


@given(lrs, st.integers(1, 2000), st.floats(0.0, 0.9))
def test_cosine_closed_form_equals_torch_recursion_up_to_t_max(
    lr: float, t_max: int, fraction: float
) -> None:
    eta_min = fraction * lr
    recursive = torch_cosine_recursion(lr, t_max, eta_min, t_max + 1)
    closed = schedules.cosine(lr, t_max, eta_min)(np.arange(t_max + 1))
    np.testing.assert_allclose(closed, recursive, rtol=1e-12, atol=1e-15 * lr)


@given(lrs, st.integers(1, 120), st.floats(0.0, 0.9))
def test_cosine_past_t_max_follows_torch_recursion(
    lr: float, t_max: int, fraction: float
) -> None:
    # Past the first low the recursion drifts by ~3e-17 t_max**2 relative
    # (torch's rounding near eta_min): well within 1e-12 up to t_max = 120.
    eta_min = fraction * lr
    n = 4 * t_max + 3
    recursive = torch_cosine_recursion(lr, t_max, eta_min, n)
    closed = schedules.cosine(lr, t_max, eta_min)(np.arange(n))
    np.testing.assert_allclose(closed, recursive, rtol=1e-12, atol=1e-15 * lr)


@given(lrs, factors, st.floats(0.0, 1.0), st.integers(1, 200), steps)
def test_linear_moves_from_start_to_end_factor(
    lr: float, start: float, end: float, total_iters: int, t: int
) -> None:
    schedule = schedules.linear(lr, start, end, total_iters)
    assert schedule(0) == lr * start
    assert schedule(total_iters + t) == lr * end
    low, high = sorted((start, end))
    assert lr * low * (1 - 1e-15) <= schedule(t) <= lr * high * (1 + 1e-15)


@given(
    lrs,
    st.integers(2, 1000),
    st.floats(0.05, 0.45),
    st.sampled_from(["cos", "linear"]),
    st.booleans(),
    st.data(),
)
def test_one_cycle_stays_between_min_and_max_lr_during_the_cycle(
    max_lr: float,
    total_steps: int,
    pct_start: float,
    anneal_strategy: str,
    three_phase: bool,
    data: st.DataObject,
) -> None:
    try:
        schedule = schedules.one_cycle(
            max_lr, total_steps, pct_start, anneal_strategy, three_phase=three_phase
        )
    except ValueError as err:
        assert "zero steps long" in str(err)  # noqa: PT017
        return
    t = data.draw(st.integers(0, total_steps - 1))
    min_lr = max_lr / 25.0 / 1e4
    # torch's linear anneal, (end - start) * pct + start, rounds to ~1e-16 of
    # max_lr, which is far more than 1e-16 of min_lr.
    slack = 1e-15 * max_lr
    assert min_lr - slack <= schedule(t) <= max_lr + slack
    assert schedule(total_steps - 1) == pytest.approx(min_lr, rel=1e-12, abs=slack)


@given(steps, st.integers(1, 500))
def test_sequential_restarts_each_schedule_at_its_milestone(
    t: int, milestone: int
) -> None:
    first = schedules.exponential(0.1, 0.99)
    second = schedules.cosine(0.05, 40)
    schedule = schedules.sequential([first, second], [milestone])
    expected = first(t) if t < milestone else second(t - milestone)
    assert schedule(t) == expected
    assert schedule(np.array([t]))[0] == expected


def test_sequential_of_batched_schedules() -> None:
    lr = np.array([0.1, 0.2])
    first, second = schedules.linear(lr, 0.1), schedules.cosine(lr, 20)
    schedule = schedules.sequential([first, second], [5])
    t = np.arange(30)
    got = schedule(t[:, None])
    assert got.shape == (30, 2)
    np.testing.assert_array_equal(got[:5], first(t[:5, None]))
    np.testing.assert_array_equal(got[5:], second(t[5:, None] - 5))
    np.testing.assert_array_equal(got[7], schedule(7))
