"""Chapter: book/shootout.md

The shoot-out: every scalar activation of the registry, the same MLP, three
data sets, five seeds, a learning rate chosen on a validation split.

The protocol (:data:`PROTOCOL`, :data:`DATASETS`): a network with two hidden
layers of 100 units, trained with Adam on minibatches; for each data set and
activation, every learning rate of :data:`LEARNING_RATES` is tried with the
five seeds at once (:func:`helpers.nn.train_many`), the one with the best mean
*validation* accuracy after the last epoch is kept, and the *test* accuracy of
that learning rate is reported as mean ± 95 % confidence interval
(:func:`helpers.nn.mean_ci`). The test set never takes part in a choice.

Two side experiments answer two claims: SELU with the initialisation its
authors prescribe (LeCun normal) against He and Glorot (:data:`SELU_INITS`),
and ReLU against tanh and the sigmoid with SGD with momentum, the optimiser of
Krizhevsky et al. (:data:`MOMENTUM`).

``python -m helpers.studies.shootout`` runs the whole grid (a few minutes on
two cores) and writes :data:`RESULTS_PATH` with its provenance; the chapter
reads that file (:func:`load`) and re-runs a sample live (:func:`run_cell`).
Figures and tables of the chapter are in :mod:`helpers.studies.shootout_report`.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from helpers import activations as act
from helpers import datasets, nn

__all__ = ["RESULTS_PATH", "HIDDEN", "SEEDS", "LEARNING_RATES", "DATASETS", "Dataset",
           "EXCLUDED", "activations", "usual_init", "SELU_INITS", "MOMENTUM", "PROTOCOL",
           "data", "run_cell", "select", "grid_cells", "run_grid", "load", "main"]

#: Where :func:`main` writes the results and :func:`load` reads them.
RESULTS_PATH = Path(__file__).resolve().parents[2] / "book" / "data" / "shootout.json"
#: Hidden layers of every network of the shoot-out.
HIDDEN: tuple[int, ...] = (100, 100)
#: The seeds (initial weights and minibatch order) of every cell.
SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)
#: Adam learning rates tried for every activation.
LEARNING_RATES: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03, 0.1)

#: Activations left out, and why.
EXCLUDED = {"step": "its derivative is 0 wherever it exists, so backpropagation passes no "
                    "gradient and the weights before it never change"}


@dataclass(frozen=True)
class Dataset:
    """How one data set is cut and trained on.

    ``threshold`` is the training accuracy whose first epoch is reported as
    the "epochs to threshold" (a speed measure, as in Krizhevsky et al.).
    """

    name: str
    title: str
    epochs: int
    batch_size: int
    threshold: float


#: The three data sets, in the order of the tables.
DATASETS: dict[str, Dataset] = {
    "spiral": Dataset("spiral", "spiral (Playground)", epochs=60, batch_size=25, threshold=0.9),
    "digits": Dataset("digits", "UCI digits", epochs=20, batch_size=50, threshold=0.98),
    "mnist1d": Dataset("mnist1d", "MNIST-1D", epochs=25, batch_size=100, threshold=0.75),
}

#: SELU with the initialisation of its paper and two others (each gets its own learning rate).
SELU_INITS: tuple[str, ...] = ("lecun", "he", "glorot")
#: The convergence experiment: SGD with momentum 0.9, learning rates tried, activations.
MOMENTUM: dict[str, Any] = {"dataset": "mnist1d", "optimiser": "momentum",
                            "learning_rates": (0.01, 0.03, 0.1),
                            "activations": ("relu", "tanh", "sigmoid")}

_GLOROT = {"identity", "sigmoid", "tanh", "softsign", "hard_sigmoid", "hard_tanh"}

#: The protocol, as written into the results file.
PROTOCOL: dict[str, Any] = {
    "network": "input -> 100 -> 100 -> classes, one activation in both hidden layers",
    "seeds": list(SEEDS),
    "optimiser": "adam (betas 0.9, 0.999)",
    "learning_rates": list(LEARNING_RATES),
    "selection": "learning rate with the best mean validation accuracy after the last epoch "
                 "(diverged seeds count as 0); ties go to the smaller rate",
    "reported": "test accuracy after the last epoch at the selected learning rate, "
                "mean and 95% Student-t interval over the seeds",
    "dtype": "float32",
    "init": "He for the rectifiers and smooth rectifiers, LeCun normal for SELU, "
            "Glorot for identity and the bounded S-shaped functions",
}


def activations() -> list[str]:
    """Every registered activation except :data:`EXCLUDED`, in registry order."""
    return [name for name in act.names() if name not in EXCLUDED]


def usual_init(name: str) -> str:
    """The initialisation each activation is paired with (see :data:`PROTOCOL`)."""
    act.get(name)
    if name == "selu":
        return "lecun"
    return "glorot" if name in _GLOROT else "he"


def data(name: str) -> datasets.Split:
    """The train / validation / test split of one shoot-out data set.

    * ``"spiral"``: the Playground spiral, 600 points, half for testing, and
      a quarter of the rest for validation;
    * ``"digits"``: :func:`helpers.datasets.digits_split` (60 / 20 / 20 %);
    * ``"mnist1d"``: the package's 4000 / 1000 split with 500 training
      signals moved to validation.
    """
    if name not in DATASETS:
        raise ValueError(f"Unknown data set {name!r}. Valid names: {', '.join(DATASETS)}.")
    if name == "digits":
        return datasets.digits_split(validation=0.2, test=0.2, seed=0)
    if name == "mnist1d":
        return datasets.mnist1d(validation=500, seed=0)
    base = datasets.playground("spiral", n=600, test_fraction=0.5, seed=0)
    order = np.random.default_rng([0, 4]).permutation(len(base.y_train))
    val, tr = order[:len(order) // 4], order[len(order) // 4:]
    return datasets.Split("spiral", base.X_train[tr], base.y_train[tr], base.X_test,
                          base.y_test, classes=2, source=base.source,
                          X_val=base.X_train[val], y_val=base.y_train[val])


def _finals(values: np.ndarray | None) -> list[float]:
    return [float(v) for v in values[:, -1]]


def _curve(values: np.ndarray) -> list[float]:
    """Mean over the seeds per epoch (a diverged seed counts as NaN: the mean is NaN)."""
    return [round(float(v), 5) for v in values.mean(axis=0)]


def run_cell(dataset: str, activation: str, lr: float, *, init: str | None = None,
             optimiser: str = "adam", seeds: Sequence[int] = SEEDS,
             split: datasets.Split | None = None, curves: bool = False) -> dict[str, Any]:
    """Train one cell of the grid: one data set, activation, learning rate, five seeds.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.
    activation : str
        A registered activation.
    lr : float
        The learning rate.
    init : str, optional
        Initialisation (default :func:`usual_init`).
    optimiser : str
        ``"adam"`` (the grid) or ``"momentum"`` (the convergence experiment).
    seeds : sequence of int
        Stacked seeds.
    split : Split, optional
        The data (default :func:`data`; pass it to avoid reloading).
    curves : bool
        Also return the per-epoch means of the training, validation and test
        accuracies and the training loss.

    Returns
    -------
    dict
        Per-seed final ``train_accuracy``, ``val_accuracy``, ``test_accuracy``,
        ``epochs_to`` (first epoch with training accuracy >= the data set's
        threshold, ``None`` if never), ``diverged``, and ``cpu_seconds_per_epoch``
        (processor time of the five stacked seeds; wall-clock time depends on
        what else the machine runs).
    """
    spec = DATASETS[dataset] if dataset in DATASETS else data(dataset)
    split = split if split is not None else data(dataset)
    init = init or usual_init(activation)
    sizes = [split.n_features, *HIDDEN, split.classes]
    start = time.process_time()
    _, h = nn.train_many(sizes, *split.train, seeds=list(seeds), activation=activation,
                         init=init, optimiser=optimiser, lr=lr, epochs=spec.epochs,
                         batch_size=spec.batch_size, validation=split.validation,
                         test=split.test, diagnostics=False)
    cpu = time.process_time() - start
    out = {"dataset": dataset, "activation": activation, "init": init, "optimiser": optimiser,
           "lr": lr, "seeds": list(seeds),
           "train_accuracy": _finals(h.accuracy), "val_accuracy": _finals(h.val_accuracy),
           "test_accuracy": _finals(h.test_accuracy),
           "epochs_to": h.epochs_to(spec.threshold, "accuracy"),
           "diverged": [d is not None for d in h.diverged_at],
           "cpu_seconds_per_epoch": round(cpu / spec.epochs, 4)}
    if curves:
        out["curves"] = {key: _curve(getattr(h, key)) for key in
                         ("loss", "accuracy", "val_accuracy", "test_accuracy")}
    return out


def _score(cell: dict[str, Any]) -> float:
    return float(np.mean(np.nan_to_num(cell["val_accuracy"], nan=0.0)))


def select(cells: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The cell with the best mean validation accuracy (ties: the smaller learning rate)."""
    cells = sorted(cells, key=lambda c: c["lr"])
    if not cells:
        raise ValueError("select needs at least one cell")
    return max(cells, key=_score)   # max keeps the first of equal scores


