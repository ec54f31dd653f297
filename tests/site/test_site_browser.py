"""Every page of the built site, opened in Chromium.

For each page (discovered from the build): no console errors, no failed
requests, no request to any host but the local server; MathJax has typeset
the math; every image in the article loads and has alt text. On the pages
with widgets, moving a slider changes the displayed frame with no kernel.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS

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
    sliderLabels: [...document.querySelectorAll('.widget-slider')].map(
        s => (s.querySelector('.widget-label') || {}).textContent || ''),
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
    return visited(browser, server, page)


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


def visited(browser: Any, server: str, page: str) -> Visit:
    """``page`` loaded once per session (shared with the :func:`visit` fixture)."""
    if page not in _VISITS:
        context, _tab, v = open_page(browser, server, page)
        context.close()
        _VISITS[page] = v
    return _VISITS[page]


#: The book's sliders and the pages they must reach (label of the rendered slider):
#: the sigmoid's 0.25^n depth decay, and the learning rate that kills ReLU units.
PINNED_SLIDERS = {
    "book/sigmoid.html": ["depth n"],
    "book/training_failures.html": ["depth n", "learning rate"],
}


@pytest.mark.parametrize("pinned", sorted(PINNED_SLIDERS))
def test_the_book_s_sliders_are_on_their_pages(browser: Any, server: str, site_dir: Any,
                                               pinned: str) -> None:
    """Deleting the depth slider or the dead-ReLU learning-rate slider fails here; that
    they move is checked on every page with a slider, below."""
    labels = [" ".join(label.split()) for label in visited(browser, server, pinned)
              .state["sliderLabels"]]
    for wanted in PINNED_SLIDERS[pinned]:
        assert wanted in labels, f"{pinned}: no rendered slider labelled {wanted!r} ({labels})"


class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and records ``(status, path)`` of every request it answers."""

    log: list[tuple[int, str]] = []

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        self.log.append((int(code), self.path))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def test_a_fresh_browser_opening_the_site_logs_no_404(site_dir: Any, browser: Any) -> None:
    """A new browser (no cached icon) opens the site's address: every request the
    server sees, the favicon's included (the page's scripts never see that one),
    succeeds, and the console shows no error."""
    log: list[tuple[int, str]] = []
    handler = functools.partial(type("Handler", (_LoggingHandler,), {"log": log}),
                                directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    errors: list[str] = []
    # A second browser process (not a context of the session's): nothing cached.
    fresh = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                        headless=True)
    try:
        tab = fresh.new_page()
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/", wait_until="load",
                 timeout=LOAD_TIMEOUT_MS)
        tab.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
        tab.wait_for_timeout(1000)  # the icon is fetched after the page settles
    finally:
        fresh.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert [f"{code} {path}" for code, path in log if code >= 400] == []
    assert errors == []
    assert any("favicon" in path for code, path in log if code == 200), \
        f"the browser fetched no icon: {log}"


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
