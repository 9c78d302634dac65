"""Benchmark: a sweep of learning rates on the spiral network, through gdbook.descend.

Prints one table, every figure measured in this run, on one thread:

- N learning rates x T full-batch steps of plain gradient descent on NNFS
  chapter 10's network (2 -> 64 -> 3, 300 points) as one ``descend`` call,
  recording final positions only;
- the same sweep hand-written in batched numpy (``matmul``; the baseline);
- ``torch.optim.SGD``, one learning rate at a time (float64, CPU), timed on a
  sample of the learning rates and extrapolated;
- the peak memory each allocates (tracemalloc, numpy's arrays included).

The three agree (descend and the numpy loop to rounding, torch to 1e-10).
Targets: descend within 1.2x of the numpy loop; at least 2x faster than torch.

Usage: ``python benchmarks/bench_network.py [--lrs N] [--steps T] [--repeat R]``
"""

from __future__ import annotations

import argparse
import math
import os
import time
import tracemalloc
from collections.abc import Callable

# One thread for every library, set before numpy loads its BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np

import gdbook
from gdbook import landscapes, optim

NET = landscapes.spiral_network()


def numpy_loop(lrs: np.ndarray, steps: int) -> np.ndarray:
    """The baseline: the sweep hand-written in batched numpy, one weight set per lr."""
    X, y, n = NET.X, NET.y, len(NET.y)
    W1, b1, W2, b2 = (
        np.array(np.broadcast_to(a, (lrs.size, *a.shape)))
        for a in NET.unpack(NET.start)
    )
    lr = lrs[:, None, None]
    onehot = np.eye(NET.classes)[y]
    for _ in range(steps):
        a = np.maximum(X @ W1 + b1[:, None], 0.0)
        z = a @ W2 + b2[:, None]
        z -= z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=-1, keepdims=True)
        dz = (p - onehot) / n
        dW2 = a.transpose(0, 2, 1) @ dz
        db2 = dz.sum(axis=1)
        da = dz @ W2.transpose(0, 2, 1)
        da *= a > 0
        dW1 = X.T @ da
        db1 = da.sum(axis=1)
        W1 -= lr * dW1
        b1 -= lr[..., 0] * db1
        W2 -= lr * dW2
        b2 -= lr[..., 0] * db2
    return np.concatenate(
        [W1.reshape(lrs.size, -1), b1, W2.reshape(lrs.size, -1), b2], axis=1
    )


def descend(lrs: np.ndarray, steps: int) -> np.ndarray:
    traj = gdbook.descend(NET, optim.SGD(lr=lrs), NET.start, steps, record="final")
    return traj.final_x


def torch_loop(lrs: np.ndarray, steps: int) -> np.ndarray:
    """torch.optim.SGD, one lr at a time: a float64 nn.Sequential as NNFS builds it."""
    import torch  # noqa: PLC0415 - optional: only this row needs it

    torch.set_num_threads(1)
    X = torch.tensor(NET.X)
    y = torch.tensor(NET.y)
    W1, b1, W2, b2 = (torch.tensor(a) for a in NET.unpack(NET.start))
    out = np.empty((lrs.size, NET.dim))
    for i, lr in enumerate(lrs.tolist()):
        dense1 = torch.nn.Linear(2, NET.hidden, dtype=torch.float64)
        dense2 = torch.nn.Linear(NET.hidden, NET.classes, dtype=torch.float64)
        with torch.no_grad():
            dense1.weight.copy_(W1.T)
            dense1.bias.copy_(b1)
            dense2.weight.copy_(W2.T)
            dense2.bias.copy_(b2)
        model = torch.nn.Sequential(dense1, torch.nn.ReLU(), dense2)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(X), y).backward()
            opt.step()
        with torch.no_grad():
            parts = [dense1.weight.T, dense1.bias, dense2.weight.T, dense2.bias]
            out[i] = torch.cat([p.reshape(-1) for p in parts]).numpy()
    return out


def best_time(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lrs", type=int, default=100)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=10, help="lrs timed for torch")
    args = parser.parse_args()
    n, steps = args.lrs, args.steps
    lrs = np.geomspace(0.01, 2.0, n)

    # The three compute the same runs.
    mine, baseline = descend(lrs[:5], 20), numpy_loop(lrs[:5], 20)
    assert np.max(np.abs(mine - baseline)) <= 1e-12 * np.max(np.abs(baseline))
    try:
        reference = torch_loop(lrs[:2], 20)
        assert np.max(np.abs(mine[:2] - reference)) <= 1e-10 * np.max(np.abs(reference))
        have_torch = True
    except ImportError:
        have_torch = False

    times: dict[str, float] = {}
    peaks: dict[str, float] = {}
    # Timed in turn, round after round: a passing load hits all alike.
    for _ in range(args.repeat):
        times["numpy loop, hand-written (baseline)"] = min(
            times.get("numpy loop, hand-written (baseline)", math.inf),
            best_time(lambda: numpy_loop(lrs, steps), 1),
        )
        times["descend, spiral_network"] = min(
            times.get("descend, spiral_network", math.inf),
            best_time(lambda: descend(lrs, steps), 1),
        )
    peaks["numpy loop, hand-written (baseline)"] = peak_mb(lambda: numpy_loop(lrs, 20))
    peaks["descend, spiral_network"] = peak_mb(lambda: descend(lrs, 20))
    sample = lrs[:: max(1, n // args.sample)]
    torch_row = f"torch.optim.SGD per lr (x{n / sample.size:.0f} from {sample.size})"
    if have_torch:
        times[torch_row] = (
            best_time(lambda: torch_loop(sample, steps), 1) * n / sample.size
        )
    else:
        times["torch.optim.SGD per lr (torch not installed)"] = math.nan

    print(
        f"\nSweep of {n} learning rates x {steps} full-batch steps on the spiral network "
        f"(2-{NET.hidden}-{NET.classes}, {len(NET.y)} points, dim {NET.dim}; "
        f"best of {args.repeat}, one thread)\n"
    )
    width = max(len(k) for k in times)
    base = times["numpy loop, hand-written (baseline)"]
    print(f"{'':{width}}  {'seconds':>8}  {'x baseline':>10}  {'peak MB':>8}")
    for name, sec in times.items():
        peak = f"{peaks[name]:8.1f}" if name in peaks else f"{'n/a':>8}"
        print(f"{name:{width}}  {sec:8.2f}  {sec / base:10.2f}  {peak}")
    if have_torch:
        speedup = times[torch_row] / times["descend, spiral_network"]
        print(f"\ndescend is {speedup:.1f}x faster than torch.optim.SGD per lr.")
    print(
        "Targets: descend <= 1.20x baseline; >= 2x faster than torch per lr. "
        "Peak MB: numpy's arrays, by tracemalloc (which does not see torch's allocator)."
    )


if __name__ == "__main__":
    main()
