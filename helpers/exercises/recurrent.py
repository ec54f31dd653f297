"""Chapter: book/recurrent.md

Answer keys of the exercises of *Recurrent networks and gates*.
"""

import numpy as np

from helpers import activations as act
from helpers.exercises.key import EXACT, Exercise, coding_exercise, sig_figs

CHAPTER = "book/recurrent.md"
TITLE = "Recurrent networks and gates"
GOALS = (
    "Derive the gradient through T steps of a tanh RNN as a product of Jacobians.",
    "Relate vanishing and exploding gradients to the recurrent weight's spectral radius.",
    "Explain why clipping rescues the exploding case but not the vanishing one.",
    "Explain how the LSTM's additive cell state and sigmoid gates keep the gradient.",
)
PREREQUISITES = ("The sigmoid and tanh chapters; Breaking training (clipping).",
                 "Matrix products and the spectral radius at the level of a first course.")


def _linear_bound() -> float:
    """||W^20|| for W = 0.9 times an orthogonal matrix: the tanh factors are 1 at h = 0."""
    return 0.9 ** 20 * float(act.get("tanh").df(0.0)) ** 20


def _forget_kept() -> float:
    """prod f_t over 10 steps with every forget gate at sigma(1)."""
    return float(act.get("sigmoid").f(1.0)) ** 10


def _forget_needed() -> float:
    """The constant forget gate that keeps half the gradient after 50 steps."""
    return 0.5 ** (1 / 50)


def _clipped_small() -> float:
    """A gradient of norm 1e-6 clipped at norm 1 is unchanged."""
    g = np.array([6e-7, 8e-7])
    return float(np.linalg.norm(g * min(1.0, 1.0 / np.linalg.norm(g))))


EXERCISES = (
    Exercise("recurrent-ex-bound", CHAPTER, "number", _linear_bound,
             "the norm of dh_20/dh_0 at h = 0", precision=sig_figs(3),
             points=2, minutes=10,
             hint="At h = 0 every tanh factor 1 - h^2 is 1; what is left is a power of W."),
    Exercise("recurrent-ex-forget", CHAPTER, "number", _forget_kept,
             "dc_10/dc_0 with every forget gate at sigma(1)", precision=sig_figs(3),
             points=2, minutes=10,
             hint="Along the cell path each step multiplies by the forget gate's value."),
    Exercise("recurrent-ex-half", CHAPTER, "number", _forget_needed,
             "the forget gate value that keeps half the gradient after 50 steps",
             precision=sig_figs(3),
             points=2, minutes=10,
             hint="Solve f^50 = 1/2 for f."),
    Exercise("recurrent-ex-clip", CHAPTER, "number", _clipped_small,
             "the norm of the clipped gradient", precision=EXACT,
             points=1, minutes=5,
             hint="Clipping by norm multiplies by max_norm / ||g|| only when ||g|| > max_norm."),
    coding_exercise("recurrent-ex-my-gate-grad", CHAPTER, "my_gate_grad",
                    act.get("sigmoid").df, "sigma'(x)",
                    "With e = np.exp(-np.abs(x)), sigma'(x) = e / (1 + e)**2 for every x: "
                    "symmetric, and the exponent is never positive.", minutes=15),
)
