"""A failing Redis costs one error, then is left alone until it answers again.

The fake Redis servers here listen on a free port: a hung one accepts
connections and never answers; a full one answers as Redis at its memory limit
does; a recovered one passes everything on to the real Redis.
"""

import socket
import threading

import pytest
from django.core.cache import cache

from roles import redis_cache

REAL_REDIS = ("127.0.0.1", 6379)
REDIS_DB = 7
TIMEOUT = 0.2  # seconds; the production setting is 0.5
OOM = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"


class FakeRedis:
    """A server for redis-py that hangs, is full, or forwards to the real Redis.

    Counts the connections it accepts and the bytes it receives: any command
    sent to it shows in one or the other.
    """

    def __init__(self, mode):
        self.mode = mode
        self.connections = 0
        self.bytes_received = 0
        self.hung_handlers = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/{REDIS_DB}"

    def attempts(self):
        """Connections and bytes so far, once each hung connection is read out.

        redis-py closes a connection that timed out; a full Redis answers each
        command, so its bytes are counted before the client moves on.
        """
        for handler in self.hung_handlers:
            handler.join(timeout=5)
        return self.connections, self.bytes_received

    def accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            serve = getattr(self, f"serve_{self.mode}")
            handler = threading.Thread(target=serve, args=(connection,), daemon=True)
            if self.mode == "hung":
                self.hung_handlers.append(handler)
            handler.start()

    def receive(self, connection):
        data = connection.recv(65536)
        self.bytes_received += len(data)
        return data

    def serve_hung(self, connection):
        with connection:
            while self.receive(connection):
                pass  # never a word back

    def serve_full(self, connection):
        """Redis at maxmemory with noeviction: reads answer, writes fail."""
        with connection:
            buffer = b""
            while data := self.receive(connection):
                buffer += data
                while (parsed := parse_command(buffer)) is not None:
                    command, buffer = parsed
                    connection.sendall(full_redis_reply(command))

    def serve_forward(self, connection):
        upstream = socket.create_connection(REAL_REDIS)
        threading.Thread(target=pump, args=(upstream, connection), daemon=True).start()
        with connection, upstream:
            while data := self.receive(connection):
                upstream.sendall(data)

    def close(self):
        self.listener.close()


def pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass


def parse_command(buffer):
    """The first whole command in the buffer, as words, and the rest; or None."""
    try:
        end = buffer.index(b"\r\n")
        count, position, words = int(buffer[1:end]), end + 2, []
        for _ in range(count):
            end = buffer.index(b"\r\n", position)
            start = end + 2
            length = int(buffer[position + 1 : end])
            words.append(buffer[start : start + length])
            position = start + length + 2
    except ValueError:  # not all there yet
        return None
    if position > len(buffer):
        return None
    return [words[0].upper(), *words[1:]], buffer[position:]


def full_redis_reply(command):
    name = command[0]
    if name == b"HELLO":
        return b"%1\r\n$5\r\nproto\r\n:3\r\n"
    if name in (b"CLIENT", b"SELECT", b"PING"):
        return b"+OK\r\n"
    if name == b"GET":
        return b"_\r\n"  # a miss
    if name == b"MGET":
        return b"*%d\r\n" % (len(command) - 1) + b"_\r\n" * (len(command) - 1)
    if name in (b"EXISTS", b"DEL", b"EXPIRE", b"PERSIST"):
        return b":0\r\n"
    return OOM  # SET and every other write


@pytest.fixture(autouse=True)
def fresh_breakers(monkeypatch):
    """Each test starts with Redis in good standing."""
    monkeypatch.setattr(redis_cache, "breakers", {}, raising=False)


@pytest.fixture
def cache_log(log_records):
    return log_records("roles.redis_cache")


def use_cache_at(settings, url, breaker_seconds=60):
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "breaker-test",
            "OPTIONS": {
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
                "breaker_seconds": breaker_seconds,
            },
        }
    }


def serve_fake_redis(settings, behavior):
    server = FakeRedis(behavior)
    use_cache_at(settings, server.url)
    yield server
    server.close()


@pytest.fixture
def hung_redis(settings):
    yield from serve_fake_redis(settings, "hung")


