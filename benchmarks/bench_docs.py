"""Benchmark: how long the book takes to build, and what each rebuild redoes.

In a copy of the repository (tracked and new files, as a contributor has them),
times builds with Sphinx's strict settings: a clean build; a rebuild with
nothing changed; a rebuild after a sentence added to each chapter in turn; a
rebuild after a comment added to one example; a rebuild after editing gdbook.

For each: seconds, as a ratio to F and to the no-op rebuild, the figures,
explorers and animations drawn again, the gallery examples that ran and the
notebook pages executed. F is measured in the same run, as the best of three
fresh Python processes importing what every build of the book imports before
it reads a page (``sphinx.application`` and the HTML builder,
``myst_nb.sphinx_ext``, ``sphinx_gallery.gen_gallery``, ``matplotlib.pyplot``);
F0 imports the same packages by their top-level names only.

Targets: no-op <= 2 F; a prose edit of any chapter <= 1.6 x the no-op, with
nothing redrawn and nothing run; an example edit re-runs that example only; a
gdbook edit re-runs all of them; with ``--baseline REV``, the clean build of
REV is timed too (in the same run), and the clean build is <= 1.25 x it.

Usage: ``python benchmarks/bench_docs.py [--jobs N] [--keep] [--baseline REV]``
(``nox -s bench-docs``).
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

    f0, f = floor(F0_IMPORTS), floor(F_IMPORTS)
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
    rows = []
    base_seconds = None
    try:
        if args.baseline:
            base = baseline_repo(args.baseline, work / "baseline")
            base_seconds = build(base, args.jobs)[0]
        for name, edit in steps:
            if edit is not None:
                edit()
            before = rendered(repo)
            seconds, ran, pages = build(repo, args.jobs)
            after = rendered(repo)
            redrawn = sum(1 for k, t in after.items() if before.get(k) != t)
            rows.append((name, seconds, ran, pages, redrawn))
    finally:
        if args.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    noop = rows[1][1]
    print(f"\nBook build, sphinx-build -W -n -j {args.jobs}")
    print(f"F0 = {f0:.2f} s: a fresh process running `import {F0_IMPORTS}`")
    print(f"F  = {f:.2f} s: a fresh process running `import {F_IMPORTS}`")
    print(f"{example.name} runs in {own:.2f} s with its figures saved\n")
    width = max(len(r[0]) for r in rows)
    print(
        f"{'':{width}}  {'seconds':>8}  {'x F':>5}  {'x no-op':>7}  {'redrawn':>7}  "
        "examples run / pages executed"
    )
    for name, seconds, ran, pages, redrawn in rows:
        print(
            f"{name:{width}}  {seconds:8.2f}  {seconds / f:5.2f}  {seconds / noop:7.2f}  "
            f"{redrawn:7d}  {len(ran)}: {', '.join(ran) or '-'} / "
            f"{len(pages)}: {', '.join(pages) or '-'}"
        )
    prose = [r for r in rows if r[0].startswith("prose of")]
    print("\nTargets:")
    print(f"  no-op <= 2 F: {noop / f:.2f} F")
    worst = max(prose, key=lambda r: r[1])
    print(
        f"  prose edit <= 1.6 x no-op, nothing redrawn or run: worst {worst[0]} "
        f"{worst[1] / noop:.2f} x; redrawn {sum(r[4] for r in prose)}, "
        f"examples run {sum(len(r[2]) for r in prose)}"
    )
    edited = rows[-2]
    print(f"  an example edit runs that example alone: {', '.join(edited[2]) or '-'}")
    print(f"  a gdbook edit runs every example: {len(rows[-1][2])} ran")
    if base_seconds is not None:
        print(
            f"  clean build <= 1.25 x {args.baseline}'s: {rows[0][1]:.1f} s against "
            f"{base_seconds:.1f} s = {rows[0][1] / base_seconds:.2f} x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
