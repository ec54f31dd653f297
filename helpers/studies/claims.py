r"""Chapter: book/claims.md

Common claims about activations, each decided by a computation.

A :class:`Claim` is the sentence as it circulates, the chapters that explain
it, a function computing its *evidence* (a dict of numbers), a *rule* that
turns those numbers into a verdict -- ``"true"``, ``"false"`` or
``"depends"`` -- and two templates filled in with the numbers: the finding,
and (where the claim has a correct core) the correct version. Nothing in a
verdict is typed in: :func:`decide` runs the evidence and applies the rule,
so a changed number can change the verdict, and the page's assertion on it
then fails the build.

Examples
--------
>>> from helpers.studies import claims
>>> v = claims.decide("relu-gradient-always-1")
>>> v.value, v.numbers["at_minus_1"]
('false', 0.0)
"""

from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp
from IPython.display import Markdown

from helpers import activations as act
from helpers import distributions, gradients, nn, numerics, piecewise, symbolic, tables, verdicts
from helpers.studies import initialisation
from helpers.studies import property_effects as pe
from helpers.verdicts import VERDICTS, Claim, Verdict

__all__ = ["VERDICTS", "Claim", "Verdict", "CLAIMS", "keys", "claim", "decide",
           "summary_table", "normal_mean"]



# ---------------------------------------------------------------------------
# Shared computations


def normal_mean(name: str, **params: float) -> float:
    """``E[f(u)]`` for ``u ~ N(0, 1)`` and the registry's activation ``name``."""
    a = act.get(name, **params)
    value = numerics.integrate(lambda u: a.f(u) * np.exp(-u * u / 2), -math.inf, math.inf,
                               breakpoints=(0.0,))
    return value / math.sqrt(2 * math.pi)


def _df(name: str, at: float, **params: float) -> float:
    return float(act.get(name, **params).df(float(at)))


def _f(name: str, at: float, **params: float) -> float:
    return float(act.get(name, **params).f(float(at)))


def _factor(name: str, gain: float, depth: int = 30) -> float:
    """Predicted change of the gradient's std over ``depth`` layers (``pe.bounded_depth``)."""
    return pe.bounded_depth(name, gain, depth)[1]


_SIGMA = act.get("sigmoid").expr
_RUN = {"data": "spiral", "hidden": (16, 16), "epochs": 100}


def _run(name: str, **options: object) -> pe.Runs:
    return pe.train_runs(name, **{**_RUN, **options})


# ---------------------------------------------------------------------------
# Evidence, one function per claim


def _sigmoid_support() -> dict[str, float]:
    zeros = sp.solveset(sp.diff(_SIGMA, act.x), act.x, sp.S.Reals)
    p = (1 + math.sqrt(0.96)) / 2          # sigma'(x) = p(1 - p) = 0.01
    return {"zeros": float(len(zeros)) if zeros.is_FiniteSet else math.inf,
            "at_minus_2": _df("sigmoid", -2), "at_3": _df("sigmoid", 3),
            "outside": 1 - (_f("sigmoid", 1) - _f("sigmoid", 0)),
            "edge": math.log(p / (1 - p))}


def _sigmoid_form() -> dict[str, float]:
    residual = sp.simplify(sp.diff(_SIGMA, act.x) - _SIGMA * (1 - _SIGMA))
    return {"residual": float(residual != 0),
            "peak": float(gradients.max_derivative_exact("sigmoid"))}


def _sigmoid_tanh_explode() -> dict[str, float]:
    return {"max_sigmoid": float(gradients.max_derivative_exact("sigmoid")),
            "max_tanh": float(gradients.max_derivative_exact("tanh")),
            "sigmoid_1": _factor("sigmoid", 1.0), "tanh_1": _factor("tanh", 1.0),
            "tanh_3": _factor("tanh", 3.0)}


def _tanh_exponential() -> dict[str, float]:
    rewritten = sp.tanh(act.x).rewrite(sp.exp)
    identity = sp.simplify(rewritten - (2 * _SIGMA.subs(act.x, 2 * act.x) - 1))
    return {"exps": float(len(rewritten.atoms(sp.exp))), "residual": float(identity != 0)}


