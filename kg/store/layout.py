"""A store on disk: its folder, its compatibility record, its generations and its locks.

```
DIR/kg-store.json    marks the folder as a kg store (format, the kg that made it)
DIR/index.sqlite     the sidecar (kg.store.index) and the record: format, kg version,
                     ontology hash, provenance level — and the current generation
DIR/data-N/          the Oxigraph (RocksDB) store of generation N
DIR/data-N.lock      held shared by every reader of generation N
DIR/write.lock       held by the one build writing into the store
```

A build never writes into the generation readers use. It checkpoints generation N
into N+1 (RocksDB hard-links its immutable files, so this takes milliseconds), writes
there, flushes and closes it, and then commits the index transaction that records
N+1: that commit is the one instant the store changes. Killed before it (SIGKILL,
power loss), the store is still generation N with the index rolled back; after it,
the new one. Old generations are deleted once no reader holds them. A second build
waits for the write lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError
from kg.store.index import Index

__all__ = ["FORMAT", "ReadHandle", "WriteHandle", "is_store", "ontology_hash", "read_store",
           "write_store"]  # fmt: skip

FORMAT = "1"
MARKER = "kg-store.json"
PROVENANCE_LEVELS = ("all", "facts")


def is_store(path: Path) -> bool:
    """Whether ``path`` is a kg store folder."""
    return (Path(path) / MARKER).is_file()


def ontology_hash() -> str:
    """SHA-256 of the ontology and shapes kg ships (a store built on others is refused)."""
    from kg.resources import ontology_dir

    h = hashlib.sha256()
    for path in sorted(ontology_dir().glob("*.ttl")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _kg_version() -> str:
    from kg import __version__

    return __version__


@dataclass
class ReadHandle:
    """A generation open for reading; ``index`` is read-only."""

    path: Path
    store: ox.Store
    index: Index
    provenance: str
    _lock: IO[bytes] | None = None

    def close(self) -> None:
        self.index.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


@dataclass
class WriteHandle:
    """A new generation open for writing, inside the index transaction."""

    path: Path
    store: ox.Store
    index: Index
    provenance: str
    generation: int


@contextlib.contextmanager
def read_store(path: Path) -> Iterator[ReadHandle]:
    """Open a store's current generation read-only (refusing an incompatible store)."""
    handle = open_for_reading(path)
    try:
        yield handle
    finally:
        handle.close()


def open_for_reading(path: Path) -> ReadHandle:
    """Like ``read_store`` for one-shot commands: the caller closes it (or the process ends)."""
    path = Path(path)
    index = Index(path / "index.sqlite", read_only=True)
    try:
        _check(path, index, write=False)
        provenance = index.get_meta("provenance") or "all"
        for _ in range(100):
            gen = int(index.get_meta("generation") or 0)
            data = path / f"data-{gen}"
            if gen == 0:
                return ReadHandle(path, ox.Store(), index, provenance)
            try:
                fd = os.open(path / f"data-{gen}.lock", os.O_RDONLY)
            except FileNotFoundError:
                continue  # a build deleted that generation just now: read the next one
            lock = os.fdopen(fd, "rb")
            fcntl.flock(lock, fcntl.LOCK_SH)
            if data.is_dir():
                return ReadHandle(path, ox.Store.read_only(str(data)), index, provenance, lock)
            lock.close()
    except BaseException:
        index.close()
        raise
    msg = f"{path}: the store keeps changing under this reader; try again"
    raise InputError(msg)


