"""The pipeline: stages in order, each declaring what it needs and what it adds.

read → normalize → segment → ner → values → events → justice   (one document at a time)
     → link (the whole corpus) → mapping (RDF quads) → store/query/analyze/export.

``make_pipeline`` checks the order when the pipeline is built, so a misordered custom
list fails at once with the missing layers named.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from kg.errors import PipelineError
from kg.model import Annotated, Document
from kg.nlp import events, justice, ner, normalize, segment, values
from kg.resources import Resources

__all__ = [
    "DEFAULT_PIPELINE",
    "STAGES",
    "Stage",
    "annotate",
    "annotate_all",
    "make_pipeline",
    "map_ordered",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stage:
    """One per-document stage: a pure function from ``Annotated`` to ``Annotated``."""

    name: str
    run: Callable[[Annotated, Resources], Annotated]
    requires: frozenset[str]
    provides: frozenset[str]


STAGES: Final[Mapping[str, Stage]] = {
    s.name: s
    for s in (
        Stage("normalize", normalize.run, frozenset(), frozenset({"norm"})),
        Stage("segment", segment.run, frozenset({"norm"}), frozenset({"sentences", "tokens"})),
        Stage("ner", ner.run, frozenset({"tokens"}), frozenset({"mentions"})),
        Stage("values", values.run, frozenset({"norm"}),
              frozenset({"times", "quantities", "changes"})),
        Stage("events", events.run, frozenset({"sentences", "mentions", "quantities", "times"}),
              frozenset({"events"})),
        Stage("justice", justice.run, frozenset({"events", "mentions"}),
              frozenset({"participants", "histories"})),
    )
}
DEFAULT_PIPELINE: Final = ("normalize", "segment", "ner", "values", "events", "justice")


def make_pipeline(names: Sequence[str] = DEFAULT_PIPELINE) -> list[Stage]:
    """The stages named, in order, after checking each one's requirements.

    Raises:
        PipelineError: An unknown stage, or a stage whose inputs come later or never.
    """
    stages = []
    fulfilled: set[str] = set()
    for name in names:
        if name not in STAGES:
            msg = f"unknown stage {name!r}; available: {', '.join(STAGES)}"
            raise PipelineError(msg)
        stage = STAGES[name]
        missing = stage.requires - fulfilled
        if missing:
            msg = (
                f"stage {name!r} requires {sorted(stage.requires)}; "
                f"fulfilled: {sorted(fulfilled)}; missing: {sorted(missing)}"
            )
            raise PipelineError(msg)
        fulfilled |= stage.provides
        stages.append(stage)
    return stages


def annotate(
    doc: Document, res: Resources | None = None, stages: Sequence[Stage] | None = None
) -> Annotated:
    """Run the per-document stages on ``doc``.

    >>> import datetime as dt
    >>> from kg.model import Document
    >>> ann = annotate(Document("d1", "南宁市公安局抓获犯罪嫌疑人12名。", published=dt.date(2021, 3, 5)))
    >>> [(m.text, m.label) for m in ann.mentions if m.label == "Organization"]
    [('南宁市公安局', 'Organization')]
    >>> [(e.trigger, [q.text for q in e.quantities]) for e in ann.events]
    [('抓获', ['12名'])]
    """
    res = res or Resources.default()
    ann = Annotated(doc)
    for stage in stages or make_pipeline():
        t0 = time.perf_counter()
        ann = stage.run(ann, res)
        log.debug("%s: %s %.3fs", doc.id, stage.name, time.perf_counter() - t0)
    return ann


def annotate_all(
    docs: Iterable[Document], res: Resources | None = None, *, jobs: int = 1
) -> list[Annotated]:
    """Annotate documents in order.

    With ``jobs > 1`` the documents are spread over a process pool (measured 1.9× on two
    cores in ../shared/notes/rdf-stack.md); results keep the input order, so the graph is
    the same byte for byte. Each worker loads its own tagger and the packaged resources.
    """
    docs = list(docs)
    if jobs > 1 and len(docs) > 1 and res is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(_annotate_default, docs, chunksize=8))
    res = res or Resources.default()
    stages = make_pipeline()
    return [annotate(d, res, stages) for d in docs]


def _annotate_default(doc: Document) -> Annotated:
    return annotate(doc)


T = TypeVar("T")
R = TypeVar("R")


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    window: int | None = None,
) -> Iterator[R]:
    """``fn`` over ``items``, results in input order, at most ``window`` items in flight.

    With ``jobs > 1`` (and no ``executor``) the items go to a pool of ``jobs`` worker
    processes, each of which loads the tagger and the lexicons once (``warm_up``); an
    ``executor`` (e.g. a Dask client's) is used as given. Keeping a bounded window keeps
    memory flat: results are consumed while later items are still being worked on.
    """
    if executor is None and jobs <= 1:
        yield from map(fn, items)
        return
    own = executor is None
    if executor is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up
        )
    window = window or 2 * max(jobs, 2) + 1
    pending: deque[Future[Any]] = deque()
    try:
        for item in items:
            pending.append(executor.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def warm_up() -> None:
    """Load the packaged resources and the tagger (a worker does this once, at start)."""
    from kg.nlp.link import link_document

    res = Resources.default()
    ann = annotate(Document("warm-up", "河北省公安厅抓获犯罪嫌疑人1名。"), res)
    link_document(ann, res)
