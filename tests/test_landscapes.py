"""Landscapes: derivatives against finite differences, minima, batching, errors."""

from __future__ import annotations

import dataclasses
import re
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
# The shared checks' wording is tested once, in test_optim.py; here each
# parameter is checked by its rule, the message naming it and the value given.


def square(x: np.ndarray) -> np.ndarray:
    return (x**2).sum(-1)


def double(x: np.ndarray) -> np.ndarray:
    return 2 * x


def make(**kwargs: object) -> Landscape:
    """A 2-d bowl, but for ``kwargs``."""
    arguments: dict[str, object] = {"loss": square, "grad": double, "dim": 2, **kwargs}
    return Landscape(**arguments)  # type: ignore[arg-type]


def names(name: str, value: object, rule: str | None = None) -> str:
    """A pattern for a message that names ``name`` and shows ``value``.

    With ``rule``, the message must also say that ``name`` must be ``rule``.
    """
    allowed = ".*" if rule is None else re.escape(rule) + ", "
    return f"{re.escape(name)} must be {allowed}got {re.escape(name)}={re.escape(repr(value))}"


def test_dim_is_an_integer_from_1() -> None:
    for dim in (0, -1):
        with pytest.raises(ValueError, match=f"^{names('dim', dim)}$"):
            make(dim=dim)
    for dim in (1.5, 2.0, True, "2", None):
        with pytest.raises(TypeError, match=f"^{names('dim', dim)}$"):
            make(dim=dim)


def test_functions_must_be_callables() -> None:
    for name in ("loss", "grad"):
        for value in (3.0, None, "f"):
            with pytest.raises(
                TypeError, match=f"^{names(name, value, 'a callable')}$"
            ):
                make(**{name: value})
    for name in ("hessian", "grad_into"):
        for value in (3.0, "h"):
            with pytest.raises(
                TypeError, match=f"^{name} must be a callable or None, got {name}="
            ):
                make(**{name: value})
        make(**{name: None})


def test_name_is_a_string_or_none() -> None:
    for name in (7, b"bowl", ["bowl"]):
        with pytest.raises(TypeError, match=f"^{names('name', name)}$"):
            make(name=name)
    make(name=None)
    make(name="bowl")


def test_domain_is_a_finite_box_with_low_below_high() -> None:
    for domain in ([[0, 1]], [[0, 1], [0, np.inf]], [[0, 1], [np.nan, 1]], [0, 1]):
        with pytest.raises(
            ValueError,
            match=r"^domain must be finite with shape \(2, 2\), a \(low, high\) pair "
            f"per axis, got domain={re.escape(repr(domain))}$",
        ):
            make(domain=domain)
    for domain, axis, shown in (
        ([[0, 1], [2, 2]], 1, "(2.0, 2.0)"),
        ([[1, 0], [0, 1]], 0, "(1.0, 0.0)"),
    ):
        with pytest.raises(
            ValueError,
            match=r"^domain's low end must be below its high end on every axis, got "
            f"domain\\[{axis}\\]={re.escape(shown)}$",
        ):
            make(domain=domain)
    for domain in ("abc", [[0, 1], [0, "b"]]):
        with pytest.raises(TypeError, match=f"^{names('domain', domain)}$"):
            make(domain=domain)


def test_start_is_a_finite_point() -> None:
    for start in ([1.0], [1.0, np.nan], [1.0, np.inf], [[1.0, 2.0]], 1.0):
        with pytest.raises(
            ValueError,
            match=f"^{names('start', start, 'a finite point of shape (2,)')}$",
        ):
            make(start=start)
    with pytest.raises(TypeError, match=f"^{names('start', 'ab')}$"):
        make(start="ab")


def test_minima_are_minimum_of_the_landscape_ordered_by_kind() -> None:
    origin = Minimum([0.0, 0.0], 0.0, "global")
    for minima in (origin, 3, None):
        with pytest.raises(
            TypeError,
            match=f"^{names('minima', minima, 'an iterable of Minimum')}$",
        ):
            make(minima=minima)
    for bad in ([0.0, 0.0], (0.0, 0.0, "global"), None):
        with pytest.raises(
            TypeError,
            match=rf"^minima\[1\] must be a Minimum, got {re.escape(repr(bad))}$",
        ):
            make(minima=[origin, bad])
    for x in ([0.0], [0.0, 0.0, 0.0]):
        with pytest.raises(
            ValueError,
            match=r"^minima\[0\]\.x must have shape \(2,\) on a 2-dimensional "
            rf"landscape, got shape \({len(x)},\)$",
        ):
            make(minima=[Minimum(x, 0.0, "global")])
    with pytest.raises(
        ValueError,
        match=r"^a local minimum \(loss -1\.0\) cannot be lower than the global "
        r"minimum \(loss 0\.0\)$",
    ):
        make(minima=[origin, Minimum([1.0, 0.0], -1.0, "local")])
    make(minima=[origin, Minimum([1.0, 0.0], 0.0, "local")])


