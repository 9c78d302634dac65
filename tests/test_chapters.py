"""The chapters' sources: what a reader expects, and the one source for numbers.

Read from the Markdown: each chapter's last two sections are "Summary" (3 to
6 points) and "Exercises" (3 to 5, each solution in a closed sphinx-design
dropdown, at least one that runs gdbook, at least one answer computed by an
example); works are cited, not named in passing; numbers typed by hand carry
a proper minus; and no chapter computes in hidden code what an example
computes (at most 15 hidden lines, and no myst-nb glue).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHAPTERS = Path(__file__).resolve().parents[1] / "docs" / "chapters"
CHAPTERS_MD = sorted(p.name for p in CHAPTERS.glob("*.md"))
HIDDEN = re.compile(
    r"```\{code-cell\}[^\n]*\n(:tags:[^\n]*(?:remove|hide)[^\n]*\n)(.*?)```", re.DOTALL
)


def sections(text: str) -> dict[str, str]:
    """The chapter's ``## `` sections, by title, in order."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", CHAPTERS_MD)
def test_a_chapter_ends_with_summary_and_exercises(name: str) -> None:
    found = sections((CHAPTERS / name).read_text(encoding="utf-8"))
    assert list(found)[-2:] == ["Summary", "Exercises"], f"{name}: {list(found)}"
    points = re.findall(r"^\* ", found["Summary"], flags=re.MULTILINE)
    assert 3 <= len(points) <= 6, f"{name}: {len(points)} summary points"
    exercises = found["Exercises"]
    numbered = re.findall(r"^\d+\. ", exercises, flags=re.MULTILINE)
    solutions = re.findall(
        r"^ *:::\{dropdown\} Solution$", exercises, flags=re.MULTILINE
    )
    assert 3 <= len(numbered) <= 5, f"{name}: {len(numbered)} exercises"
    assert len(solutions) == len(numbered), f"{name}: a solution for each exercise"
    # A computational exercise names gdbook or what it is done with.
    assert re.search(r"gdbook|descend|settled_step|sharpness", exercises), (
        f"{name}: at least one exercise runs gdbook"
    )
    assert "{num}`" in exercises, f"{name}: an answer computed by an example"
    assert ":open:" not in exercises, f"{name}: a solution shown before it is asked for"


@pytest.mark.parametrize("name", CHAPTERS_MD)
def test_a_chapter_cites_rather_than_names(name: str) -> None:
    text = (CHAPTERS / name).read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"^:\w+:.*$", "", prose, flags=re.MULTILINE)  # directive options
    for bare in ("Polyak 1964", "Polyak's", "et al.", "a tradition", "Kinsley &"):
        assert bare not in prose, f"{name}: {bare!r} instead of a citation"
    # Numbers typed by hand outside math carry no ASCII minus sign.
    outside_math = re.sub(r"\$[^$]*\$|`[^`]*`", "", prose)
    assert not re.search(r"(?<![\w-])-\d", outside_math), f"{name}: an ASCII minus"


@pytest.mark.parametrize("name", CHAPTERS_MD)
def test_a_chapter_hides_no_computation(name: str) -> None:
    text = (CHAPTERS / name).read_text(encoding="utf-8")
    assert "glue" not in text, f"{name}: numbers come from examples ({{num}}), not glue"
    hidden = [
        line
        for _, body in HIDDEN.findall(text)
        for line in body.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(hidden) <= 15, f"{name}: {len(hidden)} hidden lines of code"
