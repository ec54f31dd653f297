"""Widgets that work on the static website and answer at once in Jupyter.

Introduced in the chapter *Training failures* (the depth and dead-ReLU
sliders) and used by *Leaky ReLU* (:func:`parameter_slider`).

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

Frames are small (72 dpi, at most :data:`MAX_FRAMES`) so that a chapter with
two widgets still executes in a few seconds and the page stays light.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
from collections.abc import Sequence
from typing import Any, Protocol

import ipywidgets as ipw
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib import ticker
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import Container
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import gradients, plotting

__all__ = [
    "MAX_FRAMES",
    "FRAME_DPI",
    "View",
    "frames",
    "snapshot",
    "static_face",
    "live_face",
    "slider_widget",
    "ParameterView",
    "DepthView",
    "DeadReluView",
    "parameter_slider",
    "depth_decay",
    "dead_relu",
    "dead_relu_runs",
    "dead_relu_summary",
    "DEFAULT_LEARNING_RATES",
]

#: Upper limit on pre-rendered frames per widget (page weight and build time).
MAX_FRAMES = 32
#: Resolution of the frames; the figures are small, so 72 dpi reads well.
FRAME_DPI = 72


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


def _checked_values(values: Any, what: str = "values") -> list[Any]:
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
    """Encode what the Agg canvas holds now (no redraw) as an RGB PNG."""
    width, height = fig.canvas.get_width_height(physical=True)
    rgba = PIL.Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw",
                                "RGBA", 0, 1)
    buf = io.BytesIO()
    rgba.convert("RGB").save(buf, format="png")
    return buf.getvalue()


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
            for artist in self.animated:
                self.fig.draw_artist(artist)
        return _png(self.fig)


def frames(view: View, values: Sequence[Any], dpi: int = FRAME_DPI) -> list[bytes]:
    """PNG bytes of ``view`` at each value, all drawn by updating ONE figure."""
    values = _checked_values(values)
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


def _img_html(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            'style="max-width:100%;height:auto;display:block">')


def _caption_html(view: View) -> str:
    return (f'<p class="widget-caption" style="margin:0 0 0.3em 0;font-size:0.9em">'
            f"<strong>Interactive figure.</strong> {html.escape(view.caption)}</p>")


def _slider(view: View, values: list[Any]) -> ipw.SelectionSlider:
    return ipw.SelectionSlider(
        options=[(view.label(v), i) for i, v in enumerate(values)],
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
    values = _checked_values(values)
    pngs = frames(view, values, dpi)
    pages = [ipw.HTML(value=_img_html(png, view.alt(v)))
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
    values = _checked_values(values)
    renderer = _Renderer(view, values[0], dpi)
    slider = _live_slider(view, values)
    frame = ipw.HTML()

    def show(value: Any) -> None:
        frame.value = _img_html(renderer.render(value), view.alt(value))

    slider.observe(lambda change: show(change["new"]), names="value")
    show(slider.value)
    box = ipw.VBox([ipw.HTML(value=_caption_html(view)), slider, frame])
    box.slider, box.frame, box.show, box.renderer = slider, frame, show, renderer
    return box


def slider_widget(view: View, values: Sequence[Any], live: bool = False) -> ipw.VBox:
    """The static face of ``view`` (default) or, with ``live=True``, its live face."""
    return live_face(view, values) if live else static_face(view, values)


# ---------------------------------------------------------------------------
# Views


def _fmt(v: float) -> str:
    return f"{v:g}"


def _limits(arrays: Sequence[np.ndarray], pad: float = 0.06) -> tuple[float, float]:
    finite = np.concatenate([a[np.isfinite(a)] for a in arrays])
    lo, hi = float(finite.min()), float(finite.max())
    span = hi - lo or 1.0
    return lo - pad * span, hi + pad * span


class ParameterView:
    """f and f' side by side as one parameter of an activation varies (*Leaky ReLU*)."""

    figsize = (7.0, 2.8)
    margins = {"left": 0.07, "right": 0.99, "bottom": 0.15, "top": 0.9, "wspace": 0.22}

    def __init__(self, name: str, param: str, values: Sequence[float],
                 xlim: tuple[float, float] = (-5.0, 5.0)) -> None:
        defaults = act.parameters(name)  # unknown name -> ValueError listing valid names
        if param not in defaults:
            valid = ", ".join(defaults) or "none (it has no parameters)"
            raise ValueError(f"{name!r} has no parameter {param!r}; valid parameters: {valid}")
        values = _checked_values(values)
        lo, hi = (float(v) for v in xlim)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ValueError(f"xlim must be two finite numbers with xlim[0] < xlim[1], got {xlim}")
        self.name, self.param, self.xlim = act.get(name).name, param, (lo, hi)
        self.curves = {v: act.get(name, **{param: float(v)}) for v in values}  # validates
        self.xs = np.linspace(lo, hi, 401)
        self.control = f"{param} ="
        self.caption = (f"{self.name}: move the slider to change {param} and watch the "
                        "function (left) and its derivative (right).")

    def _title(self, value: float) -> str:
        p = f"\\{self.param}" if self.param in ("alpha", "beta") else f"\\mathrm{{{self.param}}}"
        return f"$f(x)$ at ${p} = {_fmt(value)}$"

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_f, ax_df = fig.subplots(1, 2)
        first = next(iter(self.curves.values()))
        plotting.function_and_gradient(first, xlim=self.xlim, num=self.xs.size,
                                       axes=(ax_f, ax_df))
        f_line, df_line = ax_f.lines[0], ax_df.lines[0]
        for ax, ys in ((ax_f, first.f(self.xs)), (ax_df, first.df(self.xs))):
            ax.plot(self.xs, ys, color="0.8", linewidth=1.2, zorder=1)  # ghost: first value
        # The legend names the function only; the value goes into the (redrawn) title.
        ax_f.get_legend().get_texts()[0].set_text(f"${first.label}$")
        ax_f.set_ylim(*_limits([a.f(self.xs) for a in self.curves.values()]))
        ax_df.set_ylim(*_limits([a.df(self.xs) for a in self.curves.values()]))
        return {"f": f_line, "df": df_line, "title": ax_f.title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        a = self._curve(value)
        artists["f"].set_ydata(a.f(self.xs))
        artists["df"].set_ydata(a.df(self.xs))
        artists["title"].set_text(self._title(value))

    def _curve(self, value: float) -> act.Activation:
        if value in self.curves:
            return self.curves[value]
        return act.get(self.name, **{self.param: float(value)})

    def label(self, value: float) -> str:
        return _fmt(value)

    def alt(self, value: float) -> str:
        a = self._curve(value)
        f, df = a.f(self.xs), a.df(self.xs)
        return (f"Left: {self.name} with {self.param} = {_fmt(value)} for x from "
                f"{_fmt(self.xlim[0])} to {_fmt(self.xlim[1])}, its values run from "
                f"{f.min():.3g} to {f.max():.3g}. Right: its derivative, between "
                f"{df.min():.3g} and {df.max():.3g}.")


class DepthView:
    """The 0.25^n bound and simulated chains of sigmoid and tanh neurons vs depth."""

    figsize = (7.6, 3.0)
    margins = {"left": 0.1, "right": 0.99, "bottom": 0.15, "top": 0.91, "wspace": 0.22}
    control = "depth n"
    caption = ("How much gradient survives n layers? The sigmoid's bound 0.25ⁿ and a "
               "simulated chain of sigmoid neurons collapse; tanh's bound stays at 1.")
    #: Chains simulated per activation (unit weights, zero biases, x0 ~ N(0, 1)), seeded.
    n_chains = 200

    def __init__(self, depths: Sequence[int] = range(1, 21), seed: int = 0) -> None:
        depths = _checked_values(depths, "depths")
        if any(int(d) != d or d < 1 for d in depths):
            raise ValueError(f"depths must be integers >= 1, got {depths}")
        self.depths = [int(d) for d in depths]
        self.max_depth = max(self.depths)
        self.k = np.arange(1, self.max_depth + 1)
        self.series = _depth_series(self.max_depth, self.n_chains, seed)

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax, ax_bar = fig.subplots(1, 2, width_ratios=(1.6, 1))
        styles = plotting.series_styles(4)
        floor = min(float(np.min(s)) for s in self.series.values()) / 10
        markers = []
        for (label, ys), style in zip(self.series.items(), styles, strict=True):
            ax.plot(self.k, ys, label=label, **style)
            (m,) = ax.plot([], [], "o", color=style["color"], markersize=5)
            markers.append(m)
        gradients.log_axis(ax)
        ax.set_ylim(floor, 3.0)
        ax.set_xlim(0.5, self.max_depth + 0.5)
        ax.set_xlabel("depth n (layers)")
        ax.set_ylabel("|gradient| at the input")
        ax.legend(fontsize=7, loc="lower left")
        vline = ax.axvline(1, color="0.5", linewidth=1)
        names = ["σ bound", "σ chain", "tanh bound", "tanh chain"]
        bars = ax_bar.bar(names, [1.0] * 4, bottom=floor,
                          color=[s["color"] for s in styles], alpha=0.85)
        gradients.log_axis(ax_bar)
        ax_bar.set_ylim(floor, 3.0)
        ax_bar.tick_params(axis="x", labelsize=7)
        texts = [ax_bar.text(i, 1.0, "", ha="center", va="bottom", fontsize=7)
                 for i in range(4)]
        title = ax_bar.set_title("", fontsize=9)
        return {"markers": markers, "vline": vline, "bars": bars, "texts": texts,
                "title": title, "floor": floor}

    def values_at(self, n: int) -> list[float]:
        if not 1 <= n <= self.max_depth:
            raise ValueError(f"depth must be between 1 and {self.max_depth}, got {n}")
        return [float(s[n - 1]) for s in self.series.values()]

    def update(self, artists: dict[str, Any], value: int) -> None:
        n = int(value)
        vals = self.values_at(n)
        for m, v in zip(artists["markers"], vals, strict=True):
            m.set_data([n], [v])
        artists["vline"].set_xdata([n, n])
        for bar, text, v in zip(artists["bars"], artists["texts"], vals, strict=True):
            bar.set_height(max(v - artists["floor"], 0.0))
            text.set_y(max(v, artists["floor"]))
            text.set_text(f"{v:.1e}" if v < 0.01 else f"{v:.2f}")
        artists["title"].set_text(f"after n = {n} layer{'' if n == 1 else 's'}")

    def label(self, value: int) -> str:
        return str(int(value))

    def alt(self, value: int) -> str:
        sb, sc, tb, tc = self.values_at(int(value))
        return (f"Depth n = {int(value)}. Left: gradient size against depth on a log scale; "
                f"the sigmoid bound 0.25^n and the simulated sigmoid chain fall steeply, "
                f"the tanh bound stays at 1 and the tanh chain decays slowly. Right: bars at "
                f"n = {int(value)}: sigmoid bound {sb:.2g}, sigmoid chain {sc:.2g}, "
                f"tanh bound {tb:.2g}, tanh chain {tc:.2g}.")


@functools.lru_cache(maxsize=8)
def _depth_series(max_depth: int, n_chains: int, seed: int) -> dict[str, np.ndarray]:
    """Bounds, and median |gradient| of unit-weight, zero-bias chains with x0 ~ N(0, 1)."""
    x0 = np.random.default_rng(seed).standard_normal(n_chains)
    out: dict[str, np.ndarray] = {}
    for name, sym, bound in (("sigmoid", "σ", "0.25ⁿ"), ("tanh", "tanh", "1ⁿ")):
        out[f"{sym} bound {bound}"] = gradients.depth_bound(name, range(1, max_depth + 1))
        chains = gradients.chain_gradients(name, max_depth, n_chains=n_chains, x0=x0,
                                           weights=1.0, biases=0.0)
        out[f"{sym} chain (median)"] = np.median(np.abs(chains), axis=0)
    return out


# ---------------------------------------------------------------------------
# Dead ReLUs: a too-large learning rate

#: Learning rates of the dead-ReLU slider (roughly log-spaced, 7 frames).
DEFAULT_LEARNING_RATES: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0, 2.0, 4.0, 8.0)


