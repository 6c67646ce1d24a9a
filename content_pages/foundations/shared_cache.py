"""The shared cache (``CMS_CACHE_URL``): Django's Redis cache, which an unavailable Redis
does not turn into errors for readers.

Everything kept in Django's cache here is a copy or a guard: API-key look-ups (the
database holds the keys), Wagtail's site root paths and image renditions (the database
again), and the API's per-minute read counts. None of it is worth a failed request. So when
Redis is unavailable (below), this backend answers as an empty cache would (a
miss on ``get``, nothing stored on ``set``) and the callers take their slower path: a key
is looked up in the database, Wagtail computes its site root paths again. Counting is the
one use that cannot pretend: ``incr`` raises ``CacheUnavailable`` (a ``ValueError``, what
Django raises for a missing key, so code that does not know it treats it as such) and the
read limits count in the process instead (``interfaces/api/rate_limits.py``): limits
degrade to per-process, as without ``CMS_CACHE_URL``, rather than failing closed and taking
the API down with Redis, or being lifted altogether.

After a failure the backend does not try Redis again for ``retry_seconds`` (the ``OPTIONS``
key; ``CMS_CACHE_RETRY_SECONDS``): a Redis that times out would otherwise cost every
request its timeout. It logs one warning when Redis stops answering and one when it answers
again, naming the error's type only (never the URL, which may hold a password, nor any
key, which may hold a client's hashed address).

Redis being unavailable means: refused or dropped connections, timeouts, a Redis still
loading its data, a read-only replica after a failover, one out of memory, or something that
is not Redis at its address (``UNAVAILABLE``). Other Redis errors (a wrong type, a script
error) are bugs and are raised as they are.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis is down, slow, still loading, a read-only replica after a failover, out of memory,
# or something else answers at its address: the service is unavailable, not our code wrong.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OutOfMemoryError, InvalidResponse)
DEFAULT_RETRY_SECONDS = 5.0

T = TypeVar("T")


class CacheUnavailable(ValueError):
    """The shared cache cannot count now; the caller counts elsewhere or goes without."""


class _Outage:
    """When Redis last failed, per process and location (Django makes a cache object per
    thread, so the state lives here, where every thread sees it)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until: dict[str, float] = {}

    def skipping(self, location: str) -> bool:
        return time.monotonic() < self.down_until.get(location, 0.0)

    def failed(self, location: str, retry_seconds: float, error: Exception) -> None:
        with self.lock:
            first = location not in self.down_until
            self.down_until[location] = time.monotonic() + retry_seconds
        if first:
            logger.warning(
                "The shared cache (Redis) is unavailable (%s): API read limits count per process and "
                "cached look-ups go to the database until it answers; trying again every %g s.",
                type(error).__name__,
                retry_seconds,
            )

    def answered(self, location: str) -> None:
        if location not in self.down_until:
            return
        with self.lock:
            recovered = self.down_until.pop(location, None) is not None
        if recovered:
            logger.warning("The shared cache (Redis) answers again: read limits are shared across processes.")


_outage = _Outage()


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that answers as an empty cache while Redis is unavailable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)

    def _guarded(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if _outage.skipping(self._location):
            return fallback()
        try:
            result = operation()
        except UNAVAILABLE as error:
            _outage.failed(self._location, self.retry_seconds, error)
            return fallback()
        _outage.answered(self._location)
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guarded(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), _false)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guarded(lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guarded(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), _none)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guarded(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), _false)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(lambda: super(ResilientRedisCache, self).delete(key, version), _false)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(lambda: super(ResilientRedisCache, self).has_key(key, version), _false)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """The new count; ``CacheUnavailable`` when Redis cannot be reached."""
        return self._guarded(lambda: super(ResilientRedisCache, self).incr(key, delta, version), _cannot_count)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._guarded(lambda: super(ResilientRedisCache, self).delete_many(keys, version), _none)

    def clear(self) -> None:
        self._guarded(lambda: super(ResilientRedisCache, self).clear(), _none)


def _false() -> bool:
    return False


def _none() -> None:
    return None


def _cannot_count() -> int:
    raise CacheUnavailable("The shared cache is unavailable.")
