"""Which API key a request presents: looked up by hash, and cached so a request normally
costs no SQL query.

A lookup (found or not) is kept in Django's cache for ``CMS_API_KEY_CACHE_SECONDS``
(60 by default). Revoking a key deletes its entry after the revocation commits
(``publishing/access/api_keys.py``): with ``CMS_CACHE_URL`` that entry is the one every
process reads, so the very next request to any process is refused. Without it, another
process with its own in-memory cache may accept the key until its entry expires. While
Redis is unreachable every look-up is a miss (``foundations/shared_cache.py``) and goes to
the database, so a revoked key is refused there too; a delete that fails meanwhile leaves
the entry in Redis for at most ``CMS_API_KEY_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from content_pages.models import ApiKey

KEY_SCHEME = "cms"


@dataclass(frozen=True)
class KeyGrant:
    """What a request may do with its key: who it is (for counting) and its limit."""

    id: int
    rate_limit: int


def hash_key(plain: str) -> str:
    """The stored form of a key: its SHA-256, hex. A key is long and random, so a slow
    password hash would add nothing but cost on every cache miss."""
    return hashlib.sha256(plain.encode()).hexdigest()


def cache_key(key_hash: str) -> str:
    return f"api-key:{key_hash}"


def forget(key_hash: str) -> None:
    """Drop a key's cached lookup (after it is revoked or its limit changes)."""
    cache.delete(cache_key(key_hash))


def grant_for(plain: str) -> KeyGrant | None:
    """The active key ``plain`` names, or None for an unknown or revoked key.

    Misses are cached too, so a client repeating a wrong key costs one query a minute.
    """
    key_hash = hash_key(plain)
    cached = cache.get(cache_key(key_hash))
    if cached is not None:
        return KeyGrant(*cached) if cached else None
    row = ApiKey.objects.filter(key_hash=key_hash, active=True).values_list("pk", "rate_limit").first()
    cache.set(cache_key(key_hash), tuple(row) if row else (), timeout=settings.CMS_API_KEY_CACHE_SECONDS)
    return KeyGrant(*row) if row else None
