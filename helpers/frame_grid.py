"""Static-first widgets with several controls: a grid of pre-rendered frames.

Introduced in: book/playground.md

:mod:`helpers.frames` links one slider to one ``Stack`` of frames. A figure
that depends on several choices (activation x initialisation x depth) needs
one frame per *combination*, and the browser must pick the right one with no
kernel. This module does that by nesting ``Stack`` widgets:

* the controls are an ordered mapping ``name -> values``, e.g.
  ``{"activation": ["tanh", "relu"], "init": ["lecun", "he"], "depth": [1, 10, 30]}``.
  A control whose values are all strings is a row of ``ToggleButtons``; one
  whose values are all numbers is a ``SelectionSlider`` showing the values.
  The control's name is its description (its accessible name);
* :func:`grid_frames` renders one PNG per combination by updating the artists
  of ONE figure (the renderer of :mod:`helpers.frames`: blitting, no new
  figure per frame) and stores it as a palette PNG (:data:`PALETTE_COLORS`
  colours), which keeps a grid of about a hundred frames near one megabyte;
* :func:`static_face` puts the frames in nested ``Stack`` widgets: the outer
  stack has one child per value of the first control, each child one per
  value of the second control, and so on down to the frames. The
  ``selected_index`` of every stack on level ``k`` is ``jslink``-ed to the
  ``index`` of control ``k``. The links run in the browser and the build
  embeds the widget state in the page, so every control moves the picture on
  the static website;
* :func:`live_face` recomputes in a running kernel for any value of the
  numeric controls (an ``IntSlider``/``FloatSlider`` over their range),
  updating the artists of the one figure it keeps.

A view for a grid is the one-slider :class:`helpers.frames.View` with
``update(artists, point)`` and ``alt(point)`` receiving a *point*, a dict
``{control name: value}``; an optional ``label(name, value)`` gives the text
shown for a value (default: the string, or ``f"{value:g}"`` for numbers).

Examples
--------
>>> box = frame_grid.grid_widget(view, {"activation": ["tanh", "relu"],
...                                      "depth": [1, 10, 30]})   # doctest: +SKIP
>>> box.controls["depth"].index = 2                              # doctest: +SKIP
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import ipywidgets as ipw
import numpy as np
import PIL.Image
from matplotlib.figure import Figure

from helpers import frames

__all__ = [
    "MAX_GRID_FRAMES",
    "PALETTE_COLORS",
    "GridView",
    "checked_controls",
    "grid_points",
    "grid_frames",
    "static_face",
    "live_face",
    "grid_widget",
]

#: Upper limit on the number of combinations (frames) of one grid widget.
MAX_GRID_FRAMES = 160
#: Colours of the palette PNG frames (antialiased line art needs few).
PALETTE_COLORS = 64


class GridView(Protocol):
    """One description of an interactive figure with several controls.

    Attributes
    ----------
    figsize : (float, float)
        Figure size in inches.
    margins : dict
        ``Figure.subplots_adjust`` keywords (fixed layout, no layout engine).
    caption : str
        One or two sentences shown above the controls.
    """

    figsize: tuple[float, float]
    margins: dict[str, float]
    caption: str

    def setup(self, fig: Figure) -> Any:
        """Draw the parts that never change into ``fig``; return the artists to update."""

    def update(self, artists: Any, point: Mapping[str, Any]) -> None:
        """Change ``artists`` in place to show ``point`` (``{control name: value}``)."""

    def alt(self, point: Mapping[str, Any]) -> str:
        """Alt text describing the frame for ``point``."""


# ---------------------------------------------------------------------------
# The controls


def _is_number(v: object) -> bool:
    ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
    return ok and math.isfinite(float(v))


def checked_controls(controls: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """Validate a controls spec; return it as an ordered ``{name: [values]}`` dict.

    Raises
    ------
    ValueError
        When ``controls`` is not a non-empty mapping; a name is not a non-empty
        string; a control has fewer than two values, duplicates, or mixes
        strings and numbers (or holds anything else, e.g. bools or NaN); or the
        grid has more than :data:`MAX_GRID_FRAMES` combinations. The message
        names the control and what is wrong.
    """
    if not isinstance(controls, Mapping) or not controls:
        raise ValueError("controls must be a non-empty mapping of control name -> values, "
                         f"e.g. {{'depth': [1, 10, 30]}}; got {controls!r}")
    out: dict[str, list[Any]] = {}
    for name, values in controls.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"control names must be non-empty strings (they are the "
                             f"controls' accessible names), got {name!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | np.ndarray):
            raise ValueError(f"control {name!r}: values must be a list of strings or of "
                             f"numbers, got {values!r}")
        values = list(values)
        if len(values) < 2:
            raise ValueError(f"control {name!r} has {len(values)} value(s); a control needs "
                             "at least two (drop it and fix the value in the view instead)")
        strings = all(isinstance(v, str) for v in values)
        if not strings and not all(_is_number(v) for v in values):
            raise ValueError(f"control {name!r}: values must be all strings (buttons) or all "
                             f"finite numbers (a slider), got {values!r}")
        if len(set(values)) != len(values):
            raise ValueError(f"control {name!r} has duplicate values: {values!r}")
        out[name] = values
    total = math.prod(len(v) for v in out.values())
    if total > MAX_GRID_FRAMES:
        sizes = " x ".join(f"{len(v)} {n}" for n, v in out.items())
        raise ValueError(f"the controls make {total} frames ({sizes}); at most "
                         f"{MAX_GRID_FRAMES} are pre-rendered, so pass fewer values")
    return out


def grid_points(controls: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of control values, the last control varying fastest."""
    spec = checked_controls(controls)
    return [dict(zip(spec, combo, strict=True)) for combo in itertools.product(*spec.values())]


