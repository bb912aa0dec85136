"""A database that takes no writes: the 503 page for writes, pages for readers.

PostgreSQL is made read-only as a hot standby or `default_transaction_read_only`
would make it; SQLite with `PRAGMA query_only`. Transactional tests, so the
setting applies to every statement the request runs.
"""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

READ_ONLY = {
    "postgresql": "SET SESSION default_transaction_read_only = {}",
    "sqlite": "PRAGMA query_only = {}",
}


@pytest.fixture
def read_only(transactional_db):
    """Call to make the database read-only; it takes writes again afterward."""

    def switch(on=True):
        with connection.cursor() as cursor:
            cursor.execute(READ_ONLY[connection.vendor].format("on" if on else "off"))

    yield switch
    switch(on=False)


@pytest.fixture
def staff_user(transactional_db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.com", "right-password", is_staff=True
    )


@pytest.fixture
def database_log(log_records):
    return log_records("roles.middleware")


def log_in(client, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
    )


@pytest.mark.parametrize("password", ["right-password", "wrong"])
def test_a_login_on_a_read_only_database_is_the_503_page_and_writes_nothing(
    client, staff_user, read_only, password
):
    read_only()
    response = log_in(client, password)
    assert response.status_code == 503
    assert "We’ll be back in a moment." in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    read_only(on=False)
    assert not Session.objects.exists()
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()
    staff_user.refresh_from_db()
    assert staff_user.last_login is None


def test_a_read_only_database_is_one_error_in_the_log_however_many_requests(
    client, staff_user, read_only, database_log
):
    read_only()
    for password in ["right-password", "wrong", "wrong", "right-password"]:
        assert log_in(client, password).status_code == 503
    assert [r.levelname for r in database_log] == ["ERROR"]
    assert "read-only" in database_log[0].getMessage()


@pytest.mark.parametrize("path", ["/", "/roles/medical-coder/", "/api/roles.json"])
def test_with_a_read_only_database_readers_get_pages(
    client, medical_coder, read_only, path
):
    read_only()
    assert client.get(path).status_code == 200


def test_health_names_a_read_only_database_and_passes(client, read_only, page_cache):
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
    read_only()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "read-only", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_a_write_after_the_view_is_the_503_page_too(staff_user, read_only, settings):
    """The session saved on the way out fails outside the view's middleware."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    read_only()
    response = client.get("/admin/")
    assert response.status_code == 503
    assert "We’ll be back in a moment." in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_bad_request_that_is_not_the_database_is_still_a_400(transactional_db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
