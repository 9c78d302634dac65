"""Benchmark: how long the book takes to build, and what each rebuild redoes.

In a copy of the repository (tracked and new files, as a contributor has them),
times builds with Sphinx's strict settings: a clean build; a rebuild with
nothing changed; a rebuild after a sentence added to each chapter in turn; a
rebuild after a comment added to one example; a rebuild after editing gdbook.

For each: seconds, as a ratio to F and to the no-op rebuild, the figures,
explorers and animations drawn again, the gallery examples that ran and the
notebook pages executed. F is measured in the same run, as the best of five
fresh Python processes importing what every build of the book imports before
it reads a page (``sphinx.application`` and the HTML builder,
``myst_nb.sphinx_ext``, ``sphinx_gallery.gen_gallery``, ``matplotlib.pyplot``),
each timed just before one of five no-op rebuilds, of which the best counts:
machine load moves both alike. F0 imports the same packages by their
top-level names only. A clean build is also split into the time the
examples take (sphinx-gallery's own measure: their code and their figures),
the time the chapters' notebooks take (myst-nb's), and the rest: Sphinx and
the book's extensions reading and writing the pages.

Every process runs as on a contributor's machine: Python keeps its bytecode
caches (``PYTHONDONTWRITEBYTECODE`` is dropped from the environment), so the
copy's own modules are not compiled again at every build.

Targets: no-op <= 2 F; a prose edit of any chapter <= 1.6 x the no-op, with
nothing redrawn and nothing run; an example edit re-runs that example only; a
gdbook edit re-runs all of them; with ``--baseline REV``, the clean build of
REV is timed too (in the same run), and the clean build is <= 1.25 x it.

Usage: ``python benchmarks/bench_docs.py [--jobs N] [--keep] [--baseline REV]``
(``nox -s bench-docs``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from repro import copy_repo

EXECUTED = re.compile(r"(?P<page>[^\s:]+\.(?:md|ipynb)):?\s.*Executing notebook")
NOTEBOOK_SECONDS = re.compile(r"Executed notebook in (?P<seconds>[\d.]+) seconds")
# Python's default: bytecode is cached, as it is where a contributor builds.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


F0_IMPORTS = "sphinx, myst_nb, sphinx_gallery, matplotlib.pyplot"
F_IMPORTS = (
    "sphinx.application, sphinx.builders.html, myst_nb.sphinx_ext, "
    "sphinx_gallery.gen_gallery, matplotlib.pyplot"
)

# Run in a warm interpreter: an example, and saving its figures as the gallery does.
RUN_EXAMPLE = """
import runpy, sys, time
from io import BytesIO
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
sys.path.insert(0, sys.argv[2])
from book_figures import SAVE_DPI
from book_style import restyle
start = time.perf_counter()
runpy.run_path(sys.argv[1], run_name="__main__")
for number in plt.get_fignums():
    fig = plt.figure(number)
    for mode in ("light", "dark"):
        restyle(fig, mode)
        fig.savefig(BytesIO(), format="png", dpi=SAVE_DPI, facecolor=fig.get_facecolor())
print(time.perf_counter() - start)
"""


def best_of(cmd: list[str], repeat: int = 3, **kwargs: object) -> float:
    """The shortest wall time of ``repeat`` runs of ``cmd``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=ENV, **kwargs)  # type: ignore[call-overload]
        times.append(time.perf_counter() - start)
    return min(times)


def floor(imports: str, repeat: int = 3) -> float:
    """A fresh interpreter importing ``imports`` (best of ``repeat``)."""
    return best_of([sys.executable, "-c", f"import {imports}"], repeat=repeat)


