"""How long do the built site's heaviest pages take to load in Chromium? (Target: 2 s or less.)

Run:  python bench/page_load.py [--site _build/html] [--pages 3] [--repeat 5]

Serves the built site from 127.0.0.1 (a Python HTTP server in a thread, as the
site tests do), finds the ``--pages`` heaviest pages (the HTML plus every image,
script and stylesheet it references from the site, in bytes), and opens each
``--repeat`` times in Debian's Chromium through Playwright, each time in a fresh
browser context (an empty cache, as a first visit). It prints, per page, the
median time to the ``load`` event (every image, script and stylesheet in), the
median time until MathJax has typeset the page's math, and the page's weight;
then whether the slowest median meets the target.

Needs the built site (``python scripts/book.py build``) and ``/usr/bin/chromium``
(or ``CHROMIUM=...``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_S = 2.0
ASSET = re.compile(r'(?:src|href)="([^"#?]+)[^"]*"')
ASSET_SUFFIXES = {".png", ".svg", ".jpg", ".js", ".css", ".woff2", ".woff"}
#: True once MathJax (if the page loads it) has typeset everything.
TYPESET = ("() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise"
           " ? true : MathJax.startup.promise.then(() => true)")


def weight(site: Path, page: Path) -> int:
    """Bytes of ``page`` and of the site files it references (each counted once)."""
    base = "/" + page.relative_to(site).as_posix()
    files = {page}
    for ref in ASSET.findall(page.read_text(encoding="utf-8", errors="replace")):
        if urlparse(ref).scheme:
            continue
        target = site / unquote(urljoin(base, ref)).lstrip("/")
        if target.suffix in ASSET_SUFFIXES and target.is_file():
            files.add(target)
    return sum(f.stat().st_size for f in files)


def pages_by_weight(site: Path) -> list[tuple[int, str]]:
    pages = [p for p in site.rglob("*.html")
             if not {"_static", "_sources", "_images"} & set(p.relative_to(site).parts)]
    return sorted(((weight(site, p), p.relative_to(site).as_posix()) for p in pages),
                  reverse=True)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def time_page(browser, url: str) -> tuple[float, float]:
    """Seconds to the load event, and until the math is typeset, in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    loaded = time.perf_counter() - start
    page.evaluate(TYPESET)
    typeset = time.perf_counter() - start
    context.close()
    return loaded, typeset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site at {args.site}: run python scripts/book.py build")
    heaviest = pages_by_weight(args.site)[:args.pages]
    server, root = serve(args.site)
    slowest = 0.0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            time_page(browser, root + heaviest[0][1])              # warm-up (server, disk)
            print(f"{'page':<28} {'weight':>9} {'load (median)':>14} {'typeset (median)':>17}")
            for size, rel in heaviest:
                runs = [time_page(browser, root + rel) for _ in range(args.repeat)]
                load = statistics.median(r[0] for r in runs)
                typeset = statistics.median(r[1] for r in runs)
                slowest = max(slowest, load)
                print(f"{rel:<28} {size / 1e6:7.2f} MB {load:12.2f} s {typeset:15.2f} s")
            browser.close()
    finally:
        server.shutdown()
    verdict = "met" if slowest <= TARGET_S else "NOT met"
    print(f"slowest median load: {slowest:.2f} s (target <= {TARGET_S:.0f} s: {verdict}; "
          f"{args.repeat} loads each, fresh browser context, localhost)")


if __name__ == "__main__":
    main()
