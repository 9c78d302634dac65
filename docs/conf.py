"""Sphinx configuration of the gdbook book: one place for the build's settings.

Build it with ``nox -s docs`` (strict: ``-W`` and nitpicky references are set
there). The project's own extensions live in ``docs/_ext`` and are described in
``docs/design.md``.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version as _version
from pathlib import Path
from urllib.parse import urlparse

import gdbook

DOCS = Path(__file__).resolve().parent
# The project's extensions, and the dotted names sphinx-gallery imports from them.
sys.path.insert(0, str(DOCS / "_ext"))

# -- Project -----------------------------------------------------------------
project = "gdbook"
author = "The gdbook developers"
copyright = f"2026, {author}"
release = _version("gdbook")
version = release

# -- General -----------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "book_cache",  # keys the gallery and notebook caches on gdbook's source
    "book_math",  # math as MathML at build time: no JavaScript, no CDN
    "book_figures",  # light/dark gallery figures, {gallery-figure} in chapters
    "book_numbers",  # the numbers examples compute, {num} in chapters
    "book_notebook",  # each chapter with code cells as a downloadable notebook
    "book_pages",  # edit links of generated pages
    "book_a11y",  # toctree captions with the heading level they need
    "sphinxext.opengraph",  # page descriptions (og: and <meta name="description">)
    "notfound.extension",  # the 404 page, whose links work at any depth
    "sphinxcontrib.bibtex",  # citations and the references page, from references.bib
    "sphinx_design",  # dropdowns: exercise solutions stay hidden until opened
    "book_repro",  # one date inside the download zips; a .buildinfo free of paths
    "book_explorer",  # {explorer} sliders and {step-animation} figures
]
templates_path = ["_templates"]
root_doc = "index"
exclude_patterns = [
    "_build",
    # sphinx-gallery writes a notebook beside each example's page; myst-nb would
    # read it as a second source of the same page (and run it again). `**`
    # matches at any depth, the gallery's top folder included.
    "auto_examples/**.ipynb",
]
numfig = True
math_numfig = True

# -- MyST and myst-nb --------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_update_mathjax = False  # no MathJax here: math is MathML (book_math)
# Code cells run at build time; their outputs are cached in docs/_build, keyed
# on the cells' code and (by book_cache) on gdbook's source.
nb_execution_mode = "cache"
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True

# -- References ----------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- sphinx-gallery ----------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # Every example runs: each draws a figure and asserts the claim it makes.
    "filename_pattern": re.escape(os.sep) + "plot_",
    # All examples run, then the build fails with a summary naming each
    # failing example and its traceback (the claim is the assertion message).
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    # Figures in light and dark, and the numbers the chapters quote.
    "image_scrapers": (
        "book_figures.light_dark_scraper",
        "book_numbers.numbers_scraper",
    ),
    "doc_module": ("gdbook",),
    "backreferences_dir": "gen_modules/backreferences",
    # The gallery in the book's order: by the chapter that first shows a figure.
    "within_subsection_order": "book_figures.ChapterOrder",
    # The figure is the output; the repr of a script's last expression
    # ("<Figure size ...>") is noise. What a script prints is still shown.
    "capture_repr": (),
    "download_all_examples": False,
    "remove_config_comments": True,
    # Build-to-build noise: a timings page that changes on every run.
    "write_computation_times": False,
    # Nor a "Total running time" line on every example: only a slow one says.
    "min_reported_time": 60,
    "show_memory": False,
    # Only the gallery's own style: no Binder badges or dataframes here.
    "css": ("sg_gallery",),
}

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autosummary_ignore_module_all = False  # a module's public names are its __all__
autosummary_context = {
    # Names gdbook re-exports are documented once, under gdbook (see the
    # autosummary/module.rst template).
    "gdbook_toplevel": sorted(
        name for name in gdbook.__all__ if not name.startswith("_")
    ),
}
autodoc_typehints = "none"  # numpydoc docstrings carry the types, in words
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
nitpicky = True
# The build is offline, so intersphinx cannot link numpy's and matplotlib's
# names: docstrings may still name their types (ndarray, Axes, ...) in
# references, which stay unlinked instead of failing the nitpicky build.
nitpick_ignore_regex = [(r"py:.*", r"(numpy|matplotlib|mpl_toolkits)(\..*)?")]

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
html_title = "Learning-rate dynamics"
html_math_renderer = "mathml"
html_static_path = ["_static"]
html_css_files = ["gdbook.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# No general index or module index: the theme links neither, and the API
# reference lists every module and name already.
html_use_index = False
html_domain_indices = False
# The site's address, when it is known: canonical links and Open Graph URLs.
# Read the Docs and the Pages workflow give theirs; a local build has none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get(
    "GDBOOK_BASEURL", ""
)
# The 404 page is served for a missing URL at any depth: its links start from
# the site's root, the path of html_baseurl ("/" when the book is served at
# the root, e.g. by `python -m http.server` in the build folder).
notfound_urls_prefix = urlparse(html_baseurl).path or "/"
ogp_site_url = html_baseurl
ogp_site_name = "Learning-rate dynamics"
ogp_social_cards = {"enable": False}  # no generated images
html_theme_options = {
    "source_repository": "https://github.com/gdbook/gdbook/",
    "source_branch": "main",
    "source_directory": "docs/",
    "top_of_page_buttons": ["edit"],
    "navigation_with_keys": True,
}
