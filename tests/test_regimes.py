"""gdbook.regimes: verdicts that follow the dynamics, not the step budget.

On the quadratic L = lambda x^2 / 2 with lambda = 5, plain gradient descent
multiplies x by 1 - eta lambda at every step, and the heavy ball has the
characteristic roots of z^2 - (1 + beta - eta lambda) z + beta, which are -1
and -beta at eta = 2 (1 + beta) / lambda. Each case below states the factor
its amplitude changes by per step, checks it against the run, and asserts the
verdict that factor calls for, at a short and a long step budget.
"""

from __future__ import annotations

import numpy as np
import pytest

import gdbook
from gdbook import landscapes, optim, regimes

LAMBDA = 5.0


def heavy_ball(share: float, beta: float) -> optim.HeavyBall:
    """The heavy ball at ``share`` times its stability boundary 2 (1 + beta) / lambda."""
    return optim.HeavyBall(lr=share * 2 * (1 + beta) / LAMBDA, beta=beta)


def roots(opt: optim.Optimizer) -> np.ndarray:
    """The roots of the run's characteristic polynomial on the quadratic."""
    eta = float(opt.hyperparameters["lr"])
    if isinstance(opt, optim.HeavyBall):
        beta = float(opt.hyperparameters["beta"])
        return np.roots([1, -(1 + beta - eta * LAMBDA), beta])
    return np.array([1 - eta * LAMBDA])


def rate(opt: optim.Optimizer) -> float:
    """The largest modulus of the roots: the amplitude's factor per step."""
    return float(np.max(np.abs(roots(opt))))


# (name, optimizer, verdict after 200 steps, verdict after 2000 steps)
CASES = [
    ("sgd 1.9", optim.SGD(lr=1.9 / LAMBDA), "global minimum", "global minimum"),
    # Contracting by 0.995 a step: 0.995**200 = 0.37 is not settled, 0.995**2000 is.
    ("sgd 1.995", optim.SGD(lr=1.995 / LAMBDA), "descending", "global minimum"),
    ("sgd 2", optim.SGD(lr=2.0 / LAMBDA), "oscillating", "oscillating"),
    # Growing by 1.005 a step: 1.005**200 = 2.7, still inside the escape radius.
    ("sgd 2.005", optim.SGD(lr=2.005 / LAMBDA), "diverged", "diverged"),
    ("sgd 2.05", optim.SGD(lr=2.05 / LAMBDA), "diverged", "diverged"),
    (
        "heavy ball 0.99x, beta 0.5",
        heavy_ball(0.99, 0.5),
        "global minimum",
        "global minimum",
    ),
    ("heavy ball 1x, beta 0.5", heavy_ball(1.0, 0.5), "oscillating", "oscillating"),
    ("heavy ball 1.01x, beta 0.5", heavy_ball(1.01, 0.5), "diverged", "diverged"),
    (
        "heavy ball 0.99x, beta 0.9",
        heavy_ball(0.99, 0.9),
        "global minimum",
        "global minimum",
    ),
    # A 2-cycle of amplitude 19, beyond the escape radius (15) but bounded.
    ("heavy ball 1x, beta 0.9", heavy_ball(1.0, 0.9), "oscillating", "oscillating"),
    ("heavy ball 1.01x, beta 0.9", heavy_ball(1.01, 0.9), "diverged", "diverged"),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("name", "opt", "short", "long"), CASES, ids=IDS)
def test_verdict_follows_the_dynamics(
    name: str, opt: optim.Optimizer, short: str, long: str
) -> None:
    quadratic = landscapes.quadratic(a=LAMBDA)
    rho = rate(opt)
    for steps, expected in ((200, short), (2000, long)):
        traj = gdbook.descend(quadratic, opt, [1.0], steps)
        assert traj.outcome == expected, f"{name}, {steps} steps: rate {rho:.4f}"
        if expected == "diverged":
            assert rho > 1 + regimes.RATE
        elif expected == "oscillating":
            assert rho == pytest.approx(1.0, abs=1e-12)
        else:
            assert rho < 1 - regimes.RATE
    # The run's own amplitude changes by that rate (once the other root has
    # died out; complex roots turn the phase as well, so those are left out).
    if np.iscomplex(roots(opt)).any():
        return
    traj = gdbook.descend(quadratic, opt, [1.0], 200)
    x = np.abs(traj.x[:, 0])
    np.testing.assert_allclose(x[-1] / x[-3], rho**2, rtol=1e-3)


