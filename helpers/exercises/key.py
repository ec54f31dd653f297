"""Introduced in: none (used by other helpers modules only)

The answer-key format shared by every chapter's key module.

An :class:`Exercise` holds what grading needs and nothing a student sees:
its label (the ``:label:`` of the chapter's ``{exercise}``), the chapter file,
the kind of answer (``"formula"``, ``"number"`` or ``"function"``), a function
computing the expected answer (from the registry where possible; called on
demand and cached, since some train a network), the precision a number must
have, the variable of a formula, the forms the statement requires, a hint
sentence, the points the automatic check is worth, the minutes a student
needs, and a :class:`Rubric` line for every sub-question no check can grade
("Where is σ″ zero?"). A coding exercise (``kind="function"``) carries a
:class:`Function`: the name of the student's NumPy function and how to call
it; its expected answer is the reference implementation from the registry.
:mod:`helpers.checks` reads the keys to give feedback (never the rubrics);
grading tools and the instructor page read the same keys
(:meth:`Exercise.grading` is the machine-readable summary).

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

__all__ = ["Precision", "sig_figs", "EXACT", "WHOLE", "Form", "Rubric", "Function",
           "Exercise", "KINDS",
           "BY_HAND", "WITH_TANH_NO_EXP", "ONLY_EXP", "RELU_SUM", "LINEAR",
           "normal_mean", "coding_exercise"]


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
class Rubric:
    """One hand-graded sub-question of an exercise (teacher material only).

    Attributes
    ----------
    question : the sub-question, as the statement asks it.
    points : what a complete answer earns.
    criteria : what earns the points (and what earns part of them).
    model_answer : a short answer that earns every point.
    """

    question: str
    points: int
    criteria: str
    model_answer: str

    def __post_init__(self) -> None:
        if not (isinstance(self.points, int) and self.points > 0):
            raise ValueError(f"a rubric line needs points > 0, got {self.points!r}")
        if not (self.question and self.criteria and self.model_answer):
            raise ValueError("a rubric line needs a question, criteria and a model answer")


@dataclass(frozen=True)
class Function:
    """How to call the student's function in a coding exercise.

    Attributes
    ----------
    name : the function's name in the starter cell, e.g. ``"my_softplus"``.
    args : names of its array arguments (all of one shape), e.g. ``("z", "grad_out")``;
        the first is the input the feedback names, the others are drawn at random.
    variants : keyword arguments to call it with in turn (``({}, {"alpha": 0.2})``).
    special : inputs worth trying besides the standard grid (kinks such as 6 for ReLU6).
    rowwise : the function acts on the last axis (softmax), not element by element.
    """

    name: str
    args: tuple[str, ...] = ("x",)
    variants: tuple[dict[str, float], ...] = field(default=({},), compare=False)
    special: tuple[float, ...] = ()
    rowwise: bool = False


#: The kinds of answer a key can expect.
KINDS = ("formula", "number", "function")


@dataclass(frozen=True)
class Exercise:
    """The key of one checked exercise.

    Attributes
    ----------
    label : the exercise's ``:label:`` in the chapter.
    chapter : the chapter file, e.g. ``"book/sigmoid.md"``.
    kind : ``"formula"`` (a SymPy expression in ``symbol``), ``"number"`` or
        ``"function"`` (a NumPy function, see ``function``).
    expected : computes the expected answer (called once, then cached); for a
        function, returns the reference implementation.
    what : what the answer is, for feedback ("sigma''(x)").
    precision : numbers only; what the statement asks for.
    symbol : formulas only; the variable's name and assumptions.
    forms : required forms the statement asks for.
    hint : a sentence that helps without giving the answer or its direction.
    points : what the automatically checked part is worth when graded.
    minutes : the time a student needs, in minutes (rubric parts included).
    rubric : the sub-questions no check can grade, each with points and a model answer.
    function : functions only; how to call the student's function.
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
    points: int = 0
    minutes: int = 0
    rubric: tuple[Rubric, ...] = ()
    function: Function | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if (self.kind == "number") != (self.precision is not None):
            raise ValueError(f"{self.label}: a number needs a precision, other kinds none")
        if (self.kind == "function") != (self.function is not None):
            raise ValueError(f"{self.label}: a function exercise needs a Function, "
                             "other kinds none")
        for name, value in (("points", self.points), ("minutes", self.minutes)):
            if not (isinstance(value, int) and value > 0):
                raise ValueError(f"{self.label}: {name} must be a whole number > 0, "
                                 f"got {value!r}")

    @property
    def total_points(self) -> int:
        """Points of the automatic check plus those of every rubric line."""
        return self.points + sum(r.points for r in self.rubric)

    def answer(self) -> Any:
        """The expected answer (a SymPy expression, a float or the reference function)."""
        return _cached(self)

    def grading(self) -> dict[str, Any]:
        """What a grading tool needs, as plain data (no expected answer).

        Keys: ``label``, ``chapter``, ``kind``, ``what``, ``points`` (automatic
        part), ``total_points``, ``minutes``, ``function`` (the student's
        function name or None) and ``rubric`` (a list of dicts with
        ``question``, ``points``, ``criteria``, ``model_answer``).
        """
        return {
            "label": self.label, "chapter": self.chapter, "kind": self.kind,
            "what": self.what, "points": self.points, "total_points": self.total_points,
            "minutes": self.minutes,
            "function": self.function.name if self.function else None,
            "rubric": [{"question": r.question, "points": r.points, "criteria": r.criteria,
                        "model_answer": r.model_answer} for r in self.rubric],
        }


def coding_exercise(label: str, chapter: str, name: str, reference: Callable[..., Any],
                    what: str, hint: str, *, points: int = 4, minutes: int = 15,
                    rubric: tuple[Rubric, ...] = (), **call: Any) -> Exercise:
    """The key of a coding exercise: the student writes ``name``; ``reference`` is the truth.

    ``reference`` takes float64 arrays (and the keyword variants) and returns
    float64 arrays, normally the registry's ``f`` or ``df``; ``call`` holds the
    :class:`Function` options (``args``, ``variants``, ``special``, ``rowwise``).
    """
    return Exercise(label, chapter, "function", lambda: reference, what, hint=hint,
                    points=points, minutes=minutes, rubric=rubric,
                    function=Function(name, **call))


@cache
def _cached(ex: Exercise) -> Any:
    value = ex.expected()
    if ex.kind == "function":
        return value
    return float(value) if ex.kind == "number" else sp.sympify(value)


def normal_mean(name: str, power: int = 1, **params: float) -> float:
    """``E[f(z)**power]`` for ``z ~ N(0, 1)`` and the registry's activation ``name``."""
    f = sp.lambdify(symbolic.x, act.get(name, **params).expr, modules="mpmath")
    with mpmath.workdps(30):
        return float(mpmath.quad(lambda t: f(t) ** power * mpmath.npdf(t),
                                 [-mpmath.inf, 0, mpmath.inf]))
