"""Theory helpers: the stability threshold and the LR range test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdbook import landscapes, optim, theory
from gdbook.landscapes import Landscape

# -- stability threshold ------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(a=st.floats(1e-3, 1e3), beta=st.floats(0.0, 0.99), x=st.floats(-2.0, 2.0))
def test_threshold_on_the_quadratic(a: float, beta: float, x: float) -> None:
    q = landscapes.quadratic(a=a)
    assert theory.stability_threshold(q, [x]) == pytest.approx(2 / a, rel=1e-14)
    assert theory.stability_threshold(q, [x], momentum=beta) == pytest.approx(
        2 * (1 + beta) / a, rel=1e-14
    )


def heavy_ball(a: float, lr: float, beta: float, steps: int) -> float:
    """|x| after heavy-ball steps v <- beta v - lr a x, x <- x + v from x = 1."""
    x, v = 1.0, 0.0
    for _ in range(steps):
        v = beta * v - lr * a * x
        x += v
    return abs(x)


@pytest.mark.parametrize("a", [0.2, 1.0, 7.0])
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_gradient_descent_converges_iff_below_the_threshold(
    a: float, beta: float
) -> None:
    threshold = float(
        theory.stability_threshold(landscapes.quadratic(a=a), [0.0], beta)
    )
    assert heavy_ball(a, threshold * 0.99, beta, 3000) < 1e-3
    assert heavy_ball(a, threshold * 1.01, beta, 3000) > 1e3


def run(optimizer: optim.Optimizer, landscape: Landscape, steps: int) -> float:
    """|x| after ``steps`` updates from x = 1, through the optimizer protocol."""
    x = np.array([1.0])
    state, g = optimizer.init(x), np.empty_like(x)
    for t in range(steps):
        landscape.grad_into(x, g)
        optimizer.update(x, g, state, t, optimizer.at(t))
    return float(abs(x[0]))


@pytest.mark.parametrize("beta", [0.3, 0.9])
def test_threshold_holds_for_both_forms_of_momentum(beta: float) -> None:
    q = landscapes.quadratic(a=3.0)
    threshold = float(theory.stability_threshold(q, [0.0], momentum=beta))
    for factor, stable in ((0.99, True), (1.01, False)):
        lr = factor * threshold
        for opt in (optim.HeavyBall(lr, beta=beta), optim.SGD(lr, momentum=beta)):
            assert (run(opt, q, 3000) < 1e-3) is stable, (opt, lr)


def test_threshold_broadcasts_over_batch_and_momentum() -> None:
    curve = landscapes.book_curve()
    x = np.linspace(-1.5, 7.5, 12).reshape(4, 3, 1)
    beta = np.array([0.0, 0.5, 0.9])
    threshold = theory.stability_threshold(curve, x, momentum=beta)
    assert threshold.shape == (4, 3)
    for i in range(4):
        for j in range(3):
            single = theory.stability_threshold(curve, x[i, j], momentum=float(beta[j]))
            assert threshold[i, j] == single
    plain = theory.stability_threshold(curve, x)
    assert plain.shape == (4, 3)
    np.testing.assert_allclose(threshold, plain * (1 + beta))


def test_threshold_is_infinite_where_the_loss_curves_down() -> None:
    curve = landscapes.book_curve()
    # The curvature 0.08 + (pi**2 / 2) cos(pi w) is negative at odd w.
    threshold = theory.stability_threshold(curve, [[1.0], [3.0], [6.0]])
    assert threshold[0] == np.inf
    assert threshold[1] == np.inf
    assert threshold[2] == pytest.approx(2 / (0.08 + np.pi**2 / 2), rel=1e-14)
    flat = Landscape(lambda x: 0 * x[..., 0], lambda x: 0 * x, dim=1)
    assert theory.stability_threshold(flat, [0.0]) == np.inf


@pytest.mark.parametrize("condition", [1.0, 10.0, 1000.0])
def test_threshold_of_the_ill_conditioned_bowl_is_set_by_its_steep_axis(
    condition: float,
) -> None:
    bowl = landscapes.ill_conditioned(condition)
    assert theory.stability_threshold(bowl, [1.0, -1.0]) == pytest.approx(2 / condition)


def test_threshold_with_a_finite_difference_hessian() -> None:
    rosen = landscapes.rosenbrock()
    no_hessian = Landscape(rosen.loss, rosen.grad, 2)
    x = np.array([[1.0, 1.0], [-1.2, 1.0], [0.5, 0.0]])
    np.testing.assert_allclose(
        theory.stability_threshold(no_hessian, x),
        theory.stability_threshold(rosen, x),
        rtol=1e-7,
    )


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("bowl", [0.0]), TypeError, r"landscape must be a gdbook\.Landscape"),
        ((None, [0.0, 1.0]), ValueError, r"x must have shape \(\.\.\., 1\).*\(2,\)"),
        ((None, [0.0], 1.0), ValueError, r"momentum must be finite and in \[0, 1\)"),
        ((None, [0.0], -0.1), ValueError, r"momentum must be .*got momentum=-0\.1"),
        ((None, [0.0], "0.9"), TypeError, r"momentum must be a real number"),
        (
            (None, np.zeros((4, 1)), np.zeros(3)),
            ValueError,
            r"momentum of shape \(3,\) does not broadcast against the batch shape \(4",
        ),
    ],
)
def test_threshold_bad_input(args: tuple[Any, ...], error: type, match: str) -> None:
    q = landscapes.quadratic()
    landscape, *rest = args
    with pytest.raises(error, match=match):
        theory.stability_threshold(q if landscape is None else landscape, *rest)


# -- LR range test ------------------------------------------------------------


@pytest.mark.parametrize("a", [0.05, 0.3, 1.0, 4.0, 30.0, 300.0])
def test_range_test_on_the_quadratic_suggests_a_stable_lr(a: float) -> None:
    result = theory.lr_range_test(landscapes.quadratic(a=a), optim.SGD, [1.0])
    assert 0 < result.suggested_lr < 2 / a
    # and not so small that the run would crawl: within two decades of 1/a
    assert result.suggested_lr > 0.01 / a


def test_range_test_records_the_run() -> None:
    q = landscapes.quadratic(a=1.0)
    result = theory.lr_range_test(
        q, optim.SGD, [1.0], lr_min=1e-4, lr_max=1.0, steps=50
    )
    assert not result.stopped_early
    assert result.lrs.shape == result.losses.shape == result.smoothed.shape == (50,)
    np.testing.assert_allclose(result.lrs, np.geomspace(1e-4, 1.0, 50), rtol=1e-12)
    # The loss after each step, replayed by hand: x <- (1 - lr) x.
    x = np.cumprod(1 - result.lrs)
    np.testing.assert_allclose(result.losses, x**2 / 2, rtol=1e-12)
    # The bias-corrected moving average, replayed by hand.
    average, expected = 0.0, []
    for t, loss in enumerate(result.losses):
        average = 0.98 * average + 0.02 * loss
        expected.append(average / (1 - 0.98 ** (t + 1)))
    np.testing.assert_allclose(result.smoothed, expected, rtol=1e-12)


def test_range_test_stops_when_the_loss_blows_up() -> None:
    result = theory.lr_range_test(landscapes.quadratic(a=100.0), optim.SGD, [1.0])
    assert result.stopped_early
    n = len(result.losses)
    assert n < 100
    assert result.smoothed[-1] > 4 * result.smoothed[:-1].min()
    assert (
        result.smoothed[:-1] <= 4 * np.minimum.accumulate(result.smoothed[:-1])
    ).all()
    # The last learning rates tried are far beyond the threshold 2/a.
    assert result.lrs[-1] > 2 / 100.0


def test_range_test_stops_on_overflow_without_warnings() -> None:
    result = theory.lr_range_test(
        landscapes.quadratic(a=1.0),
        optim.SGD,
        [1.0],
        lr_min=1e3,
        lr_max=1e300,
        steps=200,
    )
    assert result.stopped_early
    assert np.isnan(result.suggested_lr)


def test_range_test_without_smoothing() -> None:
    result = theory.lr_range_test(
        landscapes.quadratic(a=2.0), optim.SGD, [1.0], smooth=0.0
    )
    np.testing.assert_array_equal(result.smoothed, result.losses)


def test_range_test_measures_loss_above_the_lowest_minimum() -> None:
    """The book curve's loss is negative near its minimum: the stop rule still works."""
    curve = landscapes.book_curve()
    result = theory.lr_range_test(
        curve, optim.SGD, curve.start, lr_min=1e-4, lr_max=100.0
    )
    assert result.stopped_early
    excess = result.smoothed + 0.5
    assert excess[-1] > 4 * excess[:-1].min()
    assert 0 < result.suggested_lr < result.lrs[int(np.argmin(result.smoothed))]


