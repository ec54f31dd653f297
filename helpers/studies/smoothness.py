"""Chapter: book/elu_selu.md

Is a two-piece function smooth where its pieces meet? Compare the one-sided
limits of each piece at the joint: equal limits of ``f'`` mean ``C^1`` there
(ELU only for α = 1, CELU for every α).
"""

from __future__ import annotations

import sympy as sp

from helpers import activations as act

__all__ = ["one_sided_limits"]


def one_sided_limits(piecewise: sp.Piecewise, symbol: sp.Symbol = act.x,
                     at: sp.Expr = sp.S.Zero) -> tuple[sp.Expr, sp.Expr]:
    """(limit from the left, limit from the right) at ``at`` of a two-piece Piecewise.

    Takes the limit of each piece's own expression: the limit of the whole
    ``Piecewise`` would let SymPy pick the wrong branch.

    Examples
    --------
    >>> import sympy as sp
    >>> from helpers import activations as act
    >>> one_sided_limits(sp.diff(act.get("relu").expr, act.x))
    (0, 1)
    """
    if not (isinstance(piecewise, sp.Piecewise) and len(piecewise.args) == 2):
        raise ValueError(f"piecewise must be a two-piece sympy.Piecewise, got {piecewise!r}")
    left, right = piecewise.args[0].expr, piecewise.args[1].expr
    return sp.limit(left, symbol, at, "-"), sp.limit(right, symbol, at, "+")
