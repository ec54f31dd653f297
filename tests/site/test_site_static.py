"""Static checks of the built site (no browser): it loads nothing from other hosts.

Scripts, stylesheets, images, fonts and frames must come from the site itself
(MathJax, RequireJS and the widget manager are served from ``vendor/``).
Links (``<a href>``) to other sites are fine: the reader chooses to follow them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import built_repository

#: Attributes through which a page loads a resource, per tag.
RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
                        re.IGNORECASE)


class ResourceCollector(HTMLParser):
    """Collects (tag, attribute, value) for every resource reference in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in RESOURCE_ATTRS.get(tag, ()):
                self.refs.append((tag, name, value))
            if name == "style":
                self.inline_css.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def remote_refs(html: str) -> list[str]:
    """Resource references in ``html`` that point at another host."""
    parser = ResourceCollector()
    parser.feed(html)
    bad = []
    for tag, attr, value in parser.refs:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset" \
            else [value]
        bad += [f"<{tag} {attr}={url!r}>" for url in urls if REMOTE.match(url)]
    for css in parser.inline_css:
        bad += [f"inline CSS url {url!r}" for url in CSS_REMOTE.findall(css)]
    return bad


def test_remote_refs_detects_what_it_should() -> None:
    html = ('<script src="https://cdn.example.org/x.js"></script>'
            '<link rel="stylesheet" href="//fonts.example.org/a.css">'
            '<img src="http://example.org/a.png" alt="a">'
            '<a href="https://example.org/paper">a paper</a>'
            '<script src="../vendor/requirejs/require.js"></script>'
            '<div style="background: url(https://example.org/b.png)"></div>')
    assert remote_refs(html) == [
        "<script src='https://cdn.example.org/x.js'>",
        "<link href='//fonts.example.org/a.css'>",
        "<img src='http://example.org/a.png'>",
        "inline CSS url 'https://example.org/b.png'",
    ]


@pytest.mark.build
def test_page_loads_nothing_from_other_hosts(site_dir: Path, page: str) -> None:
    html = (site_dir / page).read_text(encoding="utf-8")
    assert remote_refs(html) == [], f"{page} loads resources from other hosts"


@pytest.mark.build
def test_stylesheets_load_nothing_from_other_hosts(site_dir: Path) -> None:
    bad = {}
    for css in sorted(site_dir.rglob("*.css")):
        urls = CSS_REMOTE.findall(css.read_text(encoding="utf-8", errors="replace"))
        if urls:
            bad[css.relative_to(site_dir).as_posix()] = urls
    assert bad == {}


@pytest.mark.build
def test_site_serves_its_own_browser_assets(site_dir: Path) -> None:
    for rel in ("vendor/mathjax/tex-chtml.js",
                "vendor/requirejs/require.js",
                "vendor/@jupyter-widgets/html-manager/dist/embed-amd.js"):
        assert (site_dir / rel).is_file(), f"{rel} missing: run scripts/copy_assets.py"
    assert list((site_dir / "vendor/mathjax/output/chtml/fonts/woff-v2").glob("*.woff")), \
        "MathJax fonts missing"


@pytest.mark.build
def test_every_notebook_chapter_offers_an_ipynb_download(site_dir: Path) -> None:
    sources = site_dir / "_sources"
    notebooks = [p for p in sorted(sources.rglob("*.md"))
                 if "kernelspec:" in p.read_text(encoding="utf-8").split("\n---", 1)[0]]
    assert notebooks, "no MyST notebook chapters found in _sources"
    missing = []
    for source in notebooks:
        rel = source.relative_to(sources).with_suffix("")
        page = (site_dir / rel).with_suffix(".html").read_text(encoding="utf-8")
        ipynb = source.with_suffix(".ipynb")
        if not ipynb.is_file() or "download-notebook-button" not in page \
                or f"{rel.name}.ipynb" not in page:
            missing.append(rel.as_posix())
    assert missing == [], "chapters without a working .ipynb download"


def _figure_names(source: str) -> list[str]:
    """Names of the figures a chapter's code cells declare (``mystnb: figure: name:``)."""
    # Keys of the figure block are indented deeper than "figure:"; a long caption wraps
    # onto further, deeper-indented lines (Jupytext's YAML).
    return [name for _, name in
            re.findall(r"^( +)figure:\n(?:\1 .*\n)*?\1 +name:\s*([\w-]+)", source, re.M)]


def test_figure_names_are_found_in_sources() -> None:
    cell = "mystnb:\n  figure:\n    caption: \"A.\"\n    name: fig-a\n"
    assert _figure_names(cell) == ["fig-a"]
    wrapped = "mystnb:\n  figure:\n    caption: A long\n      caption.\n    name: fig-b\n"
    assert _figure_names(wrapped) == ["fig-b"]


BOOK = Path(__file__).resolve().parents[2] / "book"
FIGURE_CHAPTERS = sorted(p.stem for p in BOOK.glob("*.md") if _figure_names(p.read_text()))


def test_chapters_with_figures_are_found() -> None:
    assert {"sigmoid", "relu", "tanh"} <= set(FIGURE_CHAPTERS)


@pytest.mark.parametrize("chapter", FIGURE_CHAPTERS)
def test_every_declared_figure_is_rendered_with_an_image(site_dir: Path, chapter: str) -> None:
    """A figure cell whose output went missing (no image) must fail, not vanish silently."""
    names = _figure_names((BOOK / f"{chapter}.md").read_text())
    html = (site_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    for name in names:
        match = re.search(rf'<figure[^>]*id="{re.escape(name)}"[^>]*>(.*?)</figure>', html, re.S)
        assert match, f"{chapter}: figure {name!r} is missing from the page"
        body = match.group(1)
        assert re.search(r'<img[^>]*\salt="[^"]+"', body), \
            f"{chapter}: figure {name!r} has no image with alt text"
        assert "<figcaption" in body, f"{chapter}: figure {name!r} has no caption"


def _notebook_chapters(site_dir: Path) -> list[str]:
    """Chapters (``book/x``) that are notebooks, from the site's ``_sources``."""
    sources = site_dir / "_sources"
    return [p.relative_to(sources).with_suffix("").as_posix() for p in sorted(sources.rglob("*.md"))
            if "kernelspec:" in p.read_text(encoding="utf-8").split("\n---", 1)[0]]


#: Links to a repository the site may not belong to (an old placeholder).
PLACEHOLDER = "activation-functions-book/activation-functions-book"
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\"'<> ]+")


@pytest.mark.build
def test_repository_and_binder_links_follow_the_built_repository(site_dir: Path) -> None:
    """Known repository: every notebook chapter links to it and launches it in Binder
    (JupyterLab). Unknown (e.g. a clone of a local path): no page has either link."""
    repo = built_repository(site_dir)
    chapters = _notebook_chapters(site_dir)
    assert chapters
    missing, stray = [], []
    for chapter in chapters:
        page = (site_dir / chapter).with_suffix(".html").read_text(encoding="utf-8")
        assert PLACEHOLDER not in page or repo == PLACEHOLDER, f"{chapter}: placeholder link"
        binder = BINDER_LINK.findall(page)
        if repo is None:
            stray += [f"{chapter}: {link}" for link in binder]
            if "Source repository" in page:
                stray.append(f"{chapter}: repository button")
        else:
            launch = f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{chapter}.md"
            if launch not in page:
                missing.append(f"{chapter}: {launch}")
            if f'href="https://github.com/{repo}"' not in page:
                missing.append(f"{chapter}: repository button to github.com/{repo}")
    assert missing == [] and stray == []


@pytest.mark.build
def test_site_has_a_favicon(site_dir: Path) -> None:
    """Every page names the SVG icon; /favicon.ico exists for pages that name none."""
    assert (site_dir / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO header
    intro = (site_dir / "book" / "intro.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="icon" href="([^"]+)"', intro)
    assert match, "the page declares no icon"
    icon = (site_dir / "book" / match.group(1)).resolve()
    assert icon.is_file() and "<svg" in icon.read_text(encoding="utf-8")
