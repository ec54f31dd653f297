"""Chapter: book/output_layers.md

Answer keys of the exercises of *Output layers: softmax and maxout*.
"""

import numpy as np

from helpers import activations as act
from helpers import symbolic, vector
from helpers.exercises.key import WHOLE, Exercise, Rubric, coding_exercise, sig_figs

CHAPTER = "book/output_layers.md"
TITLE = "Output layers: softmax, sigmoid, maxout"
GOALS = (
    "Recognise the sigmoid as two-class softmax and σ′ as its Jacobian.",
    "Compute the cross-entropy gradient s − y and read its signs.",
    "Explain which maxout parameters learn from one example.",
    "Implement softmax with the max-subtraction trick.",
)
PREREQUISITES = ("The sigmoid.", "Vectors, Jacobians; the cross-entropy loss.")

#: Sizes of the maxout exercise.
INPUTS, UNITS, PIECES = 100, 50, 3


def _maxout_gradient_count() -> int:
    """Parameters with a nonzero gradient for one example: the winning piece of each unit.

    Counted from a random layer: the Jacobian of maxout selects one piece per unit.
    """
    rng = np.random.default_rng(0)
    z = rng.standard_normal(UNITS * PIECES)
    winners = int(np.count_nonzero(vector.maxout_jacobian(z, PIECES)))
    return winners * (INPUTS + 1)


EXERCISES = (
    Exercise("output-ex-two-class", CHAPTER, "formula", lambda: act.get("sigmoid").expr,
             "softmax(x, 0)_0",
             hint="Divide the numerator and the denominator by e^x.",
             points=2, minutes=5,
             rubric=(Rubric(
                 "Which activation is it?", 1,
                 "1 point: the sigmoid σ(x).",
                 "1/(1 + e^(−x)) = σ(x): two-class softmax with one logit fixed at 0 is the "
                 "sigmoid of the other."),)),
    Exercise("output-ex-jacobian", CHAPTER, "formula", lambda: symbolic.derivative("sigmoid"),
             "d s_0 / d z_0",
             hint="The diagonal entry of diag(s) - s s^T is s_0 - s_0^2.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Compare it with the derivative of the sigmoid.", 1,
                 "1 point: it is σ′(x) = σ(1 − σ), because s_0 = σ(x).",
                 "J_00 = s_0(1 − s_0) with s_0 = σ(x), which is exactly σ′(x): the sigmoid's "
                 "derivative is the two-class case of the softmax Jacobian."),)),
    Exercise("output-ex-cross-entropy", CHAPTER, "number",
             lambda: vector.softmax([2.0, 1.0, 0.0])[1] - 1, "dL/dz_1", precision=sig_figs(3),
             hint="For softmax with cross-entropy, dL/dz = s - y.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Is it positive or negative, and what does gradient descent do to z_1?", 1,
                 "1 point: negative, so a descent step raises z_1 (the true class's logit).",
                 "Negative (s_1 − 1 < 0 always for the true class), so z ← z − η∂L/∂z "
                 "raises z_1; the other classes get positive components and are pushed "
                 "down."),)),
    Exercise("output-ex-maxout", CHAPTER, "number", _maxout_gradient_count,
             "the number of parameters with a nonzero gradient", precision=WHOLE,
             hint="Only the piece that wins the max in a unit affects the output; count "
                  "the weights and the bias of that piece, for every unit.",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Why only those, and what happens to a piece that never wins?", 2,
                 "1 point: the max passes its gradient only to the winning piece (the "
                 "others do not change the output). 1 point: a piece that never wins on "
                 "the data never learns — like a dead ReLU.",
                 "∂max/∂z_j is 1 for the winning piece and 0 for the others, so in each unit "
                 "only the winner's 100 weights and bias get a gradient: 50 · 101 = 5050 of "
                 "the 15 150. A piece that loses on every example is never updated, the "
                 "maxout counterpart of a dead ReLU."),)),
    coding_exercise("output-ex-my-softmax", CHAPTER, "my_softmax", vector.softmax,
                    "softmax(z)",
                    "Subtract each row's maximum before np.exp (keepdims=True keeps the "
                    "shapes aligned), then divide by the row's sum.",
                    minutes=15, args=("z",), rowwise=True),
)
