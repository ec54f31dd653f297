"""Plots draw what they claim, in distinguishable styles, with no global side effects."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import activations as act  # noqa: E402
from helpers import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_function_and_gradient_draws_f_and_df():
    ax_f, ax_df = plotting.function_and_gradient(["sigmoid", "tanh"], xlim=(-3, 3), num=61)
    assert ax_f.figure is ax_df.figure
    (sig_f, tanh_f), (sig_df, tanh_df) = ax_f.get_lines()[:2], ax_df.get_lines()[:2]
    xs = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(sig_f.get_ydata(), act.get("sigmoid").f(xs))
    np.testing.assert_allclose(tanh_df.get_ydata(), act.get("tanh").df(xs))
    assert sig_f.get_color() != tanh_f.get_color()
    assert sig_f.get_linestyle() != tanh_f.get_linestyle()
    assert sig_df.get_linestyle() == sig_f.get_linestyle()


def test_draws_into_given_axes_and_accepts_activation_objects():
    fig, axes = plt.subplots(1, 2)
    out = plotting.function_and_gradient(act.get("leaky_relu", alpha=0.2), axes=axes)
    assert out[0] is axes[0] and out[1] is axes[1]
    assert "0.2" in out[0].get_legend().get_texts()[0].get_text()


def test_bad_input_is_reported():
    with pytest.raises(ValueError, match="Valid names"):
        plotting.function_and_gradient("sigmoidd")
    with pytest.raises(ValueError, match="at least one"):
        plotting.function_and_gradient([])


def test_series_styles_are_pairwise_distinct_in_colour_and_style():
    styles = plotting.series_styles(len(plotting.PALETTE))
    assert len({s["color"] for s in styles}) == len(styles)
    assert len({str(s["linestyle"]) for s in styles}) == len(styles)


def test_no_global_rcparams_change():
    before = dict(matplotlib.rcParams)
    plotting.function_and_gradient("relu")
    plotting.activation_grid(["relu", "gelu"], ncols=2)
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


def test_activation_grid_has_one_visible_panel_per_name():
    fig = plotting.activation_grid(["relu", "gelu", "tanh"], ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["relu", "gelu", "tanh"]


def test_every_figure_shows_in_a_notebook_kernel():
    """Regression: a first figure made inside rc_context used to hide all later ones."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from helpers import plotting\n"
                                  "plotting.function_and_gradient('relu');"),
        nbformat.v4.new_code_cell("plotting.function_and_gradient('tanh');"),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2]);"),
    ]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    shown = [[o["output_type"] for o in cell.outputs] for cell in nb.cells]
    assert shown == [["display_data"]] * 3


def test_curves_draws_one_line_per_series_or_column():
    ax = plotting.curves({"a": np.arange(5.0), "b": np.ones((5, 2))})
    assert [line.get_label() for line in ax.lines] == ["a", "b [0]", "b [1]"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), np.arange(5))
    assert ax.get_yscale() == "linear"
    assert plotting.curves({"decay": 0.25 ** np.arange(1, 6)}, logy=True).get_yscale() == "log"


def test_curves_rejects_bad_shapes():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        plotting.curves({"bad": np.zeros((2, 2, 2))})
    with pytest.raises(ValueError, match="steps has shape"):
        plotting.curves({"a": np.arange(3.0)}, steps=np.arange(4))