@pytest.fixture
def full_redis(settings):
    yield from serve_fake_redis(settings, "full")


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved by hand instead of waiting."""
    now = [1000.0]
    monkeypatch.setattr(redis_cache, "monotonic", lambda: now[0], raising=False)
    return now


PAGES = [
    "/",
    "/roles/medical-coder/",
    "/roles/medical-coder/share.png",
    "/api/roles.json",
    "/healthz",
]


def test_a_hung_redis_costs_one_timeout_then_no_call_reaches_it(
    client, medical_coder, hung_redis
):
    assert client.get("/roles/medical-coder/").status_code == 200
    connections, received = hung_redis.attempts()
    assert connections == 1  # the first cache call, which timed out
    for _ in range(3):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    assert hung_redis.attempts() == (connections, received)


def test_while_the_breaker_is_open_health_names_the_cache_down_without_asking_it(
    client, db, hung_redis
):
    first = client.get("/healthz")  # waits out one timeout, and opens the breaker
    assert first.status_code == 200
    assert first.json() == {"database": "ok", "cache": "down"}
    attempts = hung_redis.attempts()
    for _ in range(5):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "down"}
    assert hung_redis.attempts() == attempts


def test_every_cache_operation_fails_safe_and_stays_off_redis_while_open(hung_redis):
    assert cache.get("key", "default") == "default"  # times out; opens the breaker
    attempts = hung_redis.attempts()

    assert cache.get("key", "default") == "default"
    assert cache.get_or_set("key", lambda: "made") == "made"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("key") is False
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    assert cache.delete_many(["a", "b"]) is None
    for miss in (cache.incr, cache.decr, cache.incr_version):
        with pytest.raises(ValueError):  # as on an empty cache
            miss("key")
    cache.clear()
    assert hung_redis.attempts() == attempts


def test_after_the_cool_off_one_trial_goes_to_redis_and_no_new_warning(
    hung_redis, clock, cache_log
):
    cache.get("key")
    clock[0] += 61
    connections, _ = hung_redis.attempts()
    cache.get("key")  # the trial: Redis still hangs
    cache.get("key")  # open again
    assert hung_redis.attempts()[0] == connections + 1
    assert [r.levelname for r in cache_log] == ["WARNING"]


def test_only_one_thread_at_a_time_tries_redis_after_the_cool_off(hung_redis, clock):
    cache.get("key")
    clock[0] += 61
    connections, _ = hung_redis.attempts()
    threads = [threading.Thread(target=cache.get, args=("key",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert hung_redis.attempts()[0] == connections + 1


def test_after_the_cool_off_a_working_redis_closes_the_breaker(
    client, db, hung_redis, clock, cache_log
):
    assert client.get("/healthz").json()["cache"] == "down"
    hung_redis.mode = "forward"  # Redis is back at the same address
    assert client.get("/healthz").json()["cache"] == "down"  # still cooling off
    clock[0] += 61
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
    cache.set("breaker-check", 1)
    assert cache.get("breaker-check") == 1
    cache.delete("breaker-check")
    assert [r.levelname for r in cache_log] == ["WARNING", "INFO"]
    assert "answers again" in cache_log[1].getMessage()


@pytest.fixture
def refused_redis(settings):
    use_cache_at(settings, "redis://127.0.0.1:1/7")  # nothing listens on port 1


@pytest.mark.parametrize(
    "redis, error",
    [("hung_redis", "TimeoutError"), ("refused_redis", "ConnectionError")],
)
def test_a_failing_redis_is_one_warning_however_many_requests(
    client, medical_coder, request, redis, error, cache_log
):
    request.getfixturevalue(redis)
    for _ in range(4):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    assert [r.levelname for r in cache_log] == ["WARNING"]
    assert error in cache_log[0].getMessage()


@pytest.mark.parametrize("path", PAGES)
def test_with_redis_out_of_memory_pages_still_answer(
    client, medical_coder, full_redis, path
):
    response = client.get(path)
    assert response.status_code == 200


def test_redis_out_of_memory_is_one_warning_and_then_left_alone(
    client, medical_coder, full_redis, cache_log
):
    client.get("/")
    attempts = full_redis.attempts()
    for _ in range(3):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    assert full_redis.attempts() == attempts
    assert [r.levelname for r in cache_log] == ["WARNING"]
    assert "OutOfMemoryError" in cache_log[0].getMessage()


def test_the_warning_names_redis_without_its_password(settings, cache_log):
    use_cache_at(settings, "redis://:s3cret@127.0.0.1:1/7")
    cache.get("key")
    assert "redis://127.0.0.1:1/7" in cache_log[0].getMessage()
    assert "s3cret" not in cache_log[0].getMessage()
