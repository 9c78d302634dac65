"""The built book in a real browser: headless Chromium, driven by playwright.

The book (built once, see conftest.py) is served from a thread on 127.0.0.1,
under the path of its ``html_baseurl`` (as GitHub Pages serves it) and with
404.html for missing pages. Every page must load with no console error, no
broken image and no request to another host, its math must be laid out as
MathML, and axe-core must find no serious or critical accessibility violation.

These tests skip when /usr/bin/chromium (or the browser named by the
environment variable GDBOOK_CHROMIUM) is missing, except when the environment
variable CI is set: there a missing browser is a failure.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import DOCS, Build

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("GDBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# The book's budget for a chapter page, figures included, served gzipped.
PAGE_BUDGET = 400 * 1024
SERIOUS = {"serious", "critical"}


def _require_browser() -> Any:
    """playwright's sync API; else a skip, or under CI a failure, saying what is missing."""
    missing = None
    if not CHROMIUM.is_file():
        missing = (
            f"{CHROMIUM} is missing (apt-get install chromium, or set GDBOOK_CHROMIUM)"
        )
    else:
        try:
            from playwright import sync_api  # noqa: PLC0415  (optional: skip if absent)
        except ImportError:
            missing = "playwright is not installed (the 'browser' dependency group)"
    if missing is None:
        return sync_api
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {missing}", pytrace=False)
    pytest.skip(missing, allow_module_level=True)
    return None  # pragma: no cover (skip raises)


# Checked when the tests are collected: without a browser they skip (or fail,
# under CI) before the book is built for them.
sync_api = _require_browser()


class _Site(http.server.SimpleHTTPRequestHandler):
    """Serves the book under ``prefix``; 404.html, with status 404, elsewhere."""

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if path.startswith(self.prefix):
            self.path = "/" + path.removeprefix(self.prefix)
            target = Path(self.translate_path(self.path))
            if target.is_file() or (target / "index.html").is_file():
                return super().send_head()
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def _site_prefix(html: Path) -> str:
    """The path part of the site's address: where the 404 page's links start."""
    match = re.search(r'href="([^"]*/)_static/', (html / "404.html").read_text())
    assert match is not None, "the 404 page links no stylesheet"
    return match.group(1)


@dataclass
class Site:
    """The book served on 127.0.0.1."""

    html: Path
    root: str  # http://127.0.0.1:PORT/prefix/
    pages: list[str] = field(default_factory=list)

    def url(self, page: str) -> str:
        return self.root + page


@pytest.fixture(scope="module")
def site(book: Build) -> Iterator[Site]:
    prefix = _site_prefix(book.html)
    handler = type("Handler", (_Site,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(book.html))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages = sorted(
        p.relative_to(book.html).as_posix() for p in book.html.rglob("*.html")
    )
    try:
        yield Site(book.html, f"http://127.0.0.1:{server.server_port}{prefix}", pages)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """What happened while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)


def open_page(
    browser: Any, url: str, *, theme: str | None = None, width: int = 412
) -> tuple[Any, Visit]:
    """Load ``url`` in a fresh context ``width`` px wide; other hosts are refused."""
    context = browser.new_context(viewport={"width": width, "height": 860})
    if theme is not None:
        context.add_init_script(f"localStorage.setItem('theme', {theme!r})")
    visit = Visit()

    def route(request_route: Any) -> None:
        host = urlsplit(request_route.request.url).hostname
        if request_route.request.url.startswith("data:") or host == "127.0.0.1":
            request_route.continue_()
        else:
            visit.foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: visit.failed.append(r.url))
    # A bound method cannot be a playwright handler (it sets an attribute on it).
    page.on("response", lambda r: visit.responses.append(r))  # noqa: PLW0108
    page.goto(url, wait_until="networkidle")
    return page, visit


def load_all_images(page: Any) -> list[str]:
    """Load every image, lazy or hidden ones too; return those that are broken."""
    return page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach(img => { img.loading = "eager"; });
            await Promise.all(images.map(img => img.decode().catch(() => null)));
            return images.filter(img => !(img.complete && img.naturalWidth > 0))
                         .map(img => img.getAttribute("src"));
        }"""
    )


def math_is_laid_out(page: Any) -> bool:
    """The browser lays <math> out as MathML: a fraction's numerator is on top."""
    return page.evaluate(
        """() => {
            if (!document.querySelector("math")) return true;
            if (typeof MathMLElement === "undefined") return false;
            return [...document.querySelectorAll("mfrac")]
                .filter(f => f.checkVisibility())
                .every(f => f.children[0].getBoundingClientRect().bottom <=
                            f.children[1].getBoundingClientRect().top + 1);
        }"""
    )


def axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.base import AXE_SCRIPT  # noqa: PLC0415  (see above)

    page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def test_every_page(browser: Any, site: Site) -> None:
    """Each page: no console error, no broken image, nothing from elsewhere, axe."""
    problems: dict[str, list[str]] = {}
    for name in site.pages:
        page, visit = open_page(browser, site.url(name))
        broken = load_all_images(page)
        found = [f"console: {e}" for e in visit.console_errors]
        found += [f"failed request: {u}" for u in visit.failed]
        found += [f"request to another host: {u}" for u in visit.foreign]
        found += [f"broken image: {src}" for src in broken]
        if not math_is_laid_out(page):
            found.append("math not laid out as MathML")
        found += [f"axe: {v}" for v in axe_violations(page)]
        if found:
            problems[name] = found
        page.context.close()
    assert problems == {}


def test_chapters_in_dark_mode_pass_axe(browser: Any, site: Site) -> None:
    """The chapters and the front page, in dark mode: no serious axe finding."""
    problems = {}
    for name in ["index.html", *(n for n in site.pages if n.startswith("chapters/"))]:
        page, visit = open_page(browser, site.url(name), theme="dark")
        assert page.evaluate("document.body.dataset.theme") == "dark"
        found = [f"axe: {v}" for v in axe_violations(page)]
        found += [f"console: {e}" for e in visit.console_errors]
        if found:
            problems[name] = found
        page.context.close()
    assert problems == {}


# The reader's two windows: a desktop and a phone. A chapter figure is shown at
# least this wide, and its smallest text at least this many CSS px.
WINDOWS = {"desktop": (1280, 600, 11), "phone": (390, 340, 9)}


@pytest.mark.parametrize("window", WINDOWS)
def test_figures_are_readable(
    browser: Any, site: Site, book: Build, window: str
) -> None:
    """Every chapter figure: wide enough, its smallest text large enough, centred."""
    width, min_width, min_text = WINDOWS[window]
    images = book.srcdir / "auto_examples" / "images"
    problems = []
    for name in ["index.html", *(n for n in site.pages if n.startswith("chapters/"))]:
        page, _ = open_page(browser, site.url(name), width=width)
        shown = page.evaluate(
            """() => {
            // Figures inside exercise solutions count too: open them.
            document.querySelectorAll("details").forEach(d => { d.open = true; });
            return [...document.querySelectorAll("figure.gallery-figure")].map(f => {
                const img = [...f.querySelectorAll("img")].find(i => i.checkVisibility());
                const box = img.getBoundingClientRect();
                const cap = f.querySelector("figcaption").getBoundingClientRect();
                return {src: img.getAttribute("src"), width: box.width,
                        inSolution: f.closest("details") !== null,
                        left: box.left, right: box.right,
                        capLeft: cap.left, capRight: cap.right};
            });
            }"""
        )
        for figure in shown:
            stem = Path(figure["src"]).stem.removesuffix("_dark")
            record = json.loads((images / f"{stem}.json").read_text(encoding="utf-8"))
            text_px = (
                record["smallest_text_pt"] * 96 / 72 * figure["width"] / record["width"]
            )
            where = f"{name} {stem}"
            # A figure in an exercise's solution sits in a narrower column; its
            # text must still be readable.
            if figure["width"] < min_width and not figure["inSolution"]:
                problems.append(f"{where}: {figure['width']:.0f} px wide")
            if text_px < min_text:
                problems.append(f"{where}: its smallest text is {text_px:.1f} px")
            centre = (figure["left"] + figure["right"]) / 2
            caption = (figure["capLeft"] + figure["capRight"]) / 2
            if abs(centre - caption) > 2:
                problems.append(f"{where}: the figure is not centred on its caption")
        page.context.close()
    assert problems == []


@pytest.mark.parametrize("window", WINDOWS)
def test_api_summaries_keep_each_name_on_one_line(
    browser: Any, site: Site, window: str
) -> None:
    """A name in an API summary table is not broken mid-word ("gdbook.landsca|pe")."""
    width = WINDOWS[window][0]
    pages = ["api.html", *(n for n in site.pages if n.startswith("gen_modules/api/"))]
    broken = []
    for name in pages:
        page, _ = open_page(browser, site.url(name), width=width)
        broken += [
            f"{name}: {text}"
            for text in page.evaluate(
                """() => [...document.querySelectorAll(
                    "table.autosummary td:first-child code")]
                    .filter(c => c.getClientRects().length > 1)
                    .map(c => c.textContent)"""
            )
        ]
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (
            f"{name} scrolls sideways at {width} px"
        )
        page.context.close()
    assert broken == []