def _label(view: Any, name: str, value: Any) -> str:
    custom = getattr(view, "label", None)
    if callable(custom):
        return str(custom(name, value))
    return value if isinstance(value, str) else f"{value:g}"


def _control(view: Any, name: str, values: list[Any]) -> ipw.ValueWidget:
    """ToggleButtons for strings, a SelectionSlider for numbers; value = index."""
    options = [(_label(view, name, v), i) for i, v in enumerate(values)]
    style = {"description_width": "initial"}
    if isinstance(values[0], str):
        return ipw.ToggleButtons(options=options, value=0, description=name, style=style,
                                 tooltips=[label for label, _ in options])
    return ipw.SelectionSlider(options=options, value=0, description=name,
                               continuous_update=True, readout=True, style=style,
                               layout=ipw.Layout(width="min(100%, 36em)"))


# ---------------------------------------------------------------------------
# Frames


def _palette_png(png: bytes, colors: int = PALETTE_COLORS) -> bytes:
    """Re-encode an RGB PNG with an adaptive palette of ``colors`` colours (no dithering)."""
    image = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=colors, method=PIL.Image.Quantize.FASTOCTREE,
                           dither=PIL.Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="png")
    return buf.getvalue()


def grid_frames(view: GridView, controls: Mapping[str, Sequence[Any]],
                dpi: int = frames.FRAME_DPI) -> list[bytes]:
    """PNG bytes of ``view`` at every point of :func:`grid_points`, one figure updated."""
    points = grid_points(controls)
    renderer = frames._Renderer(view, points[0], dpi)
    return [_palette_png(renderer.render(p)) for p in points]


def _nest(level: int, offset: int, spec: dict[str, list[Any]], pages: list[ipw.Widget],
          controls: dict[str, ipw.ValueWidget], links: list[ipw.Link]) -> ipw.Stack:
    """The stack for control ``level`` whose leaves start at page ``offset``."""
    names = list(spec)
    stride = math.prod(len(spec[n]) for n in names[level + 1:])
    if level == len(names) - 1:
        children = pages[offset:offset + len(spec[names[level]])]
    else:
        children = [_nest(level + 1, offset + i * stride, spec, pages, controls, links)
                    for i in range(len(spec[names[level]]))]
    stack = ipw.Stack(children=children, selected_index=0)
    links.append(ipw.jslink((controls[names[level]], "index"), (stack, "selected_index")))
    return stack


