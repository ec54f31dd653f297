"""Chapters open in JupyterLab as they look on the website, and saving changes nothing.

* Every chapter is stored exactly as Jupytext writes it: reading it and writing
  it back in the same format gives the same bytes, so JupyterLab's autosave
  (through Jupytext) leaves a chapter unchanged.
* Code the website folds (cell tag ``hide-input``) is folded in JupyterLab too:
  the cell carries ``jupyter: {source_hidden: true}``, and only such cells do.
* A figure's caption lives in its cell's metadata (``mystnb.figure.caption``),
  which JupyterLab does not show. So each figure cell is followed by a Markdown
  cell with the same caption, tagged ``remove-cell`` so that the website (which
  shows the metadata caption under the figure) drops it.

Run ``python tests/test_jupytext_roundtrip.py --fix`` to bring every chapter
into this form (after editing a chapter by hand, or after a Jupytext upgrade).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FORMAT = "md:myst"
HIDE_INPUT = "hide-input"
REMOVE_CELL = "remove-cell"
#: The Markdown cell that shows a figure's caption in JupyterLab (and not on the site).
CAPTION_CELL = "**Figure.** {caption}"
#: The kernelspec exactly as JupyterLab saves it (same keys, same order): any other
#: header is rewritten on the first save.
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def chapters() -> list[Path]:
    """The MyST Markdown notebooks of the book (pages with a Jupytext header)."""
    return [path for path in sorted((ROOT / "book").glob("*.md"))
            if path.read_text(encoding="utf-8").startswith("---\njupytext:")]


def read(path: Path) -> nbformat.NotebookNode:
    return jupytext.reads(path.read_text(encoding="utf-8"), fmt=FORMAT)


def canonical(text: str) -> str:
    """``text`` read and written back by Jupytext in the same format."""
    return jupytext.writes(jupytext.reads(text, fmt=FORMAT), fmt=FORMAT)


def caption_of(cell: nbformat.NotebookNode) -> str | None:
    """The figure caption in a code cell's ``mystnb`` metadata, if any."""
    if cell.cell_type != "code":
        return None
    return cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")


def is_caption_cell(cell: nbformat.NotebookNode) -> bool:
    return (cell.cell_type == "markdown" and REMOVE_CELL in cell.metadata.get("tags", [])
            and cell.source.startswith(CAPTION_CELL.format(caption="")))


def fix(path: Path) -> bool:
    """Rewrite ``path`` in the canonical form described above; True if it changed."""
    before = path.read_text(encoding="utf-8")
    nb = jupytext.reads(before, fmt=FORMAT)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    cells = []
    for cell in nb.cells:
        if is_caption_cell(cell):
            continue  # regenerated from the metadata below
        if cell.cell_type == "code":
            hidden = HIDE_INPUT in cell.metadata.get("tags", [])
            jupyter = cell.metadata.get("jupyter", {})
            if hidden:
                jupyter["source_hidden"] = True
            else:
                jupyter.pop("source_hidden", None)
            if jupyter:
                cell.metadata["jupyter"] = jupyter
            else:
                cell.metadata.pop("jupyter", None)
        cells.append(cell)
        caption = caption_of(cell)
        if caption:
            cells.append(nbformat.v4.new_markdown_cell(
                CAPTION_CELL.format(caption=caption), metadata={"tags": [REMOVE_CELL]}))
    nb.cells = cells
    after = jupytext.writes(nb, fmt=FORMAT)
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


CHAPTERS = [path.name for path in chapters()]


def test_the_book_has_chapters():
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_is_stored_exactly_as_jupytext_writes_it(name):
    text = (ROOT / "book" / name).read_text(encoding="utf-8")
    assert canonical(text) == text, (
        f"book/{name} is not in Jupytext's canonical form; JupyterLab would rewrite it on "
        "save. Run: python tests/test_jupytext_roundtrip.py --fix")


def test_the_header_names_the_pinned_jupytext():
    pinned = next(line.split("==")[1].strip()
                  for line in (ROOT / "requirements.txt").read_text().splitlines()
                  if line.startswith("jupytext=="))
    assert jupytext.__version__ == pinned
    for name in CHAPTERS:
        header = read(ROOT / "book" / name).metadata["jupytext"]["text_representation"]
        assert header.get("jupytext_version") == pinned, name


@pytest.mark.parametrize("name", CHAPTERS)
def test_kernelspec_is_written_as_jupyterlab_saves_it(name):
    kernelspec = read(ROOT / "book" / name).metadata["kernelspec"]
    assert list(kernelspec.items()) == list(KERNELSPEC.items())


@pytest.mark.parametrize("name", CHAPTERS)
def test_folded_code_is_folded_in_jupyterlab_too(name):
    for cell in read(ROOT / "book" / name).cells:
        if cell.cell_type != "code":
            continue
        folded = HIDE_INPUT in cell.metadata.get("tags", [])
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert folded == hidden, (
            f"book/{name}: a cell with tags {cell.metadata.get('tags', [])} has "
            f"jupyter.source_hidden={hidden}; the two go together. "
            f"First line: {cell.source.splitlines()[0]!r}")


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_figure_caption_is_shown_in_the_notebook_once(name):
    cells = read(ROOT / "book" / name).cells
    for i, cell in enumerate(cells):
        caption = caption_of(cell)
        if caption:
            after = cells[i + 1] if i + 1 < len(cells) else None
            assert after is not None and is_caption_cell(after), (
                f"book/{name}: no caption cell after the figure {caption[:60]!r}")
            assert after.source == CAPTION_CELL.format(caption=caption), (
                f"book/{name}: the caption cell differs from the figure's caption "
                f"{caption[:60]!r}")
        if is_caption_cell(cell):
            assert i > 0 and caption_of(cells[i - 1]), (
                f"book/{name}: a caption cell follows no figure: {cell.source[:60]!r}")


def test_fix_restores_a_chapter_that_jupyterlab_would_rewrite(tmp_path):
    # A chapter as someone might write it by hand: no version fields, one-line YAML,
    # another kernelspec, hide-input without source_hidden, no caption cell.
    text = (
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
        "# T\n\n```{code-cell} ipython3\n---\ntags: [hide-input]\nmystnb:\n  figure:\n"
        '    caption: "A caption that is long enough to be wrapped by the YAML writer of '
        'Jupytext, which folds lines at eighty characters."\n---\nplot()\n```\n')
    path = tmp_path / "chapter.md"
    path.write_text(text, encoding="utf-8")
    assert fix(path) and not fix(path)
    fixed = path.read_text(encoding="utf-8")
    assert canonical(fixed) == fixed and "jupytext_version" in fixed
    assert "display_name: Python 3 (ipykernel)" in fixed
    cells = jupytext.reads(fixed, fmt=FORMAT).cells
    assert cells[1].metadata["jupyter"] == {"source_hidden": True}
    assert is_caption_cell(cells[2]) and "eighty characters." in cells[2].source


if __name__ == "__main__":
    if sys.argv[1:] != ["--fix"]:
        sys.exit("usage: python tests/test_jupytext_roundtrip.py --fix")
    for chapter in chapters():
        if fix(chapter):
            print(f"rewrote {chapter.relative_to(ROOT)}")
