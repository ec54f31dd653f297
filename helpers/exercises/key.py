"""Introduced in: none (used by other helpers modules only)

The answer-key format shared by every chapter's key module.

An :class:`Exercise` holds what grading needs and nothing a student sees:
its label (the ``:label:`` of the chapter's ``{exercise}``), the chapter file,
the kind of answer (``"formula"`` or ``"number"``), a function computing the
expected answer (from the registry where possible; called on demand and
cached, since some train a network), the precision a number must have, the
variable of a formula, the forms the statement requires, a hint sentence and
the points it is worth. :mod:`helpers.checks` reads it to give feedback;
grading tools can read the same keys.

What a form can and cannot check: a form looks at the expression the student
hands in, not at how it was produced. "Derive by hand" is checked only as far
as an expression can show it (no unevaluated ``Derivative``); a student who
calls ``sp.diff`` gets an expression that is indistinguishable from a
hand-derived one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import mpmath
import sympy as sp

from helpers import activations as act
from helpers import symbolic

__all__ = ["Precision", "sig_figs", "EXACT", "WHOLE", "Form", "Exercise",
           "BY_HAND", "WITH_TANH_NO_EXP", "ONLY_EXP", "RELU_SUM", "LINEAR",
           "normal_mean"]


@dataclass(frozen=True)
class Precision:
    """How closely a number must match: ``digits`` significant figures, or exactly.

    ``digits=None`` means exact (up to float32 rounding, relative 1e-6);
    ``whole=True`` also asks for a whole number.
    """

    digits: int | None = None
    whole: bool = False

    def describe(self) -> str:
        if self.whole:
            return "as a whole number"
        if self.digits is None:
            return "exactly"
        return f"to {self.digits} significant figures"

    def rounded(self, value: float) -> float:
        """``value`` rounded to the precision (unchanged when exact)."""
        if self.digits is None or value == 0:
            return value
        return float(f"{value:.{self.digits - 1}e}")

    def accepts(self, value: float, expected: float) -> bool:
        """True when ``value`` rounds to the same number as ``expected``."""
        if self.whole:
            return value == round(value) and round(value) == round(expected)
        if self.digits is None:
            return math.isclose(value, expected, rel_tol=1e-6, abs_tol=1e-15)
        r = self.rounded(expected)
        if r == 0:
            return value == 0
        half = 0.5 * 10 ** (math.floor(math.log10(abs(r))) - self.digits + 1)
        return abs(value - r) <= half * (1 + 1e-9)


def sig_figs(n: int) -> Precision:
    """The precision "to ``n`` significant figures"."""
    return Precision(digits=n)


EXACT = Precision()
WHOLE = Precision(whole=True)


@dataclass(frozen=True)
class Form:
    """A required form: ``test(expr)`` is True when ``expr`` is written as asked.

    ``asks`` completes "the exercise asks for ..." in feedback.
    """

    name: str
    test: Callable[[sp.Expr], bool]
    asks: str


def _functions(e: sp.Expr) -> set[type]:
    return {type(f) for f in e.atoms(sp.Function)} | {
        type(f) for f in e.atoms(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Heaviside)}


def _affine(e: sp.Expr) -> bool:
    return e.is_polynomial(symbolic.x) and sp.degree(e, symbolic.x) == 1


def _is_relu(term: sp.Expr) -> bool:
    """``Max(0, affine)`` or the registry's ReLU ``Piecewise`` of an affine argument."""
    if isinstance(term, sp.Max) and len(term.args) == 2 and 0 in term.args:
        return _affine([a for a in term.args if a != 0][0])
    if isinstance(term, sp.Piecewise) and len(term.args) == 2:
        (low, _), (high, rest) = term.args
        return (low == 0 and rest is sp.true and _affine(high)
                and symbolic.is_identity(term, sp.Max(0, high)))
    return False


def _relu_sum(e: sp.Expr) -> bool:
    for term in sp.Add.make_args(e):
        coeff, rest = term.as_coeff_Mul()
        if rest.is_number or rest == 1:
            continue
        if not _is_relu(rest):
            return False
    return True


def _linear(e: sp.Expr) -> bool:
    return e.is_polynomial(symbolic.x) and sp.degree(e, symbolic.x) <= 1 and e == sp.expand(e)


BY_HAND = Form("by hand", lambda e: not e.has(sp.Derivative),
               "a derivation by hand, not an unevaluated sp.Derivative")
WITH_TANH_NO_EXP = Form("written with tanh", lambda e: e.has(sp.tanh) and not e.has(sp.exp)
                        and _functions(e) <= {sp.tanh},
                        "it written with tanh (and no exp or other function)")
ONLY_EXP = Form("only exp", lambda e: _functions(e) <= {sp.exp},
                "it written with x and sp.exp only (no other function)")
RELU_SUM = Form("a sum of ReLUs", _relu_sum,
                "a sum of constants and multiples of ReLUs, "
                "each written sp.Max(0, a*x + b) or relu(a*x + b)")
LINEAR = Form("w*x + b", _linear, "a single layer w*x + b (expanded, no brackets)")


@dataclass(frozen=True)
class Exercise:
    """The key of one checked exercise.

    Attributes
    ----------
    label : the exercise's ``:label:`` in the chapter.
    chapter : the chapter file, e.g. ``"book/sigmoid.md"``.
    kind : ``"formula"`` (a SymPy expression in ``symbol``) or ``"number"``.
    expected : computes the expected answer (called once, then cached).
    what : what the answer is, for feedback ("sigma''(x)").
    precision : numbers only; what the statement asks for.
    symbol : formulas only; the variable's name and assumptions.
    forms : required forms the statement asks for.
    hint : a sentence that helps without giving the answer or its direction.
    points : what the exercise is worth when graded.
    """

    label: str
    chapter: str
    kind: str
    expected: Callable[[], Any] = field(repr=False)
    what: str
    precision: Precision | None = None
    symbol: sp.Symbol = symbolic.x
    forms: tuple[Form, ...] = ()
    hint: str = ""
    points: int = 1

    def __post_init__(self) -> None:
        if self.kind not in ("formula", "number"):
            raise ValueError(f"kind must be 'formula' or 'number', got {self.kind!r}")
        if (self.kind == "number") != (self.precision is not None):
            raise ValueError(f"{self.label}: a number needs a precision, a formula none")

    def answer(self) -> Any:
        """The expected answer (a SymPy expression or a float)."""
        return _cached(self)


@cache
def _cached(ex: Exercise) -> Any:
    value = ex.expected()
    return float(value) if ex.kind == "number" else sp.sympify(value)


def normal_mean(name: str, **params: float) -> float:
    """``E[f(z)]`` for ``z ~ N(0, 1)`` and the registry's activation ``name``."""
    f = sp.lambdify(symbolic.x, act.get(name, **params).expr, modules="mpmath")
    with mpmath.workdps(30):
        return float(mpmath.quad(lambda t: f(t) * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf]))
