"""Expectations against the normal density, in closed form with SymPy.

Introduced in: book/initialisation.md

:func:`normal_expectation` integrates a function of ``x ~ N(0, variance)`` whose
pieces are sums of ``c * x**k * exp(beta*x + gamma)`` terms (ReLU-like, hard and
exponential-linear units and their squares) with a finite formula in ``erf`` and
``exp``; :func:`is_elementary` says whether that formula applies.
"""

from __future__ import annotations

import functools

import sympy as sp

from helpers import activations as act

__all__ = ["normal_expectation", "is_elementary", "pieces"]

x = act.x


def _parts(term: sp.Expr) -> tuple[sp.Expr, int, sp.Expr, sp.Expr] | None:
    """``term = c * x**k * exp(beta*x + gamma)`` as ``(c, k, beta, gamma)``, else None."""
    c, k, linear = sp.S.One, 0, sp.S.Zero
    for factor in sp.Mul.make_args(term):
        if not factor.has(x):
            c *= factor
            continue
        base, power = factor.as_base_exp()
        if base == x and power.is_Integer and power >= 0:
            k += int(power)
        elif base == sp.E and power.is_polynomial(x) and sp.degree(power, x) <= 1:
            linear += power
        else:
            return None
    linear = sp.expand(linear)
    return c, k, linear.coeff(x, 1), linear.coeff(x, 0)


@functools.lru_cache(maxsize=256)
def pieces(expr: sp.Expr) -> tuple[tuple[sp.Expr, sp.Interval], ...]:
    """``(piece, interval)`` pairs covering the real line.

    The registry's Piecewise conditions are ``x <= c`` in increasing ``c``,
    then ``True``; those are read directly (``as_expr_set_pairs`` solves
    inequalities and is slow), anything else goes through SymPy.
    """
    folded = sp.piecewise_fold(sp.sympify(expr))
    if not isinstance(folded, sp.Piecewise):
        return ((folded, sp.Interval(-sp.oo, sp.oo)),)
    pairs, lower = [], -sp.oo
    for piece, cond in folded.args:
        if cond == sp.true:
            return (*pairs, (piece, sp.Interval(lower, sp.oo)))
        if not (isinstance(cond, sp.LessThan) and cond.lhs == x and cond.rhs.is_number
                and cond.rhs > lower):
            return tuple(folded.as_expr_set_pairs())
        pairs.append((piece, sp.Interval(lower, cond.rhs)))
        lower = cond.rhs
    return tuple(folded.as_expr_set_pairs())


def is_elementary(expr: sp.Expr) -> bool:
    """True when every piece is a sum of ``c * x**k * exp(a*x + b)`` terms (closed form exists)."""
    return all(_parts(term) is not None for piece, _ in pieces(expr)
               for term in sp.Add.make_args(sp.expand(piece)))


def _phi(t: sp.Expr) -> sp.Expr:
    return sp.S.Zero if t in (sp.oo, -sp.oo) else sp.exp(-t**2 / 2) / sp.sqrt(2 * sp.pi)


def _Phi(t: sp.Expr) -> sp.Expr:
    if t in (sp.oo, -sp.oo):
        return sp.S.One if t == sp.oo else sp.S.Zero
    return (1 + sp.erf(t / sp.sqrt(2))) / 2


def _gauss_moment(k: int, a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``I_k``, the integral of ``u**k phi(u)`` over ``[a, b]``, by parts.

    ``I_k = [-u**(k-1) phi(u)]_a^b + (k-1) I_{k-2}``, ``I_0 = Phi(b) - Phi(a)``.
    """
    if k == 0:
        return _Phi(b) - _Phi(a)
    edge = sp.S.Zero
    for t, sign in ((b, -1), (a, 1)):
        if t not in (sp.oo, -sp.oo):
            edge += sign * t**(k - 1) * _phi(t)
    return edge + (k - 1) * _gauss_moment(k - 2, a, b) if k >= 2 else edge


def normal_expectation(expr: sp.Expr, variance: sp.Expr = sp.S.One) -> sp.Expr:
    """``E[expr(x)]`` for ``x ~ N(0, variance)`` in closed form.

    ``expr`` (a Piecewise or not) must be a sum of ``c * x**k * exp(beta*x + gamma)``
    terms on each piece. With ``x = s*u`` (``s = sqrt(variance)``) each term is
    ``c s**k exp(gamma + (beta s)**2/2)`` times a sum of the truncated normal
    moments ``I_j`` over the shifted interval: a finite formula in ``erf`` and
    ``exp``, no symbolic integration (that takes seconds per activation).
    """
    s = sp.sqrt(sp.sympify(variance))
    total = sp.S.Zero
    for piece, interval in pieces(expr):
        for term in sp.Add.make_args(sp.expand(piece)):
            parts = _parts(term)
            if parts is None:
                raise ValueError(f"no closed form here: {term} is not c*x**k*exp(beta*x+gamma)")
            c, k, beta, gamma = parts
            shift = beta * s
            lo, hi = interval.start / s - shift, interval.end / s - shift
            inner = sum(sp.binomial(k, j) * shift**(k - j) * _gauss_moment(j, lo, hi)
                        for j in range(k + 1))
            total += c * s**k * sp.exp(gamma + shift**2 / 2) * inner
    return total
