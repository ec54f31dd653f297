"""Accessibility of the built site: axe-core on every page, legible slider frames, search.

* axe-core (npm, pinned in package-lock.json; injected from node_modules, never
  from a CDN) runs on every page with the WCAG 2.0, 2.1 and 2.2 A and AA rules:
  no violation.
* Slider frames: text at least 9 px tall at the size the page shows them
  (1,280 px wide window), and the frames of a page weigh under 2 MB.
* The glossary: the site's search finds a Chinese term.
"""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

import PIL.Image
import pytest
from conftest import NOT_BUILT, REPO, SITE_DIR, fail_or_skip

from helpers import frames

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core tags its rules by version and level).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Frames of one page, as PNG bytes (base64 in the page is a third more).
MAX_FRAME_BYTES_PER_PAGE = 2_000_000
#: Cap height of DejaVu Sans (matplotlib's default font) as a fraction of the font size.
CAP_HEIGHT = 0.729
FRAME = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def _open(browser: Any, url: str, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url, wait_until="load")
    return page


def _settle(page: Any) -> None:
    """Wait for MathJax and the widgets (if any) to finish rendering."""
    page.wait_for_function(
        "() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise"
        " || MathJax.startup.promise.then(() => true)", timeout=20_000)
    # The theme gives every scrollable code block a tab stop from a script once the page
    # has loaded; checking before that would report a race, not the page.
    page.wait_for_function(
        "() => document.readyState === 'complete' && [...document.querySelectorAll("
        "'pre, .highlight, .output')].filter(e => e.scrollWidth > e.clientWidth)"
        ".every(e => e.hasAttribute('tabindex') || e.closest('[tabindex]'))", timeout=20_000)
    if page.locator("script[type='application/vnd.jupyter.widget-state+json']").count():
        page.wait_for_selector(".widget-slider [role='slider']", timeout=20_000)
        page.wait_for_timeout(200)


def test_axe_core_is_pinned_and_installed():
    pins = json.loads((REPO / "package.json").read_text())
    version = {**pins.get("dependencies", {}), **pins.get("devDependencies", {})}["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "pin axe-core to an exact version"
    if not AXE.is_file():
        fail_or_skip(f"{AXE} missing: run `npm ci` (scripts/setup.sh does)")


def test_no_wcag_a_or_aa_violation(browser, server, page):
    if page == NOT_BUILT:
        fail_or_skip("The built site is missing: build it first (scripts/build.sh)")
    if not AXE.is_file():
        fail_or_skip(f"{AXE} missing: run `npm ci`")
    tab = _open(browser, server + page)
    try:
        _settle(tab)
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => ({id: v.id, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))",
            WCAG_TAGS)
    finally:
        tab.close()
    report = [f"{v['id']} ({v['help']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][:2]}"
              for v in result]
    assert not result, f"{page}: " + "\n".join(report)


@pytest.mark.slider_pages
def test_slider_frames_are_legible_and_light(browser, server, page):
    if page == NOT_BUILT:
        fail_or_skip("The built site is missing: build it first (scripts/build.sh)")
    text = (SITE_DIR / page).read_text(encoding="utf-8")
    pngs = [base64.b64decode(m) for m in FRAME.findall(text)]
    total = sum(map(len, pngs))
    print(f"\n{page}: {len(pngs)} frames, {total / 1e6:.2f} MB")
    assert 0 < total < MAX_FRAME_BYTES_PER_PAGE
    tab = _open(browser, server + page)
    try:
        _settle(tab)
        shown = tab.evaluate("""() => [...document.querySelectorAll('.widget-html img')]
            .filter(img => img.offsetParent !== null && img.src.startsWith('data:image/png'))
            .map(img => ({shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                          styled: parseFloat(img.style.width)}))""")
        names = tab.evaluate("""() => [...document.querySelectorAll(
            '.widget-slider [role="slider"]')].map(h => h.getAttribute('aria-label') || '')""")
    finally:
        tab.close()
    assert shown, f"{page}: no slider frame visible"
    for img in shown:
        scale = img["shown"] / img["natural"]  # CSS px per PNG px
        # The frame is styled at its figure width (96 CSS px per inch): that gives the
        # dpi it was rendered at, whatever the page chose.
        dpi = img["natural"] / (img["styled"] / frames.CSS_PX_PER_INCH)
        cap = frames.MIN_FONT_PT / 72 * dpi * scale * CAP_HEIGHT
        assert cap >= 9.0, f"{page}: smallest text {cap:.1f} px tall as shown ({img})"
    assert names and all(names), f"{page}: a slider handle has no accessible name"
    for png in pngs[:3]:
        assert PIL.Image.open(io.BytesIO(png)).mode == "P"


def test_search_finds_a_chinese_term(browser, server):
    tab = _open(browser, server + "search.html?q=%E6%A2%AF%E5%BA%A6%E6%B6%88%E5%A4%B1")  # 梯度消失
    try:
        tab.wait_for_selector("#search-results li, #search-results p", timeout=20_000)
        tab.wait_for_function(
            "() => document.querySelectorAll('#search-results li').length > 0"
            " || /no documents|did not match/i.test(document.body.innerText)", timeout=20_000)
        hits = tab.evaluate("() => [...document.querySelectorAll('#search-results li a')]"
                            ".map(a => a.getAttribute('href'))")
    finally:
        tab.close()
    assert any("glossary" in (h or "") for h in hits), hits
