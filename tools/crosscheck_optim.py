"""Record torch.optim's trajectories: the references gdbook's optimizers must match.

Every optimizer, with each of its options, is run by torch.optim for 200 steps
in float64 on two landscapes whose gradients are written out by hand: the 2D
Rosenbrock function and the 1D curve L(w) = 0.04 (w - 6)^2 - 0.5 cos(pi w).
The trajectories and the case definitions (a JSON string) are written to
``tests/data/torch_optim.npz``; ``tests/test_optim_torch.py`` replays each case
with gdbook, without torch, and compares.

Run it with the pinned torch (``nox -s crosscheck`` installs it)::

    python tools/crosscheck_optim.py

It imports nothing from gdbook: the references come from torch alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_optim.npz"
TORCH = "2.13.0"
STEPS = 200
MAX_AMPLIFICATION = 1000.0


# The gradients are written in the same order of operations as the numpy ones
# in tests/test_optim_torch.py, so that both sides see the same numbers.
def rosenbrock_loss(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosenbrock_grad(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return torch.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def curve_loss(p: torch.Tensor) -> torch.Tensor:
    w = p[0]
    return 0.04 * (w - 6) ** 2 - 0.5 * torch.cos(math.pi * w)


def curve_grad(p: torch.Tensor) -> torch.Tensor:
    w = p[0]
    return torch.stack([0.08 * (w - 6) + 0.5 * math.pi * torch.sin(math.pi * w)])


Fn = Callable[[torch.Tensor], torch.Tensor]
LANDSCAPES: dict[str, tuple[Fn, Fn]] = {
    "rosenbrock": (rosenbrock_loss, rosenbrock_grad),
    "curve": (curve_loss, curve_grad),
}
STARTS = {"rosenbrock": [-1.2, 1.0], "curve": [0.75]}

# Each option of each optimizer, with hyperparameters that keep the runs
# well-behaved (not chaotic) on each landscape, so that rounding differences
# stay at the level of rounding. Keys are torch.optim's keyword arguments.
OPTIONS: dict[str, dict[str, dict[str, Any]]] = {
    "rosenbrock": {
        "sgd": {"optimizer": "SGD", "lr": 5e-4},
        "sgd-momentum": {"optimizer": "SGD", "lr": 2e-4, "momentum": 0.9},
        "sgd-dampening": {
            "optimizer": "SGD", "lr": 3e-4, "momentum": 0.9, "dampening": 0.5,
        },
        "sgd-dampening-no-momentum": {"optimizer": "SGD", "lr": 5e-4, "dampening": 0.5},
        "sgd-nesterov": {
            "optimizer": "SGD", "lr": 2e-4, "momentum": 0.9, "nesterov": True,
        },
        "sgd-weight-decay": {"optimizer": "SGD", "lr": 5e-4, "weight_decay": 0.1},
        "sgd-momentum-weight-decay": {
            "optimizer": "SGD", "lr": 2e-4, "momentum": 0.8, "dampening": 0.1,
            "weight_decay": 0.5,
        },
        "adagrad": {"optimizer": "Adagrad", "lr": 0.3},
        "adagrad-lr-decay": {"optimizer": "Adagrad", "lr": 0.3, "lr_decay": 0.01},
        "adagrad-weight-decay": {"optimizer": "Adagrad", "lr": 0.3, "weight_decay": 0.1},
        "adagrad-initial-accumulator": {
            "optimizer": "Adagrad", "lr": 0.3, "initial_accumulator_value": 1.0,
        },
        "adagrad-eps": {"optimizer": "Adagrad", "lr": 0.3, "eps": 1e-3},
        "rmsprop": {"optimizer": "RMSprop", "lr": 5e-3},
        "rmsprop-alpha": {"optimizer": "RMSprop", "lr": 5e-3, "alpha": 0.3},
        "rmsprop-momentum": {"optimizer": "RMSprop", "lr": 1e-3, "momentum": 0.9},
        "rmsprop-centered": {"optimizer": "RMSprop", "lr": 1e-3, "centered": True},
        "rmsprop-centered-momentum": {
            "optimizer": "RMSprop", "lr": 3e-4, "alpha": 0.95, "momentum": 0.5,
            "centered": True,
        },
        "rmsprop-weight-decay": {"optimizer": "RMSprop", "lr": 5e-3, "weight_decay": 0.1},
        "adam": {"optimizer": "Adam", "lr": 0.05},
        "adam-betas": {"optimizer": "Adam", "lr": 0.01, "betas": [0.4, 0.99]},
        "adam-amsgrad": {"optimizer": "Adam", "lr": 0.05, "amsgrad": True},
        "adam-weight-decay": {"optimizer": "Adam", "lr": 0.05, "weight_decay": 0.1},
        "adam-eps": {"optimizer": "Adam", "lr": 0.05, "eps": 1.0},
        "adamw": {"optimizer": "AdamW", "lr": 0.05},
        "adamw-amsgrad": {"optimizer": "AdamW", "lr": 0.05, "amsgrad": True},
        "adamw-weight-decay": {"optimizer": "AdamW", "lr": 0.02, "weight_decay": 0.5},
    },
    "curve": {
        "sgd": {"optimizer": "SGD", "lr": 0.1},
        "sgd-momentum": {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9},
        "sgd-dampening": {
            "optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "dampening": 0.5,
        },
        "sgd-dampening-no-momentum": {"optimizer": "SGD", "lr": 0.1, "dampening": 0.5},
        "sgd-nesterov": {
            "optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": True,
        },
        "sgd-weight-decay": {"optimizer": "SGD", "lr": 0.1, "weight_decay": 0.1},
        "sgd-momentum-weight-decay": {
            "optimizer": "SGD", "lr": 0.05, "momentum": 0.8, "dampening": 0.1,
            "weight_decay": 0.5,
        },
        "adagrad": {"optimizer": "Adagrad", "lr": 0.5},
        "adagrad-lr-decay": {"optimizer": "Adagrad", "lr": 0.5, "lr_decay": 0.01},
        "adagrad-weight-decay": {"optimizer": "Adagrad", "lr": 0.5, "weight_decay": 0.1},
        "adagrad-initial-accumulator": {
            "optimizer": "Adagrad", "lr": 0.5, "initial_accumulator_value": 1.0,
        },
        "adagrad-eps": {"optimizer": "Adagrad", "lr": 0.5, "eps": 1e-3},
        "rmsprop": {"optimizer": "RMSprop", "lr": 0.02},
        "rmsprop-alpha": {"optimizer": "RMSprop", "lr": 0.02, "alpha": 0.3},
        "rmsprop-momentum": {"optimizer": "RMSprop", "lr": 0.01, "momentum": 0.9},
        "rmsprop-centered": {"optimizer": "RMSprop", "lr": 0.01, "centered": True},
        "rmsprop-centered-momentum": {
            "optimizer": "RMSprop", "lr": 0.003, "alpha": 0.95, "momentum": 0.5,
            "centered": True,
        },
        "rmsprop-weight-decay": {"optimizer": "RMSprop", "lr": 0.02, "weight_decay": 0.1},
        "adam": {"optimizer": "Adam", "lr": 0.1},
        "adam-betas": {"optimizer": "Adam", "lr": 0.03, "betas": [0.4, 0.99]},
        "adam-amsgrad": {"optimizer": "Adam", "lr": 0.1, "amsgrad": True},
        "adam-weight-decay": {"optimizer": "Adam", "lr": 0.1, "weight_decay": 0.1},
        "adam-eps": {"optimizer": "Adam", "lr": 0.1, "eps": 1.0},
        "adamw": {"optimizer": "AdamW", "lr": 0.1},
        "adamw-amsgrad": {"optimizer": "AdamW", "lr": 0.1, "amsgrad": True},
        "adamw-weight-decay": {"optimizer": "AdamW", "lr": 0.1, "weight_decay": 0.5},
    },
}  # fmt: skip

# Learning-rate schedules: torch's StepLR against the closed form
# lr * gamma ** (t // step_size). gamma = 0.5 keeps both forms exact.
SCHEDULED: dict[str, dict[str, Any]] = {
    "sgd-momentum-step-lr": {"from": "sgd-momentum", "step_size": 50, "gamma": 0.5},
    "adam-step-lr": {"from": "adam", "step_size": 40, "gamma": 0.5},
    "rmsprop-momentum-step-lr": {
        "from": "rmsprop-momentum", "step_size": 30, "gamma": 0.5,
    },
}  # fmt: skip


def cases() -> list[dict[str, Any]]:
    """The case definitions, as stored in the npz (JSON-able)."""
    out = []
    for landscape, options in OPTIONS.items():
        for option, spec in options.items():
            kwargs = {k: v for k, v in spec.items() if k != "optimizer"}
            out.append({
                "name": f"{landscape}-{option}", "landscape": landscape,
                "x0": STARTS[landscape], "steps": STEPS,
                "optimizer": spec["optimizer"], "kwargs": kwargs, "schedule": None,
            })  # fmt: skip
        for option, sched in SCHEDULED.items():
            spec = options[sched["from"]]
            kwargs = {k: v for k, v in spec.items() if k != "optimizer"}
            out.append({
                "name": f"{landscape}-{option}", "landscape": landscape,
                "x0": STARTS[landscape], "steps": STEPS,
                "optimizer": spec["optimizer"], "kwargs": kwargs,
                "schedule": {
                    "kind": "step", "step_size": sched["step_size"],
                    "gamma": sched["gamma"],
                },
            })  # fmt: skip
    return out


def run(case: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """torch's trajectory, shape (steps + 1, dim), and lr of each update, (steps,)."""
    _, grad = LANDSCAPES[case["landscape"]]
    p = torch.tensor(case["x0"], dtype=torch.float64, requires_grad=True)
    kwargs = dict(case["kwargs"])
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    # foreach=False: the single-tensor code path, the one gdbook mirrors.
    opt = getattr(torch.optim, case["optimizer"])([p], foreach=False, **kwargs)
    sched = case["schedule"]
    scheduler = (
        torch.optim.lr_scheduler.StepLR(
            opt, step_size=sched["step_size"], gamma=sched["gamma"]
        )
        if sched
        else None
    )
    xs = np.empty((case["steps"] + 1, len(case["x0"])))
    lrs = np.empty(case["steps"])
    xs[0] = p.detach().numpy()
    for t in range(case["steps"]):
        lrs[t] = opt.param_groups[0]["lr"]
        with torch.no_grad():
            p.grad = grad(p.detach())
        opt.step()
        if scheduler is not None:
            scheduler.step()
        xs[t + 1] = p.detach().numpy()
    if not np.isfinite(xs).all():
        msg = f"case {case['name']} left the finite numbers: choose other settings"
        raise RuntimeError(msg)
    return xs, lrs


