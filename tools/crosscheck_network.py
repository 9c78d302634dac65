"""Record the spiral network's references: NNFS's data, torch's loss, gradient, Hessian and runs.

For NNFS chapter 10's network (dense(2, 64) -> ReLU -> dense(64, 3) -> softmax,
mean cross-entropy) on NNFS's spiral data, this writes to
``tests/data/torch_network.npz``:

- ``nnfs.datasets.spiral_data(100, 3)`` after ``np.random.seed(0)`` (and one
  other size and seed), in float64: what ``gdbook.datasets.spiral`` must give;
- the start NNFS draws next from the same stream (``0.01 * randn``);
- torch autograd's loss and gradient (float64) at the start and at random
  points, its Hessian-vector products along random directions, and the largest
  eigenvalue of its full Hessian (``torch.autograd.functional.hessian``);
- 100 steps of ``torch.optim.SGD`` with momentum and of ``torch.optim.Adam``
  from the start: the loss at every step and the parameters every 10 steps.

The parameters are one flat vector, in gdbook's order: W1 (row-major), b1,
W2, b2. ``tests/test_network.py`` compares gdbook with all of it, without torch
or nnfs. Run it with the pinned torch and nnfs (``nox -s crosscheck``)::

    python tools/crosscheck_network.py

It imports nothing from gdbook: the references come from torch and nnfs alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nnfs
import numpy as np
import torch
from nnfs.datasets import spiral_data

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_network.npz"
TORCH = "2.13.0"
NNFS = "0.5.1"
SAMPLES, CLASSES, HIDDEN, SEED = 100, 3, 64, 0
# Another size and seed, for the data alone.
OTHER = {"samples": 40, "classes": 5, "seed": 7}
# Scales of the random points around the start where loss and gradient are compared.
SCALES = (0.1, 0.5, 1.0)
STEPS, EVERY = 100, 10
RUNS: dict[str, dict[str, Any]] = {
    "sgd-momentum": {"optimizer": "SGD", "lr": 1.0, "momentum": 0.9},
    "adam": {"optimizer": "Adam", "lr": 0.02},
}
MAX_AMPLIFICATION = 1e4


def data(samples: int, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """NNFS's spiral after ``np.random.seed(seed)``; the stream is left where it ends."""
    # NNFS draws from numpy's legacy global stream: that is what is recorded.
    np.random.seed(seed)  # noqa: NPY002
    X, y = spiral_data(samples, classes)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)


def start() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The data, then NNFS's Layer_Dense initialisation from the same stream, flat."""
    X, y = data(SAMPLES, CLASSES, SEED)
    W1 = 0.01 * np.random.randn(2, HIDDEN)  # noqa: NPY002
    W2 = 0.01 * np.random.randn(HIDDEN, CLASSES)  # noqa: NPY002
    flat = np.concatenate([W1.ravel(), np.zeros(HIDDEN), W2.ravel(), np.zeros(CLASSES)])
    return X, y, flat


def loss_fn(X: torch.Tensor, y: torch.Tensor) -> Any:
    cuts = np.cumsum([2 * HIDDEN, HIDDEN, HIDDEN * CLASSES]).tolist()

    def loss(p: torch.Tensor) -> torch.Tensor:
        W1 = p[: cuts[0]].reshape(2, HIDDEN)
        b1 = p[cuts[0] : cuts[1]]
        W2 = p[cuts[1] : cuts[2]].reshape(HIDDEN, CLASSES)
        b2 = p[cuts[2] :]
        logits = torch.relu(X @ W1 + b1) @ W2 + b2
        return torch.nn.functional.cross_entropy(logits, y)

    return loss


def run(
    loss: Any, x0: np.ndarray, spec: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """torch.optim from ``x0``: losses (STEPS + 1,), parameters every EVERY steps."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    kwargs = {k: v for k, v in spec.items() if k != "optimizer"}
    opt = getattr(torch.optim, spec["optimizer"])([p], foreach=False, **kwargs)
    losses = np.empty(STEPS + 1)
    xs = []
    for t in range(STEPS + 1):
        if t % EVERY == 0:
            xs.append(p.detach().numpy().copy())
        opt.zero_grad()
        value = loss(p)
        losses[t] = value.item()
        if t < STEPS:
            value.backward()
            opt.step()
    return losses, np.array(xs)


def main() -> None:
    if torch.__version__.split("+")[0] != TORCH or nnfs.__version__ != NNFS:
        msg = (
            f"the references are made with torch=={TORCH} and nnfs=={NNFS}, "
            f"got {torch.__version__} and {nnfs.__version__}"
        )
        raise SystemExit(msg)
    torch.set_num_threads(1)
    X, y, x0 = start()
    other_X, other_y = data(**OTHER)
    loss = loss_fn(torch.tensor(X), torch.tensor(y))

    rng = np.random.default_rng(0)
    points = np.stack([x0] + [x0 + s * rng.standard_normal(x0.size) for s in SCALES])
    directions = rng.standard_normal(points.shape)
    losses, grads, hvps, sharpness = [], [], [], []
    for point, v in zip(points, directions, strict=True):
        p = torch.tensor(point, requires_grad=True)
        value = loss(p)
        (g,) = torch.autograd.grad(value, p, create_graph=True)
        (hv,) = torch.autograd.grad(g, p, torch.tensor(v))
        losses.append(value.item())
        grads.append(g.detach().numpy())
        hvps.append(hv.numpy())
        hessian = torch.autograd.functional.hessian(loss, torch.tensor(point))
        sharpness.append(torch.linalg.eigvalsh(hessian)[-1].item())

    arrays: dict[str, np.ndarray] = {
        "X": X, "y": y, "other_X": other_X, "other_y": other_y, "start": x0,
        "points": points, "loss": np.array(losses), "grad": np.array(grads),
        "directions": directions, "hvp": np.array(hvps),
        "sharpness": np.array(sharpness),
    }  # fmt: skip
    for name, spec in RUNS.items():
        run_losses, xs = run(loss, x0, spec)
        nudged = run(loss, x0 * (1 + 1e-12), spec)[1]
        # A relative nudge of 1e-12 to the start, measured at each snapshot
        # relative to the parameters' size there: how much rounding can grow.
        spread = np.abs(nudged - xs).max(axis=1) / np.abs(xs).max(axis=1)
        amp = float(spread.max() / 1e-12)
        if amp > MAX_AMPLIFICATION or not np.isfinite(xs).all():
            msg = f"run {name} amplifies rounding {amp:.3g}-fold: tame it"
            raise RuntimeError(msg)
        arrays[f"{name}--loss"] = run_losses
        arrays[f"{name}--x"] = xs
    meta = {
        "torch": torch.__version__, "nnfs": nnfs.__version__,
        "network": {
            "samples": SAMPLES, "classes": CLASSES, "hidden": HIDDEN, "seed": SEED,
        },
        "other": OTHER, "steps": STEPS, "every": EVERY, "runs": RUNS,
    }  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta)), **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
