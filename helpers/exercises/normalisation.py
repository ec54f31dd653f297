"""Chapter: book/normalisation.md

Answer keys of the exercises of *Normalisation and skip connections*.
"""

import numpy as np

from helpers import activations as act
from helpers import nn
from helpers.exercises.key import EXACT, Exercise, Rubric, coding_exercise, sig_figs
from helpers.studies import normalisation

CHAPTER = "book/normalisation.md"
TITLE = "Normalisation and skip connections"
GOALS = (
    "Explain why a deep sigmoid network stalls and how batch normalisation restarts it.",
    "Compute batch normalisation's output, its running statistics and its inference mode.",
    "Derive why a skip connection adds the identity to each layer's Jacobian.",
    "Place the activation in a pre-activation residual block and say why it matters.",
)
PREREQUISITES = ("Breaking training; Initialisation.",
                 "Mean, variance and the chain rule for vectors.")


def _skip_local_derivative(x):
    """d/dx (x + tanh(x)) = 1 + tanh'(x), from the registry."""
    return 1 + act.get("tanh").df(x)


def _bn_layer(width: int, gamma: float, beta: float) -> nn.BatchNorm:
    layer = nn.BatchNorm(eps=1e-12)
    layer.bind({"gamma": np.full(width, gamma), "beta": np.full(width, beta)},
               {"gamma": np.zeros(width), "beta": np.zeros(width)})
    return layer


def _bn_output() -> float:
    layer = _bn_layer(1, 2.0, 1.0)
    return float(layer.forward(np.array([[1.0], [2.0], [3.0], [6.0]]))[0][-1, 0])


def _batch_of_one() -> float:
    layer = _bn_layer(1, 1.0, 0.5)
    return float(layer.forward(np.array([[7.3]]))[0][0, 0])


def _running_mean() -> float:
    layer = _bn_layer(1, 1.0, 0.0)
    for _ in range(3):
        layer.forward(np.array([[9.0], [11.0]]))
    return float(layer.running_mean[0])


EXERCISES = (
    Exercise("norm-ex-skip-product", CHAPTER, "number",
             lambda: float(normalisation.skip_chain(10)["skip at 1/4"]),
             "the product of (1 + a_l) over 10 layers with every a_l = 1/4",
             precision=sig_figs(3),
             hint="Each layer contributes a factor 1 + a_l instead of a_l.",
             points=2, minutes=10),
    Exercise("norm-ex-bn-output", CHAPTER, "number", _bn_output,
             "the batch-normalised output for x = 6", precision=sig_figs(3),
             hint="Use the batch's mean and its variance with 1/n (not 1/(n-1)), "
                  "then scale by gamma and shift by beta.",
             points=2, minutes=10),
    Exercise("norm-ex-batch-of-one", CHAPTER, "number", _batch_of_one,
             "the output of batch normalisation for a batch of one example",
             precision=EXACT,
             hint="What is x minus the mean of a batch that holds only x?",
             rubric=(Rubric(
                 "Why does that make training with batches of one useless, and what does "
                 "inference mode do instead?", 2,
                 "1 point: x minus the batch mean is 0, so the output is beta whatever x is "
                 "(no information passes, and the gradient to x is 0). 1 point: inference "
                 "mode normalises with the running mean and variance from training.",
                 "With one example the batch mean is x itself, so x - mean = 0 and the output "
                 "is beta = 0.5 for every input: the layer passes nothing and sends back no "
                 "gradient to x. Inference mode uses the running statistics collected in "
                 "training instead of the batch's own."),),
             points=2, minutes=10),
    Exercise("norm-ex-running-mean", CHAPTER, "number", _running_mean,
             "the running mean after three batches", precision=sig_figs(3),
             hint="Each batch moves the running mean 10 % of the way from its old "
                  "value to the batch's mean, starting from 0.",
             rubric=(Rubric(
                 "Compare with the bias of Adam's first moment.", 1,
                 "1 point: both are exponential moving averages started at 0, biased "
                 "towards 0 by the factor 1 - 0.9^t; Adam divides it out, the running mean "
                 "does not.",
                 "Both average with weight 0.9 on the past from a start at 0, so after t "
                 "steps they hold (1 - 0.9^t) of the true value (here 2.71 of 10). Adam "
                 "corrects this bias by dividing by 1 - 0.9^t; batch normalisation's "
                 "running mean is left biased until many batches have passed."),),
             points=2, minutes=10),
    coding_exercise("norm-ex-my-skip-grad", CHAPTER, "my_skip_grad", _skip_local_derivative,
                    "1 + tanh'(x)",
                    "tanh'(x) = 1 - tanh(x)**2 is accurate enough here because 1 is added; "
                    "np.tanh never overflows. Keep the dtype: x.dtype.type(1).", minutes=10),
)
