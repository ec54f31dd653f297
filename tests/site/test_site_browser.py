"""Every page of the built site, opened in Chromium.

For each page (discovered from the build): no console errors, no failed
requests, no request to any host but the local server; MathJax has typeset
the math; every image in the article loads and has alt text. On the pages
with widgets, moving a slider changes the displayed frame with no kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]

#: TeX that must not be left as text once MathJax has run (outside code).
RAW_TEX = re.compile(
    r"\$\$|\\[(\[]|\\(?:frac|sigma|alpha|beta|lambda|tanh|sqrt|left|right|cdot|displaystyle"
    r"|begin|end|mathrm|operatorname|partial|sum|prod|exp|log|infty|mathbb|text)\b"
)
LOAD_TIMEOUT_MS = 30_000

# Runs in the page: waits for the widget manager to render every embedded
# widget view, then for MathJax to finish typesetting.
SETTLE_JS = """
async () => {
  const deadline = Date.now() + 20000;
  const views = () => document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]');
  const rendered = () => [...views()].every(s => {
      const prev = s.previousElementSibling;
      return prev && prev.classList.contains('widget-subarea') && prev.childElementCount > 0;
  });
  while (views().length && !rendered() && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  return {views: views().length, rendered: rendered()};
}
"""

# Runs in the page: what the reader sees in the article.
INSPECT_JS = """
() => {
  const article = document.querySelector('article') || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml, '
                         + '.highlight, .cell_input, textarea').forEach(e => e.remove());
  const imgs = [...article.querySelectorAll('img')].map(img => ({
      src: (img.currentSrc || img.src || '').slice(0, 80),
      alt: (img.getAttribute('alt') || '').trim(),
      complete: img.complete,
      width: img.naturalWidth,
      visible: !!(img.offsetWidth || img.offsetHeight || img.getClientRects().length),
  }));
  return {
    text: clone.innerText,
    mathSource: document.querySelectorAll('.math, .output_latex, .text_latex').length,
    mjx: document.querySelectorAll('mjx-container').length,
    merror: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent).slice(0, 5),
    imgs: imgs,
    sliders: document.querySelectorAll('.widget-slider, input[type=range]').length,
  };
}
"""


@dataclass
class Visit:
    """What happened while one page loaded."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    settle: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)


def open_page(browser: Any, base: str, page: str) -> tuple[Any, Any, Visit]:
    """Open ``page`` in a fresh context; record errors and requests while it loads."""
    context = browser.new_context()
    tab = context.new_page()
    visit = Visit(url=base + page)
    local = urlsplit(base).netloc

    def route(r: Any) -> None:
        parts = urlsplit(r.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == local:
            r.continue_()
        else:
            visit.foreign.append(r.request.url)
            r.abort()

    def on_response(resp: Any) -> None:
        if resp.status >= 400:
            visit.failed.append(f"{resp.status} {resp.url}")

    context.route("**/*", route)
    tab.on("console", lambda m: m.type == "error" and visit.console_errors.append(
        f"{m.text} @ {m.location.get('url', '')}"))
    tab.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    tab.on("requestfailed", lambda r: visit.failed.append(f"{r.failure} {r.url}"))
    tab.on("response", on_response)
    tab.goto(visit.url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    tab.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    visit.settle = tab.evaluate(SETTLE_JS)
    tab.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    visit.state = tab.evaluate(INSPECT_JS)
    return context, tab, visit


_VISITS: dict[str, Visit] = {}


@pytest.fixture
def visit(browser: Any, server: str, page: str) -> Visit:
    """The page loaded once per session; each test checks one aspect of it."""
    if page not in _VISITS:
        context, _tab, v = open_page(browser, server, page)
        context.close()
        _VISITS[page] = v
    return _VISITS[page]


def test_no_console_errors(visit: Visit) -> None:
    assert visit.console_errors == []


def test_no_failed_requests(visit: Visit) -> None:
    assert visit.failed == []


def test_no_request_leaves_the_site(visit: Visit) -> None:
    assert visit.foreign == []


def test_widgets_render(visit: Visit) -> None:
    assert visit.settle.get("rendered", True) or not visit.settle.get("views"), \
        f"{visit.settle['views']} widget views embedded but not all rendered"


def test_math_is_typeset(visit: Visit) -> None:
    state = visit.state
    leftover = sorted(set(RAW_TEX.findall(state["text"])))
    assert leftover == [], f"raw TeX left in the visible text: {leftover}"
    assert state["merror"] == [], "MathJax reported TeX errors"
    if state["mathSource"]:
        assert state["mjx"] > 0, "the page has math but MathJax typeset none of it"


def test_images_load_and_have_alt_text(visit: Visit) -> None:
    # Hidden frames of a widget stack are checked when the slider shows them.
    shown = [img for img in visit.state["imgs"] if img["visible"]]
    broken = [img["src"] for img in shown if not (img["complete"] and img["width"] > 0)]
    no_alt = [img["src"] for img in visit.state["imgs"] if not img["alt"]]
    assert broken == [], "images that did not load"
    assert no_alt == [], "images without alt text"


def test_some_page_has_a_slider(browser: Any, server: str, all_pages: list[str]) -> None:
    """The book's widgets (depth decay, dead ReLU) must reach the website."""
    with_sliders = []
    for page in all_pages:
        if page not in _VISITS:
            context, _tab, v = open_page(browser, server, page)
            context.close()
            _VISITS[page] = v
        if _VISITS[page].state["sliders"]:
            with_sliders.append(page)
    assert with_sliders, "no page of the site has a widget slider"


# Runs in the page: the images currently shown in the widget area around each slider.
FRAMES_JS = """
() => [...document.querySelectorAll('.widget-slider, input[type=range]')].map(s => {
  const area = s.closest('.cell_output, .output, .widget-subarea') || document.body;
  return [...area.querySelectorAll('img')]
      .filter(i => i.offsetWidth || i.offsetHeight)
      .map(i => [i.src.slice(-60), i.alt, i.naturalWidth]);
})
"""


@pytest.mark.slider_pages
def test_slider_changes_the_frame_without_a_kernel(browser: Any, server: str, page: str,
                                                   visit: Visit) -> None:
    """Run on every page whose widget state declares a slider: it must render and move."""
    assert visit.state["sliders"], "the page embeds a slider that did not render"
    context, tab, _ = open_page(browser, server, page)
    try:
        handles = tab.locator(".widget-slider .noUi-handle, input[type=range]")
        assert handles.count() == visit.state["sliders"]
        for i in range(handles.count()):
            before = tab.evaluate(FRAMES_JS)[i]
            assert before, f"slider {i}: no frame shown before moving it"
            handle = handles.nth(i)
            handle.scroll_into_view_if_needed()
            handle.focus()
            after = before
            # Move right; a slider that starts at its maximum is moved left instead.
            for key in ("ArrowRight", "ArrowLeft"):
                for _ in range(2):
                    handle.press(key)
                tab.wait_for_timeout(300)
                after = tab.evaluate(FRAMES_JS)[i]
                if after != before:
                    break
            assert after, f"slider {i}: no frame shown after moving it"
            assert all(alt and width > 0 for _src, alt, width in after), \
                f"slider {i}: a shown frame has no alt text or did not load"
            assert after != before, f"slider {i}: moving it did not change the displayed frame"
    finally:
        context.close()
