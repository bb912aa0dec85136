"""Django's Redis cache, with one client per pool and no errors when Redis is down.

Django builds a new redis.Redis object for every cache call; with redis-py 8
that set-up costs more than the round trip itself on a cached page, and the
client is thread-safe, so each pool keeps one.

The cache only makes pages faster: when Redis cannot be reached, every read
is a miss and every write is dropped, so pages come from the database instead
of failing. Each failure is logged.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (ConnectionError, TimeoutError)


class PooledClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


def failsafe(fallback):
    """Run the cache operation; if Redis is unreachable, log and return fallback."""

    def decorator(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                logger.warning("Cache unavailable, serving without it: %s", error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def default_of(key, default=None, *args, **kwargs):
    return default


def nothing(*args, **kwargs):
    return None


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClient

    get = failsafe(default_of)(RedisCache.get)
    get_many = failsafe(lambda *args, **kwargs: {})(RedisCache.get_many)
    set = failsafe(nothing)(RedisCache.set)
    add = failsafe(lambda *args, **kwargs: False)(RedisCache.add)
    touch = failsafe(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = failsafe(lambda *args, **kwargs: False)(RedisCache.delete)
    has_key = failsafe(lambda *args, **kwargs: False)(RedisCache.has_key)
    set_many = failsafe(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = failsafe(nothing)(RedisCache.delete_many)
    clear = failsafe(nothing)(RedisCache.clear)
