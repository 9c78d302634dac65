"""Benchmark: how long the book takes to build, and what each rebuild re-executes.

In a copy of the repository (tracked and new files, as a contributor has them),
times five builds with Sphinx's strict settings:

1. a clean build;
2. a rebuild with nothing changed;
3. a rebuild after editing one chapter's prose;
4. a rebuild after editing one example;
5. a rebuild after editing gdbook.

For each: seconds, the gallery examples that ran and the notebook pages that
were executed, and the time as a ratio to the stack's start-up floor,
measured in the same run as the best of three fresh Python processes:

* F0 imports the packages by name: ``import sphinx, myst_nb, sphinx_gallery,
  matplotlib.pyplot``. Those top-level modules are small; what the build
  needs of sphinx, myst_nb and sphinx_gallery lives in submodules that F0
  never imports (myst-nb's Sphinx extension alone brings in jupyter-cache
  and SQLAlchemy).
* F imports the same four as a build loads them: ``sphinx.application`` and
  the HTML builder, ``myst_nb.sphinx_ext``, ``sphinx_gallery.gen_gallery`` and
  ``matplotlib.pyplot``: the imports every build of this book makes before
  it reads a page.

Targets: no-op <= 1.5 F re-executing nothing; one page <= 2 F re-executing
nothing; one example <= 2 F plus its own run time, re-running it alone;
gdbook edited re-runs every example and every page with code (all use
gdbook). An example's own run time is measured apart, in a warm interpreter:
the script, then each figure it leaves open saved light and dark as the
gallery saves them.

Usage: ``python benchmarks/bench_docs.py [--jobs N] [--keep]`` (``nox -s bench-docs``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from repro import copy_repo

EXECUTED = re.compile(r"(?P<page>[^\s:]+\.(?:md|ipynb)):?\s.*Executing notebook")


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
        subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]
        times.append(time.perf_counter() - start)
    return min(times)


def floor(imports: str) -> float:
    """A fresh interpreter importing ``imports`` (best of three)."""
    return best_of([sys.executable, "-c", f"import {imports}"])


def run_time(repo: Path, example: Path) -> float:
    """An example's own run time, figures saved, in a warm interpreter (best of 3)."""
    env = os.environ | {"PYTHONPATH": str(repo / "src"), "MPLBACKEND": "Agg"}
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


def build(repo: Path, jobs: str) -> tuple[float, list[str], list[str]]:
    """One build; its seconds, the examples that ran and the pages executed."""
    before = gallery_stamps(repo)
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        "-j", jobs, "-d", str(repo / "docs/_build/doctrees"),
        str(repo / "docs"), str(repo / "docs/_build/html"),
    ]  # fmt: skip
    env = os.environ | {"PYTHONPATH": str(repo / "src")}
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
    return seconds, ran, pages


def append(path: Path, text: str) -> Callable[[], None]:
    def edit() -> None:
        with path.open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()

    f0, f = floor(F0_IMPORTS), floor(F_IMPORTS)
    work = Path(tempfile.mkdtemp(prefix="gdbook-bench-docs-"))
    repo = work / "gdbook"
    copy_repo(repo)
    chapter = sorted((repo / "docs/chapters").glob("*.md"))[1]
    example = min((repo / "examples").glob("plot_*.py"))
    own = run_time(repo, example)
    steps: list[tuple[str, Callable[[], None] | None, float | None]] = [
        ("clean build", None, None),
        ("no-op rebuild", None, 1.5),
        (f"one page edited ({chapter.name})", append(chapter, "\nOne more sentence.\n"), 2.0),
        (f"one example edited ({example.name})", append(example, "\n# One more comment.\n"), 2.0 + own / f),
        ("gdbook edited (schedules.py)", append(repo / "src/gdbook/schedules.py", "\n# Edited.\n"), None),
    ]  # fmt: skip
    rows = []
    try:
        for name, edit, target in steps:
            if edit is not None:
                edit()
            seconds, ran, pages = build(repo, args.jobs)
            rows.append((name, seconds, ran, pages, target))
    finally:
        if args.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nBook build, sphinx-build -W -n -j {args.jobs}")
    print(f"F0 = {f0:.2f} s: a fresh process running `import {F0_IMPORTS}`")
    print(f"F  = {f:.2f} s: a fresh process running `import {F_IMPORTS}`")
    print(f"{example.name} runs in {own:.2f} s, figures saved: its target is ", end="")
    print(f"2 F + {own:.2f} s = {2 * f + own:.2f} s\n")
    width = max(len(r[0]) for r in rows)
    print(
        f"{'':{width}}  {'seconds':>8}  {'x F0':>5}  {'x F':>5}  {'target':>9}  "
        "examples run / pages executed"
    )
    for name, seconds, ran, pages, target in rows:
        goal = f"<= {target:.3g} F" if target else ""
        print(
            f"{name:{width}}  {seconds:8.2f}  {seconds / f0:5.2f}  {seconds / f:5.2f}  "
            f"{goal:>9}  ",
            end="",
        )
        print(
            f"{len(ran)}: {', '.join(ran) or '-'} / {len(pages)}: {', '.join(pages) or '-'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
