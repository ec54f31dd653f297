"""Copy the browser assets the site serves itself out of ``node_modules``.

The book's website makes no request to a third-party host: MathJax, RequireJS
and the Jupyter widgets HTML manager come from their npm packages (pinned in
``package.json`` / ``package-lock.json``, installed with ``npm ci``). This
script copies just the files the pages load into a folder that Sphinx serves
from the site root (``html_extra_path`` in ``_config.yml``)::

    vendor/mathjax/tex-chtml.js              + fonts, TeX extensions, menu, a11y
    vendor/requirejs/require.js
    vendor/@jupyter-widgets/html-manager/dist/embed-amd.js
    js/mathjax-hub-compat.js                 (the book's own; see that file)
    <page dir>/@jupyter-widgets/html-manager/dist/*.woff2, *.woff
    favicon.ico                              (the book's own: drawn by :func:`write_favicon_ico`)

The widget manager computes the URL of its icon fonts from the RequireJS
module name, i.e. relative to the page, so the fonts are copied next to every
folder that holds pages (the site root and each folder named in ``_toc.yml``).

Usage: ``python scripts/copy_assets.py [--dest DIR]`` (default
``_build/site_assets``, the folder ``_config.yml`` names).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
DEFAULT_DEST = ROOT / "_build" / "site_assets"

MATHJAX = NODE_MODULES / "mathjax"
REQUIREJS = NODE_MODULES / "requirejs"
HTML_MANAGER = NODE_MODULES / "@jupyter-widgets" / "html-manager"

#: (source, destination relative to the site root); directories are copied whole.
VENDOR_FILES: list[tuple[Path, str]] = [
    (MATHJAX / "LICENSE", "vendor/mathjax/LICENSE"),
    (MATHJAX / "package.json", "vendor/mathjax/package.json"),
    (MATHJAX / "es5" / "tex-chtml.js", "vendor/mathjax/tex-chtml.js"),
    # CommonHTML output fonts, loaded relative to tex-chtml.js.
    (MATHJAX / "es5" / "output" / "chtml" / "fonts" / "woff-v2",
     "vendor/mathjax/output/chtml/fonts/woff-v2"),
    # TeX packages that the autoload extension fetches on first use (\boldsymbol, \cancel ...).
    (MATHJAX / "es5" / "input" / "tex" / "extensions", "vendor/mathjax/input/tex/extensions"),
    # Contextual menu and the accessibility tools it can switch on.
    (MATHJAX / "es5" / "ui", "vendor/mathjax/ui"),
    (MATHJAX / "es5" / "a11y", "vendor/mathjax/a11y"),
    (MATHJAX / "es5" / "sre", "vendor/mathjax/sre"),
    (REQUIREJS / "require.js", "vendor/requirejs/require.js"),
    (REQUIREJS / "package.json", "vendor/requirejs/package.json"),
    (HTML_MANAGER / "dist" / "embed-amd.js",
     "vendor/@jupyter-widgets/html-manager/dist/embed-amd.js"),
    (HTML_MANAGER / "dist" / "embed.js.LICENSE.txt",
     "vendor/@jupyter-widgets/html-manager/dist/embed-amd.js.LICENSE.txt"),
    (HTML_MANAGER / "package.json", "vendor/@jupyter-widgets/html-manager/package.json"),
    # The book's own script (not third-party): lets the widget manager typeset with MathJax 3.
    (ROOT / "scripts" / "site_js" / "mathjax-hub-compat.js", "js/mathjax-hub-compat.js"),
]

#: Font formats a browser picks from the widget manager's @font-face rules.
WIDGET_FONT_SUFFIXES = (".woff2", ".woff")


def page_dirs(toc: Path) -> list[str]:
    """Folders (relative to the site root) that hold pages listed in ``_toc.yml``."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("root", "file") and isinstance(value, str):
                    files.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    dirs = {""} | {str(Path(f).parent) if str(Path(f).parent) != "." else "" for f in files}
    return sorted(dirs)


def copy(src: Path, dst: Path) -> None:
    """Copy a file or a directory tree, creating parents."""
    if not src.exists():
        raise FileNotFoundError(
            f"{src} is missing: run `npm ci` in {ROOT} first (see README.md)."
        )
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        shutil.copy2(src, dst)


def write_favicon_ico(path: Path) -> None:
    """Draw the book's icon (``book/images/favicon.svg``: a sigmoid on a blue square) as
    ``favicon.ico``. Pages name the SVG; a browser still asks for ``/favicon.ico`` on a
    page without that link (the site's root redirect), which would otherwise be a 404.
    """
    scale = 8  # draw big, then let the ICO sizes downsample smoothly
    size = 32 * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=6 * scale, fill="#0b3d91")
    draw.line([(4 * scale, 16 * scale), (28 * scale, 16 * scale)], fill="#9db7e0", width=scale)
    draw.line([(16 * scale, 4 * scale), (16 * scale, 28 * scale)], fill="#9db7e0", width=scale)
    curve = [((4 + 24 * i / 40) * scale, (27 - 22 / (1 + math.exp(6 - 12 * i / 40))) * scale)
             for i in range(41)]
    draw.line(curve, fill="#ffb000", width=3 * scale, joint="curve")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST,
                        help="folder served from the site root (default: %(default)s)")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml",
                        help="table of contents naming the page folders (default: %(default)s)")
    args = parser.parse_args(argv)

    dest: Path = args.dest
    if dest.exists():
        shutil.rmtree(dest)
    for src, rel in VENDOR_FILES:
        copy(src, dest / rel)

    fonts = sorted(
        p for p in (HTML_MANAGER / "dist").iterdir() if p.suffix in WIDGET_FONT_SUFFIXES
    )
    if not fonts:
        raise FileNotFoundError(f"no widget fonts in {HTML_MANAGER / 'dist'}: run `npm ci`.")
    for folder in page_dirs(args.toc):
        for font in fonts:
            copy(font, dest / folder / "@jupyter-widgets" / "html-manager" / "dist" / font.name)

    write_favicon_ico(dest / "favicon.ico")

    n_files = sum(1 for p in dest.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"copied {n_files} asset files ({size / 1e6:.1f} MB) into {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
