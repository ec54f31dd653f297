"""helpers.widgets: static-first sliders (DESIGN section 4)."""

from __future__ import annotations

import base64
import io
import json
import re

import ipywidgets as ipw
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
from ipywidgets.embed import dependency_state, embed_data
from ipywidgets.widgets.widget_link import Link

from helpers import frames, widgets
from helpers.studies import dead_units

IMG = re.compile(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"')


@pytest.fixture(scope="module")
def faces():
    return {
        "param": widgets.parameter_slider("leaky_relu", "alpha", [0.0, 0.1, 0.3]),
        "depth": widgets.depth_decay(range(1, 7)),
        "dead": dead_units.dead_relu([0.1, 1.0, 4.0], epochs=20),
    }


def _frames(box):
    out = []
    for page in box.stack.children:
        match = IMG.search(page.value)
        assert match, page.value[:200]
        out.append((base64.b64decode(match.group(1)), match.group(2)))
    return out


def _pixels(png):
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("key", ["param", "depth", "dead"])
def test_every_slider_value_has_its_own_frame_with_alt_text(faces, key):
    box = faces[key]
    frames = _frames(box)
    assert len(frames) == len(box.values) == len(box.slider.options)
    pixels = [_pixels(png) for png, _ in frames]
    for i in range(len(pixels)):
        for j in range(i + 1, len(pixels)):
            assert not np.array_equal(pixels[i], pixels[j]), (i, j)
    alts = [alt for _, alt in frames]
    assert all(len(alt) > 40 for alt in alts)
    assert len(set(alts)) == len(alts)


@pytest.mark.parametrize("key", ["param", "depth", "dead"])
def test_slider_and_stack_are_jslinked(faces, key):
    box = faces[key]
    (link,) = box.links
    assert isinstance(link, Link)
    assert link.source == (box.slider, "index")
    assert link.target == (box.stack, "selected_index")
    assert isinstance(box.slider, ipw.SelectionSlider)
    assert box.slider.readout and box.slider.continuous_update
    assert box.stack.selected_index == box.slider.index == 0
    assert list(box.slider._options_labels) == [str(v) if isinstance(v, int) else f"{v:g}"
                                                for v in box.values]


def test_widget_state_embeds_frames_and_link(faces):
    box = faces["depth"]
    data = embed_data(views=[box], state=dependency_state([box, *box.links]))
    state = data["manager_state"]["state"]
    text = json.dumps(data)  # serialisable
    models = {mid: entry["model_name"] for mid, entry in state.items()}
    assert "LinkModel" in models.values()
    (link_id,) = [m for m, name in models.items() if name == "LinkModel"]
    link_state = state[link_id]["state"]
    assert link_state["source"] == [f"IPY_MODEL_{box.slider.model_id}", "index"]
    assert link_state["target"] == [f"IPY_MODEL_{box.stack.model_id}", "selected_index"]
    frames = [s["state"]["value"] for s in state.values() if s["model_name"] == "HTMLModel"
              and "data:image/png" in s["state"].get("value", "")]
    assert len(frames) == len(box.values)
    assert all('alt="' in f for f in frames)
    assert f'"{box.slider.model_id}"' in text and data["view_specs"][0]["model_id"] == \
        box.model_id


def test_frames_draw_into_one_figure_outside_pyplot(monkeypatch):
    made = []
    original = matplotlib.figure.Figure.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", counting)
    before = plt.get_fignums()
    view = widgets.ParameterView("elu", "alpha", [0.5, 1.0, 1.5, 2.0])
    pngs = widgets.frames(view, [0.5, 1.0, 1.5, 2.0])
    assert len(pngs) == 4
    assert len(made) == 1
    assert plt.get_fignums() == before


def test_live_face_updates_the_same_figure(monkeypatch):
    box = widgets.parameter_slider("leaky_relu", "alpha", [0.0, 0.5], live=True)
    fig = box.renderer.fig
    made = []
    original = matplotlib.figure.Figure.__init__
    monkeypatch.setattr(matplotlib.figure.Figure, "__init__",
                        lambda self, *a, **k: (made.append(self), original(self, *a, **k))[1])
    before = plt.get_fignums()
    shown = [box.frame.value]
    for alpha in (0.1, 0.25, 0.4):
        box.slider.value = alpha  # the observer runs in Python, no frontend needed
        shown.append(box.frame.value)
    assert made == [] and box.renderer.fig is fig and plt.get_fignums() == before
    assert len(set(shown)) == len(shown)
    assert "alpha = 0.4" in IMG.search(shown[-1]).group(2)


def test_live_face_picks_a_fine_slider():
    assert isinstance(widgets.depth_decay(range(1, 5), live=True).slider, ipw.IntSlider)
    assert isinstance(widgets.parameter_slider("elu", "alpha", [0.5, 2.0], live=True).slider,
                      ipw.FloatSlider)


def test_a_frame_does_not_depend_on_the_frames_before_it():
    # No pixels of an earlier frame survive into a later one (blitting restores the background).
    box = widgets.parameter_slider("leaky_relu", "alpha", [0.05, 0.3, 0.6], live=True)
    first = IMG.search(box.frame.value).group(1)
    box.show(0.6)
    assert IMG.search(box.frame.value).group(1) != first
    box.show(0.05)
    again = IMG.search(box.frame.value).group(1)
    assert np.array_equal(_pixels(base64.b64decode(first)), _pixels(base64.b64decode(again)))


def test_blitted_frame_matches_a_full_redraw():
    view = widgets.DepthView(range(1, 9))
    blitted = _pixels(widgets.frames(view, [1, 5])[1]).astype(float)
    fig = matplotlib.figure.Figure(figsize=view.figsize, dpi=widgets.FRAME_DPI)
    fig.subplots_adjust(**view.margins)
    with widgets.plotting.book_style():
        artists = view.setup(fig)
        view.update(artists, 5)
        frames.enlarge_small_text(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=widgets.FRAME_DPI)
    full = _pixels(buf.getvalue()).astype(float)
    assert blitted.shape == full.shape
    assert np.mean(np.abs(blitted - full)) < 2.0  # same picture up to draw order


def test_snapshot_is_one_pyplot_figure():
    before = len(plt.get_fignums())
    axes = widgets.snapshot(widgets.DepthView(range(1, 4)), 2)
    assert len(plt.get_fignums()) == before + 1 and len(axes) == 2
    plt.close(axes[0].figure)


# --- bad input --------------------------------------------------------------

def test_unknown_activation_names_valid_choices():
    with pytest.raises(ValueError, match="Valid names: .*leaky_relu"):
        widgets.parameter_slider("leaky_rleu", "alpha", [0.1])


def test_unknown_parameter_names_valid_parameters():
    with pytest.raises(ValueError, match="valid parameters: alpha"):
        widgets.parameter_slider("elu", "beta", [0.1])
    with pytest.raises(ValueError, match="valid parameters: none"):
        widgets.parameter_slider("relu", "alpha", [0.1])


def test_out_of_range_parameter_value_is_refused():
    with pytest.raises(ValueError, match="alpha"):
        widgets.parameter_slider("leaky_relu", "alpha", [0.1, 1.5])


@pytest.mark.parametrize("values", [[], [0.1, 0.1], [float("nan")], ["a"], 3,
                                    list(np.linspace(0, 0.5, widgets.MAX_FRAMES + 1))])
def test_bad_value_lists_are_refused(values):
    with pytest.raises(ValueError):
        widgets.parameter_slider("leaky_relu", "alpha", values)


def test_bad_depths_and_learning_rates_are_refused():
    with pytest.raises(ValueError, match="empty"):
        widgets.depth_decay([])
    with pytest.raises(ValueError, match=">= 1"):
        widgets.depth_decay([0, 1])
    with pytest.raises(ValueError, match="> 0"):
        dead_units.dead_relu([0.1, -1.0])
    with pytest.raises(ValueError, match="empty"):
        dead_units.dead_relu([])


def test_bad_xlim_is_refused():
    with pytest.raises(ValueError, match="xlim"):
        widgets.parameter_slider("elu", "alpha", [1.0], xlim=(2, -2))


# --- the experiments behind the widgets -----------------------------------

def test_depth_series_follow_their_closed_forms():
    view = widgets.DepthView(range(1, 11))
    sig_bound, sig_chain, tanh_bound, tanh_chain = view.series.values()
    np.testing.assert_array_equal(sig_bound, 0.25 ** np.arange(1, 11))
    np.testing.assert_array_equal(tanh_bound, np.ones(10))
    assert np.all(sig_chain <= sig_bound) and np.all(tanh_chain <= tanh_bound)
    assert tanh_chain[-1] > 1e3 * sig_chain[-1]


def test_large_learning_rates_kill_relus_but_not_leaky_relus():
    relu = dead_units.dead_relu_runs([0.1, 4.0], epochs=30)
    leaky = dead_units.dead_relu_runs([4.0], epochs=30, activation="leaky_relu", alpha=0.1)
    assert relu[4.0]["final_dead"] > relu[0.1]["final_dead"] + 0.2
    assert leaky[4.0]["final_dead"] == 0.0
    assert relu[0.1]["dead"].shape == (30, 2)
