"""Offer each notebook chapter's executed ``.ipynb`` for download.

sphinx-book-theme offers the download only when a launch button is configured;
the student edition has none, nor has a site whose repository is unknown, so this
extension does the theme's copy into ``_sources`` and sets the download's context.
With a launch button the theme does the same again, to the same file.
(Loaded by ``scripts/book.py``, which puts this folder on ``PYTHONPATH``.)
"""

from __future__ import annotations

from pathlib import Path
from shutil import copy2
from typing import Any


def add_ipynb_download(app: Any, pagename: str, templatename: str, context: dict,
                       doctree: Any) -> None:
    """Copy ``jupyter_execute/<page>.ipynb`` to ``_sources`` and offer it on the page."""
    if "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Any) -> dict:
    app.connect("html-page-context", add_ipynb_download, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
