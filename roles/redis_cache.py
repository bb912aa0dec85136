"""Django's Redis cache, keeping one client per connection pool.

Django builds a new redis.Redis object for every cache call; with redis-py 8
that set-up costs more than the round trip itself on a cached page. The client
is thread-safe and only wraps the pool, so each pool keeps one.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClient
