"""Chapter: book/shootout.md

Tables, figures and claim checks of the shoot-out, read from its results file.

:mod:`helpers.studies.shootout` runs the grid and writes the file; this
module only reads what :func:`helpers.studies.shootout.load` returns (a dict
with ``"results"``, one entry per data set, activation, initialisation and
optimiser at its selected learning rate) and turns it into Markdown tables
(:func:`accuracy_table`, :func:`speed_table`, :func:`selu_table`,
:func:`momentum_table`), figures (:func:`plot_accuracies`,
:func:`plot_curves`) and the numbers behind the chapter's answers to the
claims (:func:`claim_numbers`), and compares a live re-run with the file
(:func:`compare_live`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from IPython.display import Markdown
from matplotlib.axes import Axes

from helpers import nn, plotting, tables
from helpers.studies.shootout import DATASETS, MOMENTUM, SELU_INITS

__all__ = ["cells", "cell", "edge_choices", "summary", "accuracy_table", "speed_table",
           "selu_table", "momentum_table", "plot_accuracies", "plot_curves", "claim_numbers",
           "compare_live"]

Results = Mapping[str, Any]


def cells(results: Results, experiment: str = "main") -> list[dict[str, Any]]:
    """The selected cells of one experiment (``"main"``, ``"selu_init"``, ``"momentum"``)."""
    out = [r for r in results["results"] if r["experiment"] == experiment]
    if not out:
        raise ValueError(f"no cells for experiment {experiment!r}; valid: main, selu_init, "
                         "momentum")
    return out


def cell(results: Results, dataset: str, activation: str, experiment: str = "main",
         init: str | None = None) -> dict[str, Any]:
    """One selected cell; ``init`` picks among SELU's initialisations."""
    found = [r for r in cells(results, experiment)
             if r["dataset"] == dataset and r["activation"] == activation
             and (init is None or r["init"] == init)]
    if not found:
        raise ValueError(f"no {experiment} cell for {dataset!r} / {activation!r}")
    if len(found) > 1:
        lecun = [r for r in found if r["init"] == "lecun"]
        return lecun[0] if lecun else found[0]
    return found[0]


def edge_choices(results: Results, experiment: str = "main") -> list[tuple[str, str, float]]:
    """Cells whose chosen learning rate is an end of the grid and strictly beats its neighbour.

    Such a choice says the best rate may lie outside the grid, so the grid should
    grow. A choice at an end that ties with its neighbour (the spiral's rectifiers
    reach 1.0 at every rate; ties go to the smaller rate) is not one.

    Returns
    -------
    list of (dataset, activation, lr)
    """
    found = []
    for c in cells(results, experiment):
        scores = {float(lr): float(np.mean(np.nan_to_num(t["val_accuracy"])))
                  for lr, t in c["tried"].items()}
        rates = sorted(scores)
        if len(rates) < 2 or c["lr"] not in (rates[0], rates[-1]):
            continue
        neighbour = rates[1] if c["lr"] == rates[0] else rates[-2]
        if scores[c["lr"]] > scores[neighbour]:
            found.append((c["dataset"], c["activation"], c["lr"]))
    return found


def summary(c: Mapping[str, Any]) -> tuple[float, float]:
    """Test accuracy of a cell: mean and half-width of the 95 % interval over its seeds."""
    values = np.nan_to_num(np.asarray(c["test_accuracy"], dtype=float), nan=0.0)
    return nn.mean_ci(values)


def _fmt(c: Mapping[str, Any]) -> str:
    mean, half = summary(c)
    return f"{mean:.3f} ± {half:.3f}"


def _order(results: Results, by: str = "mnist1d") -> list[str]:
    """Activations, best mean test accuracy on ``by`` first."""
    rows = [r for r in cells(results) if r["dataset"] == by]
    return [r["activation"] for r in sorted(rows, key=lambda r: -summary(r)[0])]


