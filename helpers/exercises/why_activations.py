"""Chapter: book/why_activations.md

Answer keys of the exercises of *Why activation functions?*.
"""

import sympy as sp

from helpers import activations as act
from helpers.exercises.key import EXACT, LINEAR, RELU_SUM, Exercise, Rubric, coding_exercise

x = act.x
CHAPTER = "book/why_activations.md"
TITLE = "Why activation functions?"
GOALS = (
    "Show that stacked linear layers collapse into one affine map.",
    "Build piecewise-linear functions from ReLUs and read their slopes.",
    "Explain why no linear classifier solves XOR.",
)
PREREQUISITES = ("Matrix-vector products and the chain rule.",
                 "Python with NumPy arrays; SymPy basics (symbols, expressions).")

EXERCISES = (
    Exercise("why-ex-collapse", CHAPTER, "formula",
             lambda: -2 * (3 * x + 1) + 5, "y(x)", forms=(LINEAR,),
             hint="Substitute h = 3x + 1 into the output layer and expand.",
             points=2, minutes=5),
    Exercise("why-ex-bump", CHAPTER, "formula",
             lambda: sp.Max(0, 1 - sp.Abs(x - 1)), "the bump", forms=(RELU_SUM,),
             hint="Each ReLU adds its weight to the slope from its kink on: "
                  "list the slopes you need on [0, 1], [1, 2] and after 2.",
             points=3, minutes=15),
    Exercise("why-ex-xor-line", CHAPTER, "number", lambda: 0.75,
             "the best linear accuracy on XOR", precision=EXACT,
             hint="A half-plane is convex: can it hold two opposite corners "
                  "without their midpoint?",
             points=1, minutes=15,
             rubric=(Rubric(
                 "Argue that no line does better.", 3,
                 "1 point: half-planes are convex (a side that holds two points holds "
                 "their midpoint). 1 point: both diagonals have the midpoint (0, 0), so the "
                 "two classes cannot both lie wholly on their own side. 1 point: hence at "
                 "least one corner (50 points) is misclassified, and a line cutting off one "
                 "corner reaches 150/200.",
                 "If a line put (1, 1) and (-1, -1) on one side and (1, -1), (-1, 1) on the "
                 "other, (0, 0) — the midpoint of both pairs — would lie on both sides. So at "
                 "least one corner is wrong: at most 150/200 = 0.75, reached by a line that "
                 "cuts off one corner."),)),
    coding_exercise("why-ex-my-relu", CHAPTER, "my_relu", act.get("relu").f, "ReLU(x)",
                    "np.maximum(x, 0) works element by element, keeps the dtype and "
                    "passes NaN on; Python's max and an `if` do not work on arrays.",
                    points=3, minutes=10, special=(0.0,)),
)
