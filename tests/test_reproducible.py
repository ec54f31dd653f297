"""Two executions of a chapter give the same outputs.

The build executes every chapter; readers and the student edition must see the
same numbers and formulas whatever Python's hash seed (which orders SymPy's
terms) and whatever ran before. This executes one chapter twice, in two fresh
kernels with different ``PYTHONHASHSEED`` values, and compares every output.
Measured timings are the only outputs allowed to differ; this chapter has none.
"""

from __future__ import annotations

import os

import jupytext
from book_sources import ROOT
from nbclient import NotebookClient

CHAPTER = ROOT / "book" / "training_failures.md"


def _outputs(hash_seed: str) -> list[str]:
    notebook = jupytext.read(CHAPTER)
    previous = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = hash_seed   # the kernel inherits it
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(CHAPTER.parent)}}).execute()
    finally:
        if previous is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = previous
    texts = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/latex") or data.get("text/plain") or output.get("text", "")
            texts.append(f"cell {index}: {''.join(text)}")
    return texts


def test_training_failures_outputs_do_not_depend_on_the_hash_seed() -> None:
    first, second = _outputs("0"), _outputs("1")
    assert len(first) == len(second) > 10
    differing = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert differing == []