def test_a_minimum_is_a_finite_point_its_loss_and_its_kind() -> None:
    for x in ([[0.0]], [np.nan], [], 0.0):
        with pytest.raises(
            ValueError,
            match=r"^a minimum's x must be a finite 1-d array of coordinates, got "
            f"x={re.escape(repr(x))}$",
        ):
            Minimum(x, 0.0, "global")  # type: ignore[arg-type]
    for loss in (np.inf, np.nan):
        with pytest.raises(ValueError, match=f"^{names('loss', loss)}$"):
            Minimum([0.0], loss, "global")
    for loss in ("low", None):
        with pytest.raises(TypeError, match=f"^{names('loss', loss)}$"):
            Minimum([0.0], loss, "global")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^loss must be a scalar, got an array"):
        Minimum([0.0], [0.0], "global")  # type: ignore[arg-type]
    for kind in ("lowest", "Global", None):
        with pytest.raises(
            ValueError,
            match=f"^a minimum's kind must be 'global' or 'local', got "
            f"kind={re.escape(repr(kind))}$",
        ):
            Minimum([0.0], 0.0, kind)  # type: ignore[arg-type]


def test_builtin_parameters_are_checked_against_their_range() -> None:
    # (factory, parameter): (refused, allowed at the edges)
    ranges: dict[
        tuple[Callable[..., Landscape], str], tuple[list[float], list[float]]
    ] = {
        (landscapes.quadratic, "a"): ([0.0, -1.0, np.nan, np.inf], [1e-3, 1e3]),
        (landscapes.ill_conditioned, "condition"): (
            [0.5, 0.0, np.nan, np.inf],
            [1.0, 1e6],
        ),
        (landscapes.rosenbrock, "a"): ([np.nan, np.inf, -np.inf], [-3.0, 0.0, 3.0]),
        (landscapes.rosenbrock, "b"): ([0.0, -1.0, np.nan, np.inf], [1e-3, 1e3]),
    }
    for (factory, name), (refused, edges) in ranges.items():
        for value in refused:
            with pytest.raises(ValueError, match=f"^{names(name, value)}$"):
                factory(**{name: value})
        for value in ("1", True, None):
            with pytest.raises(TypeError, match=f"^{names(name, value)}$"):
                factory(**{name: value})
        with pytest.raises(
            TypeError, match=rf"^{name} must be a scalar, got an array of shape \(2,\)$"
        ):
            factory(**{name: edges[:2]})
        for value in edges:
            factory(**{name: value})


def test_evaluations_need_points_of_the_landscape() -> None:
    q = landscapes.quadratic()
    evaluations = {"loss": q.loss, "grad": q.grad, "hessian": q.hessian}
    for evaluate in evaluations.values():
        for x, shape in (
            ([1.0, 2.0], "(2,)"),
            (np.ones((3, 2)), "(3, 2)"),
            (1.0, "()"),
        ):
            with pytest.raises(
                ValueError,
                match=r"^x must have shape \(\.\.\., 1\): points of this 1-dimensional "
                f"landscape along the last axis, got x of shape {re.escape(shape)} "
                r"\(for one point of a 1-d landscape use \[x\]; for many, "
                r"x\[\.\.\., None\]\)$",
            ):
                evaluate(x)
        for x in ("x", [1.0, "a"]):
            with pytest.raises(TypeError, match=f"^{names('x', x)}$"):
                evaluate(x)
        evaluate(np.ones((3, 1)))
    # A 2-d landscape gives no hint about 1-d ones.
    with pytest.raises(ValueError, match=r"got x of shape \(3,\)$"):
        make().loss([1.0, 2.0, 3.0])


def test_grad_into_needs_a_separate_float64_out_of_the_shape_of_x() -> None:
    q = landscapes.quadratic()
    x = np.ones((3, 1))
    for x_shape, out_shape in (((3, 1), (2, 1)), ((3, 2), (3, 2)), ((3,), (3,))):
        with pytest.raises(
            ValueError,
            match=r"^x must have shape \(\.\.\., 1\) and out the same shape, got x of "
            f"shape {re.escape(str(x_shape))} and out of shape "
            f"{re.escape(str(out_shape))}$",
        ):
            q.grad_into(np.ones(x_shape), np.ones(out_shape))
    for out, shown in (
        (np.ones((3, 1), dtype=np.float32), "ndarray of dtype float32"),
        ([0.0], "list"),
    ):
        with pytest.raises(
            TypeError, match=f"^out must be a float64 array, got {shown}"
        ):
            q.grad_into(x, out)  # type: ignore[arg-type]
    for out in (x, x[:, :]):
        with pytest.raises(ValueError, match=r"^out must not overlap x"):
            q.grad_into(x, out)


def test_check_grad_parameters_are_checked_against_their_range() -> None:
    q = landscapes.quadratic()
    reals = {
        "h": ([0.0, -1e-6, np.nan, np.inf], [1e-12, 0.1]),
        "rtol": ([-1.0, np.nan, np.inf], [0.0, 1.0]),
        "atol": ([-1.0, np.nan, np.inf], [0.0, 1.0]),
    }
    for name, (refused, edges) in reals.items():
        for value in refused:
            with pytest.raises(ValueError, match=f"^{names(name, value)}$"):
                q.check_grad(**{name: value})
        for value in ("1e-6", True, [1e-6, 1e-6]):
            with pytest.raises(TypeError, match=f"^{name} must be a"):
                q.check_grad(**{name: value})
        for value in edges:
            q.check_grad(
                **{name: value, "n": 1, "rtol": 1.0, "atol": 1.0} | {name: value}
            )
    for name, low in (("n", 1), ("seed", 0)):
        for value in (low - 1, low - 5):
            with pytest.raises(ValueError, match=f"^{names(name, value)}$"):
                q.check_grad(**{name: value})
        for value in (2.5, 1.0, True, "1"):
            with pytest.raises(TypeError, match=f"^{names(name, value)}$"):
                q.check_grad(**{name: value})
        q.check_grad(**{name: low})


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
