"""Build the book twice, from copies of the repository at different paths, and compare.

Both builds get the same ``SOURCE_DATE_EPOCH`` (the last commit's time) and
start clean; every file of the two ``html`` trees is compared byte for byte.
Prints the files that differ (with the first differing line of text files)
and exits 1 if there are any.

Usage: ``python tools/repro.py [--keep]`` (run by ``nox -s repro``).
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _files(root: Path) -> list[str]:
    """The repository's files as a contributor has them: tracked and new, not ignored."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [f for f in out.split("\0") if f and (root / f).is_file()]


def copy_repo(dest: Path) -> None:
    """Copy the repository's files as a contributor has them into ``dest``."""
    for name in _files(ROOT):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def _epoch() -> str:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return out or str(int(time.time()))


def _build(repo: Path, epoch: str) -> Path:
    html = repo / "docs" / "_build" / "html"
    env = os.environ | {
        "SOURCE_DATE_EPOCH": epoch,
        "PYTHONPATH": str(repo / "src"),
        "PYTHONHASHSEED": "0",
    }
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
        "-d", str(repo / "docs" / "_build" / "doctrees"), str(repo / "docs"), str(html),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, cwd=repo, env=env, check=True)
    print(f"built {repo} in {time.perf_counter() - start:.1f} s")
    return html


def _first_difference(a: Path, b: Path) -> str:
    try:
        la = a.read_text(encoding="utf-8").splitlines()
        lb = b.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return f"binary, {a.stat().st_size} vs {b.stat().st_size} bytes"
    for line in difflib.unified_diff(la, lb, lineterm="", n=0):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            return line[:200]
    return "same lines, different bytes"


def compare(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between the trees a and b (or exist in one only)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    for name in sorted(files_a & files_b):
        if not filecmp.cmp(a / name, b / name, shallow=False):
            differ.append(name)
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the two builds")
    args = parser.parse_args()
    epoch = _epoch()
    work = Path(tempfile.mkdtemp(prefix="gdbook-repro-"))
    try:
        one, two = work / "one", work / "second-clone-at-a-longer-path"
        for repo in (one, two):
            copy_repo(repo)
        html_one, html_two = _build(one, epoch), _build(two, epoch)
        differ = compare(html_one, html_two)
        count = sum(1 for p in html_one.rglob("*") if p.is_file())
        if not differ:
            print(
                f"reproducible: {count} files, byte-identical (SOURCE_DATE_EPOCH={epoch})"
            )
            return 0
        print(f"{len(differ)} of {count} files differ:")
        for name in differ:
            a, b = html_one / name, html_two / name
            why = (
                _first_difference(a, b)
                if a.exists() and b.exists()
                else "in one build only"
            )
            print(f"  {name}: {why}")
        return 1
    finally:
        if args.keep:
            print(f"builds kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
