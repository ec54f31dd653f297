"""Chapter: book/choosing.md

Answer keys of the exercises of *Choosing an activation*.
"""

import sympy as sp

from helpers import datasets, nn
from helpers.exercises.key import Exercise, normal_mean, sig_figs

CHAPTER = "book/choosing.md"
#: The variable of the He exercise (the chapter's ``n``).
n = sp.Symbol("n", positive=True)


def _tanh_accuracy_at_lr_1() -> float:
    """The chapter's spiral experiment, five tanh networks at learning rate 1.0:
    mean test accuracy after the last epoch."""
    train = datasets.spiral(300, arms=3, noise=0.2, seed=0)
    test = datasets.spiral(300, arms=3, noise=0.2, seed=1)
    _, h = nn.train_many([2, 32, 32, 3], *train, seeds=range(5), activation="tanh",
                         init="glorot", lr=1.0, epochs=300, test=test)
    return float(h.test_accuracy[:, -1].mean())


EXERCISES = (
    Exercise("choosing-ex-he", CHAPTER, "formula", lambda: 2 / n,
             "the He weight variance", symbol=n,
             hint="The variance of a sum of n independent zero-mean terms w_j h_j is "
                  "n E[w^2] E[h^2]."),
    Exercise("choosing-ex-mean", CHAPTER, "number", lambda: normal_mean("relu"),
             "E[ReLU(z)]", precision=sig_figs(3),
             hint="Integrate x phi(x) over x > 0; x phi(x) is minus the derivative of phi."),
    Exercise("choosing-ex-gelu-mean", CHAPTER, "number", lambda: normal_mean("gelu"),
             "E[GELU(z)]", precision=sig_figs(3),
             hint="Integrate by parts; what is left is the integral of phi(z)^2."),
    Exercise("choosing-ex-lr", CHAPTER, "number", _tanh_accuracy_at_lr_1,
             "tanh's mean test accuracy at lr = 1.0", precision=sig_figs(2),
             hint="Train exactly the networks of the experiment (same seeds, 300 epochs) "
                  "with lr=1.0 and average the last column of history.test_accuracy."),
)
