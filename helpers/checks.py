"""Introduced in: book/why_activations.md

Homework self-checks: feedback that teaches, never the answer, never a traceback.

Every checked exercise has a cell like::

    answer = None  # replace None with your answer
    checks.check("sigmoid-ex-depth", answer)

:func:`check` looks the expected answer up in :mod:`helpers.exercises` (it is
never in the cell) and returns a :class:`Result` with ``.correct`` and
``.message``, shown as a coloured note in Jupyter and as plain text elsewhere.

What is accepted. Formulas: a SymPy expression (or a number, or a string
SymPy can read) in the exercise's variable, whatever assumptions the
student's own ``Symbol`` carries; it must equal the expected function for
every real value away from kinks (:func:`helpers.symbolic.find_disagreement`
with ``at_breakpoints=False``: the value at a kink is a convention) and have
the form the exercise asks for. Numbers: Python, NumPy and SymPy numbers,
``Fraction``, complex numbers with imaginary part 0, numeric strings and
one-element lists or arrays; they must round to the expected value at the
precision the statement asks for. Feedback on a wrong number never says
which way it is off. Functions (coding exercises): the student's NumPy
function itself, e.g. ``checks.check("properties-ex-my-softplus", my_softplus)``;
:mod:`helpers.exercises.coding` runs it against the registry (``|x|`` up to
1e4, float32 and float64, NaN, no warnings) and names the input that broke it.

What is refused, with a sentence each: no answer yet (``None``), truth values
(``True`` is not 1), NaN, infinities, ``zoo``, unevaluated ``Derivative``,
``Integral`` or ``Limit`` objects, equations, functions, several values, a
formula in the wrong variable, and anything that is not a number or formula.
"""

from __future__ import annotations

import ast
import html
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import sympy as sp
from sympy.core.relational import Relational

from helpers import symbolic
from helpers.exercises import KEYS, coding
from helpers.exercises.key import Exercise

__all__ = ["Result", "check", "labels"]


@dataclass(frozen=True)
class Result:
    """Outcome of a self-check: ``status`` is "correct", "wrong" or "missing"."""

    label: str
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


def labels() -> list[str]:
    """Every checked exercise label, sorted."""
    return sorted(KEYS)


class _Refused(Exception):
    """An answer that cannot be compared; the message is the sentence to show."""


# ---------------------------------------------------------------------------
# Reading answers

