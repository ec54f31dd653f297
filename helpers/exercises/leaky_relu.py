"""Chapter: book/leaky_relu.md

Answer keys of the exercises of *Leaky ReLU, PReLU and RReLU*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import EXACT, Exercise, normal_mean, sig_figs

x = act.x
CHAPTER = "book/leaky_relu.md"
_LOWER, _UPPER = sp.Rational(1, 8), sp.Rational(1, 3)


def _prelu_grad() -> sp.Expr:
    """(f - 1) df/dalpha with f the PReLU at alpha = 1/4 and df/dalpha = min(x, 0)."""
    f = act.get("leaky_relu", alpha=0.25).expr
    return (f - 1) * sp.Min(x, 0)


EXERCISES = (
    Exercise("leaky-ex-prelu-grad", CHAPTER, "formula", _prelu_grad, "dL/dalpha",
             hint="Chain rule: dL/dalpha = (f(x) - 1) df/dalpha; treat x <= 0 and x > 0 apart."),
    Exercise("leaky-ex-rrelu-variance", CHAPTER, "formula",
             lambda: sp.Piecewise((x**2 * (_UPPER - _LOWER)**2 / 12, x <= 0), (0, True)),
             "Var[RReLU(x)]",
             hint="Var[a x] = x^2 Var[a], and a uniform variable on [l, u] has "
                  "variance (u - l)^2/12."),
    Exercise("leaky-ex-mean", CHAPTER, "number",
             lambda: normal_mean("leaky_relu", alpha=0.1), "E[LeakyReLU(z)]",
             precision=sig_figs(3),
             hint="Split the mean into z > 0 and z <= 0; each half-line gives "
                  "plus or minus 1/sqrt(2 pi)."),
    Exercise("leaky-ex-abs", CHAPTER, "number", lambda: -1.0, "alpha with PReLU(x) = |x|",
             precision=EXACT, hint="What must alpha x be for x < 0 to equal |x|?"),
)
