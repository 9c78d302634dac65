"""Landscapes: derivatives against finite differences, minima, batching, errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdbook
from gdbook import landscapes
from gdbook.landscapes import Landscape, Minimum

BUILTINS: dict[str, Callable[[], Landscape]] = {
    "quadratic": landscapes.quadratic,
    "quadratic(a=0.3)": lambda: landscapes.quadratic(a=0.3),
    "quadratic(a=25)": lambda: landscapes.quadratic(a=25.0),
    "book_curve": landscapes.book_curve,
    "ill_conditioned": landscapes.ill_conditioned,
    "ill_conditioned(1)": lambda: landscapes.ill_conditioned(1.0),
    "ill_conditioned(1000)": lambda: landscapes.ill_conditioned(1000.0),
    "rosenbrock": landscapes.rosenbrock,
    "rosenbrock(a=-0.5, b=10)": lambda: landscapes.rosenbrock(a=-0.5, b=10.0),
    "rosenbrock(a=3)": lambda: landscapes.rosenbrock(a=3.0),
    "himmelblau": landscapes.himmelblau,
    "trap": landscapes.trap,
}
# Landscapes whose gradient is bounded on the domain, so that plain gradient
# descent from anywhere in it ends in a minimum within a few thousand steps.
EXPLORABLE = ["quadratic", "book_curve", "ill_conditioned", "himmelblau", "trap"]

unit = st.floats(0.0, 1.0)


@pytest.fixture(params=list(BUILTINS), scope="module")
def builtin(request: pytest.FixtureRequest) -> Landscape:
    return BUILTINS[request.param]()


def in_domain(landscape: Landscape, u: list[float]) -> np.ndarray:
    low, high = landscape.domain[:, 0], landscape.domain[:, 1]
    return low + np.array(u[: landscape.dim]) * (high - low)


def descend(landscape: Landscape, x: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Plain gradient descent, here so that these tests need nothing but landscapes."""
    x = np.array(x, dtype=np.float64)
    g = np.empty_like(x)
    for _ in range(steps):
        landscape.grad_into(x, g)
        x -= lr * g
    return x


# -- gradients and Hessians ---------------------------------------------------


@pytest.mark.parametrize("name", list(BUILTINS))
@settings(max_examples=60, deadline=None)
@given(u=st.lists(unit, min_size=2, max_size=2))
def test_gradient_matches_finite_differences(name: str, u: list[float]) -> None:
    landscape = BUILTINS[name]()
    error = landscape.check_grad(in_domain(landscape, u))
    assert np.isfinite(error)


@pytest.mark.parametrize("name", list(BUILTINS))
@settings(max_examples=40, deadline=None)
@given(u=st.lists(unit, min_size=2, max_size=2))
def test_hessian_matches_differences_of_the_gradient(name: str, u: list[float]) -> None:
    landscape = BUILTINS[name]()
    x = in_domain(landscape, u)
    analytic = landscape.hessian(x)
    by_differences = Landscape(landscape.loss, landscape.grad, landscape.dim).hessian(x)
    scale = max(1.0, float(np.abs(analytic).max()))
    np.testing.assert_allclose(analytic, by_differences, rtol=1e-6, atol=1e-6 * scale)
    np.testing.assert_array_equal(analytic, np.swapaxes(analytic, -1, -2))


def test_check_grad_at_random_points_of_the_domain(builtin: Landscape) -> None:
    assert builtin.check_grad(n=64, seed=3) >= 0.0


def test_grad_and_grad_into_agree_bit_for_bit(builtin: Landscape) -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(builtin.domain[:, 0], builtin.domain[:, 1], (7, 5, builtin.dim))
    out = np.full_like(x, np.nan)
    assert builtin.grad_into(x, out) is out
    np.testing.assert_array_equal(out, builtin.grad(x))


def test_grad_into_on_non_contiguous_arrays(builtin: Landscape) -> None:
    rng = np.random.default_rng(2)
    base = rng.uniform(-1.0, 1.0, (builtin.dim, 6, 4))
    x = np.moveaxis(base, 0, -1)[::2]  # strided, last axis not contiguous
    out = np.moveaxis(np.zeros((builtin.dim, 3, 4)), 0, -1)
    builtin.grad_into(x, out)
    np.testing.assert_array_equal(out, builtin.grad(np.ascontiguousarray(x)))


