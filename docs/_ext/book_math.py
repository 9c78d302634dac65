"""Math rendered to MathML at build time: no JavaScript, no fonts, no network.

Sphinx's default HTML math renderer (MathJax) loads a script from a CDN. This
extension registers the renderer ``mathml`` instead (select it with
``html_math_renderer = "mathml"``): every ``$...$``, ``$$...$$``, ``math``
directive and ``:math:`` role is converted with latex2mathml while the page is
written, and the browser lays the ``<math>`` elements out itself (MathML Core,
native in Chromium, Firefox and Safari).

Equation numbers and labels stay Sphinx's: a labelled display equation gets
its number in a ``span.eqno`` with a permalink, and ``{eq}``/``:eq:``
references resolve as usual.

LaTeX that latex2mathml cannot turn into MathML (an unknown command, an
alignment it does not know) is reported as a warning at the equation's source
line, so ``-W`` builds fail instead of showing a garbled equation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

__all__ = ["latex_to_mathml", "setup"]

logger = logging.getLogger(__name__)

# latex2mathml knows `align*` and `split` but not `aligned` (it prints the `&`),
# and renders `gather`-like line breaks with <mspace linebreak>, which MathML
# Core ignores: rewrite those environments into ones it lays out as tables.
_ALIGN_LIKE = r"(?:aligned|alignedat|align|flalign|eqnarray)\*?"
_GATHER_LIKE = r"(?:gathered|gather|multline)\*?"  # codespell:ignore multline
_BEGIN_ALIGN = re.compile(r"\\begin\{" + _ALIGN_LIKE + r"\}(?:\{\d+\})?")
_END_ALIGN = re.compile(r"\\end\{" + _ALIGN_LIKE + r"\}")
_BEGIN_GATHER = re.compile(r"\\begin\{" + _GATHER_LIKE + r"\}")
_END_GATHER = re.compile(r"\\end\{" + _GATHER_LIKE + r"\}")
_EQUATION = re.compile(r"\\(?:begin|end)\{equation\*?\}")
# Numbers and labels are Sphinx's business, not the formula's.
_NUMBERING = re.compile(r"\\label\{[^}]*\}|\\nonumber\b|\\notag\b|\\tag\*?\{[^}]*\}")
# What latex2mathml emits for input it did not understand.
_NOT_UNDERSTOOD = re.compile(r"<mi>(\\[A-Za-z]+|&amp;|&)</mi>")


def _rewrite(latex: str) -> str:
    latex = _NUMBERING.sub("", latex)
    latex = _EQUATION.sub("", latex)
    latex = _BEGIN_ALIGN.sub(r"\\begin{align*}", latex)
    latex = _END_ALIGN.sub(r"\\end{align*}", latex)
    latex = _BEGIN_GATHER.sub(r"\\begin{array}{c}", latex)
    latex = _END_GATHER.sub(r"\\end{array}", latex)
    latex = latex.strip()
    # A display formula broken over lines with \\ but in no environment: align
    # its lines on `&` like MathJax does for Sphinx (which wraps it in split).
    if r"\\" in latex and not latex.startswith(r"\begin"):
        latex = r"\begin{split}" + latex + r"\end{split}"
    return latex


@lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: str = "inline") -> str:
    """One formula as a ``<math>`` element.

    Parameters
    ----------
    latex : str
        The formula, without dollars; for ``display="block"`` it may use
        ``\\\\`` line breaks and ``aligned``, ``align``, ``split``, ``gathered``
        and similar environments.
    display : {"inline", "block"}
        How the browser lays the formula out.

    Returns
    -------
    str
        The ``<math>`` element, as HTML.

    Raises
    ------
    ValueError
        When latex2mathml cannot convert the formula, or leaves a command or an
        ``&`` it did not understand in the output.
    """
    try:
        mathml = convert(_rewrite(latex), display=display)
    except Exception as err:  # latex2mathml raises many kinds of error
        msg = f"latex2mathml cannot convert {latex!r}: {type(err).__name__}: {err}"
        raise ValueError(msg) from err
    # The XML namespace is implied in HTML: drop it to save bytes.
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    if bad := _NOT_UNDERSTOOD.search(mathml):
        msg = (
            f"latex2mathml does not understand {bad.group(1)!r} "
            f"in {latex!r}: write it another way"
        )
        raise ValueError(msg)
    return mathml


def _render(self: HTML5Translator, node: nodes.Element, display: str) -> str:
    try:
        return latex_to_mathml(node.astext(), display)
    except ValueError as err:
        logger.warning("%s", err, location=node, type="math", subtype="mathml")
        return f"<code>{self.encode(node.astext())}</code>"


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(_render(self, node, "inline"))
    raise nodes.SkipNode


def visit_displaymath(self: HTML5Translator, node: nodes.math_block) -> None:
    # furo wraps each display formula in a scrolling container that copies the
    # formula's ids: keep them there only, so that each id is on one element.
    parent_ids = set(node.parent.get("ids", [])) if node.parent is not None else set()
    ids = "".join(
        f'<span id="{self.attval(i)}"></span>'
        for i in node["ids"]
        if i not in parent_ids
    )
    classes = " ".join(["math-display", *node["classes"]])
    # A formula wider than a phone scrolls sideways: tabindex lets a keyboard.
    self.body.append(f'<div class="{self.attval(classes)}" tabindex="0">{ids}')
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Blank lines separate formulas in one directive: stack them.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    for part in parts:
        try:
            self.body.append(latex_to_mathml(part, "block"))
        except ValueError as err:
            logger.warning("%s", err, location=node, type="math", subtype="mathml")
            self.body.append(f"<pre>{self.encode(part)}</pre>")
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
