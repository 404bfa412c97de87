"""A shared cache that degrades instead of breaking pages when it fails.

When Redis is stopped or unreachable, or the cache table is missing, Django's cache backends
raise, and every page, login and session read that touches the cache answers 500. These
backends answer as an empty cache that stores nothing instead, and log a warning:

- reads miss (`get` gives the default), writes are dropped;
- `add` says it stored the value, so code waiting for a lock (allauth's rate limits) goes on;
- `incr` raises ValueError, as for a key that is not there (callers start it again).

So pages are rendered without the page cache, sessions are read from the database
(`cached_db`), and rate limits let requests through while the cache is down (they fail
open). After a failure the cache is left alone for RETRY_SECONDS, so a cache server that
does not answer costs one timeout per worker now and then, not one per call. If writes were
lost during the outage (a deleted session, a new content version), the cache is emptied when
it answers again, so nothing stale from before the outage is served after it.
"""

import logging
import time

from django.core.cache.backends import db
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, connections, router, transaction

logger = logging.getLogger("erfaringssentrum.cache")

RETRY_SECONDS = 5


class FailSoftCache:
    """Mixin for a cache backend; `failures` are the errors that mean "the cache is down"."""

    failures: tuple[type[Exception], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down = False
        self._retry_at = 0.0
        self._lost_writes = False

    def _run(self, call):
        return call()

    def _fail(self, error: Exception) -> None:
        if not self._down:
            logger.warning(
                "The shared cache is unavailable (%s: %s); the site runs without it and "
                "tries again every %s seconds.",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
        self._down = True
        self._retry_at = time.monotonic() + RETRY_SECONDS

    def _recover(self) -> bool:
        """Whether the cache answers again (emptied first if writes were lost meanwhile)."""
        if time.monotonic() < self._retry_at:
            return False
        if self._lost_writes:
            try:
                self._run(self._backend.clear)
            except self.failures as error:
                self._fail(error)
                return False
            logger.info("The shared cache answers again; emptied of what the outage left stale.")
        else:
            logger.info("The shared cache answers again.")
        self._down = self._lost_writes = False
        return True

    def _soft(self, fallback, call, *, writes=True):
        if self._down and not self._recover():
            self._lost_writes |= writes
            return fallback
        try:
            return self._run(call)
        except self.failures as error:
            self._fail(error)
            self._lost_writes |= writes
            return fallback

    @property
    def _backend(self):
        """The real backend's methods (the class after this mixin)."""
        return super()

    def get(self, key, default=None, version=None):
        return self._soft(default, lambda: self._backend.get(key, default, version), writes=False)

    def get_many(self, keys, version=None):
        return self._soft({}, lambda: self._backend.get_many(keys, version), writes=False)

    def has_key(self, key, version=None):
        return self._soft(False, lambda: self._backend.has_key(key, version), writes=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(None, lambda: self._backend.set(key, value, timeout, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(list(data), lambda: self._backend.set_many(data, timeout, version))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(True, lambda: self._backend.add(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, lambda: self._backend.touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._soft(False, lambda: self._backend.delete(key, version))

    def delete_many(self, keys, version=None):
        return self._soft(None, lambda: self._backend.delete_many(keys, version))

    def clear(self):
        return self._soft(None, self._backend.clear)

    def incr(self, key, delta=1, version=None):
        unavailable = object()
        value = self._soft(unavailable, lambda: self._backend.incr(key, delta, version))
        if value is unavailable:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)


class DatabaseCache(FailSoftCache, db.DatabaseCache):
    """The cache in a table of the database (created by a migration), failing soft when the
    table is missing."""

    failures = (DatabaseError,)

    def _run(self, call):
        connection = connections[router.db_for_write(self.cache_model_class)]
        if not connection.in_atomic_block:
            return call()
        # On PostgreSQL a failed query aborts the whole transaction it runs in: a failing cache
        # inside a save must only undo its own savepoint.
        with transaction.atomic(using=connection.alias):
            return call()
