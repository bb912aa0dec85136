"""Faults: Redis down serves from the database; database down is a clean 503."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roles import redis_cache

ROOT = Path(__file__).resolve().parent.parent
CLOSED_PORT = 1  # nothing listens there: connections are refused at once


@pytest.fixture(autouse=True)
def fresh_breakers(monkeypatch):
    """Each test starts with Redis in good standing."""
    monkeypatch.setattr(redis_cache, "breakers", {})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.mark.parametrize(
    "path",
    ["/", "/roles/medical-coder/", "/api/roles.json", "/roles/medical-coder/share.png"],
)
def test_with_redis_down_pages_come_from_the_database(
    client, medical_coder, redis_down, path
):
    assert client.get(path).status_code == 200


def test_with_redis_down_health_reports_it_but_passes(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "down"}
    assert "no-store" in response["Cache-Control"]


def test_health_is_ok_with_the_real_redis(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        }
    }
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}


# Served in a fresh process whose database is unreachable, as the app server
# would be when PostgreSQL goes away.
SERVE_WITHOUT_DATABASE = """
import io, json, sys
from meter.wsgi import application

def get(path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr,
    }
    status = []
    body = b"".join(application(environ, lambda s, h: status.append((s, h))))
    return {"status": int(status[0][0].split()[0]), "headers": dict(status[0][1]),
            "body": body.decode()}

print(json.dumps({path: get(path) for path in sys.argv[1:]}))
"""


def test_with_the_database_down_health_and_pages_say_503():
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-only",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/meter",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("REDIS_URL", None)
    paths = ["/healthz", "/", "/roles/medical-coder/", "/api/roles.json"]
    result = subprocess.run(
        [sys.executable, "-c", SERVE_WITHOUT_DATABASE, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    responses = json.loads(result.stdout)
    health = responses["/healthz"]
    assert health["status"] == 503
    assert json.loads(health["body"]) == {"database": "unavailable", "cache": "ok"}
    for path in paths[1:]:
        page = responses[path]
        assert page["status"] == 503, path
        assert "We’ll be back in a moment." in page["body"]
        assert page["headers"]["Retry-After"] == "30"