def amplification(case: dict[str, Any], xs: np.ndarray) -> float:
    """How much a relative nudge of 1e-12 to the start grows along the run.

    The replay differs from torch by roundings (torch fuses multiply-adds);
    a run that amplifies such differences (a chaotic or nearly singular one)
    could not be compared at 1e-12, so its settings must be changed.
    """
    nudged = dict(case, x0=[v * (1 + 1e-12) for v in case["x0"]])
    ys, _ = run(nudged)
    return float(np.max(np.abs(ys - xs) / (1e-12 * np.maximum(np.abs(xs), 1e-3))))


def check_gradients() -> None:
    """The hand-written gradients against autograd, at each start and nearby."""
    for name, (loss, grad) in LANDSCAPES.items():
        for shift in (0.0, 0.3, -0.7):
            p = torch.tensor(STARTS[name], dtype=torch.float64) + shift
            p.requires_grad_(True)
            (auto,) = torch.autograd.grad(loss(p), p)
            torch.testing.assert_close(grad(p.detach()), auto, rtol=1e-12, atol=1e-12)


def main() -> None:
    if torch.__version__.split("+")[0] != TORCH:
        msg = f"the references are made with torch=={TORCH}, got {torch.__version__}"
        raise SystemExit(msg)
    torch.set_num_threads(1)
    check_gradients()
    specs = cases()
    arrays: dict[str, np.ndarray] = {}
    for case in specs:
        xs, lrs = run(case)
        if (amp := amplification(case, xs)) > MAX_AMPLIFICATION:
            msg = f"case {case['name']} amplifies rounding {amp:.3g}-fold: tame it"
            raise RuntimeError(msg)
        arrays[case["name"]] = xs
        if case["schedule"]:
            arrays[f"{case['name']}--lr"] = lrs
    meta = {"torch": torch.__version__, "cases": specs}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, cases=np.array(json.dumps(meta)), **arrays)
    print(f"wrote {len(specs)} cases to {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
