"""The examples and chapters of the spiral network's dynamics: chapters 11 to 13.

Each example runs as a script (as sphinx-gallery runs it, minus the gallery)
with matplotlib's Agg backend in a temporary working folder; a passing run
means the claims its figures make held. Then claims are broken on purpose,
by planting a bug in gdbook or by changing an example's settings, to check
that the failure names the claim that broke. Last, the chapters' shape:
a summary and exercises whose solutions are hidden.
"""

from __future__ import annotations

import re
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest

from gdbook import schedules, theory

mpl.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHAPTERS = ROOT / "docs" / "chapters"
NETWORK = [
    "plot_edge_of_stability",
    "plot_catapult",
    "plot_minibatch_noise",
    "plot_linear_scaling",
    "plot_warmup",
    "plot_network_range_test",
]
PAGES = ["11-edge-of-stability", "12-noise-and-batch-size", "13-network-range-test"]
MAX_WIDTH = 7.2
MAX_LINES = 200


@pytest.fixture(autouse=True)
def shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The figures an example shows; it runs in a temporary folder, without windows."""
    monkeypatch.chdir(tmp_path)
    figures: list[Any] = []

    def show(*_: object, **__: object) -> None:
        figures.extend(plt.figure(n) for n in plt.get_fignums())

    monkeypatch.setattr(plt, "show", show)
    plt.close("all")
    yield figures
    plt.close("all")


def run_example(name: str, source: str | None = None) -> dict[str, Any]:
    """Run ``examples/<name>.py`` as ``__main__``, or ``source`` in its place."""
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


@pytest.mark.parametrize("name", NETWORK)
def test_example_runs_and_its_claims_hold(name: str, shown: list[Any]) -> None:
    run_example(name)
    assert shown, f"{name}.py shows no figure"
    for fig in shown:
        assert fig.get_figwidth() <= MAX_WIDTH, f"{name}.py: a figure too wide"
        alt = fig.get_label()
        assert 40 <= len(alt) <= 400, f"{name}.py: alt text of {len(alt)} characters"
        assert re.search(r"\d", alt), f"{name}.py: alt text without numbers: {alt!r}"
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES, f"{name}.py is over {MAX_LINES} lines"
    assert "# The claims" in source and "# Conclusion" in source


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


@pytest.mark.parametrize("page", PAGES)
def test_chapter_has_a_summary_and_hidden_solutions(page: str) -> None:
    text = (CHAPTERS / f"{page}.md").read_text(encoding="utf-8")
    assert "remove-cell" not in text and "glue" not in text
    summary = text.split("## Summary\n", 1)[1].split("## Exercises\n", 1)
    bullets = re.findall(r"^\* ", summary[0], flags=re.MULTILINE)
    assert 3 <= len(bullets) <= 6, f"{page}: {len(bullets)} summary points"
    exercises = re.findall(r"^\d+\. ", summary[1], flags=re.MULTILINE)
    assert 3 <= len(exercises) <= 5, f"{page}: {len(exercises)} exercises"
    assert summary[1].count(":::{dropdown} Solution") == len(exercises)
    assert "(Computational.)" in summary[1]
