"""Exact analysis of a piecewise-analytic function: pieces, limits, roots, extrema.

Introduced in: none (used by other helpers modules only)

:mod:`helpers.studies.properties` builds every column of the property table
from these. A function is
split into analytic pieces on intervals; limits at ``±oo`` are taken exactly
by cheap rules (substitution, degrees of rational functions of ``x`` or
``exp(x)``, exponential decay beating polynomial growth) before falling back
on the Gruntz algorithm; roots are exact where SymPy finds them and otherwise
come from a sign-change scan refined with Brent's method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from sympy.series.gruntz import gruntz

from helpers import activations as act
from helpers import distributions, numerics

__all__ = ["SCAN_LIMIT", "TIE", "Piece", "Bound", "pieces", "limit", "value_at", "same",
           "pick", "extrema", "image"]

x = act.x

#: Half-width of the interval on which roots are searched numerically.
SCAN_LIMIT = 40.0
_SCAN_POINTS = 4001

TIE = 1e-12
_U = sp.Symbol("u", positive=True)


# ---------------------------------------------------------------------------
# Pieces


@dataclass(frozen=True)
class Piece:
    """``f = expr`` on ``interval`` (a non-empty SymPy ``Interval``)."""

    expr: sp.Expr
    interval: sp.Interval


def _as_set(cond: sp.Basic) -> sp.Set:
    """The set where ``cond`` holds; ``x <= k``-style conditions without a solver."""
    if cond is sp.true:
        return sp.S.Reals
    if isinstance(cond, (sp.Le, sp.Lt, sp.Ge, sp.Gt)) and x in cond.args:
        rel = cond if cond.lhs == x else cond.reversed
        k = rel.rhs
        if rel.lhs == x and not k.has(x):
            return {sp.Le: sp.Interval(-sp.oo, k), sp.Lt: sp.Interval.open(-sp.oo, k),
                    sp.Ge: sp.Interval(k, sp.oo), sp.Gt: sp.Interval.open(k, sp.oo)}[type(rel)]
    return cond.as_set()


def pieces(expr: sp.Expr) -> list[Piece]:
    """Split ``expr`` into analytic pieces on consecutive intervals of ℝ.

    ``Abs`` is rewritten as a ``Piecewise`` and constant factors are folded
    into the branches, so ``1.05 * Piecewise(...)`` gives one piece per branch.
    """
    expr = sp.sympify(expr)
    if expr.has(sp.Abs, sp.sign, sp.Heaviside):
        expr = expr.rewrite(sp.Piecewise)
    expr = sp.piecewise_fold(expr)
    if not isinstance(expr, sp.Piecewise):
        return [Piece(expr, sp.Interval(-sp.oo, sp.oo))]
    out: list[Piece] = []
    remaining: sp.Set = sp.S.Reals
    for value, cond in expr.args:
        where = _as_set(cond)
        part = sp.Intersection(where, remaining)
        remaining = sp.Complement(remaining, where)
        if part is sp.S.EmptySet:
            continue
        if part is sp.S.Reals:
            part = sp.Interval(-sp.oo, sp.oo)
        if not isinstance(part, sp.Interval) or part.measure == 0:
            raise ValueError(f"cannot split {expr} into pieces on intervals (got {part})")
        out.append(Piece(value, part))
    return sorted(out, key=lambda p: float(p.interval.start))


# ---------------------------------------------------------------------------
# Roots, limits and extrema of one piece


def _determinate(value: sp.Expr) -> bool:
    return bool(value.is_number and value.is_extended_real and value is not sp.nan)


def _tends_to(e: sp.Expr, end: sp.Expr) -> sp.Expr | None:
    value = e.subs(x, end)
    return value if _determinate(value) else None


def _decays(e: sp.Expr, end: sp.Expr) -> bool:
    """True when ``|e| <= C exp(-c |x|)`` near ``end``, by a few exact rules.

    * ``exp(v)`` with ``v`` a polynomial tending to ``-oo``;
    * ``tanh(w)``, ``log(a)`` with ``w``, ``a - 1`` decaying (|tanh w| <= |w|,
      |log(1 + d)| <= 2|d| for small d); a positive integer power of a decaying factor;
    * ``c + k tanh(v)**p`` (or ``erf``) tending to 0 with ``v`` a polynomial
      tending to ``±oo``: tanh and erf reach ``±1`` exponentially fast;
    * a sum of decaying terms.
    """
    if e.is_Pow and e.exp.is_Integer and e.exp > 0:
        return _decays(e.base, end)
    if isinstance(e, sp.exp):
        return e.args[0].is_polynomial(x) and _tends_to(e.args[0], end) == -sp.oo
    if isinstance(e, sp.tanh):
        return _decays(e.args[0], end)
    if isinstance(e, sp.log):
        return _decays(e.args[0] - 1, end)
    if not e.is_Add or _tends_to(e, end) != 0:
        return False
    if all(_decays(t, end) for t in e.args):
        return True
    saturating = [t for t in e.args if t.has(x)]
    for t in saturating:
        base = t.as_coeff_Mul()[1]
        base = base.base if base.is_Pow and base.exp.is_Integer else base
        if not (isinstance(base, (sp.tanh, sp.erf)) and base.args[0].is_polynomial(x)
                and _tends_to(base.args[0], end) in (sp.oo, -sp.oo)):
            return False
    return True


def _beaten(term: sp.Expr, end: sp.Expr) -> bool:
    """True when ``term`` -> 0 because an exponentially decaying factor beats the rest.

    The rest must be factors with a finite limit or rational functions of ``x``
    (at most polynomial growth); polynomial times ``exp(-c|x|)`` tends to 0.
    """
    decaying = False
    for factor in sp.Mul.make_args(term):
        if _decays(factor, end):
            decaying = True
        elif not (_tends_to(factor, end) is not None and _tends_to(factor, end).is_finite
                  or factor.is_rational_function(x)):
            return False
    return decaying


@lru_cache(maxsize=512)
def limit(g: sp.Expr, end: sp.Expr) -> sp.Expr:
    """``lim g`` at ``end`` (±oo), exactly.

    Substituting ``end`` is enough when the result is determinate (SymPy's
    ``oo`` arithmetic returns ``nan`` for ``0 * oo``, ``oo - oo``, ...). Otherwise
    the terms of a sum are taken one by one, the same way, and the Gruntz
    algorithm is run only on the indeterminate terms (it is the costly step).
    """
    naive = g.subs(x, end)
    if _determinate(naive):
        return naive
    total = sp.S.Zero
    for term in sp.Add.make_args(g):
        value = term.subs(x, end)
        total += value if _determinate(value) else _term_limit(term, end)
    if total is sp.nan:
        return gruntz(g, x, end)
    return total


def _rational_limit(r: sp.Expr, var: sp.Symbol, at_zero: bool) -> sp.Expr:
    """Limit of a rational function of ``var`` at ``0+`` or ``+oo``, from its degrees."""
    num, den = sp.fraction(sp.cancel(r))
    pn, pd = sp.Poly(num, var), sp.Poly(den, var)
    if at_zero:  # lowest-order terms decide
        (dn,), cn = pn.terms()[-1]
        (dd,), cd = pd.terms()[-1]
    else:
        dn, cn, dd, cd = pn.degree(), pn.LC(), pd.degree(), pd.LC()
    ratio = sp.sympify(cn) / cd
    if (dn > dd) if at_zero else (dn < dd):
        return sp.S.Zero
    if dn == dd:
        return ratio
    return sp.sign(ratio) * sp.oo


def _rational_x_limit(r: sp.Expr, end: sp.Expr) -> sp.Expr:
    t = sp.Symbol("t", positive=True)
    return _rational_limit(r.subs(x, t if end == sp.oo else -t), t, at_zero=False)


def _in_exp(e: sp.Expr) -> sp.Expr | None:
    """``e`` as a rational function of ``u = exp(x)`` (tanh, log(exp) rewritten), or None."""
    r = e.rewrite(sp.exp).subs(sp.exp(x), _U)
    return r if not r.has(x) and r.is_rational_function(_U) else None


def _term_limit(term: sp.Expr, end: sp.Expr) -> sp.Expr:
    """Limit at ``±oo`` of one indeterminate term ``P(x) * R(...)``.

    ``P`` collects the factors that are rational in ``x``. If the rest is a
    rational function ``R(u)`` of ``u = exp(x)``, its limit is read off its
    degrees: ``R -> 0`` means ``R = O(e^{-c|x|})``, which beats the polynomial
    growth of ``P``, so the term tends to 0; ``R -> c != 0`` gives ``c lim P``.
    Other decaying factors are recognised by :func:`_beaten`; anything else
    goes to the Gruntz algorithm.
    """
    factors = sp.Mul.make_args(term)
    poly = sp.Mul(*(f for f in factors if f.is_rational_function(x)))
    rest = sp.Mul(*(f for f in factors if not f.is_rational_function(x)))
    if rest == 1:
        return _rational_x_limit(poly, end)
    r = _in_exp(rest)
    if r is not None:
        r_lim = _rational_limit(r, _U, at_zero=end == -sp.oo)
        if r_lim == 0:
            return sp.S.Zero
        if r_lim.is_finite:
            return r_lim * _rational_x_limit(poly, end)
    if _beaten(term, end):
        return sp.S.Zero
    return gruntz(term, x, end)


def value_at(g: sp.Expr, point: sp.Expr) -> sp.Expr:
    """Value of ``g`` at a finite point (pieces are continuous on ℝ where they apply)."""
    value = g.subs(x, point)
    if value.is_number and value.is_finite:
        return value
    return sp.limit(g, x, point)


def _numeric_roots(factor: sp.Expr, lo: float, hi: float) -> list[sp.Expr]:
    fn = sp.lambdify(x, factor, modules=distributions.LAMBDIFY_MODULES)
    grid = np.linspace(lo, hi, _SCAN_POINTS)
    with np.errstate(all="ignore"):
        values = np.asarray(fn(grid), dtype=float) * np.ones_like(grid)
    # An exact zero counts only when isolated: runs of zeros are underflow in the tails.
    nonzero = np.concatenate(([True], values != 0, [True]))
    isolated = (values == 0) & nonzero[:-2] & nonzero[2:]
    roots = [float(g) for g in grid[isolated]]
    change = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]
    with np.errstate(all="ignore"):
        for i in change:
            roots.append(numerics.find_root(lambda t: float(fn(t)), grid[i], grid[i + 1],
                                            xtol=1e-15))
    return [sp.Float(r, 15) for r in sorted(roots)]


def _roots(e: sp.Expr, interval: sp.Interval) -> tuple[list[sp.Expr], bool]:
    """Real roots of ``e`` in the interior of ``interval``, and whether all were exact."""
    inside = sp.Interval.open(interval.start, interval.end)
    numerator, _ = sp.fraction(sp.together(e))
    found: list[sp.Expr] = []
    exact = True
    for factor in sp.Mul.make_args(sp.factor_terms(numerator)):
        if factor.is_Pow and factor.exp.is_positive:
            factor = factor.base
        if not factor.has(x) or factor.is_positive or factor.is_negative:
            continue
        if factor.is_polynomial(x):
            found += [r for r in sp.Poly(factor, x).real_roots() if r in inside]
            continue
        if not factor.has(sp.erf) and sp.count_ops(factor) <= 8:
            sols = sp.solveset(factor, x, inside)
            if sols is sp.S.EmptySet or isinstance(sols, sp.FiniteSet):
                found += list(sols)
                continue
        lo = max(float(interval.start), -SCAN_LIMIT)
        hi = min(float(interval.end), SCAN_LIMIT)
        found += [r for r in _numeric_roots(factor, lo, hi) if lo < r < hi]
        exact = False
    return found, exact


@dataclass(frozen=True)
class Bound:
    value: sp.Expr
    where: sp.Set  # EmptySet when only approached


def same(a: sp.Expr, b: sp.Expr) -> bool:
    if a == b:
        return True
    fa, fb = float(a), float(b)
    if math.isinf(fa) or math.isinf(fb):
        return fa == fb
    return abs(fa - fb) <= TIE * (1 + abs(fa))


def pick(candidates: list[Bound], lowest: bool) -> Bound:
    key = (lambda c: float(c.value)) if lowest else (lambda c: -float(c.value))
    best = min(candidates, key=key)
    ties = [c for c in candidates if same(c.value, best.value)]
    exact_first = sorted(ties, key=lambda c: isinstance(c.value, sp.Float))
    return Bound(exact_first[0].value, sp.Union(*(c.where for c in ties)))


def extrema(g: sp.Expr, interval: sp.Interval) -> tuple[Bound, Bound, bool]:
    """(inf, sup, exact) of the analytic piece ``g`` over ``interval``."""
    if not g.has(x):
        return Bound(g, interval), Bound(g, interval), True
    candidates: list[Bound] = []
    for end, closed in ((interval.start, not interval.left_open),
                        (interval.end, not interval.right_open)):
        if end.is_infinite:
            candidates.append(Bound(limit(g, end), sp.S.EmptySet))
        else:
            where = sp.FiniteSet(end) if closed else sp.S.EmptySet
            candidates.append(Bound(value_at(g, end), where))
    critical, exact = _roots(sp.diff(g, x), interval)
    for c in critical:
        value = g.subs(x, c)
        value = value.evalf(15) if isinstance(c, sp.Float) else value
        candidates.append(Bound(value, sp.FiniteSet(c)))
    return pick(candidates, lowest=True), pick(candidates, lowest=False), exact


def image(lo: Bound, hi: Bound) -> sp.Set:
    if same(lo.value, hi.value):
        return sp.FiniteSet(lo.value)
    return sp.Interval(lo.value, hi.value,
                       left_open=lo.where is sp.S.EmptySet,
                       right_open=hi.where is sp.S.EmptySet)


