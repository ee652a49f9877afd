"""What the reading commands open: a store folder, read-only, as an ``ox.Store``.

``kg query``, ``analyze``, ``export`` and ``validate`` call ``kg.graphsource.open_graphs``,
which comes here for a folder. The generation stays locked for readers (so no build
deletes it) until the process ends or ``close_all`` is called.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.store.layout import ReadHandle, is_store, open_for_reading

__all__ = ["close_all", "open_handle", "open_store", "writable_copy"]

_OPEN: list[ReadHandle] = []


def open_handle(path: Path) -> ReadHandle:
    """The store at ``path`` open for reading, with its index.

    Raises:
        InputError: ``path`` is a folder but not a kg store, or an incompatible one.
    """
    if not is_store(path):
        msg = f"{path} is a folder, not a kg store (build one with kg build … --store {path})"
        raise InputError(msg)
    handle = open_for_reading(path)
    _OPEN.append(handle)
    return handle


def open_store(path: Path) -> ox.Store:
    """The store's current generation, read-only."""
    return open_handle(path).store


def writable_copy(store: ox.Store) -> ox.Store:
    """A private read-write checkpoint of a read-only store (deleted when the process ends)."""
    import atexit
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="kg-query-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    store.backup(str(tmp / "data"))
    return ox.Store(str(tmp / "data"))


def close_all() -> None:
    """Release every store this process opened."""
    while _OPEN:
        _OPEN.pop().close()
