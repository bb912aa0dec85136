"""Settings come from the environment and refuse unsafe or malformed values."""

import os
import subprocess
import sys

import pytest


def import_settings(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG")
    }
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import meter.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_it_requires_a_secret_key_when_debug_is_off():
    result = import_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = import_settings(DEBUG="1", DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_rejects_a_malformed_boolean(value):
    result = import_settings(DEBUG=value, SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_reads_the_database_from_database_url():
    result = import_settings(
        SECRET_KEY="x", DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.postgresql"
