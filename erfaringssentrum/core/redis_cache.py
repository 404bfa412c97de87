"""Django's Redis cache backend, with one Redis client per connection pool, that keeps the
site running when Redis does not answer.

Django's client makes a new `redis.Redis` object for every cache call, which takes more CPU
than the round trip to Redis itself (about 180 µs against 70 µs per call, measured here).
The page cache reads the content version on every hit, and sessions are read on every
logged-in request, so that adds up. A `redis.Redis` is safe to share: each command takes a
connection from the pool.
"""

import redis as redis_client
from django.core.cache.backends import redis

from .failsoft_cache import FailSoftCache


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(FailSoftCache, redis.RedisCache):
    """Fails soft when Redis does not answer (see failsoft_cache.py)."""

    failures = (redis_client.RedisError, OSError)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
