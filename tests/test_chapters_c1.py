"""Chapters 1-3 end as a reader expects: a summary, exercises with hidden solutions.

Read from the Markdown sources: each chapter's last two sections are
"Summary" (3 to 6 points) and "Exercises" (3 to 5, each solution in a
sphinx-design dropdown, at least one that runs gdbook), and the book's
sources are cited, not named in passing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHAPTERS = Path(__file__).resolve().parents[1] / "docs" / "chapters"
MINE = ["01-update-rule.md", "02-learning-rate.md", "03-local-minima.md"]


def sections(text: str) -> dict[str, str]:
    """The chapter's ``## `` sections, by title, in order."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", MINE)
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
    assert "gdbook" in exercises, f"{name}: at least one exercise runs gdbook"
    assert "{num}`" in exercises, f"{name}: an answer computed by an example"


@pytest.mark.parametrize("name", MINE)
def test_a_chapter_cites_rather_than_names(name: str) -> None:
    text = (CHAPTERS / name).read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"^:\w+:.*$", "", prose, flags=re.MULTILINE)  # directive options
    for bare in ("Polyak 1964", "Polyak's", "et al.", "a tradition", "Kinsley &"):
        assert bare not in prose, f"{name}: {bare!r} instead of a citation"
    # Numbers typed by hand outside math carry no ASCII minus sign.
    outside_math = re.sub(r"\$[^$]*\$|`[^`]*`", "", prose)
    assert not re.search(r"(?<![\w-])-\d", outside_math), f"{name}: an ASCII minus"
