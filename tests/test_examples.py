"""The gallery examples: each one runs, draws its figures, and asserts its claim.

Every ``examples/plot_*.py`` is run as a script (as sphinx-gallery runs it,
minus the gallery), with matplotlib's Agg backend, in a temporary working
folder. A passing run means the claim its figure makes held. Then a claim is
broken on purpose, once by changing an example's learning rate and once by a
planted bug in gdbook, to check that the failure says which claim broke.
"""

from __future__ import annotations

import re
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest

import gdbook
from gdbook import regimes

mpl.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

# What the book's build measures of a figure (docs/_ext is not a package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
from book_figures import smallest_text_pt

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHAPTERS = ROOT / "docs" / "chapters"
SCRIPTS = sorted(EXAMPLES.glob("plot_*.py"))
TRAP = EXAMPLES / "plot_local_minimum_trap.py"
# matplotlib's examples guidelines: figures at most 7.2 in wide.
MAX_WIDTH = 7.2
# A chapter figure is shown at least 340 CSS px wide on a phone (96 px an
# inch, 72 pt an inch): its smallest text must still be 9 px there.
PHONE_WIDTH_PX, PHONE_TEXT_PX = 340, 9


@pytest.fixture(autouse=True)
def _sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A temporary working folder, no windows, no figure or style left after.

    sphinx-gallery likewise resets matplotlib's rcParams around each example
    (an example may `plt.style.use(...)`).
    """
    monkeypatch.chdir(tmp_path)
    # sphinx-gallery replaces plt.show the same way; Agg would warn instead.
    monkeypatch.setattr(plt, "show", lambda *_, **__: None)
    plt.close("all")
    with mpl.rc_context():
        yield
    plt.close("all")


def run_example(path: Path, source: str | None = None) -> dict[str, object]:
    """Run an example as ``__main__``, or ``source`` in its place; return its globals.

    A changed ``source`` is written to the working folder under the example's
    name, so that tracebacks and messages still name the example.
    """
    if source is not None:
        path = Path.cwd() / path.name
        path.write_text(source, encoding="utf-8")
    return runpy.run_path(str(path), run_name="__main__")


def test_there_are_examples() -> None:
    assert {p.name for p in SCRIPTS} >= {
        "plot_high_learning_rate.py",
        "plot_low_learning_rate.py",
        "plot_local_minimum_trap.py",
        "plot_efficient_learning.py",
    }


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_example_runs_and_its_claim_holds(path: Path) -> None:
    run_example(path)
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert figures, f"{path.name} leaves no figure open for the gallery to save"
    for fig in figures:
        width = fig.get_figwidth()
        assert width <= MAX_WIDTH, f"{path.name}: a figure {width:.2f} in wide"
        smallest = smallest_text_pt(fig)
        on_phone = smallest * 96 / 72 * PHONE_WIDTH_PX / (width * 96)
        assert on_phone >= PHONE_TEXT_PX, (
            f"{path.name}: {smallest:g} pt text in a figure {width:g} in wide is "
            f"{on_phone:.1f} px on a phone; make the figure narrower or its text larger"
        )
        alt = fig.get_label()
        assert len(alt) >= 40, f"{path.name}: no alt text (fig.set_label): {alt!r}"
        assert len(alt) <= 400, f"{path.name}: alt text longer than a short paragraph"
        # Alt text made from the run: it quotes the run's numbers.
        assert re.search(r"\d", alt), f"{path.name}: alt text without numbers: {alt!r}"


def test_a_changed_learning_rate_breaks_the_trap_claim() -> None:
    """Force the trap example's run to a learning rate that reaches the global minimum."""
    source = TRAP.read_text(encoding="utf-8")
    picked = 'lr = round(float(np.median(lrs[sweep.outcome == "local minimum 3"])), 2)'
    assert picked in source, "the trap example no longer picks its lr this way"
    with pytest.raises(AssertionError) as failure:
        run_example(TRAP, source.replace(picked, "lr = 0.18"))
    message = str(failure.value)
    assert "claim: the run is stuck in the third local minimum" in message
    assert "got global minimum" in message


def test_a_gdbook_bug_breaks_the_trap_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant a bug in gdbook: local minima counted one too many from the start.

    The example picks its learning rate from what gdbook says, so the bug
    moves it to a run that really ends in the *second* local minimum, labelled
    the third. The claim that this minimum is the global one's neighbour
    catches it.
    """
    classify = regimes.classify

    def off_by_one(*args: object, **kwargs: object) -> dict[str, np.ndarray]:
        verdict = classify(*args, **kwargs)
        rank = np.where(verdict["rank"] > 0, verdict["rank"] + 1, verdict["rank"])
        outcome = verdict["outcome"].astype("<U20")
        local = rank > 0
        outcome[local] = np.char.add("local minimum ", rank[local].astype(str))
        return {**verdict, "rank": rank, "outcome": outcome}

    monkeypatch.setattr(regimes, "classify", off_by_one)
    curve = gdbook.landscapes.book_curve()
    planted = gdbook.descend(curve, gdbook.optim.SGD(lr=0.1), curve.start, 100)
    assert planted.outcome == "local minimum 2", "the planted bug did not take"

    with pytest.raises(AssertionError) as failure:
        run_example(TRAP)
    message = str(failure.value)
    assert (
        "claim: the third local minimum is the one next to the global minimum"
        in message
    )
