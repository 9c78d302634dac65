"""Theory helpers: the stability threshold and the LR range test."""

from __future__ import annotations

import re
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


def names(name: str, value: Any) -> str:
    """A pattern for a message that names ``name`` and shows ``value``.

    The checks' wording is tested once, in test_optim.py.
    """
    return f"{re.escape(name)} must be .*got {re.escape(name)}={re.escape(repr(value))}"


def test_threshold_needs_a_landscape() -> None:
    for landscape in ("bowl", None, landscapes.quadratic):
        with pytest.raises(TypeError, match=f"^{names('landscape', landscape)}$"):
            theory.stability_threshold(landscape, [0.0])  # type: ignore[arg-type]


def test_threshold_needs_points_of_the_landscape() -> None:
    q = landscapes.quadratic()
    for x, shape in (
        ([0.0, 1.0], r"\(2,\)"),
        (0.0, r"\(\)"),
        (np.ones((3, 2)), r"\(3, 2\)"),
    ):
        with pytest.raises(
            ValueError, match=rf"x must have shape \(\.\.\., 1\).*{shape}"
        ):
            theory.stability_threshold(q, x)
    with pytest.raises(TypeError, match=r"x must be an array of real numbers"):
        theory.stability_threshold(q, "x")


def test_threshold_momentum_is_in_0_to_1() -> None:
    q = landscapes.quadratic()
    for momentum in (1.0, -0.1, np.nan, np.inf):
        with pytest.raises(ValueError, match=f"^{names('momentum', momentum)}$"):
            theory.stability_threshold(q, [0.0], momentum)
        with pytest.raises(ValueError, match=names("momentum", momentum) + " \\(at"):
            theory.stability_threshold(q, [0.0], np.array([0.5, momentum]))
    for momentum in ("0.9", True, None):
        with pytest.raises(TypeError, match=f"^{names('momentum', momentum)}$"):
            theory.stability_threshold(q, [0.0], momentum)  # type: ignore[arg-type]
    theory.stability_threshold(q, [0.0], 0.0)
    theory.stability_threshold(q, [0.0], 0.999)
    with pytest.raises(
        ValueError,
        match=r"^momentum of shape \(3,\) does not broadcast against the batch "
        r"shape \(4,\) of x$",
    ):
        theory.stability_threshold(q, np.zeros((4, 1)), np.zeros(3))


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


def range_test(**kwargs: Any) -> theory.LRRangeTest:
    """lr_range_test on the quadratic with SGD from 1, but for ``kwargs``."""
    arguments: dict[str, Any] = {
        "landscape": landscapes.quadratic(),
        "optimizer": optim.SGD,
        "x0": [1.0],
    } | kwargs
    landscape, optimizer, x0 = (
        arguments.pop(k) for k in ("landscape", "optimizer", "x0")
    )
    return theory.lr_range_test(landscape, optimizer, x0, **arguments)


def test_range_test_needs_a_landscape() -> None:
    for landscape in ("quadratic", None, landscapes.quadratic):
        with pytest.raises(TypeError, match=f"^{names('landscape', landscape)}$"):
            range_test(landscape=landscape)


def test_range_test_needs_a_factory_of_optimizers() -> None:
    for optimizer in (optim.SGD(0.1), "sgd", None):
        with pytest.raises(
            TypeError,
            match=f"^optimizer must be a callable that makes an optimizer .*"
            f"got optimizer={re.escape(repr(optimizer))}$",
        ):
            range_test(optimizer=optimizer)
    for made in (not_an_optimizer, lambda _: "sgd"):
        with pytest.raises(
            TypeError,
            match=r"^optimizer\(lr\) must return one of gdbook\.optim's optimizers, got ",
        ):
            range_test(optimizer=made)


def test_range_test_needs_one_finite_point_to_start_from() -> None:
    for x0, shape in (
        ([1.0, 2.0], "(2,)"),
        ([[1.0]], "(1, 1)"),
        ([np.nan], "(1,)"),
        ([np.inf], "(1,)"),
    ):
        with pytest.raises(
            ValueError,
            match=r"^x0 must be one finite point of shape \(1,\) of this "
            rf"1-dimensional landscape, got x0 of shape {re.escape(shape)}: "
            + re.escape(repr(x0)),
        ):
            range_test(x0=x0)
    for x0 in ("one", [1.0, "a"]):
        with pytest.raises(TypeError, match=f"^{names('x0', x0)}$"):
            range_test(x0=x0)
    with pytest.raises(
        ValueError, match=r"x0 must be one finite point of shape \(2,\)"
    ):
        range_test(landscape=landscapes.himmelblau(), x0=1.0)


def test_range_test_numbers_are_checked_against_their_range() -> None:
    # name: (refused, allowed at the edges); lr_max must exceed lr_min (1e-5).
    ranges = {
        "lr_min": ([0.0, -1.0, np.nan, np.inf], [1e-300, 1.0]),
        "lr_max": ([1e-6, 1e-5, np.nan, np.inf], [1.1e-5, 1e3]),
        "smooth": ([1.0, -0.5, np.nan], [0.0, 0.999]),
        "stop_factor": ([1.0, 0.5, np.nan, np.inf], [1.001, 1e6]),
    }
    for name, (refused, edges) in ranges.items():
        for value in refused:
            with pytest.raises(ValueError, match=f"^{names(name, value)}$"):
                range_test(**{name: value})
        for value in ("0.1", True, None):
            with pytest.raises(TypeError, match=f"^{names(name, value)}$"):
                range_test(**{name: value})
        with pytest.raises(TypeError, match=f"^{name} must be a scalar"):
            range_test(**{name: np.array(edges)})
        for value in edges:
            range_test(**{name: value}, steps=2)
    with pytest.raises(ValueError, match=f"^{names('lr_max', 0.5)}$"):
        range_test(lr_min=0.5, lr_max=0.5)
    with pytest.raises(ValueError, match=r"lr_max must be finite and > 1e-05, got"):
        range_test(lr_max=1e-6)


def test_range_test_steps_is_an_integer_from_2() -> None:
    for steps in (1, 0, -1):
        with pytest.raises(ValueError, match=f"^{names('steps', steps)}$"):
            range_test(steps=steps)
    for steps in (10.0, True, "10", None):
        with pytest.raises(TypeError, match=f"^{names('steps', steps)}$"):
            range_test(steps=steps)
    assert range_test(steps=2).lrs.shape == (2,)


def test_range_test_accepts_a_number_as_a_one_dimensional_start() -> None:
    q = landscapes.quadratic()
    by_number = theory.lr_range_test(q, optim.SGD, 1.0)
    by_point = theory.lr_range_test(q, optim.SGD, [1.0])
    np.testing.assert_array_equal(by_number.losses, by_point.losses)