def test_pages_with_math_render_mathml(browser: Any, site: Site) -> None:
    """Where a page's source has math, the page has laid-out <math> elements."""
    with_math = [
        f"chapters/{p.stem}.html"
        for p in sorted((DOCS / "chapters").glob("*.md"))
        if re.search(r"\$[^$\n]+\$", p.read_text(encoding="utf-8"))
    ]
    if not with_math:
        pytest.skip("no chapter has math yet")
    for name in with_math:
        page, _ = open_page(browser, site.url(name))
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('math')]"
            ".map(m => m.getBoundingClientRect().width)"
        )
        assert sizes, f"{name}: no <math> element"
        assert max(sizes) > 0, f"{name}: math not laid out"
        assert math_is_laid_out(page), f"{name}: fractions not laid out as MathML"
        # No TeX left as text for the reader to decode.
        text = page.evaluate("() => document.querySelector('article').innerText")
        assert not re.search(r"\\(frac|eta|nabla|begin)\b", text), name
        page.context.close()


def _chapter_with_figure(site: Site) -> str:
    for name in site.pages:
        if name.startswith("chapters/") and "gallery-figure" in (
            site.html / name
        ).read_text(encoding="utf-8"):
            return name
    pytest.skip("no chapter embeds a gallery figure yet")
    return ""  # pragma: no cover


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_variant_follows_the_theme(browser: Any, site: Site, theme: str) -> None:
    """furo's dark mode shows the dark figure; the other variant is not even fetched."""
    name = _chapter_with_figure(site)
    page, visit = open_page(browser, site.url(name), theme=theme)
    other = "light" if theme == "dark" else "dark"
    figure = page.locator("figure.gallery-figure").first
    figure.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    shown = figure.locator(f"img.only-{theme}")
    hidden = figure.locator(f"img.only-{other}")
    assert shown.is_visible()
    assert not hidden.is_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")
    assert shown.get_attribute("src").endswith("_dark.png") == (theme == "dark")
    fetched = [r.url for r in visit.responses if r.url.endswith(".png")]
    hidden_src = hidden.get_attribute("src").rsplit("/", 1)[-1]
    assert not any(url.endswith(hidden_src) for url in fetched), fetched
    page.context.close()


def test_theme_toggle_switches_to_dark(browser: Any, site: Site) -> None:
    """Clicking furo's toggle (auto -> ... -> dark) lands on the dark figure."""
    name = _chapter_with_figure(site)
    page, _ = open_page(browser, site.url(name), theme="light")
    toggle = page.locator("button.theme-toggle").first
    for _ in range(3):
        if page.evaluate("document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    figure = page.locator("figure.gallery-figure").first
    assert figure.locator("img.only-dark").is_visible()
    assert not figure.locator("img.only-light").is_visible()
    page.context.close()


def test_chapter_pages_fit_the_budget(browser: Any, site: Site) -> None:
    """Each chapter page, figures included, weighs at most 400 KB served gzipped."""
    chapters = [n for n in site.pages if n.startswith("chapters/")]
    if not chapters:
        pytest.skip("no chapter yet")
    weights = {}
    for name in chapters:
        page, visit = open_page(browser, site.url(name))
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        total = 0
        for response in visit.responses:
            body = response.body()
            total += min(len(body), len(gzip.compress(body)))
        weights[name] = total
        page.context.close()
    heavy = {n: f"{w / 1024:.0f} KB" for n, w in weights.items() if w > PAGE_BUDGET}
    assert heavy == {}


def test_missing_page_serves_a_working_404(browser: Any, site: Site) -> None:
    """A missing URL deep in the site gets the 404 page, styled, with working links."""
    page, visit = open_page(browser, site.url("no/such/deep/page.html"))
    assert "Page not found" in page.title()
    assert visit.failed == []
    assert visit.foreign == []
    styled = page.evaluate(
        "() => [...document.styleSheets].some(s => s.href && s.href.includes('furo'))"
    )
    assert styled
    home = page.locator("a.sidebar-brand").first.evaluate("a => a.href")
    assert home == site.url("index.html")
    chapter = page.locator(".sidebar-tree a.reference").first.evaluate("a => a.href")
    assert chapter.startswith(site.url("chapters/")), chapter
    page.context.close()


def test_search_finds_a_page(browser: Any, site: Site) -> None:
    page, visit = open_page(browser, site.url("search.html?q=learning"))
    results = page.locator("ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() > 0
    assert visit.console_errors == []
    page.context.close()
