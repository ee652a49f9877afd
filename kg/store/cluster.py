"""``kg build --dask ADDRESS``: documents processed on a Dask cluster, gathered here.

The cluster only runs ``kg.build.process_batch`` — a few documents in, compact results
(N-Quads bytes and a summary) out — through the client's ``concurrent.futures``
executor, with the same bounded window of batches in flight as local workers; this
process keeps the index and writes the store or the file, so the output is the same
bytes as a local build. Every worker needs kg installed (the same version: the store
refuses results of another ontology anyway) and loads the tagger once, on its first
batch. Needs the ``dask`` extra (``dask[distributed]``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from kg.errors import InputError

__all__ = ["dask_executor"]


@contextlib.contextmanager
def dask_executor(address: str, *, timeout: float = 10) -> Iterator[tuple[Executor, int]]:
    """An executor on the Dask scheduler at ``address`` (``tcp://host:8786``) and the
    cluster's number of worker threads (to size the window of batches in flight).

    Raises:
        InputError: ``distributed`` is not installed, or the scheduler does not answer.
    """
    try:
        from distributed import Client
    except ImportError as e:
        msg = "--dask needs the dask extra: pip install 'kg[dask]'"
        raise InputError(msg) from e
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as e:
        msg = f"cannot reach the Dask scheduler at {address}: {e}"
        raise InputError(msg) from e
    try:
        threads = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), threads
    finally:
        client.close()