def run_time(repo: Path, example: Path) -> float:
    """An example's own run time, figures saved, in a warm interpreter (best of 3)."""
    env = ENV | {"PYTHONPATH": str(repo / "src"), "MPLBACKEND": "Agg"}
    cmd = [sys.executable, "-c", RUN_EXAMPLE, str(example), str(repo / "docs/_ext")]
    return min(
        float(
            subprocess.run(
                cmd, cwd=example.parent, env=env, capture_output=True, text=True,
                check=True,
            ).stdout.split()[-1]
        )
        for _ in range(3)
    )  # fmt: skip


def gallery_stamps(repo: Path) -> dict[str, float]:
    """Modification times of what each example makes when it runs."""
    out = repo / "docs" / "auto_examples"
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.py.md5")}


class Build(NamedTuple):
    """One build: its seconds, the examples that ran and the pages executed."""

    seconds: float
    ran: list[str]
    pages: list[str]
    #: seconds sphinx-gallery measured running the examples that ran
    examples_seconds: float
    #: seconds myst-nb measured executing the pages' notebooks
    notebooks_seconds: float
    #: pages of the book (documents Sphinx has read)
    documents: int


def example_costs(repo: Path) -> dict[str, float]:
    """Seconds sphinx-gallery measured for each example's last run."""
    out = repo / "docs" / "auto_examples"
    return {
        p.name.removesuffix(".cost.json"): float(
            json.loads(p.read_text(encoding="utf-8"))["time"]
        )
        for p in out.glob("*.cost.json")
    }


def build(repo: Path, jobs: str) -> Build:
    """One build of the book in ``repo``, strict, as ``nox -s docs`` runs it."""
    before = gallery_stamps(repo)
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        "-j", jobs, "-d", str(repo / "docs/_build/doctrees"),
        str(repo / "docs"), str(repo / "docs/_build/html"),
    ]  # fmt: skip
    env = ENV | {"PYTHONPATH": str(repo / "src")}
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        msg = f"the build failed (exit {done.returncode})"
        raise SystemExit(msg)
    after = gallery_stamps(repo)
    ran = sorted(
        name.removesuffix(".py.md5")
        for name, t in after.items()
        if before.get(name) != t
    )
    log = done.stdout + done.stderr
    pages = sorted({Path(m["page"]).stem for m in EXECUTED.finditer(log)})
    costs = example_costs(repo)
    return Build(
        seconds,
        ran,
        pages,
        sum(costs.get(name.removesuffix(".py"), 0.0) for name in ran),
        sum(float(m["seconds"]) for m in NOTEBOOK_SECONDS.finditer(log)),
        sum(1 for _ in (repo / "docs/_build/doctrees").glob("**/*.doctree")),
    )


def noop_and_floor(repo: Path, jobs: str, repeat: int = 5) -> tuple[Build, float]:
    """The fastest of ``repeat`` no-op rebuilds, and F, the fastest of as many
    import floors timed between them: the two see the same machine load."""
    floors, builds = [], []
    for _ in range(repeat):
        floors.append(floor(F_IMPORTS, repeat=1))
        builds.append(build(repo, jobs))
    return min(builds, key=lambda b: b.seconds), min(floors)


def split(b: Build) -> str:
    """A clean build's seconds: examples, notebooks and the rest (per page)."""
    rest = b.seconds - b.examples_seconds - b.notebooks_seconds
    return (
        f"{b.seconds:.1f} s = examples {b.examples_seconds:.1f} s "
        f"({len(b.ran)}) + notebooks {b.notebooks_seconds:.1f} s ({len(b.pages)}) "
        f"+ the rest {rest:.1f} s ({rest / b.documents:.2f} s for each of "
        f"{b.documents} pages)"
    )


def append(path: Path, text: str) -> Callable[[], None]:
    def edit() -> None:
        with path.open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def rendered(repo: Path) -> dict[str, int]:
    """Modification times of every figure, explorer and animation the build made."""
    docs = repo / "docs"
    made = [
        *docs.glob("auto_examples/**/images/**/*.png"),
        *docs.glob("_build/doctrees/_explorer_made/*"),
    ]
    return {p.as_posix(): p.stat().st_mtime_ns for p in made}


