"""Chapter: book/training_failures.md

Answer keys of the exercises of *When training fails*.
"""

import numpy as np

from helpers import activations as act
from helpers import symbolic
from helpers.exercises.key import EXACT, Exercise

CHAPTER = "book/training_failures.md"


def _clipped_first() -> float:
    g = np.array([6.0, 8.0])
    return float(g[0] * min(1.0, 2.0 / np.linalg.norm(g)))


EXERCISES = (
    Exercise("failures-ex-weights", CHAPTER, "number",
             lambda: (2.0 * float(act.get("sigmoid").df(0.0))) ** 10,
             "the bound (2/4)^n at n = 10", precision=EXACT,
             hint="Each factor |w| sigma' is at most 2 times the largest value of sigma'."),
    Exercise("failures-ex-tanh", CHAPTER, "formula", lambda: symbolic.derivative("tanh"),
             "tanh'(x)",
             hint="sp.diff(sp.tanh(x), x) gives it; make sure the result is evaluated."),
    Exercise("failures-ex-leaky", CHAPTER, "number",
             lambda: float(act.get("leaky_relu").df(-1.0)) ** 3, "d x_3 / d x_0",
             precision=EXACT,
             hint="Multiply the three factors w_k f'(z_k); what is f' on the negative side?"),
    Exercise("failures-ex-clip", CHAPTER, "number", _clipped_first,
             "the first entry of the clipped gradient", precision=EXACT,
             hint="Clipping by norm multiplies the whole vector by max_norm / ||g|| "
                  "when ||g|| > max_norm."),
)
