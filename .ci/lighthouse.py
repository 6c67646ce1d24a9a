"""Lighthouse 12 on the pages readers land on, served as production serves them.

gunicorn on loopback with the production settings, the static files collected (WhiteNoise
serves them hashed and compressed), a file database loaded with the seed content. Lighthouse
(``make lighthouse`` installs the npm package into var/lighthouse/) drives Debian's Chromium
(``CHROME_PATH``, /usr/bin/chromium unless set) on its mobile preset with its default
throttling, ``LIGHTHOUSE_RUNS`` times a page (3 unless set): the median run by performance
counts, as Lighthouse's authors advise, because only performance moves with the machine's load.

Writes var/lighthouse/scores.json and var/lighthouse/summary.md (and every run's JSON and
HTML report under var/lighthouse/reports/), prints the summary and exits 1 when a page misses
a target, naming the audits that cost it points.
"""

from __future__ import annotations

import http.server
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "lighthouse"
LIGHTHOUSE = OUT / "node_modules" / ".bin" / "lighthouse"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# The seed article in every language, the home page, the article index and the enquiry form.
PAGES = {
    "article-en": "/en/articles/how-immunotherapy-targets-cancer-cells/",
    "article-ms": "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/",
    "article-zh-hans": "/zh-hans/articles/how-immunotherapy-targets-cancer-cells/",
    "home": "/en/",
    "index": "/en/articles/",
    "form": "/en/liquid-biopsy-enquiry/",
}
# Lighthouse's scores are 0..1; the targets are in the 0..100 it shows.
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
FULL_SCORE = 100  # a target below it is a floor ("≥ 90"); at it, the score itself
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
RUN_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(work: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CMS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="site_cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        CMS_BASE_URL=f"http://127.0.0.1:{port}",
        CMS_VAR_DIR=str(work),
        CMS_STATIC_ROOT=str(work / "static"),
        # The seed's pages are rendered as they are published: no worker to wait for.
        CMS_TASKS_IMMEDIATE="1",
        CMS_LOG_LEVEL="WARNING",
        # Plain HTTP on loopback: no redirect to HTTPS (production's default).
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn, its log in ``log`` (a "Not Found: /robots.txt" for each run, Lighthouse asks)."""
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - gunicorn from our virtualenv
            [GUNICORN, "site_cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn exited at start:\n{log.read_text(encoding='utf-8', errors='replace')}")
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 30 s")


# Lighthouse loads a blank page before the page it measures, and traces from there. From its default
# about:blank, Chromium loads the page in a new renderer process, which can finish a small page
# (the enquiry form: no script, a few KB on loopback) before tracing reaches it: the run fails with
# NO_NAVSTART (about one run in ten there). A blank page of the same site (127.0.0.1, on its own port)
# keeps the page in the process that is already traced. Should a run still record no page load, it
# measured nothing and is tried again; a missed target never is.
ATTEMPTS = 3
BLANK_PAGE = b'<!doctype html><html lang="en"><title>blank</title><link rel="icon" href="data:,"></html>'


class _BlankPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BLANK_PAGE)))
        self.end_headers()
        self.wfile.write(BLANK_PAGE)

    def log_message(self, *_args: object) -> None:
        """Quiet: the run's output is the scores."""


def serve_blank_page() -> http.server.ThreadingHTTPServer:
    """The page Lighthouse starts each run from, on loopback beside gunicorn."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BlankPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_config(blank_url: str) -> Path:
    """Lighthouse's default configuration (the mobile preset), starting from ``blank_url``."""
    config = OUT / "config.json"
    config.write_text(
        json.dumps({"extends": "lighthouse:default", "settings": {"blankPage": blank_url}}, indent=2) + "\n",
        encoding="utf-8",
    )
    return config


def lighthouse(url: str, report: Path, chrome: str, config: Path) -> dict[str, Any]:
    """One Lighthouse measurement of ``url``: its JSON and HTML reports at ``report``.report.*,
    the JSON parsed."""
    failure = ""
    for _attempt in range(ATTEMPTS):
        data, failure = _run_once(url, report, chrome, config)
        if data is not None:
            return data
        # On standard error: CI shows it, and keeps standard output for the summary.
        print(f"Lighthouse could not measure {url}, trying again: {failure.strip()[:300]}", file=sys.stderr, flush=True)
    sys.exit(f"Lighthouse failed on {url} {ATTEMPTS} times:\n{failure}")


def _run_once(url: str, report: Path, chrome: str, config: Path) -> tuple[dict[str, Any] | None, str]:
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(  # noqa: S603 - the pinned Lighthouse from var/lighthouse
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output=html",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--config-path={config}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    data_file = report.with_name(report.name + ".report.json")
    if result.returncode != 0 or not data_file.exists():
        return None, f"(exit {result.returncode})\n{result.stdout}\n{result.stderr}"
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        return None, str(data["runtimeError"])
    return data, ""


def scores(data: dict[str, Any]) -> dict[str, int]:
    return {name: round(category["score"] * 100) for name, category in data["categories"].items()}


def losses(data: dict[str, Any], category: str) -> list[dict[str, Any]]:
    """The audits of ``category`` that count towards its score and did not pass."""
    found = []
    for ref in data["categories"][category]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            found.append(
                {
                    "id": ref["id"],
                    "title": audit["title"],
                    "score": audit["score"],
                    "value": audit.get("displayValue", ""),
                }
            )
    return found


def measure(base: str, runs: int, chrome: str, config: Path) -> list[dict[str, Any]]:
    reports = OUT / "reports"
    results = []
    for name, path in PAGES.items():
        measured = []
        for run in range(1, runs + 1):
            report = reports / f"{name}-{run}"
            measured.append((report, lighthouse(base + path, report, chrome, config)))
        # The median by performance (the other categories do not change between runs).
        measured.sort(key=lambda item: item[1]["categories"]["performance"]["score"])
        report, median = measured[len(measured) // 2]
        page_scores = scores(median)
        missed = {category: target for category, target in TARGETS.items() if page_scores[category] < target}
        results.append(
            {
                "page": name,
                "path": path,
                "scores": page_scores,
                "performance_runs": sorted(scores(data)["performance"] for _report, data in measured),
                "missed": missed,
                "losses": {category: losses(median, category) for category in TARGETS if losses(median, category)},
                "report": str(report.with_name(report.name + ".report.html").relative_to(ROOT)),
            }
        )
        print(f"{name}: {page_scores}", flush=True)
    return results


def summary(record: dict[str, Any]) -> str:
    lines = [
        f"# Lighthouse {record['lighthouse_version']}, {record['preset']} preset",
        "",
        f"gunicorn with the production settings; {record['browser']}; median of {record['runs']} run(s) a page;"
        f" load average {record['load_average']['before']} before, {record['load_average']['after']} after"
        f" ({record['cores']} cores).",
        "",
        "Targets: "
        + ", ".join(f"{name} {'≥ ' if target < FULL_SCORE else ''}{target}" for name, target in TARGETS.items()),
        "",
        "| page | performance (runs) | accessibility | best practices | SEO | |",
        "|---|---|---|---|---|---|",
    ]
    for page in record["pages"]:
        s = page["scores"]
        runs = "/".join(str(score) for score in page["performance_runs"])
        verdict = "ok" if not page["missed"] else "MISSED: " + ", ".join(page["missed"])
        lines.append(
            f"| {page['page']} | {s['performance']} ({runs}) | {s['accessibility']} | {s['best-practices']}"
            f" | {s['seo']} | {verdict} |"
        )
    if any(page["losses"] for page in record["pages"]):
        lines += ["", "Audits below full marks (on a missed target, these are why):", ""]
    for page in record["pages"]:
        for category, audits in page["losses"].items():
            for audit in audits:
                value = f" ({audit['value']})" if audit["value"] else ""
                lines.append(f"- {page['page']}, {category}: {audit['title']}{value} [{audit['id']}]")
    lines += ["", "PASSED" if record["passed"] else "FAILED: a page missed a target (above)", ""]
    return "\n".join(lines)


def main() -> int:
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: `make lighthouse` installs it")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chrome).exists():
        sys.exit(f"No Chromium at {chrome}: apt-get install chromium, or set CHROME_PATH")
    runs = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    if runs < 1:
        sys.exit(f"LIGHTHOUSE_RUNS must be 1 or more, not {runs}")
    # Nothing from an earlier run may pass for this one's result.
    shutil.rmtree(OUT / "reports", ignore_errors=True)
    for stale in ("scores.json", "summary.md", "gunicorn.log", "config.json"):
        (OUT / stale).unlink(missing_ok=True)
    (OUT / "reports").mkdir(parents=True)
    browser = subprocess.run([chrome, "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603

    with tempfile.TemporaryDirectory(prefix="cms-lighthouse-") as folder:
        work = Path(folder)
        port = free_port()
        env = production_env(work, port)
        # Pages rendered at publish name the hashed static files: collect them first, as a deployment does.
        manage(env, "collectstatic", "--noinput")
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed_content")
        blank = serve_blank_page()
        config = write_config(f"http://127.0.0.1:{blank.server_address[1]}/")
        server = start_gunicorn(env, port, OUT / "gunicorn.log")
        try:
            before = os.getloadavg()[0]
            pages = measure(f"http://127.0.0.1:{port}", runs, chrome, config)
            after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
            blank.shutdown()

    record = {
        "lighthouse_version": version,
        "preset": "mobile",
        "browser": browser,
        "runs": runs,
        "cores": os.cpu_count(),
        "load_average": {"before": round(before, 2), "after": round(after, 2)},
        "targets": TARGETS,
        "pages": pages,
        "passed": not any(page["missed"] for page in pages),
    }
    (OUT / "scores.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    text = summary(record)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if record["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
