"""Figures in the book's shared style: function and gradient side by side, log axes.

Introduced in: book/why_activations.md

Colours come from the Okabe-Ito palette (safe for the common forms of colour
blindness) and every series also gets its own line style, so curves stay
distinguishable in greyscale. Nothing here touches global matplotlib state:
the style is applied through a context manager around each figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import cycle

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import activations as act

__all__ = [
    "PALETTE",
    "LINESTYLES",
    "book_style",
    "series_styles",
    "function_and_gradient",
    "activation_grid",
    "new_figure",
    "curves",
    "power_of_ten_label",
    "log_axis",
]

#: Okabe & Ito (2008) colour-blind-safe palette, black first.
PALETTE: tuple[str, ...] = (
    "#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
)
#: Line styles paired with the palette so lines differ without colour too.
LINESTYLES: tuple[object, ...] = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))

_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
}


@contextmanager
def book_style() -> Iterator[None]:
    """Context manager that applies the book's rcParams to figures made inside it.

    The backend is resolved *before* entering ``rc_context``: if pyplot first
    picks its backend inside the context, leaving the context resets it and
    Jupyter's inline backend silently stops showing later figures.
    """
    plt._get_backend_mod()  # loads the backend once; unlike switch_backend it closes nothing
    with plt.rc_context(_RC):
        yield


def series_styles(n: int) -> list[dict[str, object]]:
    """``n`` distinct ``{"color", "linestyle"}`` dicts for ``Axes.plot``."""
    pairs = cycle(zip(PALETTE, LINESTYLES, strict=True))
    return [dict(zip(("color", "linestyle"), next(pairs), strict=True)) for _ in range(n)]


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 4.0,
               height: float = 3.0, share: bool = False) -> tuple[Figure, np.ndarray]:
    """A figure in the book style with a 2-D array of axes (always 2-D).

    Spacing is fixed rather than solved by a layout engine: the inline
    backend already crops the figure to its content (``bbox_inches="tight"``),
    and a constrained layout on top of that costs about half as much again
    per figure, which adds up in a chapter with several figures. With
    ``share=True`` all panels share both axes and only the outer ones carry
    tick labels.
    """
    with book_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                                 squeeze=False, sharex=share, sharey=share)
        fig.subplots_adjust(wspace=0.3, hspace=0.55)
    return fig, axes


def _as_activations(items: object) -> list[act.Activation]:
    if isinstance(items, (str, act.Activation)):
        items = [items]
    out = [act.resolve(item) for item in items]  # type: ignore[union-attr]
    if not out:
        raise ValueError("function_and_gradient needs at least one activation")
    return out


def _legend_label(a: act.Activation) -> str:
    if not a.params:
        return f"${a.label}$"
    values = ", ".join(f"\\{k}={v:g}" if k in ("alpha", "beta") else f"{k}={v:g}"
                       for k, v in a.params.items())
    return f"${a.label}\\ ({values})$"


def function_and_gradient(
    activations: str | act.Activation | Sequence[str | act.Activation],
    xlim: tuple[float, float] = (-5.0, 5.0),
    num: int = 801,
    axes: Sequence[Axes] | None = None,
    title: bool = True,
) -> tuple[Axes, Axes]:
    """Plot activations (left) and their derivatives (right) side by side.

    Parameters
    ----------
    activations : name, Activation, or a sequence of them
        What to draw; names are looked up in the registry.
    xlim : (float, float)
        Range of x.
    num : int
        Number of sample points.
    axes : pair of Axes, optional
        Draw into these instead of a new figure.
    title : bool
        Put "f(x)" and "f'(x)" titles on the panels.

    Returns
    -------
    (Axes, Axes)
        The function panel and the derivative panel.
    """
    items = _as_activations(activations)
    if axes is None:
        _, grid = new_figure(ncols=2)
        axes = (grid[0, 0], grid[0, 1])
    ax_f, ax_df = axes
    xs = np.linspace(*xlim, num)
    with book_style():
        for a, style in zip(items, series_styles(len(items)), strict=True):
            ax_f.plot(xs, a.f(xs), label=_legend_label(a), **style)
            ax_df.plot(xs, a.df(xs), label=_legend_label(a), **style)
        for ax, name in ((ax_f, "f(x)"), (ax_df, "f'(x)")):
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.axvline(0, color="0.6", linewidth=0.8)
            ax.set_xlabel("x")
            if title:
                ax.set_title(f"${name}$")
        ax_f.legend(loc="best", fontsize=8)
    return ax_f, ax_df


def activation_grid(names: Sequence[str] | None = None, ncols: int = 4,
                    xlim: tuple[float, float] = (-4.0, 4.0)) -> Figure:
    """Small multiples: one panel per activation with f (solid) and f' (dashed).

    Used by the property-table page to show every registered function.
    """
    names = list(names) if names is not None else act.names()
    nrows = -(-len(names) // ncols)
    fig, grid = new_figure(ncols=ncols, nrows=nrows, width=2.2, height=1.8, share=True)
    fig.subplots_adjust(wspace=0.12, hspace=0.35)
    xs = np.linspace(*xlim, 401)
    f_style, df_style = series_styles(2)
    with book_style():
        for ax, name in zip(grid.flat, names, strict=False):
            a = act.get(name)
            ax.plot(xs, a.f(xs), label="f", **f_style)
            ax.plot(xs, a.df(xs), label="f'", **df_style)
            ax.set_title(name, fontsize=9)
            ax.tick_params(labelsize=7)
        grid[0, 0].set_ylim(-2.2, 4.2)
        for index, ax in enumerate(grid.flat):
            if index >= len(names):
                ax.set_visible(False)
            elif index + ncols < grid.size and index + ncols >= len(names):
                ax.xaxis.set_tick_params(labelbottom=True)  # nothing drawn below it
        grid.flat[0].legend(fontsize=7, loc="upper left")
    return fig


def curves(series: dict[str, np.ndarray], steps: np.ndarray | None = None,
           xlabel: str = "epoch", ylabel: str = "", title: str = "", logy: bool = False,
           ax: Axes | None = None) -> Axes:
    """Line plot of named series against a shared x (epochs, depth, x values).

    Introduced in *Leaky ReLU, PReLU and RReLU* (loss curves, PReLU's learned
    slopes) and used in *tanh* (derivative tails and gradients through a chain,
    with ``logy=True``). 2-D arrays give one line per column, labelled
    ``"<name> [column]"``. ``steps`` are the x values (default: 0, 1, 2, ...).
    """
    lines: list[tuple[str, np.ndarray]] = []
    for name, values in series.items():
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 1:
            lines.append((name, arr))
        elif arr.ndim == 2:
            lines.extend((f"{name} [{j}]", arr[:, j]) for j in range(arr.shape[1]))
        else:
            raise ValueError(f"curve {name!r} must be 1-D or 2-D, got shape {arr.shape}")
    if ax is None:
        _, grid = new_figure(width=5.0, height=3.2)
        ax = grid[0, 0]
    with book_style():
        for (label, arr), style in zip(lines, series_styles(len(lines)), strict=True):
            xs = np.arange(len(arr)) if steps is None else np.asarray(steps)
            if xs.shape != arr.shape:
                raise ValueError(f"steps has shape {xs.shape} but {label!r} has {arr.shape}")
            ax.plot(xs, arr, label=label, **style)
        if logy:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(fontsize=8)
    return ax


# ---------------------------------------------------------------------------
# Log axes

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten_label(value: float, _pos: object = None) -> str:
    """Tick label ``10⁻⁴`` in plain Unicode (no mathtext: cheaper to lay out and draw)."""
    if not value > 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def log_axis(ax: Axes, which: str = "y") -> None:
    """Log scale on ``ax`` with plain-text power-of-ten labels and unlabelled minor ticks."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_yscale if which == "y" else ax.set_xscale)("log")
    axis.set_major_formatter(ticker.FuncFormatter(power_of_ten_label))
    axis.set_minor_formatter(ticker.NullFormatter())
