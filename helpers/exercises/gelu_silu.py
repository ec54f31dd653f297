"""Chapter: book/gelu_silu.md

Answer keys of the exercises of *GELU, SiLU, Mish and softplus*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import BY_HAND, ONLY_EXP, Exercise, sig_figs

CHAPTER = "book/gelu_silu.md"


def _silu_minimum() -> float:
    """SiLU's lowest value, -W(1/e), checked against the registry's SiLU at its minimiser."""
    x_min = -1 - sp.LambertW(sp.exp(-1))
    return float(act.get("silu").expr.subs(act.x, x_min))


EXERCISES = (
    Exercise("gelu-ex-derivative", CHAPTER, "formula", lambda: act.get("gelu").dexpr,
             "GELU'(x)", forms=(BY_HAND,),
             hint="Product rule on x Phi(x), then the chain rule on erf(x/sqrt(2))."),
    Exercise("gelu-ex-taylor", CHAPTER, "number", lambda: (4 - sp.pi) / (6 * sp.pi),
             "the cubic coefficient a", precision=sig_figs(3),
             hint="Equate the x^3 coefficients: c a - c^3/3 on one side, "
                  "-1/(3 sqrt(2 pi)) on the other, with c = sqrt(2/pi)."),
    Exercise("gelu-ex-swish", CHAPTER, "formula", lambda: act.get("silu").dexpr,
             "SiLU'(x)", forms=(ONLY_EXP,),
             hint="Product rule on x sigma(x), with sigma' = sigma (1 - sigma) and "
                  "sigma = 1/(1 + exp(-x))."),
    Exercise("gelu-ex-silu-min", CHAPTER, "number", _silu_minimum,
             "the minimum value of SiLU", precision=sig_figs(3),
             hint="x_min = -1 - W(1/e); the value there is x_min + 1."),
)
