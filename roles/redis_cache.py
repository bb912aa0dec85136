"""Django's Redis cache, with one client per pool and a circuit breaker.

Django builds a new redis.Redis object for every cache call; with redis-py 8
that set-up costs more than the round trip itself on a cached page, and the
client is thread-safe, so each pool keeps one.

The cache only makes pages faster, so Redis failing must never fail a page.
Any error from Redis (refused, timed out, out of memory, anything) makes the
operation answer as if there were no cache (every read a miss, every write
refused) and opens the breaker: for the next `breaker_seconds` no command goes
to Redis at all, so a hung Redis costs one timeout, not one per cache call.
Then one command at a time is let through as a trial; if Redis answers, the
breaker closes. The cache stores nothing a wrong command could trip on, so
any error from Redis means Redis itself is unwell.

One warning when the breaker opens and one info line when Redis answers again,
whatever the number of requests in between. The breaker is per process (each
thread has its own cache object, but they share it) and per Redis location.
"""

import functools
import logging
import threading
from time import monotonic
from urllib.parse import urlsplit

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis import Redis
from redis.client import Pipeline
from redis.exceptions import ConnectionError, RedisError

logger = logging.getLogger(__name__)

# How long Redis is left alone after an error, unless OPTIONS say otherwise.
BREAKER_SECONDS = 30


class CacheDown(ConnectionError):
    """Raised instead of sending a command while the breaker is open."""


class CircuitBreaker:
    def __init__(self, location, seconds):
        self.location = location
        self.seconds = seconds
        self._lock = threading.Lock()
        self._open_until = None  # while Redis is down: when the next trial may start
        self._trial_running = False

    @property
    def refuses(self):
        """Whether a command now would be refused: down, and no trial due."""
        with self._lock:
            return self._open_until is not None and (
                self._trial_running or monotonic() < self._open_until
            )

    def call(self, command, *args, **kwargs):
        is_trial = self._admit()
        try:
            result = command(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            raise
        finally:
            if is_trial:
                with self._lock:
                    self._trial_running = False
        if is_trial:
            self._succeeded()
        return result

    def _admit(self):
        """Let a command through (True if it is the trial), or raise CacheDown."""
        with self._lock:
            if self._open_until is None:
                return False
            if self._trial_running or monotonic() < self._open_until:
                raise CacheDown(f"Redis at {self.location} is left alone for now")
            self._trial_running = True
            return True

    def _failed(self, error):
        with self._lock:
            opening = self._open_until is None
            self._open_until = monotonic() + self.seconds
        if opening:
            logger.warning(
                "Cache down, serving without it; Redis at %s is left alone for "
                "%s s at a time until it answers: %s: %s",
                self.location,
                self.seconds,
                type(error).__name__,
                error,
            )

    def _succeeded(self):
        # Only a trial closes the breaker: a command that started before it
        # opened may succeed (a read, when only writes fail) without Redis
        # being well.
        with self._lock:
            self._open_until = None
        logger.info("Cache back: Redis at %s answers again.", self.location)


# One breaker per Redis location in this process, shared by its threads.
breakers = {}
breakers_lock = threading.Lock()


def breaker_for(location, seconds):
    with breakers_lock:
        if location not in breakers:
            breakers[location] = CircuitBreaker(location, seconds)
        return breakers[location]


class GuardedRedis(Redis):
    """A Redis client whose every command, piped or not, goes through the breaker."""

    def __init__(self, breaker, **kwargs):
        super().__init__(**kwargs)
        self.breaker = breaker

    def execute_command(self, *args, **options):
        return self.breaker.call(super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        return GuardedPipeline(
            self.breaker,
            self.connection_pool,
            self.response_callbacks,
            transaction,
            shard_hint,
        )


class GuardedPipeline(Pipeline):
    def __init__(self, breaker, *args):
        super().__init__(*args)
        self.breaker = breaker

    def execute(self, raise_on_error=True):
        return self.breaker.call(super().execute, raise_on_error)


class PooledClient(RedisCacheClient):
    def __init__(self, servers, breaker, **options):
        super().__init__(servers, **options)
        self._client = functools.partial(GuardedRedis, breaker)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class NoCache(DummyCache):
    """What the cache answers while Redis is down: reads miss, writes are refused."""

    def add(self, *args, **kwargs):
        return False

    def set_many(self, data, *args, **kwargs):
        return list(data)


NO_CACHE = NoCache("", {})


def without_password(url):
    """The Redis URL as logs may show it."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        seconds = options.pop("breaker_seconds", BREAKER_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker = breaker_for(
            ",".join(map(without_password, self._servers)), seconds
        )

    @cached_property
    def _cache(self):
        return PooledClient(self._servers, self._breaker, **self._options)

    @property
    def is_down(self):
        """True while the breaker keeps cache calls from Redis; asks Redis nothing."""
        return self._breaker.refuses


def fail_safe(operation):
    """Run a cache operation; if Redis fails, answer as NoCache would."""
    when_down = getattr(NO_CACHE, operation.__name__)

    @functools.wraps(operation)
    def wrapper(self, *args, **kwargs):
        try:
            return operation(self, *args, **kwargs)
        except RedisError:
            return when_down(*args, **kwargs)  # the breaker has logged it

    return wrapper


# Every operation Django's Redis cache defines, so one added in a new Django
# release fails safe too; BaseCache builds the rest (get_or_set, decr, the
# async ones) on these.
for name, member in vars(RedisCache).items():
    if callable(member) and not name.startswith("_"):
        setattr(PooledRedisCache, name, fail_safe(member))
