"""The admin lockout counts failures per reader, behind the documented proxies.

Each proxy appends the address it was reached from to X-Forwarded-For, so
behind PROXY_COUNT proxies the reader's address is the PROXY_COUNT-th entry
from the right; anything further left is whatever the reader sent. Without a
proxy the header is the reader's own text and counts for nothing.
"""

import importlib.util
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

import meter.settings

PROXY = "127.0.0.1"  # nginx, on the same host as gunicorn
BALANCER = "10.0.0.5"
READER_A = "198.51.100.23"  # guesses the publisher's password
READER_B = "203.0.113.40"  # the publisher
FAILURE_LIMIT = 5


@pytest.fixture
def behind_proxies(settings, monkeypatch):
    """Apply what meter/settings.py makes of PROXY_COUNT=n to the running settings."""

    def behind_proxies(count):
        monkeypatch.setenv("PROXY_COUNT", str(count))
        spec = importlib.util.spec_from_file_location(
            "settings_probe", meter.settings.__file__
        )
        probe = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(probe)
        for name in dir(probe):
            if name.startswith(("AXES_IPWARE_", "IPWARE_")):
                setattr(settings, name, getattr(probe, name))
        settings.AXES_FAILURE_LIMIT = FAILURE_LIMIT

    return behind_proxies


@pytest.fixture
def publisher(db):
    return get_user_model().objects.create_user(
        "pat", "pat@example.com", "right-password", is_staff=True
    )


def log_in(client, password, forwarded_for=None, remote_addr=PROXY):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "pat", "password": password},
        **headers,
    )


def is_locked_out(response):
    return response.status_code in (403, 429)


def test_behind_one_proxy_a_guesser_locks_out_only_themselves(
    client, publisher, behind_proxies
):
    behind_proxies(1)
    for _ in range(FAILURE_LIMIT):
        log_in(client, "wrong", forwarded_for=READER_A)
    assert is_locked_out(log_in(client, "right-password", forwarded_for=READER_A))
    response = log_in(client, "right-password", forwarded_for=READER_B)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_forged_left_entry_does_not_change_the_guessers_address(
    client, publisher, behind_proxies
):
    behind_proxies(1)
    for guess in range(FAILURE_LIMIT):
        # The reader writes any address they like; nginx appends the real one.
        log_in(client, "wrong", forwarded_for=f"192.0.2.{guess}, {READER_A}")
    assert is_locked_out(log_in(client, "right-password", forwarded_for=READER_A))
    # Nor can the guesser lock someone else out by naming them.
    response = log_in(client, "right-password", forwarded_for=READER_B)
    assert response.status_code == 302


def test_the_guesser_cannot_lock_out_the_address_they_name(
    client, publisher, behind_proxies
):
    behind_proxies(1)
    for _ in range(FAILURE_LIMIT):
        log_in(client, "wrong", forwarded_for=f"{READER_B}, {READER_A}")
    assert log_in(client, "right-password", forwarded_for=READER_B).status_code == 302


def test_behind_a_balancer_and_nginx_the_reader_is_second_from_the_right(
    client, publisher, behind_proxies
):
    behind_proxies(2)
    for guess in range(FAILURE_LIMIT):
        log_in(
            client, "wrong", forwarded_for=f"192.0.2.{guess}, {READER_A}, {BALANCER}"
        )
    assert is_locked_out(
        log_in(client, "right-password", forwarded_for=f"{READER_A}, {BALANCER}")
    )
    response = log_in(client, "right-password", forwarded_for=f"{READER_B}, {BALANCER}")
    assert response.status_code == 302


def test_without_a_proxy_the_header_is_ignored(client, publisher, behind_proxies):
    behind_proxies(0)
    for guess in range(FAILURE_LIMIT):
        # A direct reader cannot spread their guesses over made-up addresses.
        log_in(client, "wrong", forwarded_for=f"192.0.2.{guess}", remote_addr=READER_A)
    assert is_locked_out(log_in(client, "right-password", remote_addr=READER_A))
    # Nor does naming another address get them in.
    locked = log_in(
        client, "right-password", forwarded_for=READER_B, remote_addr=READER_A
    )
    assert is_locked_out(locked)
    assert log_in(client, "right-password", remote_addr=READER_B).status_code == 302


def test_a_negative_proxy_count_is_refused():
    environment = os.environ | {"PROXY_COUNT": "-1", "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "-c", "import meter.settings"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "PROXY_COUNT must be 0 or more" in result.stderr