def test_growth_is_diverged_before_the_escape_radius() -> None:
    quadratic = landscapes.quadratic(a=LAMBDA)
    traj = gdbook.descend(quadratic, optim.SGD(lr=2.005 / LAMBDA), [1.0], 200)
    half = np.ptp(quadratic.domain) / 2
    assert np.abs(traj.final_x[0]) < regimes.ESCAPE * half
    assert traj.diverged_step == -1  # finite: diverged by its growth alone
    assert traj.regime == "diverged"


@pytest.mark.parametrize("record", ["all", "final", 7])
def test_table_is_the_same_batched_and_in_every_record_mode(record: str | int) -> None:
    quadratic = landscapes.quadratic(a=LAMBDA)
    eta_lambda = np.array([1.9, 1.995, 2.0, 2.005, 2.05])
    batched = gdbook.descend(
        quadratic, optim.SGD(lr=eta_lambda / LAMBDA), [1.0], 200, record=record
    )
    expected = [c[2] for c in CASES[:5]]
    assert batched.outcome.tolist() == expected


@pytest.mark.parametrize("steps", [200, 500, 2000])
def test_a_run_settled_in_an_unlisted_valley_is_a_local_minimum(steps: int) -> None:
    """The heavy ball at lr 0.18, beta 0.95 settles near w = 9.94, past the listed minima."""
    curve = landscapes.book_curve()
    traj = gdbook.descend(
        curve, optim.HeavyBall(lr=0.18, beta=0.95), curve.start, steps
    )
    w = float(traj.final_x[0])
    assert abs(w - 9.936) < 0.01
    assert all(abs(w - m.x[0]) > 1 for m in curve.minima)  # not a listed one
    assert traj.regime == "converged"
    assert traj.minimum == -1
    # Within tolerance of a minimum: the slope turns from down to up, and
    # the curvature is positive.
    xtol = regimes.XTOL * float(np.ptp(curve.domain))
    assert curve.grad([w - xtol])[0] < 0 < curve.grad([w + xtol])[0]
    assert float(curve.hessian(traj.final_x)[0, 0]) > 0
    # Numbered by the book's rule: the local minima from the start to it.
    passed = [
        m for m in curve.minima if m.kind == "local" and curve.start[0] < m.x[0] < w
    ]
    assert traj.rank == len(passed) + 1 == 5
    assert traj.outcome == "local minimum 5"
    assert traj.settled_step == 173


def test_a_listed_minimum_keeps_its_index_and_rank() -> None:
    curve = landscapes.book_curve()
    traj = gdbook.descend(curve, optim.SGD(lr=0.01), curve.start, 2000)
    assert traj.outcome == "local minimum 1"
    assert curve.minima[int(traj.minimum)].x[0] == pytest.approx(0.0972, abs=1e-4)


def test_speeding_up_downhill_is_not_diverging() -> None:
    """Every step longer than the last, but never turning back: a run gathering pace."""
    curve = landscapes.book_curve()
    traj = gdbook.descend(curve, optim.SGD(lr=0.001), curve.start, 200)
    steps = np.abs(np.diff(traj.x[-regimes.WINDOW :, 0]))
    assert (steps[1:] > steps[:-1]).all()
    assert traj.regime == "descending"


def test_a_growth_within_tolerance_is_judged_by_where_the_run_is() -> None:
    """Adam at lr 0.514 leaves local minimum 1 after ~2000 steps, from rounding up."""
    curve = landscapes.book_curve()
    traj = gdbook.descend(curve, optim.Adam(lr=0.51414716), curve.start, 2000)
    last = traj.x[-regimes.WINDOW :, 0]
    assert np.ptp(last) < regimes.XTOL * np.ptp(curve.domain)
    assert traj.outcome == "local minimum 1"
