"""Accessible HTML where Sphinx and docutils write it.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``
without the ``aria-level`` that the heading role requires (axe-core:
``aria-required-attr``, serious), in the page and in furo's sidebar, which is
rendered with the same translator. This extension gives the HTML builders a
translator that writes ``aria-level="2"`` on them: the captions head the
book's parts, under the site's title.

docutils writes the entries of a bibliography as ``role="doc-biblioentry"``
inside ``role="list"``; DPUB-ARIA 1.1 deprecated that role, and axe-core then
finds a list without list items (``aria-required-children``, critical). The
entries are written as ``role="listitem"``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

__all__ = ["BookTranslator", "setup"]


class BookTranslator(HTML5Translator):
    """Sphinx's HTML5 translator: toctree captions with a heading level, and
    bibliography entries as list items."""

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": "2"}
            self.body.append(self.starttag(node, "p", "", **attributes))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            return
        super().visit_title(node)

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), nodes.citation):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(
            self.starttag(node, "div", classes=[node.tagname], role="listitem")
        )


def setup(app: Sphinx) -> dict[str, Any]:
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, BookTranslator, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