@pytest.mark.parametrize(
    "factory",
    [
        optim.SGD,
        lambda lr: optim.SGD(lr, momentum=0.9),
        lambda lr: optim.SGD(lr, momentum=0.9, nesterov=True),
        lambda lr: optim.HeavyBall(lr, beta=0.9),
        optim.Adam,
    ],
    ids=["SGD", "momentum", "nesterov", "HeavyBall", "Adam"],
)
def test_range_test_with_optimizer_factories(
    factory: Callable[[Any], optim.Optimizer],
) -> None:
    result = theory.lr_range_test(landscapes.quadratic(a=1.0), factory, [1.0])
    assert np.isfinite(result.losses).all()
    assert 0 < result.suggested_lr < 2.0


def test_range_test_in_two_dimensions() -> None:
    bowl = landscapes.ill_conditioned(10.0)
    result = theory.lr_range_test(bowl, optim.SGD, bowl.start, lr_max=100.0)
    assert result.stopped_early
    assert 0 < result.suggested_lr < 2 / 10.0


def test_range_test_suggests_nothing_when_the_loss_never_falls() -> None:
    result = theory.lr_range_test(landscapes.quadratic(), optim.SGD, [0.0])
    assert np.isnan(result.suggested_lr)
    assert not result.stopped_early


