"""The HTML view in a real headless Chromium (Debian's), driven by Playwright.

The page is served from 127.0.0.1 by a server the test starts; Playwright uses the
system browser (``executable_path``), so nothing is downloaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.analyze.project import find_node, project
from kg.build import BuildResult, build_graph
from kg.cli import cli
from kg.model import Document
from kg.rdf.store import RdfFormat, load_graph, serialize, write_atomic

pytestmark = pytest.mark.browser

_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage"]  # fmt: skip
XSS_TEXT = ('今年5月,保定市公安局抓获犯罪嫌疑人<script>window.kgPwned=1;document.title="pwned"</script>'
            "\"张某\"'李某'等12人。</script><img src=x onerror=\"window.kgPwned=3\">"
            "河北省公安厅联合省委网信办开展宣传。")  # fmt: skip


def _chromium() -> str | None:
    return next((p for p in _CANDIDATES if os.access(p, os.X_OK)), None) or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download needed)")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium: apt-get install -y chromium (.ci/run does)")
    # launch() gives the browser a fresh temporary profile (its --user-data-dir) itself.
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1 (port chosen by the OS)."""
    root = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _export_html(runner: Any, quads: list[Any], folder: Path, name: str, *extra: str) -> Path:
    graph = folder / f"{name}.nq"
    write_atomic(graph, serialize(quads, RdfFormat.NQUADS))
    out = folder / f"{name}.html"
    result = runner.invoke(cli, ["export", str(graph), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _open(browser: Any, url: str) -> tuple[Any, Any, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    _wait(page, "() => window.kgReady === true", timeout=30.0)
    return context, page, requests, errors


def _wait(page: Any, predicate: str, arg: Any = None, timeout: float = 5.0) -> None:
    """Poll ``predicate`` from the test side: Playwright's wait_for_function evaluates a
    string inside the page, which the view's Content-Security-Policy (no unsafe-eval)
    forbids, while ``page.evaluate`` runs through the DevTools protocol."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        page.wait_for_timeout(50)


def _click_node(page: Any, node_id: str) -> None:
    """A real mouse click where the library draws the node."""
    x, y = page.evaluate(
        """(id) => {
            const net = window.kgView.network;
            const p = net.canvasToDOM(net.getPosition(id));
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node_id,
    )
    page.mouse.click(x, y)


def test_view_renders_nodes_and_click_shows_sentence(
    browser: Any, site: tuple[Path, str], seed_build: BuildResult, runner: Any, tmp_path: Path
) -> None:
    root, base = site
    page_file = _export_html(runner, seed_build.quads, root, "seed")
    g = project(load_graph([root / "seed.nq"]), "bipartite")
    context, page, requests, errors = _open(browser, f"{base}/{page_file.name}")
    try:
        assert page.locator("#graph canvas").count() == 1
        assert page.evaluate("window.kgView.count()") == g.number_of_nodes()
        target = find_node(g, "李某某")
        _click_node(page, target)
        _wait(page, "(id) => window.kgView.shown() === id", target)
        panel = page.locator("#panel").inner_text()
        assert "李某某" in panel
        assert "保定市公安局满城分局反诈中心组织多警种" in panel  # its source sentence
        page.fill("#search", "满城分局反诈")
        page.press("#search", "Enter")
        assert "保定市公安局满城分局反诈中心" in page.locator("#panel h2").inner_text()
        page.screenshot(path=str(tmp_path / "seed-view.png"), full_page=True)
        assert (tmp_path / "seed-view.png").stat().st_size > 10_000
        assert errors == []
        assert all(u.startswith(base) for u in requests), requests  # offline: nothing fetched
    finally:
        context.close()


def test_view_shows_document_markup_as_text(
    browser: Any, site: tuple[Path, str], runner: Any, tmp_path: Path
) -> None:
    root, base = site
    built = build_graph([Document("xss", XSS_TEXT, published=dt.date(2023, 11, 6))])
    page_file = _export_html(runner, built.quads, root, "xss", "--title", "<script>window.kgPwned=2</script>")
    g = project(load_graph([root / "xss.nq"]), "bipartite")
    context, page, _requests, errors = _open(browser, f"{base}/{page_file.name}")
    try:
        assert page.evaluate("window.kgPwned") is None
        assert page.title() == "<script>window.kgPwned=2</script>"
        assert page.locator("#panel img").count() == 0
        assert page.evaluate("(id) => window.kgView.select(id)", find_node(g, "保定市公安局"))
        panel = page.locator("#panel").inner_text()
        assert '<script>window.kgPwned=1;document.title="pwned"</script>"张某"' in panel
        assert page.evaluate("(id) => window.kgView.select(id)", find_node(g, "省委网信办"))
        assert '<img src=x onerror="window.kgPwned=3">' in page.locator("#panel").inner_text()
        assert page.locator("#panel img, #panel script").count() == 0
        assert page.evaluate("window.kgPwned") is None
        assert page.title() != "pwned"
        page.screenshot(path=str(tmp_path / "xss-view.png"))
        assert errors == []
    finally:
        context.close()


@pytest.mark.issue(10)
def test_view_event_labels_panel_figures_marks_and_exact_search(
    browser: Any, site: tuple[Path, str], seed_build: BuildResult, runner: Any
) -> None:
    """#10.11: events say what they are, the panel gives figures and dates, the node's span
    is marked in its sentence, and search prefers the exact name."""
    root, base = site
    page_file = _export_html(runner, seed_build.quads, root, "seed-events")
    g = project(load_graph([root / "seed-events.nq"]), "bipartite")
    arrest = next(n for n, a in g.nodes(data=True) if a["label"] == "抓获 31名 2020-07-08")
    context, page, _requests, errors = _open(browser, f"{base}/{page_file.name}")
    try:
        label = page.evaluate("(id) => window.kgView.nodes.get(id).label", arrest)
        assert label == "抓获 31名 2020-07-08"
        _click_node(page, arrest)
        _wait(page, "(id) => window.kgView.shown() === id", arrest)
        panel = page.locator("#panel").inner_text()
        assert "时间 when: 2020-07-08" in panel
        assert "31名(犯罪嫌疑人)" in panel or "31名" in panel
        assert "hebei-telecom-fraud-2020" in panel
        assert page.locator("#panel .sentence mark").first.inner_text() == "抓获"
        page.fill("#search", "保定市公安局")
        page.press("#search", "Enter")
        assert page.locator("#panel h2").inner_text() == "保定市公安局"  # not …满城分局反诈中心
        assert page.locator("#hits button").first.inner_text().startswith("保定市公安局 ·")
        assert errors == []
    finally:
        context.close()


@pytest.mark.issue(10)
def test_view_top_stays_connected_and_a_big_view_says_so(
    browser: Any, site: tuple[Path, str], seed_build: BuildResult, runner: Any
) -> None:
    root, base = site
    graph = root / "seed-top.nq"
    write_atomic(graph, serialize(seed_build.quads, RdfFormat.NQUADS))
    out = root / "seed-top.html"
    result = runner.invoke(cli, ["export", str(graph), "-o", str(out), "--top", "12"])
    assert result.exit_code == 0, result.output
    context, page, _requests, errors = _open(browser, f"{base}/{out.name}")
    try:
        assert page.evaluate("window.kgView.count()") == 12
        # every node kept has an edge: the picture is connected, not 12 lonely entities
        isolated = page.evaluate("""() => window.kgView.nodes.getIds().filter(id =>
            window.kgView.network.getConnectedEdges(id).length === 0).length""")
        assert isolated == 0
        assert page.locator("#notice").inner_text() == ""
        assert errors == []
    finally:
        context.close()
