"""Tests of helpers.tables."""

from __future__ import annotations

import pytest

from helpers import activations as act
from helpers import tables


def test_markdown_table() -> None:
    md = tables.markdown_table(["a", "b"], [("x|y", 0.123456), (1, 2.0)])
    assert md.data.splitlines() == ["| a | b |", "|---|---|", r"| x\|y | 0.123 |", "| 1 | 2 |"]


def test_bad_rows() -> None:
    with pytest.raises(ValueError, match="row 0 has 1 cells, expected 2"):
        tables.markdown_table(["a", "b"], [(1,)])
    with pytest.raises(ValueError, match="header"):
        tables.markdown_table([], [])


def test_activation_name_shows_the_readers_name_and_the_key():
    assert tables.activation_name("leaky_relu") == "Leaky ReLU `leaky_relu`"
    assert tables.activation_name(act.get("silu", beta=2.0)) == "SiLU (swish) `silu`"
    assert tables.activation_name("tanh") == "`tanh`"
    assert all(act.get(n).display_name for n in act.names())
    with pytest.raises(ValueError, match="Valid names"):
        tables.activation_name("relux")