def _relu_gradient() -> dict[str, float]:
    u = np.random.default_rng(0).standard_normal(100_000)
    return {"at_minus_1": _df("relu", -1), "at_0": _df("relu", 0),
            "share": float(np.mean(act.get("relu").df(u) == 1))}


def _relu_kink() -> dict[str, float]:
    runs = _run("relu", optimiser="adam", lr=0.02)
    net = nn.MLP([2, 16, 16, 2], activation="relu", seed=0)
    X = np.random.default_rng(0).standard_normal((10_000, 2))
    return {"exact_zeros": float(sum(np.count_nonzero(z == 0) for z, _ in net.hidden(X))),
            "values": float(sum(z.size for z, _ in net.hidden(X))),
            "test": float(runs.test.mean())}


def _relu_exploding() -> dict[str, float]:
    return {"he": _factor("relu", math.sqrt(2)), "large": _factor("relu", 3.0)}


def _zero_centred() -> dict[str, float]:
    return {"leaky": normal_mean("leaky_relu"), "elu": normal_mean("elu"),
            "relu": normal_mean("relu"), "tanh": abs(normal_mean("tanh"))}


def _elu_alpha() -> dict[str, float]:
    return {"default": act.parameters("elu")["alpha"],
            "jump_small": abs(1 - _df("elu", 0, alpha=0.2)), "jump_1": abs(1 - _df("elu", 0)),
            "mean_small": normal_mean("elu", alpha=0.2), "mean_1": normal_mean("elu")}


def _dead_pieces(name: str) -> int:
    """Pieces of ``name`` on which ``f' = 0`` identically (its dead region)."""
    return sum(sp.diff(p.expr, act.x) == 0 for p in piecewise.pieces(act.get(name).expr))


def _elu_dead() -> dict[str, float]:
    return {"dead": float(_dead_pieces("elu")), "dead_relu": float(_dead_pieces("relu")),
            "at_minus_5": _df("elu", -5), "at_minus_10": _df("elu", -10)}


def _selu_floor() -> dict[str, float]:
    left = piecewise.pieces(act.get("selu").expr)[0].expr
    lower = sp.limit(left, act.x, -sp.oo)
    return {"limit": float(lower), "at_minus_10": _f("selu", -10), "ratio": float(lower) / -0.0848}


def _selu_any_init() -> dict[str, float]:
    return {"lecun": pe.bounded_depth("selu", 1.0)[0], "small": pe.bounded_depth("selu", 0.5)[0],
            "large": pe.bounded_depth("selu", 2.0)[0]}


def _gelu_identity() -> dict[str, float]:
    gap = lambda t: t * distributions.normal_cdf(-t) - 0.01  # |GELU - ReLU| at ±t  # noqa: E731
    return {"at_minus_1": _f("gelu", -1), "at_2": _f("gelu", 2),
            "edge": numerics.find_root(gap, 1.0, 10.0),
            "max_dev": -numerics.minimize_bounded(lambda t: -t * distributions.normal_cdf(-t),
                                                  0.0, 3.0)[1]}


def _weight_rule() -> dict[str, float]:
    return {"sigmoid_w2": (2 * float(gradients.max_derivative_exact("sigmoid"))) ** 10,
            "relu_small_w": _factor("relu", 0.25 * math.sqrt(128), depth=10)}


def _root_cause() -> dict[str, float]:
    gain = initialisation.forward_gain("sigmoid")
    return {"linear": _factor("identity", 0.8), "relu": _factor("relu", math.sqrt(2)),
            "sigmoid": _factor("sigmoid", gain), "gain": gain}


def _he_variance() -> dict[str, float]:
    gain = initialisation.forward_gain("relu")
    q, _ = initialisation.mean_field("relu", gain, 30, q0=gain**2)  # inputs ~ N(0, 1)
    return {"gain": gain, "first": math.sqrt(q[0]), "predicted": math.sqrt(q[-1]),
            "simulated": float(initialisation.layer_statistics("relu", "He")["std"][-1])}


