"""Static pictures for reports (SVG, PNG) with matplotlib, the ``analyze`` extra.

Chinese labels need a CJK font; the first one matplotlib knows is used (Noto CJK,
WenQuanYi, Source Han …). Without one the picture is still drawn, but labels show as
boxes: install e.g. Debian's ``fonts-wqy-microhei`` or ``fonts-noto-cjk``. Output is
byte-identical across runs: fixed layout seed, no date in the metadata, fixed SVG ids.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from kg.errors import KgError

if TYPE_CHECKING:
    from kg.analyze.timeseries import Observation

__all__ = ["KIND_COLOURS", "cjk_font", "draw_graph", "draw_timeseries"]

log = logging.getLogger(__name__)

KIND_COLOURS: Final = {"event": "#f4a261", "police": "#1d3557", "justice": "#6a4c93",
                       "organization": "#457b9d", "person": "#e63946", "platform": "#2a9d8f",
                       "crimetype": "#e76f51", "place": "#8ab17d", "other": "#999999"}  # fmt: skip
_CJK_HINTS: Final = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "Droid Sans Fallback",
                     "AR PL", "SimHei", "Microsoft YaHei", "PingFang", "Heiti")  # fmt: skip


def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs, or ``None``."""
    from matplotlib import font_manager

    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    return next((n for hint in _CJK_HINTS for n in names if n.startswith(hint)), None)


def draw_graph(g: nx.Graph, sizes: dict[str, float], fmt: str, *, title: str = "") -> bytes:
    """A picture of ``g``: spring layout (seed 0), colour = kind, area ∝ ``sizes``."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    try:
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
    """One panel per unit; each figure a segment over its period (a dot for "so far").

    Nothing is summed: every series (agency · place · event type) keeps its own
    segments, so a province and its city never share a line.

    Raises:
        KgError: No figure to draw.
    """
    from kg.analyze.timeseries import series_key

    if not rows:
        msg = "no figures to chart (try another --event-type)"
        raise KgError(msg)
    plt = _pyplot()
    by_unit: dict[str, list[Observation]] = defaultdict(list)
    for o in rows:
        by_unit[o.unit].append(o)
    units = sorted(by_unit)
    fig, axes = plt.subplots(len(units), 1, figsize=(11, 3.2 * len(units) + 1), squeeze=False)
    try:
        for ax, unit in zip(axes[:, 0], units, strict=True):
            _draw_unit(ax, unit, by_unit[unit], series_key)
        fig.suptitle(title, fontfamily=_font_family())
        fig.tight_layout()
        return _save(fig, fmt)
    finally:
        plt.close(fig)


# ------------------------------------------------------------------ helpers
def _draw_unit(ax: Any, unit: str, rows: list[Observation], key: Any) -> None:
    import datetime as dt

    import matplotlib.dates as mdates

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
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, prop={"family": _font_family(), "size": 7}, loc="best")


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
        log.warning("no CJK font found; Chinese labels will show as boxes (install fonts-wqy-microhei)")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, fmt: str) -> bytes:
    if fmt not in {"svg", "png"}:
        msg = f"pictures are svg or png, not {fmt}"
        raise KgError(msg)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, metadata=metadata, bbox_inches="tight")
    return buf.getvalue()
