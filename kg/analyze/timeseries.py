"""Stage ⑦ analyse: reported figures over time, per agency, place, event type and unit.

Figures are listed, never summed: a province's figure and its city's figure, or
"January–July" and "so far this year", are separate observations of overlapping
things, and adding them would count the same arrests twice. Each row is one figure
with its period; a series is the rows sharing agency, place, event type and unit. A
figure several documents report (wire copy republished by portals, one ``kg:statistic``)
is one row, from its earliest report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.query import ResultTable, run_query
from kg.rdf.vocab import PREFIXES

__all__ = ["COLUMNS", "Observation", "event_classes", "observations", "series_key"]

COLUMNS: Final = ("agency", "place", "eventType", "start", "end", "value", "unit",
                  "counted", "approximate", "doc")  # fmt: skip

_QUERY: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + """
SELECT DISTINCT ?agency ?place ?eventType ?start ?end ?value ?unit ?counted ?approximate ?doc
WHERE {
  ?e a kg:PoliceEvent ; sem:eventType ?t ; kg:quantity ?q .
  ?q schema:value ?value .
  OPTIONAL { ?q schema:unitText ?unit }
  OPTIONAL { ?q kg:countedObject ?counted }
  OPTIONAL { ?q kg:approximate ?approximate }
  OPTIONAL { ?e kg:agent ?a . ?a rdfs:label ?agency }
  OPTIONAL { ?e sem:hasPlace ?p . ?p rdfs:label ?place }
  OPTIONAL { ?e sem:hasBeginTimeStamp ?start }
  OPTIONAL { ?e sem:hasEndTimeStamp ?end }
  OPTIONAL { ?e schema:subjectOf ?d . ?d schema:identifier ?doc }
  BIND(STRAFTER(STR(?t), "#") AS ?eventType)
  FILTER NOT EXISTS {  # a figure several documents report (kg:statistic): its earliest report
    ?q kg:statistic ?stat .
    ?other kg:statistic ?stat ; ^kg:quantity/schema:subjectOf ?od .
    ?e schema:subjectOf ?ed .
    OPTIONAL { ?od schema:datePublished ?op }
    OPTIONAL { ?ed schema:datePublished ?ep }
    FILTER(CONCAT(COALESCE(STR(?op), "9999"), STR(?od)) < CONCAT(COALESCE(STR(?ep), "9999"), STR(?ed)))
  }
}"""


@dataclass(frozen=True)
class Observation:
    """One reported figure; ``start`` is empty for "so far" figures (截至目前)."""

    agency: str
    place: str
    eventType: str  # noqa: N815 — the column name users see
    start: str
    end: str
    value: float
    unit: str
    counted: str
    approximate: bool | None
    doc: str

    def as_row(self) -> list[object]:
        """The cells in ``COLUMNS`` order (integers stay integers)."""
        value: object = int(self.value) if float(self.value).is_integer() else self.value
        return [self.agency, self.place, self.eventType, self.start, self.end, value,
                self.unit, self.counted, self.approximate, self.doc]  # fmt: skip


def observations(store: ox.Store, event_type: str | None = None) -> list[Observation]:
    """Every figure attached to an event, sorted by series then period.

    Args:
        store: The graph.
        event_type: Keep only this event class (local name, e.g. ``Arrest``).

    Raises:
        KgError: A figure whose value is not a number (a malformed graph).
    """
    if event_type:
        check_event_type(event_type)
    result = run_query(store, _QUERY)
    assert isinstance(result, ResultTable)
    out = []
    for row in result.rows:
        cells = dict(zip(result.variables, (_text(c) for c in row), strict=True))
        if event_type and cells["eventType"] != event_type:
            continue
        out.append(_observation(cells))
    return sorted(out, key=_order)


def event_classes() -> list[str]:
    """Local names of the ontology's event classes (every subclass of ``kg:PoliceEvent``)."""
    from kg.resources import ontology_dir

    store = ox.Store()
    store.bulk_load(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    kg = PREFIXES["kg"]
    rows = store.query(f"SELECT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <{kg}PoliceEvent> }}")
    assert isinstance(rows, ox.QuerySolutions)
    return sorted({str(r["c"].value).rsplit("#", 1)[-1] for r in rows})


def check_event_type(name: str) -> None:
    """Refuse an event type the ontology does not define, naming the nearest ones.

    Raises:
        KgError: ``name`` is not an event class.
    """
    import difflib

    known = event_classes()
    if name in known:
        return
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(near)}? " if near else ""
    msg = f"no event type {name!r}; {hint}choose from {', '.join(known)}"
    raise KgError(msg)


def series_key(o: Observation) -> tuple[str, str, str, str]:
    """What makes two figures comparable over time: agency, place, event type, unit."""
    return (o.agency, o.place, o.eventType, o.unit)


def _order(o: Observation) -> tuple[object, ...]:
    return (*series_key(o), o.start, o.end, o.value, o.counted, str(o.approximate), o.doc)


def _observation(cells: dict[str, str]) -> Observation:
    try:
        value = float(cells["value"])
    except ValueError as e:
        msg = f"figure value {cells['value']!r} is not a number (document {cells['doc']})"
        raise KgError(msg) from e
    approx = {"true": True, "false": False}.get(cells["approximate"])
    return Observation(cells["agency"], cells["place"], cells["eventType"], cells["start"],
                       cells["end"], value, cells["unit"], cells["counted"], approx,
                       cells["doc"])  # fmt: skip


def _text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)
