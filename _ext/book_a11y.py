"""Accessibility fixes for the book's website (checked with axe-core in tests/site).

A small Sphinx extension, loaded from ``_config.yml`` (``sphinx.local_extensions``):

* **Bibliography.** docutils writes a citation list as ``<div role="list">``
  holding ``<div role="doc-biblioentry">`` entries; ARIA 1.2 deprecates
  ``doc-biblioentry``, and a list must hold list items. Each entry becomes a
  ``role="listitem"`` of that list (page by page, in the rendered body).
* **Slider handles.** The Jupyter widgets' sliders draw a handle with
  ``role="slider"`` but no accessible name; ``book-a11y.js`` names each handle
  after its slider's description (e.g. "depth n").
* **Contrast.** ``book-a11y.css`` darkens the link colours that fall below the
  WCAG AA contrast ratio of 4.5:1 on the theme's tinted backgrounds.
* **Target size** (WCAG 2.2, 2.5.8). ``book-a11y.css`` makes the general index's
  links at least 24 px tall.
* **Label in name** (WCAG 2.1, 2.5.3: a speech-input user says what a control
  shows). The folds of hidden code show "Show code cell source" but MyST-NB
  names them "Toggle hidden content": the name is dropped, so they are named
  by their visible text (page by page, in the rendered body). The theme's
  search buttons show "Search Ctrl+K" but are named "Search", and its colour
  mode button is named "Color mode" while its icons carry titles;
  ``book-a11y.js`` names the search buttons by their text and hides the
  decorative icons from assistive technology.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "static"


def _static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


#: Replacements in each page's rendered body: ARIA that axe-core finds wrong.
BODY_FIXES = {
    'role="doc-biblioentry"': 'role="listitem"',
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def _fix_body(app: Sphinx, pagename: str, templatename: str,
              context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body")
    if not body:
        return
    for wrong, right in BODY_FIXES.items():
        body = body.replace(wrong, right)
    context["body"] = body


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _static_path)
    app.connect("html-page-context", _fix_body)
    app.add_js_file("book-a11y.js", loading_method="defer")
    app.add_css_file("book-a11y.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
