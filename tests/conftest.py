import datetime
import logging
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from roles.models import (
    Edition,
    EditionSkill,
    EditionSource,
    Role,
    Sector,
    Skill,
    Source,
    Task,
)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_http(settings):
    """The test client speaks HTTP; production redirects that to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def no_shared_cache(settings):
    """Each test renders afresh; tests of caching ask for `page_cache`.

    The test database rolls back instead of committing, so the on-commit
    version bumps that end cached pages never run inside an ordinary test.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }


@pytest.fixture
def page_cache(settings):
    """A real (local memory) cache, empty at the start of the test."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    from django.core.cache import cache

    from roles.caching import worker_copies

    cache.clear()
    worker_copies.clear()
    return cache


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sector(db):
    return Sector.objects.create(slug="finance", name="Finance")


@pytest.fixture
def make_role(sector):
    def make_role(slug="analyst", title=None, other_titles=(), **fields):
        fields.setdefault("sector", sector)
        role = Role.objects.create(
            slug=slug,
            title=title or slug.replace("-", " ").title(),
            summary="What the job is.",
            **fields,
        )
        for position, other in enumerate(other_titles):
            role.alternate_titles.create(
                title=other, slug=slugify(other), position=position
            )
        role.refresh_search_text()
        return role

    return make_role


@pytest.fixture
def make_edition(today):
    """An edition with its tasks, skills and sources; public by default."""

    def make_edition(
        role, year=2026, quarter=1, tasks=2, skills=2, sources=1, **fields
    ):
        values = {
            "status": Edition.Status.PUBLISHED,
            "published_on": today - datetime.timedelta(days=30),
            "skill_vulnerability": 50,
            "task_automation": 50,
            "ai_complementarity": 50,
            "horizon_min_years": 3,
            "horizon_max_years": 6,
            "us_workers": 120_000,
            "mean_salary": 61_000,
            "headline": "A sentence on the assessment.",
            "brief": "First paragraph.\n\nSecond paragraph.",
            **fields,
        }
        edition = Edition.objects.create(
            role=role, year=year, quarter=quarter, **values
        )
        for position in range(tasks):
            kind = Task.Kind.AI if position % 2 == 0 else Task.Kind.HUMAN
            Task.objects.create(
                edition=edition,
                kind=kind,
                text=f"{role.slug} task {position}",
                position=position,
            )
        for position in range(skills):
            skill, _ = Skill.objects.get_or_create(
                slug=f"skill-{position}", defaults={"name": f"Skill {position}"}
            )
            kind = (
                EditionSkill.Kind.CORE
                if position % 2 == 0
                else EditionSkill.Kind.EMERGING
            )
            EditionSkill.objects.create(
                edition=edition, skill=skill, kind=kind, position=position
            )
        for position in range(sources):
            source, _ = Source.objects.get_or_create(publisher=f"Publisher {position}")
            EditionSource.objects.create(
                edition=edition, source=source, position=position
            )
        return edition

    return make_edition


@pytest.fixture
def medical_coder(db):
    """The shipped reference role file, loaded as `make run` loads it."""
    call_command("load_editorial", stdout=StringIO())
    return Role.objects.get(slug="medical-coder")


SHIPPED_FIXTURES = Path(__file__).parent.parent / "fixtures"


def load_sectors(folder):
    """The shipped sectors and the Medical Coder file only, whatever else ships."""
    (folder / "editorial").mkdir()
    shutil.copy(SHIPPED_FIXTURES / "sectors.json", folder)
    (folder / "toolkit.json").write_text("[]")
    shutil.copy(
        SHIPPED_FIXTURES / "editorial" / "medical-coder.json", folder / "editorial"
    )
    call_command("load_editorial", "--path", str(folder), stdout=StringIO())


@pytest.fixture
def sectors(db, tmp_path_factory):
    load_sectors(tmp_path_factory.mktemp("content"))


@pytest.fixture
def sectors_committed(transactional_db, tmp_path_factory):
    """The same, committed: for tests whose threads need their own connections."""
    load_sectors(tmp_path_factory.mktemp("content"))


# The raw data sets beside the project (../shared/data), when present.
RAW_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def full_build():
    """(meta, records) built once from ../shared/data for every module that reads them.

    Building takes about a minute; the modules only read the records.
    """
    if not RAW_DATA.exists():
        pytest.skip("needs the raw data in ../shared")
    from roles.dataset.build import build

    meta, records, _ = build(RAW_DATA)
    return meta, records


@pytest.fixture
def log_records():
    """Call with a logger's name: the list its records at INFO and above go to.

    Works with or without pytest's own log capture (the suite runs with
    `-p no:logging`).
    """
    attached = []

    def records_of(name):
        records = []
        handler = logging.Handler()
        handler.emit = records.append
        logger = logging.getLogger(name)
        attached.append((logger, handler, logger.level))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return records

    yield records_of
    for logger, handler, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)
