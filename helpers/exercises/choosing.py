"""Chapter: book/choosing.md

Answer keys of the exercises of *Choosing an activation*.
"""

import sympy as sp

from helpers import activations as act
from helpers import datasets, nn
from helpers.exercises.key import Exercise, Rubric, coding_exercise, normal_mean, sig_figs

CHAPTER = "book/choosing.md"
TITLE = "Choosing an activation"
GOALS = (
    "Derive He initialisation from a variance argument.",
    "Compute how far ReLU and GELU are from zero-centred.",
    "Judge a comparison of activations by its learning rate.",
    "Implement the tanh-approximated GELU in float32 without promoting to float64.",
)
PREREQUISITES = ("All activation chapters; Properties at a glance.",
                 "Variance of sums of independent variables.")

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
                  "n E[w^2] E[h^2].",
             points=3, minutes=15),
    Exercise("choosing-ex-mean", CHAPTER, "number", lambda: normal_mean("relu"),
             "E[ReLU(z)]", precision=sig_figs(3),
             hint="Integrate x phi(x) over x > 0; x phi(x) is minus the derivative of phi.",
             points=2, minutes=10),
    Exercise("choosing-ex-gelu-mean", CHAPTER, "number", lambda: normal_mean("gelu"),
             "E[GELU(z)]", precision=sig_figs(3),
             hint="Integrate by parts; what is left is the integral of phi(z)^2.",
             points=2, minutes=15),
    Exercise("choosing-ex-lr", CHAPTER, "number", _tanh_accuracy_at_lr_1,
             "tanh's mean test accuracy at lr = 1.0", precision=sig_figs(2),
             hint="Train exactly the networks of the experiment (same seeds, 300 epochs) "
                  "with lr=1.0 and average the last column of history.test_accuracy.",
             points=1, minutes=15,
             rubric=(Rubric(
                 "How much does the gap to ReLU shrink, and what does it say about the "
                 "comparison?", 2,
                 "1 point: tanh's mean test accuracy goes from about 0.6 to about 0.75, so "
                 "part of the gap to ReLU (0.99) closes. 1 point: a ranking at one learning "
                 "rate measures the learning rate as much as the activation; tune each on "
                 "validation data (and use several seeds).",
                 "Tanh reaches about 0.75 instead of about 0.6: part of the gap to ReLU "
                 "(0.99) closes. Within a fixed budget the step size matters as much as the "
                 "activation, so a fair comparison tunes the learning rate for each "
                 "activation on validation data and averages over seeds, as the shoot-out "
                 "does."),)),
    coding_exercise("choosing-ex-my-gelu-tanh", CHAPTER, "my_gelu_tanh",
                    act.get("gelu_tanh").f, "GELU_tanh(x)",
                    "0.5 x (1 + tanh(c (x + 0.044715 x^3))) with c = sqrt(2/pi): compute c "
                    "with math.sqrt (a Python float), because a NumPy float64 constant "
                    "turns a float32 array into float64.",
                    minutes=15),
)
