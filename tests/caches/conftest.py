"""A cache stand-in on loopback that records the purges the CMS sends it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str, str]] = []
        self.status = 200

    @property
    def location(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def purged(self) -> set[str]:
        """Each purged URL as the CMS named it: the Host it sent and the path."""
        return {f"http://{host}{path}" for method, host, path in self.requests if method == "PURGE"}


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_PURGE(self) -> None:
        self.server.requests.append(("PURGE", self.headers["Host"], self.path))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def purges(settings):
    """A running recorder, configured as the Varnish the CMS purges."""
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "content_pages.publishing.frontend_cache.backends.VarnishBackend",
            "LOCATION": server.location,
        }
    }
    yield server
    server.shutdown()
    server.server_close()
