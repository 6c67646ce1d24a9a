"""The load half of `make bench`: gunicorn on loopback, wrk against it, interleaved rounds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
# Two probes at once both answering within this are workers with nothing queued.
IDLE_PROBE_SECONDS = 0.05


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(
            "wrk is not installed: `sudo apt-get install wrk` (Debian/Ubuntu), then run `make bench` again."
        )
    return found


def wrk_version() -> str:
    run = subprocess.run([wrk_path(), "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return (run.stdout or run.stderr).splitlines()[0].strip()


@dataclass
class Endpoint:
    key: str
    label: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200
    # A slow endpoint gets a longer window (x this), so that it completes enough requests.
    window: int = 1


class Server:
    """gunicorn with the bench settings: ``workers`` sync workers on 127.0.0.1:``port``."""

    def __init__(self, port: int, workers: int, log: Path) -> None:
        self.port, self.workers, self.log = port, workers, log
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                [
                    gunicorn,
                    "site_cms.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.url("/bench/empty/"), timeout=30):  # noqa: S310 - loopback
                    return self
            except OSError:  # refused while gunicorn binds, or a timeout while a worker boots
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_memory_kib(self) -> dict[str, int]:
        """Peak resident set (VmHWM) of the master and each worker, read before they stop."""
        assert self.process is not None
        peaks = {}
        for role, pid in [("master", self.process.pid), *(("worker", pid) for pid in self.worker_pids())]:
            status = Path(f"/proc/{pid}/status")
            if not status.exists():
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[f"{role} {pid}"] = int(line.split()[1])
        return peaks

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def run_wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, Any]:
    command = [wrk_path(), "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    run = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    line = next(line for line in run.stdout.splitlines() if line.startswith("BENCH_JSON "))
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    data["req_s"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(value for key, value in data.items() if key.startswith("errors_"))
    return data


def drain(server: Server, limit: float = 30.0) -> float:
    """Wait until both workers are idle again: wrk stops sending when its time is up, but
    requests already sent (a slow sitemap) still hold the workers, and would be counted
    against the next endpoint. Idle means two probes at once both answer quickly."""
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        while time.monotonic() - started < limit:
            probe = time.monotonic()
            list(pool.map(lambda _: fetch(server.url("/bench/empty/")), range(2)))
            if time.monotonic() - probe < IDLE_PROBE_SECONDS:
                break
    return time.monotonic() - started


def check(server: Server, endpoint: Endpoint) -> None:
    status, _, body = fetch(server.url(endpoint.path), endpoint.headers)
    if status != endpoint.expect:
        raise SystemExit(f"{endpoint.path} answered {status}, not {endpoint.expect}: {body[:300]!r}")


def interleaved(
    server: Server, endpoints: list[Endpoint], *, rounds: int, seconds: int, connections: int, warmup: int
) -> list[dict[str, Any]]:
    """Every endpoint once per round, rounds one after another, so a drift of the machine
    (another process, CPU clock) spreads over all endpoints instead of hitting one."""
    for endpoint in endpoints:
        check(server, endpoint)
        run_wrk(server.url(endpoint.path), seconds=warmup, connections=connections, headers=endpoint.headers)
        drain(server)
    samples: dict[str, list[dict[str, Any]]] = {endpoint.key: [] for endpoint in endpoints}
    for number in range(rounds):
        for endpoint in endpoints:
            result = run_wrk(
                server.url(endpoint.path),
                seconds=seconds * endpoint.window,
                connections=connections,
                headers=endpoint.headers,
            )
            result["drain_seconds"] = drain(server)
            samples[endpoint.key].append(result)
            print(
                f"  round {number + 1}/{rounds} {endpoint.label:<44} {result['req_s']:8.1f} req/s"
                f"  p50 {result['p50_us'] / 1000:7.2f} ms  p99 {result['p99_us'] / 1000:7.2f} ms",
                flush=True,
            )
    results = []
    for endpoint in endpoints:
        runs = samples[endpoint.key]
        results.append(
            {
                "key": endpoint.key,
                "label": endpoint.label,
                "path": endpoint.path,
                "headers": endpoint.headers,
                # The median round; the latencies are the medians of each round's percentiles.
                "req_s": statistics.median(run["req_s"] for run in runs),
                "p50_ms": statistics.median(run["p50_us"] for run in runs) / 1000,
                "p95_ms": statistics.median(run["p95_us"] for run in runs) / 1000,
                "p99_ms": statistics.median(run["p99_us"] for run in runs) / 1000,
                "errors": sum(run["errors"] for run in runs),
                "requests": sum(run["requests"] for run in runs),
                "rounds": runs,
            }
        )
    return results


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
