"""Chapter: book/training_failures.md

Answer keys of the exercises of *When training fails*.
"""


import numpy as np

from helpers import activations as act
from helpers import gradients
from helpers.exercises.key import EXACT, Exercise, Rubric, coding_exercise, sig_figs

CHAPTER = "book/training_failures.md"
TITLE = "Breaking training: vanishing gradients, dead ReLUs, exploding weights"
GOALS = (
    "Turn the depth bound around: which weights keep a deep sigmoid chain alive?",
    "Trace gradients through tanh and Leaky ReLU chains by hand and with code.",
    "Explain what clipping by global norm preserves.",
    "Implement a layer's backward pass stably.",
)
PREREQUISITES = ("The sigmoid, tanh, ReLU and Leaky ReLU chapters.",
                 "Backpropagation as a product of local derivatives.")

#: Depth and target of the weight-bound exercise.
DEPTH, TARGET = 20, 1e-3


def _weight_bound() -> float:
    """Smallest w with (w max sigma')^DEPTH >= TARGET."""
    return TARGET ** (1 / DEPTH) / float(act.get("sigmoid").df(0.0))


def _clipped_g2() -> float:
    clipped, _ = gradients.clip_by_global_norm([np.array([3.0, 4.0]), np.array([12.0])], 6.5)
    return float(clipped[1][0])


def _sigmoid_backward(z: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
    return grad_out * act.get("sigmoid").df(z)


EXERCISES = (
    Exercise("failures-ex-weights", CHAPTER, "number", _weight_bound,
             "the smallest weight bound w", precision=sig_figs(3),
             hint="Each of the n factors is at most w times the largest sigma'; solve "
                  "(w/4)^n = 10^-3 for w.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "Would weights that large actually keep the gradient at 10⁻³?", 1,
                 "1 point: no — the bound needs every pre-activation at 0; weights near 2.8 "
                 "make pre-activations large, where σ′ is far below 1/4.",
                 "No. The bound is attained only when every pre-activation is 0; with "
                 "|w| ≈ 2.8 the pre-activations are large and σ′ far below 1/4, so the real "
                 "gradient is much smaller than the bound."),)),
    Exercise("failures-ex-tanh", CHAPTER, "number",
             lambda: float(gradients.chain_gradients("tanh", 10, x0=2.0, weights=1.0,
                                                     biases=0.0)[0, -1]),
             "d x_10 / d x_0", precision=sig_figs(3),
             hint="Run the chain with gradients.chain_gradients and read the last column; "
                  "the factor of each layer is tanh' at that layer's input.",
             points=1, minutes=15,
             rubric=(Rubric(
                 "Your prediction, and why the gradient is far below tanh's bound of 1.", 2,
                 "1 point: a prediction made before computing (either way). 1 point: the "
                 "first factor tanh′(2) ≈ 0.07 already costs most; later inputs x_k shrink "
                 "towards 0 only slowly, so every factor is below 1.",
                 "The bound 1ⁿ needs every input at 0. Here the first factor is tanh′(2) ≈ "
                 "0.071, and x_k = tanh(x_{k−1}) decays slowly (about √(3/(2k))), so each "
                 "later factor 1 − x_k² is below 1 too: ∂x_10/∂x_0 ≈ 0.0037."),)),
    Exercise("failures-ex-leaky", CHAPTER, "number",
             lambda: float(gradients.chain_gradients("leaky_relu", 4, x0=1.0, weights=-1.0,
                                                     biases=0.0)[0, -1]),
             "d x_4 / d x_0", precision=EXACT,
             hint="Trace the forward pass: with w = -1 the sign of the pre-activation "
                  "changes from one unit to the next; each factor is w f'(z).",
             points=2, minutes=15,
             rubric=(Rubric(
                 "Which units are on their negative side, and what would the gradient be if "
                 "all four were?", 1,
                 "1 point: units 1 and 3 (z = −1 and −0.01); four negative units would give "
                 "0.01⁴ = 10⁻⁸.",
                 "z_1 = −1 and z_3 = −0.01 are negative, z_2 = 0.01 and z_4 = 10⁻⁴ positive, so "
                 "two factors are ±0.01 and two are ±1: 10⁻⁴. With all four negative it "
                 "would be 0.01⁴ = 10⁻⁸."),)),
    Exercise("failures-ex-clip", CHAPTER, "number", _clipped_g2,
             "the entry of g2 after clipping", precision=EXACT,
             hint="The global norm is the norm of all entries of all tensors together; "
                  "every tensor is scaled by the same factor.",
             points=2, minutes=10,
             rubric=(Rubric(
                 "What would clipping each tensor separately to norm 6.5 give, and what "
                 "does the global version keep that this does not?", 2,
                 "1 point: g1 unchanged (its norm 5 < 6.5), g2 becomes 6.5. 1 point: the "
                 "global version scales everything by one factor, so it keeps the direction "
                 "of the whole update; per-tensor clipping changes it.",
                 "Separately: ‖g1‖ = 5 stays, g2 = 12 becomes 6.5, so the update turns "
                 "towards g1. Globally: ‖(3, 4, 12)‖ = 13, every entry is halved, (1.5, 2) "
                 "and 6: same direction, length 6.5."),)),
    coding_exercise("failures-ex-my-sigmoid-backward", CHAPTER, "my_sigmoid_backward",
                    _sigmoid_backward, "grad_out * sigma'(z)",
                    "The backward pass multiplies the incoming gradient by sigma'(z) = "
                    "s (1 - s), with s a sigmoid computed without exp of a large positive "
                    "number.",
                    minutes=15, args=("z", "grad_out")),
)
