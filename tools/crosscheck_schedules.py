"""Record torch.optim.lr_scheduler's learning rates for tests/test_schedules.py.

Run with a Python that has torch==2.13.0 (CPU)::

    python tools/crosscheck_schedules.py

For every case below, a scheduler drives a dummy SGD optimizer for the case's
number of steps, and the lr of each ``optimizer.step()`` is recorded: row ``t``
is the lr used by update ``t``, after ``t`` calls of ``scheduler.step()``, which
``gdbook.schedules`` must reproduce. A list ``lr`` (or ``max_lr``) gives one
parameter group per value, to check array-valued parameters. Where torch
refuses to step further (OneCycleLR past ``total_steps``) the case records the
step it refused as ``raises_at``.

Everything goes into tests/data/torch_schedules.npz: the case specs as a JSON
string (``cases``, with gdbook's parameter names) and one array per case
(``lr_000``, ... of shape ``(steps, groups)``).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as sched

TORCH = "2.13.0"
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_schedules.npz"
GROUPS = [0.1, 0.5, 1.0]


def case(name: str, steps: int = 300, **params: Any) -> dict[str, Any]:
    """A case: ``schedules.<name>(**params)`` over ``steps`` steps."""
    return {"schedule": name, "params": params, "steps": steps}


def part(name: str, **params: Any) -> dict[str, Any]:
    """One schedule of a sequential case."""
    return {"schedule": name, "params": params}


CASES: dict[str, dict[str, Any]] = {
    "constant": case("constant", 20, lr=0.1),
    "constant/groups": case("constant", 20, lr=GROUPS),
    "step/torch-doc": case("step", lr=0.05, step_size=30, gamma=0.1),
    "step/every-step": case("step", lr=0.05, step_size=1, gamma=0.9),
    "step/odd": case("step", lr=1.0, step_size=7, gamma=0.5),
    "step/growth": case("step", lr=0.1, step_size=50, gamma=1.5),
    "step/groups": case("step", lr=GROUPS, step_size=25, gamma=0.3),
    "multi_step/torch-doc": case("multi_step", lr=0.05, milestones=[30, 80], gamma=0.1),
    "multi_step/repeated": case(
        "multi_step", lr=0.1, milestones=[30, 30, 80, 80, 80], gamma=0.5
    ),
    "multi_step/early-late": case(
        "multi_step", lr=0.1, milestones=[1, 2, 3, 250], gamma=0.7
    ),
    "multi_step/none": case("multi_step", 20, lr=0.2, milestones=[], gamma=0.1),
    "multi_step/groups": case("multi_step", lr=GROUPS, milestones=[10, 100], gamma=0.2),
    "exponential/decay": case("exponential", lr=0.1, gamma=0.99),
    "exponential/fast": case("exponential", lr=0.5, gamma=0.5),
    "exponential/range-test": case("exponential", lr=1e-3, gamma=1.02),
    "exponential/groups": case("exponential", lr=GROUPS, gamma=0.95),
    "inverse_time/zero-decay": case("inverse_time", 20, lr=0.1, decay=0.0),
    "inverse_time/slow": case("inverse_time", lr=0.1, decay=0.05),
    "inverse_time/fast": case("inverse_time", lr=2.0, decay=1.0),
    "inverse_time/groups": case("inverse_time", lr=GROUPS, decay=0.1),
    # Cosine cases run past t_max: torch's step() keeps following the cosine.
    "cosine/past-t_max": case("cosine", lr=0.1, t_max=100),
    "cosine/eta_min/periods": case("cosine", lr=0.1, t_max=50, eta_min=0.001),
    "cosine/t_max-1": case("cosine", 20, lr=0.1, t_max=1),
    "cosine/long": case("cosine", lr=0.05, t_max=300, eta_min=0.01),
    "cosine/eta_min-is-lr": case("cosine", 50, lr=0.1, t_max=7, eta_min=0.1),
    "cosine/groups": case("cosine", 200, lr=GROUPS, t_max=40, eta_min=0.01),
    "linear/defaults": case("linear", 20, lr=0.1, start_factor=1 / 3),
    "linear/to-zero": case(
        "linear", 30, lr=0.1, start_factor=0.5, end_factor=0.0, total_iters=10
    ),
    "linear/to-zero-odd": case(
        "linear", 10, lr=0.1, start_factor=0.1, end_factor=0.0, total_iters=3
    ),
    "linear/decay": case(
        "linear", lr=0.1, start_factor=1.0, end_factor=0.01, total_iters=200
    ),
    "linear/one-iter": case("linear", 10, lr=0.1, start_factor=0.25, total_iters=1),
    "linear/flat": case("linear", 10, lr=0.1, start_factor=1.0, end_factor=1.0),
    "linear/groups": case("linear", 60, lr=GROUPS, start_factor=0.05, total_iters=40),
    "one_cycle/defaults": case("one_cycle", 110, max_lr=0.1, total_steps=100),
    "one_cycle/three-phase": case(
        "one_cycle", 110, max_lr=0.1, total_steps=100, three_phase=True
    ),
    "one_cycle/linear": case(
        "one_cycle", 110, max_lr=0.1, total_steps=100, anneal_strategy="linear"
    ),
    "one_cycle/linear-three-phase": case(
        "one_cycle",
        210,
        max_lr=1.0,
        total_steps=200,
        pct_start=0.25,
        anneal_strategy="linear",
        div_factor=10.0,
        final_div_factor=100.0,
        three_phase=True,
    ),
    "one_cycle/one-step": case("one_cycle", 5, max_lr=0.1, total_steps=1),
    "one_cycle/short": case("one_cycle", 10, max_lr=0.1, total_steps=7, pct_start=0.5),
    "one_cycle/no-warm-up-step": case(
        "one_cycle", 10, max_lr=0.1, total_steps=3, pct_start=0.2
    ),
    "one_cycle/three-phase-overlap": case(
        "one_cycle", 20, max_lr=0.1, total_steps=10, pct_start=0.58, three_phase=True
    ),
    "one_cycle/groups": case(
        "one_cycle", 60, max_lr=GROUPS, total_steps=50, pct_start=0.4
    ),
    "sequential/warmup-cosine": case(
        "sequential",
        schedules_list=[
            part("linear", lr=0.1, start_factor=0.1, total_iters=5),
            part("cosine", lr=0.1, t_max=95),
        ],
        milestones=[5],
    ),
    "sequential/three": case(
        "sequential",
        schedules_list=[
            part("exponential", lr=0.1, gamma=0.9),
            part("step", lr=0.1, step_size=10, gamma=0.5),
            part("cosine", lr=0.1, t_max=50, eta_min=0.01),
        ],
        milestones=[20, 100],
    ),
    "sequential/lambda-multistep": case(
        "sequential",
        schedules_list=[
            part("linear", lr=0.1, start_factor=0.5, total_iters=10),
            part("multi_step", lr=0.1, milestones=[20, 40], gamma=0.5),
            part("inverse_time", lr=0.1, decay=0.1),
        ],
        milestones=[10, 60],
    ),
    "sequential/single": case(
        "sequential",
        50,
        schedules_list=[part("step", lr=0.1, step_size=10, gamma=0.5)],
        milestones=[],
    ),
    "sequential/milestone-1": case(
        "sequential",
        50,
        schedules_list=[
            part("constant", lr=0.1),
            part("linear", lr=0.1, start_factor=0.2, end_factor=0.8, total_iters=20),
        ],
        milestones=[1],
    ),
}


def scheduler(
    opt: torch.optim.Optimizer, name: str, p: dict[str, Any]
) -> sched.LRScheduler:
    """The torch scheduler matching gdbook's ``schedules.<name>(**p)``."""
    if name == "constant":
        return sched.LambdaLR(opt, lambda _: 1.0)
    if name == "step":
        return sched.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
    if name == "multi_step":
        return sched.MultiStepLR(opt, milestones=p["milestones"], gamma=p["gamma"])
    if name == "exponential":
        return sched.ExponentialLR(opt, gamma=p["gamma"])
    if name == "inverse_time":
        decay = p["decay"]
        return sched.LambdaLR(opt, lambda t: 1 / (1 + decay * t))
    if name == "cosine":
        return sched.CosineAnnealingLR(
            opt, T_max=p["t_max"], eta_min=p.get("eta_min", 0.0)
        )
    if name == "linear":
        keys = ("start_factor", "end_factor", "total_iters")
        return sched.LinearLR(opt, **{k: p[k] for k in keys if k in p})
    if name == "one_cycle":
        return sched.OneCycleLR(opt, cycle_momentum=False, **p)
    if name == "sequential":
        parts = [
            scheduler(opt, s["schedule"], s["params"]) for s in p["schedules_list"]
        ]
        return sched.SequentialLR(opt, parts, milestones=p["milestones"])
    msg = f"no torch scheduler for {name!r}"
    raise ValueError(msg)


