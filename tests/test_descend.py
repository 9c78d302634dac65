"""gdbook.descend: the batched loop, its recording, its freezing and its errors."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdbook
from gdbook import landscapes, optim, schedules

finite = st.floats(-3, 3, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.1, 10), eta_a=st.floats(0.01, 3.5), x0=finite, t=st.integers(0, 60)
)
def test_gd_on_quadratic_is_geometric(
    a: float, eta_a: float, x0: float, t: int
) -> None:
    """GD on a x^2/2 gives x_t = (1 - eta a)^t x0."""
    traj = gdbook.descend(landscapes.quadratic(a=a), optim.SGD(lr=eta_a / a), [x0], t)
    expected = (1 - eta_a) ** np.arange(t + 1) * x0
    np.testing.assert_allclose(traj.x[:, 0], expected, rtol=1e-9, atol=1e-300)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.1, 10), eta_a=st.floats(0.05, 3.0), x0=finite)
def test_gd_on_quadratic_diverges_iff_eta_a_above_two(
    a: float, eta_a: float, x0: float
) -> None:
    if abs(eta_a - 2) < 0.05:
        return  # too close to the boundary to be told apart in a few hundred steps
    traj = gdbook.descend(
        landscapes.quadratic(a=a), optim.SGD(lr=eta_a / a), [x0], 600, record="final"
    )
    assert (traj.regime == "diverged") == (eta_a > 2)
    if eta_a < 1.9:
        assert traj.outcome == "global minimum"


def test_batched_run_equals_runs_one_at_a_time() -> None:
    curve = landscapes.book_curve()
    lrs = np.array([[0.01, 0.05], [0.2, 0.45]])
    starts = np.array([[-0.9], [3.0]])[
        :, np.newaxis
    ]  # (2, 1, 1): broadcast against lrs' (2, 2)
    opt = optim.SGD(lr=lrs, momentum=0.5)
    batched = gdbook.descend(curve, opt, starts, 120)
    assert batched.x.shape == (121, 2, 2, 1)
    for i in range(2):
        for j in range(2):
            single = gdbook.descend(
                curve, optim.SGD(lr=lrs[i, j], momentum=0.5), starts[i, 0], 120
            )
            np.testing.assert_array_equal(batched.x[:, i, j], single.x)
            np.testing.assert_array_equal(batched.loss[:, i, j], single.loss)
            assert batched.regime[i, j] == single.regime
            assert batched.outcome[i, j] == single.outcome
            assert batched.settled_step[i, j] == single.settled_step
            sub = batched[i, j]
            np.testing.assert_array_equal(sub.x, single.x)
            assert sub.outcome == single.outcome


@pytest.mark.parametrize("record", ["all", "final", 1, 7, 1000])
def test_record_modes_keep_the_same_run(record: str | int) -> None:
    curve = landscapes.book_curve()
    opt = optim.Adam(lr=np.linspace(0.01, 0.5, 9))
    full = gdbook.descend(curve, opt, [-0.9], 50)
    part = gdbook.descend(curve, opt, [-0.9], 50, record=record)
    np.testing.assert_array_equal(part.x, full.x[part.t])
    np.testing.assert_array_equal(part.loss, full.loss[part.t])
    np.testing.assert_array_equal(part.lr, full.lr[part.t[:-1]])
    assert part.t[0] == 0
    assert part.t[-1] == 50
    np.testing.assert_array_equal(part.regime, full.regime)
    np.testing.assert_array_equal(part.minimum, full.minimum)


def test_record_every_k_steps() -> None:
    traj = gdbook.descend(
        landscapes.quadratic(), optim.SGD(lr=0.1), [1.0], 10, record=4
    )
    assert traj.t.tolist() == [0, 4, 8, 10]
    assert traj.x.shape == (4, 1)
    final = gdbook.descend(
        landscapes.quadratic(), optim.SGD(lr=0.1), [1.0], 10, record="final"
    )
    assert final.t.tolist() == [0, 10]


def test_zero_steps_records_the_start() -> None:
    traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=0.1), [1.0], 0)
    assert traj.x.shape == (1, 1)
    assert traj.lr.shape == (0,)
    assert traj.x[0, 0] == 1.0


def test_schedule_sets_each_steps_lr() -> None:
    sched = schedules.step(0.4, step_size=3, gamma=0.5)
    traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=sched), [1.0], 9)
    np.testing.assert_allclose(traj.lr, [0.4] * 3 + [0.2] * 3 + [0.1] * 3)
    np.testing.assert_allclose(traj.x[1:, 0], np.cumprod(1 - traj.lr) * 1.0)


def test_diverged_runs_are_frozen_without_warnings() -> None:
    lrs = np.array([0.5, 3.0, 100.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=lrs), [1.0], 2000)
    assert traj.regime.tolist() == ["converged", "diverged", "diverged"]
    assert np.isfinite(traj.x).all()
    step = traj.diverged_step[2]
    assert 0 < step < 2000
    # Frozen from that step on at its last finite position.
    assert (traj.x[step:, 2] == traj.x[step - 1, 2]).all()
    # Finite steps before it are exactly as computed: x_t = (1 - 100)^t.
    np.testing.assert_allclose(
        traj.x[:step, 2, 0], (-99.0) ** np.arange(step), rtol=1e-12
    )
    assert traj.diverged_step[0] == -1
    assert traj.settled_step[1] == -1


def test_regimes_of_the_book_curve() -> None:
    curve = landscapes.book_curve()
    traj = gdbook.descend(
        curve, optim.SGD(lr=np.array([0.01, 0.39, 0.6])), curve.start, 400
    )
    low, _, high = traj.outcome.tolist()
    assert low == "local minimum 1"
    assert high in {"oscillating", "diverged"}
    assert traj.regime[0] == "converged"
    assert traj.settled_step[0] > 0


def test_still_moving_run_is_descending() -> None:
    traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=1e-4), [1.0], 50)
    assert traj.regime == "descending"
    assert traj.minimum == -1
    assert traj.rank == -1


def test_oscillating_run_on_the_quadratic() -> None:
    traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=2.0), [1.0], 50)
    assert traj.regime == "oscillating"


def test_rank_counts_local_minima_from_the_start() -> None:
    curve = landscapes.book_curve()
    local = [
        m for m in curve.minima if m.kind == "local" and curve.start[0] < m.x[0] < 6
    ]
    starts = np.array([[m.x[0] + 0.05] for m in local])
    traj = gdbook.descend(curve, optim.SGD(lr=0.05), starts, 300)
    assert traj.rank.tolist() == [1, 1, 1]
    from_start = gdbook.descend(
        curve, optim.SGD(lr=0.05), np.full((3, 1), curve.start[0]), 0
    )
    assert from_start.regime.shape == (3,)


def test_repr_summarises_outcomes() -> None:
    traj = gdbook.descend(
        landscapes.quadratic(), optim.SGD(lr=np.array([0.5, 3.0])), [1.0], 100
    )
    assert "1 global minimum" in repr(traj)
    assert "1 diverged" in repr(traj)


# The shared checks' wording is tested once, in test_optim.py; here each of
# descend's parameters is checked by its rule, the message naming it and the
# value given.


def run(**kwargs: object) -> gdbook.Trajectory:
    """Three steps of SGD on the quadratic from two starts, but for ``kwargs``."""
    args: dict[str, object] = {
        "landscape": landscapes.quadratic(),
        "optimizer": optim.SGD(lr=0.1),
        "x0": np.zeros((2, 1)),
        "steps": 3,
    } | kwargs
    return gdbook.descend(**args)  # type: ignore[arg-type]


def names(name: str, value: object) -> str:
    """A pattern for a message that names ``name`` and shows ``value``."""
    return f"{re.escape(name)} must be .*got {re.escape(name)}={re.escape(repr(value))}"


def test_landscape_and_optimizer_must_be_gdbooks() -> None:
    for landscape in (np.sin, "quadratic", landscapes.quadratic):
        shown = re.escape(f"landscape={landscape!r}")
        with pytest.raises(
            TypeError, match=rf"^landscape must be a gdbook\.Landscape, got {shown}$"
        ):
            run(landscape=landscape)
    for optimizer in ("sgd", optim.SGD, None):
        shown = re.escape(f"optimizer={optimizer!r}")
        with pytest.raises(
            TypeError,
            match=rf"^optimizer must be one of gdbook\.optim's optimizers, got {shown}$",
        ):
            run(optimizer=optimizer)


def test_steps_is_an_integer_from_0() -> None:
    for steps in (-1, -10):
        with pytest.raises(ValueError, match=f"^{names('steps', steps)}$"):
            run(steps=steps)
    for steps in (2.5, 3.0, True, "3", None):
        with pytest.raises(TypeError, match=f"^{names('steps', steps)}$"):
            run(steps=steps)


def test_record_is_all_final_or_a_whole_number_from_1() -> None:
    rule = "record must be 'all', 'final' or a whole number k >= 1, got record="
    for record in ("some", "ALL", "", 0, -1):
        with pytest.raises(ValueError, match=f"^{re.escape(rule + repr(record))}$"):
            run(record=record)
    for record in (1.5, 2.0, True, None):
        with pytest.raises(TypeError, match=f"^{re.escape(rule + repr(record))}$"):
            run(record=record)
    run(record=np.int64(2))


def test_x0_is_finite_points_of_the_landscape() -> None:
    for x0 in ([np.nan], [np.inf], [[0.0], [-np.inf]]):
        with pytest.raises(ValueError, match=f"^{names('x0', x0)}$"):
            run(x0=x0)
    for x0, shape in (([1.0, 2.0], "(2,)"), (np.zeros((3, 2)), "(3, 2)")):
        with pytest.raises(
            ValueError,
            match=r"^x0's last axis must have the landscape's dimension 1, got x0 of "
            f"shape {re.escape(shape)}$",
        ):
            run(x0=x0)
    with pytest.raises(ValueError, match=r"dimension 2, got x0 of shape \(\)$"):
        run(landscape=landscapes.himmelblau(), x0=1.0)
    for x0 in ("a", [1.0, "a"]):
        with pytest.raises(TypeError, match=f"^{names('x0', x0)}$"):
            run(x0=x0)


def test_x0_batch_must_broadcast_with_the_hyperparameters() -> None:
    with pytest.raises(
        ValueError,
        match=r"^x0's batch shape \(2,\) does not broadcast with the hyperparameters'",
    ):
        run(optimizer=optim.SGD(lr=np.ones(3)))
    assert run(optimizer=optim.SGD(lr=np.full((3, 1), 0.1))).x.shape[-3:-1] == (3, 2)


def test_schedule_returning_a_bad_lr_is_an_error() -> None:
    for bad in (np.nan, -0.1, np.inf, 0.0):

        def sched(t: int, bad: float = bad) -> float:
            return 0.1 if t < 2 else bad

        with pytest.raises(
            ValueError,
            match=r"^the schedule given as lr returned a bad value at step 2: "
            f"{names('lr', bad)}$",
        ):
            gdbook.descend(landscapes.quadratic(), optim.SGD(lr=sched), [1.0], 5)


def test_a_run_landing_in_one_step_has_converged() -> None:
    """lr = 1/a reaches the quadratic's minimum in one step; the start is not judged."""
    traj = gdbook.descend(landscapes.quadratic(a=2.0), optim.SGD(lr=0.5), [1.0], 1)
    assert traj.outcome == "global minimum"
    assert traj.settled_step == 1


def test_a_crawling_run_is_descending_not_converged() -> None:
    """Tiny steps on a slope that has not flattened are not a rest."""
    traj = gdbook.descend(
        landscapes.rosenbrock(), optim.Adagrad(lr=1e-4), [-1.2, 1.0], 200
    )
    assert traj.regime == "descending"


@pytest.mark.parametrize("record", ["final", 7])
def test_overflowing_loss_freezes_the_same_in_every_record_mode(
    record: str | int,
) -> None:
    lrs = np.array([0.5, 3.0, 100.0])
    full = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=lrs), [1.0], 2000)
    part = gdbook.descend(
        landscapes.quadratic(), optim.SGD(lr=lrs), [1.0], 2000, record=record
    )
    np.testing.assert_array_equal(part.diverged_step, full.diverged_step)
    np.testing.assert_array_equal(part.final_x, full.final_x)
    np.testing.assert_array_equal(part.final_loss, full.final_loss)
    # Frozen where the loss was last finite, not at the start.
    assert (np.abs(part.final_x[1:, 0]) > 1e100).all()
    assert np.isfinite(part.final_loss).all()
