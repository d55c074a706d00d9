"""Load benchmark for `brink play`: many concurrent games on one local server.

Starts the web app with uvicorn, in a process of its own, on a free loopback port (127.0.0.1
only: no other address is
ever contacted), then plays GAMES concurrent korea-2017 games of TURNS turns each through the
JSON API — each turn a seat fetches its state and sends its move — and prints the p50/p95
latency of those requests and the number of errors. Bounded: a fixed number of requests, a
timeout per request and an overall deadline; the server stops at the end.

    .venv/bin/python benchmarks/play_load.py [--games 50] [--turns 20]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
DEADLINE = 600.0  # seconds for the whole run
REQUEST_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


SERVER = (
    "import sys, uvicorn; from brink.web.app import create_app; "
    "uvicorn.run(create_app(sys.argv[1], replications=20), host=sys.argv[2], "
    "port=int(sys.argv[3]), log_level='warning')"
)


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The server in its own process (the load generator must not share its interpreter)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), HOST, str(port)])
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("play_load: the server did not start")
        time.sleep(0.1)


async def play(
    client: httpx.AsyncClient, turns: int, seed: int, latencies: list[float], errors: list[str]
) -> None:
    async def call(method: str, url: str, **kw: object) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as error:
            errors.append(f"{method} {url}: {type(error).__name__}")
            return None
        latencies.append(time.perf_counter() - started)
        if response.status_code >= 400:
            errors.append(f"{method} {url}: {response.status_code} {response.text[:80]}")
            return None
        return response

    created = await call(
        "POST",
        "/api/games",
        json={"scenario": "korea-2017", "seats": {"US": "human"}, "seed": seed},
    )
    if created is None:
        return
    game = created.json()
    gid, token = game["game_id"], game["seats"]["US"]
    for _ in range(turns):
        got = await call("GET", f"/api/games/{gid}", params={"token": token})
        if got is None:
            return
        view = got.json()
        if view["ended"]:
            return
        action = view["advisers"]["dove"]["action"] if view["advisers"] else "hold"
        moved = await call(
            "POST",
            f"/api/games/{gid}/moves",
            json={"token": token, "action": action, "turn": view["turn"] + 1},
        )
        if moved is None:
            return


async def run(base: str, games: int, turns: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=games, max_keepalive_connections=games)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(
                *(play(client, turns, seed, latencies, errors) for seed in range(games))
            ),
            timeout=DEADLINE,
        )
        return latencies, errors, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    args = parser.parse_args(argv)
    if not (1 <= args.games <= 500 and 1 <= args.turns <= 100):
        print("play_load: --games 1..500, --turns 1..100", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        server, base = start_server(Path(folder) / "load.sqlite3")
        try:
            # One warm-up game compiles (or loads) the engine's kernels before timing.
            asyncio.run(run(base, 1, 2))
            latencies, errors, elapsed = asyncio.run(run(base, args.games, args.turns))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    if not latencies:
        print("play_load: no request completed", file=sys.stderr)
        return 1
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"play_load: {args.games} concurrent games x {args.turns} turns on {HOST} "
        f"({len(latencies)} requests in {elapsed:.1f} s, {len(latencies) / elapsed:.0f}/s)"
    )
    print(
        f"  latency p50 {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
    print(f"  errors {len(errors)}")
    for line in errors[:5]:
        print(f"    {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
