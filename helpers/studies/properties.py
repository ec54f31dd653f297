"""Chapter: book/properties.md, book/choosing.md

The property table, computed from each activation's SymPy expression.

Nothing in the table is typed in: every entry is
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
``both_signs``
    ``f(0) = 0`` *and* ``f`` takes both signs (``inf f < 0 < sup f``). ReLU
    passes through the origin but is never negative, so it fails; tanh and
    leaky ReLU pass. This is a property of the shape of ``f`` only. It is not
    "zero-centred" in the sense of a zero mean output on zero-mean inputs:
    leaky ReLU and GELU take both signs, yet their mean on ``N(0, 1)`` input
    is positive.
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
>>> from helpers.studies import properties
>>> row = properties.properties("sigmoid")
>>> row.range, row.f0, row.max_slope
(Interval.open(0, 1), 1/2, 1/4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import sympy as sp

from helpers import activations as act
from helpers import tables
from helpers.piecewise import (
    SCAN_LIMIT,
    TIE,
    Bound,
    Piece,
    extrema,
    image,
    limit,
    pick,
    pieces,
    same,
    value_at,
)

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

#: Highest derivative order compared at break points.
_MAX_ORDER = 4
_TRANSCENDENTAL = {sp.exp: "exp", sp.tanh: "exp", sp.log: "log", sp.erf: "erf"}

# ---------------------------------------------------------------------------
# The row


@dataclass(frozen=True)
class Row:
    """Computed properties of one activation (see the module docstring)."""

    name: str
    params: tuple[tuple[str, float], ...]
    range: sp.Set
    f0: sp.Expr
    both_signs: bool
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
            if not same(value_at(sp.diff(left.expr, x, order), k),
                         value_at(sp.diff(right.expr, x, order), k)):
                return order - 1
    return _MAX_ORDER


def _needs(expr: sp.Expr) -> tuple[str, ...]:
    found = {label for cls, label in _TRANSCENDENTAL.items()
             if any(a.has(x) for a in expr.atoms(cls))}
    return tuple(sorted(found))


_resolve = act.resolve


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
    f_range: sp.Set = sp.S.EmptySet
    for p in parts:
        lo, hi, exact = extrema(p.expr, p.interval)
        if not exact:
            numeric.update({"range", "minimum"})
        f_lo.append(lo)
        f_hi.append(hi)
        f_range = sp.Union(f_range, image(lo, hi))
        dlo, dhi, dexact = extrema(sp.diff(p.expr, x), p.interval)
        if not dexact:
            numeric.update({"monotonic", "max_slope"})
        f_dp += [dlo, dhi]

    inf, sup = pick(f_lo, True), pick(f_hi, False)
    jumps_up = all(
        float(value_at(r.expr, r.interval.start)) >= float(value_at(q.expr, q.interval.end)) - TIE
        for q, r in zip(parts, parts[1:], strict=False))
    slope_lo = pick(f_dp[0::2], True)
    slopes = [Bound(abs(b.value), b.where) for b in f_dp]
    steepest = pick(slopes, False)
    dead = sp.Union(*(p.interval for p in parts if not sp.diff(p.expr, x).has(x)
                      and sp.diff(p.expr, x) == 0))
    f0 = expr.subs(x, 0)
    ends = (parts[0], -sp.oo), (parts[-1], sp.oo)
    saturates = [bool(limit(sp.diff(p.expr, x), end) == 0) for p, end in ends]
    attained = inf.where is not sp.S.EmptySet
    return Row(
        name=name,
        params=params,
        range=f_range,
        f0=f0,
        both_signs=bool(f0 == 0 and float(inf.value) < 0 < float(sup.value)),
        monotonic=bool(float(slope_lo.value) >= -TIE and jumps_up),
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
SHAPE_COLUMNS = ("range", "f0", "both_signs", "monotonic", "smoothness", "minimum")
#: Columns of the "gradient" table.
GRADIENT_COLUMNS = ("saturates", "max_slope", "dead_region", "needs", "n_params")

_HEADERS = {
    "range": "range",
    "f0": "$f(0)$",
    "both_signs": "takes both signs",
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
    if column in ("both_signs", "monotonic"):
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
        lines.append(f"| {tables.activation_name(row.name)} | "
                     + " | ".join(_cell(row, c) for c in columns) + " |")
    return "\n".join(lines)

