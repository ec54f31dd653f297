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
    """The chapter's spiral experiment, tanh network, learning rate 1.0."""
    X, y = datasets.spiral(300, arms=3, noise=0.2, seed=0)
    net = nn.MLP([2, 32, 32, 3], activation="tanh", init="glorot", seed=0)
    return float(nn.train(net, X, y, lr=1.0, epochs=300, seed=0).accuracy[-1])


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
             "tanh's final accuracy at lr = 1.0", precision=sig_figs(2),
             hint="Train exactly the network of the experiment (same seed, 300 epochs) "
                  "with lr=1.0 and read the last entry of history.accuracy.",
             points=1, minutes=15,
             rubric=(Rubric(
                 "How much does the gap to ReLU shrink, and what does it say about the "
                 "comparison?", 2,
                 "1 point: tanh goes from about 0.57 to about 0.9, so most of the gap "
                 "closes. 1 point: a ranking at one learning rate measures the learning rate "
                 "as much as the activation; tune each (and use several seeds).",
                 "Tanh reaches about 0.9 instead of 0.57: most of the gap to ReLU closes. "
                 "Within a fixed budget the larger step matters as much as the activation, "
                 "so a fair comparison tunes the learning rate for each activation and "
                 "averages over seeds."),)),
    coding_exercise("choosing-ex-my-gelu-tanh", CHAPTER, "my_gelu_tanh",
                    act.get("gelu_tanh").f, "GELU_tanh(x)",
                    "0.5 x (1 + tanh(c (x + 0.044715 x^3))) with c = sqrt(2/pi): compute c "
                    "with math.sqrt (a Python float), because a NumPy float64 constant "
                    "turns a float32 array into float64.",
                    minutes=15),
)