# -- minima -------------------------------------------------------------------


def test_minima_are_stationary_with_positive_curvature(builtin: Landscape) -> None:
    assert builtin.minima
    for m in builtin.minima:
        assert np.abs(builtin.grad(m.x)).max() < 1e-10, m
        assert (np.linalg.eigvalsh(builtin.hessian(m.x)) > 0).all(), m
        assert m.loss == builtin.loss(m.x)
        assert m.x.shape == (builtin.dim,)
        assert ((builtin.domain[:, 0] < m.x) & (m.x < builtin.domain[:, 1])).all()


def test_global_minima_are_the_lowest(builtin: Landscape) -> None:
    global_losses = [m.loss for m in builtin.minima if m.kind == "global"]
    local_losses = [m.loss for m in builtin.minima if m.kind == "local"]
    assert global_losses
    assert max(global_losses) - min(global_losses) < 1e-12
    assert all(v > max(global_losses) + 1e-3 for v in local_losses)


def test_start_lies_in_the_domain(builtin: Landscape) -> None:
    assert builtin.start is not None
    assert (
        (builtin.domain[:, 0] < builtin.start) & (builtin.start < builtin.domain[:, 1])
    ).all()


@pytest.mark.parametrize("name", EXPLORABLE)
def test_every_minimum_in_the_domain_is_listed(name: str) -> None:
    landscape = BUILTINS[name]()
    axes = [
        np.linspace(lo, hi, 41 if landscape.dim == 1 else 25)
        for lo, hi in landscape.domain
    ]
    starts = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(
        -1, landscape.dim
    )
    # A step of 1 / (largest curvature on the grid) is stable everywhere on it.
    lr = 1 / np.linalg.eigvalsh(landscape.hessian(starts))[:, -1].max()
    ends = descend(landscape, starts, lr=lr, steps=8000)
    inside = ((landscape.domain[:, 0] < ends) & (ends < landscape.domain[:, 1])).all(
        axis=-1
    )
    known = np.array([m.x for m in landscape.minima])
    distance = np.linalg.norm(ends[inside, np.newaxis, :] - known, axis=-1).min(axis=-1)
    assert inside.mean() > 0.5
    assert distance.max() < 1e-4, ends[inside][distance.argmax()]


def test_minima_of_one_dimensional_landscapes_are_sorted() -> None:
    shuffled = [Minimum([2.0], 1.0, "local"), Minimum([-1.0], 0.0, "global")]
    landscape = Landscape(lambda x: x[..., 0] ** 2, lambda x: 2 * x, 1, minima=shuffled)
    assert [float(m.x[0]) for m in landscape.minima] == [-1.0, 2.0]
    curve = landscapes.book_curve()
    positions = [float(m.x[0]) for m in curve.minima]
    assert positions == sorted(positions)


def test_book_curve_runs_downhill_through_three_local_minima_to_the_global_one() -> (
    None
):
    curve = landscapes.book_curve()
    assert curve.start is not None
    start = float(curve.start[0])
    assert start == -0.9
    # Downhill from the start is to the right; one minimum lies behind it.
    assert curve.grad(curve.start)[0] < 0
    behind, *ahead, beyond = curve.minima
    assert float(behind.x[0]) < start < min(float(m.x[0]) for m in ahead)
    assert [m.kind for m in curve.minima] == ["local"] * 4 + ["global", "local"]
    np.testing.assert_allclose(
        [float(m.x[0]) for m in ahead], [0.10, 2.06, 4.03, 6.00], atol=0.005
    )
    assert float(beyond.x[0]) == pytest.approx(7.97, abs=0.005)
    assert ahead[3].x[0] == pytest.approx(6.0, abs=1e-12)
    assert ahead[3].loss == pytest.approx(-0.5, abs=1e-12)
    # Each minimum on the way is lower than the one before.
    losses = [m.loss for m in ahead]
    assert losses == sorted(losses, reverse=True)
    # A walk that only ever goes downhill stops in the first of them.
    end = descend(curve, curve.start, lr=0.01, steps=5000)
    assert end[0] == pytest.approx(ahead[0].x[0], abs=1e-9)


