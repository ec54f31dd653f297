"""The property table, computed from each activation's SymPy expression.

Introduced in the chapter *Properties at a glance* and used again in
*Choosing an activation*. Nothing in the table is typed in: every entry is
derived from ``Activation.expr`` (the single source of truth), and the
derivatives are ``sympy.diff`` of its pieces.

How the columns are computed
----------------------------
The expression is split into *pieces*: ``(g, I)`` pairs meaning ``f = g`` on
the interval ``I`` (a ``Piecewise`` gives one piece per branch, ``Abs`` is
rewritten as a ``Piecewise``; a smooth function is one piece on all of ℝ).
Each piece is analytic on its interval, so its extrema are found among

* interior critical points, the real roots of ``g'`` -- found exactly when
  SymPy can (polynomial factors, ``solveset`` on short factors, factors that
  SymPy proves positive are dropped) and otherwise by a sign-change scan of
  the lambdified factor on ``[-40, 40]`` refined with Brent's method;
* the interval's ends: the value at a finite end (attained if the end is
  closed) and the limit at an infinite end (never attained). Limits are exact:
  substituting ``±oo`` when that is determinate (SymPy's ``oo`` arithmetic
  gives ``nan`` for ``0 * oo``); otherwise term by term, reading the limit of
  a rational function of ``x`` or of ``u = exp(x)`` off its degrees and using
  "exponential decay beats polynomial growth"; the Gruntz algorithm (correct
  but slow) only when none of these applies.

From this the columns follow:

``range``
    union of the pieces' images (each an interval between the piece's inf
    and sup, closed where attained); a step gives the two-point set {0, 1}.
``f0``
    ``f(0)``, exact.
``zero_centred``
    ``f(0) = 0`` *and* ``f`` takes both signs (``inf f < 0 < sup f``), so that
    outputs can average to zero; ReLU passes through the origin but is not
    zero-centred in this sense, leaky ReLU and tanh are.
``monotonic``
    non-decreasing: ``f' >= 0`` on every piece and every jump goes up.
``smoothness``
    ``inf`` (C^∞) when there is one analytic piece; otherwise the largest
    ``k`` such that ``f, f', ..., f^(k)`` have equal left and right values at
    every break point; ``-1`` means ``f`` itself jumps (discontinuous).
``saturates_left`` / ``saturates_right``
    ``lim f'(x) = 0`` as ``x -> -oo`` / ``+oo``.
``max_slope`` / ``argmax_slope``
    ``sup |f'|`` and the set where it is attained (``None`` if it is only
    approached), with the left-hand derivative at kinks (``relu'(0) = 0``).
``minimum`` / ``argmin``
    ``min f`` and where, ``None`` when the infimum is not attained.
``dead_region``
    the set where ``f' = 0`` identically on an interval (a piece whose
    expression is constant), e.g. ``(-oo, 0]`` for ReLU.
``needs``
    the transcendental functions of ``x`` in the expression; ``tanh`` counts
    as ``exp`` because tanh(z) = (e^{2z} - 1)/(e^{2z} + 1).
``n_params``
    ``len(activations.parameters(name))``.

``Row.numeric`` names the columns whose value relied on the numeric root
scan; everything else is exact.

Examples
--------
>>> from helpers import properties
>>> row = properties.properties("sigmoid")
>>> row.range, row.f0, row.max_slope
(Interval.open(0, 1), 1/2, 1/4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import sympy as sp
from scipy.optimize import brentq
from sympy.series.gruntz import gruntz

from helpers import activations as act

__all__ = [
    "Row",
    "Piece",
    "pieces",
    "properties",
    "property_table",
    "table_markdown",
    "SHAPE_COLUMNS",
    "GRADIENT_COLUMNS",
    "SCAN_LIMIT",
]

x = act.x

#: Half-width of the interval on which roots are searched numerically.
SCAN_LIMIT = 40.0
_SCAN_POINTS = 4001
_TIE = 1e-12
#: Highest derivative order compared at break points.
_MAX_ORDER = 4
_U = sp.Symbol("u", positive=True)
_TRANSCENDENTAL = {sp.exp: "exp", sp.tanh: "exp", sp.log: "log", sp.erf: "erf"}


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
def _limit(g: sp.Expr, end: sp.Expr) -> sp.Expr:
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


def _at(g: sp.Expr, point: sp.Expr) -> sp.Expr:
    """Value of ``g`` at a finite point (pieces are continuous on ℝ where they apply)."""
    value = g.subs(x, point)
    if value.is_number and value.is_finite:
        return value
    return sp.limit(g, x, point)


def _numeric_roots(factor: sp.Expr, lo: float, hi: float) -> list[sp.Expr]:
    fn = sp.lambdify(x, factor, modules=["scipy", "numpy"])
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
            roots.append(brentq(lambda t: float(fn(t)), grid[i], grid[i + 1], xtol=1e-15))
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
class _Bound:
    value: sp.Expr
    where: sp.Set  # EmptySet when only approached


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    if a == b:
        return True
    fa, fb = float(a), float(b)
    if math.isinf(fa) or math.isinf(fb):
        return fa == fb
    return abs(fa - fb) <= _TIE * (1 + abs(fa))


def _pick(candidates: list[_Bound], lowest: bool) -> _Bound:
    key = (lambda c: float(c.value)) if lowest else (lambda c: -float(c.value))
    best = min(candidates, key=key)
    ties = [c for c in candidates if _same(c.value, best.value)]
    exact_first = sorted(ties, key=lambda c: isinstance(c.value, sp.Float))
    return _Bound(exact_first[0].value, sp.Union(*(c.where for c in ties)))


def _extrema(g: sp.Expr, interval: sp.Interval) -> tuple[_Bound, _Bound, bool]:
    """(inf, sup, exact) of the analytic piece ``g`` over ``interval``."""
    if not g.has(x):
        return _Bound(g, interval), _Bound(g, interval), True
    candidates: list[_Bound] = []
    for end, closed in ((interval.start, not interval.left_open),
                        (interval.end, not interval.right_open)):
        if end.is_infinite:
            candidates.append(_Bound(_limit(g, end), sp.S.EmptySet))
        else:
            where = sp.FiniteSet(end) if closed else sp.S.EmptySet
            candidates.append(_Bound(_at(g, end), where))
    critical, exact = _roots(sp.diff(g, x), interval)
    for c in critical:
        value = g.subs(x, c)
        value = value.evalf(15) if isinstance(c, sp.Float) else value
        candidates.append(_Bound(value, sp.FiniteSet(c)))
    return _pick(candidates, lowest=True), _pick(candidates, lowest=False), exact


def _image(lo: _Bound, hi: _Bound) -> sp.Set:
    if _same(lo.value, hi.value):
        return sp.FiniteSet(lo.value)
    return sp.Interval(lo.value, hi.value,
                       left_open=lo.where is sp.S.EmptySet,
                       right_open=hi.where is sp.S.EmptySet)


# ---------------------------------------------------------------------------
# The row


@dataclass(frozen=True)
class Row:
    """Computed properties of one activation (see the module docstring)."""

    name: str
    params: tuple[tuple[str, float], ...]
    range: sp.Set
    f0: sp.Expr
    zero_centred: bool
    monotonic: bool
    smoothness: float  # -1 discontinuous, k for C^k, math.inf for C^∞
    saturates_left: bool
    saturates_right: bool
    max_slope: sp.Expr
    argmax_slope: sp.Set | None
    minimum: sp.Expr | None
    argmin: sp.Set | None
    dead_region: sp.Set
    needs: tuple[str, ...]
    n_params: int
    numeric: tuple[str, ...]

    @property
    def smoothness_label(self) -> str:
        """``"C^∞"``, ``"C^1"``, ``"C^0"`` or ``"discontinuous"``."""
        if self.smoothness == math.inf:
            return "C^∞"
        if self.smoothness < 0:
            return "discontinuous"
        return f"C^{int(self.smoothness)}"

    @property
    def needs_exp(self) -> bool:
        """True when the expression uses ``exp`` (``tanh`` included)."""
        return "exp" in self.needs

    @property
    def needs_erf(self) -> bool:
        """True when the expression uses the error function."""
        return "erf" in self.needs

    @property
    def has_dead_region(self) -> bool:
        """True when ``f'`` vanishes identically on some interval."""
        return self.dead_region is not sp.S.EmptySet


