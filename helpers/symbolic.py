"""Derivation and verification with SymPy.

Introduced in: book/why_activations.md

Chapters derive a derivative, display it as LaTeX and *verify* identities
with :func:`assert_identity`, which fails loudly when the identity is false.

Comparing expressions: ``sympy.simplify`` may rewrite an expression into an
equivalent but different form (e.g. sigma' as ``1/(4 cosh(x/2)**2)``), so
equality is decided by ``simplify(a - b) == 0`` and, where SymPy cannot
decide, by evaluation at many points with high precision.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import sympy as sp
from IPython.display import Math

from helpers import activations as act

__all__ = [
    "x",
    "derivative",
    "is_identity",
    "assert_identity",
    "numeric_points",
    "lambdify",
    "equation",
    "critical_points",
]

x = act.x

#: Points (kinks excluded by jittering) used for numeric identity checks.
_CHECK_POINTS = tuple(np.round(np.linspace(-7.3, 7.3, 41), 6)) + (0.013, -0.021)


def _expr(item: str | act.Activation | sp.Expr) -> sp.Expr:
    if isinstance(item, str):
        return act.get(item).expr
    if isinstance(item, act.Activation):
        return item.expr
    return sp.sympify(item)


def derivative(item: str | act.Activation | sp.Expr, order: int = 1) -> sp.Expr:
    """``d^order/dx^order`` of an activation (by name or object) or an expression."""
    if order < 1:
        raise ValueError(f"order must be >= 1, got {order}")
    return sp.diff(_expr(item), x, order)


def numeric_points() -> tuple[float, ...]:
    """The x values at which :func:`is_identity` compares numerically."""
    return _CHECK_POINTS


def is_identity(lhs: sp.Expr, rhs: sp.Expr, symbol: sp.Symbol = x,
                points: Iterable[float] = _CHECK_POINTS, tol: float = 1e-12) -> bool:
    """True when ``lhs == rhs`` for all real ``symbol``.

    First tries ``simplify(lhs - rhs) == 0``. If SymPy cannot reduce the
    difference to zero, it is evaluated with 30 significant digits at
    ``points``; a single disagreement beyond ``tol`` returns False.
    """
    diff = sp.sympify(lhs) - sp.sympify(rhs)
    if sp.simplify(diff) == 0:
        return True
    for p in points:
        value = diff.subs(symbol, sp.Float(p, 30)).evalf(30)
        if not value.is_number or abs(complex(value)) > tol:
            return False
    return True


def assert_identity(lhs: sp.Expr, rhs: sp.Expr, what: str = "identity",
                    symbol: sp.Symbol = x) -> None:
    """Raise ``AssertionError`` naming ``what`` unless ``lhs == rhs`` identically."""
    if not is_identity(lhs, rhs, symbol=symbol):
        raise AssertionError(
            f"{what} does not hold: {sp.sstr(lhs)} != {sp.sstr(rhs)}"
        )


def lambdify(expr: sp.Expr, symbol: sp.Symbol = x):
    """NumPy/SciPy function of ``expr`` (``erf`` and ``Piecewise`` supported)."""
    return sp.lambdify(symbol, expr, modules=["scipy", "numpy"])


def equation(lhs: str, expr: sp.Expr) -> Math:
    """Display ``lhs = expr`` as typeset math, e.g. ``equation(r"\\sigma'(x)", d)``."""
    return Math(f"{lhs} = {sp.latex(expr)}")


def critical_points(expr: sp.Expr, symbol: sp.Symbol = x) -> list[sp.Expr]:
    """Real solutions of ``d expr / d symbol = 0`` that SymPy finds in closed form."""
    sols = sp.solveset(sp.diff(expr, symbol), symbol, domain=sp.S.Reals)
    if isinstance(sols, sp.FiniteSet):
        return sorted(sols, key=lambda s: float(s))
    raise ValueError(f"no finite closed-form set of critical points for {expr}: {sols}")
