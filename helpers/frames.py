"""Sliders over pre-rendered frames: the machinery behind :mod:`helpers.widgets`.

Introduced in: none (used by other helpers modules only)

Static first
------------
A slider whose callback needs a Python kernel shows a stale picture on the
static website. So every widget here is built from one description of the
view, a :class:`View`: ``setup(fig)`` draws once and returns the artists,
``update(artists, value)`` changes them for one slider value, ``label`` and
``alt`` describe a value in words. From a view:

* :func:`frames` renders one PNG per slider value by *updating the artists of
  one figure* (never a new figure per frame): the parts that never change are
  drawn once, and each frame redraws only the artists that move (blitting);
* :func:`static_face` wraps the frames in an ipywidgets ``Stack`` of ``HTML``
  frames (each an ``<img>`` with alt text; the ``Image`` widget cannot carry
  alt text) whose ``selected_index`` is ``jslink``-ed to the ``index`` of a
  ``SelectionSlider``; the slider's readout shows the value. The link runs in
  the browser, and the build embeds the widget state in the page, so the
  slider moves the picture with no kernel at all;
* :func:`live_face` keeps the figure and re-renders it for any value of a
  fine slider, for a running kernel.

Decision: the pre-rendered frames are the face used *everywhere*, in the book
and in Binder or local Jupyter alike. Switching frames happens in the browser,
so the slider answers instantly, and the page behaves the same with or without
a kernel. ``live=True`` is opt-in for readers who want values between the
frames: it returns the live face (a continuous slider that recomputes by
updating the existing artists and writes the new PNG into the same HTML
frame). It needs a kernel; on the static site its slider would do nothing,
which is why the chapters use the default.

Sharp and light: frames are rendered at :data:`FRAME_DPI` (1.5 device pixels
per CSS pixel) and shown at the figure's own size in CSS pixels
(:data:`CSS_PX_PER_INCH`, narrower in a narrow column); every text artist is at
least :data:`MIN_FONT_PT` points, so capitals are at least 9 px tall as the
book's text column shows the frames; each PNG is quantised to a palette of
:data:`PNG_COLOURS` colours. At most :data:`MAX_FRAMES` frames per widget keep a
page with two widgets under about 2 MB. Readouts and alt texts never say "-0".
The slider's description (``View.control``) is its accessible name: on the
website the book's Sphinx extension (``_ext/book_a11y.py``) gives it to the
slider handle.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Sequence
from typing import Any, Protocol

import ipywidgets as ipw
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import Container
from matplotlib.figure import Figure
from matplotlib.text import Text

from helpers import plotting

__all__ = [
    "MAX_FRAMES",
    "FRAME_DPI",
    "MIN_FONT_PT",
    "enlarge_small_text",
    "no_negative_zero",
    "CSS_PX_PER_INCH",
    "PNG_COLOURS",
    "View",
    "checked_values",
    "frames",
    "snapshot",
    "static_face",
    "live_face",
    "slider_widget",
]

#: Upper limit on pre-rendered frames per widget (page weight and build time).
MAX_FRAMES = 32
#: Resolution of the frames: 1.5 device pixels per CSS pixel when shown at full size.
FRAME_DPI = 144
#: CSS pixels per inch: a frame is displayed ``figsize[0] * CSS_PX_PER_INCH`` px wide
#: (or narrower, ``max-width: 100%``, in a narrow column).
CSS_PX_PER_INCH = 96
#: Smallest font size of any text in a frame, in points (13.3 CSS px at full size;
#: cap height 9 px or more down to a 684 px wide frame, the column at 1,280 px).
MIN_FONT_PT = 10.0
#: Palette size of the quantised frame PNGs (anti-aliased lines and text stay smooth).
PNG_COLOURS = 96


class View(Protocol):
    """One description of an interactive figure, shared by both faces.

    Attributes
    ----------
    figsize : (float, float)
        Figure size in inches.
    margins : dict
        ``Figure.subplots_adjust`` keywords for the frames (fixed layout).
    control : str
        Short name of the slider, e.g. ``"depth n"``.
    caption : str
        One or two sentences shown above the widget.
    """

    figsize: tuple[float, float]
    margins: dict[str, float]
    control: str
    caption: str

    def setup(self, fig: Figure) -> Any:
        """Draw the parts that never change into ``fig``; return the artists to update."""

    def update(self, artists: Any, value: Any) -> None:
        """Change ``artists`` in place to show ``value`` (no new figure, no new axes)."""

    def label(self, value: Any) -> str:
        """The slider readout for ``value``, e.g. ``"0.1"``."""

    def alt(self, value: Any) -> str:
        """Alt text describing the frame for ``value``."""


# ---------------------------------------------------------------------------
# Rendering: one figure, many frames


def checked_values(values: Any, what: str = "values") -> list[Any]:
    try:
        out = list(values)
    except TypeError:
        raise ValueError(f"{what} must be a non-empty sequence of numbers, got {values!r}") \
            from None
    if not out:
        raise ValueError(f"{what} is empty; give at least one value (and at most {MAX_FRAMES})")
    if len(out) > MAX_FRAMES:
        raise ValueError(f"{what} has {len(out)} entries; at most {MAX_FRAMES} frames are "
                         "pre-rendered, so pass fewer values")
    for v in out:
        ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        if not ok or not math.isfinite(float(v)):
            raise ValueError(f"{what} must hold finite numbers, got {v!r}")
    if len(set(out)) != len(out):
        raise ValueError(f"{what} contains duplicates: {out}")
    return out


def _new_figure(view: View, dpi: int) -> Figure:
    """A figure outside pyplot (never auto-displayed, never in ``plt.get_fignums()``).

    It uses the view's fixed ``margins`` (``Figure.subplots_adjust`` keywords)
    rather than a layout engine: constrained layout costs more than drawing
    all the frames of a slider.
    """
    with plotting.book_style():
        fig = Figure(figsize=view.figsize, dpi=dpi)
    fig.subplots_adjust(**view.margins)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    """Encode what the Agg canvas holds now (no redraw) as a palette PNG.

    The figure's few colours plus their anti-aliasing fit a palette of
    :data:`PNG_COLOURS` entries (median cut, no dithering, so flat areas stay
    flat): about a third of the size of the RGB PNG, with no visible change.
    """
    width, height = fig.canvas.get_width_height(physical=True)
    rgba = PIL.Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw",
                                "RGBA", 0, 1)
    palette = rgba.convert("RGB").quantize(colors=PNG_COLOURS,
                                           method=PIL.Image.Quantize.MEDIANCUT,
                                           dither=PIL.Image.Dither.NONE)
    buf = io.BytesIO()
    palette.save(buf, format="png", optimize=True)
    return buf.getvalue()


def enlarge_small_text(fig: Figure, min_pt: float = MIN_FONT_PT) -> None:
    """Raise every text artist of ``fig`` smaller than ``min_pt`` points to ``min_pt``."""
    for text in fig.findobj(Text):
        if text.get_fontsize() < min_pt:
            text.set_fontsize(min_pt)


_NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-\u2212]0(?:\.0+)?(?![\d.])")


def no_negative_zero(text: str) -> str:
    """``text`` with every "-0" (or "-0.00", "\u22120") written as "0"; "-0.5" is kept."""
    return _NEGATIVE_ZERO.sub(lambda m: m.group(0)[1:], text)


def _flatten_artists(tree: Any) -> list[Artist]:
    """Every matplotlib artist in a (nested) dict/list/tuple/container of artists."""
    if isinstance(tree, Artist):
        return [tree]
    if isinstance(tree, dict):
        tree = list(tree.values())
    if isinstance(tree, (list, tuple, Container)):
        return [a for item in tree for a in _flatten_artists(item)]
    return []


class _Renderer:
    """A view drawn once into a private figure; :meth:`render` updates and encodes.

    The artists returned by ``view.setup`` are marked *animated*: the full
    draw (axes, ticks, labels, everything that never changes) happens once,
    its pixels are kept, and each frame restores them and redraws only the
    changing artists (blitting).
    """

    def __init__(self, view: View, first: Any, dpi: int = FRAME_DPI) -> None:
        self.view = view
        self.fig = _new_figure(view, dpi)
        with plotting.book_style():
            self.artists = view.setup(self.fig)
            view.update(self.artists, first)
            enlarge_small_text(self.fig)
        self.animated = _flatten_artists(self.artists)
        for artist in self.animated:
            artist.set_animated(True)
        with plotting.book_style():
            self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def render(self, value: Any) -> bytes:
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        with plotting.book_style():
            self.view.update(self.artists, value)
            enlarge_small_text(self.fig)
            for artist in self.animated:
                self.fig.draw_artist(artist)
        return _png(self.fig)


def frames(view: View, values: Sequence[Any], dpi: int = FRAME_DPI) -> list[bytes]:
    """PNG bytes of ``view`` at each value, all drawn by updating ONE figure."""
    values = checked_values(values)
    renderer = _Renderer(view, values[0], dpi)
    return [renderer.render(v) for v in values]


def snapshot(view: View, value: Any) -> tuple[Axes, ...]:
    """The view at one value as an ordinary (pyplot) figure, for a static book figure.

    Returns the figure's axes; end the notebook cell with ``;`` so the inline
    backend shows the figure once.
    """
    with plotting.book_style():
        fig = plt.figure(figsize=view.figsize, layout="constrained")
        artists = view.setup(fig)
        view.update(artists, value)
    return tuple(fig.axes)


def _img_html(png: bytes, alt: str, width_in: float) -> str:
    """An ``<img>`` of ``png``, shown ``width_in`` inches wide in CSS pixels (or narrower)."""
    data = base64.b64encode(png).decode("ascii")
    width = round(width_in * CSS_PX_PER_INCH)
    alt = html.escape(no_negative_zero(alt), quote=True)
    return (f'<img src="data:image/png;base64,{data}" alt="{alt}" '
            f'style="width:{width}px;max-width:100%;height:auto;display:block">')


def _caption_html(view: View) -> str:
    return (f'<p class="widget-caption" style="margin:0 0 0.3em 0;font-size:0.9em">'
            f"<strong>Interactive figure.</strong> {html.escape(view.caption)}</p>")


def _slider(view: View, values: list[Any]) -> ipw.SelectionSlider:
    return ipw.SelectionSlider(
        options=[(no_negative_zero(view.label(v)), i) for i, v in enumerate(values)],
        value=0,
        description=view.control,
        continuous_update=True,
        readout=True,
        style={"description_width": "initial"},
        layout=ipw.Layout(width="min(100%, 36em)"),
    )


def static_face(view: View, values: Sequence[Any], dpi: int = FRAME_DPI) -> ipw.VBox:
    """Pre-rendered frames switched in the browser by a jslinked slider.

    Returns a ``VBox(caption, slider, stack)``. The links are kept on the box
    as ``box.links`` (a tuple of ``ipywidgets.Link``); ``box.slider`` and
    ``box.stack`` name the two linked widgets.
    """
    values = checked_values(values)
    pngs = frames(view, values, dpi)
    pages = [ipw.HTML(value=_img_html(png, view.alt(v), view.figsize[0]))
             for png, v in zip(pngs, values, strict=True)]
    stack = ipw.Stack(children=pages, selected_index=0)
    slider = _slider(view, values)
    link = ipw.jslink((slider, "index"), (stack, "selected_index"))
    box = ipw.VBox([ipw.HTML(value=_caption_html(view)), slider, stack])
    box.slider, box.stack, box.links, box.values = slider, stack, (link,), tuple(values)
    return box


def _live_slider(view: View, values: list[Any]) -> ipw.ValueWidget:
    lo, hi = float(min(values)), float(max(values))
    common = {"description": view.control, "continuous_update": False,
              "style": {"description_width": "initial"}}
    if all(isinstance(v, (int, np.integer)) for v in values):
        return ipw.IntSlider(value=int(values[0]), min=int(lo), max=int(hi), **common)
    if getattr(view, "log_scale", False) and lo > 0:
        return ipw.FloatLogSlider(value=float(values[0]), base=10, min=math.log10(lo),
                                  max=math.log10(hi), step=(math.log10(hi / lo) or 1) / 100,
                                  **common)
    step = (hi - lo) / 200 if hi > lo else 0.01
    return ipw.FloatSlider(value=float(values[0]), min=lo, max=hi, step=step, **common)


def live_face(view: View, values: Sequence[Any], dpi: int = FRAME_DPI) -> ipw.VBox:
    """A fine slider that recomputes the view in the kernel (needs a running kernel).

    Every change updates the artists of the one figure kept here and writes
    the new PNG into the same HTML frame: no new figure per event. The box
    exposes ``box.slider``, ``box.frame`` and ``box.show(value)``.
    """
    values = checked_values(values)
    renderer = _Renderer(view, values[0], dpi)
    slider = _live_slider(view, values)
    frame = ipw.HTML()

    def show(value: Any) -> None:
        frame.value = _img_html(renderer.render(value), view.alt(value), view.figsize[0])

    slider.observe(lambda change: show(change["new"]), names="value")
    show(slider.value)
    box = ipw.VBox([ipw.HTML(value=_caption_html(view)), slider, frame])
    box.slider, box.frame, box.show, box.renderer = slider, frame, show, renderer
    return box


def slider_widget(view: View, values: Sequence[Any], live: bool = False) -> ipw.VBox:
    """The static face of ``view`` (default) or, with ``live=True``, its live face."""
    return live_face(view, values) if live else static_face(view, values)


