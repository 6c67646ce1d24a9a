"""Real processes for tests that must see what production sees: a file database, the
production settings, `manage.py` commands, gunicorn and `db_worker` on loopback."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(folder: Path, port: int, **extra: str) -> dict[str, str]:
    """Production settings on a file database in ``folder``, served on ``port``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CMS_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="site_cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CMS_BASE_URL=f"http://127.0.0.1:{port}",
        CMS_VAR_DIR=str(folder),
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # Nothing collected: plain static names (a test that runs collectstatic turns this on).
        CMS_STATIC_MANIFEST="0",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start(env: dict[str, str], *args: str, cwd: Path = ROOT, log: Path | None = None) -> subprocess.Popen[bytes]:
    """``args`` run in ``cwd``: the project's code there is imported (``manage.py`` and
    gunicorn put their directory first on the path), so another copy is another release.
    Their output is appended to ``log``, or discarded."""
    if log is None:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with log.open("ab") as out:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)


def start_gunicorn(
    env: dict[str, str], port: int, workers: int = 2, cwd: Path = ROOT, log: Path | None = None
) -> subprocess.Popen[bytes]:
    server = start(
        env,
        GUNICORN,
        "site_cms.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "error",
        cwd=cwd,
        log=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise AssertionError("gunicorn exited at start") from None
            time.sleep(0.2)
    stop(server)
    raise AssertionError("gunicorn did not start in 30 s")


def start_worker(env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    return start(
        env, PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", cwd=cwd
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, timeout: float = 30, interval: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout} s waiting for {condition}")


REDIS_SERVER = "redis-server"


class RedisServer:
    """A throwaway redis-server on a loopback port, which a test may stop (an outage) and
    start again on the same port; ``url`` is what ``CMS_CACHE_URL`` takes."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = start_redis(self.port)

    def start(self) -> None:
        if self.process.poll() is not None:
            self.process = start_redis(self.port)

    def stop(self) -> None:
        stop(self.process)

    def keys(self, pattern: str = "*") -> list[str]:
        """The keys stored now that match ``pattern`` (Django's keys read ``:1:<key>``)."""
        import redis

        with redis.Redis.from_url(self.url) as client:
            return sorted(key.decode() for key in client.keys(pattern))


def start_redis(port: int) -> subprocess.Popen[bytes]:
    """A throwaway redis-server on loopback ``port``: nothing saved to disk, stopped with
    ``stop``; returns once it answers PING."""
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"redis-server exited at start with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return server
        except OSError:
            pass
        time.sleep(0.05)
    stop(server)
    raise AssertionError("redis-server did not answer in 10 s")
