"""Chapter: book/why_activations.md

Answer keys of the exercises of *Why activation functions?*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import EXACT, LINEAR, RELU_SUM, Exercise

x = act.x
CHAPTER = "book/why_activations.md"
_relu = act.get("relu").expr

EXERCISES = (
    Exercise("why-ex-collapse", CHAPTER, "formula",
             lambda: -2 * (3 * x + 1) + 5, "y(x)", forms=(LINEAR,),
             hint="Substitute h = 3x + 1 into the output layer and expand."),
    Exercise("why-ex-bump", CHAPTER, "formula",
             lambda: sp.Max(0, 1 - sp.Abs(x - 1)), "the bump", forms=(RELU_SUM,),
             hint="Each ReLU adds its weight to the slope from its kink on: "
                  "list the slopes you need on [0, 1], [1, 2] and after 2."),
    Exercise("why-ex-xor-line", CHAPTER, "number", lambda: 0.75,
             "the best linear accuracy on XOR", precision=EXACT,
             hint="A half-plane is convex: can it hold two opposite corners "
                  "without their midpoint?"),
)
