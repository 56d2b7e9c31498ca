"""Django's Redis cache, made an accelerator that may fail: no library pairs "ignore errors" with a
circuit breaker (django-redis ignores errors but still waits on Redis for every call). What each
caching layer does while Redis is down: docs/architecture.md, "Caching".

Any error from Redis counts as an outage, not only a lost connection: a full Redis under the
`noeviction` policy refuses writes ("OOM command not allowed"), a replica left read-only after a
failover refuses them too ("READONLY"), and a loading or misconfigured server answers with errors
of its own. While Redis is unavailable every call answers at once as a miss (reads give the
default, writes are dropped), one warning is logged per outage, and Redis is tried again after a
short pause. Pages then render uncached and translators' edits are read from the database
(sessions live there only): the site stays up, slower.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from core.private_apis import redis_client_class, redis_connection_pool, use_cache_client_class

logger = logging.getLogger("core.caching.resilient_redis")

# How long a failed Redis is left alone before the next call tries it again.
RETRY_AFTER_SECONDS = 5.0
# RedisError covers connection and timeout errors and every error answer (ResponseError and its
# OutOfMemoryError, ReadOnlyError, ...); OSError what the socket raises outside redis-py.
UNAVAILABLE = (RedisError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis object for every cache call, and with it redis-py's table
    of about 170 response callbacks: a sixth of a page-cache hit's time. One client per
    connection pool does (redis-py's clients are thread-safe; the pool notices a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = redis_connection_pool(self, write)
        client = self._clients.get(id(pool))
        if client is None:
            client = redis_client_class(self)(connection_pool=pool)
            self._clients[id(pool)] = client
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        # Never wait long on a dead or unreachable Redis.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        use_cache_client_class(self, ReusedClientRedisCacheClient)
        self._down_until = 0.0
        # How many times Redis was found unreachable: the page cache purges again after one
        # (a purge attempted meanwhile was lost).
        self.outages = 0
        self._lock = threading.Lock()

    @property
    def available(self):
        """False while a recent failure keeps Redis out of use."""
        return time.monotonic() >= self._down_until

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE as error:
            with self._lock:
                if self.available:
                    self.outages += 1
                    logger.warning(
                        "Cache unavailable (%s: %s); serving without it for %.0f s.",
                        type(error).__name__,
                        error,
                        RETRY_AFTER_SECONDS,
                    )
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as every Django cache does.
        if not self.available:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        result = self._call("incr", None, key, delta, version=version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)
