"""Training speed of helpers.nn against PyTorch on the CPU, same work in the same process.

Run:  python bench/train.py [--threads 1] [--repeat 5] [--epochs-mnist 5] [--epochs-playground 20]

Two nets of the book, each trained with plain SGD (no momentum), the same
architecture, initial-weight scheme, batch size and number of epochs in both
libraries, and the loss and accuracy on the whole training set computed after
every epoch:

* MNIST-1D net: 40 -> 100 -> 100 -> 10 (ReLU), batch 100, on the 4000
  MNIST-1D training signals; one seed.
* Playground net: 2 -> 8 -> 8 -> 2 (tanh), batch 10, on the 200 training
  points of the Playground spiral, five seeds. helpers.nn trains the five as
  one stacked network (``nn.train_many``); PyTorch trains them one after the
  other (its usual way), each with its own shuffling generator.

helpers.nn runs in float32 with ``diagnostics=False`` (no per-epoch
gradient norms or dead fractions, which PyTorch does not compute either);
PyTorch runs in float32. Both get ``--threads`` threads (default 1: these
nets' matrices are too small to gain from more, and on a busy machine idle
threads spin; NumPy's BLAS through OPENBLAS_NUM_THREADS/OMP_NUM_THREADS/
MKL_NUM_THREADS, set before NumPy loads; PyTorch through
``torch.set_num_threads``). ``--threads 0`` leaves NumPy's default and gives
PyTorch the same number.
Times are medians over ``--repeat`` runs (after one warm-up run of each),
with the two libraries interleaved so that a busy machine slows both alike.
The last line is the ratio PyTorch time / helpers.nn time (> 1: helpers.nn
is faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for NumPy's BLAS and for PyTorch (0: NumPy's default)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--epochs-mnist", type=int, default=5)
    parser.add_argument("--epochs-playground", type=int, default=20)
    return parser.parse_args()


ARGS = _arguments()
if ARGS.threads > 0 and "numpy" not in sys.modules:   # must happen before NumPy loads
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = str(ARGS.threads)

import numpy as np  # noqa: E402

from helpers import datasets, nn  # noqa: E402

PLAYGROUND_SEEDS = (0, 1, 2, 3, 4)


def numpy_threads() -> int:
    """Threads NumPy's BLAS uses (threadpoolctl when installed, else the environment)."""
    try:
        from threadpoolctl import threadpool_info  # optional: a dependency of neither side
        counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
        if counts:
            return int(counts[0])
    except ImportError:
        pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return os.cpu_count() or 1


def helpers_mnist(data: datasets.Split, epochs: int) -> Callable[[], float]:
    def run() -> float:
        net = nn.MLP([40, 100, 100, 10], activation="relu", seed=0, dtype="float32")
        h = nn.train(net, *data.train, lr=0.1, epochs=epochs, batch_size=100,
                     diagnostics=False)
        return float(h.loss[-1])
    return run


def helpers_playground(data: datasets.Split, epochs: int) -> Callable[[], float]:
    def run() -> float:
        _, h = nn.train_many([2, 8, 8, 2], *data.train, seeds=PLAYGROUND_SEEDS,
                             activation="tanh", init="glorot", lr=0.1, epochs=epochs,
                             batch_size=10, diagnostics=False)
        return float(np.mean(h.loss[:, -1]))
    return run


def torch_runner(torch, sizes: list[int], activation: str, data: datasets.Split, epochs: int,
                 batch_size: int, seeds: tuple[int, ...]) -> Callable[[], float]:
    X = torch.from_numpy(data.X_train.astype(np.float32))
    y = torch.from_numpy(data.y_train)
    n = len(y)
    act_layer = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[activation]
    loss_fn = torch.nn.CrossEntropyLoss()

    def one(seed: int) -> float:
        torch.manual_seed(seed)
        layers: list = []
        for a, b in zip(sizes[:-1], sizes[1:], strict=True):
            layers += [torch.nn.Linear(a, b), act_layer()]
        model = torch.nn.Sequential(*layers[:-1])
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        gen = torch.Generator().manual_seed(seed)
        loss = torch.tensor(float("nan"))
        for _ in range(epochs):
            order = torch.randperm(n, generator=gen)
            for lo in range(0, n, batch_size):
                rows = order[lo:lo + batch_size]
                opt.zero_grad()
                loss_fn(model(X[rows]), y[rows]).backward()
                opt.step()
            with torch.no_grad():
                logits = model(X)
                loss = loss_fn(logits, y)
                (logits.argmax(1) == y).float().mean()
        return float(loss)

    def run() -> float:
        return float(np.mean([one(s) for s in seeds]))
    return run


def median_times(runs: dict[str, Callable[[], float]], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in runs}
    for fn in runs.values():
        fn()                                                  # warm-up
    for _ in range(repeat):
        for key, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    args = ARGS
    mnist = datasets.mnist1d()
    spiral = datasets.playground("spiral", seed=0)
    threads = numpy_threads()
    try:
        import torch  # optional: PyTorch is not a dependency of the book
    except ImportError:
        torch = None
    print(f"NumPy {np.__version__}, BLAS threads: {threads}; "
          + (f"PyTorch {torch.__version__}, torch.set_num_threads({threads})" if torch
             else "PyTorch not installed: helpers.nn only"))
    ratios = []
    for label, fn, torch_args, epochs in (
        ("MNIST-1D net 40-100-100-10, batch 100, 1 seed", helpers_mnist(mnist, args.epochs_mnist),
         ([40, 100, 100, 10], "relu", mnist, args.epochs_mnist, 100, (0,)), args.epochs_mnist),
        ("Playground net 2-8-8-2, batch 10, 5 seeds", helpers_playground(spiral,
         args.epochs_playground), ([2, 8, 8, 2], "tanh", spiral, args.epochs_playground, 10,
                                   PLAYGROUND_SEEDS), args.epochs_playground),
    ):
        runs = {"helpers.nn": fn}
        if torch is not None:
            torch.set_num_threads(threads)
            runs["PyTorch"] = torch_runner(torch, *torch_args)
        med = median_times(runs, args.repeat)
        print(f"{label}, {epochs} epochs (median of {args.repeat}):")
        for key, seconds in med.items():
            print(f"  {key:<11} {seconds * 1000:8.1f} ms  ({seconds / epochs * 1000:.2f} ms/epoch)")
        if torch is not None:
            ratios.append(med["PyTorch"] / med["helpers.nn"])
    if torch is None:
        print("helpers.nn vs PyTorch CPU: n/a (PyTorch not installed)")
    else:
        print(f"helpers.nn vs PyTorch CPU: {ratios[0]:.2f}x (MNIST-1D net), "
              f"{ratios[1]:.2f}x (Playground net)")


if __name__ == "__main__":
    main()
