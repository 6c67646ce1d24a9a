"""Start the processes of several machines on one, on loopback, and stop them cleanly.

    DATABASE_URL=postgres://… SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 CMS_BASE_URL=http://127.0.0.1:6081 \\
    python deploy/topology.py --logs var/topology --web-port 8001 --web-port 8002 --workers 3 \\
        --redis-port 6390 --varnish-port 6081

What it starts, in order: Redis (``--redis-port``, the shared cache, ``CMS_CACHE_URL``),
the ``release`` command of ``deploy/Procfile`` (unless ``--no-release``), one ``web``
process per ``--web-port``, Varnish in front of them (``--varnish-port``,
``deploy/varnish/default.vcl`` with a round-robin over them; the CMS purges it,
``CMS_FRONTEND_CACHE=varnish``), and ``--workers`` ``worker`` processes. The commands are
read from ``deploy/Procfile``, so what runs here is what a Procfile runner or the systemd
units run in production. Everything else comes from the environment
(docs/operations.md); PostgreSQL must already run: several machines share one database,
which SQLite cannot be.

Each process writes to ``<logs>/<name>.log``. Once everything answers, the addresses and
process ids are written to ``<logs>/topology.json`` and ``ready`` is printed. On SIGTERM or
SIGINT everything is stopped in reverse order (the workers first, while the Varnish they
purge still runs; then Varnish, so no reader reaches a stopping web process; Redis last),
each process asked to finish what it is doing; the exit status is 0 when every process
stopped cleanly. If any process exits on its own, the rest are stopped and the exit
status is 1: a supervisor (systemd) restarts processes in production, this script does
not hide a crash.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "deploy" / "Procfile"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
START_TIMEOUT_SECONDS = 60
# A worker finishes the task in hand and gunicorn the requests in flight before exiting.
STOP_TIMEOUT_SECONDS = 60
PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def read_procfile(path: Path = PROCFILE) -> dict[str, str]:
    """The Procfile's ``name: command`` lines, as Procfile runners read them (others,
    such as comments, are ignored)."""
    commands: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PROCFILE_LINE.match(line.strip())
        if match:
            commands[match.group(1)] = match.group(2)
    return commands


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: IO[bytes]
    # What makes it stop without losing work: TERM for every process used here.
    stop_signal: int = signal.SIGTERM


@dataclass
class Topology:
    """The processes of one topology; ``start()`` starts them, ``stop()`` stops them."""

    logs: Path
    web_ports: list[int]
    workers: int
    redis_port: int | None = None
    varnish_port: int | None = None
    release: bool = True
    vcl: Path = VCL
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    processes: list[Process] = field(default_factory=list)

    # --- the environment every process of the CMS gets ------------------------------

    def app_env(self) -> dict[str, str]:
        env = dict(self.environ)
        # The virtualenv this script runs in provides python, gunicorn and the CMS's
        # dependencies, as an activated virtualenv would.
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', os.defpath)}"
        env["PYTHONUNBUFFERED"] = "1"
        if self.redis_port is not None:
            env["CMS_CACHE_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        if self.varnish_port is not None:
            # Every publish purges what it changed from the Varnish in front.
            env["CMS_FRONTEND_CACHE"] = "varnish"
            env["CMS_FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{self.varnish_port}"
        return env

    def check(self) -> None:
        database_url = self.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise SystemExit(
                "deploy/topology.py runs several machines' processes on one database: set DATABASE_URL to a "
                "PostgreSQL database (postgres://user:password@host:port/name); SQLite is for one machine."
            )
        if not self.web_ports:
            raise SystemExit("deploy/topology.py needs at least one --web-port.")

    # --- starting ---------------------------------------------------------------------

    def start(self) -> None:
        self.check()
        self.logs.mkdir(parents=True, exist_ok=True)
        commands = read_procfile()
        try:
            if self.redis_port is not None:
                self._start_redis()
            if self.release:
                self._run_release(commands["release"])
            for number, port in enumerate(self.web_ports, start=1):
                env = {**self.app_env(), "GUNICORN_BIND": f"127.0.0.1:{port}"}
                self._spawn(f"web.{number}", ["sh", "-c", f"exec {commands['web']}"], env)
            for port in self.web_ports:
                self._wait_http(f"http://127.0.0.1:{port}/healthz", f"the web process on port {port}")
            if self.varnish_port is not None:
                self._start_varnish()
            # Last, so that their first purges reach Varnish; stopped first, so that their
            # last ones do too.
            for number in range(1, self.workers + 1):
                self._spawn(f"worker.{number}", ["sh", "-c", f"exec {commands['worker']}"], self.app_env())
            self._write_state()
        except BaseException:
            self.stop()
            raise

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> Process:
        log = (self.logs / f"{name}.log").open("ab")
        popen = subprocess.Popen(  # noqa: S603 - the Procfile's commands and the services named here
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            # Its own session: a Ctrl+C in the terminal reaches this script only, which
            # then stops the processes in order.
            start_new_session=True,
        )  # fmt: skip
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def _run_release(self, command: str) -> None:
        with (self.logs / "release.log").open("ab") as log:
            result = subprocess.run(  # noqa: S603 - the Procfile's release command
                ["sh", "-c", command],  # noqa: S607 - the system's sh, as Procfile runners use
                cwd=ROOT,
                env=self.app_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode != 0:
            raise SystemExit(f"The release command failed ({result.returncode}); see {self.logs / 'release.log'}")

    def _start_redis(self) -> None:
        port = self.redis_port
        assert port is not None
        self._spawn(
            "redis",
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.logs)],
            self.environ,
        )  # fmt: skip
        self._wait(lambda: _redis_answers(port), f"Redis on port {port}")

    def varnish_vcl(self) -> str:
        """The shipped VCL behind a round-robin over the web processes: this file's
        ``vcl_recv`` runs before the shipped one's (Varnish joins subroutines of one name
        in the order they appear), so only the choice of backend is added."""
        backends = "".join(
            f'backend web{n} {{ .host = "127.0.0.1"; .port = "{port}"; }}\n'
            for n, port in enumerate(self.web_ports, start=1)
        )
        adds = "".join(f"    web.add_backend(web{n});\n" for n in range(1, len(self.web_ports) + 1))
        return (
            "vcl 4.1;\nimport directors;\n"
            f"{backends}"
            f"sub vcl_init {{\n    new web = directors.round_robin();\n{adds}}}\n"
            "sub vcl_recv {\n    set req.backend_hint = web.backend();\n}\n"
            f'include "{self.vcl}";\n'
        )

    def _start_varnish(self) -> None:
        port = self.varnish_port
        assert port is not None
        if not self.vcl.exists():
            raise SystemExit(f"No Varnish configuration at {self.vcl}")
        workdir = self.logs / "varnish"
        workdir.mkdir(exist_ok=True)
        vcl = workdir / "topology.vcl"
        vcl.write_text(self.varnish_vcl(), encoding="utf-8")
        self._spawn(
            "varnish",
            ["varnishd", "-F", "-n", str(workdir), "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,64m",
             "-T", "127.0.0.1:0",
             # No privilege separation: run as root it would otherwise switch to the
             # varnish user, which cannot read a private logs folder. A production Varnish
             # runs as its package's service, not from here.
             "-j", "none"],
            self.environ,
        )  # fmt: skip
        self._wait_http(f"http://127.0.0.1:{port}/healthz", f"Varnish on port {port}")

    def _wait(self, answers: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if answers():
                return
            exited = self.exited()
            if exited:
                raise SystemExit(f"{exited[0].name} exited at start; see {self.logs / (exited[0].name + '.log')}")
            time.sleep(0.2)
        raise SystemExit(f"{what} did not answer within {START_TIMEOUT_SECONDS} s")

    def _wait_http(self, url: str, what: str) -> None:
        self._wait(lambda: _http_ok(url), what)

    def _write_state(self) -> None:
        state = {
            "web": [f"http://127.0.0.1:{port}" for port in self.web_ports],
            "varnish": f"http://127.0.0.1:{self.varnish_port}" if self.varnish_port is not None else None,
            "varnish_workdir": str(self.logs / "varnish") if self.varnish_port is not None else None,
            "redis": f"redis://127.0.0.1:{self.redis_port}/0" if self.redis_port is not None else None,
            "processes": {process.name: process.popen.pid for process in self.processes},
        }
        (self.logs / "topology.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    # --- running and stopping ---------------------------------------------------------

    def exited(self) -> list[Process]:
        return [process for process in self.processes if process.popen.poll() is not None]

    def stop(self) -> bool:
        """Stop every process, last started first; True when each exited cleanly
        (status 0, or the stop signal's own status) within the timeout."""
        clean = True
        for process in reversed(self.processes):
            if process.popen.poll() is None:
                process.popen.send_signal(process.stop_signal)
                try:
                    process.popen.wait(timeout=STOP_TIMEOUT_SECONDS)
                except subprocess.TimeoutExpired:
                    print(f"{process.name} did not stop within {STOP_TIMEOUT_SECONDS} s: killed", file=sys.stderr)
                    process.popen.kill()
                    process.popen.wait()
                    clean = False
            if process.popen.returncode not in (0, -process.stop_signal):
                print(f"{process.name} exited with status {process.popen.returncode}", file=sys.stderr)
                clean = False
            process.log.close()
        self.processes.clear()
        return clean


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http://127.0.0.1 only
            return bool(response.status == 200)  # noqa: PLR2004
    except (OSError, urllib.error.URLError):
        return False


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--logs", type=Path, required=True, help="Folder for each process's log and topology.json.")
    parser.add_argument("--web-port", type=int, action="append", default=[], help="A web process's port (repeat).")
    parser.add_argument("--workers", type=int, default=3, help="How many task workers (default 3).")
    parser.add_argument("--redis-port", type=int, help="Start Redis on this port as the shared cache.")
    parser.add_argument("--varnish-port", type=int, help="Start Varnish on this port in front of the web processes.")
    parser.add_argument("--no-release", action="store_true", help="Skip the Procfile's release command.")
    options = parser.parse_args(argv)
    topology = Topology(
        logs=options.logs.resolve(),
        web_ports=options.web_port,
        workers=options.workers,
        redis_port=options.redis_port,
        varnish_port=options.varnish_port,
        release=not options.no_release,
    )

    stopping = threading.Event()

    def ask_to_stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, ask_to_stop)
    signal.signal(signal.SIGINT, ask_to_stop)
    topology.start()
    print("ready", json.dumps({"state": str(topology.logs / "topology.json")}), flush=True)
    crashed: list[Process] = []
    while not stopping.wait(0.5):
        crashed = topology.exited()
        if crashed:
            names = ", ".join(f"{p.name} (status {p.popen.returncode})" for p in crashed)
            print(f"exited on its own: {names}; stopping the rest", file=sys.stderr, flush=True)
            break
    clean = topology.stop()
    print("stopped" if clean and not crashed else "stopped, not cleanly", flush=True)
    return 0 if clean and not crashed else 1


if __name__ == "__main__":
    sys.exit(main())
