"""Chapter: book/normalisation.md

Answer keys of the exercises of *Normalisation and skip connections*.
"""

import numpy as np

from helpers import nn
from helpers.exercises.key import EXACT, Exercise, sig_figs
from helpers.studies import normalisation

CHAPTER = "book/normalisation.md"


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
             hint="Each layer contributes a factor 1 + a_l instead of a_l."),
    Exercise("norm-ex-bn-output", CHAPTER, "number", _bn_output,
             "the batch-normalised output for x = 6", precision=sig_figs(3),
             hint="Use the batch's mean and its variance with 1/n (not 1/(n-1)), "
                  "then scale by gamma and shift by beta."),
    Exercise("norm-ex-batch-of-one", CHAPTER, "number", _batch_of_one,
             "the output of batch normalisation for a batch of one example",
             precision=EXACT,
             hint="What is x minus the mean of a batch that holds only x?"),
    Exercise("norm-ex-running-mean", CHAPTER, "number", _running_mean,
             "the running mean after three batches", precision=sig_figs(3),
             hint="Each batch moves the running mean 10 % of the way from its old "
                  "value to the batch's mean, starting from 0."),
)