def test_book_curve_heavy_ball_runs_end_in_each_minimum() -> None:
    """The source's figures need runs stuck in each minimum: heavy ball gives them."""
    curve = landscapes.book_curve()
    lrs = np.geomspace(0.001, 0.2, 60)[:, np.newaxis]
    x = np.full((60, 1), -0.9)
    v, g = np.zeros_like(x), np.empty_like(x)
    for _ in range(5000):
        curve.grad_into(x, g)
        v *= 0.9
        v -= lrs * g
        x += v
    known = np.array([m.x[0] for m in curve.minima])
    distance = np.abs(x - known)
    reached = set(distance.argmin(axis=1)[distance.min(axis=1) < 1e-9].tolist())
    assert reached == {1, 2, 3, 4}  # the three local minima ahead and the global one


def test_trap_traps_plain_gradient_descent() -> None:
    trapped = landscapes.trap()
    local, global_ = trapped.minima
    assert (local.kind, global_.kind) == ("local", "global")
    assert global_.loss < local.loss - 1.0
    assert trapped.start is not None
    start_to_local = np.linalg.norm(trapped.start - local.x)
    assert start_to_local < np.linalg.norm(trapped.start - global_.x) / 2
    for lr in (0.05, 0.1, 0.3):
        end = descend(trapped, trapped.start, lr=lr, steps=3000)
        np.testing.assert_allclose(end, local.x, atol=1e-8)


def test_trap_heavy_ball_escapes() -> None:
    trapped = landscapes.trap()
    assert trapped.start is not None
    x = trapped.start.copy()
    v, g = np.zeros(2), np.empty(2)
    for _ in range(3000):
        trapped.grad_into(x, g)
        v = 0.9 * v - 0.1 * g
        x += v
    np.testing.assert_allclose(x, trapped.minima[1].x, atol=1e-8)


def test_himmelblau_has_four_global_minima_of_loss_zero() -> None:
    h = landscapes.himmelblau()
    assert len(h.minima) == 4
    assert {m.kind for m in h.minima} == {"global"}
    np.testing.assert_allclose([m.loss for m in h.minima], 0.0, atol=1e-25)
    np.testing.assert_array_equal(h.minima[0].x, [3.0, 2.0])


@pytest.mark.parametrize(("a", "b"), [(1.0, 100.0), (-0.5, 10.0), (2.0, 1.0)])
def test_rosenbrock_minimum_is_at_a_a_squared(a: float, b: float) -> None:
    r = landscapes.rosenbrock(a=a, b=b)
    (m,) = r.minima
    np.testing.assert_allclose(m.x, [a, a * a], rtol=1e-15)
    assert m.loss == pytest.approx(0.0, abs=1e-28)


@pytest.mark.parametrize("condition", [1.0, 10.0, 1e4])
def test_ill_conditioned_curvatures_are_one_and_the_condition(condition: float) -> None:
    bowl = landscapes.ill_conditioned(condition)
    eigenvalues = np.linalg.eigvalsh(bowl.hessian([0.3, -0.2]))
    np.testing.assert_allclose(eigenvalues, [1.0, condition])


# -- the quadratic and gradient descent ---------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.05, 50.0),
    ratio=st.floats(0.01, 3.0).filter(lambda r: abs(r - 2) > 0.02),
    x0=st.floats(-1.5, 1.5).filter(lambda v: abs(v) > 1e-3),
)
def test_gradient_descent_on_the_quadratic_converges_iff_lr_a_below_two(
    a: float, ratio: float, x0: float
) -> None:
    q = landscapes.quadratic(a=a)
    lr = ratio / a
    steps = 400
    x = descend(q, np.array([x0]), lr=lr, steps=steps)
    expected = (1 - lr * a) ** steps * x0
    np.testing.assert_allclose(x[0], expected, rtol=1e-9, atol=1e-300)
    if ratio < 2:
        assert abs(x[0]) < abs(x0)
    else:
        assert abs(x[0]) > abs(x0)


