"""The interactive view: one HTML file that works offline, from the file alone.

vis-network (``kg/view/vendor/vis-network.min.js``, Apache-2.0 OR MIT) is inlined, not
fetched from a CDN. Everything that comes from documents is embedded as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c``
etc., and the page puts it into the DOM with ``textContent`` only, so a document
containing ``<script>`` shows that text and runs nothing.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files
from typing import Final

import networkx as nx

__all__ = ["render_html", "script_safe_json"]

_PLACEHOLDER: Final = re.compile(r"\{\{(TITLE|DATA|VIS)\}\}")
_JSON_ESCAPES: Final = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                      "\u2028": "\\u2028", "\u2029": "\\u2029"})  # fmt: skip


def render_html(
    g: nx.Graph,
    sizes: dict[str, float],
    sentences: dict[str, list[dict[str, object]]],
    *,
    measure: str = "degree",
    title: str = "kg graph",
    notice: str = "",
) -> str:
    """The page for ``g``: nodes coloured by kind, sized by ``sizes``, with their sentences.

    Args:
        g: A projection from ``kg.analyze.project``.
        sizes: The measure that sizes the nodes (``measure`` names it in the page).
        sentences: Source sentences per node (``kg.analyze.project.source_sentences``).
        measure: Name of the measure in ``sizes``.
        title: The page title (escaped).
        notice: A line shown above the summary (e.g. that the view is too big to read).
    """
    payload = {
        "notice": notice,
        "view": g.graph.get("view", ""),
        "directed": g.is_directed(),
        "measure": measure,
        "nodes": [_node(g, n, sizes, sentences) for n in sorted(g.nodes)],
        "edges": [
            {"source": a, "target": b, "kind": d.get("kind", ""), "weight": d.get("weight", 1)}
            for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
    }
    parts = {
        "TITLE": html.escape(title),
        "DATA": script_safe_json(payload),
        "VIS": _vendor("vis-network.min.js"),
    }
    # One pass, so text inside DATA can never be taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], _template())


def script_safe_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in.

    >>> script_safe_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)


def _node(
    g: nx.Graph, n: str, sizes: dict[str, float], sentences: dict[str, list[dict[str, object]]]
) -> dict[str, object]:
    a = g.nodes[n]
    size = sizes.get(n, 0.0)
    out: dict[str, object] = {
        "id": n,
        "label": a.get("label", n),
        "kind": a.get("kind", "other"),
        "type": a.get("type", ""),
        "aliases": [x for x in a.get("aliases", "").split("|") if x],
        "size": size,
        "measure": round(size, 6),
        "sentences": sentences.get(n, []),
    }
    if a.get("kind") == "event":  # what the panel shows of an event: figures and dates
        out["event"] = {
            "trigger": a.get("trigger", ""),
            "start": a.get("start", ""),
            "end": a.get("end", ""),
            "doc": a.get("doc", ""),
            "figures": [x for x in a.get("figures", "").split("|") if x],
        }
    return out


def _template() -> str:
    return files("kg.view").joinpath("template.html").read_text(encoding="utf-8")


def _vendor(name: str) -> str:
    text = files("kg.view").joinpath("vendor", name).read_text(encoding="utf-8")
    # The library contains no "</script"; keep it that way if it is ever upgraded.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
