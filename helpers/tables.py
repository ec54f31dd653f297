"""Small Markdown tables for chapter output (no pandas needed).

Introduced in: book/why_activations.md

Jupyter and the built book both render the returned object as a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from IPython.display import Markdown

from helpers import activations as act

__all__ = ["markdown_table", "activation_name"]


def activation_name(activation: act.ActivationLike) -> str:
    """The name readers know with the registry key beside it, for a Markdown cell.

    ``"leaky_relu"`` gives ``"Leaky ReLU `leaky_relu`"``; where the two agree
    (``tanh``) the key alone. Unknown names raise ValueError listing the valid ones.
    """
    a = act.resolve(activation)
    return f"`{a.name}`" if a.display_name == a.name else f"{a.display_name} `{a.name}`"


def _cell(value: object, floatfmt: str) -> str:
    if isinstance(value, float):
        return format(value, floatfmt)
    return str(value).replace("|", r"\|")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
                   floatfmt: str = ".3g") -> Markdown:
    """A Markdown table; floats are formatted with ``floatfmt``.

    Raises
    ------
    ValueError
        When a row does not have one cell per header.
    """
    if not headers:
        raise ValueError("a table needs at least one header")
    lines = ["| " + " | ".join(map(str, headers)) + " |",
             "|" + "---|" * len(headers)]
    for i, row in enumerate(rows):
        if len(row) != len(headers):
            raise ValueError(f"row {i} has {len(row)} cells, expected {len(headers)}")
        lines.append("| " + " | ".join(_cell(v, floatfmt) for v in row) + " |")
    return Markdown("\n".join(lines))