def not_an_optimizer(lr: Any) -> object:
    return lr


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"landscape": "quadratic"},
            TypeError,
            r"landscape must be a gdbook\.Landscape",
        ),
        (
            {"optimizer": optim.SGD(0.1)},
            TypeError,
            r"optimizer must be a callable that makes",
        ),
        (
            {"optimizer": not_an_optimizer},
            TypeError,
            r"optimizer\(lr\) must return one of gdbook.optim's optimizers",
        ),
        (
            {"x0": [1.0, 2.0]},
            ValueError,
            r"x0 must be one finite point of shape \(1,\)",
        ),
        ({"x0": [np.nan]}, ValueError, r"x0 must be one finite point"),
        ({"x0": "one"}, TypeError, r"x0 must be a point of real numbers"),
        (
            {"lr_min": 0.0},
            ValueError,
            r"lr_min must be finite and > 0, got lr_min=0\.0",
        ),
        (
            {"lr_max": 1e-6},
            ValueError,
            r"lr_max must be finite and > 1e-05, got lr_max=1e-06",
        ),
        ({"lr_max": np.inf}, ValueError, r"lr_max must be finite"),
        ({"steps": 1}, ValueError, r"steps must be >= 2, got steps=1"),
        ({"steps": 10.0}, TypeError, r"steps must be an integer"),
        (
            {"smooth": 1.0},
            ValueError,
            r"smooth must be finite and in \[0, 1\), got smooth=1\.0",
        ),
        ({"smooth": -0.5}, ValueError, r"smooth must be"),
        ({"stop_factor": 1.0}, ValueError, r"stop_factor must be finite and > 1"),
    ],
)
def test_range_test_bad_input(kwargs: dict[str, Any], error: type, match: str) -> None:
    arguments: dict[str, Any] = {
        "landscape": landscapes.quadratic(),
        "optimizer": optim.SGD,
        "x0": [1.0],
    }
    arguments.update(kwargs)
    landscape, optimizer, x0 = (
        arguments.pop(k) for k in ("landscape", "optimizer", "x0")
    )
    with pytest.raises(error, match=match):
        theory.lr_range_test(landscape, optimizer, x0, **arguments)


def test_range_test_accepts_a_number_as_a_one_dimensional_start() -> None:
    q = landscapes.quadratic()
    by_number = theory.lr_range_test(q, optim.SGD, 1.0)
    by_point = theory.lr_range_test(q, optim.SGD, [1.0])
    np.testing.assert_array_equal(by_number.losses, by_point.losses)
