"""Slider frames are sharp, legible and light; their texts never say "-0"."""

from __future__ import annotations

import base64
import io
import re

import PIL.Image
import pytest
from matplotlib.text import Text

from helpers import frames, widgets

IMG = re.compile(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)" '
                 r'style="width:(\d+)px;max-width:100%')
#: Cap height of the book's font (DejaVu Sans) as a fraction of the font size.
CAP_HEIGHT = 0.729


@pytest.fixture(scope="module")
def leaky():
    return widgets.parameter_slider("leaky_relu", "alpha", values=[0.0, 0.01, 0.1, 0.5])


def _frames(box):
    return [IMG.search(page.value).groups() for page in box.stack.children]


def test_text_in_a_frame_shown_at_full_size_is_at_least_9_px_tall(leaky):
    view = widgets.DepthView(range(1, 4))
    renderer = frames._Renderer(view, 1)
    renderer.render(2)
    sizes = [t.get_fontsize() for t in renderer.fig.findobj(Text) if t.get_text()]
    assert sizes and min(sizes) >= frames.MIN_FONT_PT
    for data, _, width in _frames(leaky):
        png = PIL.Image.open(io.BytesIO(base64.b64decode(data)))
        css_px_per_device_px = int(width) / png.width
        smallest_cap = frames.MIN_FONT_PT / 72 * frames.FRAME_DPI * css_px_per_device_px
        assert smallest_cap * CAP_HEIGHT >= 9.0
        assert int(width) == round(widgets.ParameterView.figsize[0] * frames.CSS_PX_PER_INCH)


def test_frames_are_palette_pngs_rendered_above_screen_resolution(leaky):
    for data, _, width in _frames(leaky):
        png = PIL.Image.open(io.BytesIO(base64.b64decode(data)))
        assert png.mode == "P" and png.width >= 1.4 * int(width)


def test_alt_text_and_readout_say_0_not_minus_0(leaky):
    alts = [alt for _, alt, _ in _frames(leaky)]
    assert "alpha = 0 " in alts[0]
    assert not any(re.search(r"(?<![\w.])-0(?![.\d])", alt) for alt in alts), alts[0]
    labels = [label for label, _ in leaky.slider.options]
    assert labels[0] == "0"


@pytest.mark.parametrize(("text", "expected"), [
    ("from -0 to 5", "from 0 to 5"),
    ("between -0.00 and 1", "between 0.00 and 1"),
    ("\u22120", "0"),
    ("-0.5 and -0.05 and -10 and x-0", "-0.5 and -0.05 and -10 and x-0"),
])
def test_no_negative_zero(text, expected):
    assert frames.no_negative_zero(text) == expected
