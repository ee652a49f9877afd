"""What ``kg extract`` shows: the layers of one annotated document, with offsets."""

from __future__ import annotations

from typing import Any

from kg.model import Annotated
from kg.nlp.numbers import canonical_decimal

__all__ = ["layers_as_records", "layers_as_table"]


def layers_as_records(ann: Annotated, layer: str = "all") -> dict[str, Any]:
    """The requested layers as JSON-ready records (offsets into the document text)."""
    out: dict[str, Any] = {"id": ann.doc.id}
    if layer in {"mentions", "all"}:
        out["mentions"] = [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.label, "kind": m.kind,
             "name": m.name, "rule": m.rule}
            for m in ann.mentions
        ]
    if layer in {"values", "all"}:
        out["quantities"] = [
            {"start": q.start, "end": q.end, "text": q.text, "value": canonical_decimal(q.value),
             "unit": q.unit, "approximate": q.approximate}
            for q in ann.quantities
        ]
        out["times"] = [
            {"start": t.start, "end": t.end, "text": t.text, "scope": t.scope,
             "begin": t.begin.isoformat() if t.begin else None,
             "end_date": t.until.isoformat() if t.until else None}
            for t in ann.times
        ]
        out["changes"] = [
            {"start": c.start, "end": c.end, "text": c.text, "ratio": canonical_decimal(c.ratio)}
            for c in ann.changes
        ]
    if layer in {"events", "all"}:
        out["events"] = [
            {
                "type": e.type,
                "trigger": e.trigger,
                "start": e.trigger_start,
                "end": e.trigger_end,
                "sentence": e.sentence,
                "negated": e.negated,
                "modality": e.modality,
                "arguments": [{"role": a.role, "text": a.mention.text} for a in e.arguments],
                "time": None if e.time is None else e.time.text,
                "begin": e.time.begin.isoformat() if e.time and e.time.begin else None,
                "end_date": e.time.until.isoformat() if e.time and e.time.until else None,
                "crime_types": [c.text for c in e.crime_types],
                "quantities": [
                    {"text": q.text, "value": canonical_decimal(q.value), "unit": q.unit,
                     "object": q.object, "approximate": q.approximate}
                    for q in e.quantities
                ],
                "yoy": [canonical_decimal(c.ratio) for _, c in e.yoy],
            }
            for e in ann.events
        ]
    return out


def layers_as_table(ann: Annotated, layer: str = "all") -> str:
    """A readable plain-text rendering of the layers."""
    rec = layers_as_records(ann, layer)
    lines = [f"# {ann.doc.id}"]
    for m in rec.get("mentions", []):
        lines.append(f"mention  {m['start']:>5}-{m['end']:<5} {m['type']:<12} {m['text']}")
    for q in rec.get("quantities", []):
        approx = "≈" if q["approximate"] else ""
        lines.append(f"quantity {q['start']:>5}-{q['end']:<5} {approx}{q['value']} {q['unit']}")
    for t in rec.get("times", []):
        lines.append(f"time     {t['start']:>5}-{t['end']:<5} {t['text']} → {t['begin']}…{t['end_date']}")
    for c in rec.get("changes", []):
        lines.append(f"change   {c['start']:>5}-{c['end']:<5} {c['text']} → {c['ratio']}")
    for e in rec.get("events", []):
        args = " ".join(f"{a['role']}={a['text']}" for a in e["arguments"])
        qs = " ".join(f"{q['text']}({q['object']})" for q in e["quantities"])
        when = f"{e['begin']}…{e['end_date']}" if e["time"] else "-"
        flags = " NEGATED" if e["negated"] else ""
        lines.append(f"event    {e['start']:>5}-{e['end']:<5} {e['type']:<13} {e['trigger']} "
                     f"[{when}] {args} {qs}{flags}".rstrip())  # fmt: skip
    return "\n".join(lines) + "\n"
