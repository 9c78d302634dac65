"""gdbook's optimizers replay torch.optim's trajectories (torch is not needed).

``tests/data/torch_optim.npz`` holds, for every optimizer and option, the 200
float64 steps torch.optim took on two landscapes, with the case definitions
as JSON; ``tools/crosscheck_optim.py`` writes it. Here each case is replayed
through the optimizer protocol (``init``, ``at``, ``update``) and must agree to
1e-12 relative: the two differ only by the roundings torch's fused
multiply-adds save.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gdbook import optim

DATA = Path(__file__).parent / "data" / "torch_optim.npz"
with np.load(DATA) as _data:
    META = json.loads(str(_data["cases"]))
    REFERENCE = {name: _data[name] for name in _data.files if name != "cases"}
CASES: list[dict[str, Any]] = META["cases"]
FLAGS = ("nesterov", "amsgrad", "centered")


# The same operations, in the same order, as the torch gradients of the script.
def rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    a, b = x[..., 0], x[..., 1]
    return np.stack([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)], axis=-1)


def curve_grad(x: np.ndarray) -> np.ndarray:
    w = x[..., 0]
    return np.stack([0.08 * (w - 6) + 0.5 * np.pi * np.sin(np.pi * w)], axis=-1)


GRADS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "rosenbrock": rosenbrock_grad,
    "curve": curve_grad,
}


def step_lr(lr: float, step_size: int, gamma: float) -> Callable[[int], float]:
    """torch's StepLR in closed form."""
    return lambda t: lr * gamma ** (t // step_size)


def optimizer(name: str, kwargs: dict[str, Any], schedule: Any = None) -> Any:
    kwargs = dict(kwargs)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    if schedule:
        kwargs["lr"] = step_lr(kwargs["lr"], schedule["step_size"], schedule["gamma"])
    return getattr(optim, name)(**kwargs)


def replay(opt: Any, grad: Callable[..., np.ndarray], x0: Any, steps: int) -> Any:
    """The optimizer protocol, step by step: positions, shape (steps + 1, *x0.shape)."""
    x = np.array(x0, dtype=np.float64)
    state = opt.init(x)
    xs = [x.copy()]
    for t in range(steps):
        opt.update(x, grad(x), state, t, opt.at(t))
        xs.append(x.copy())
    return np.array(xs)


def atol(reference: np.ndarray) -> float:
    # Relative error means nothing where a coordinate passes through 0, so
    # there only, allow an absolute error at rounding level of the run's scale.
    crosses = np.any(np.diff(np.sign(reference), axis=0) != 0)
    return 1e-15 * float(np.max(np.abs(reference))) if crosses else 0.0


def test_reference_file_is_complete() -> None:
    assert META["torch"].startswith("2.13.0")
    optimizers = {case["optimizer"] for case in CASES}
    assert optimizers == {"SGD", "Adagrad", "RMSprop", "Adam", "AdamW"}
    assert {case["landscape"] for case in CASES} == set(GRADS)
    assert any(case["schedule"] for case in CASES)
    for case in CASES:
        ref = REFERENCE[case["name"]]
        assert ref.shape == (case["steps"] + 1, len(case["x0"]))
        assert np.isfinite(ref).all()
        # a run that goes nowhere would compare equal to anything
        assert np.abs(ref[-1] - ref[0]).max() > 1e-3, case["name"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_matches_torch(case: dict[str, Any]) -> None:
    opt = optimizer(case["optimizer"], case["kwargs"], case["schedule"])
    xs = replay(opt, GRADS[case["landscape"]], case["x0"], case["steps"])
    ref = REFERENCE[case["name"]]
    np.testing.assert_allclose(xs, ref, rtol=1e-12, atol=atol(ref))


SCHEDULED = [case for case in CASES if case["schedule"]]


@pytest.mark.parametrize("case", SCHEDULED, ids=[case["name"] for case in SCHEDULED])
def test_closed_form_schedule_is_torchs(case: dict[str, Any]) -> None:
    sched = case["schedule"]
    lr = step_lr(case["kwargs"]["lr"], sched["step_size"], sched["gamma"])
    lrs = [lr(t) for t in range(case["steps"])]
    np.testing.assert_array_equal(lrs, REFERENCE[f"{case['name']}--lr"])


def _group_key(case: dict[str, Any]) -> tuple[Any, ...]:
    flags = tuple(case["kwargs"].get(flag, False) for flag in FLAGS)
    return case["landscape"], case["optimizer"], flags


# Cases that differ only in real hyperparameters run as one batch with array
# hyperparameters, one row per torch run.
GROUPS = [
    list(group)
    for _, group in groupby(
        sorted((c for c in CASES if not c["schedule"]), key=_group_key),
        key=_group_key,
    )
]
GROUPS = [group for group in GROUPS if len(group) > 1]


@pytest.mark.parametrize(
    "group", GROUPS, ids=["+".join(c["name"] for c in group) for group in GROUPS]
)
def test_batch_of_hyperparameters_matches_torch(group: list[dict[str, Any]]) -> None:
    name = group[0]["optimizer"]
    defaults = {
        k: p.default
        for k, p in inspect.signature(getattr(optim, name)).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    kwargs: dict[str, Any] = {}
    for key, default in defaults.items():
        values = [case["kwargs"].get(key, default) for case in group]
        if key in FLAGS:
            kwargs[key] = values[0]
        elif key == "betas":
            kwargs[key] = tuple(
                np.array(beta, dtype=float) for beta in zip(*values, strict=True)
            )
        else:
            kwargs[key] = np.array(values, dtype=float)
    kwargs["lr"] = np.array([case["kwargs"]["lr"] for case in group])
    x0 = np.array([case["x0"] for case in group])
    xs = replay(getattr(optim, name)(**kwargs), GRADS[group[0]["landscape"]], x0, 200)
    for i, case in enumerate(group):
        ref = REFERENCE[case["name"]]
        np.testing.assert_allclose(
            xs[:, i], ref, rtol=1e-12, atol=atol(ref), err_msg=case["name"]
        )