def _xavier_dead() -> dict[str, float]:
    return {"glorot": float(_run("relu", optimiser="adam", lr=0.02, init="glorot").dead.mean()),
            "he": float(_run("relu", optimiser="adam", lr=0.02).dead.mean())}


def _adam_dead() -> dict[str, float]:
    return {"adam": float(_run("relu", optimiser="adam", lr=0.02).dead.mean()),
            "adam_fast": float(_run("relu", optimiser="adam", lr=0.2).dead.mean()),
            "sgd": float(_run("relu", optimiser="sgd", lr=0.5).dead.mean())}


def _no_activation() -> dict[str, float]:
    def points(data: str) -> float:
        relu = _run("relu", data=data, optimiser="adam", lr=0.02).test.mean()
        linear = _run("identity", data=data, optimiser="adam", lr=0.02).test.mean()
        return float(100 * (relu - linear))
    return {"spiral": points("spiral"), "gaussians": points("gaussians")}


def _six_times() -> dict[str, float]:
    def ratio(optimiser: str, lr: float) -> float:
        return (_run("tanh", optimiser=optimiser, lr=lr).mean_epochs_to()
                / _run("relu", optimiser=optimiser, lr=lr).mean_epochs_to())
    return {"sgd": ratio("sgd", 0.5), "adam": ratio("adam", 0.02)}


def _sparsity() -> dict[str, float]:
    small = {"n": 120, "hidden": (64, 64), "lr": 0.01, "epochs": 300, "optimiser": "adam"}
    relu, leaky = _run("relu", **small), _run("leaky_relu", alpha=0.1, **small)
    reduction, half = nn.mean_ci(leaky.gap - relu.gap)
    return {"zeros": float(relu.zeros.mean()), "gap_relu": float(relu.gap.mean()),
            "gap_leaky": float(leaky.gap.mean()), "reduction": reduction, "half": half}


def _convexity() -> dict[str, float]:
    c = pe.squared_error_curvature()
    d2 = symbolic.lambdify(c.d2_squared, pe.w)
    return {"d2": float(d2(-2.0)), "root": float(c.root), "gap": pe.chord_gap(-6.0, 0.0),
            "below_ce": -pe.chord_gap(-6.0, 0.0, loss="cross_entropy")}


def _maxout() -> dict[str, float]:
    n_in, n_out = 100, 100
    dense = np.zeros((n_in + 1, n_out)).size             # weights and biases
    by_k = {k: np.zeros((n_in + 1, n_out, k)).size for k in (2, 4)}
    return {"dense": float(dense), "k2": float(by_k[2]), "k4": float(by_k[4]),
            "r2": by_k[2] / dense, "r4": by_k[4] / dense}


# ---------------------------------------------------------------------------
# The claims