def _smoothness(parts: list[Piece]) -> float:
    if len(parts) == 1:
        return math.inf
    for order in range(_MAX_ORDER + 1):
        for left, right in zip(parts, parts[1:], strict=False):
            k = left.interval.end
            if not _same(_at(sp.diff(left.expr, x, order), k),
                         _at(sp.diff(right.expr, x, order), k)):
                return order - 1
    return _MAX_ORDER


def _needs(expr: sp.Expr) -> tuple[str, ...]:
    found = {label for cls, label in _TRANSCENDENTAL.items()
             if any(a.has(x) for a in expr.atoms(cls))}
    return tuple(sorted(found))


def _resolve(item: str | act.Activation) -> act.Activation:
    if isinstance(item, act.Activation):
        return item
    if isinstance(item, str):
        return act.get(item)
    raise ValueError(f"expected an activation name or Activation, got {item!r}; "
                     f"valid names: {', '.join(act.names())}")


def properties(name_or_activation: str | act.Activation) -> Row:
    """The computed property row of one activation.

    Parameters
    ----------
    name_or_activation : str or Activation
        A registered name (default parameters) or an ``Activation`` built with
        ``activations.get(name, **params)``.

    Returns
    -------
    Row

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid names).
    """
    if isinstance(name_or_activation, str):
        key = name_or_activation.strip().lower()
        key = act.aliases().get(key, key)
        if key not in act.names():
            act.get(name_or_activation)  # raises ValueError listing the valid names
        return _row(key, tuple(sorted(act.parameters(key).items())))
    a = _resolve(name_or_activation)
    return _row(a.name, tuple(sorted(a.params.items())))


