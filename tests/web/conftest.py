"""Fixtures for the web app's tests: an app on a fresh SQLite file, clients, game drivers."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from brink.web.app import create_app  # noqa: E402

#: Replications per doctrine in the debrief's distributions (small: tests stay quick).
REPLICATIONS = 16


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "play.sqlite3"


@pytest.fixture
def app(db: Path):  # type: ignore[no-untyped-def]
    application = create_app(db, replications=REPLICATIONS)
    yield application
    application.state.store.close()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c
