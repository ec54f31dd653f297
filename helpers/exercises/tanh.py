"""Chapter: book/tanh.md

Answer keys of the exercises of *Tanh*.
"""

import math

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import (
    BY_HAND,
    WITH_TANH_NO_EXP,
    Exercise,
    Rubric,
    coding_exercise,
    sig_figs,
)

CHAPTER = "book/tanh.md"
TITLE = "tanh: the zero-centred sigmoid"
GOALS = (
    "Derive tanh′ = 1 − tanh² by hand and relate tanh to the sigmoid.",
    "Compare tanh's saturation with the sigmoid's, and softsign's slower tails.",
    "Implement tanh′ without overflow.",
)
PREREQUISITES = ("The sigmoid (σ′ and saturation).", "Quotient rule; hyperbolic functions.")


def _one_percent() -> float:
    """The z > 0 with tanh'(z) = 0.01 tanh'(0): tanh(z)^2 = 1 - 0.01 tanh'(0)."""
    peak = float(act.get("tanh").df(0.0))
    return math.atanh(math.sqrt(1 - 0.01 * peak))


EXERCISES = (
    Exercise("tanh-ex-derivative", CHAPTER, "formula",
             lambda: symbolic.derivative("tanh"), "tanh'(x)", forms=(BY_HAND,),
             hint="With u = e^x - e^-x and v = e^x + e^-x, note u' = v and v' = u.",
             points=2, minutes=10),
    Exercise("tanh-ex-sigmoid", CHAPTER, "formula", lambda: act.get("sigmoid").expr,
             "sigma(x)", forms=(WITH_TANH_NO_EXP,),
             hint="Solve tanh(x) = 2 sigma(2x) - 1 for sigma(2x), then replace x by x/2.",
             points=2, minutes=10),
    Exercise("tanh-ex-softsign", CHAPTER, "formula", lambda: act.get("softsign").dexpr,
             "softsign'(x)",
             hint="Differentiate x/(1 + x) and x/(1 - x) separately; both are one "
                  "expression in |x|.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "What is the slope at x = 0, and how does it compare with tanh's?", 1,
                 "1 point: 1, the same as tanh′(0).",
                 "softsign′(0) = 1/(1 + 0)² = 1, equal to tanh′(0) = 1; softsign's slope then "
                 "decays only like 1/x², tanh's like e^(−2|x|)."),)),
    Exercise("tanh-ex-saturated", CHAPTER, "number", _one_percent,
             "the z with tanh'(z) = 0.01", precision=sig_figs(3),
             hint="Write tanh' with tanh itself, solve for tanh(z), then invert tanh "
                  "(np.arctanh).",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Compare with the input at which σ′ falls to 1 % of its own peak, and "
                 "explain the factor between them with tanh(x) = 2σ(2x) − 1.", 2,
                 "1 point: the sigmoid's 1 % point is twice as far out (about 5.99). "
                 "1 point: tanh′(x) = 4σ′(2x), so tanh′(x)/tanh′(0) = σ′(2x)/σ′(0): the "
                 "same shape, squeezed by 2.",
                 "Differentiating tanh(x) = 2σ(2x) − 1 gives tanh′(x) = 4σ′(2x), i.e. "
                 "tanh′(x)/tanh′(0) = σ′(2x)/σ′(0). So tanh reaches 1 % of its peak at "
                 "z ≈ 2.99 and the sigmoid at 2z ≈ 5.99: tanh saturates at half the input."),)),
    coding_exercise("tanh-ex-my-tanh-grad", CHAPTER, "my_tanh_grad", act.get("tanh").df,
                    "tanh'(x)",
                    "np.tanh never overflows; write the derivative with tanh itself "
                    "instead of exp(x) + exp(-x).",
                    minutes=10),
)
