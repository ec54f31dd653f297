"""Derivation and sound verification with SymPy.

Introduced in: book/why_activations.md

Chapters derive a derivative, display it as LaTeX and *verify* identities with
:func:`assert_identity`, which fails loudly when the identity is false.

Deciding ``lhs == rhs`` for every real ``x`` (:func:`find_disagreement`):

1. Either side holding ``nan``, ``oo``, ``-oo`` or ``zoo``, or an unevaluated
   ``Derivative``, ``Integral``, ``Limit``, ``Sum`` or ``Product``, is a
   disagreement: nothing undefined or unfinished is ever "equal".
2. With other free symbols (parameters such as ``alpha``), a difference that
   ``simplify`` reduces to 0 proves the identity; otherwise the parameters
   get random positive values.
3. ``Abs``, ``Max``, ``Min``, ``sign`` and ``Heaviside`` are rewritten as
   ``Piecewise``. The breakpoints of *both* sides split the real line into
   intervals, and both sides are compared numerically (30 significant digits)
   on each interval: just inside both of its ends, at random inner points,
   and on the two tails at random log-spaced points out to ``|x| = 1e6``.
   The random points come from a generator seeded by a hash of the two
   expressions: reproducible, but not a grid fixed in advance.
4. On each tail, the limit of the difference of the two pieces at ``±oo``
   must be 0 when SymPy can take it.
5. Optionally (``at_breakpoints=True``, the default) the exact values at the
   breakpoints must agree too. Self-checks turn this off: a derivative's value
   at a kink is a convention, and a check compares functions away from kinks.

Any value that is not finite (NaN, an infinity) is a disagreement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp
from IPython.display import Math

from helpers import activations as act
from helpers import distributions, piecewise

__all__ = [
    "x",
    "Disagreement",
    "derivative",
    "find_disagreement",
    "is_identity",
    "assert_identity",
    "lambdify",
    "equation",
    "critical_points",
    "breakpoints",
    "UNEVALUATED",
    "NON_FINITE",
]

x = act.x

#: Objects that stand for a computation SymPy has not done.
UNEVALUATED = (sp.Derivative, sp.Integral, sp.Limit, sp.Sum, sp.Product)
#: Values that are never equal to anything.
NON_FINITE = (sp.nan, sp.zoo, sp.oo, -sp.oo)

_DPS = 30
_TAIL = 1e6
_INNER = 8
_KINK_RULES = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)


@dataclass(frozen=True)
class Disagreement:
    """Where ``lhs`` and ``rhs`` part: ``at`` is a point, ``±oo`` or None (not comparable)."""

    reason: str
    at: object = None
    lhs: object = None
    rhs: object = None

    def __str__(self) -> str:
        if self.at is None:
            return self.reason
        return f"{self.reason} at x = {_short(self.at)} ({_short(self.lhs)} vs {_short(self.rhs)})"


def _short(value: object) -> str:
    """A value in four significant figures (real when its imaginary part is 0)."""
    if isinstance(value, sp.Expr) and value.is_number and value.is_finite:
        value = complex(value)
    if isinstance(value, (mpmath.mpf, mpmath.mpc, float, complex, int)):
        z = complex(value)
        if not np.isfinite(z.real) or not np.isfinite(z.imag):
            return "nan" if np.isnan(z.real) or np.isnan(z.imag) else str(z.real)
        return f"{z.real:.4g}" if z.imag == 0 else f"{z.real:.4g}{z.imag:+.4g}j"
    return str(value)


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


def _unusable(e: sp.Basic) -> str | None:
    """A sentence saying why ``e`` cannot be compared, or None."""
    if not isinstance(e, sp.Expr):
        return f"{type(e).__name__} is not an expression"
    for kind in UNEVALUATED:
        if e.has(kind):
            return f"the expression holds an unevaluated {kind.__name__}"
    for bad, name in ((sp.nan, "NaN"), (sp.zoo, "complex infinity (zoo)"),
                      (sp.oo, "infinity"), (-sp.oo, "minus infinity")):
        if e.has(bad):
            return f"the expression contains {name}"
    return None


def _as_piecewise(e: sp.Expr) -> sp.Expr:
    if e.has(*_KINK_RULES):
        e = e.rewrite(sp.Piecewise)
    return e


def breakpoints(e: sp.Expr, symbol: sp.Symbol = x) -> list[sp.Expr]:
    """Finite real points where a condition of a ``Piecewise`` in ``e`` changes value.

    ``Abs``, ``Max``, ``Min``, ``sign`` and ``Heaviside`` count as ``Piecewise``.
    Conditions SymPy cannot turn into a set of reals are skipped (the random
    sampling of :func:`find_disagreement` still covers them).
    """
    found: set[sp.Expr] = set()
    for pw in _as_piecewise(sp.sympify(e)).atoms(sp.Piecewise):
        for _, cond in pw.args:
            if cond in (sp.true, sp.false) or not cond.has(symbol):
                continue
            try:
                where = cond.as_set() if cond.free_symbols == {symbol} else None
                edge = where.boundary if where is not None else sp.S.EmptySet
            except (NotImplementedError, TypeError, ValueError, AttributeError):
                continue
            if isinstance(edge, sp.FiniteSet):
                found |= {p for p in edge if p.is_real and p.is_finite}
    return sorted(found, key=float)


def _seed(*exprs: sp.Expr) -> int:
    digest = hashlib.blake2b("|".join(sp.srepr(e) for e in exprs).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "little")


def _points(cuts: list[float], rng: np.random.Generator, positive: bool) -> list[float]:
    """Sample points: both sides of each cut, random inner points, random log-spaced tails."""
    pts: list[float] = []
    edges = [-np.inf, *cuts, np.inf]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        if np.isfinite(lo) and np.isfinite(hi):
            eps = min(1e-9 * (1 + abs(lo) + abs(hi)), (hi - lo) / 8)
            pts += [lo + eps, hi - eps, *rng.uniform(lo, hi, _INNER)]
            continue
        end = hi if np.isfinite(hi) else lo if np.isfinite(lo) else 0.0
        sign = -1.0 if np.isfinite(hi) else 1.0
        if np.isfinite(end):
            pts.append(end + sign * 1e-9 * (1 + abs(end)))
        near = rng.uniform(0, 10, _INNER)
        far = 10 ** (np.arange(6) + rng.uniform(0, 1, 6))
        if not (np.isfinite(lo) or np.isfinite(hi)):
            pts += [*rng.uniform(-10, 10, 2 * _INNER), *far, *(-far), _TAIL, -_TAIL]
        else:
            pts += [end + sign * d for d in (*near, *far)] + [sign * _TAIL]
    pts = [p for p in pts if abs(p) <= _TAIL]
    return sorted({abs(p) if positive else p for p in pts if not (positive and p == 0)})


def _evaluator(e: sp.Expr, symbol: sp.Symbol):
    fast = sp.lambdify(symbol, e, modules="mpmath")

    def value(p: float):
        with mpmath.workdps(_DPS):
            try:
                return mpmath.mpmathify(fast(mpmath.mpf(p)))
            except Exception:  # noqa: BLE001 - fall back on SymPy's own evaluation
                v = e.subs(symbol, sp.Float(p, _DPS)).evalf(_DPS)
                return mpmath.mpmathify(complex(v)) if v.is_number and v.is_finite else mpmath.nan
    return value


def _finite(v) -> bool:
    return bool(mpmath.isfinite(v)) if isinstance(v, (mpmath.mpf, mpmath.mpc)) else False


def _differ(a, b, tol: float) -> bool:
    if not (_finite(a) and _finite(b)):
        return True
    return abs(a - b) > tol * (1 + max(abs(a), abs(b)))


def _exact_value(e: sp.Expr, symbol: sp.Symbol, point: sp.Expr):
    v = e.subs(symbol, point)
    if v.is_number and v.is_finite:
        return mpmath.mpmathify(complex(v.evalf(_DPS)))
    return mpmath.nan


def _piece_at(e: sp.Expr, symbol: sp.Symbol, point: float) -> sp.Expr:
    """``e`` with every ``Piecewise`` replaced by its branch that holds at ``point``."""
    def branch(*pairs):
        for value, cond in pairs:
            if cond is sp.true or cond.subs(symbol, point) is sp.true:
                return value
        return sp.nan
    return e.replace(sp.Piecewise, branch)


def _tail_limit(d: sp.Expr, symbol: sp.Symbol, end: sp.Expr):
    """lim d at end, or None when SymPy cannot say."""
    try:
        if sp.simplify(d) == 0:
            return sp.S.Zero
        value = piecewise.limit(d.subs(symbol, x), end)
    except Exception:  # noqa: BLE001 - an undecided limit leaves the sampling's verdict
        return None
    return value if value.is_number and value is not sp.nan and value.is_comparable else None


def find_disagreement(lhs: sp.Expr, rhs: sp.Expr, symbol: sp.Symbol = x, *,
                      at_breakpoints: bool = True, tol: float = 1e-10) -> Disagreement | None:
    """None when ``lhs == rhs`` for every real ``symbol``, else where they part.

    See the module docstring for the procedure. ``tol`` is relative to the
    size of the values (``|l - r| <= tol (1 + max(|l|, |r|))``).
    """
    a, b = sp.sympify(lhs), sp.sympify(rhs)
    for side, e in (("left", a), ("right", b)):
        problem = _unusable(e)
        if problem:
            return Disagreement(f"{problem} (on the {side} side)")
    params = (a.free_symbols | b.free_symbols) - {symbol}
    rng = np.random.default_rng(_seed(a, b, symbol))
    if params:
        if sp.simplify(a - b) == 0:
            return None
        values = {p: sp.Float(v, _DPS) for p, v in
                  zip(sorted(params, key=str), rng.uniform(0.3, 3.0, len(params)), strict=True)}
        a, b = a.subs(values), b.subs(values)
    a, b = _as_piecewise(a), _as_piecewise(b)
    cuts = breakpoints(a, symbol) + breakpoints(b, symbol)
    exact = sorted(set(cuts), key=float)
    fa, fb = _evaluator(a, symbol), _evaluator(b, symbol)
    for p in _points(sorted({float(c) for c in exact}), rng, bool(symbol.is_positive)):
        va, vb = fa(p), fb(p)
        if _differ(va, vb, tol):
            reason = "not finite" if not (_finite(va) and _finite(vb)) else "the values differ"
            return Disagreement(reason, p, va, vb)
    if at_breakpoints:
        for c in exact:
            va, vb = (_exact_value(e, symbol, c) for e in (a, b))
            if _differ(va, vb, tol):
                return Disagreement("the values at a breakpoint differ", c, va, vb)
    lo = min([float(c) for c in exact], default=0.0)
    hi = max([float(c) for c in exact], default=0.0)
    for end, far in ((sp.oo, hi + 1.0), (-sp.oo, lo - 1.0)):
        if symbol.is_positive and end == -sp.oo:
            continue
        limit = _tail_limit(_piece_at(a, symbol, far) - _piece_at(b, symbol, far), symbol, end)
        if limit is not None and limit != 0:
            return Disagreement("the limits differ", end, limit, 0)
    return None


def is_identity(lhs: sp.Expr, rhs: sp.Expr, symbol: sp.Symbol = x, *,
                at_breakpoints: bool = True, tol: float = 1e-10) -> bool:
    """True when ``lhs == rhs`` for all real ``symbol`` (see :func:`find_disagreement`)."""
    return find_disagreement(lhs, rhs, symbol, at_breakpoints=at_breakpoints, tol=tol) is None


def assert_identity(lhs: sp.Expr, rhs: sp.Expr, what: str = "identity",
                    symbol: sp.Symbol = x) -> None:
    """Raise ``AssertionError`` naming ``what`` unless ``lhs == rhs`` identically."""
    where = find_disagreement(lhs, rhs, symbol)
    if where is not None:
        raise AssertionError(
            f"{what} does not hold: {sp.sstr(lhs)} != {sp.sstr(rhs)}; {where}"
        )


def lambdify(expr: sp.Expr, symbol: sp.Symbol | tuple[sp.Symbol, ...] = x):
    """NumPy function of ``expr`` in ``symbol`` (``erf``, ``erfc`` and ``Piecewise`` supported).

    The same translation whether or not SciPy is installed
    (:data:`helpers.distributions.LAMBDIFY_MODULES`).
    """
    return sp.lambdify(symbol, expr, modules=distributions.LAMBDIFY_MODULES)


def equation(lhs: str, expr: sp.Expr) -> Math:
    """Display ``lhs = expr`` as typeset math, e.g. ``equation(r"\\sigma'(x)", d)``."""
    return Math(f"{lhs} = {sp.latex(expr)}")


def critical_points(expr: sp.Expr, symbol: sp.Symbol = x) -> list[sp.Expr]:
    """Real solutions of ``d expr / d symbol = 0`` that SymPy finds in closed form."""
    sols = sp.solveset(sp.diff(expr, symbol), symbol, domain=sp.S.Reals)
    if isinstance(sols, sp.FiniteSet):
        return sorted(sols, key=lambda s: float(s))
    raise ValueError(f"no finite closed-form set of critical points for {expr}: {sols}")
