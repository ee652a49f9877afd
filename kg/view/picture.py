"""Static pictures for reports (SVG, PNG) with matplotlib, the ``analyze`` extra.

Chinese labels need a CJK font; ``kg.view.fonts`` finds and registers one (even one
installed after matplotlib built its font cache). Without one the picture is still drawn,
labels show as boxes, and one line says how to install a font. Output is byte-identical
across runs: fixed layout seed, no date in the metadata, fixed SVG ids.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import warnings
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from kg.errors import KgError
from kg.view.fonts import cjk_font, warn_no_font_once

if TYPE_CHECKING:
    from kg.analyze.timeseries import Observation

__all__ = ["KIND_COLOURS", "cjk_font", "draw_graph", "draw_timeseries", "timeseries_figure"]

log = logging.getLogger(__name__)

KIND_COLOURS: Final = {"event": "#f4a261", "police": "#1d3557", "justice": "#6a4c93",
                       "organization": "#457b9d", "person": "#e63946", "platform": "#2a9d8f",
                       "crimetype": "#e76f51", "place": "#8ab17d", "other": "#999999"}  # fmt: skip
def draw_graph(g: nx.Graph, sizes: dict[str, float], fmt: str, *, title: str = "") -> bytes:
    """A picture of ``g``: spring layout (seed 0), colour = kind, area ∝ ``sizes``."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    try:
        with _quiet_glyphs():
            pos = nx.spring_layout(g, seed=0) if g.number_of_nodes() else {}
            nodes = sorted(g.nodes)
            top = max((sizes.get(n, 0.0) for n in nodes), default=0.0) or 1.0
            nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#bbbbbb", width=0.8,
                                   arrows=True if g.is_directed() else None)  # fmt: skip
            nx.draw_networkx_nodes(
                g, pos, nodelist=nodes, ax=ax,
                node_size=[60 + 900 * sizes.get(n, 0.0) / top for n in nodes],
                node_color=[KIND_COLOURS.get(g.nodes[n].get("kind", ""), "#999999") for n in nodes],
            )  # fmt: skip
            labels = {n: g.nodes[n].get("label", n) for n in nodes}
            nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=8,
                                    font_family=_font_family()[0])  # fmt: skip
            _legend(ax, {g.nodes[n].get("kind", "other") for n in nodes})
            ax.set_title(title, fontfamily=_font_family())
            ax.set_axis_off()
            return _save(fig, fmt)
    finally:
        plt.close(fig)


def draw_timeseries(rows: Sequence[Observation], fmt: str, *, title: str = "") -> bytes:
    """The chart of ``timeseries_figure`` as SVG or PNG bytes.

    Raises:
        KgError: No figure to draw.
    """
    with _quiet_glyphs():
        fig = timeseries_figure(rows, title=title)
    try:
        return _save(fig, fmt)
    finally:
        _pyplot().close(fig)


def timeseries_figure(rows: Sequence[Observation], *, title: str = "") -> Any:
    """One panel per measure; each figure a segment over its period (a dot for "so far").

    Measure words that count the same thing share a panel (31名 and 12人 are both people:
    ``kg/data/zh/patterns/chart.yaml``); the panels share one time axis, labelled once at
    the bottom. Nothing is summed: every series (agency · place · event type) keeps its
    own segments, so a province and its city never share a line. At most ``max_panels``
    panels: the measures with the most figures.

    Raises:
        KgError: No figure to draw.
    """
    from kg.analyze.timeseries import series_key

    if not rows:
        msg = "no figures to chart (try another --event-type)"
        raise KgError(msg)
    plt = _pyplot()
    groups, max_panels = _unit_groups()
    by_panel: dict[str, list[Observation]] = defaultdict(list)
    for o in rows:
        by_panel[groups.get(o.unit, o.unit)].append(o)
    panels = sorted(by_panel, key=lambda p: (-len(by_panel[p]), p))
    if len(panels) > max_panels:
        log.warning("the chart shows the %d measures with the most figures (of %d); --event-type narrows it",
                    max_panels, len(panels))  # fmt: skip
        panels = panels[:max_panels]
    height = 2.8 * len(panels) + 1.2
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, height), squeeze=False, sharex=True)
    with _quiet_glyphs():
        for ax, panel in zip(axes[:, 0], panels, strict=True):
            _draw_unit(ax, panel, by_panel[panel], series_key)
        _date_axis(axes[-1, 0])
        fig.suptitle(title, fontfamily=_font_family())
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / height))  # room for the title
    return fig


# ------------------------------------------------------------------ helpers
def _draw_unit(ax: Any, unit: str, rows: list[Observation], key: Any) -> None:
    import datetime as dt


    series: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for o in rows:
        series[key(o)].append(o)
    cmap = _pyplot().get_cmap("tab10")
    values = [o.value for o in rows if o.value > 0]
    for i, (k, obs) in enumerate(sorted(series.items())):
        colour = cmap(i % 10)
        name = " · ".join(x for x in (k[0], k[1], k[2]) if x)
        for j, o in enumerate(obs):
            end = dt.date.fromisoformat(o.end) if o.end else None
            start = dt.date.fromisoformat(o.start) if o.start else None
            if end is None:
                continue
            label = name if j == 0 else None
            if start and start != end:
                ax.plot([start, end], [o.value, o.value], color=colour, linewidth=3, label=label)
            else:
                ax.plot([end], [o.value], marker="o", color=colour, label=label,
                        fillstyle="full" if start else "none")  # fmt: skip
    if values and max(values) / min(values) > 100:
        ax.set_yscale("log")
    ax.set_ylabel(unit, fontfamily=_font_family())
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, prop={"family": _font_family(), "size": 7}, loc="best")


@contextlib.contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """No warning per missing character: ``kg.view.fonts`` says it once, with the fix."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from")
        yield


def _date_axis(ax: Any) -> None:
    """Dates on the shared axis: a concise formatter never repeats a label (2020-07, 2020-07)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


@functools.cache
def _unit_groups() -> tuple[dict[str, str], int]:
    """{measure word: panel name} and the most panels, from ``chart.yaml``."""
    import yaml

    from kg.resources import data_path

    data = yaml.safe_load(data_path("zh", "patterns", "chart.yaml").read_text(encoding="utf-8"))
    groups = {unit: name for name, units in data["same_object"].items() for unit in units}
    return groups, int(data["max_panels"])


def _legend(ax: Any, kinds: set[str]) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=KIND_COLOURS.get(k, "#999999"), label=k)
               for k in sorted(kinds)]  # fmt: skip
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8)


def _font_family() -> list[str]:
    font = cjk_font()
    return [font, "DejaVu Sans"] if font else ["DejaVu Sans"]


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as e:
        msg = "pictures need matplotlib: pip install 'kg[analyze]'"
        raise KgError(msg) from e
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "kg"
    matplotlib.rcParams["svg.fonttype"] = "path"
    if cjk_font() is None:
        warn_no_font_once()
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, fmt: str) -> bytes:
    if fmt not in {"svg", "png"}:
        msg = f"pictures are svg or png, not {fmt}"
        raise KgError(msg)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with _quiet_glyphs():
        fig.savefig(buf, format=fmt, metadata=metadata, bbox_inches="tight")
    return buf.getvalue()