@contextlib.contextmanager
def write_store(
    path: Path,
    *,
    provenance: str | None = None,
    create: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[WriteHandle]:
    """Open a new generation of the store at ``path`` for writing; commit on a clean exit.

    Raises:
        InputError: ``path`` is not a store (and cannot be one), or an incompatible one.
    """
    path = Path(path)
    _prepare(path, create)
    lock = _write_lock(path, on_wait)
    index = Index(path / "index.sqlite")
    try:
        index.begin()
        if index.get_meta("format") is None:
            _stamp(index, provenance or "all")
        _check(path, index, write=True, provenance=provenance)
        gen = int(index.get_meta("generation") or 0)
        _sweep(path, keep=gen)
        new = path / f"data-{gen + 1}"
        if gen:
            ox.Store.read_only(str(path / f"data-{gen}")).backup(str(new))
        store = ox.Store(str(new))
        handle = WriteHandle(path, store, index, index.get_meta("provenance") or "all", gen + 1)
        yield handle
        store.flush()
        handle.store = None  # type: ignore[assignment]
        del store
        gc.collect()  # closes the RocksDB instance: every write is in its files
        (path / f"data-{gen + 1}.lock").touch()
        index.set_meta("generation", str(gen + 1))
        index.commit()  # ← the commit point
        _sweep(path, keep=gen + 1)
    except BaseException:
        index.rollback()
        raise
    finally:
        index.close()
        lock.close()


def _prepare(path: Path, create: bool) -> None:
    if is_store(path):
        return
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        msg = f"{path} is not a kg store (no {MARKER}) and not an empty folder; refusing to write there"
        raise InputError(msg)
    if not create:
        msg = f"{path}: no such store"
        raise InputError(msg)
    path.mkdir(parents=True, exist_ok=True)
    marker = {"format": FORMAT, "created_by": f"kg {_kg_version()}"}
    from kg.rdf.store import write_atomic

    write_atomic(path / MARKER, json.dumps(marker, indent=2).encode() + b"\n")


def _stamp(index: Index, provenance: str) -> None:
    index.set_meta("format", FORMAT)
    index.set_meta("kg_version", _kg_version())
    index.set_meta("ontology", ontology_hash())
    index.set_meta("provenance", provenance)


def _check(path: Path, index: Index, *, write: bool, provenance: str | None = None) -> None:
    """Refuse a store this kg cannot read (or, for writing, extend) with the reason."""
    fmt = index.get_meta("format")
    if fmt is None and not write:
        return  # created, never built into: empty
    made = f"kg {index.get_meta('kg_version')}, ontology {str(index.get_meta('ontology'))[:12]}"
    this = f"kg {_kg_version()}, ontology {ontology_hash()[:12]}"
    fix = "rebuild it: kg build … --store NEW_FOLDER (or export it first with an older kg)"
    if fmt != FORMAT:
        msg = f"{path} is a kg store of format {fmt}; this kg reads format {FORMAT}: {fix}"
        raise InputError(msg)
    if index.get_meta("ontology") != ontology_hash() or (
        write and index.get_meta("kg_version") != _kg_version()
    ):
        msg = f"{path} was built by {made}; this is {this}: {fix}"
        raise InputError(msg)
    level = index.get_meta("provenance")
    if write and provenance and level != provenance:
        msg = f"{path} keeps --provenance {level}; it cannot take documents built with --provenance {provenance}"
        raise InputError(msg)


def _write_lock(path: Path, on_wait: Callable[[str], None] | None) -> IO[bytes]:
    lock = (path / "write.lock").open("a+b")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().decode(errors="replace").strip() or "another process"
        if on_wait is not None:
            on_wait(f"waiting for the build already writing into {path} ({holder}) to finish…")
        fcntl.flock(lock, fcntl.LOCK_EX)
    lock.seek(0)
    lock.truncate()
    lock.write(f"pid {os.getpid()}".encode())
    lock.flush()
    return lock


def _sweep(path: Path, keep: int) -> None:
    """Delete generations other than ``keep`` that no reader holds (left by crashes or
    by earlier builds)."""
    for data in path.glob("data-*"):
        if data.suffix == ".lock" or data.name == f"data-{keep}":
            continue
        lock_path = path / f"{data.name}.lock"
        try:
            fd = os.open(lock_path, os.O_RDONLY)
        except FileNotFoundError:
            shutil.rmtree(data, ignore_errors=True)  # never committed: a killed build's
            continue
        with os.fdopen(fd, "rb") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader still uses it; a later build deletes it
            shutil.rmtree(data, ignore_errors=True)
            lock_path.unlink(missing_ok=True)
