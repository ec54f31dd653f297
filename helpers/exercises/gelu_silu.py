"""Chapter: book/gelu_silu.md

Answer keys of the exercises of *GELU, SiLU, Mish and softplus*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import BY_HAND, ONLY_EXP, Exercise, Rubric, coding_exercise, sig_figs

CHAPTER = "book/gelu_silu.md"
TITLE = "GELU, SiLU/Swish, Mish and softplus"
GOALS = (
    "Differentiate GELU and SiLU by hand and see where SiLU's slope exceeds 1.",
    "Derive the 0.044715 of the tanh approximation from Taylor series.",
    "Locate SiLU's minimum with the Lambert W function.",
    "Implement SiLU stably for |x| up to 1e4.",
)
PREREQUISITES = ("The sigmoid; ELU and SELU.", "Taylor series; the normal CDF Φ and erf.")


def _silu_minimum() -> float:
    """SiLU's lowest value, -W(1/e), checked against the registry's SiLU at its minimiser."""
    x_min = -1 - sp.LambertW(sp.exp(-1))
    return float(act.get("silu").expr.subs(act.x, x_min))


EXERCISES = (
    Exercise("gelu-ex-derivative", CHAPTER, "formula", lambda: act.get("gelu").dexpr,
             "GELU'(x)", forms=(BY_HAND,),
             hint="Product rule on x Phi(x), then the chain rule on erf(x/sqrt(2)).",
             points=2, minutes=15),
    Exercise("gelu-ex-taylor", CHAPTER, "number", lambda: (4 - sp.pi) / (6 * sp.pi),
             "the cubic coefficient a", precision=sig_figs(3),
             hint="Equate the x^3 coefficients: c a - c^3/3 on one side, "
                  "-1/(3 sqrt(2 pi)) on the other, with c = sqrt(2/pi).",
             points=3, minutes=20),
    Exercise("gelu-ex-swish", CHAPTER, "formula", lambda: act.get("silu").dexpr,
             "SiLU'(x)", forms=(ONLY_EXP,),
             hint="Product rule on x sigma(x), with sigma' = sigma (1 - sigma) and "
                  "sigma = 1/(1 + exp(-x)).",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Show that SiLU′ exceeds 1 somewhere for x > 0.", 1,
                 "1 point: a point x > 0 with SiLU′(x) > 1, evaluated (e.g. x = 2.4, about "
                 "1.0998), or the argument that SiLU′ → 1 from above.",
                 "SiLU′(2.4) = σ(2.4) + 2.4·σ(2.4)(1 − σ(2.4)) ≈ 1.0998 > 1 (the maximum is "
                 "about 1.0998 near x ≈ 2.4); ReLU′ is never above 1."),)),
    Exercise("gelu-ex-silu-min", CHAPTER, "number", _silu_minimum,
             "the minimum value of SiLU", precision=sig_figs(3),
             hint="x_min = -1 - W(1/e); the value there is x_min + 1.",
             points=1, minutes=15,
             rubric=(Rubric(
                 "Show that σ(x_min) = 1 + 1/x_min, hence SiLU(x_min) = x_min + 1.", 2,
                 "1 point: SiLU′ = σ(1 + x(1 − σ)) = 0 with σ > 0 gives 1 − σ = −1/x. "
                 "1 point: then x·σ(x) = x(1 + 1/x) = x + 1.",
                 "SiLU′ = σ + xσ(1 − σ) = σ(1 + x(1 − σ)). Since σ > 0, SiLU′ = 0 means "
                 "1 − σ = −1/x, i.e. σ(x_min) = 1 + 1/x_min, and SiLU(x_min) = x_min·σ(x_min) "
                 "= x_min + 1."),)),
    coding_exercise("gelu-ex-my-silu", CHAPTER, "my_silu", act.get("silu").f, "SiLU(x)",
                    "SiLU is x times the sigmoid; compute the sigmoid without exp of a large "
                    "positive number (use exp(-|x|) on each side).",
                    minutes=15),
)
