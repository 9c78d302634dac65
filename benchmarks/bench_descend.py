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

    torch.set_num_threads(1)  # one scalar per run: threads only add overhead

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


def race(timed: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best time of each, timed in turn round after round (a passing load hits all alike)."""
    best = dict.fromkeys(timed, math.inf)
    for _ in range(repeat):
        for name, fn in timed.items():
            best[name] = min(best[name], best_time(fn, 1))
    return best


def sweeps(lrs: np.ndarray, steps: int) -> dict[str, Callable[[], object]]:
    builtin = landscapes.book_curve()
    custom = gdbook.Landscape(loss=loss, grad=grad, dim=1, domain=[(-2.5, 8.5)])
    return {
        "numpy loop, hand-written (baseline)": lambda: numpy_loop(lrs, steps),
        "descend, custom Landscape (same gradient)": lambda: gdbook.descend(
            custom, optim.SGD(lr=lrs), [-0.9], steps, record="final"
        ),
        "descend, built-in book_curve": lambda: gdbook.descend(
            builtin, optim.SGD(lr=lrs), [-0.9], steps, record="final"
        ),
    }


def table(title: str, rows: list[tuple[str, float]]) -> None:
    print(f"\n{title}\n")
    width = max(len(r[0]) for r in rows)
    base = rows[0][1]
    print(f"{'':{width}}  {'seconds':>10}  {'x baseline':>10}")
    for name, sec in rows:
        print(f"{name:{width}}  {sec:10.3f}  {sec / base:10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lrs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sample", type=int, default=20, help="lrs timed for the per-lr loops"
    )
    args = parser.parse_args()
    n, steps = args.lrs, args.steps
    lrs = np.geomspace(1e-3, 0.5, n)

    # The same sweep, bit for bit, where the gradient function is the same.
    custom = gdbook.Landscape(loss=loss, grad=grad, dim=1, domain=[(-2.5, 8.5)])
    same = gdbook.descend(custom, optim.SGD(lr=lrs[:50]), [-0.9], 200, record="final")
    np.testing.assert_array_equal(same.final_x, numpy_loop(lrs[:50], 200))

    best = race(sweeps(lrs, steps), args.repeat)
    rows = list(best.items())
    sample = lrs[:: max(1, n // args.sample)]
    rows.append((
        f"pure-Python loop per lr (x{n / sample.size:.0f} from {sample.size})",
        best_time(lambda: python_loop(sample, steps), 1) * n / sample.size,
    ))  # fmt: skip
    try:
        torch_loop(sample[:1], 10)  # import torch and warm it up outside the timing
        torch_time = best_time(lambda: torch_loop(sample[:5], steps), 1) * n / 5
        rows.append((f"torch.optim.SGD per lr (x{n / 5:.0f} from 5)", torch_time))
    except ImportError:
        rows.append(("torch.optim.SGD per lr (torch not installed)", math.nan))
    table(
        f"Sweep of {n:,} learning rates x {steps:,} steps on the book's curve "
        f"(best of {args.repeat})",
        rows,
    )

    # Per-step cost: the difference between runs of 2T and T steps, which
    # leaves out what a call costs once (set-up, judging the regimes).
    longer = race(sweeps(lrs, 2 * steps), args.repeat)
    per_step = [(k, (longer[k] - best[k]) / steps * 1e3) for k in best]
    base = per_step[0][1]
    print(f"\nPer step (ms, from {steps:,} vs {2 * steps:,} steps)\n")
    width = max(len(k) for k, _ in per_step)
    for name, ms in per_step:
        print(f"{name:{width}}  {ms:10.4f}  {ms / base:10.2f}")

    big = np.geomspace(1e-3, 0.5, 100_000)
    table(
        f"Sweep of 100,000 learning rates x {steps // 10:,} steps "
        f"(arrays beyond the cache: where temporaries cost; best of {args.repeat})",
        list(race(sweeps(big, steps // 10), args.repeat).items()),
    )

    print("\nPeak memory, descend(record='final'), 1,000 steps")
    for count in (10_000, 100_000):
        print(f"{count:>9,} lrs  {peak_mb(count, 1_000):8.1f} MB")
    print(
        "\nTargets: custom Landscape <= 1.10x baseline (per-step overhead < 10 %);"
        " built-in < 1.00x; 10^5 lrs <= 100 MB."
    )


if __name__ == "__main__":
    main()
