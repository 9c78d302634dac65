"""Generated pages: their edit links, and where a gallery page begins.

furo's "edit this page" link points at the page's source under ``docs/``.
Generated pages have none there: a gallery page links to its example in
``examples/``, the gallery index to ``examples/GALLERY_HEADER.rst``, an API page
to the module whose docstrings it shows, and other generated pages (and the
404 page) get no link.

sphinx-gallery opens every example page with a note, "Go to the end to
download the full example code", before the title. The downloads are at the
end of the page anyway, and the note would be the first words of the page in
search results: it is dropped, so a page begins with its title and the
example's first sentence.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["edit_path", "setup"]

NOT_FOUND = "404"


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


def _drop_download_note(app: Sphinx, doctree: nodes.document) -> None:
    del app
    for note in list(doctree.findall(nodes.note)):
        if "sphx-glr-download-link-note" in note["classes"]:
            note.parent.remove(note)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    del templatename, doctree
    path = edit_path(app, pagename)
    if path == "":
        context["page_source_suffix"] = ""  # furo shows no edit link then
    elif path is not None:
        options = app.config.html_theme_options
        repo = options.get("source_repository", "").rstrip("/")
        branch = options.get("source_branch", "main")
        context["theme_source_edit_link"] = f"{repo}/edit/{branch}/{path}"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _drop_download_note)
    # After furo's own handler (priority 500), which makes the navigation tree.
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
