#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""The one entry point: ``nox -s tests`` runs the tests, ``nox -s docs`` builds the book.

``nox -l`` lists every session. Sessions that are not everyday ones are
``default=False``; arguments after ``--`` are passed through to the tool.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
# Reusing a session's environment is safe: every run still installs the
# project and its dependency group, which is a no-op when nothing changed.
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
# torch is only ever installed with pip and pinned: pip takes this exact build
# from a local wheel where one is provided; an unpinned torch is a multi-GB download.
TORCH = "torch==2.13.0"


def _install(session: nox.Session, *groups: str, editable: bool = True) -> None:
    project = ("-e", ".") if editable else (".",)
    # Write the packages' bytecode at install time: where PYTHONDONTWRITEBYTECODE
    # is set, every build would otherwise compile Sphinx and matplotlib again
    # (about 2.5 s of each rebuild).
    session.env["UV_COMPILE_BYTECODE"] = "1"
    session.install(*project, *nox.project.dependency_groups(PYPROJECT, *groups))


def sphinx_args(builder: str = "html", out: Path = HTML) -> list[str]:
    """The strict build: warnings are errors, references are checked (nitpicky)."""
    return [
        "-b",
        builder,
        "-W",
        "--keep-going",
        "-n",
        "-d",
        str(BUILD / "doctrees"),
        str(DOCS),
        str(out),
    ]


@nox.session
def tests(session: nox.Session) -> None:
    """Run the library, example and book tests (pytest; pass arguments after --)."""
    _install(session, "test", "docs", "browser")
    session.run("pytest", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the book into docs/_build/html (strict: warnings are errors)."""
    _install(session, "docs")
    session.run("sphinx-build", *sphinx_args(), *session.posargs)
    session.log(f"The book is built: open {(HTML / 'index.html').resolve().as_uri()}")


@nox.session(name="docs-live", default=False)
def docs_live(session: nox.Session) -> None:
    """Live preview of the book: rebuilds on every save and reloads the browser."""
    _install(session, "docs")
    session.install("sphinx-autobuild>=2025.8.25")
    session.run(
        "sphinx-autobuild",
        *sphinx_args(),
        "--watch",
        str(ROOT / "src"),
        "--watch",
        str(ROOT / "examples"),
        "--ignore",
        str(DOCS / "auto_examples"),
        "--ignore",
        str(DOCS / "gen_modules"),
        "--ignore",
        str(DOCS / "jupyter_execute"),
        # The notebook cache and executed notebooks live there: writing them
        # must not trigger another rebuild.
        "--ignore",
        str(BUILD),
        *session.posargs,
    )


@nox.session(default=False)
def linkcheck(session: nox.Session) -> None:
    """Check the book's internal links and references, offline."""
    _install(session, "docs")
    session.run(
        "sphinx-build",
        *sphinx_args("linkcheck", BUILD / "linkcheck"),
        "-D",
        "linkcheck_ignore=https?://.*",
        *session.posargs,
    )


@nox.session(default=False)
def repro(session: nox.Session) -> None:
    """Build the book twice from copies at different paths; list files that differ."""
    _install(session, "docs")
    session.run("python", "tools/repro.py", *session.posargs)


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """ruff check and format check, mypy strict on src, codespell, zizmor."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("codespell")
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark descend against hand-written loops and torch.optim (prints a table)."""
    _install(session, "test", editable=False)
    _pip_install_torch(session)
    session.run("python", "benchmarks/bench_descend.py", *session.posargs)
    session.run("python", "benchmarks/bench_network.py")


@nox.session(name="bench-docs", default=False)
def bench_docs(session: nox.Session) -> None:
    """Benchmark the book's build: clean, no-op, one page, one example, gdbook edited."""
    _install(session, "docs")
    session.run("python", "benchmarks/bench_docs.py", *session.posargs)


@nox.session(name="bench-pages", default=False)
def bench_pages(session: nox.Session) -> None:
    """Page weight (gzip, figures included) and Lighthouse scores of the built book."""
    _install(session, "docs", "browser")
    session.run("sphinx-build", *sphinx_args(), "-q")
    prefix = ROOT / ".nox" / "lighthouse"
    if not (prefix / "node_modules" / "lighthouse").is_dir():
        # Lighthouse 12.2.3: the last release that runs on Node 20.
        session.run(
            "npm", "install", "--no-save", "--no-audit", "--no-fund",
            "--prefix", str(prefix), "lighthouse@12.2.3", external=True,
        )  # fmt: skip
    session.run(
        "python", "benchmarks/page_weight.py", "--lighthouse-prefix", str(prefix),
        *session.posargs,
    )  # fmt: skip


@nox.session(default=False)
def crosscheck(session: nox.Session) -> None:
    """Regenerate tests/data/torch_*.npz: references from torch (and nnfs's spiral data)."""
    _install(session)
    _pip_install_torch(session)
    # NNFS's spiral data, the reference for gdbook.datasets.spiral.
    session.run("python", "-m", "pip", "install", "-q", "nnfs==0.5.1")
    session.run("python", "tools/crosscheck.py", *session.posargs)


def _pip_install_torch(session: nox.Session) -> None:
    """Install pinned torch with pip (never uv, which would download a CUDA build)."""
    session.run("python", "-m", "ensurepip", "--upgrade", silent=True)
    session.run("python", "-m", "pip", "install", "-q", TORCH)


@nox.session(default=False)
def clean(session: nox.Session) -> None:
    """Remove everything the build generates."""
    del session
    for folder in (
        BUILD,
        DOCS / "auto_examples",
        DOCS / "gen_modules",
        DOCS / "jupyter_execute",
    ):
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    nox.main()
