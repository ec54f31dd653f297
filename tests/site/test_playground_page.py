"""The Playground page in Chromium: every control of its widget moves the picture.

The widget has three controls over nested stacks of pre-rendered frames: the
data set and the activation as toggle buttons, the epoch as a slider. Each
button click and each slider step must change the image shown (its ``src``),
with no kernel; and the page's frames together stay under 3 MB.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from widget_pages import checked_tab, shown

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "book/playground.html"
DATASETS = ["spiral", "xor", "circles", "gaussians"]
ACTIVATIONS = ["identity", "sigmoid", "tanh", "ReLU", "ELU", "SiLU"]

@pytest.fixture
def tab(browser: Any, server: str, site_dir: Any) -> Any:
    with checked_tab(browser, server, site_dir, PAGE) as opened:
        yield opened


def test_the_page_frames_stay_under_three_megabytes(site_dir: Any) -> None:
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    frames = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    assert len(frames) >= len(DATASETS) * len(ACTIVATIONS) * 5
    assert sum(len(base64.b64decode(f)) for f in frames) < 3_000_000


def test_every_toggle_button_changes_the_picture(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    assert groups.count() == 2
    labels = [groups.nth(i).locator(".widget-label").inner_text() for i in range(2)]
    assert labels == ["data", "activation"]
    for group, names in ((0, DATASETS), (1, ACTIVATIONS)):
        seen = {shown(tab)["src"]}
        # start from the last button so that clicking the first one changes the picture too
        for name in [*names[1:], names[0]]:
            before = shown(tab)["src"]
            groups.nth(group).get_by_role("button", name=name, exact=True).click()
            tab.wait_for_timeout(200)
            after = shown(tab)
            assert after["src"] != before, f"clicking {name!r} left the picture unchanged"
            seen.add(after["src"])
        assert len(seen) == len(names)
    assert shown(tab)["alt"].startswith("spiral data, identity network after 0 epochs")


def test_the_epoch_slider_changes_the_picture_at_every_step(tab: Any) -> None:
    groups = tab.locator(".widget-toggle-buttons")
    groups.nth(1).get_by_role("button", name="ReLU", exact=True).click()
    tab.wait_for_timeout(200)
    handle = tab.locator(".widget-slider .noUi-handle").last
    handle.scroll_into_view_if_needed()
    handle.focus()
    seen = [shown(tab)]
    for _ in range(4):
        handle.press("ArrowRight")
        tab.wait_for_timeout(200)
        seen.append(shown(tab))
    assert len({s["src"] for s in seen}) == 5
    assert [s["alt"].split(" epochs")[0].rsplit(" ", 1)[1] for s in seen] == \
        ["0", "10", "30", "100", "300"]
    assert all(s["alt"].startswith("spiral data, ReLU network") for s in seen)
