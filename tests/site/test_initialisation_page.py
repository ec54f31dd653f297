"""The initialisation page in Chromium: its grid widget moves with no kernel.

The widget has three controls (activation and initialisation as toggle
buttons, the layer as a slider) over nested stacks of pre-rendered frames;
clicking a button or moving the slider must change the picture shown.
"""

from __future__ import annotations

from typing import Any

import pytest
from widget_pages import checked_tab, shown

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "book/initialisation.html"


@pytest.fixture(scope="module")
def tab(browser: Any, server: str, site_dir: Any) -> Any:
    with checked_tab(browser, server, site_dir, PAGE) as opened:
        yield opened


def test_toggle_buttons_have_accessible_names_and_switch_frames(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    assert groups.count() == 2
    labels = [groups.nth(i).locator(".widget-label").inner_text() for i in range(2)]
    assert labels == ["activation", "init"]
    first = shown(tab)
    assert first["alt"].startswith("sigmoid with std 0.01 initialisation")
    groups.nth(0).get_by_role("button", name="relu", exact=True).click()
    tab.wait_for_timeout(300)
    after_activation = shown(tab)
    assert after_activation["alt"].startswith("relu with std 0.01 initialisation")
    groups.nth(1).get_by_role("button", name="He", exact=True).click()
    tab.wait_for_timeout(300)
    assert shown(tab)["alt"].startswith("relu with He initialisation")


def test_layer_slider_switches_frames(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    groups.nth(0).get_by_role("button", name="tanh", exact=True).click()
    groups.nth(1).get_by_role("button", name="LeCun", exact=True).click()
    handle = tab.locator(".widget-slider .noUi-handle").last
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")   # back to layer 1, whatever an earlier test did
    tab.wait_for_timeout(300)
    before = shown(tab)
    assert "at layer 1 it is" in before["alt"]
    for _ in range(3):
        handle.press("ArrowRight")
    tab.wait_for_timeout(300)
    after = shown(tab)
    assert after != before
    assert after["alt"].startswith("tanh with LeCun initialisation")
    assert "at layer 30 it is" in after["alt"]
