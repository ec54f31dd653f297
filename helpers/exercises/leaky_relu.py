"""Chapter: book/leaky_relu.md

Answer keys of the exercises of *Leaky ReLU, PReLU and RReLU*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import Exercise, Rubric, coding_exercise, normal_mean, sig_figs

x = act.x
CHAPTER = "book/leaky_relu.md"
TITLE = "Leaky ReLU, PReLU and RReLU: a slope for the negative side"
GOALS = (
    "Differentiate a loss with respect to PReLU's learnable slope.",
    "Compute the mean and the second moment of a leaky unit under normal inputs.",
    "Quantify RReLU's training-time noise.",
    "Implement a parametrised unit that keeps its input's dtype.",
)
PREREQUISITES = ("ReLU (dead units, the kink convention).",
                 "Expectation and variance; the uniform and normal distributions.")

_LOWER, _UPPER = sp.Rational(1, 8), sp.Rational(1, 3)


def _prelu_grad() -> sp.Expr:
    """(f - 1) df/dalpha with f the PReLU at alpha = 1/4 and df/dalpha = min(x, 0)."""
    f = act.get("leaky_relu", alpha=0.25).expr
    return (f - 1) * sp.Min(x, 0)


def _leaky(x: object, alpha: float = 0.01) -> object:
    return act.get("leaky_relu", alpha=alpha).f(x)


EXERCISES = (
    Exercise("leaky-ex-prelu-grad", CHAPTER, "formula", _prelu_grad, "dL/dalpha",
             hint="Chain rule: dL/dalpha = (f(x) - 1) df/dalpha; treat x <= 0 and x > 0 apart.",
             points=3, minutes=15),
    Exercise("leaky-ex-rrelu-variance", CHAPTER, "formula",
             lambda: sp.Piecewise((x**2 * (_UPPER - _LOWER)**2 / 12, x <= 0), (0, True)),
             "Var[RReLU(x)]",
             hint="Var[a x] = x^2 Var[a], and a uniform variable on [l, u] has "
                  "variance (u - l)^2/12.",
             points=2, minutes=10),
    Exercise("leaky-ex-mean", CHAPTER, "number",
             lambda: normal_mean("leaky_relu", alpha=0.1), "E[LeakyReLU(z)]",
             precision=sig_figs(3),
             hint="Split the mean into z > 0 and z <= 0; each half-line gives "
                  "plus or minus 1/sqrt(2 pi).",
             points=2, minutes=10),
    Exercise("leaky-ex-second-moment", CHAPTER, "number",
             lambda: normal_mean("leaky_relu", power=2, alpha=0.1), "E[LeakyReLU(z)^2]",
             precision=sig_figs(3),
             hint="Split at 0 again: z^2 on one half-line, (alpha z)^2 on the other, and "
                  "E[z^2 1{z > 0}] = 1/2 by symmetry.",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Why does a layer of these units keep the variance of its pre-activations "
                 "with weight variance 2/((1 + α²) n)?", 2,
                 "1 point: Var of Σ w_j h_j is n·Var[w]·E[h²]. 1 point: with E[h²] = "
                 "(1 + α²)/2 · s², the product is s² exactly for that variance.",
                 "The pre-activation Σ_j w_j h_j has variance n·v·E[h²] for independent "
                 "zero-mean weights. E[h²] = (1 + α²) s²/2, so v = 2/((1 + α²) n) gives s² "
                 "back (He's rule for α = 0)."),)),
    coding_exercise("leaky-ex-my-leaky-relu", CHAPTER, "my_leaky_relu", _leaky,
                    "LeakyReLU(x)",
                    "For x > 0 return x, otherwise alpha * x, with the alpha the caller "
                    "passes (the check also calls my_leaky_relu(x, alpha=0.2)).",
                    minutes=10, special=(0.0,), variants=({}, {"alpha": 0.2})),
)