def base_lrs(spec: dict[str, Any]) -> list[float]:
    """The optimizer's lr per parameter group (in SequentialLR all schedules share it)."""
    p = spec["params"]
    if spec["schedule"] == "sequential":
        lrs = {json.dumps(base_lrs(s)) for s in p["schedules_list"]}
        if len(lrs) != 1:
            msg = f"torch's SequentialLR needs one lr for all its schedulers, got {lrs}"
            raise ValueError(msg)
        return base_lrs(p["schedules_list"][0])
    lr = p["max_lr"] if spec["schedule"] == "one_cycle" else p["lr"]
    return lr if isinstance(lr, list) else [lr]


def record(spec: dict[str, Any]) -> tuple[np.ndarray, int | None]:
    """The lr of each optimizer step, shape (steps, groups), and the t torch refuses."""
    params = [
        torch.zeros(1, dtype=torch.float64, requires_grad=True) for _ in base_lrs(spec)
    ]
    opt = SGD(
        [
            {"params": [q], "lr": lr}
            for q, lr in zip(params, base_lrs(spec), strict=True)
        ]
    )
    scheduler_ = scheduler(opt, spec["schedule"], spec["params"])
    lrs, raises_at = [], None
    for t in range(spec["steps"]):
        lrs.append([float(group["lr"]) for group in opt.param_groups])
        opt.step()
        try:
            scheduler_.step()
        except ValueError as err:
            if "Tried to step" not in str(err):
                raise
            raises_at = t + 1
            break
    return np.array(lrs, dtype=np.float64), raises_at


def main() -> None:
    if not torch.__version__.startswith(TORCH):
        msg = f"run with torch=={TORCH}, found {torch.__version__}"
        raise SystemExit(msg)
    warnings.simplefilter("error")
    specs: list[dict[str, Any]] = []
    arrays: dict[str, Any] = {}
    for i, (case_id, spec) in enumerate(CASES.items()):
        key = f"lr_{i:03d}"
        arrays[key], raises_at = record(spec)
        specs.append({"id": case_id, "key": key, **spec, "steps": len(arrays[key])})
        if raises_at is not None:
            specs[-1]["raises_at"] = raises_at
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT, cases=json.dumps(specs), torch_version=torch.__version__, **arrays
    )
    print(f"wrote {len(specs)} cases to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
