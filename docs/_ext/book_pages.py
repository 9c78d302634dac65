"""Per-page touches to the HTML: edit links of generated pages, and the 404 page.

* furo's "edit this page" link points at the page's source under ``docs/``.
  Generated pages have none there: a gallery page links to its example in
  ``examples/``, the gallery index to ``examples/GALLERY_HEADER.rst``, an API
  page to the module whose docstrings it shows, and other generated pages
  (and the 404 page) get no link.
* An API entry's "Examples using ..." heading is dropped when no example
  uses the entry (sphinx-gallery's mini-gallery is then empty).
* Three fixes for axe-core's serious and critical findings in what Sphinx,
  furo and sphinx-gallery write: toctree captions get the ``aria-level`` that
  ``role="heading"`` requires, code blocks and tables get ``tabindex="0"`` so
  that a keyboard can scroll them sideways, and gallery thumbnails keep their
  link text for screen readers (``docs/_static/gdbook.css``).
* Every page gets a ``<meta name="description">``: its first paragraph,
  shortened, which search engines show under its title.
* The 404 page is served by the host for a missing URL at any depth, so its
  relative links would point nowhere: it gets ``<base href>`` set to the path of
  ``html_baseurl`` (the site's root; see ``docs/_templates/page.html``) and is
  kept out of search engines.
"""

from __future__ import annotations

import importlib.util
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["description", "edit_path", "setup"]

NOT_FOUND = "404"
TAGLINE = (
    "A book on learning-rate dynamics and loss landscapes, every figure computed "
    "by the gdbook library when the book is built."
)


def edit_path(app: Sphinx, pagename: str) -> str | None:
    """The file, relative to the repository root, that a generated page comes from.

    Returns ``None`` when the page is not generated (its source is under
    ``docs/``, and furo's own link is right) or has no file to edit. Returns
    ``""`` for generated pages with nothing to edit.
    """
    root = Path(app.confdir).parent
    gallery = app.config.sphinx_gallery_conf
    gallery_dirs = gallery.get("gallery_dirs", [])
    examples_dirs = gallery.get("examples_dirs", [])
    if isinstance(gallery_dirs, str):
        gallery_dirs, examples_dirs = [gallery_dirs], [examples_dirs]
    for gallery_dir, examples_dir in zip(gallery_dirs, examples_dirs, strict=True):
        prefix = gallery_dir.rstrip("/") + "/"
        if not pagename.startswith(prefix):
            continue
        rest = PurePosixPath(pagename.removeprefix(prefix))
        source_dir = Path(app.srcdir, examples_dir, rest.parent).resolve()
        candidates = (
            [source_dir / "GALLERY_HEADER.rst", source_dir / "README.rst"]
            if rest.name == "index"
            else [source_dir / f"{rest.name}.py"]
        )
        for candidate in candidates:
            if candidate.is_file() and candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return ""
    if pagename.startswith("gen_modules/"):
        module = PurePosixPath(pagename).name
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin).resolve()
            if origin.is_relative_to(root):
                return origin.relative_to(root).as_posix()
        return ""
    if pagename == NOT_FOUND:
        return ""
    return None


def _drop_empty_example_headings(app: Sphinx, doctree: nodes.document) -> None:
    del app
    for rubric in list(doctree.findall(nodes.rubric)):
        if "examples-using" not in rubric["classes"]:
            continue
        after = rubric.next_node(descend=False, siblings=True)
        if not (
            isinstance(after, nodes.raw) and "sphx-glr-thumbnails" in after.astext()
        ):
            rubric.parent.remove(rubric)


def _accessible(html: str) -> str:
    html = html.replace(
        '<p class="caption" role="heading">',
        '<p class="caption" role="heading" aria-level="2">',
    )
    html = html.replace(
        '<div class="table-wrapper', '<div tabindex="0" class="table-wrapper'
    )
    return html.replace(
        '<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'
    )


def description(doctree: nodes.document | None, limit: int = 155) -> str:
    """A page's first paragraph, cut at a word to ``limit`` characters, or the book's tagline."""
    first = next(iter(doctree.findall(nodes.paragraph)), None) if doctree else None
    text = " ".join(first.astext().split()) if first is not None else ""
    if not text:
        return TAGLINE
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    del templatename
    # Search engines show it under the page's title.
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta name="description" content="{escape(description(doctree))}">'
    )
    for key in ("body", "furo_navigation_tree"):
        if isinstance(context.get(key), str):
            context[key] = _accessible(context[key])
    path = edit_path(app, pagename)
    if path == "":
        context["page_source_suffix"] = ""  # furo shows no edit link then
    elif path is not None:
        options = app.config.html_theme_options
        repo = options.get("source_repository", "").rstrip("/")
        branch = options.get("source_branch", "main")
        context["theme_source_edit_link"] = f"{repo}/edit/{branch}/{path}"
    if pagename == NOT_FOUND:
        base = urlparse(app.config.html_baseurl).path or "/"
        context["gdbook_base_href"] = base if base.endswith("/") else base + "/"
        context["metatags"] = (
            context.get("metatags", "") + '\n<meta name="robots" content="noindex">'
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _drop_empty_example_headings)
    # After furo's own handler (priority 500), which makes the navigation tree.
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
