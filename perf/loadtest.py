"""perf's one load generator, its one server runner and the pages they request: for the load
and outage drills (docs/reliability.md) and the benchmark's requests per second
(docs/benchmarks.md).

The generator keeps ``connections`` HTTP/1.1 keep-alive connections busy on loopback with GET
requests for a bounded time and count, timing each request; it is plain asyncio so it needs
nothing installed and measures exactly what the drills report (status counts, percentiles).
The pages come from ``perf.benchmark.sample_urls``, the one URL sampler.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .benchmark import sample_urls

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    connections: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    statuses: Counter = field(default_factory=Counter)  # status code, or "socket error"
    failures: Counter = field(default_factory=Counter)  # path -> failed requests
    timeline: list[tuple[float, int | str]] = field(default_factory=list)  # (since start, status)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200)

    def percentile(self, share: float) -> float:
        """The latency below which ``share`` of the successful requests fell (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

    def summary(self) -> dict:
        ms = 1000
        return {
            "connections": self.connections,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(self.percentile(0.50) * ms, 1),
            "p90_ms": round(self.percentile(0.90) * ms, 1),
            "p99_ms": round(self.percentile(0.99) * ms, 1),
            "max_ms": round(max(self.latencies, default=float("nan")) * ms, 1),
        }


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the server will close the connection."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    status = int(status_line.split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()  # the body runs to the end of the connection
        return status, True
    return status, headers.get("connection", "").lower() == "close"


async def _client(host, port, paths, start, deadline, result, budget, load_began):
    position, connection = start, None
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        path = paths[position % len(paths)]
        position += 1
        began = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.open_connection(host, port)
            reader, writer = connection
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
            )
            status, closing = await asyncio.wait_for(_read_response(reader), timeout=60)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            result.statuses["socket error"] += 1
            result.failures[path] += 1
            result.timeline.append((time.perf_counter() - load_began, "socket error"))
            if connection is not None:
                connection[1].close()
            connection = None
            continue
        result.statuses[status] += 1
        result.timeline.append((time.perf_counter() - load_began, status))
        if status == 200:
            result.latencies.append(time.perf_counter() - began)
        else:
            result.failures[path] += 1
        if closing:
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


def run_load(
    base_url: str,
    paths: list[str],
    *,
    connections: int = 64,
    seconds: float = 10,
    max_requests: int = 1_000_000,
) -> LoadResult:
    """Keep ``connections`` connections busy for ``seconds`` (or ``max_requests`` requests)."""
    host, _, port = base_url.removeprefix("http://").rstrip("/").partition(":")
    result = LoadResult(connections, 0.0)
    budget = [max_requests]

    async def main():
        began = time.perf_counter()
        deadline = began + seconds
        await asyncio.gather(
            *(
                _client(host, int(port or 80), paths, n * 7, deadline, result, budget, began)
                for n in range(connections)
            )
        )
        result.seconds = time.perf_counter() - began

    # In a thread of its own: the caller's thread may already run an event loop.
    runner = threading.Thread(target=asyncio.run, args=(main(),))
    runner.start()
    runner.join()
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 3,
    threads: int | None = 8,
    log: Path | None = None,
    timeout: int | None = None,
    ready: str = "/authorities/",
):
    """gunicorn serving the site on a free loopback port; yields its base URL and process.

    ``threads`` threads a worker (``gthread``), or None for gunicorn's sync workers (one request
    at a time, the connection closed after each); ``timeout`` the seconds a worker may take over
    a request (gunicorn's default, 30, if None); ``ready`` the path that must answer before it
    is handed over. ``env`` chooses the settings and the database.
    """
    port = free_port()
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ofsted_kb.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "256",
    ]
    if threads is not None:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + ready, process)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            output.close()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until ``url`` answers, with anything; raises if the server exits or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers, if only with an error: the caller's requests will say
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url} within {seconds} s")


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like server process (DEBUG off) on ``database_url``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ofsted_kb.settings",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("SECRET_KEY", "load-test-only-" + "x" * 40)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in a server
    env.update(extra)
    return env


def site_paths(limit: int = 20) -> list[str]:
    """Every page ``sample_urls`` draws from the database the caller is connected to, in one
    list (up to ``limit`` of each kind): what the drills request."""
    return [url for urls in sample_urls(limit).values() for url in urls]
