"""Tables on the built site: they fit the text column, and scroll in their own box on a phone.

At 1,280 px (a laptop) no table may be wider than the article's content column.
At 390 px (a phone) a table that is wider than the column must sit in a wrapper
that scrolls sideways (``overflow-x: auto`` or ``scroll``), and the page itself
must not scroll sideways.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import NOT_BUILT, SITE_DIR, site_pages
from test_site_browser import SETTLE_JS

pytestmark = [pytest.mark.browser, pytest.mark.build]

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def table_pages() -> list[str]:
    """Pages of the built site whose article holds at least one table."""
    return [page for page in site_pages()
            if "<table" in (SITE_DIR / page).read_text(encoding="utf-8")
            and "bd-article" in (SITE_DIR / page).read_text(encoding="utf-8")]


# Runs in the page: every table of the article, its width, its wrapper's and the column's.
MEASURE_JS = """
() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('article');
  const column = article.getBoundingClientRect().width
      - parseFloat(getComputedStyle(article).paddingLeft)
      - parseFloat(getComputedStyle(article).paddingRight);
  const tables = [...article.querySelectorAll('table')].map((t, i) => {
    let box = t.parentElement;
    const scrolling = b => ['auto', 'scroll'].includes(getComputedStyle(b).overflowX);
    while (box && box !== article && !scrolling(box)) {
      box = box.parentElement;
    }
    const scrolls = box && box !== article;
    return {index: i, width: t.getBoundingClientRect().width,
            head: (t.querySelector('tr') || t).innerText.slice(0, 60),
            wrapper: scrolls ? box.clientWidth : null,
            overflow: scrolls ? box.scrollWidth - box.clientWidth : 0,
            wrapperRight: scrolls ? box.getBoundingClientRect().right : null};
  });
  return {column, right: article.getBoundingClientRect().right, tables,
          pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth};
}
"""


def measure(browser: Any, server: str, page: str, viewport: dict[str, int]) -> dict[str, Any]:
    context = browser.new_context(viewport=viewport)
    try:
        tab = context.new_page()
        tab.goto(server + page, wait_until="load", timeout=30_000)
        tab.evaluate(SETTLE_JS)
        return tab.evaluate(MEASURE_JS)
    finally:
        context.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "table_page" in metafunc.fixturenames:
        metafunc.parametrize("table_page", table_pages() or [NOT_BUILT])


@pytest.fixture
def built(site_dir: Any, table_page: str) -> str:
    if table_page == NOT_BUILT:
        pytest.fail("the built site has no page with a table")
    return table_page


def test_some_pages_have_tables(site_dir: Any) -> None:
    pages = table_pages()
    assert "book/properties.html" in pages and "book/claims.html" in pages


def test_tables_fit_the_text_column_at_1280px(browser: Any, server: str, built: str) -> None:
    m = measure(browser, server, built, LAPTOP)
    assert m["tables"], f"{built}: no table measured"
    too_wide = [(t["head"], round(t["width"]), round(m["column"])) for t in m["tables"]
                if t["width"] > m["column"] + 1]
    assert too_wide == [], f"{built}: tables wider than the column: {too_wide}"
    hidden = [(t["head"], t["overflow"]) for t in m["tables"] if t["overflow"] > 1]
    assert hidden == [], f"{built}: tables that need a scroll bar on a laptop: {hidden}"


def test_wide_tables_scroll_in_their_box_on_a_phone(browser: Any, server: str,
                                                     built: str) -> None:
    m = measure(browser, server, built, PHONE)
    assert m["pageWidth"] <= m["viewport"], (
        f"{built}: the page scrolls sideways ({m['pageWidth']} px > {m['viewport']} px)")
    for t in m["tables"]:
        if t["width"] > m["column"] + 1:
            assert t["wrapper"] is not None, f"{built}: wide table {t['head']!r} has no " \
                "scrolling wrapper"
            assert t["wrapper"] <= m["column"] + 1
            assert t["wrapperRight"] <= m["viewport"] + 1
