"""Frame render time of the static-first widgets: new figure per frame vs updating artists.

Run:  python bench/widgets.py [--repeat 15]

For each view of helpers.widgets it renders one PNG frame per slider value in
three ways, in this process, and prints the median time per frame:

* new figure   -- build a figure, draw the view, save a PNG, close it (the naive way);
* full redraw  -- update the artists of one kept figure, redraw it all, save a PNG;
* update (blit) -- what helpers.widgets does: update the artists, restore the
  background pixels and redraw only the changing artists, encode the PNG.

and the ratio new figure / update. Times are medians over ``--repeat``
passes through all slider values (after one warm-up pass).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers import frames, plotting, widgets
from helpers.studies import dead_units


def new_figure_frame(view: widgets.View, value: object) -> bytes:
    with plotting.book_style():
        fig = Figure(figsize=view.figsize, dpi=widgets.FRAME_DPI)
        fig.subplots_adjust(**view.margins)
        FigureCanvasAgg(fig)
        view.update(view.setup(fig), value)
        buf = io.BytesIO()
        fig.canvas.print_png(buf)
    return buf.getvalue()


def full_redraw_renderer(view: widgets.View, first: object) -> Callable[[object], bytes]:
    with plotting.book_style():
        fig = Figure(figsize=view.figsize, dpi=widgets.FRAME_DPI)
        fig.subplots_adjust(**view.margins)
        FigureCanvasAgg(fig)
        artists = view.setup(fig)
        view.update(artists, first)

    def render(value: object) -> bytes:
        with plotting.book_style():
            view.update(artists, value)
            buf = io.BytesIO()
            fig.canvas.print_png(buf)
        return buf.getvalue()

    return render


def per_frame_median(render: Callable[[object], bytes], values: list, repeat: int) -> float:
    for v in values:  # warm-up
        render(v)
    times = []
    for _ in range(repeat):
        for v in values:
            start = time.perf_counter()
            render(v)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = {
        "parameter_slider (leaky_relu alpha)": (
            widgets.ParameterView("leaky_relu", "alpha", [0.0, 0.05, 0.1, 0.2, 0.3]),
            [0.0, 0.05, 0.1, 0.2, 0.3]),
        "depth_decay (n = 1..20)": (widgets.DepthView(range(1, 21)), list(range(1, 21))),
        "dead_relu (7 learning rates)": (dead_units.DeadReluView(), list(
            dead_units.DEFAULT_LEARNING_RATES)),
    }
    print(f"median ms per frame over {args.repeat} passes (dpi {widgets.FRAME_DPI})")
    print(f"{'view':38s} {'new figure':>11s} {'full redraw':>12s} {'update':>8s} "
          f"{'new/update':>11s}")
    for name, (view, values) in cases.items():
        new = per_frame_median(lambda v, view=view: new_figure_frame(view, v), values,
                               args.repeat)
        full = per_frame_median(full_redraw_renderer(view, values[0]), values, args.repeat)
        blit = per_frame_median(frames._Renderer(view, values[0]).render, values,
                                args.repeat)
        print(f"{name:38s} {1e3 * new:11.1f} {1e3 * full:12.1f} {1e3 * blit:8.1f} "
              f"{new / blit:10.1f}x")


if __name__ == "__main__":
    main()
