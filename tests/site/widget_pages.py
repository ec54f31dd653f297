"""Shared pieces of the tests of pages with a grid widget (toggle buttons over frames)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_site_browser import open_page

# Runs in the page: the visible frames of the widget with the toggle buttons.
SHOWN_JS = """
() => {
  const buttons = document.querySelector('.widget-toggle-buttons');
  const box = buttons.closest('.widget-vbox');
  return [...box.querySelectorAll('img')]
      .filter(i => i.offsetWidth || i.offsetHeight)
      .map(i => ({src: i.src, alt: i.alt, width: i.naturalWidth}));
}
"""


def shown(tab: Any) -> dict[str, Any]:
    """The one frame the widget shows now (``src``, ``alt``, natural ``width``)."""
    frames = tab.evaluate(SHOWN_JS)
    assert len(frames) == 1, f"expected exactly one visible frame, got {len(frames)}"
    assert frames[0]["width"] > 0 and frames[0]["alt"]
    return frames[0]


@contextlib.contextmanager
def checked_tab(browser: Any, server: str, site_dir: Path, page: str) -> Iterator[Any]:
    """A tab on ``page`` that loaded with no console error, failed or foreign request."""
    if not (site_dir / page).is_file():
        pytest.fail(f"{page} was not built")
    context, tab, visit = open_page(browser, server, page)
    assert visit.console_errors == [] and visit.failed == [] and visit.foreign == []
    try:
        yield tab
    finally:
        context.close()
