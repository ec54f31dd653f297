"""Chapter: book/relu.md

Answer keys of the exercises of *ReLU*.
"""

import sympy as sp

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import RELU_SUM, Exercise, sig_figs

x = act.x
CHAPTER = "book/relu.md"


def _hard_swish_derivative() -> sp.Expr:
    return symbolic.derivative(x * act.get("relu6").expr.subs(x, x + 3) / 6)


def _zero_fraction() -> float:
    """P(N(-1, 1) <= 0) = Phi(1)."""
    return float((1 + sp.erf(1 / sp.sqrt(2))) / 2)


EXERCISES = (
    Exercise("relu-ex-relu6", CHAPTER, "formula", lambda: act.get("relu6").dexpr,
             "ReLU6'(x)",
             hint="Find the slope on each of the three pieces x <= 0, 0 < x <= 6 and x > 6."),
    Exercise("relu-ex-hard-swish", CHAPTER, "formula", _hard_swish_derivative,
             "hard swish'(x)",
             hint="On the middle piece the function is x (x + 3)/6; on the outer "
                  "pieces it is 0 and x."),
    Exercise("relu-ex-shifted", CHAPTER, "number", _zero_fraction, "the zero fraction",
             precision=sig_figs(3),
             hint="The pre-activation is normal with mean -1 and variance 1; the "
                  "output is 0 when it is at most 0."),
    Exercise("relu-ex-two-relus", CHAPTER, "formula", lambda: act.get("hard_tanh").expr,
             "hard_tanh(x)", forms=(RELU_SUM,),
             hint="Start from the constant -1 and add a ramp where hard tanh starts "
                  "to rise; take one away where it stops."),
)
