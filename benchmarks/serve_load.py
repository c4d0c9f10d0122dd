"""Load on a local ``rulescore serve``: requests per second and latency percentiles.

Starts the service on a free loopback port (2 worker processes, as on the 2-core machine),
then sends a bounded number of concurrent requests (POST /evaluate and POST /explain of
the example household, alternating) and stops by itself. Traffic goes to 127.0.0.1 only.
Appends one line per concurrency level to benchmarks/results.txt.

    python benchmarks/serve_load.py [--requests 400] [--concurrency 1,4,8]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx2
import uvicorn

from rulescore.plugins import load_program
from rulescore.server.app import create_app
from rulescore.server.workers import Workers

ROOT = Path(__file__).resolve().parent.parent
BODY = (ROOT / "examples" / "huishouden.json").read_bytes()
PATHS = ("/evaluate", "/explain?naam=zorgtoeslag.zorgtoeslag&persoon=ruben&diepte=3")


def start(workers: Workers) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(workers, load_program()), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


async def load(base: str, requests: int, concurrency: int, deadline: float):
    latencies, errors = [], 0
    queue = iter(range(requests))

    async def one(client):
        nonlocal errors
        for i in queue:
            if time.monotonic() > deadline:
                return
            t = time.perf_counter()
            r = await client.post(base + PATHS[i % 2], content=BODY,
                                  headers={"Content-Type": "application/json"})
            latencies.append(time.perf_counter() - t)
            errors += r.status_code != 200

    async with httpx2.AsyncClient(timeout=60) as client:
        await client.post(base + PATHS[0], content=BODY)  # warm: the workers loaded
        t = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(concurrency)))
        wall = time.perf_counter() - t
    return latencies, errors, wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", default="1,4,8")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    workers = Workers(args.workers, 30)
    server, thread, base = start(workers)
    lines = []
    try:
        for c in (int(x) for x in args.concurrency.split(",")):
            lat, errors, wall = asyncio.run(load(base, args.requests, c, time.monotonic() + 120))
            q = statistics.quantiles(lat, n=100)
            lines.append(
                f"serve {dt.date.today()} {args.workers} workers, concurrency {c:2d}: "
                f"{len(lat)} requests (evaluate/explain alternating) in {wall:.2f} s = "
                f"{len(lat) / wall:.0f} req/s; latency p50 {q[49] * 1000:.1f} ms, "
                f"p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms; {errors} errors")
            print(lines[-1])
    finally:
        server.should_exit = True
        thread.join(10)
        workers.close()
    with open(ROOT / "benchmarks" / "results.txt", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