def _last_finite(values: np.ndarray) -> np.ndarray:
    """The last row of ``values`` whose entries are all finite (rows after a divergence are NaN)."""
    rows = np.atleast_2d(values.T).T if values.ndim == 1 else values
    ok = np.all(np.isfinite(rows), axis=tuple(range(1, rows.ndim)))
    return rows[np.flatnonzero(ok)[-1]] if ok.any() else np.full(rows.shape[1:], np.nan)


@functools.lru_cache(maxsize=64)
def _dead_relu_run(lr: float, epochs: int, seed: int, activation: str,
                   alpha: float | None) -> dict[str, Any]:
    from helpers import datasets, nn  # imported lazily: no training at import

    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    params = {} if alpha is None else {"alpha": alpha}
    net = nn.MLP([2, 32, 32, 2], activation=activation, init="he", seed=seed,
                 activation_params=params)
    history = nn.train(net, X, y, lr=lr, epochs=epochs, seed=seed)
    return {"loss": history.loss, "dead": history.dead_fraction,
            "final_loss": float(_last_finite(history.loss)[0]),
            "final_dead": float(np.mean(_last_finite(history.dead_fraction))),
            "diverged_at": history.diverged_at}


def dead_relu_runs(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                   epochs: int = 60, seed: int = 0, activation: str = "relu",
                   alpha: float | None = None) -> dict[float, dict[str, Any]]:
    """Train the same seeded net (2-32-32-2, He init) on the spiral at each learning rate.

    Full-batch gradient descent with ``helpers.nn.train``; ``activation`` and
    ``alpha`` (for ``"leaky_relu"``) choose the hidden activation. Results are
    cached, so the widget and the static figures share them.

    Returns
    -------
    dict
        ``{lr: {"loss": (epochs,), "dead": (epochs, 2), "final_loss": float,
        "final_dead": float, "diverged_at": int or None}}``; ``dead`` holds the
        fraction of dead units per hidden layer after each epoch.
    """
    rates = _checked_values(learning_rates, "learning_rates")
    if any(r <= 0 for r in rates):
        raise ValueError(f"learning_rates must be > 0, got {rates}")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be an integer >= 1, got {epochs}")
    act.get(activation, **({} if alpha is None else {"alpha": alpha}))  # validate early
    return {float(r): _dead_relu_run(float(r), int(epochs), int(seed), activation,
                                     None if alpha is None else float(alpha))
            for r in rates}


