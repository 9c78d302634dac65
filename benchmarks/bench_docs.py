"""Benchmark: how long the book takes to build, and what each rebuild re-executes.

In a copy of the repository (tracked and new files, as a contributor has them),
times five builds with Sphinx's strict settings:

1. a clean build;
2. a rebuild with nothing changed;
3. a rebuild after editing one chapter's prose;
4. a rebuild after editing one example;
5. a rebuild after editing gdbook.

For each: seconds, the gallery examples that ran and the notebook pages that
were executed, and the time as a ratio to the stack's start-up floor F,
measured in the same run: the time a fresh Python process takes to import
sphinx, myst_nb, sphinx_gallery and matplotlib.pyplot.

Targets: no-op <= 1.5 F re-executing nothing; one page <= 2 F re-executing
nothing; one example <= 2 F plus its own run time, re-running it alone;
gdbook edited re-runs every example and every page with code (all use gdbook).

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


def floor(repeat: int = 3) -> float:
    """F: a fresh interpreter importing the docs stack (best of ``repeat``)."""
    code = "import sphinx, myst_nb, sphinx_gallery, matplotlib.pyplot"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


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

    f = floor()
    work = Path(tempfile.mkdtemp(prefix="gdbook-bench-docs-"))
    repo = work / "gdbook"
    copy_repo(repo)
    chapter = sorted((repo / "docs/chapters").glob("*.md"))[1]
    example = min((repo / "examples").glob("plot_*.py"))
    steps: list[tuple[str, Callable[[], None] | None, float | None]] = [
        ("clean build", None, None),
        ("no-op rebuild", None, 1.5),
        (f"one page edited ({chapter.name})", append(chapter, "\nOne more sentence.\n"), 2.0),
        (f"one example edited ({example.name})", append(example, "\n# One more comment.\n"), 2.0),
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

    print(
        f"\nBook build, sphinx-build -W -n -j {args.jobs}; F = {f:.2f} s (import floor)\n"
    )
    width = max(len(r[0]) for r in rows)
    print(
        f"{'':{width}}  {'seconds':>8}  {'x F':>5}  {'target':>7}  examples run / pages executed"
    )
    for name, seconds, ran, pages, target in rows:
        goal = f"<= {target:g} F" if target else ""
        print(
            f"{name:{width}}  {seconds:8.2f}  {seconds / f:5.2f}  {goal:>7}  ", end=""
        )
        print(
            f"{len(ran)}: {', '.join(ran) or '-'} / {len(pages)}: {', '.join(pages) or '-'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
