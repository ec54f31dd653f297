"""The initialisation page in Chromium: its grid widget moves with no kernel.

The widget has three controls (activation and initialisation as toggle
buttons, the layer as a slider) over nested stacks of pre-rendered frames;
clicking a button or moving the slider must change the picture shown.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_site_browser import open_page

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "book/initialisation.html"

# Runs in the page: the visible frames of the widget with the toggle buttons.
SHOWN_JS = """
() => {
  const buttons = document.querySelector('.widget-toggle-buttons');
  const box = buttons.closest('.widget-vbox');
  return [...box.querySelectorAll('img')]
      .filter(i => i.offsetWidth || i.offsetHeight)
      .map(i => ({alt: i.alt, width: i.naturalWidth}));
}
"""


def _shown(tab: Any) -> list[dict[str, Any]]:
    shown = tab.evaluate(SHOWN_JS)
    assert len(shown) == 1, f"expected exactly one visible frame, got {shown}"
    assert shown[0]["width"] > 0 and shown[0]["alt"]
    return shown


@pytest.fixture
def tab(browser: Any, server: str, site_dir: Any) -> Any:
    if not (site_dir / PAGE).is_file():
        pytest.fail(f"{PAGE} was not built")
    context, tab, visit = open_page(browser, server, PAGE)
    assert visit.console_errors == [] and visit.failed == [] and visit.foreign == []
    try:
        yield tab
    finally:
        context.close()


def test_toggle_buttons_have_accessible_names_and_switch_frames(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    assert groups.count() == 2
    labels = [groups.nth(i).locator(".widget-label").inner_text() for i in range(2)]
    assert labels == ["activation", "init"]
    first = _shown(tab)
    assert first[0]["alt"].startswith("sigmoid with std 0.01 initialisation")
    groups.nth(0).get_by_role("button", name="relu", exact=True).click()
    tab.wait_for_timeout(300)
    after_activation = _shown(tab)
    assert after_activation[0]["alt"].startswith("relu with std 0.01 initialisation")
    groups.nth(1).get_by_role("button", name="He", exact=True).click()
    tab.wait_for_timeout(300)
    assert _shown(tab)[0]["alt"].startswith("relu with He initialisation")


def test_layer_slider_switches_frames(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    groups.nth(0).get_by_role("button", name="tanh", exact=True).click()
    groups.nth(1).get_by_role("button", name="LeCun", exact=True).click()
    tab.wait_for_timeout(300)
    before = _shown(tab)
    assert "at layer 1 it is" in before[0]["alt"]
    handle = tab.locator(".widget-slider .noUi-handle").last
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    tab.wait_for_timeout(300)
    after = _shown(tab)
    assert after != before
    assert after[0]["alt"].startswith("tanh with LeCun initialisation")
    assert "at layer 30 it is" in after[0]["alt"]
