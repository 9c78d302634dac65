"""Shared fixtures: the book, built once per test session.

The book is built from the real ``docs/`` and ``examples/`` the way
``nox -s docs`` builds it (``-W --keep-going -n``), plus ``-E`` so that every
page is read again and every warning is seen, with the HTML and the doctrees in
a temporary folder. The gallery and notebook caches stay where ``nox -s docs``
keeps them (keyed on gdbook's source, see ``docs/design.md``), so a second test
session does not run the examples again unless something they depend on
changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The fixtures of the figure tests (a curve, figures closed after each test).
pytest_plugins = ["plotting"]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
# A build of the whole book, examples included, on two cores: minutes, not hours.
BUILD_TIMEOUT = 1800


@dataclass(frozen=True)
class Build:
    """A finished ``sphinx-build`` run."""

    srcdir: Path
    html: Path
    returncode: int
    log: str

    def warnings(self) -> list[str]:
        """Sphinx's warning and error lines in the log (ipykernel's are not)."""
        return [
            line
            for line in self.log.splitlines()
            if ("WARNING:" in line or "ERROR:" in line) and "[IPKernelApp]" not in line
        ]


def sphinx_build(
    srcdir: Path,
    out: Path,
    *,
    fresh: bool = True,
    env: dict[str, str] | None = None,
    timeout: float = BUILD_TIMEOUT,
) -> Build:
    """Build the HTML of ``srcdir`` into ``out/html`` as ``nox -s docs`` does.

    ``fresh`` adds ``-E`` (read every page again). ``env`` replaces the
    environment of the build (to put a copy of gdbook first on PYTHONPATH).
    """
    html = out / "html"
    # --no-color: messages are matched as text, whatever the terminal or FORCE_COLOR.
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    cmd += ["--no-color"]
    cmd += ["-E"] if fresh else []
    cmd += ["-d", str(out / "doctrees"), str(srcdir), str(html)]
    result = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return Build(srcdir, html, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The book built from the repository's docs/ and examples/; fails if the build does."""
    build = sphinx_build(DOCS, tmp_path_factory.mktemp("book"), env=dict(os.environ))
    if build.returncode != 0:
        pytest.fail(
            f"the book does not build (sphinx-build exit {build.returncode}); "
            f"the end of its log:\n{build.log[-6000:]}",
            pytrace=False,
        )
    return build