@cache
def _row(name: str, params: tuple[tuple[str, float], ...]) -> Row:
    return _compute(act.get(name, **dict(params)).expr, name, params,
                    len(act.parameters(name)))


def _compute(expr: sp.Expr, name: str, params: tuple[tuple[str, float], ...],
             n_params: int) -> Row:
    """The row of any real expression in ``x`` (the registry-free core)."""
    parts = pieces(expr)
    numeric: set[str] = set()

    f_lo, f_hi, f_dp = [], [], []
    image: sp.Set = sp.S.EmptySet
    for p in parts:
        lo, hi, exact = _extrema(p.expr, p.interval)
        if not exact:
            numeric.update({"range", "minimum"})
        f_lo.append(lo)
        f_hi.append(hi)
        image = sp.Union(image, _image(lo, hi))
        dlo, dhi, dexact = _extrema(sp.diff(p.expr, x), p.interval)
        if not dexact:
            numeric.update({"monotonic", "max_slope"})
        f_dp += [dlo, dhi]

    inf, sup = _pick(f_lo, True), _pick(f_hi, False)
    jumps_up = all(
        float(_at(r.expr, r.interval.start)) >= float(_at(q.expr, q.interval.end)) - _TIE
        for q, r in zip(parts, parts[1:], strict=False))
    slope_lo = _pick(f_dp[0::2], True)
    slopes = [_Bound(abs(b.value), b.where) for b in f_dp]
    steepest = _pick(slopes, False)
    dead = sp.Union(*(p.interval for p in parts if not sp.diff(p.expr, x).has(x)
                      and sp.diff(p.expr, x) == 0))
    f0 = expr.subs(x, 0)
    ends = (parts[0], -sp.oo), (parts[-1], sp.oo)
    saturates = [bool(_limit(sp.diff(p.expr, x), end) == 0) for p, end in ends]
    attained = inf.where is not sp.S.EmptySet
    return Row(
        name=name,
        params=params,
        range=image,
        f0=f0,
        zero_centred=bool(f0 == 0 and float(inf.value) < 0 < float(sup.value)),
        monotonic=bool(float(slope_lo.value) >= -_TIE and jumps_up),
        smoothness=_smoothness(parts),
        saturates_left=saturates[0],
        saturates_right=saturates[1],
        max_slope=steepest.value,
        argmax_slope=steepest.where if steepest.where is not sp.S.EmptySet else None,
        minimum=inf.value if attained else None,
        argmin=inf.where if attained else None,
        dead_region=dead,
        needs=_needs(expr),
        n_params=n_params,
        numeric=tuple(sorted(numeric)),
    )


def property_table(names: list[str] | None = None) -> list[Row]:
    """Rows for ``names`` (default: every registered activation, default parameters)."""
    return [properties(n) for n in (act.names() if names is None else names)]


