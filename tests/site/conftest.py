"""Fixtures for the tests of the built website (``_build/html``).

The site is served by a Python HTTP server on 127.0.0.1 (a free port, in a
thread) and driven by the system Chromium (Debian package ``chromium``) through
Playwright. No browser is ever downloaded.

Where things are missing:

* the built site: build it with ``bash scripts/build.sh``. Locally the tests
  skip with that hint; in CI (``CI=true``) they fail.
* Chromium: locally the browser tests skip; with ``CI=true`` or
  ``REQUIRE_BROWSER=1`` they fail.

``BOOK_SITE_DIR`` points the tests at another built site (default
``<repo>/_build/html``); ``CHROMIUM`` at another Chromium binary.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("BOOK_SITE_DIR", REPO / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Folders of the built site that hold assets, not pages.
NON_PAGE_DIRS = {"_static", "_sources", "_images", "vendor", "@jupyter-widgets"}


def strict() -> bool:
    """True in CI (``CI=true``) or with ``REQUIRE_BROWSER=1``: missing pieces fail."""
    return (os.environ.get("CI", "").lower() in {"true", "1"}
            or os.environ.get("REQUIRE_BROWSER", "") == "1")


def fail_or_skip(message: str) -> None:
    """Fail in CI, skip on a laptop."""
    if strict():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def site_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to the site root."""
    if not SITE_DIR.is_dir():
        return []
    pages = []
    for path in sorted(SITE_DIR.rglob("*.html")):
        rel = path.relative_to(SITE_DIR)
        if NON_PAGE_DIRS.isdisjoint(rel.parts[:-1]):
            pages.append(rel.as_posix())
    return pages


#: Stand-in parameter when the site is not built, so that the tests still run
#: and report how to build it (instead of silently collecting nothing).
NOT_BUILT = "<site not built>"


#: A slider model in the widget state a page embeds (the build writes it as JSON).
SLIDER_MODEL = re.compile(r'"_model_name"\s*:\s*"(?:Selection|Int|Float)SliderModel"')


def slider_pages() -> list[str]:
    """Pages whose embedded widget state declares at least one slider."""
    return [page for page in site_pages()
            if SLIDER_MODEL.search((SITE_DIR / page).read_text(encoding="utf-8"))]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page" in metafunc.fixturenames:
        if metafunc.definition.get_closest_marker("slider_pages"):
            pages = slider_pages() if site_pages() else []
            metafunc.parametrize("page", pages or [NOT_BUILT])
        else:
            metafunc.parametrize("page", site_pages() or [NOT_BUILT])


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site; fails in CI / skips locally when it has not been built."""
    if not (SITE_DIR / "index.html").is_file():
        fail_or_skip(
            f"The built site is missing ({SITE_DIR / 'index.html'} not found). "
            "Build it first: `bash scripts/build.sh` "
            "(or `jupyter-book build -W -n --keep-going .` after the setup in README.md)."
        )
    return SITE_DIR


def built_repository(site: Path) -> str | None:
    """``owner/name`` of the repository the site was built for, ``None`` if unknown.

    Read from the configuration ``scripts/book.py`` generated for that build
    (``_build/_config.generated.yml``, beside ``_build/html``).
    """
    generated = site.parent / "_config.generated.yml"
    if not generated.is_file():
        fail_or_skip(f"{generated} is missing: build the site with `python scripts/book.py "
                     "build` (or `bash scripts/build.sh`)")
    url = (yaml.safe_load(generated.read_text(encoding="utf-8")).get("repository") or {}) \
        .get("url") or ""
    return url.removeprefix("https://github.com/") or None


@pytest.fixture(scope="session")
def all_pages(site_dir: Path) -> list[str]:
    """Every page of the built site (relative paths)."""
    return site_pages()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """Base URL of the built site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(site_dir: Path) -> Iterator[Any]:
    """Headless system Chromium (Playwright gives it a fresh temporary profile)."""
    if not Path(CHROMIUM).is_file():
        fail_or_skip(f"Chromium not found at {CHROMIUM}: install the Debian package "
                     "`chromium` (apt-get install chromium) to run the browser tests.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("The Python package `playwright` is missing: "
                     "pip install -r requirements-dev.txt -c constraints.txt")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