def baseline_repo(rev: str, dest: Path) -> Path:
    """The repository at ``rev`` (a git revision), unpacked into ``dest``."""
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    parser.add_argument(
        "--baseline", metavar="REV", help="also time a clean build of git revision REV"
    )
    args = parser.parse_args()

    f0 = floor(F0_IMPORTS)
    f = float("nan")  # timed with the no-op rebuilds
    work = Path(tempfile.mkdtemp(prefix="gdbook-bench-docs-"))
    repo = work / "gdbook"
    copy_repo(repo)
    chapters = sorted((repo / "docs/chapters").glob("*.md"))
    example = min((repo / "examples").glob("plot_*.py"))
    own = run_time(repo, example)
    steps: list[tuple[str, Callable[[], None] | None]] = [
        ("clean build", None),
        ("no-op rebuild", None),
        *((f"prose of {c.name}", append(c, "\nOne more sentence.\n")) for c in chapters),
        (f"example {example.name}", append(example, "\n# One more comment.\n")),
        ("gdbook edited (optim.py)", append(repo / "src/gdbook/optim.py", "\n# Edited.\n")),
    ]  # fmt: skip
    rows: list[tuple[str, Build, int]] = []
    base = None
    try:
        if args.baseline:
            base = build(baseline_repo(args.baseline, work / "baseline"), args.jobs)
        for name, edit in steps:
            if edit is not None:
                edit()
            before = rendered(repo)
            if name == "no-op rebuild":
                done, f = noop_and_floor(repo, args.jobs)
            else:
                done = build(repo, args.jobs)
            after = rendered(repo)
            redrawn = sum(1 for k, t in after.items() if before.get(k) != t)
            rows.append((name, done, redrawn))
    finally:
        if args.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    noop = rows[1][1].seconds
    print(f"\nBook build, sphinx-build -W -n -j {args.jobs}")
    print(f"F0 = {f0:.2f} s: a fresh process running `import {F0_IMPORTS}`")
    print(f"F  = {f:.2f} s: a fresh process running `import {F_IMPORTS}`")
    print(f"{example.name} runs in {own:.2f} s with its figures saved\n")
    width = max(len(r[0]) for r in rows)
    print(
        f"{'':{width}}  {'seconds':>8}  {'x F':>5}  {'x no-op':>7}  {'redrawn':>7}  "
        "examples run / pages executed"
    )
    for name, b, redrawn in rows:
        print(
            f"{name:{width}}  {b.seconds:8.2f}  {b.seconds / f:5.2f}  "
            f"{b.seconds / noop:7.2f}  {redrawn:7d}  {len(b.ran)}: "
            f"{', '.join(b.ran) or '-'} / {len(b.pages)}: {', '.join(b.pages) or '-'}"
        )
    print(f"\nclean build: {split(rows[0][1])}")
    if base is not None:
        print(f"clean build of {args.baseline}: {split(base)}")
    prose = [r for r in rows if r[0].startswith("prose of")]
    print("\nTargets:")
    print(f"  no-op <= 2 F: {noop / f:.2f} F")
    worst = max(prose, key=lambda r: r[1].seconds)
    print(
        f"  prose edit <= 1.6 x no-op, nothing redrawn or run: worst {worst[0]} "
        f"{worst[1].seconds / noop:.2f} x; redrawn {sum(r[2] for r in prose)}, "
        f"examples run {sum(len(r[1].ran) for r in prose)}"
    )
    edited = rows[-2][1]
    print(f"  an example edit runs that example alone: {', '.join(edited.ran) or '-'}")
    print(f"  a gdbook edit runs every example: {len(rows[-1][1].ran)} ran")
    if base is not None:
        clean = rows[0][1].seconds
        print(
            f"  clean build <= 1.25 x {args.baseline}'s: {clean:.1f} s against "
            f"{base.seconds:.1f} s = {clean / base.seconds:.2f} x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
