"""Speed of helpers.distributions.normal_cdf against scipy.special.ndtr, and a GELU epoch.

Run:  python bench/normal_cdf.py [--repeat 21] [--epochs 3]

Three measurements in the same process, each a median over ``--repeat``
runs after one warm-up:

* Phi on standard-normal arrays of 1e3, 1e5 and 1e6 float64 values with
  ``helpers.distributions.normal_cdf``, and with ``scipy.special.ndtr``
  when SciPy is installed (the ratio line says how many times slower the
  NumPy version is; without SciPy the comparison is skipped with a message);
* GELU's f and df on the 100 x 100 pre-activations of one batch;
* one training epoch of the MNIST-1D-sized GELU net (40 -> 100 -> 100 -> 10,
  batch 100, 4000 random standard-normal signals with random labels, so no
  data set is needed), and the same epoch with ReLU as the baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable

import numpy as np

from helpers import activations as act
from helpers import distributions, nn


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--epochs", type=int, default=3)
    return parser.parse_args()


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cdf(repeat: int) -> None:
    ndtr = None
    if importlib.util.find_spec("scipy") is not None:
        from scipy.special import ndtr
    else:
        print("scipy is not installed: no comparison with scipy.special.ndtr")
    rng = np.random.default_rng(0)
    for size in (1_000, 100_000, 1_000_000):
        z = rng.standard_normal(size)
        ours = median_seconds(lambda z=z: distributions.normal_cdf(z), repeat)
        each = ours / size * 1e9
        line = f"Phi, {size:>9,} values: helpers {ours * 1e3:8.3f} ms ({each:5.1f} ns each)"
        if ndtr is not None:
            theirs = median_seconds(lambda z=z: ndtr(z), repeat)
            line += f"   scipy {theirs * 1e3:8.3f} ms   ratio helpers/scipy {ours / theirs:4.2f}"
        print(line)


def bench_gelu(repeat: int, epochs: int) -> None:
    gelu = act.get("gelu")
    z = np.random.default_rng(1).standard_normal((100, 100))
    f = median_seconds(lambda: gelu.f(z), repeat)
    df = median_seconds(lambda: gelu.df(z), repeat)
    print(f"GELU on a 100 x 100 batch: f {f * 1e6:7.1f} us, df {df * 1e6:7.1f} us")
    rng = np.random.default_rng(2)
    X = rng.standard_normal((4000, 40))
    y = rng.integers(0, 10, 4000)
    times = {}
    for name in ("relu", "gelu"):
        def run(name: str = name) -> None:
            net = nn.MLP([40, 100, 100, 10], activation=name, seed=0)
            nn.train(net, X, y, lr=0.05, epochs=epochs, batch_size=100, seed=0)
        times[name] = median_seconds(run, max(3, repeat // 4)) / epochs
    relu, gelu = times["relu"], times["gelu"]
    print(f"one epoch, 4000 x 40, 40-100-100-10, batch 100: relu {relu * 1e3:6.1f} ms, "
          f"gelu {gelu * 1e3:6.1f} ms   ratio gelu/relu {gelu / relu:4.2f}")


def main() -> None:
    args = _arguments()
    bench_cdf(args.repeat)
    bench_gelu(args.repeat, args.epochs)


if __name__ == "__main__":
    main()