class DeadReluView:
    """Dead-unit fraction and loss during training, one frame per learning rate."""

    figsize = (7.6, 3.0)
    margins = {"left": 0.08, "right": 0.99, "bottom": 0.15, "top": 0.88, "wspace": 0.25}
    control = "learning rate"
    caption = ("The same ReLU network trained on the spiral with different learning rates. "
               "Past a point, large steps push units into the region where they never fire "
               "again, and the loss stops falling.")
    log_scale = True

    def __init__(self, learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                 epochs: int = 60, seed: int = 0) -> None:
        self.epochs, self.seed = int(epochs), int(seed)
        self.runs = dead_relu_runs(learning_rates, epochs, seed)
        self.rates = list(self.runs)

    def _run(self, lr: float) -> dict[str, Any]:
        lr = float(lr)
        if lr in self.runs:
            return self.runs[lr]
        return dead_relu_runs([lr], self.epochs, self.seed)[lr]

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_dead, ax_loss = fig.subplots(1, 2)
        epochs = np.arange(1, self.epochs + 1)
        for run in self.runs.values():  # faint context: every learning rate
            ax_dead.plot(epochs, 100 * run["dead"].mean(axis=1), color="0.85", linewidth=1)
            ax_loss.plot(epochs, run["loss"], color="0.85", linewidth=1)
        styles = plotting.series_styles(4)[1:]
        n_layers = next(iter(self.runs.values()))["dead"].shape[1]
        dead_lines = [ax_dead.plot(epochs, np.zeros(self.epochs), label=f"hidden layer {i + 1}",
                                   **styles[i % 2])[0] for i in range(n_layers)]
        (loss_line,) = ax_loss.plot(epochs, np.ones(self.epochs), **styles[2])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        ax_dead.legend(fontsize=7, loc="upper left")
        losses = np.concatenate([r["loss"] for r in self.runs.values()])
        losses = losses[np.isfinite(losses)]
        gradients.log_axis(ax_loss)
        ax_loss.set_ylim(losses.min() / 1.5, losses.max() * 1.5)
        ax_loss.set_ylabel("training loss")
        for ax in (ax_dead, ax_loss):
            ax.set_xlabel("epoch")
        title = fig.suptitle(" ", fontsize=10)
        return {"dead": dead_lines, "loss": loss_line, "title": title}

    def update(self, artists: dict[str, Any], value: float) -> None:
        run = self._run(value)
        for i, line in enumerate(artists["dead"]):
            line.set_ydata(100 * run["dead"][:, i])
        artists["loss"].set_ydata(run["loss"])
        artists["title"].set_text(self._summary(value, run))

    def _summary(self, value: float, run: dict[str, Any]) -> str:
        text = (f"learning rate {_fmt(value)}: {100 * run['final_dead']:.0f}% of hidden units "
                f"dead, loss {run['final_loss']:.3g}")
        if run["diverged_at"] is not None:
            text += f" (diverged at epoch {run['diverged_at'] + 1})"
        return text

    def label(self, value: float) -> str:
        return _fmt(value)

    def alt(self, value: float) -> str:
        run = self._run(value)
        last = _last_finite(run["dead"])
        per_layer = " and ".join(f"{100 * d:.0f}% in hidden layer {i + 1}"
                                 for i, d in enumerate(last))
        return (f"Learning rate {_fmt(value)}. Left: percentage of dead ReLU units during "
                f"{self.epochs} epochs, ending at {per_layer}. Right: the training loss on a "
                f"log scale, ending at {run['final_loss']:.3g}. Faint grey lines show the "
                "other learning rates.")


