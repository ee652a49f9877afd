"""The data model every stage reads and writes: frozen dataclasses with character offsets.

Like spaCy's ``Doc``, the original text is never modified: every span is a pair of
offsets into ``Document.text`` and ``doc.text[span.start:span.end] == span.text`` holds.
Stages return new ``Annotated`` values with ``dataclasses.replace``; nothing mutates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal

__all__ = [
    "NON_FACTUAL",
    "Annotated",
    "Argument",
    "Document",
    "Entity",
    "Event",
    "History",
    "Mention",
    "Participant",
    "Quantity",
    "Resolution",
    "Sentence",
    "TimeExpr",
    "Token",
    "YoY",
    "canonical_decimal",
    "sentence_index",
]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document.

    ``id`` is what query results show (unique within one build); ``corpus`` names the
    collection it was read from (a folder's name, or ``--corpus``), so ``key`` —
    ``corpus/id`` — tells apart two documents called ``001`` built separately.
    ``source_path`` says where inside the corpus it was read (``CEC-Corpus/001.txt``,
    ``dev/docs.jsonl:7``).
    """

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    published_source: str | None = None  # record | sidecar | header | option
    corpus: str = ""
    source_path: str | None = None

    @property
    def key(self) -> str:
        """The identity that survives separate builds: ``corpus/id`` (a corpus has no ``/``).

        >>> Document("001", "…", corpus="CEC-Corpus").key, Document("a/b", "…").key
        ('CEC-Corpus/001', '/a/b')
        """
        return f"{self.corpus}/{self.id}"

    def content_hash(self) -> str:
        """SHA-256 of every field: a changed text, date or path is a changed document."""
        fields = asdict(self)
        fields["published"] = self.published.isoformat() if self.published else None
        data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(data).hexdigest()


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


# Modalities under which an event did not (yet) happen: planned (拟, 将于), asked for (提请),
# hypothetical (一旦, 如果), a law's or a warning's or advice's wording, a fraudster's threat,
# words to the reader (你涉嫌…), a denied rumour, a question, a pursuit (正在抓捕), fiction,
# or the word naming the step rather than telling it (约谈只是手段, 拘留期间).
NON_FACTUAL = frozenset({
    "planned", "requested", "hypothetical", "law", "warning", "advice", "threat", "addressed",
    "denied", "question", "pursued", "fiction", "nominal",
})  # fmt: skip


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
    term: str = ""  # a prison or detention term as an ISO 8601 duration (有期徒刑三年六个月 → P3Y6M)
    custody: str = ""  # a detention's kind: administrative | criminal | judicial
    penalty: str = ""  # a sentence's penalty: prison | life | death | suspended-death …
    suspended: bool = False  # 缓刑: the prison term is suspended
    reason: str = ""  # why (散布谣言, 醉酒驾驶, a charge): the canonical reason

    @property
    def happened(self) -> bool:
        """False when the text says it did not (yet) happen (negated or ``NON_FACTUAL``)."""
        return not self.negated and self.modality not in NON_FACTUAL


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone an event happens to (or who acts), as one document describes them.

    ``person`` is the Person mention a description belongs to when the text names it
    (犯罪嫌疑人张某, 违法行为人瓦西某某); otherwise the description is the node (涉事男子,
    2名18岁嫌犯). ``spans`` are every description of it in the document.
    """

    index: int
    label: str
    role: str = ""  # the role or occupation noun as written (男子, 网民, 项目负责人)
    role_kind: str = ""  # role | occupation
    gender: str = ""  # male | female
    age: int | None = None
    count: int | None = None
    nationality: str = ""
    employer: str = ""
    person: tuple[int, int] | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class History:
    """The steps of the justice chain one subject goes through in one document, in order.

    ``subject`` is the Person or Participant mention that stands for them; ``events`` are
    indexes into ``Annotated.events``.
    """

    subject: Mention
    events: tuple[int, ...]


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
    participants: tuple[Participant, ...] = ()
    histories: tuple[History, ...] = ()
    notes: tuple[str, ...] = field(default=())


@dataclass
class Resolution:
    """What linking found: entities, and which mention of which document names which.

    Linking runs one document at a time (``kg.nlp.link.link_document``); ``entities``
    then holds what that document's context says about each entity it names (its
    *proposal*), and ``surfaces`` the names it uses. ``kg.nlp.merge`` combines the
    documents' proposals into one node per entity for the corpus.
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    mention_key: dict[tuple[str, int, int, str], str] = field(default_factory=dict)
    doc_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    doc_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    labels_by_doc: dict[str, dict[str, str]] = field(default_factory=dict)
    reporters: dict[str, str] = field(default_factory=dict)  # doc → the agency that released the figures
    publishers: dict[str, str] = field(default_factory=dict)  # doc → the body that published it
    surfaces: dict[str, set[str]] = field(default_factory=dict)  # entity key → names used for it

    def labels_of(self, doc_id: str) -> dict[str, str]:
        """Entity key → the name document ``doc_id`` uses for it."""
        return self.labels_by_doc.get(doc_id, {})

    def key_of(self, doc_id: str, m: Mention) -> str | None:
        """The entity key of mention ``m`` of document ``doc_id``."""
        return self.mention_key.get((doc_id, m.start, m.end, m.label))


def canonical_decimal(value: Decimal) -> str:
    """The canonical lexical form (``7``, ``0.8``, ``2500000000``): round-trips in every store.

    >>> canonical_decimal(Decimal("7.00")), canonical_decimal(Decimal("2.5E9"))
    ('7', '2500000000')
    """
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def sentence_index(sentences: Sequence[Sentence]) -> Callable[[int], int | None]:
    """A lookup from a character offset to the index of the sentence holding it."""
    starts = [s.start for s in sentences]

    def find(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or offset >= sentences[i].end:
            return None
        return i

    return find
