"""Reproducible builds: the figures and download zips come out the same bytes every time.

``nox -s repro`` builds the whole book twice and compares every file; these
tests cover the two things that once differed, cheaply.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import gdbook
from gdbook import landscapes, optim, plot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
import book_figures
import book_repro


def _figures(folder: Path) -> list[Path]:
    """Draw a gallery figure and save it the way the book's scraper does."""
    curve = landscapes.book_curve()
    traj = gdbook.descend(curve, optim.HeavyBall(lr=0.1, beta=0.9), curve.start, 120)
    plot.path_1d(traj)
    images = folder / "images"
    images.mkdir(parents=True)
    paths: Iterator[str] = iter([str(images / "sphx_glr_plot_x_001.png")])
    block_vars = {"src_file": str(folder / "plot_x.py"), "image_path_iterator": paths}
    rst = book_figures.light_dark_scraper(None, block_vars, {"src_dir": str(folder)})
    assert "only-dark" in rst
    return sorted(images.iterdir())


def test_gallery_figures_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = _figures(tmp_path / "one")
    second = _figures(tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second]
    assert len(first) == 3  # light PNG, dark PNG, their record
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    plt.close("all")


def _zip(path: Path, source: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.write(source, source.name)
    return path


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_download_zips_get_one_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None
) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    source = tmp_path / "plot_x.py"
    source.write_text("print('hello')\n")
    early = _zip(tmp_path / "a.zip", source)
    os.utime(source, (2e9, 2e9))  # the same file, written at another time
    late = _zip(tmp_path / "b.zip", source)
    assert early.read_bytes() != late.read_bytes()
    date = book_repro.zip_date()
    assert book_repro.normalize_zip(early, date)
    assert book_repro.normalize_zip(late, date)
    assert early.read_bytes() == late.read_bytes()
    with zipfile.ZipFile(early) as z:
        assert z.read("plot_x.py") == b"print('hello')\n"
        assert z.infolist()[0].date_time == date
    assert not book_repro.normalize_zip(early, date)  # already normalized
    assert date == (
        (1980, 1, 1, 0, 0, 0) if epoch is None else (2023, 11, 14, 22, 13, 20)
    )