CLAIMS: tuple[Claim, ...] = (
    Claim("sigmoid-derivative-support", "σ′ is non-zero only on [0, 1].", ("sigmoid",),
          _sigmoid_support,
          lambda n: "false" if n["zeros"] == 0 and n["at_minus_2"] > 0 else "true",
          "σ′(x) = σ(x)(1 − σ(x)) has {zeros:.0f} real zeros: σ′(−2) = {at_minus_2:.3f}, "
          "σ′(3) = {at_3:.3f}, and {outside:.0%} of the area under σ′ lies outside [0, 1].",
          "the *output* s = σ(x) lies in (0, 1), and σ′ = s(1 − s) is non-zero for every "
          "such s. As a function of x, σ′ is positive everywhere and falls below 0.01 only "
          "for |x| > {edge:.2f}."),
    Claim("sigmoid-derivative-form", "σ′ = σ(1 − σ), and it is at most 1/4.", ("sigmoid",),
          _sigmoid_form,
          lambda n: "true" if n["residual"] == 0 and n["peak"] == 0.25 else "false",
          "SymPy's σ′ minus σ(1 − σ) simplifies to 0 (residual flag {residual:.0f}); the "
          "largest value of σ′ is {peak:g}, at x = 0."),
    Claim("sigmoid-tanh-explode", "Sigmoid and tanh gradients explode.",
          ("training-failures", "initialisation"), _sigmoid_tanh_explode,
          lambda n: ("depends" if n["sigmoid_1"] < 1 and n["tanh_1"] < 1 < n["tanh_3"]
                     else "true" if n["tanh_1"] > 1 else "false"),
          "Their slopes are at most {max_sigmoid:g} and {max_tanh:g}. With weights of std "
          "1/√n (gain 1) the gradient's std changes over 30 layers by a factor "
          "{sigmoid_1:.1e} (sigmoid) and {tanh_1:.2f} (tanh): it vanishes. With weights "
          "three times larger, tanh's gradient grows by {tanh_3:.1e} over the same 30 layers.",
          "sigmoid and tanh are known for *vanishing* gradients; gradients explode in any "
          "network, these included, when the weights are large enough. The weights make "
          "them explode, not the bounded slope."),
    Claim("tanh-no-exponential", "tanh needs no exponential.", ("tanh", "properties"),
          _tanh_exponential,
          lambda n: "false" if n["exps"] > 0 and n["residual"] == 0 else "true",
          "Written out, tanh x = (e^x − e^−x)/(e^x + e^−x) holds {exps:.0f} exponentials, "
          "and tanh x − (2σ(2x) − 1) simplifies to 0 (residual flag {residual:.0f}).",
          "tanh is a rescaled sigmoid, tanh x = 2σ(2x) − 1: it costs an exponential, like σ. "
          "The functions that need none are the piecewise-linear ones: ReLU, Leaky ReLU, "
          "ReLU6, hard sigmoid and hard tanh."),
    Claim("relu-gradient-always-1", "ReLU's gradient is always 1.", ("relu",),
          _relu_gradient, lambda n: "false" if n["at_minus_1"] == 0 else "true",
          "ReLU′(−1) = {at_minus_1:g} and ReLU′(0) = {at_0:g} (the left-hand convention); "
          "on standard-normal pre-activations ReLU′ is 1 for {share:.1%} of them and 0 "
          "for the rest.",
          "ReLU′ is 1 for positive inputs and 0 otherwise: at a layer with zero-mean "
          "pre-activations about half of the paths pass the gradient unchanged and the "
          "other half cut it."),
    Claim("relu-not-differentiable", "ReLU cannot be trained by gradient descent, because "
          "it is not differentiable at 0.", ("relu",), _relu_kink,
          lambda n: "false" if n["exact_zeros"] == 0 and n["test"] > 0.9 else "true",
          "Of {values:,.0f} pre-activations of a fresh network on random inputs, "
          "{exact_zeros:.0f} are exactly 0, and ReLU networks reach {test:.1%} held-out "
          "accuracy on the spiral (5 seeds).",
          "ReLU has no derivative at the single point 0; any value between 0 and 1 is a valid "
          "subgradient there, and the book, like PyTorch, uses 0. A pre-activation is "
          "almost never exactly 0, so the choice hardly matters."),
    Claim("relu-solves-exploding", "ReLU solves exploding gradients.",
          ("relu", "initialisation", "normalisation"), _relu_exploding,
          lambda n: "false" if n["large"] > 1e3 else "true",
          "ReLU layers with He's gain √2 change the gradient's std over 30 layers by a factor "
          "{he:.2f}; with weights of gain 3 by {large:.1e}.",
          "ReLU's slope 1 on the positive side removes the *vanishing* that saturation causes; "
          "it does nothing against large weights. He initialisation, normalisation and "
          "gradient clipping keep gradients from exploding."),
    Claim("leaky-elu-zero-centred", "Leaky ReLU and ELU outputs are zero-centred.",
          ("leaky-relu", "elu-selu"), _zero_centred,
          lambda n: "false" if min(n["leaky"], n["elu"]) > 0.05 else "true",
          "On standard-normal inputs the mean output is {leaky:.3f} for Leaky ReLU (α = 0.01) "
          "and {elu:.3f} for ELU (α = 1), against {relu:.3f} for ReLU and {tanh:.0f} for tanh.",
          "their negative outputs pull the mean *toward* zero (ELU's to {elu:.3f}, from ReLU's "
          "{relu:.3f}), but neither is zero-centred. SELU reaches mean 0 only at its fixed "
          "point, with LeCun weights."),
    Claim("elu-alpha-range", "ELU's α is usually 0.1–0.3.", ("elu-selu", "properties"),
          _elu_alpha, lambda n: "false" if not 0.1 <= n["default"] <= 0.3 else "true",
          "The usual α is {default:g} (the ELU paper's choice and the default of PyTorch, "
          "Keras and this book). ELU′ jumps at 0 by {jump_small:.1f} with α = 0.2 and by "
          "{jump_1:g} with α = 1; the mean output on N(0, 1) is {mean_small:.3f} with "
          "α = 0.2 and {mean_1:.3f} with α = 1.",
          "α = 1, the only value for which ELU is smooth at 0 and the one that pulls the mean "
          "output closest to 0. A slope of 0.1–0.3 is a choice for *Leaky ReLU*."),
    Claim("elu-dead-region", "ELU still has a dead region.", ("elu-selu", "properties"),
          _elu_dead, lambda n: "false" if n["dead"] == 0 else "true",
          "ELU′(x) = αe^x > 0 for every x ≤ 0: none of ELU's pieces has a zero derivative "
          "({dead:.0f} dead pieces; ReLU has {dead_relu:.0f}). But ELU′(−5) = {at_minus_5:.4f} "
          "and ELU′(−10) = {at_minus_10:.1e}.",
          "ELU has no dead region, but it saturates on the left: a unit driven far into the "
          "negative side learns e^x times slower, nearly as stuck as a dead ReLU."),
    Claim("selu-floor", "SELU saturates at about −0.0848 for negative inputs.", ("elu-selu",),
          _selu_floor, lambda n: "false" if abs(n["limit"] + 0.0848) > 0.1 else "true",
          "SELU(x) → −λα = {limit:.4f} as x → −∞ (SELU(−10) = {at_minus_10:.4f}): "
          "{ratio:.1f} times as far below 0 as −0.0848.",
          "SELU saturates at −λα ≈ {limit:.3f}; that floor, with the slope λ > 1 on the "
          "right, is what lets it pull the mean and variance back to 0 and 1."),
    Claim("selu-any-init", "SELU outputs never vanish or explode, whatever the "
          "initialisation.", ("elu-selu", "initialisation"), _selu_any_init,
          lambda n: "false" if n["small"] < 0.1 or n["large"] > 10 else "true",
          "Through 30 layers with weights of std g/√n, the pre-activations' std ends at "
          "{lecun:.2f} with LeCun's g = 1, at {small:.1e} with g = 0.5 and at {large:.1e} "
          "with g = 2.",
          "SELU's fixed point (mean 0, variance 1) attracts when the weights have variance "
          "1/n (LeCun) and the inputs are standardised; with other weight scales the signal "
          "vanishes or grows like in any other network."),
    Claim("gelu-identity", "GELU equals x except on [0, 1].", ("gelu-silu",), _gelu_identity,
          lambda n: "false" if abs(n["at_minus_1"] + 1) > 0.5 else "true",
          "GELU(−1) = {at_minus_1:.3f}, not −1, and GELU(2) = {at_2:.3f}. GELU differs from "
          "ReLU by at most {max_dev:.3f} and by less than 0.01 outside [−{edge:.2f}, {edge:.2f}].",
          "GELU is close to *ReLU*, not to x: GELU(x) ≈ x for x > {edge:.1f} and ≈ 0 for "
          "x < −{edge:.1f}; in between it bends smoothly and dips below 0."),
    Claim("weight-scale-rule", "With 0 < w < 1 gradients vanish, with w > 1 they explode.",
          ("training-failures", "initialisation"), _weight_rule,
          lambda n: "depends" if n["sigmoid_w2"] < 1 < n["relu_small_w"] else "true",
          "A chain of sigmoid units with every weight w = 2 still shrinks the gradient, by a "
          "factor of at least {sigmoid_w2:.1e} over 10 layers (2 × 1/4 = 1/2 per layer); "
          "ReLU layers of 128 units with weights of std 0.25 multiply its std by "
          "{relu_small_w:,.0f} over 10 layers.",
          "true for a chain of scalar *linear* units. In a network the factor per layer is "
          "|w·f′(z)| for a chain of single units and n·Var(w)·E[f′(z)²] for layers of "
          "width n: the product of weight scale, width and slope decides, not w alone."),
    Claim("activation-root-cause", "The activation is the root cause of vanishing gradients.",
          ("initialisation", "training-failures"), _root_cause,
          lambda n: ("depends" if n["linear"] < 1e-2 and n["sigmoid"] < 1e-6
                     and abs(n["relu"] - 1) < 1e-3 else "true"),
          "A network with no activation at all and weights of gain 0.8 multiplies the "
          "gradient's std by {linear:.1e} over 30 layers; ReLU with He's gain by {relu:.2f}; "
          "the sigmoid, even with the gain {gain:.2f} that keeps its forward signal, by "
          "{sigmoid:.1e}.",
          "each layer multiplies the gradient by the weights' scale times the activation's "
          "slope. A saturating activation such as the sigmoid makes vanishing unavoidable, "
          "but badly scaled weights make any network's gradients vanish or explode."),
    Claim("he-keeps-variance", "He initialisation keeps a deep ReLU network's variance "
          "constant.", ("initialisation",), _he_variance,
          lambda n: ("true" if abs(n["predicted"] - n["first"]) < 1e-6 * n["first"]
                     and abs(n["simulated"] - n["first"]) < 0.25 * n["first"] else "false"),
          "The gain that keeps E[z²] fixed for ReLU is {gain:.4f} = √2. On standard-normal "
          "inputs the variance rule predicts a pre-activation std of {first:.3f} at layer 1 "
          "and {predicted:.3f} at layer 30; 30 simulated layers of 128 units end at "
          "{simulated:.2f}.",
          "at initialisation and in expectation: the finite width makes the spread wander a "
          "little, and training then moves the weights."),
    Claim("xavier-dead-relus", "Xavier initialisation prevents dead ReLUs.",
          ("initialisation", "training-failures"), _xavier_dead,
          lambda n: "false" if n["glorot"] > 0.01 else "true",
          "Trained with Adam at learning rate 0.02 on the spiral (5 seeds), ReLU networks with "
          "Xavier (Glorot) weights end with {glorot:.1%} of their hidden units dead, with He "
          "weights {he:.1%}.",
          "initialisation only sets the start. Units die when updates push their "
          "pre-activation below 0 for every input; a smaller step, a leaky slope or "
          "normalisation make that rarer."),
    Claim("adaptive-lr-dead-relus", "An adaptive learning rate (Adagrad, Adam) prevents "
          "dead ReLUs.", ("optimisers", "training-failures"), _adam_dead,
          lambda n: "false" if n["adam"] > 0.01 else "true",
          "On the spiral (5 seeds) Adam leaves {adam:.1%} of the hidden units dead at learning "
          "rate 0.02 and {adam_fast:.0%} at 0.2; plain gradient descent at 0.5 leaves "
          "{sgd:.1%}.",
          "Adam rescales each weight's step to about the learning rate, whatever the size of "
          "its gradient. That speeds training up; it does not stop a unit's bias from being "
          "pushed below 0 for good."),
    Claim("no-activation-6-points", "Without an activation a network loses about 6 points "
          "of accuracy.", ("why-activations", "playground"), _no_activation,
          lambda n: "depends" if n["spiral"] > 20 and abs(n["gaussians"]) < 3 else "true",
          "Held-out accuracy of ReLU networks minus that of the same networks without "
          "activation (linear models), 5 seeds each: {spiral:+.0f} points on the spiral, "
          "{gaussians:+.1f} on two Gaussian blobs.",
          "a network without activation is a linear model: it loses nothing where the classes "
          "are linearly separable and everything where they are not. The gap is a property "
          "of the data, not a constant."),
    Claim("relu-6x-faster", "ReLU converges 6× faster than tanh.", ("relu", "shootout"),
          _six_times, lambda n: "false" if max(n["sgd"], n["adam"]) < 3 else "depends",
          "Epochs to 90 % training accuracy on the spiral (5 seeds): tanh needs {sgd:.2f} "
          "times as many as ReLU with gradient descent and {adam:.2f} times as many "
          "with Adam.",
          "Krizhevsky et al. (2012) measured 6× for a four-layer convolutional network on "
          "CIFAR-10 trained with momentum SGD. The speed-up depends on the network, the data "
          "and the optimiser."),
    Claim("relu-sparsity-overfitting", "ReLU's sparsity reduces overfitting.",
          ("relu", "shootout"), _sparsity,
          lambda n: "true" if n["reduction"] - n["half"] > 0 else "false",
          "On 60 training points of the spiral (64-64 hidden units, 5 seeds) {zeros:.0%} of "
          "ReLU's hidden activations are exactly 0 and Leaky ReLU's (α = 0.1) none; the "
          "train-test gap is {gap_relu:.3f} for ReLU and {gap_leaky:.3f} for Leaky ReLU, a "
          "reduction of {reduction:+.3f} ± {half:.3f} (95 % interval): none measurable.",
          "ReLU layers are sparse, about half their outputs are exactly 0; whether that "
          "regularises is not something to count on. Weight decay, dropout, early stopping "
          "and more data reduce overfitting."),
    Claim("monotonic-convex", "A monotonic activation makes a one-layer network's loss "
          "convex.", ("properties", "output-layers"), _convexity,
          lambda n: "false" if n["d2"] < 0 and n["gap"] > 0 else "true",
          "One sigmoid unit (monotonic), input 1, target 1, squared error: L″(−2) = {d2:.3f}, "
          "negative for every w < {root:.3f} = −ln 2, and at the midpoint of [−6, 0] the "
          "loss lies {gap:.3f} *above* the chord. With cross-entropy it lies {below_ce:.3f} "
          "below (L″ = σ′ > 0).",
          "convexity belongs to the model and the loss together: a single sigmoid or softmax "
          "layer trained with cross-entropy (logistic regression) is convex in its weights; "
          "with squared error it is not, and no network with a hidden layer is."),
    Claim("maxout-doubles", "Maxout doubles the parameters.", ("output-layers",), _maxout,
          lambda n: "depends" if n["r2"] == 2 and n["r4"] != 2 else "true",
          "A layer from 100 to 100 units has {dense:,.0f} weights and biases; as maxout with "
          "k = 2 pieces {k2:,.0f} (×{r2:g}), with k = 4 {k4:,.0f} (×{r4:g}).",
          "a maxout layer with k pieces has k times the parameters of the layer it replaces; "
          "it doubles them only for k = 2."),
)

_BY_KEY = {c.key: c for c in CLAIMS}


def keys() -> list[str]:
    """The keys of every claim, in the page's order."""
    return [c.key for c in CLAIMS]


def claim(key: str) -> Claim:
    """The claim called ``key`` (ValueError listing the valid keys otherwise)."""
    if key not in _BY_KEY:
        raise ValueError(f"unknown claim {key!r}; valid keys: {', '.join(_BY_KEY)}")
    return _BY_KEY[key]


@functools.cache
def decide(key: str) -> Verdict:
    """Compute the evidence of claim ``key`` and apply its rule.

    Returns
    -------
    Verdict
        ``verdict.value`` is ``"true"``, ``"false"`` or ``"depends"``;
        ``verdict.numbers`` the evidence; shown in a notebook as Markdown.

    Raises
    ------
    ValueError
        For an unknown key, or a rule that returns something else than a verdict.
    """
    return verdicts.decide(claim(key))


def summary_table() -> Markdown:
    """Every claim with its verdict (decided once per session) as a Markdown table."""
    return tables.markdown_table(["claim", "verdict"],
                                 [(c.text, f"**{decide(c.key).value}**") for c in CLAIMS])
