"""Benchmark: a sweep of learning rates through gdbook.descend against hand-written loops.

Prints one table, every figure measured in this run:

- a sweep of N learning rates x T steps of gradient descent on the book's curve,
  through ``descend`` (the built-in curve, and the same curve as a custom
  Landscape from plain callables), against the same loop hand-written in numpy
  with the same gradient function (the baseline), a per-lr pure-Python loop and
  torch.optim.SGD per lr (both timed on a sample of lrs and extrapolated);
- peak memory of ``descend`` recording final positions only, for 10^4 and 10^5 lrs.

Targets: ``descend`` with the custom landscape within 1.1x of the numpy loop, and
faster than it on the built-in curve; peak memory <= 100 MB for 10^5 lrs.

Usage: ``python benchmarks/bench_descend.py [--lrs N] [--steps T] [--repeat R]``
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

import gdbook
from gdbook import landscapes, optim


def loss(w: np.ndarray) -> np.ndarray:
    return 0.04 * (w[..., 0] - 6) ** 2 - 0.5 * np.cos(np.pi * w[..., 0])


def grad(w: np.ndarray) -> np.ndarray:
    return 0.08 * (w - 6) + 0.5 * np.pi * np.sin(np.pi * w)


def numpy_loop(lrs: np.ndarray, steps: int) -> np.ndarray:
    """The baseline: the sweep hand-written in numpy, same gradient function."""
    w = np.full((lrs.size, 1), -0.9)
    lr = lrs[:, np.newaxis]
    for _ in range(steps):
        w -= lr * grad(w)
    return w


def python_loop(lrs: np.ndarray, steps: int) -> np.ndarray:
    """One lr at a time, in plain Python floats."""
    out = np.empty(lrs.size)
    for i, lr in enumerate(lrs.tolist()):
        w = -0.9
        for _ in range(steps):
            w -= lr * (0.08 * (w - 6) + 0.5 * math.pi * math.sin(math.pi * w))
        out[i] = w
    return out


def torch_loop(lrs: np.ndarray, steps: int) -> np.ndarray:
    """torch.optim.SGD, one lr at a time (float64, CPU)."""
    import torch  # noqa: PLC0415 - optional: only this row needs it

    out = np.empty(lrs.size)
    for i, lr in enumerate(lrs.tolist()):
        w = torch.tensor([-0.9], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            (0.04 * (w - 6) ** 2 - 0.5 * torch.cos(torch.pi * w)).sum().backward()
            opt.step()
        out[i] = w.item()
    return out


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(n: int, steps: int) -> float:
    lrs = np.geomspace(1e-3, 0.5, n)
    curve = landscapes.book_curve()
    tracemalloc.start()
    tracemalloc.reset_peak()
    gdbook.descend(curve, optim.SGD(lr=lrs), [-0.9], steps, record="final")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak + lrs.nbytes) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lrs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sample", type=int, default=20, help="lrs timed for the per-lr loops"
    )
    args = parser.parse_args()

    lrs = np.geomspace(1e-3, 0.5, args.lrs)
    builtin = landscapes.book_curve()
    custom = gdbook.Landscape(loss=loss, grad=grad, dim=1, domain=[(-1.5, 7.5)])
    n, steps = args.lrs, args.steps

    # All three give the same sweep, bit for bit where the gradient is the same.
    ref = numpy_loop(lrs[:50], 200)
    same = gdbook.descend(custom, optim.SGD(lr=lrs[:50]), [-0.9], 200, record="final")
    np.testing.assert_array_equal(same.final_x, ref)

    rows: list[tuple[str, float]] = []
    base = best_time(lambda: numpy_loop(lrs, steps), args.repeat)
    rows.append(("numpy loop, hand-written (baseline)", base))
    rows.append((
        "descend, custom Landscape (same gradient)",
        best_time(lambda: gdbook.descend(custom, optim.SGD(lr=lrs), [-0.9], steps, record="final"), args.repeat),
    ))  # fmt: skip
    rows.append((
        "descend, built-in book_curve",
        best_time(lambda: gdbook.descend(builtin, optim.SGD(lr=lrs), [-0.9], steps, record="final"), args.repeat),
    ))  # fmt: skip
    sample = lrs[:: max(1, n // args.sample)]
    rows.append((
        f"pure-Python loop per lr (x{n / sample.size:.0f} from {sample.size})",
        best_time(lambda: python_loop(sample, steps), 1) * n / sample.size,
    ))  # fmt: skip
    try:
        torch_time = best_time(lambda: torch_loop(sample[:5], steps), 1) * n / 5
        rows.append((f"torch.optim.SGD per lr (x{n / 5:.0f} from 5)", torch_time))
    except ImportError:
        rows.append(("torch.optim.SGD per lr (torch not installed)", math.nan))

    print(
        f"\nSweep of {n:,} learning rates x {steps:,} steps on the book's curve (best of {args.repeat})\n"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'seconds':>10}  {'x baseline':>10}")
    for name, sec in rows:
        print(f"{name:{width}}  {sec:10.3f}  {sec / base:10.2f}")

    print("\nPeak memory, descend(record='final'), 1,000 steps")
    for count in (10_000, 100_000):
        print(f"{count:>9,} lrs  {peak_mb(count, 1_000):8.1f} MB")
    print(
        "\nTargets: custom Landscape <= 1.10x baseline; built-in < 1.00x; 10^5 lrs <= 100 MB."
    )


if __name__ == "__main__":
    main()