# -- batching -----------------------------------------------------------------


def test_evaluation_broadcasts_over_batch_axes(builtin: Landscape) -> None:
    rng = np.random.default_rng(4)
    x = rng.uniform(builtin.domain[:, 0], builtin.domain[:, 1], (3, 4, builtin.dim))
    loss, grad, hessian = builtin.loss(x), builtin.grad(x), builtin.hessian(x)
    assert loss.shape == (3, 4)
    assert grad.shape == (3, 4, builtin.dim)
    assert hessian.shape == (3, 4, builtin.dim, builtin.dim)
    for i in range(3):
        for j in range(4):
            assert loss[i, j] == builtin.loss(x[i, j])
            np.testing.assert_array_equal(grad[i, j], builtin.grad(x[i, j]))
            np.testing.assert_allclose(
                hessian[i, j], builtin.hessian(x[i, j]), rtol=1e-15
            )


def test_custom_landscape_finite_difference_hessian_broadcasts() -> None:
    cubic = Landscape(
        loss=lambda x: (x**3).sum(-1) / 3 + x[..., 0] * x[..., 1],
        grad=lambda x: x**2 + x[..., ::-1],
        dim=2,
    )
    x = np.array([[[1.0, 2.0]], [[-0.5, 0.25]]])
    expected = np.array([[[[2.0, 1.0], [1.0, 4.0]]], [[[-1.0, 1.0], [1.0, 0.5]]]])
    np.testing.assert_allclose(cubic.hessian(x), expected, rtol=1e-8, atol=1e-9)
    assert cubic.check_grad(x) < 1e-6
    assert cubic.check_grad() < 1e-6


def test_single_point_gives_scalar_loss() -> None:
    q = landscapes.quadratic(a=2.0)
    assert q.loss([3.0]) == 9.0
    assert np.ndim(q.loss([3.0])) == 0
    assert q.grad([3.0]).shape == (1,)


def test_default_grad_into_copies_grad() -> None:
    bowl = Landscape(lambda x: (x**2).sum(-1) / 2, lambda x: x, dim=2)
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    out = np.zeros_like(x)
    bowl.grad_into(x, out)
    np.testing.assert_array_equal(out, x)
    out[...] = 0
    assert bowl.grad_into(x, out, check=False) is out
    np.testing.assert_array_equal(out, x)


def test_a_given_grad_into_is_the_one_used() -> None:
    calls = []

    def double_into(x: np.ndarray, out: np.ndarray) -> np.ndarray:
        calls.append(x.shape)
        return np.multiply(x, 2.0, out=out)

    bowl = Landscape(
        lambda x: (x**2).sum(-1), lambda x: 2 * x, dim=2, grad_into=double_into
    )
    x = np.array([[1.0, 2.0]])
    for check in (True, False):
        out = np.zeros_like(x)
        assert bowl.grad_into(x, out, check=check) is out
        np.testing.assert_array_equal(out, 2 * x)
    assert calls == [(1, 2), (1, 2)]
    gdbook.descend(bowl, gdbook.optim.SGD(lr=0.1), [1.0, 1.0], 3)
    assert len(calls) == 5


# -- attributes ---------------------------------------------------------------


def test_builtin_attributes(builtin: Landscape) -> None:
    assert isinstance(builtin.name, str)
    assert builtin.name
    assert builtin.domain.shape == (builtin.dim, 2)
    assert builtin.domain.dtype == np.float64
    assert (builtin.domain[:, 0] < builtin.domain[:, 1]).all()
    assert builtin.name in repr(builtin)


