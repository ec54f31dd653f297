"""Chapter: book/output_layers.md

Answer keys of the exercises of *Output layers: softmax and maxout*.
"""

from helpers import activations as act
from helpers import symbolic, vector
from helpers.exercises.key import WHOLE, Exercise, sig_figs

CHAPTER = "book/output_layers.md"

EXERCISES = (
    Exercise("output-ex-two-class", CHAPTER, "formula", lambda: act.get("sigmoid").expr,
             "softmax(x, 0)_0",
             hint="Divide the numerator and the denominator by e^x."),
    Exercise("output-ex-jacobian", CHAPTER, "formula", lambda: symbolic.derivative("sigmoid"),
             "d s_0 / d z_0",
             hint="The diagonal entry of diag(s) - s s^T is s_0 - s_0^2."),
    Exercise("output-ex-cross-entropy", CHAPTER, "number",
             lambda: vector.softmax([2.0, 1.0, 0.0])[1] - 1, "dL/dz_1", precision=sig_figs(3),
             hint="For softmax with cross-entropy, dL/dz = s - y."),
    Exercise("output-ex-maxout", CHAPTER, "number", lambda: 3 * 50 * (100 + 1),
             "the number of parameters", precision=WHOLE,
             hint="Each of the k pieces of each unit is a full affine map: weights and a bias."),
)
