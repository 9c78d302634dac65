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
import re
import runpy
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

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


HIDDEN_CELL = re.compile(
    r"```\{code-cell\} python\n:tags: \[remove-cell\]\n(.*?)```", re.DOTALL
)


@pytest.fixture
def glued(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[str], dict[str, Any]]:
    """Run a chapter's hidden cells, where it computes what it quotes; return the glue."""

    def run(chapter: str) -> dict[str, Any]:
        values: dict[str, Any] = {}

        def glue(name: str, value: object, display: bool = True) -> None:
            del display  # nothing is shown outside a notebook
            values[name] = value

        fake = types.ModuleType("myst_nb")
        fake.glue = glue  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "myst_nb", fake)
        source = (DOCS / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        cells = HIDDEN_CELL.findall(source)
        assert cells, f"{chapter}.md has no hidden cell computing its numbers"
        script = Path.cwd() / f"{chapter}.py"
        script.write_text("\n".join(cells), encoding="utf-8")
        runpy.run_path(str(script))
        return values

    return run
