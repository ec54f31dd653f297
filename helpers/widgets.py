"""Widgets that work on the static website and answer at once in Jupyter.

Introduced in: book/sigmoid.md

Each widget is one *view* (``setup``/``update``/``label``/``alt``) handed to
:func:`helpers.frames.slider_widget`, which pre-renders one frame per slider
value by updating the artists of one figure and links the frames to the
slider in the browser, so the slider moves on the static site with no kernel.
See :mod:`helpers.frames` for the design and the ``live=True`` option.
This module holds views and one-liners only; a chapter's experiment with a
slider (the dead-ReLU learning-rate slider) is a study that builds its view
on the same machinery (:mod:`helpers.studies.dead_units`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import gradients, plotting
from helpers.frames import (
    FRAME_DPI,
    MAX_FRAMES,
    View,
    checked_values,
    frames,
    live_face,
    slider_widget,
    snapshot,
    static_face,
)

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
    "checked_values",
    "parameter_slider",
    "depth_decay",
    "format_value",
]

# ---------------------------------------------------------------------------
# Views


def format_value(v: float) -> str:
    """A slider value as its label shows it (``0.1``, ``1e-05``)."""
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
        values = checked_values(values)
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
        return f"$f(x)$ at ${p} = {format_value(value)}$"

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
        return format_value(value)

    def alt(self, value: float) -> str:
        a = self._curve(value)
        f, df = a.f(self.xs), a.df(self.xs)
        return (f"Left: {self.name} with {self.param} = {format_value(value)} for x from "
                f"{format_value(self.xlim[0])} to {format_value(self.xlim[1])}, its values run "
                f"from {f.min():.3g} to {f.max():.3g}. Right: its derivative, between "
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
        depths = checked_values(depths, "depths")
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
        plotting.log_axis(ax)
        ax.set_ylim(floor, 3.0)
        ax.set_xlim(0.5, self.max_depth + 0.5)
        ax.set_xlabel("depth n (layers)")
        ax.set_ylabel("|gradient| at the input")
        ax.legend(fontsize=7, loc="lower left")
        vline = ax.axvline(1, color="0.5", linewidth=1)
        names = ["σ\nbound", "σ\nchain", "tanh\nbound", "tanh\nchain"]
        bars = ax_bar.bar(names, [1.0] * 4, bottom=floor,
                          color=[s["color"] for s in styles], alpha=0.85)
        plotting.log_axis(ax_bar)
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
