"""Chapter: book/relu.md

Answer keys of the exercises of *ReLU*.
"""

import sympy as sp

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import RELU_SUM, Exercise, Rubric, coding_exercise, sig_figs

x = act.x
CHAPTER = "book/relu.md"
TITLE = "ReLU: the rectified linear unit"
GOALS = (
    "Differentiate piecewise-linear units and state the convention at a kink.",
    "Predict the fraction of zeros of a unit from its bias.",
    "Build clipped units (hard tanh, ReLU6) from ReLUs.",
    "Implement a derivative that follows the book's kink convention.",
)
PREREQUISITES = ("tanh (saturation).", "The normal distribution and its CDF Φ.")


def _hard_swish_derivative() -> sp.Expr:
    return symbolic.derivative(x * act.get("relu6").expr.subs(x, x + 3) / 6)


def _zero_fraction() -> float:
    """P(N(-1, 1) <= 0) = Phi(1)."""
    return float((1 + sp.erf(1 / sp.sqrt(2))) / 2)


EXERCISES = (
    Exercise("relu-ex-relu6", CHAPTER, "formula", lambda: act.get("relu6").dexpr,
             "ReLU6'(x)",
             hint="Find the slope on each of the three pieces x <= 0, 0 < x <= 6 and x > 6.",
             points=2, minutes=10),
    Exercise("relu-ex-hard-swish", CHAPTER, "formula", _hard_swish_derivative,
             "hard swish'(x)",
             hint="On the middle piece the function is x (x + 3)/6; on the outer "
                  "pieces it is 0 and x.",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Is the derivative continuous at x = ±3?", 1,
                 "1 point: no, with the two one-sided values at one of the ends "
                 "(−1/2 vs 0 at −3, or 3/2 vs 1 at 3).",
                 "No: at x = −3 the middle piece gives (2x + 3)/6 = −1/2 against 0 on the "
                 "left; at x = 3 it gives 3/2 against 1 on the right. The derivative jumps "
                 "at both ends."),)),
    Exercise("relu-ex-shifted", CHAPTER, "number", _zero_fraction, "the zero fraction",
             precision=sig_figs(3),
             hint="The pre-activation is normal with mean -1 and variance 1; the "
                  "output is 0 when it is at most 0.",
             points=2, minutes=10),
    Exercise("relu-ex-two-relus", CHAPTER, "formula", lambda: act.get("hard_tanh").expr,
             "hard_tanh(x)", forms=(RELU_SUM,),
             hint="Start from the constant -1 and add a ramp where hard tanh starts "
                  "to rise; take one away where it stops.",
             points=2, minutes=10),
    coding_exercise("relu-ex-my-relu6-grad", CHAPTER, "my_relu6_grad", act.get("relu6").df,
                    "ReLU6'(x)",
                    "The slope is 1 for 0 < x <= 6 and 0 elsewhere (the left-hand value at "
                    "each kink); a NaN must stay NaN, which a comparison alone loses.",
                    minutes=15, special=(0.0, 6.0)),
)