def dead_relu_summary(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
                      epochs: int = 60, seed: int = 0,
                      leaky_alpha: float = 0.1, loss_cap: float = 10.0) -> tuple[Axes, Axes]:
    """Static figure: final dead fraction (left) and final loss (right) vs learning rate.

    ReLU and Leaky ReLU (slope ``leaky_alpha``) side by side: the leaky units
    keep a gradient for negative inputs, so none of them can die. Losses
    above ``loss_cap`` (a run that blew up) are drawn at the cap and labelled.
    """
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_dead, ax_loss = grid[0]
    series = {"ReLU": dead_relu_runs(learning_rates, epochs, seed),
              f"Leaky ReLU (α={leaky_alpha:g})": dead_relu_runs(
                  learning_rates, epochs, seed, "leaky_relu", leaky_alpha)}
    with plotting.book_style():
        for (label, runs), style, marker in zip(series.items(), plotting.series_styles(3)[1:],
                                                ("o", "s"), strict=True):
            rates = list(runs)
            ax_dead.plot(rates, [100 * r["final_dead"] for r in runs.values()], marker=marker,
                         label=label, **style)
            losses = np.array([r["final_loss"] for r in runs.values()])
            ax_loss.plot(rates, np.minimum(losses, loss_cap), marker=marker, label=label,
                         **style)
            for lr, loss in zip(rates, losses, strict=True):
                if not loss <= loss_cap:  # a blown-up run: say so rather than rescale the axis
                    ax_loss.annotate("diverges", (lr, loss_cap), textcoords="offset points",
                                     xytext=(-8, -14), ha="right", fontsize=8,
                                     color=style["color"])
        ax_dead.set_ylim(-3, 103)
        ax_dead.set_ylabel("dead hidden units (%)")
        gradients.log_axis(ax_loss)
        ax_loss.set_ylim(top=loss_cap * 1.5)
        ax_loss.set_ylabel(f"loss after {epochs} epochs")
        for ax in (ax_dead, ax_loss):
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xticks(list(series["ReLU"]))
            ax.tick_params(axis="x", labelsize=7)
            ax.set_xlabel("learning rate")
        ax_dead.legend(fontsize=8, loc="upper left")
    return ax_dead, ax_loss


# ---------------------------------------------------------------------------
# The public one-liners the chapters call


def parameter_slider(name: str, param: str, values: Sequence[float],
                     xlim: tuple[float, float] = (-5, 5), live: bool = False) -> ipw.VBox:
    """f and f' side by side as ``param`` of activation ``name`` takes each of ``values``.

    Used in *Leaky ReLU*: ``widgets.parameter_slider("leaky_relu", "alpha", [0, 0.01, 0.1,
    0.3])``. Unknown names, unknown parameters, out-of-range or empty values raise
    ValueError naming the valid choices.
    """
    return slider_widget(ParameterView(name, param, values, xlim), values, live)


def depth_decay(depths: Sequence[int] = range(1, 21), live: bool = False) -> ipw.VBox:
    """Gradient surviving ``n`` layers: the 0.25^n sigmoid bound, tanh's 1^n, simulated chains."""
    view = DepthView(depths)
    return slider_widget(view, view.depths, live)


def dead_relu(learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES, epochs: int = 60,
              live: bool = False) -> ipw.VBox:
    """Fraction of dead ReLU units and loss during training, slider on the learning rate."""
    view = DeadReluView(learning_rates, epochs)
    return slider_widget(view, view.rates, live)