_FUNCTIONS = {
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt, "tanh": sp.tanh,
    "sinh": sp.sinh, "cosh": sp.cosh, "sech": sp.sech, "sin": sp.sin, "cos": sp.cos,
    "erf": sp.erf, "erfc": sp.erfc, "Abs": sp.Abs, "abs": sp.Abs, "Max": sp.Max,
    "max": sp.Max, "Min": sp.Min, "min": sp.Min, "Piecewise": sp.Piecewise,
    "Heaviside": sp.Heaviside, "sign": sp.sign, "LambertW": sp.LambertW,
    "Rational": sp.Rational, "pi": sp.pi, "E": sp.E, "oo": sp.oo, "inf": sp.oo,
    "nan": sp.nan, "zoo": sp.zoo, "True": sp.true, "False": sp.false,
}
_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
          ast.Call, ast.Attribute, ast.Tuple, ast.Compare, ast.operator, ast.unaryop,
          ast.cmpop)
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class _Exact(ast.NodeTransformer):
    """Integer literals become SymPy Integers (so "1/1024" is exact)."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            return node
        kind = "Integer" if isinstance(node.value, int) else "Float"
        arg = ast.Constant(node.value if kind == "Integer" else repr(node.value))
        return ast.Call(ast.Name(f"_{kind}", ast.Load()), [arg], [])


def _parse(text: str, names: dict[str, sp.Basic]) -> sp.Basic:
    """Read ``text`` as SymPy without running arbitrary code (a whitelist of syntax)."""
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise _Refused(f"Python could not read the string {text!r}.") from None
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            raise _Refused(f"the string {text!r} holds {type(node).__name__} syntax, "
                           "which a formula does not need.")
        if isinstance(node, ast.Attribute) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("sp", "sympy", "np")):
            raise _Refused(f"the string {text!r} uses attributes; write sp.exp(x) or exp(x).")
    unknown = {node.id: sp.Symbol(node.id) for node in ast.walk(tree)
               if isinstance(node, ast.Name) and node.id not in names}
    scope = {**unknown, "_Integer": sp.Integer, "_Float": sp.Float, **names,
             "sp": _Namespace(names), "sympy": _Namespace(names), "np": _Namespace(names)}
    try:
        tree = ast.fix_missing_locations(_Exact().visit(tree))
        return eval(compile(tree, "<answer>", "eval"),  # noqa: S307
                    {"__builtins__": {}}, scope)
    except _Refused:
        raise
    except Exception as err:  # noqa: BLE001 - any failure is the student's string
        raise _Refused(f"SymPy could not read {text!r} ({type(err).__name__}: {err}).") from None


class _Namespace:
    def __init__(self, names: dict[str, sp.Basic]) -> None:
        self._names = names

    def __getattr__(self, name: str) -> sp.Basic:
        if name not in self._names:
            raise _Refused(f"{name} is not a known function here.")
        return self._names[name]


def _one(answer: object) -> object:
    """Unwrap one-element lists, tuples and arrays; refuse longer ones."""
    while isinstance(answer, (list, tuple, np.ndarray)):
        size = np.size(answer) if isinstance(answer, np.ndarray) else len(answer)
        if size != 1:
            raise _Refused(f"give one answer, not a {type(answer).__name__} of {size} values.")
        answer = answer.reshape(-1)[0] if isinstance(answer, np.ndarray) else answer[0]
    return answer


def _common(answer: object) -> object:
    if answer is None or answer is Ellipsis:
        raise _Missing
    answer = _one(answer)
    if isinstance(answer, (bool, np.bool_)) or answer in (sp.true, sp.false):
        raise _Refused(f"{answer} is a truth value, not a number or formula "
                       "(True is not 1).")
    if isinstance(answer, dict):
        raise _Refused("a dict is not an answer; give a single number or expression.")
    return answer


class _Missing(Exception):
    pass


@dataclass(frozen=True)
class _Signed:
    """A formula whose symbol the student declared with a sign (SymPy may have used it)."""

    expr: sp.Expr
    symbol: sp.Symbol

    def note(self) -> str:
        return (f" Your symbol {self.symbol} is declared with a sign, so SymPy may have "
                f"dropped the cases it rules out; use sp.Symbol('{self.symbol}', real=True).")


def _nonfinite_sentence(e: sp.Basic) -> str | None:
    for kind in symbolic.UNEVALUATED:
        if e.has(kind):
            return (f"this is an unevaluated {kind.__name__}: SymPy has not done the "
                    f"computation yet. Work it out (or call .doit()) and check the result.")
    if e.has(sp.nan):
        return "NaN (not a number) is never a right answer; look for 0/0, 0*oo or oo - oo."
    if e.has(sp.zoo):
        return "zoo (complex infinity) came out, usually from dividing by 0."
    if e.has(sp.oo) or e.has(-sp.oo):
        return "an infinity is never the answer here; the answer is finite."
    return None


def _to_number(answer: object) -> tuple[float, str]:
    """(value, how it was written) for a number in any accepted form."""
    shown = None
    if isinstance(answer, str):
        shown = answer.strip()
        answer = _parse(answer, _FUNCTIONS)
    if isinstance(answer, (Fraction, Decimal)):
        answer = float(answer)
    if isinstance(answer, (complex, np.complexfloating)):
        if answer.imag != 0:
            raise _Refused(f"{answer} has an imaginary part; the answer is a real number.")
        answer = answer.real
    if isinstance(answer, sp.Basic):
        sentence = _nonfinite_sentence(answer)
        if sentence:
            raise _Refused(sentence)
        if not isinstance(answer, sp.Expr):
            raise _Refused(f"{answer} is not a number.")
        if answer.free_symbols:
            names = ", ".join(sorted(map(str, answer.free_symbols)))
            raise _Refused(f"your answer still contains the symbol(s) {names}; "
                           "give a number.")
        z = complex(answer.evalf(30))
        if z.imag != 0:
            raise _Refused(f"{answer} has an imaginary part; the answer is a real number.")
        answer = z.real
    if isinstance(answer, numbers.Real) or isinstance(answer, np.number):
        value = float(answer)
    else:
        raise _Refused(f"expected a number, got {type(answer).__name__} {answer!r}.")
    if math.isnan(value):
        raise _Refused("NaN (not a number) is never a right answer; look for 0/0 or "
                       "inf - inf in your computation.")
    if math.isinf(value):
        raise _Refused("an infinite value (or one too large for a float) is never the "
                       "answer here.")
    return value, shown if shown is not None else (
        repr(value) if isinstance(answer, (float, np.floating)) else f"{value:.10g}")


def _digits(written: str) -> int | None:
    """Significant figures of a plain decimal numeral, or None."""
    if not _DECIMAL.match(written):
        return None
    mantissa = re.split("[eE]", written.lstrip("+-"))[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits) if "." in mantissa else len(digits.rstrip("0")) or 1


def _to_formula(answer: object, ex: Exercise) -> sp.Expr:
    name = ex.symbol.name
    if isinstance(answer, str):
        answer = _parse(answer, {**_FUNCTIONS, name: ex.symbol})
    if callable(answer) and not isinstance(answer, sp.Basic):
        raise _Refused(f"this is a Python function; give an expression instead, "
                       f"e.g. f({name}) rather than f.")
    if isinstance(answer, (numbers.Number, np.number)) and not isinstance(answer, bool):
        value, _ = _to_number(answer)
        answer = sp.nsimplify(value) if isinstance(answer, float) else sp.sympify(answer)
    if isinstance(answer, sp.MatrixBase):
        raise _Refused("give one expression, not a matrix.")
    if isinstance(answer, Relational):
        raise _Refused("give the expression only (the right-hand side), not an equation.")
    if not isinstance(answer, sp.Expr):
        raise _Refused(f"expected a SymPy expression in {name}, got "
                       f"{type(answer).__name__} {answer!r}.")
    sentence = _nonfinite_sentence(answer)
    if sentence:
        raise _Refused(sentence)
    mine = {s for s in answer.free_symbols if s.name == name}
    others = sorted(str(s) for s in answer.free_symbols - mine)
    if others:
        if not mine and len(others) == 1:
            raise _Refused(f"your answer is an expression in {others[0]}, but this "
                           f"exercise asks for one in {name}.")
        raise _Refused(f"your answer uses {', '.join(others)}; write it in {name} only "
                       "(substitute the values the exercise gives).")
    signed = [s for s in mine if s.is_positive or s.is_negative or s.is_nonnegative
              or s.is_nonpositive]
    expr = answer.subs({s: ex.symbol for s in mine})
    return _Signed(expr, signed[0]) if signed else expr


# ---------------------------------------------------------------------------
# Judging


def _judge_number(ex: Exercise, answer: object) -> Result:
    value, written = _to_number(answer)
    precision = ex.precision
    if precision.whole and value != round(value):
        return Result(ex.label, "wrong", f"Not quite: {ex.what} is a whole number, and "
                                         f"{written} is not. {ex.hint}")
    if precision.accepts(value, ex.answer()):
        shown = (written if precision.digits is None
                 else f"{precision.rounded(value):.{precision.digits}g}")
        return Result(ex.label, "correct", f"Correct: {ex.what} = {shown} "
                                           f"({precision.describe()}).")
    note = ""
    given = _digits(written)
    if precision.digits and given is not None and given < precision.digits:
        note = (f" Your answer has {given} significant figure{'s' * (given > 1)}; "
                f"the exercise asks for {precision.digits}.")
    return Result(ex.label, "wrong", f"Not quite: {written} is not {ex.what} "
                                     f"{precision.describe()}.{note} {ex.hint}".rstrip())


def _place(name: str, at: float) -> str:
    """"at x = 2.5", or "just right of x = 6" for a point next to a kink."""
    near = float(f"{at:.4g}")
    if near != at and abs(at - near) < 1e-6 * (1 + abs(near)):
        return f"just {'right' if at > near else 'left'} of {name} = {near:g}"
    return f"at {name} = {near:g}"


def _judge_formula(ex: Exercise, answer: object) -> Result:
    expr = _to_formula(answer, ex)
    note = ""
    if isinstance(expr, _Signed):
        expr, note = expr.expr, expr.note()
    try:
        where = symbolic.find_disagreement(expr, ex.answer(), ex.symbol, at_breakpoints=False)
    except Exception as err:  # noqa: BLE001 - a student's answer must never raise
        return Result(ex.label, "wrong", f"Could not compare your expression with {ex.what} "
                                         f"({type(err).__name__}); try simplifying it.")
    name = ex.symbol.name
    if where is not None:
        if where.at in (sp.oo, -sp.oo):
            place = f"as {name} → {'∞' if where.at == sp.oo else '−∞'}"
        elif where.at is None:
            place = f"({where.reason})"
        else:
            place = _place(name, float(where.at))
        if where.at is not None and where.reason == "not finite":
            return Result(ex.label, "wrong", f"Not quite: your expression is not finite "
                                             f"{place}. {ex.hint}".rstrip())
        return Result(ex.label, "wrong", f"Not quite: your expression differs from {ex.what} "
                                         f"{place}.{note} {ex.hint}".rstrip())
    for form in ex.forms:
        if not form.test(expr):
            return Result(ex.label, "wrong", f"Your expression equals {ex.what}, but the "
                                             f"exercise asks for {form.asks}.")
    return Result(ex.label, "correct", f"Correct: your expression equals {ex.what} for "
                                       f"every real {name}.")


def _judge_function(ex: Exercise, answer: object) -> Result:
    name = ex.function.name
    if answer is None or answer is Ellipsis:
        raise _Missing
    if isinstance(answer, (np.ndarray, list, tuple, numbers.Number, np.generic)):
        raise _Refused(f"this is a value; pass the function itself, "
                       f"checks.check({ex.label!r}, {name}), without calling it.")
    if isinstance(answer, (sp.Basic, str)) or not callable(answer):
        raise _Refused(f"this exercise asks for a Python function `def {name}(...)` "
                       f"that works on NumPy arrays, not a {type(answer).__name__}.")
    status, sentence = coding.judge(ex, answer)
    if status == "correct":
        return Result(ex.label, status, f"Correct: {sentence}")
    if status == "missing":
        return Result(ex.label, status, f"No answer yet: {sentence}")
    return Result(ex.label, status, f"Not yet: {sentence} {ex.hint}".rstrip())


def check(label: str, answer: object) -> Result:
    """Check ``answer`` to the exercise labelled ``label``; never raises.

    Parameters
    ----------
    label : the exercise's ``:label:`` (see :func:`labels`).
    answer : the student's answer: a number, a SymPy expression or (coding
        exercises) a function, in any of the forms the module docstring lists.

    Returns
    -------
    Result
        ``.correct`` and ``.message``; shown as a note in a notebook.
    """
    ex = KEYS.get(label) if isinstance(label, str) else None
    if ex is None:
        return Result(str(label), "wrong", f"There is no checked exercise labelled "
                                           f"{label!r}; see checks.labels().")
    try:
        if ex.kind == "function":
            return _judge_function(ex, answer)
        answer = _common(answer)
        judge = _judge_formula if ex.kind == "formula" else _judge_number
        return judge(ex, answer)
    except _Missing:
        kind = {"formula": "a SymPy expression", "number": "a number",
                "function": "your function"}[ex.kind]
        return Result(label, "missing", f"No answer yet: replace None with your answer "
                                        f"({kind} for {ex.what}).")
    except _Refused as refusal:
        return Result(label, "wrong", f"Cannot check this: {refusal}")
    except Exception as err:  # noqa: BLE001 - a student's answer must never raise
        return Result(label, "wrong", f"Cannot check this answer ({type(err).__name__}: "
                                      f"{err}); give a number or a SymPy expression.")
