"""Homework self-checks: friendly feedback, never a traceback.

Introduced in: book/why_activations.md

Every exercise that asks for a formula or a number has a cell like::

    answer = None   # replace None with your SymPy expression
    checks.check_expression(answer, expected=..., what="sigma'(x)")

Each check returns a :class:`Feedback` (shown as a coloured note in Jupyter,
as plain text elsewhere) and never raises on a wrong or malformed answer.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import sympy as sp

from helpers.symbolic import is_identity, x

__all__ = ["Feedback", "check_expression", "check_value"]


@dataclass(frozen=True)
class Feedback:
    """Outcome of a self-check: ``status`` is "correct", "wrong" or "missing"."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        mark = {"correct": "✔", "wrong": "✘", "missing": "…"}[self.status]
        return f"{mark} {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour = {"correct": "#009E73", "wrong": "#D55E00", "missing": "#0072B2"}[self.status]
        return (f'<div role="status" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em">{html.escape(str(self))}</div>')


def check_expression(answer: object, expected: sp.Expr, what: str = "your answer",
                     symbol: sp.Symbol = x, hint: str | None = None) -> Feedback:
    """Compare a SymPy expression (or a string SymPy can parse) with ``expected``.

    ``hint`` is added to the feedback on a wrong answer (default: a reminder to
    compare both sides at a few values of ``x``).
    """
    if answer is None or answer is Ellipsis:
        return Feedback("missing", f"No answer yet: replace None with an expression for {what}.")
    try:
        expr = sp.sympify(answer, locals={"x": symbol}) if isinstance(answer, str) else \
            sp.sympify(answer)
    except (sp.SympifyError, TypeError, SyntaxError) as err:
        return Feedback("wrong", f"{what}: SymPy could not read {answer!r} ({err}).")
    if not isinstance(expr, sp.Expr):
        return Feedback("wrong", f"{what}: expected one expression in {symbol}, "
                                 f"got {type(answer).__name__} {answer!r}.")
    stray = expr.free_symbols - {symbol} - sp.sympify(expected).free_symbols
    if stray:
        names = ", ".join(sorted(map(str, stray)))
        return Feedback("wrong", f"{what}: unexpected symbol(s) {names}; use the symbol {symbol}.")
    try:
        same = is_identity(expr, expected, symbol=symbol)
    except Exception as err:  # noqa: BLE001 - a student's answer must never raise
        return Feedback("wrong", f"{what}: could not compare ({err}).")
    if same:
        return Feedback("correct", f"Correct: {what} = {sp.sstr(expr)}.")
    hint = hint or f"Evaluate both at a few values of {symbol} to see where they part."
    return Feedback("wrong", f"Not quite: {sp.sstr(expr)} differs from {what} for some "
                             f"{symbol}. {hint}")


def check_value(answer: object, expected: float, what: str = "your answer",
                rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> Feedback:
    """Compare a number with ``expected`` within a relative/absolute tolerance."""
    if answer is None or answer is Ellipsis:
        return Feedback("missing", f"No answer yet: replace None with a number for {what}.")
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return Feedback("wrong", f"{what}: expected a number, got {answer!r}.")
    if math.isnan(value):
        return Feedback("wrong", f"{what}: got NaN (not a number); check for 0/0 or inf - inf.")
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback("correct", f"Correct: {what} = {value:.6g}.")
    direction = "too large" if value > expected else "too small"
    return Feedback("wrong", f"Not quite: {value:.6g} is {direction} for {what}.")