def accuracy_table(results: Results) -> Markdown:
    """Test accuracy (mean ± 95 % CI over the seeds) and selected learning rate per data set."""
    headers = ["activation", *(f"{spec.title} (lr)" for spec in DATASETS.values())]
    rows = []
    for name in _order(results):
        rows.append([name, *(f"{_fmt(c)} ({c['lr']:g})" for c in
                             (cell(results, d, name) for d in DATASETS))])
    return tables.markdown_table(headers, rows)


def _epochs_to(c: Mapping[str, Any]) -> str:
    reached = [e for e in c["epochs_to"] if e is not None]
    if not reached:
        return "never"
    text = f"{np.mean(reached):.1f}"
    return text if len(reached) == len(c["epochs_to"]) else \
        f"{text} ({len(reached)} of {len(c['epochs_to'])})"


def speed_table(results: Results) -> Markdown:
    """Epochs to the training-accuracy threshold and processor ms per epoch (five seeds)."""
    headers = ["activation"]
    for spec in DATASETS.values():
        headers += [f"{spec.title}: epochs to {spec.threshold:g}", "ms/epoch"]
    rows = []
    for name in _order(results):
        row: list[object] = [name]
        for d in DATASETS:
            c = cell(results, d, name)
            row += [_epochs_to(c), f"{1000 * c['cpu_seconds_per_epoch']:.0f}"]
        rows.append(row)
    return tables.markdown_table(headers, rows)


def selu_table(results: Results) -> Markdown:
    """SELU's test accuracy with each initialisation (each with its own learning rate)."""
    rows = []
    for init in SELU_INITS:
        experiment = "main" if init == "lecun" else "selu_init"
        row: list[object] = [init]
        for d in DATASETS:
            c = cell(results, d, "selu", experiment, init=init)
            row.append(f"{_fmt(c)} ({c['lr']:g})")
        rows.append(row)
    return tables.markdown_table(["SELU init", *(f"{s.title} (lr)" for s in DATASETS.values())],
                                 rows)


def momentum_table(results: Results) -> Markdown:
    """The convergence experiment: SGD with momentum, epochs to the threshold, test accuracy."""
    spec = DATASETS[MOMENTUM["dataset"]]
    rows = []
    for name in MOMENTUM["activations"]:
        c = cell(results, spec.name, name, "momentum")
        adam = cell(results, spec.name, name)
        rows.append([name, f"{c['lr']:g}", _epochs_to(c), _fmt(c), _epochs_to(adam)])
    return tables.markdown_table(
        ["activation", "lr (momentum)", f"epochs to train acc. {spec.threshold:g} (momentum)",
         "test accuracy (momentum)", "epochs to it with Adam"], rows)


def plot_accuracies(results: Results) -> np.ndarray:
    """Test accuracy with 95 % intervals, one panel per data set, activations as rows."""
    names = _order(results)[::-1]
    fig, grid = plotting.new_figure(ncols=len(DATASETS), width=2.7, height=4.6, share=False)
    fig.subplots_adjust(wspace=0.08)
    style = plotting.series_styles(2)[1]
    with plotting.book_style():
        for k, (ax, d) in enumerate(zip(grid[0], DATASETS, strict=True)):
            stats = [summary(cell(results, d, n)) for n in names]
            means = [m for m, _ in stats]
            ax.errorbar(means, np.arange(len(names)), xerr=[h for _, h in stats], fmt="o",
                        color=style["color"], capsize=2, markersize=4)
            linear = names.index("identity")
            ax.axhline(linear, color="0.6", linewidth=0.8, linestyle=":")
            ax.set_yticks(np.arange(len(names)))
            ax.set_yticklabels(names if k == 0 else [], fontsize=8)
            ax.set_title(DATASETS[d].title, fontsize=9)
            ax.set_xlabel("test accuracy")
            ax.tick_params(axis="x", labelsize=7)
    return grid[0]


