"""Errors kg raises on purpose; the CLI turns each into a one-line message and exit 1."""

from __future__ import annotations

__all__ = [
    "InputError",
    "KgError",
    "OntologyError",
    "PipelineError",
    "QueryError",
    "ResourceError",
]


class KgError(Exception):
    """Base class for every error kg raises on purpose."""


class InputError(KgError):
    """Unreadable input: missing file, bad encoding, a JSONL line without ``text``."""


class ResourceError(KgError):
    """A bad data file, reported as ``path:line: message``."""


class OntologyError(KgError):
    """A label or term that the ontology does not define."""


class PipelineError(KgError):
    """Stages listed in an order whose requirements are not met."""


class QueryError(KgError):
    """SPARQL that does not parse or cannot be evaluated, or a refused query."""
