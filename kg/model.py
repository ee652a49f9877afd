"""The data model every stage reads and writes: frozen dataclasses with character offsets.

Like spaCy's ``Doc``, the original text is never modified: every span is a pair of
offsets into ``Document.text`` and ``doc.text[span.start:span.end] == span.text`` holds.
Stages return new ``Annotated`` values with ``dataclasses.replace``; nothing mutates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "Annotated",
    "Argument",
    "Document",
    "Entity",
    "Event",
    "Mention",
    "Quantity",
    "Sentence",
    "TimeExpr",
    "Token",
    "YoY",
]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document; ``id`` is used in IRIs and in query results."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    published_source: str | None = None  # record | sidecar | header | option


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: offsets, its index in the document and the paragraph it sits in."""

    start: int
    end: int
    index: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Token:
    """A word from the tagger with its part-of-speech or entity tag."""

    start: int
    end: int
    text: str
    tag: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed entity mention.

    ``label`` is an ontology class local name (Person, Organization, Place, Platform,
    CrimeType); ``kind`` refines it (PoliceAgency, Court, province, charge …);
    ``name`` is the normalised name used for linking (full form, simplified script);
    ``rule`` records which lexicon or pattern produced it.
    """

    start: int
    end: int
    text: str
    label: str
    rule: str
    name: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression resolved to a closed date interval (either end may be open)."""

    start: int
    end: int
    text: str
    begin: dt.date | None
    until: dt.date | None
    scope: str = "point"  # point | period | since | until | same-period


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its measure word: ``value`` is in base units (元, not 万元).

    ``lower``/``upper`` carry the bounds implied by 余/多/近/约/上; ``approximate`` is
    true whenever the text does not state an exact figure.
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    kind: str
    approximate: bool = False
    lower: Decimal | None = None
    upper: Decimal | None = None
    object: str = ""
    object_start: int = -1


@dataclass(frozen=True, slots=True)
class YoY:
    """A year-on-year change (同比上升141.6% → +1.416) and the quantities it refers to."""

    start: int
    end: int
    text: str
    ratio: Decimal


@dataclass(frozen=True, slots=True)
class Argument:
    """An event role filled by an entity mention (agent, partner, place, patient …)."""

    role: str
    mention: Mention


@dataclass(frozen=True, slots=True)
class Event:
    """An event found from its trigger word, with roles, time, quantities and changes."""

    type: str
    trigger_start: int
    trigger_end: int
    trigger: str
    sentence: int
    arguments: tuple[Argument, ...] = ()
    time: TimeExpr | None = None
    quantities: tuple[Quantity, ...] = ()
    yoy: tuple[tuple[int, YoY], ...] = ()  # (index into quantities, change)
    crime_types: tuple[Mention, ...] = ()
    negated: bool = False
    modality: str = ""
    group_size: int | None = None
    part: int = 0  # 1, 2 … when one trigger reports several subjects' figures (分别)
    term: str = ""  # a prison term as an ISO 8601 duration (有期徒刑三年六个月 → P3Y6M)


@dataclass(frozen=True, slots=True)
class Entity:
    """One node per real-world thing across the corpus, after resolution."""

    key: str
    label: str
    type: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    jurisdiction: str | None = None
    code: str | None = None
    document: str | None = None  # set for document-scoped entities (pseudonyms …)
    leader: str | None = None  # the person a criminal group is led by (以王某某为首)


@dataclass(frozen=True, slots=True)
class Annotated:
    """A document with every layer the stages add (spaCy's ``Doc`` analogue)."""

    doc: Document
    norm: str = ""
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    changes: tuple[YoY, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = field(default=())
