"""The built book: chapters, figures, gallery, API pages, and the build's strictness.

The first part checks the real book, built once per session (``book`` fixture
in conftest.py). The second plants faults in a small copy of the book (one
chapter, one example, a copy of gdbook) and checks that each one fails the
build with a message that names the file to fix, that a change to gdbook
alone makes the examples and the code cells run again, and that a rebuild
redoes only what changed.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import textwrap
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, EXAMPLES, ROOT, Build, sphinx_build
from PIL import Image

pytestmark = pytest.mark.book

CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
EXAMPLE_SCRIPTS = sorted(EXAMPLES.glob("plot_*.py"))
GALLERY_FIGURE = re.compile(r"^\s*(?:`{3,}|:{3,})\{gallery-figure\}", re.MULTILINE)
REPO = "https://github.com/gdbook/gdbook/edit/main/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(book: Build) -> list[Path]:
    return sorted(book.html.rglob("*.html"))


def check_png(path: Path) -> None:
    """A PNG that opens, of a size a figure or thumbnail can have."""
    assert path.is_file(), f"missing image {path}"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    size = path.stat().st_size
    assert 1_000 < size < 1_500_000, f"{path.name} weighs {size} bytes"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        width, height = image.size
    assert 100 <= width <= 4000, f"{path.name} is {width} px wide"
    assert 50 <= height <= 4000, f"{path.name} is {height} px high"


def check_svg(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"<svg[\s>]", text), f"{path.name} is not an SVG"
    assert 100 < len(text) < 500_000, f"{path.name} weighs {len(text)} bytes"


# -- The real book -----------------------------------------------------------


def test_build_has_no_warnings(book: Build) -> None:
    assert book.returncode == 0
    assert book.warnings() == []


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_its_figures(book: Build, source: Path) -> None:
    """Each {gallery-figure} of a chapter is a numbered figure in both variants."""
    page = book.html / "chapters" / f"{source.stem}.html"
    assert page.is_file(), f"{source.name} was not built"
    figures = soup(page).select("figure.gallery-figure")
    expected = len(GALLERY_FIGURE.findall(source.read_text(encoding="utf-8")))
    assert len(figures) == expected, f"{source.name}: {expected} gallery figures asked"
    for figure in figures:
        light = figure.select("img.only-light")
        dark = figure.select("img.only-dark")
        assert len(light) == len(dark) == 1, f"{source.name}: one image per mode"
        assert light[0]["alt"].strip(), f"{source.name}: a figure has no alt text"
        assert light[0]["alt"] == dark[0]["alt"]
        assert dark[0]["src"].endswith("_dark.png")
        for img in (light[0], dark[0]):
            check_png((page.parent / img["src"]).resolve())
        number = figure.select_one("figcaption .caption-number")
        text = figure.select_one("figcaption .caption-text")
        assert number is not None, f"{source.name}: a figure has no number"
        assert re.fullmatch(r"Fig\. \d+\.\d+\s*", number.get_text())
        assert text is not None, f"{source.name}: a figure has no caption"
        assert text.get_text(strip=True)


@pytest.mark.parametrize("script", EXAMPLE_SCRIPTS, ids=lambda p: p.stem)
def test_example_page(book: Build, script: Path) -> None:
    """Each example has its page, light and dark figures, thumbnail and downloads."""
    page = book.html / "auto_examples" / f"{script.stem}.html"
    assert page.is_file(), f"{script.name} has no gallery page"
    html = soup(page)
    light = html.select("img.only-light")
    dark = html.select("img.only-dark")
    assert light, f"{script.name} made no figure"
    assert len(light) == len(dark)
    for img in light + dark:
        check_png((page.parent / img["src"]).resolve())
    downloads = {a["href"].rsplit("/", 1)[-1] for a in html.select("a.download")}
    assert {f"{script.stem}.py", f"{script.stem}.ipynb"} <= downloads
    for href in (a["href"] for a in html.select("a.download")):
        assert (page.parent / href).resolve().is_file(), href
    check_png(book.html / "_images" / f"sphx_glr_{script.stem}_thumb.png")


def test_every_image_is_valid(book: Build) -> None:
    images = sorted((book.html / "_images").iterdir())
    assert images or not EXAMPLE_SCRIPTS
    for image in images:
        if image.suffix == ".png":
            check_png(image)
        elif image.suffix == ".svg":
            check_svg(image)
        else:
            pytest.fail(f"unexpected image type {image.name}")


def test_every_img_has_alt_text(book: Build) -> None:
    missing = [
        f"{page.relative_to(book.html)}: {img.get('src')}"
        for page in html_pages(book)
        for img in soup(page).find_all("img")
        if not img.get("alt", "").strip()
    ]
    assert missing == []


def test_no_page_loads_from_another_host(book: Build) -> None:
    """No script, stylesheet, image or font comes from elsewhere (no CDN)."""
    remote = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
    found = []
    for page in html_pages(book):
        html = soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in html.find_all(tag):
                url = element.get(attr, "")
                if tag == "link" and not {"stylesheet", "preload", "icon"} & set(
                    element.get("rel", [])
                ):
                    continue
                if remote.match(url):
                    found.append(f"{page.relative_to(book.html)}: {url}")
    remote_css = re.compile(r"@import[^;]+|url\(\s*['\"]?(?:https?:)?//[^)]+\)")
    for css in book.html.rglob("*.css"):
        found += [f"{css.name}: {m}" for m in remote_css.findall(css.read_text())]
    assert found == []
    mathjax = re.compile(r"<script[^>]*mathjax|window\.MathJax", re.IGNORECASE)
    assert not [p.name for p in html_pages(book) if mathjax.search(p.read_text())]


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_math_is_mathml(book: Build, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    html = (book.html / "chapters" / f"{source.stem}.html").read_text(encoding="utf-8")
    if re.search(r"\$[^$\n]+\$|\{math\}", text):
        assert "<math" in html, f"{source.name} has math but no MathML"
    assert not re.search(r"\$\$|\\\(|\\\[", BeautifulSoup(html, "html.parser").text)


def test_api_documents_every_public_name(book: Build) -> None:
    """Every name in every public module's __all__ has an entry in the API pages."""
    raw = (book.html / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    documented = {line.split(" ", 1)[0] for line in body.splitlines()}
    gdbook = importlib.import_module("gdbook")
    toplevel = set(gdbook.__all__)
    missing = []
    for path in sorted((ROOT / "src" / "gdbook").glob("[!_]*.py")):
        module = importlib.import_module(f"gdbook.{path.stem}")
        for name in getattr(module, "__all__", []):
            canonical = (
                f"gdbook.{name}" if name in toplevel else module.__name__ + "." + name
            )
            if canonical not in documented:
                missing.append(canonical)
    missing += [f"gdbook.{n}" for n in toplevel if f"gdbook.{n}" not in documented]
    ignored = {"gdbook.__version__"}
    assert sorted(set(missing) - ignored) == []


def test_api_pages_list_the_examples_that_use_them(book: Build) -> None:
    page = book.html / "gen_modules" / "api" / "gdbook.html"
    html = soup(page)
    uses_descend = [s.stem for s in EXAMPLE_SCRIPTS if "descend(" in s.read_text()]
    # sphinx-gallery's minigallery adds the heading only where examples exist.
    section = html.find("section", id="examples-using-descend")
    if not uses_descend:
        assert section is None
        return
    assert section is not None, "gdbook.descend has no 'Examples using' mini-gallery"
    gallery = section.select_one("div.sphx-glr-thumbnails")
    assert gallery is not None
    linked = {a["href"] for a in gallery.select("a")}
    for stem in uses_descend:
        assert any(stem in href for href in linked), f"{stem} missing under descend"


def test_edit_links_point_at_the_sources(book: Build) -> None:
    def edit_link(page: Path) -> str | None:
        link = soup(page).select_one(".edit-this-page a")
        return None if link is None else link["href"]

    assert edit_link(book.html / "api.html") == REPO + "docs/api.rst"
    assert edit_link(book.html / "gen_modules/api/gdbook.optim.html") == (
        REPO + "src/gdbook/optim.py"
    )
    assert edit_link(book.html / "auto_examples/index.html") == (
        REPO + "examples/GALLERY_HEADER.rst"
    )
    for script in EXAMPLE_SCRIPTS:
        page = book.html / "auto_examples" / f"{script.stem}.html"
        assert edit_link(page) == f"{REPO}examples/{script.name}"
    assert edit_link(book.html / "404.html") is None


def test_404_page_works_at_the_root(book: Build) -> None:
    """Served at the root (no base URL set), the 404 page's links start at /."""
    page = soup(book.html / "404.html")
    links = [str(a["href"]) for a in page.select('link[rel="stylesheet"]')]
    assert links, "the 404 page links no stylesheet"
    assert all(link.startswith("/_static/") for link in links), links


def _chapter_pages(book: Build) -> list[Path]:
    return [book.html / "chapters" / f"{c.stem}.html" for c in CHAPTERS]


def test_chapters_and_figures_are_numbered(book: Build) -> None:
    """ "3. The local-minimum trap", "Fig. 3.1": chapters in the book's order."""
    for number, page in enumerate(_chapter_pages(book), start=1):
        html = soup(page)
        title = html.find("h1").get_text(" ", strip=True)
        assert title.startswith(f"{number}. "), (page.name, title)
        for caption in html.select("figure figcaption .caption-number"):
            assert re.fullmatch(rf"Fig\. {number}\.\d+\s*", caption.get_text()), (
                page.name,
                caption.get_text(),
            )


def test_references_link_out(book: Build) -> None:
    """The references page lists every entry, each linked to its DOI, arXiv or home."""
    entries = soup(book.html / "references.html").select(".citation")
    assert len(entries) >= 15
    unlinked = [
        e.get_text(" ", strip=True)[:60]
        for e in entries
        if not e.select('a[href^="https://"]')
        # Nesterov (1983) is in Soviet Mathematics Doklady: no DOI, no arXiv.
        and "Nesterov" not in e.get_text()
    ]
    assert unlinked == []


def test_chapters_cite_the_references(book: Build) -> None:
    """In-text citations link to the references page."""
    cited = {
        a["href"].split("#", 1)[1]
        for page in _chapter_pages(book)
        for a in soup(page).select('a[href*="references.html#"]')
    }
    assert len(cited) >= 10, cited


def test_chapters_download_as_notebooks(book: Build) -> None:
    """Each chapter with code cells links its executed notebook, numbers written in."""
    for page in _chapter_pages(book):
        link = soup(page).select_one("p.chapter-notebook a[download]")
        if link is None:
            assert (
                "{code-cell}"
                not in (DOCS / "chapters" / page.with_suffix(".md").name).read_text()
            )
            continue
        notebook = json.loads((page.parent / link["href"]).read_text(encoding="utf-8"))
        text = json.dumps(notebook)
        assert "{num}`" not in text, f"{page.name}: a number left unquoted"
        assert any(
            c["cell_type"] == "code" and c.get("outputs") for c in notebook["cells"]
        )
        ids = [c["id"] for c in notebook["cells"]]
        assert ids == [f"cell-{i}" for i in range(1, len(ids) + 1)], page.name


def test_front_page_opens_with_a_figure(book: Build) -> None:
    index = soup(book.html / "index.html")
    assert index.find("h1").get_text(strip=True).rstrip("¶") == "Learning-rate dynamics"
    first = index.select_one("article section > *:not(h1):not(p)")
    assert first is not None
    assert first.name == "figure", first


def test_gallery_follows_the_chapters(book: Build) -> None:
    """The gallery lists the examples in the order the chapters first show them."""
    order: list[str] = []
    for chapter in CHAPTERS:
        for name in re.findall(
            r"\{gallery-figure\}\s+([\w-]+)", chapter.read_text(encoding="utf-8")
        ):
            if name not in order:
                order.append(name)
    links = soup(book.html / "auto_examples" / "index.html").select(
        ".sphx-glr-thumbcontainer a.reference"
    )
    shown = [re.sub(r"\.html.*$", "", a["href"]).rsplit("/", 1)[-1] for a in links]
    shown = list(dict.fromkeys(shown))
    assert shown[: len(order)] == order


def test_search_and_favicon(book: Build) -> None:
    assert (book.html / "search.html").is_file()
    assert (book.html / "searchindex.js").is_file()
    index = soup(book.html / "index.html")
    icon = index.select_one('link[rel="icon"], link[rel="shortcut icon"]')
    assert icon is not None
    check_svg(book.html / icon["href"])


def test_every_page_has_a_description(book: Build) -> None:
    """Search engines show it under the title (Lighthouse's SEO audit asks for it).

    The search page, which Sphinx makes from no source, has no text to
    describe and is left out.
    """
    for page in html_pages(book):
        if page.name == "search.html":
            continue
        meta = soup(page).find("meta", attrs={"name": "description"})
        assert meta is not None, page
        assert len(str(meta["content"])) > 40, page


def test_no_generated_image_is_committed() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(
        [git, "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    images = re.compile(r"\.(png|svg|jpe?g|gif|webp)$", re.IGNORECASE)
    generated = ("docs/auto_examples/", "docs/gen_modules/", "docs/_build/")
    bad = [
        f
        for f in files
        if (images.search(f) and not f.startswith("docs/_static/"))
        or f.startswith(generated)
    ]
    assert bad == []


# -- Planted faults, in a small copy of the book ------------------------------

CLAIM = "plain gradient descent with lr=0.3 ends in the global minimum of the bowl"

EXAMPLE = f'''
"""
A claim about a run
===================

Gradient descent on a quadratic bowl, asserting its claim.
"""

import matplotlib.pyplot as plt

import gdbook
from gdbook import landscapes, optim

lr = 0.3
traj = gdbook.descend(landscapes.quadratic(), optim.SGD(lr=lr), [1.0], 100)
settled = int(traj.settled_step)
print("outcome:", traj.outcome)
assert str(traj.outcome) == "global minimum", "{CLAIM}"

fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
ax.plot(traj.loss)
ax.set(title="Loss at each step", xlabel="step", ylabel="loss")
'''

CHAPTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

(one)=
# One chapter

With learning rate $\\eta$,

$$
w_{{t+1}} = w_t - \\eta \\nabla L(w_t)
$$ (update)

as {{eq}}`update` says and {{numref}}`fig-claim` shows: the run settles at
step {{num}}`{example}.settled`, at a learning rate of {{num}}`{example}.lr:.1f`.

:::{{gallery-figure}} {example} 1
:name: fig-claim

The run reaches the minimum.
:::

```{{code-cell}} python
import gdbook
print(gdbook.__name__)
{cell}
```

{extra}
"""


def small_book(
    root: Path,
    *,
    example: str = EXAMPLE,
    figure_of: str = "plot_claim",
    cell: str = "",
    extra: str = "",
    api: bool = False,
) -> Path:
    """A copy of the book's machinery with one chapter and one example, in root.

    With ``api``, also the book's API page (autosummary of every module).
    """
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copy2(DOCS / "conf.py", docs / "conf.py")
    shutil.copy2(DOCS / "references.bib", docs / "references.bib")
    for folder in ("_ext", "_static", "_templates"):
        shutil.copytree(DOCS / folder, docs / folder)
    toctree = ["chapters/*", "auto_examples/index", *(["api"] if api else [])]
    (docs / "index.md").write_text(
        "# Book\n\n```{toctree}\n:glob:\n\n" + "\n".join(toctree) + "\n```\n"
    )
    if api:
        shutil.copy2(DOCS / "api.rst", docs / "api.rst")
    (docs / "chapters").mkdir()
    (docs / "chapters" / "one.md").write_text(
        CHAPTER.format(example=figure_of, cell=cell, extra=extra)
    )
    (root / "examples").mkdir()
    (root / "examples" / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    (root / "examples" / "plot_claim.py").write_text(example)
    shutil.copytree(
        ROOT / "src",
        root / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    return docs


def build_small(root: Path, *, fresh: bool = True) -> Build:
    """Build the small book with its own copy of gdbook first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(root / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    return sphinx_build(
        root / "docs", root / "build", fresh=fresh, env=env, timeout=600
    )


def test_small_book_builds_clean(tmp_path: Path) -> None:
    """The baseline of the faults below: the untouched small book builds."""
    small_book(tmp_path)
    build = build_small(tmp_path)
    assert build.returncode == 0, build.log[-4000:]
    assert build.warnings() == []
    record = tmp_path / "docs/auto_examples/images/sphx_glr_plot_claim_001.json"
    assert json.loads(record.read_text())["alt"] == "Loss at each step"
    # The chapter quotes the numbers the example named, from its run.
    page = soup(tmp_path / "build/html/chapters/one.html")
    text = " ".join(page.get_text(" ", strip=True).split())
    numbers = json.loads(
        (tmp_path / "docs/auto_examples/plot_claim.numbers.json").read_text()
    )
    assert f"settles at step {numbers['settled']} ," in text
    assert "learning rate of 0.3" in text


def test_misnamed_number_names_the_chapter_and_the_example(tmp_path: Path) -> None:
    small_book(tmp_path, extra="It took {num}`plot_claim.setled` steps.")
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert any(
        "chapters/one.md" in w
        and "the example plot_claim holds no number 'setled'" in w
        and "did you mean settled" in w
        for w in build.warnings()
    ), build.log[-4000:]


def test_number_of_a_missing_example_names_the_chapter(tmp_path: Path) -> None:
    small_book(tmp_path, extra="It took {num}`plot_gone.settled` steps.")
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert any(
        "chapters/one.md" in w and "no numbers from the example plot_gone" in w
        for w in build.warnings()
    ), build.log[-4000:]


def test_failing_example_names_the_example(tmp_path: Path) -> None:
    small_book(tmp_path, example=EXAMPLE + '\nraise RuntimeError("planted failure")\n')
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert "plot_claim.py failed leaving traceback" in build.log
    assert "RuntimeError: planted failure" in build.log


def test_gdbook_change_that_breaks_a_claim_names_example_and_claim(
    tmp_path: Path,
) -> None:
    small_book(tmp_path)
    # A bug in the copy of gdbook: SGD climbs the gradient instead of descending.
    optim = tmp_path / "src" / "gdbook" / "optim.py"
    optim.write_text(
        optim.read_text()
        + textwrap.dedent(
            """

            def _planted_update(self, x, g, state, t, h):
                x += h["lr"] * g


            SGD.update = _planted_update
            """
        )
    )
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert "plot_claim.py failed leaving traceback" in build.log
    assert f"AssertionError: {CLAIM}" in build.log


def test_broken_reference_names_the_chapter(tmp_path: Path) -> None:
    small_book(tmp_path, extra="See {ref}`no-such-section`.")
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert any(
        "chapters/one.md" in w and "no-such-section" in w for w in build.warnings()
    ), build.log[-4000:]


def test_failing_code_cell_names_the_chapter(tmp_path: Path) -> None:
    small_book(tmp_path, cell='raise ValueError("planted cell failure")')
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert any("chapters/one.md" in w for w in build.warnings()), build.log[-4000:]
    assert "planted cell failure" in build.log


def test_missing_gallery_figure_names_chapter_and_example(tmp_path: Path) -> None:
    small_book(tmp_path, figure_of="plot_nowhere")
    build = build_small(tmp_path)
    assert build.returncode != 0
    assert any(
        "chapters/one.md" in w and "plot_nowhere" in w for w in build.warnings()
    ), build.log[-4000:]
    assert "there is no example plot_nowhere.py" in build.log


def test_a_change_to_gdbook_runs_examples_and_cells_again(tmp_path: Path) -> None:
    """Caches are keyed on gdbook's source, not only on the example or cell code."""
    small_book(tmp_path)
    first = build_small(tmp_path, fresh=False)
    assert first.returncode == 0, first.log[-4000:]
    assert "executed 1 out of 1 file" in first.log
    assert "Executing notebook" in first.log

    again = build_small(tmp_path, fresh=False)
    assert again.returncode == 0, again.log[-4000:]
    assert "excluding 1 file that had previously been run" in again.log
    assert "Executing notebook" not in again.log

    optim = tmp_path / "src" / "gdbook" / "optim.py"
    optim.write_text(optim.read_text() + "\n# a change to gdbook\n")
    changed = build_small(tmp_path, fresh=False)
    assert changed.returncode == 0, changed.log[-4000:]
    assert "executed 1 out of 1 file" in changed.log
    assert "Executing notebook" in changed.log

    # A deleted example takes its page and figures with it: the chapter that
    # embedded its figure now fails, instead of showing the old picture.
    (tmp_path / "examples" / "plot_claim.py").unlink()
    deleted = build_small(tmp_path, fresh=False)
    assert deleted.returncode != 0
    assert "there is no example plot_claim.py" in deleted.log
    gallery = tmp_path / "docs" / "auto_examples"
    assert not (gallery / "plot_claim.rst").exists()
    assert not list(gallery.glob("images/**/sphx_glr_plot_claim_*"))


def _read(build: Build) -> set[str]:
    """The pages a build read (parsed) again."""
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", build.log))


def test_rebuilds_redo_only_what_changed(tmp_path: Path) -> None:
    """A prose edit reads one page and runs nothing; an example edit runs that example."""
    docs = small_book(tmp_path, api=True)
    first = build_small(tmp_path, fresh=False)
    assert first.returncode == 0, first.log[-4000:]
    assert (docs / "gen_modules" / "api" / "gdbook.theory.rst").is_file()

    # Nothing changed: nothing is read, run or executed.
    again = build_small(tmp_path, fresh=False)
    assert again.returncode == 0, again.log[-4000:]
    assert _read(again) == set()
    assert "Executing notebook" not in again.log
    assert "excluding 1 file that had previously been run" in again.log

    # A sentence of the chapter: that page alone is read, nothing runs.
    chapter = docs / "chapters" / "one.md"
    chapter.write_text(chapter.read_text().replace("One chapter", "The one chapter"))
    prose = build_small(tmp_path, fresh=False)
    assert prose.returncode == 0, prose.log[-4000:]
    assert _read(prose) == {"chapters/one"}
    assert "excluding 1 file that had previously been run" in prose.log
    assert "Executing notebook" not in prose.log

    # The example: it runs again, and the pages that show what it made are read.
    example = tmp_path / "examples" / "plot_claim.py"
    example.write_text(example.read_text() + "\n# One more comment.\n")
    commented = build_small(tmp_path, fresh=False)
    assert commented.returncode == 0, commented.log[-4000:]
    assert "executed 1 out of 1 file" in commented.log
    assert "Executing notebook" not in commented.log
    assert {"auto_examples/plot_claim", "chapters/one"} <= _read(commented)
