"""helpers.frame_grid: static-first widgets with several controls."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import ipywidgets as ipw
import numpy as np
import PIL.Image
import pytest
from ipywidgets.embed import dependency_state, embed_data
from ipywidgets.widgets.widget_link import Link
from matplotlib.figure import Figure

from helpers import frame_grid

IMG = re.compile(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"')
CONTROLS = {"shape": ["line", "square"], "colour": ["blue", "orange", "green"],
            "size": [1, 2.5]}


class ToyView:
    """A marker whose shape, colour and size follow the controls (every frame differs)."""

    figsize = (2.0, 1.5)
    margins = {"left": 0.1, "right": 0.95, "bottom": 0.1, "top": 0.9}
    caption = "A toy view for the tests."
    colours = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73"}

    def setup(self, fig: Figure) -> Any:
        ax = fig.subplots()
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 3)
        (line,) = ax.plot([], [], linewidth=4)
        return line

    def update(self, line: Any, point: Mapping[str, Any]) -> None:
        size = float(point["size"])
        xs = [0.2, 0.2 + size] if point["shape"] == "line" else [0.2, 0.2 + size, 0.2 + size, 0.2]
        ys = [1.0, 1.0] if point["shape"] == "line" else [0.2, 0.2, 0.2 + size, 0.2 + size]
        line.set_data(xs, ys)
        line.set_color(self.colours[point["colour"]])

    def alt(self, point: Mapping[str, Any]) -> str:
        return f"A {point['colour']} {point['shape']} of size {point['size']:g}."


@pytest.fixture(scope="module")
def box():
    return frame_grid.static_face(ToyView(), CONTROLS)


def _frame(page: ipw.HTML) -> tuple[bytes, str]:
    match = IMG.search(page.value)
    assert match, page.value[:200]
    return base64.b64decode(match.group(1)), match.group(2)


def _browser_shows(box: ipw.VBox) -> ipw.HTML:
    """Do what the browser does with the jslinks, then follow the stacks to the leaf shown."""
    for link in box.links:
        (source, s_attr), (target, t_attr) = link.source, link.target
        setattr(target, t_attr, getattr(source, s_attr))
    node = box.stack
    while isinstance(node, ipw.Stack):
        node = node.children[node.selected_index]
    return node


def _leaves(widget: ipw.Widget) -> list[ipw.HTML]:
    if isinstance(widget, ipw.Stack):
        return [leaf for child in widget.children for leaf in _leaves(child)]
    return [widget]


def test_points_are_the_product_last_control_fastest():
    points = frame_grid.grid_points(CONTROLS)
    assert len(points) == 2 * 3 * 2
    assert points[0] == {"shape": "line", "colour": "blue", "size": 1}
    assert points[1] == {"shape": "line", "colour": "blue", "size": 2.5}
    assert points[2]["colour"] == "orange"
    assert points[6]["shape"] == "square"


def test_nested_stacks_hold_one_distinct_frame_per_combination(box):
    assert len(box.stack.children) == 2
    assert all(len(child.children) == 3 for child in box.stack.children)
    assert all(len(grand.children) == 2 for child in box.stack.children
               for grand in child.children)
    leaves = _leaves(box.stack)
    assert len(leaves) == len(box.points) == len(box.frame_bytes) == 12
    frames = [_frame(leaf) for leaf in leaves]
    pixels = [np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")) for png, _ in frames]
    assert len({p.tobytes() for p in pixels}) == 12
    assert [alt for _, alt in frames] == [ToyView().alt(p) for p in box.points]


def test_every_stack_is_jslinked_to_its_control(box):
    stacks_per_level = [[box.stack], list(box.stack.children),
                        [g for c in box.stack.children for g in c.children]]
    assert len(box.links) == sum(len(level) for level in stacks_per_level) == 1 + 2 + 6
    linked = {id(link.target[0]): link for link in box.links}
    for name, level in zip(CONTROLS, stacks_per_level, strict=True):
        for stack in level:
            link = linked[id(stack)]
            assert isinstance(link, Link)
            assert link.source == (box.controls[name], "index")
            assert link.target == (stack, "selected_index")


def test_controls_have_names_and_the_right_kind(box):
    shape, colour, size = (box.controls[n] for n in CONTROLS)
    assert isinstance(shape, ipw.ToggleButtons) and isinstance(colour, ipw.ToggleButtons)
    assert isinstance(size, ipw.SelectionSlider)
    assert [w.description for w in box.controls.values()] == list(CONTROLS)
    assert list(colour._options_labels) == ["blue", "orange", "green"]
    assert list(size._options_labels) == ["1", "2.5"]
    assert all(w.index == 0 for w in box.controls.values())


@pytest.mark.parametrize("choice", [(0, 0, 0), (1, 2, 1), (0, 1, 1), (1, 0, 0)])
def test_selecting_values_shows_the_expected_frame(box, choice):
    for widget, index in zip(box.controls.values(), choice, strict=True):
        widget.index = index
    shown = _browser_shows(box)
    point = {name: values[i] for (name, values), i in zip(CONTROLS.items(), choice,
                                                             strict=True)}
    assert _frame(shown)[1] == ToyView().alt(point)
    for widget in box.controls.values():
        widget.index = 0


def test_widget_state_embeds_every_link(box):
    data = embed_data(views=[box], state=dependency_state([box, *box.links]))
    models = [e["model_name"] for e in data["manager_state"]["state"].values()]
    assert models.count("LinkModel") == len(box.links)
    assert models.count("StackModel") == 9
    assert "ToggleButtonsModel" in models and "SelectionSliderModel" in models
    json.dumps(data)


def test_frames_are_palette_pngs():
    pngs = frame_grid.grid_frames(ToyView(), {"shape": ["line", "square"],
                                              "colour": ["blue", "green"], "size": [1, 2]})
    assert all(PIL.Image.open(io.BytesIO(p)).mode == "P" for p in pngs)


def test_live_face_recomputes_in_place():
    live = frame_grid.live_face(ToyView(), CONTROLS)
    assert isinstance(live.controls["size"], ipw.FloatSlider)
    before = _frame(live.frame)
    live.controls["colour"].value = "green"
    live.controls["size"].value = 1.7
    after = _frame(live.frame)
    assert after[1] == "A green line of size 1.7."
    assert after[0] != before[0]
    assert len(live.renderer.fig.axes) == 1  # the same figure, updated


@pytest.mark.parametrize(("controls", "message"), [
    ({}, "non-empty mapping"),
    ([("a", [1, 2])], "non-empty mapping"),
    ({"": [1, 2]}, "non-empty strings"),
    ({3: [1, 2]}, "non-empty strings"),
    ({"depth": "abc"}, "control 'depth': values must be a list"),
    ({"depth": [1]}, "control 'depth' has 1 value"),
    ({"depth": [1, "two"]}, "all strings"),
    ({"depth": [1, float("nan")]}, "finite numbers"),
    ({"flag": [True, False]}, "finite numbers"),
    ({"depth": [1, 2, 2]}, "duplicate values"),
    ({"a": list(range(20)), "b": list(range(20))}, "400 frames"),
])
def test_bad_control_specs_raise_a_clear_error(controls, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        frame_grid.checked_controls(controls)
    with pytest.raises(ValueError, match=re.escape(message)):
        frame_grid.static_face(ToyView(), controls)
