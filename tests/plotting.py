"""What the tests of gdbook's figures share: a curve, a run on it, figures closed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import gdbook
from gdbook import Landscape, landscapes, optim

# No display: draw with Agg (before any figure is made).
mpl.use("Agg")


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """No figure outlives its test."""
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def curve() -> Landscape:
    return landscapes.book_curve()


def run_1d(curve: Landscape, lr: Any = 0.3, steps: int = 30) -> gdbook.Trajectory:
    return gdbook.descend(curve, optim.SGD(lr=lr), curve.start, steps)


def figure_of(artist: Any) -> Figure:
    fig = artist.get_figure(root=True)
    assert isinstance(fig, Figure)
    return fig
