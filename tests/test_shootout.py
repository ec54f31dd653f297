"""helpers.studies.shootout and its report: the grid's protocol, its results file, a re-run."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import activations as act  # noqa: E402
from helpers import nn  # noqa: E402
from helpers.studies import shootout  # noqa: E402
from helpers.studies import shootout_report as report  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return shootout.load()


def test_every_activation_but_step_is_in_the_grid():
    names = shootout.activations()
    assert "step" not in names and "identity" in names
    assert sorted(names + ["step"]) == act.names()
    main = [c for c in shootout.grid_cells() if c["experiment"] == "main"]
    assert len(main) == len(names) * len(shootout.DATASETS) * len(shootout.LEARNING_RATES)


def test_the_file_has_provenance_and_one_selected_cell_per_activation_and_data_set(results):
    prov = results["provenance"]
    assert prov["command"] == "python -m helpers.studies.shootout"
    assert {"numpy", "scipy", "mnist1d"} <= set(prov["packages"])
    assert prov["date"] and prov["machine"]
    main = report.cells(results)
    assert sorted((c["dataset"], c["activation"]) for c in main) == sorted(
        (d, a) for d in shootout.DATASETS for a in shootout.activations())
    for c in main:
        assert len(c["test_accuracy"]) == len(shootout.SEEDS)
        assert set(c["tried"]) == {str(lr) for lr in shootout.LEARNING_RATES}


def test_the_selected_rate_has_the_best_validation_score_never_the_best_test_score(results):
    for c in report.cells(results):
        best = max(np.mean(np.nan_to_num(t["val_accuracy"])) for t in c["tried"].values())
        assert np.mean(np.nan_to_num(c["val_accuracy"])) == best
    low = {"lr": 0.01, "val_accuracy": [0.9, 0.9], "test_accuracy": [0.5, 0.5]}
    high = {"lr": 0.03, "val_accuracy": [0.8, 0.8], "test_accuracy": [0.99, 0.99]}
    assert shootout.select([high, low]) is low
    tie = {"lr": 0.003, "val_accuracy": [0.9, 0.9], "test_accuracy": [0.1, 0.1]}
    assert shootout.select([low, tie]) is tie          # ties go to the smaller rate


def test_the_files_numbers_answer_the_acceptance_bars(results):
    numbers = report.claim_numbers(results)
    assert numbers["relu_spiral"] >= 0.95 and numbers["linear_spiral"] < 0.6
    assert numbers["relu_mnist1d"] >= 0.55 and numbers["linear_mnist1d"] <= 0.40
    assert numbers["relu_digits"] >= 0.95


@pytest.mark.parametrize(("dataset", "activation"),
                         [("spiral", "relu"), ("spiral", "identity"), ("digits", "tanh")])
def test_a_slice_of_the_grid_regenerates_the_file(results, dataset, activation):
    saved = report.cell(results, dataset, activation)
    for lr, scores in saved["tried"].items():
        again = shootout.run_cell(dataset, activation, float(lr))
        assert np.max(np.abs(np.subtract(again["test_accuracy"], scores["test_accuracy"]))) \
            <= 0.01
        assert np.max(np.abs(np.subtract(again["val_accuracy"], scores["val_accuracy"]))) \
            <= 0.01


def test_splits_are_disjoint_and_the_validation_part_comes_from_training():
    for name in shootout.DATASETS:
        split = shootout.data(name)
        rows = lambda X: {r.tobytes() for r in X}  # noqa: E731
        train, val, test = rows(split.X_train), rows(split.X_val), rows(split.X_test)
        assert not (train & val) and not (train & test) and not (val & test)
    assert len(shootout.data("mnist1d").y_val) == 500


def test_bad_names_are_refused_with_the_valid_choices(results):
    with pytest.raises(ValueError, match="spiral, digits, mnist1d"):
        shootout.data("cifar")
    with pytest.raises(ValueError, match="Valid"):
        shootout.usual_init("nope")
    with pytest.raises(ValueError, match="main, selu_init, momentum"):
        report.cells(results, "other")
    with pytest.raises(FileNotFoundError, match="python -m helpers.studies.shootout"):
        shootout.load("/nonexistent/shootout.json")


def test_summary_is_the_mean_and_t_interval_of_the_seeds(results):
    c = report.cell(results, "mnist1d", "relu")
    assert report.summary(c) == nn.mean_ci(c["test_accuracy"])
    assert report.cell(results, "spiral", "selu", "selu_init", init="he")["init"] == "he"


def test_tables_have_a_row_per_activation_and_figures_a_panel_per_data_set(results):
    table = report.accuracy_table(results).data
    assert len(table.splitlines()) == 2 + len(shootout.activations())
    axes = report.plot_accuracies(results)
    assert len(axes) == len(shootout.DATASETS)
    ax_train, ax_val = report.plot_curves(results, ["relu", "tanh"])
    styles = {(line.get_color(), str(line.get_linestyle())) for line in ax_train.get_lines()[:2]}
    assert len(styles) == 2 and len(ax_val.get_lines()) == 2
    plt.close("all")


def test_the_grid_brackets_every_choice_and_edge_choices_finds_one_that_is_not():
    results = shootout.load()
    assert report.edge_choices(results) == []
    assert min(shootout.LEARNING_RATES) <= 0.001 and max(shootout.LEARNING_RATES) >= 0.1

    def fake(lr: float, scores: dict[float, float]) -> dict:
        tried = {str(r): {"val_accuracy": [v, v], "test_accuracy": [v, v]}
                 for r, v in scores.items()}
        return {"experiment": "main", "dataset": "spiral", "activation": "tanh", "lr": lr,
                "tried": tried}

    top = fake(0.1, {0.01: 0.5, 0.03: 0.7, 0.1: 0.9})                 # still rising
    tied = fake(0.001, {0.001: 1.0, 0.003: 1.0, 0.01: 1.0})            # a tie at the end
    inside = fake(0.003, {0.001: 0.6, 0.003: 0.9, 0.01: 0.8})
    for c, expected in ((top, [("spiral", "tanh", 0.1)]), (tied, []), (inside, [])):
        assert report.edge_choices({"results": [c]}) == expected
