"""Claims of the chapters beyond the source text, broken on purpose.

Schedules, momentum and adaptive methods, the stability threshold, finding a
learning rate, and the spiral network's edge of stability, warm-up, noise and
range test: each test plants a wrong value or a bug in gdbook, or changes
an example's numbers, and checks that the example fails naming the claim
that broke. (That every example runs and its claims hold is
tests/test_examples.py's.)
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pytest

from gdbook import optim, schedules, theory

mpl.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHAPTERS = ROOT / "docs" / "chapters"


@pytest.fixture(autouse=True)
def shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The figures an example shows; it runs in a temporary folder, without windows."""
    monkeypatch.chdir(tmp_path)
    figures: list[Any] = []

    def show(*_: object, **__: object) -> None:
        # Keep each figure open at plt.show(), as sphinx-gallery's scraper sees it.
        figures.extend(plt.figure(n) for n in plt.get_fignums())

    monkeypatch.setattr(plt, "show", show)
    plt.close("all")
    with mpl.rc_context():  # as sphinx-gallery resets it around each example
        yield figures
    plt.close("all")


def run_example(name: str, source: str | None = None) -> dict[str, Any]:
    """Run ``examples/<name>.py`` as ``__main__``, or ``source`` in its place.

    A changed ``source`` is written to the working folder under the example's
    name, so that tracebacks still name the example.
    """
    path = EXAMPLES / f"{name}.py"
    if source is not None:
        path = Path.cwd() / path.name
        path.write_text(source, encoding="utf-8")
    return runpy.run_path(str(path), run_name="__main__")


def claim_failure(name: str, source: str | None = None) -> str:
    """Run an example that should fail; return its assertion message."""
    with pytest.raises(AssertionError) as failure:
        run_example(name, source)
    return str(failure.value)


def test_a_wrong_threshold_breaks_the_boundary_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plant a stability threshold 5 % too high: the measured boundary disagrees."""
    real = theory.stability_threshold

    def too_high(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **kwargs) * 1.05

    monkeypatch.setattr(theory, "stability_threshold", too_high)
    message = claim_failure("plot_stability_threshold")
    assert message.startswith(
        "claim: with momentum 0.0 the measured stability boundary matches "
        "2(1 + beta)/lambda = 0.42000 within one grid step"
    ), message
    assert "measured 0.40000" in message


def test_a_wrong_threshold_breaks_the_outcome_map_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plant thresholds at half their value: runs settle far right of the edge."""
    real = theory.stability_threshold
    monkeypatch.setattr(
        theory, "stability_threshold", lambda *a, **k: real(*a, **k) / 2
    )
    message = claim_failure("plot_outcome_map")
    assert message.startswith(
        "claim: no run settles with a learning rate 2 % above 2(1 + beta)/lambda"
    ), message


def test_a_heavy_ball_without_momentum_breaks_the_momentum_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plant a bug: the heavy ball forgets its velocity at every step."""

    def forgetful(
        self: optim.HeavyBall,
        x: np.ndarray,
        g: np.ndarray,
        state: dict[str, np.ndarray],
        t: int,
        h: dict[str, Any],
    ) -> None:
        del self, t
        state["velocity"][...] = -h["lr"] * g
        x += state["velocity"]

    monkeypatch.setattr(optim.HeavyBall, "update", forgetful)
    message = claim_failure("plot_momentum_1d")
    assert message == (
        "claim: heavy ball with lr=0.18 ends in the global minimum; got local minimum 1"
    ), message


def test_a_wrong_suggestion_breaks_the_range_test_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plant a range test that suggests its largest stable learning rate."""
    real = theory.lr_range_test

    def bold(*args: Any, **kwargs: Any) -> theory.LRRangeTest:
        test = real(*args, **kwargs)
        return test._replace(suggested_lr=float(test.lrs[int(np.argmin(test.losses))]))

    monkeypatch.setattr(theory, "lr_range_test", bold)
    message = claim_failure("plot_lr_range_settings")
    assert message.startswith("claim: on the bowl every suggested lr is below 1/lambda")


def test_a_changed_peak_breaks_the_schedules_claim() -> None:
    """Peaks below every threshold never leave the first valley."""
    source = (EXAMPLES / "plot_schedules.py").read_text(encoding="utf-8")
    assert "peak = 1.1\n" in source, (
        "plot_schedules.py no longer sets its peak this way"
    )
    message = claim_failure(
        "plot_schedules", source.replace("peak = 1.1\n", "peak = 0.3\n")
    )
    assert message.startswith(
        "claim: inverse time from peaks near 0.3 ends in the global minimum for most peaks"
    ), message


def test_a_changed_learning_rate_breaks_the_trap_claim() -> None:
    """Gradient descent with a large enough lr could leave the 2D trap's well."""
    source = (EXAMPLES / "plot_adaptive_trap.py").read_text(encoding="utf-8")
    old = '    "momentum 0.9": 0.15,\n'
    assert old in source, "plot_adaptive_trap.py no longer sets the trap's momentum lr"
    message = claim_failure(
        "plot_adaptive_trap", source.replace(old, '    "momentum 0.9": 0.05,\n')
    )
    assert message == (
        "claim: momentum 0.9 on the trap ends in the global minimum; "
        "got local minimum 1"
    ), message


# -- The spiral network (chapters 11 to 13) -------------------------------------


# A run that never reaches its edge leaves an empty window to average: numpy warns.
@pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_a_flattened_sharpness_breaks_the_edge_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sharpness that reads 30 % low never reaches 2/lr at lr 1."""
    real = theory.sharpness
    monkeypatch.setattr(theory, "sharpness", lambda *a, **k: 0.7 * real(*a, **k))
    message = claim_failure("plot_edge_of_stability")
    assert message.startswith("claim: lr 1 and 2 reach 2/lr"), message


def test_no_warm_up_breaks_the_warm_up_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'warm-up' that starts at the peak kills the network like no warm-up."""
    real = schedules.linear

    def at_peak(lr: Any, start_factor: Any = 1.0, **kwargs: Any) -> Any:
        del start_factor  # the planted bug: every warm-up starts at the peak
        return real(lr, start_factor=1.0, **kwargs)

    monkeypatch.setattr(schedules, "linear", at_peak)
    message = claim_failure("plot_warmup")
    assert message.startswith("claim: a 25-step warm-up keeps units and learns"), (
        message
    )


def test_a_cautious_suggestion_breaks_the_range_test_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A range test whose suggestion is ten times smaller is never past 2/lambda_0."""
    real = theory.lr_range_test

    def cautious(*args: Any, **kwargs: Any) -> theory.LRRangeTest:
        test = real(*args, **kwargs)
        return test._replace(suggested_lr=test.suggested_lr / 10)

    monkeypatch.setattr(theory, "lr_range_test", cautious)
    message = claim_failure("plot_network_range_test")
    assert message.startswith("claim: the 100-step suggestion"), message


def test_a_constant_lr_breaks_the_decay_claim() -> None:
    """Without the decay the 'decayed' run is its constant twin."""
    source = (EXAMPLES / "plot_minibatch_noise.py").read_text(encoding="utf-8")
    old = "gamma = np.array([1.0, 1.0, 0.1])\n"
    assert old in source, "plot_minibatch_noise.py no longer sets its decay this way"
    message = claim_failure(
        "plot_minibatch_noise",
        source.replace(old, "gamma = np.array([1.0, 1.0, 1.0])\n"),
    )
    assert message.startswith(
        "claim: the decayed run ends below both constant floors"
    ), message
