"""Views that stay quiet, fast and readable (#10.9–12), without a browser."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.analyze.details import source_sentences
from kg.analyze.project import find_node, project
from kg.analyze.timeseries import observations
from kg.build import BuildResult
from kg.cli import cli
from kg.graphsource import open_graphs
from kg.rdf.store import RdfFormat, serialize, write_atomic

pytestmark = pytest.mark.issue(10)


@pytest.fixture(scope="module")
def seed_nq(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "seed.nq"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.NQUADS))
    return path


# ------------------------------------------------------------------ item 9: fonts
def _without_cjk(monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib's cache as on a machine where the font came after the cache."""
    from matplotlib import font_manager

    from kg.view import fonts

    kept = [f for f in font_manager.fontManager.ttflist if not f.name.startswith(fonts.CJK_NAMES)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", kept)
    fonts.cjk_font.cache_clear()
    fonts.warn_no_font_once.cache_clear()


@pytest.fixture
def fonts_restored():  # type: ignore[no-untyped-def]
    from kg.view import fonts

    yield
    fonts.cjk_font.cache_clear()
    fonts.warn_no_font_once.cache_clear()


@pytest.mark.usefixtures("fonts_restored")
def test_a_font_installed_after_the_cache_is_found_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.view import fonts

    if fonts.find_cjk_font_file() is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    _without_cjk(monkeypatch)
    name = fonts.cjk_font()
    assert name is not None
    assert name.startswith(fonts.CJK_NAMES)


@pytest.mark.usefixtures("fonts_restored")
def test_no_cjk_font_is_one_line_not_one_per_glyph(
    runner: CliRunner, seed_nq: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.view import fonts

    _without_cjk(monkeypatch)
    monkeypatch.setattr(fonts, "find_cjk_font_file", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = runner.invoke(cli, ["export", str(seed_nq), "-o", str(tmp_path / "g.svg")])
        chart = runner.invoke(cli, ["analyze", str(seed_nq), "--timeseries", "--chart", str(tmp_path / "c.svg")])
    assert svg.exit_code == 0, svg.stderr
    assert chart.exit_code == 0, chart.stderr
    font_lines = [x for x in (svg.stderr + chart.stderr).splitlines()
                  if ("font" in x.lower() or "glyph" in x.lower()) and not x.startswith("wrote")]
    assert len(font_lines) == 1, font_lines
    assert "apt-get install fonts-wqy-microhei" in font_lines[0]
    assert not [w for w in caught if "Glyph" in str(w.message)]
    quiet = runner.invoke(cli, ["export", str(seed_nq), "-o", str(tmp_path / "h.svg"), "-q"])
    assert quiet.stderr == ""


# ------------------------------------------------------------------ item 10: only what the nodes need
def test_source_sentences_for_the_chosen_nodes_only(seed_nq: Path) -> None:
    store = open_graphs([seed_nq])
    g = project(store, "bipartite")
    org = find_node(g, "保定市公安局满城分局反诈中心")
    found = source_sentences(store, [org])
    assert list(found) == [org]
    first = found[org][0]
    text, marks = str(first["text"]), first["marks"]
    assert isinstance(marks, list)
    assert marks
    b, e = marks[0]
    assert text[b:e] in {"保定市公安局满城分局反诈中心", "满城分局反诈中心", "反诈中心"}


# ------------------------------------------------------------------ item 11: readable views
def test_event_nodes_say_what_they_are(seed_nq: Path) -> None:
    g = project(open_graphs([seed_nq]), "bipartite")
    labels = {a["label"] for _, a in g.nodes(data=True) if a["kind"] == "event"}
    assert "抓获 31名 2020-07-08" in labels
    assert "破获 4071起 2020-01-01…2020-07-31" in labels
    arrest = next(a for _, a in g.nodes(data=True) if a["label"] == "抓获 31名 2020-07-08")
    assert (arrest["trigger"], arrest["start"], arrest["end"]) == ("抓获", "2020-07-08", "2020-07-08")
    assert arrest["figures"].startswith("31名")


def test_top_keeps_a_connected_picture(runner: CliRunner, seed_nq: Path) -> None:
    import networkx as nx

    result = runner.invoke(cli, ["export", str(seed_nq), "-o", "-", "--format", "nodelink", "--top", "20"])
    assert result.exit_code == 0, result.stderr
    import json

    g = nx.node_link_graph(json.loads(result.stdout), edges="edges")
    assert g.number_of_nodes() == 20
    assert min(dict(g.degree()).values()) >= 1  # no node without an edge
    assert nx.number_connected_components(g) <= 2


def test_a_view_too_big_to_read_says_which_option_helps(
    runner: CliRunner, seed_nq: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.cli_analyze

    monkeypatch.setattr(kg.cli_analyze, "_READABLE", {"html": 30, "svg": 30, "png": 30})
    out = tmp_path / "g.html"
    result = runner.invoke(cli, ["export", str(seed_nq), "-o", str(out)])
    assert result.exit_code == 0
    assert "nodes are too many to read in one view: --top 6 keeps the best connected part" in result.stderr
    assert "too many to read" in out.read_text(encoding="utf-8")
    small = runner.invoke(cli, ["export", str(seed_nq), "-o", str(out), "--top", "25"])
    assert "too many" not in small.stderr


# ------------------------------------------------------------------ item 12: the time-series chart
def test_timeseries_chart_shares_one_time_axis_and_puts_people_in_one_panel(seed_nq: Path) -> None:
    from kg.view.picture import _pyplot, timeseries_figure

    rows = observations(open_graphs([seed_nq]))
    assert {"人", "名"} <= {o.unit for o in rows}
    fig = timeseries_figure(rows)
    try:
        axes = fig.axes
        people = [ax for ax in axes if "人" in ax.get_ylabel() and "名" in ax.get_ylabel()]
        assert len(people) == 1
        assert not [ax for ax in axes if ax.get_ylabel() in {"人", "名"}]
        assert all(ax.get_shared_x_axes().joined(axes[0], ax) for ax in axes)
        fig.canvas.draw()
        bottom = [t.get_text() for t in axes[-1].get_xticklabels() if t.get_text()]
        assert len(bottom) == len(set(bottom)) >= 3  # labelled, never twice
        for ax in axes[:-1]:
            assert not [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    finally:
        _pyplot().close(fig)


def test_timeseries_keeps_at_most_the_panel_limit(seed_nq: Path, caplog: pytest.LogCaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from kg.view import picture

    groups, _ = picture._unit_groups()
    monkeypatch.setattr(picture, "_unit_groups", lambda: (groups, 2))
    with caplog.at_level(logging.WARNING, logger="kg"):
        fig = picture.timeseries_figure(observations(open_graphs([seed_nq])))
    try:
        assert len(fig.axes) == 2
        assert "the chart shows the 2 measures with the most figures" in caplog.text
    finally:
        picture._pyplot().close(fig)