# ---------------------------------------------------------------------------
# Display

#: Columns of the "shape of f" table.
SHAPE_COLUMNS = ("range", "f0", "zero_centred", "monotonic", "smoothness", "minimum")
#: Columns of the "gradient" table.
GRADIENT_COLUMNS = ("saturates", "max_slope", "dead_region", "needs", "n_params")

_HEADERS = {
    "range": "range",
    "f0": "$f(0)$",
    "zero_centred": "zero-centred",
    "monotonic": "monotonic",
    "smoothness": "smoothness",
    "minimum": "minimum (at)",
    "saturates": "$f'\\to 0$ at $-\\infty$ / $+\\infty$",
    "max_slope": "$\\max\\lvert f'\\rvert$ (at)",
    "dead_region": "$f'\\equiv 0$ on",
    "needs": "needs",
    "n_params": "params",
}


def _num(v: sp.Expr) -> str:
    v = sp.sympify(v)
    if v.is_infinite:
        return sp.latex(v)
    if v.is_Rational or (len(sp.latex(v)) <= 24 and not v.atoms(sp.Float)):
        return sp.latex(v)
    return f"{float(v):.6g}"


def _set(s: sp.Set) -> str:
    if s is sp.S.Reals or s == sp.Interval(-sp.oo, sp.oo):
        return "\\mathbb{R}"
    if isinstance(s, sp.Union):
        return " \\cup ".join(_set(part) for part in s.args)
    if isinstance(s, sp.FiniteSet):
        return "\\{" + ", ".join(_num(v) for v in s.args) + "\\}"
    if isinstance(s, sp.Interval):
        left = "(" if s.left_open or s.start.is_infinite else "["
        right = ")" if s.right_open or s.end.is_infinite else "]"
        return f"{left}{_num(s.start)}, {_num(s.end)}{right}"
    return sp.latex(s)


def _where(s: sp.Set | None) -> str:
    if s is None:
        return "not attained"
    if isinstance(s, sp.FiniteSet):
        return "$x = " + ", ".join(_num(v) for v in s.args) + "$"
    return f"$x \\in {_set(s)}$"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cell(row: Row, column: str) -> str:
    mark = " †" if column in row.numeric or (column == "minimum" and "range" in row.numeric) \
        else ""
    if column == "range":
        return f"${_set(row.range)}${mark}"
    if column == "f0":
        return f"${_num(row.f0)}$"
    if column in ("zero_centred", "monotonic"):
        return _yes(getattr(row, column)) + mark
    if column == "smoothness":
        label = row.smoothness_label.replace("∞", "\\infty")
        return label if label == "discontinuous" else f"${label}$"
    if column == "minimum":
        if row.minimum is None:
            return "—"
        return f"${_num(row.minimum)}$ ({_where(row.argmin)}){mark}"
    if column == "saturates":
        return f"{_yes(row.saturates_left)} / {_yes(row.saturates_right)}"
    if column == "max_slope":
        return f"${_num(row.max_slope)}$ ({_where(row.argmax_slope)}){mark}"
    if column == "dead_region":
        return "—" if not row.has_dead_region else f"${_set(row.dead_region)}$"
    if column == "needs":
        return ", ".join(row.needs) if row.needs else "—"
    if column == "n_params":
        return str(row.n_params)
    raise ValueError(f"unknown column {column!r}; valid columns: {', '.join(_HEADERS)}")


def table_markdown(rows: list[Row], columns: tuple[str, ...] | None = None) -> str:
    """A Markdown table of ``rows`` (all columns by default), math in ``$...$``.

    Entries marked † relied on the numeric root scan; all others are exact.
    Display it with ``IPython.display.Markdown(table_markdown(rows))``.
    """
    columns = tuple(SHAPE_COLUMNS + GRADIENT_COLUMNS) if columns is None else tuple(columns)
    unknown = [c for c in columns if c not in _HEADERS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(unknown)}; "
                         f"valid columns: {', '.join(_HEADERS)}")
    lines = ["| activation | " + " | ".join(_HEADERS[c] for c in columns) + " |",
             "|---" * (len(columns) + 1) + "|"]
    for row in rows:
        lines.append(f"| `{row.name}` | " + " | ".join(_cell(row, c) for c in columns) + " |")
    return "\n".join(lines)
