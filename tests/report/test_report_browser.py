"""The report in a real browser with the network off: every chart renders, nothing is fetched.

Drives Debian's `chromium` through Playwright. The test setup installs it
(scripts/install-test-deps.sh); if it is missing the test fails, because a report that was never
opened in a browser is not known to work.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brink.report.build import CHART_IDS, build_report
from helpers import CHROMIUM_ARGS

SECTIONS = (
    "question",
    "outcomes",
    "attribution",
    "escalation",
    "casualties",
    "drivers",
    "discovery",
    "narratives",
    "inputs",
    "conditional",
)


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        pytest.fail(
            "Debian's `chromium` is not installed: run scripts/install-test-deps.sh "
            "(apt-get install chromium) before the test suite",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(report_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(
        "small", tmp_path_factory.mktemp("browser") / "report.html", str(report_run.parent)
    )


class Watched:
    """A page in a context with the network off, recording every request and console error."""

    def __init__(self, browser: Any, blocking: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("requestfailed", lambda r: self.failed.append(r.url))
        if blocking == "route":
            self.context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("file://")
                    else route.abort("internetdisconnected")
                ),
            )
        else:
            self.context.set_offline(True)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("blocking", ["route", "offline"])
def test_blocking_catches_an_external_fetch(browser: Any, tmp_path: Path, blocking: str) -> None:
    """The harness is not vacuous: a page that fetches from the web is seen and blocked."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<!DOCTYPE html><html><body><p id="x">hi</p>'
        '<img src="https://example.com/pixel.png"></body></html>'
    )
    watched = Watched(browser, blocking)
    try:
        watched.page.goto(page_file.as_uri(), wait_until="load")
        external = [u for u in watched.requests if not u.startswith("file://")]
        assert external == ["https://example.com/pixel.png"]
        assert "https://example.com/pixel.png" in watched.failed
        loaded = watched.page.evaluate("document.querySelector('img').naturalWidth")
        assert loaded == 0
    finally:
        watched.close()


@pytest.mark.parametrize("blocking", ["route", "offline"])
def test_every_chart_renders_offline(browser: Any, report_file: Path, blocking: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    watched = Watched(browser, blocking)
    try:
        page = watched.page
        page.goto(report_file.as_uri(), wait_until="load")
        try:
            page.wait_for_selector("body[data-charts-drawn]", state="attached", timeout=30_000)
        except PlaywrightTimeout:
            pytest.fail(
                f"the charts never finished drawing; requests: {watched.requests}; "
                f"failed: {watched.failed}; console errors: {watched.errors}",
                pytrace=False,
            )

        # Nothing but the file itself was requested; no errors were logged.
        assert watched.requests == [report_file.as_uri()]
        assert watched.failed == []
        assert watched.errors == []

        # Every chart rendered: as many plots as the report declares, each with its SVG.
        assert page.get_attribute("body", "data-charts-drawn") == str(len(CHART_IDS))
        assert page.locator("script.chart-spec").count() == len(CHART_IDS)
        assert page.locator(".js-plotly-plot").count() == len(CHART_IDS)
        for chart in CHART_IDS:
            state = page.evaluate(
                """(id) => {
                    const el = document.getElementById(id);
                    const svg = el && el.querySelector('svg.main-svg');
                    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                    return {
                        plotly: !!el && el.classList.contains('js-plotly-plot'),
                        traces: el && el.data ? el.data.length : 0,
                        marks: el ? Array.from(el.querySelectorAll('g.trace path')).filter(
                            (p) => (p.getAttribute('d') || '').length > 10).length : 0,
                        width: box.width, height: box.height,
                    };
                }""",
                chart,
            )
            assert state["plotly"], chart
            assert state["traces"] > 0 and state["marks"] > 0, (chart, state)
            assert state["width"] > 300 and state["height"] > 200, (chart, state)

        # The text sections are there and say something.
        for section in SECTIONS:
            text = page.locator(f"section#{section}").inner_text()
            assert len(text) > 150, section
        assert page.locator("details.narrative").count() == 3
        assert page.locator("#conditional dt").count() >= 10
        assert "sha256" in page.locator("#conditional").inner_text()
        assert page.locator("table.inputs tbody tr").count() > 50
    finally:
        watched.close()