# ---------------------------------------------------------------------------
# The grid


def grid_cells() -> list[dict[str, Any]]:
    """Every cell of the grid as keyword arguments of :func:`run_cell` (plus ``experiment``)."""
    cells = [{"experiment": "main", "dataset": d, "activation": a, "lr": lr}
             for d in DATASETS for a in activations() for lr in LEARNING_RATES]
    cells += [{"experiment": "selu_init", "dataset": d, "activation": "selu", "init": i,
               "lr": lr} for d in DATASETS for i in SELU_INITS[1:] for lr in LEARNING_RATES]
    cells += [{"experiment": "momentum", "dataset": MOMENTUM["dataset"], "activation": a,
               "optimiser": MOMENTUM["optimiser"], "lr": lr}
              for a in MOMENTUM["activations"] for lr in MOMENTUM["learning_rates"]]
    return cells


def _run_job(job: dict[str, Any]) -> dict[str, Any]:
    kwargs = {k: v for k, v in job.items() if k != "experiment"}
    return {"experiment": job["experiment"], **run_cell(**kwargs, curves=True)}


def _group(results: list[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in results:
        key = (r["experiment"], r["dataset"], r["activation"], r["init"], r["optimiser"])
        groups.setdefault(key, []).append(r)
    return groups


def _selected(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per group: every learning rate's scores, the chosen cell with its curves."""
    out = []
    for (experiment, *_), cells in _group(results).items():
        best = select(cells)
        tried = {str(c["lr"]): {"val_accuracy": c["val_accuracy"],
                                "test_accuracy": c["test_accuracy"]} for c in cells}
        out.append({"experiment": experiment, **best, "tried": tried})
    return out


def run_grid(workers: int | None = None) -> tuple[list[dict[str, Any]], float]:
    """Run :func:`grid_cells` in ``workers`` processes (default: one per core).

    Returns the selected cells (:func:`select` per data set, activation,
    initialisation and optimiser, with every tried learning rate's scores)
    and the processor seconds the training took in all.

    Each worker is a fresh interpreter with one BLAS thread: small matrix
    products gain nothing from threads, and on a busy machine threads that
    wait for each other cost several times the work.
    """
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    jobs = grid_cells()
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_run_job, jobs))
    cpu = sum(r["cpu_seconds_per_epoch"] * DATASETS[r["dataset"]].epochs for r in results)
    return _selected(results), cpu


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _provenance(command: str, wall: float, cpu: float, workers: int) -> dict[str, Any]:
    packages = {p: _version(p) for p in ("numpy", "scipy", "mnist1d")}
    packages = {p: v for p, v in packages.items() if v is not None}  # scipy comes with mnist1d
    return {"command": command, "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(), "packages": packages,
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores "
                       f"({platform.processor() or 'processor unknown'})",
            "workers": workers, "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
            "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1)}


def load(path: str | Path | None = None) -> dict[str, Any]:
    """The results file: ``{"provenance", "protocol", "datasets", "results"}``.

    By default :data:`RESULTS_PATH` in a clone, or ``data/shootout.json`` beside the
    notebooks of the student bundle (:func:`helpers.datasets.data_file`).
    """
    file = Path(path) if path is not None else datasets.data_file(RESULTS_PATH.name)
    if not file.is_file():
        raise FileNotFoundError(f"no shoot-out results at {file}; "
                                "run python -m helpers.studies.shootout to make them")
    return json.loads(file.read_text())


def main(argv: Sequence[str] | None = None) -> Path:
    """Run the whole grid and write :data:`RESULTS_PATH` (or the path given as argument)."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else RESULTS_PATH
    workers = os.cpu_count() or 1
    start = time.perf_counter()
    results, cpu = run_grid(workers)
    wall = time.perf_counter() - start
    splits = {name: data(name) for name in DATASETS}
    payload = {
        "provenance": _provenance("python -m helpers.studies.shootout", wall, cpu, workers),
        "protocol": {**PROTOCOL, "excluded": EXCLUDED, "momentum": {
            k: list(v) if isinstance(v, tuple) else v for k, v in MOMENTUM.items()}},
        "datasets": {name: {**vars(spec), "train": len(splits[name].y_train),
                            "validation": len(splits[name].y_val),
                            "test": len(splits[name].y_test), "source": splits[name].source}
                     for name, spec in DATASETS.items()},
        "results": results,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {path} in {wall:.0f} s ({len(grid_cells())} cells, {workers} workers)")
    return path


if __name__ == "__main__":
    main()