def plot_curves(results: Results, names: Sequence[str], dataset: str = "mnist1d",
                experiment: str = "main") -> tuple[Axes, Axes]:
    """Mean training accuracy (left) and validation accuracy (right) per epoch."""
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_train, ax_val = grid[0]
    with plotting.book_style():
        for name, style in zip(names, plotting.series_styles(len(names)), strict=True):
            c = cell(results, dataset, name, experiment)
            epochs = np.arange(1, len(c["curves"]["accuracy"]) + 1)
            label = f"{name} (lr {c['lr']:g})"
            ax_train.plot(epochs, c["curves"]["accuracy"], label=label, **style)
            ax_val.plot(epochs, c["curves"]["val_accuracy"], label=label, **style)
        threshold = DATASETS[dataset].threshold
        ax_train.axhline(threshold, color="0.6", linewidth=0.8)
        for ax, what in ((ax_train, "training"), (ax_val, "validation")):
            ax.set_xlabel("epoch")
            ax.set_ylabel(f"{what} accuracy")
        ax_train.legend(fontsize=7, loc="lower right")
    return ax_train, ax_val


def _mean_epochs(c: Mapping[str, Any], cap: int) -> float:
    """Mean epochs to the threshold, a seed that never gets there counted as ``cap`` + 1."""
    return float(np.mean([cap + 1 if e is None else e for e in c["epochs_to"]]))


def claim_numbers(results: Results) -> dict[str, float]:
    """The numbers behind the chapter's answers to the claims.

    Keys: ``drop_<dataset>`` (ReLU's minus identity's mean test accuracy),
    ``linear_<dataset>``, ``relu_<dataset>``; ``speed_<name>_<opt>``: mean
    epochs to the MNIST-1D threshold (a seed that never reaches it counts as
    one epoch past the budget) with ``adam`` or ``momentum``;
    ``best_smooth``/``best_smooth_gain``: the best smooth activation on
    MNIST-1D and its lead over ReLU; ``selu_<init>_<dataset>``.
    """
    out: dict[str, Any] = {}
    for d in DATASETS:
        relu = summary(cell(results, d, "relu"))[0]
        linear = summary(cell(results, d, "identity"))[0]
        out |= {f"relu_{d}": relu, f"linear_{d}": linear, f"drop_{d}": relu - linear}
        for init in SELU_INITS:
            experiment = "main" if init == "lecun" else "selu_init"
            out[f"selu_{init}_{d}"] = summary(cell(results, d, "selu", experiment, init))[0]
    spec = DATASETS[MOMENTUM["dataset"]]
    for name in MOMENTUM["activations"]:
        out[f"speed_{name}_adam"] = _mean_epochs(cell(results, spec.name, name), spec.epochs)
        out[f"speed_{name}_momentum"] = _mean_epochs(cell(results, spec.name, name, "momentum"),
                                                     spec.epochs)
    smooth = ["elu", "celu", "selu", "gelu", "gelu_tanh", "silu", "mish", "softplus"]
    scores = {n: summary(cell(results, "mnist1d", n))[0] for n in smooth}
    best = max(scores, key=scores.get)
    out |= {"best_smooth": best, "best_smooth_gain": scores[best] - out["relu_mnist1d"]}
    return out


def compare_live(results: Results, live: Iterable[Mapping[str, Any]]) -> Markdown:
    """Live re-runs next to the file: per-seed test accuracies and their largest difference."""
    rows = []
    for run in live:
        saved = cell(results, run["dataset"], run["activation"])
        diff = np.max(np.abs(np.subtract(run["test_accuracy"], saved["test_accuracy"])))
        rows.append([run["activation"], f"{run['lr']:g}", _fmt(saved), _fmt(run), float(diff)])
    return tables.markdown_table(["activation", "lr", "test accuracy in the file",
                                  "test accuracy now", "largest difference per seed"], rows)