def static_face(view: GridView, controls: Mapping[str, Sequence[Any]],
                dpi: int = frames.FRAME_DPI) -> ipw.VBox:
    """Pre-rendered frames in nested stacks, switched in the browser by jslinked controls.

    Returns
    -------
    ipywidgets.VBox
        ``VBox(caption, *controls, stack)``, with attributes ``controls``
        (``{name: widget}``), ``stack`` (the outermost ``Stack``), ``links``
        (every ``jslink``, one per stack), ``points`` (the combinations, in
        frame order) and ``frame_bytes`` (the PNG size of each frame).
    """
    spec = checked_controls(controls)
    points = grid_points(spec)
    pngs = grid_frames(view, spec, dpi)
    pages = [ipw.HTML(value=frames._img_html(png, view.alt(p), view.figsize[0]))
             for png, p in zip(pngs, points, strict=True)]
    widgets = {name: _control(view, name, values) for name, values in spec.items()}
    links: list[ipw.Link] = []
    stack = _nest(0, 0, spec, pages, widgets, links)
    box = ipw.VBox([ipw.HTML(value=frames._caption_html(view)), *widgets.values(), stack])
    box.controls, box.stack, box.links = widgets, stack, tuple(links)
    box.points, box.frame_bytes = tuple(points), tuple(len(p) for p in pngs)
    return box


def _live_control(view: Any, name: str, values: list[Any]) -> ipw.ValueWidget:
    if isinstance(values[0], str):
        return ipw.ToggleButtons(options=[(_label(view, name, v), v) for v in values],
                                 value=values[0], description=name,
                                 style={"description_width": "initial"})
    lo, hi = min(values), max(values)
    common = {"description": name, "continuous_update": False,
              "style": {"description_width": "initial"}}
    if all(isinstance(v, (int, np.integer)) for v in values):
        return ipw.IntSlider(value=int(values[0]), min=int(lo), max=int(hi), **common)
    return ipw.FloatSlider(value=float(values[0]), min=float(lo), max=float(hi),
                           step=(float(hi) - float(lo)) / 200, **common)


def live_face(view: GridView, controls: Mapping[str, Sequence[Any]],
              dpi: int = frames.FRAME_DPI) -> ipw.VBox:
    """Controls that recompute the view in the kernel (needs a running kernel).

    Numeric controls become an ``IntSlider`` (integer values) or a
    ``FloatSlider`` over their range, so ``view.update`` must accept any value
    in between. Every change updates the artists of one figure and writes the
    new PNG into the same HTML frame. The box exposes ``controls``, ``frame``
    and ``show(point)``.
    """
    spec = checked_controls(controls)
    first = {name: values[0] for name, values in spec.items()}
    renderer = frames._Renderer(view, first, dpi)
    widgets = {name: _live_control(view, name, values) for name, values in spec.items()}
    frame = ipw.HTML()

    def show(point: Mapping[str, Any]) -> None:
        frame.value = frames._img_html(renderer.render(dict(point)), view.alt(point),
                                       view.figsize[0])

    def on_change(_change: Any) -> None:
        show({name: w.value for name, w in widgets.items()})

    for w in widgets.values():
        w.observe(on_change, names="value")
    show(first)
    box = ipw.VBox([ipw.HTML(value=frames._caption_html(view)), *widgets.values(), frame])
    box.controls, box.frame, box.show, box.renderer = widgets, frame, show, renderer
    return box


def grid_widget(view: GridView, controls: Mapping[str, Sequence[Any]],
                live: bool = False, dpi: int = frames.FRAME_DPI) -> ipw.VBox:
    """The static face of ``view`` over ``controls`` (default), or its live face.

    ``dpi`` renders the frames (they are shown at the figure's size whatever it is):
    a page with many frames trades some sharpness on high-density screens for size.
    """
    return live_face(view, controls, dpi) if live else static_face(view, controls, dpi)