def test_domain_start_and_minima_are_read_only() -> None:
    curve = landscapes.book_curve()
    assert curve.start is not None
    with pytest.raises(ValueError, match="read-only"):
        curve.domain[0, 0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        curve.start[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        curve.minima[0].x[0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        curve.minima[0].loss = 0.0  # type: ignore[misc]


def test_default_domain_covers_start_and_minima() -> None:
    landscape = Landscape(
        lambda x: (x**2).sum(-1),
        lambda x: 2 * x,
        2,
        start=[4.0, -1.0],
        minima=[Minimum([0.0, 0.0], 0.0, "global")],
    )
    np.testing.assert_array_equal(landscape.domain, [[-1.0, 5.0], [-2.0, 1.0]])
    one_d = Landscape(lambda x: x[..., 0] ** 2, lambda x: 2 * x, 1, domain=(-2, 3))
    np.testing.assert_array_equal(one_d.domain, [[-2.0, 3.0]])


# -- bad input ----------------------------------------------------------------


def square(x: np.ndarray) -> np.ndarray:
    return (x**2).sum(-1)


def double(x: np.ndarray) -> np.ndarray:
    return 2 * x


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"dim": 0}, ValueError, r"dim must be >= 1, got dim=0"),
        ({"dim": 1.5}, TypeError, r"dim must be an integer, got dim=1.5"),
        ({"dim": True}, TypeError, r"dim must be an integer"),
        ({"loss": 3.0}, TypeError, r"loss must be a callable, got loss=3.0"),
        ({"grad": None}, TypeError, r"grad must be a callable, got grad=None"),
        ({"hessian": "h"}, TypeError, r"hessian must be a callable or None"),
        ({"name": 7}, TypeError, r"name must be a string or None, got name=7"),
        (
            {"domain": [[0, 1]]},
            ValueError,
            r"domain must be finite with shape \(2, 2\)",
        ),
        ({"domain": [[0, 1], [0, np.inf]]}, ValueError, r"domain must be finite"),
        (
            {"domain": [[0, 1], [2, 2]]},
            ValueError,
            r"low end must be below.*domain\[1\]",
        ),
        ({"domain": "abc"}, TypeError, r"domain must be an array of real numbers"),
        ({"start": [1.0]}, ValueError, r"start must be a finite point of shape \(2,\)"),
        ({"start": [1.0, np.nan]}, ValueError, r"start must be a finite point"),
        ({"minima": [[0.0, 0.0]]}, TypeError, r"minima\[0\] must be a Minimum"),
        (
            {"minima": Minimum([0.0, 0.0], 0.0, "global")},
            TypeError,
            r"iterable of Minimum",
        ),
        (
            {"minima": [Minimum([0.0], 0.0, "global")]},
            ValueError,
            r"minima\[0\]\.x must have shape \(2,\).*got shape \(1,\)",
        ),
        (
            {
                "minima": [
                    Minimum([0.0, 0.0], 0.0, "global"),
                    Minimum([1.0, 0.0], -1.0, "local"),
                ]
            },
            ValueError,
            r"local minimum \(loss -1.0\) cannot be lower than the global",
        ),
    ],
)
def test_bad_landscape_arguments(
    kwargs: dict[str, object], error: type, match: str
) -> None:
    arguments: dict[str, object] = {"loss": square, "grad": double, "dim": 2, **kwargs}
    with pytest.raises(error, match=match):
        Landscape(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([0.0, 1.0], 0.0, "lowest"), ValueError, r"kind must be 'global' or 'local'"),
        (([[0.0]], 0.0, "global"), ValueError, r"finite 1-d array"),
        (([np.nan], 0.0, "global"), ValueError, r"finite 1-d array"),
        (([0.0], np.inf, "global"), ValueError, r"loss must be finite"),
        (([0.0], "low", "global"), TypeError, r"loss must be a real number"),
    ],
)
def test_bad_minimum(
    args: tuple[object, object, object], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        Minimum(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("factory", "error", "match"),
    [
        (
            lambda: landscapes.quadratic(a=0.0),
            ValueError,
            r"a must be finite and > 0, got a=0.0",
        ),
        (
            lambda: landscapes.quadratic(a=-1),
            ValueError,
            r"a must be finite and > 0, got a=-1.0",
        ),
        (
            lambda: landscapes.quadratic(a=np.nan),
            ValueError,
            r"a must be finite and > 0",
        ),
        (lambda: landscapes.quadratic(a="1"), TypeError, r"a must be a real number"),
        (lambda: landscapes.quadratic(a=[1.0, 2.0]), TypeError, r"a must be a scalar"),
        (
            lambda: landscapes.ill_conditioned(0.5),
            ValueError,
            r"condition must be finite and >= 1, got condition=0.5",
        ),
        (lambda: landscapes.rosenbrock(b=0.0), ValueError, r"b must be finite and > 0"),
        (lambda: landscapes.rosenbrock(a=np.inf), ValueError, r"a must be finite"),
    ],
)
def test_bad_factory_arguments(
    factory: Callable[[], object], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        factory()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda q: q.loss([1.0, 2.0]),
            ValueError,
            r"x must have shape \(\.\.\., 1\).*shape \(2,\)",
        ),
        (lambda q: q.loss(1.0), ValueError, r"got x of shape \(\).*x\[\.\.\., None\]"),
        (
            lambda q: q.grad(np.ones((3, 2))),
            ValueError,
            r"shape \(\.\.\., 1\).*\(3, 2\)",
        ),
        (lambda q: q.hessian(np.ones((3, 2))), ValueError, r"shape \(\.\.\., 1\)"),
        (lambda q: q.loss("x"), TypeError, r"x must be an array of real numbers"),
        (
            lambda q: q.grad_into(np.ones((3, 1)), np.ones((2, 1))),
            ValueError,
            r"out the same shape, got x of shape \(3, 1\) and out of shape \(2, 1\)",
        ),
        (
            lambda q: q.grad_into(np.ones((3, 1)), np.ones((3, 1), dtype=np.float32)),
            TypeError,
            r"out must be a float64 array, got ndarray of dtype float32",
        ),
        (
            lambda q: q.grad_into(np.ones((3, 1)), [0.0]),
            TypeError,
            r"out must be a float64",
        ),
        (
            lambda q: q.grad_into(x := np.ones((3, 1)), x),
            ValueError,
            r"out must not overlap x",
        ),
        (
            lambda q: q.check_grad(h=0.0),
            ValueError,
            r"h must be finite and > 0, got h=0.0",
        ),
        (
            lambda q: q.check_grad(rtol=-1.0),
            ValueError,
            r"rtol must be finite and >= 0",
        ),
        (lambda q: q.check_grad(n=0), ValueError, r"n must be >= 1, got n=0"),
        (lambda q: q.check_grad(n=2.5), TypeError, r"n must be an integer"),
        (lambda q: q.check_grad(seed=-1), ValueError, r"seed must be >= 0"),
    ],
)
def test_bad_evaluation_arguments(
    call: Callable[[Landscape], object], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        call(landscapes.quadratic())


def test_unvectorized_functions_are_reported() -> None:
    scalar_loss = Landscape(lambda x: float(np.sum(x**2)), double, dim=2)
    with pytest.raises(
        ValueError, match=r"loss function .* returned shape \(\) .* vectorized"
    ):
        scalar_loss.loss(np.ones((4, 2)))
    flat_grad = Landscape(square, lambda x: 2 * x.ravel(), dim=2)
    with pytest.raises(ValueError, match=r"grad function .* returned shape \(8,\)"):
        flat_grad.grad(np.ones((4, 2)))


def test_check_grad_names_the_failing_point() -> None:
    wrong = Landscape(square, lambda x: 2 * x + (x[..., :1] > 0.5), dim=2)
    assert wrong.check_grad([[0.25, 0.5], [0.4, -3.0]]) < 1e-6
    with pytest.raises(
        AssertionError, match=r"at x=\[1\.5, 0\.5\]: grad=\[4\.0, 2\.0\]"
    ):
        wrong.check_grad([[0.5, 0.5], [1.5, 0.5]])
    with pytest.raises(AssertionError, match=r"does not match"):
        wrong.check_grad(n=200)


def test_check_grad_fails_on_non_finite_gradients() -> None:
    broken = Landscape(square, lambda x: np.where(x > 0, np.nan, 2 * x), dim=1)
    with pytest.raises(AssertionError, match=r"at x=\[0\.5\]: grad=\[nan\]"):
        broken.check_grad([[-0.5], [0.5]])
