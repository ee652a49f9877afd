"""A time budget per document, so one pathological document cannot hold up a build.

``time_limit(seconds)`` raises ``OverBudget`` in the code it wraps once ``seconds`` have
passed (a POSIX interval timer, ``SIGALRM``): the document is then skipped with the
reason, and the others are still built and written. It works where the document is
processed on a process's main thread — here or on ``--jobs`` worker processes; where
signals are not available (Windows, or a thread of a Dask worker) no limit applies and the
size budget (``--max-chars``) is what protects the build.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["OverBudget", "time_limit"]


class OverBudget(Exception):  # noqa: N818 — read as "the document is over budget"
    """The document took longer than its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than the time budget of {seconds:g} s (--timeout)")
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` inside the block after ``seconds`` (no limit for ``None``/0).

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
