"""The validator every stored response is served with: a hash of its exact body, so a
rendering that did not change keeps its ETag and caches stay valid."""

from __future__ import annotations

import hashlib


def strong_etag(body: str) -> str:
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:40] + '"'
