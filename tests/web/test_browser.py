"""Brink play in a real browser: Debian's Chromium driven by Playwright.

A whole korea-2017 game played as the US, from the start page to the debrief (replay, fork,
exports), and a two-seat game with a white cell firing an inject that the players then see.
Screenshots are kept as test artefacts in ``build/test-artifacts/play/`` (or
``$BRINK_TEST_ARTIFACTS``); docs/play.md shows some of them. Every request the pages make must
go to the local server (no CDN), and no page may log a console error.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brink.web.app import create_app
from helpers import CHROMIUM_ARGS
from web.conftest import REPLICATIONS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = (
    Path(os.environ.get("BRINK_TEST_ARTIFACTS") or ROOT / "build" / "test-artifacts") / "play"
)


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        pytest.fail(
            "Debian's `chromium` is not installed: run scripts/install-test-deps.sh",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server on a free loopback port, in a thread of this process."""
    import uvicorn

    app = create_app(tmp_path_factory.mktemp("play") / "play.sqlite3", replications=REPLICATIONS)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Person:
    """One browser context (its own cookies): a player or the white cell."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1100, "height": 800})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:")) else self.foreign.append(r.url),
        )
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def shot(self, name: str, at: str | None = None) -> None:
        """A screenshot of the viewport (scrolled to ``at`` first, when given)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if at is not None:
            self.page.eval_on_selector(at, "e => e.scrollIntoView()")
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)

    def clean(self) -> None:
        assert self.foreign == [], self.foreign
        assert self.errors == [], self.errors
        self.context.close()


def test_a_whole_korea_game_as_the_us(server: str, browser: Any) -> None:
    me = Person(browser, server)
    page = me.page
    page.goto(server + "/")
    page.click("#create-korea-2017")
    page.wait_for_selector(".join-link[data-actor=US]")
    me.shot("01-join-codes")
    page.click(".join-link[data-actor=US]")
    page.click("#join")
    page.wait_for_selector("#adviser-hawk")
    me.shot("02-briefing-and-first-turn")
    page.click("#opt-rhetoric")
    page.click("#submit-move")
    page.wait_for_selector("text=Week 2")
    assert "issues threats and warnings" in page.inner_text(".history")
    me.shot("03-second-turn", "#panel")
    turns = 1
    while page.query_selector("#open-debrief") is None:
        assert turns < 60
        page.click("#follow-dove")
        page.wait_for_load_state("domcontentloaded")
        turns += 1
    page.click("#open-debrief")
    page.wait_for_selector("svg.chart")
    assert "Truth and perception" in page.content()
    me.shot("04-debrief")
    page.click("#replay-next")
    page.wait_for_selector("#replay[data-turn='1']")
    page.click("#replay-next")
    page.wait_for_selector("#replay[data-turn='2']")
    page.locator("#replay-card").screenshot(path=str(ARTIFACTS / "05-replay.png"))
    with page.expect_download() as download:
        page.click("#export-csv")
    assert download.value.suggested_filename.endswith(".csv")
    page.click("#fork")
    page.wait_for_selector("#turn-title")
    assert "Week 3" in page.inner_text("#turn-title")
    me.clean()


def test_two_seats_and_a_white_cell_firing_an_inject(server: str, browser: Any) -> None:
    boss = Person(browser, server)
    boss.page.goto(server + "/")
    boss.page.check("form.create input[name='seat:DPRK']")
    boss.page.click("#create-korea-2017")
    boss.page.wait_for_selector(".join-link[data-actor=DPRK]")
    links = {
        actor: boss.page.get_attribute(f".join-link[data-actor={actor}]", "href")
        for actor in ("US", "DPRK")
    }
    players = {actor: Person(browser, server) for actor in links}
    for actor, person in players.items():
        person.page.goto(links[actor])
        person.page.click("#join")
        person.page.wait_for_selector("#submit-move")
    boss.page.click("#open-white-cell")
    boss.page.wait_for_selector("#deck-select")
    boss.page.select_option("#deck-select", "icbm-test")
    boss.page.fill("#deck-form input[name=reason]", "test the alliance's nerve")
    boss.page.click("#fire-deck")
    boss.page.wait_for_selector("text=Fired for the coming turn")
    boss.shot("06-white-cell")
    dprk = players["DPRK"].page
    dprk.wait_for_selector("text=The white cell has fixed your move")  # live update
    assert "ICBM" in dprk.inner_text(".news")
    players["DPRK"].shot("07-seat-after-inject", "#panel")
    us = players["US"].page
    us.wait_for_selector("text=an ICBM")
    us.click("#opt-sanctions")
    us.click("#submit-move")
    us.wait_for_selector("text=Week 2")
    dprk.wait_for_selector("text=Week 2")
    assert "tests a ballistic missile" in dprk.inner_text(".history")
    assert "fixed by the white cell" in dprk.inner_text(".history")
    boss.page.wait_for_selector("text=DPRK: missile-test")
    boss.page.click("#pause-toggle")
    us.wait_for_selector("text=paused")
    for person in (boss, *players.values()):
        person.clean()
