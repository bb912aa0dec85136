"""Rules the database enforces itself, whatever code or SQL writes the row."""

import pytest
from django.db import IntegrityError, transaction

from roles.models import Edition, Role, Skill, Task


def assert_rejected(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


@pytest.mark.parametrize(
    "field",
    ["skill_vulnerability", "task_automation", "ai_complementarity", "risk_score"],
)
@pytest.mark.parametrize("value", [101, -1])
def test_it_rejects_edition_scores_off_the_scale(make_role, make_edition, field, value):
    edition = make_edition(make_role())
    assert_rejected(Edition.objects.filter(pk=edition.pk), **{field: value})


def test_it_rejects_a_horizon_that_ends_before_it_starts(make_role, make_edition):
    edition = make_edition(make_role())
    assert_rejected(
        Edition.objects.filter(pk=edition.pk), horizon_min_years=8, horizon_max_years=5
    )


@pytest.mark.parametrize("quarter", [0, 5])
def test_it_rejects_quarters_other_than_1_to_4(make_role, make_edition, quarter):
    edition = make_edition(make_role())
    assert_rejected(Edition.objects.filter(pk=edition.pk), quarter=quarter)


def test_it_rejects_a_published_edition_without_a_date(make_role, make_edition):
    edition = make_edition(make_role())
    assert_rejected(Edition.objects.filter(pk=edition.pk), published_on=None)


def test_it_allows_one_edition_per_role_and_quarter(make_role, make_edition):
    role = make_role()
    make_edition(role, year=2026, quarter=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(role, year=2026, quarter=2)


@pytest.mark.parametrize("field", ["exposure", "time_share"])
def test_it_rejects_task_figures_off_the_scale(make_role, make_edition, field):
    edition = make_edition(make_role())
    assert_rejected(Task.objects.filter(edition=edition), **{field: 100.5})


def test_it_rejects_skill_vulnerability_off_the_scale(db):
    skill = Skill.objects.create(slug="typing", name="Typing")
    assert_rejected(Skill.objects.filter(pk=skill.pk), vulnerability=120)


def test_it_keeps_role_slugs_unique(make_role):
    make_role("analyst")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_role("analyst", title="Another analyst")


def test_save_computes_the_risk_from_the_factors(make_role, make_edition):
    edition = make_edition(
        make_role(),
        skill_vulnerability=82.9,
        task_automation=64.29,
        ai_complementarity=63.67,
    )
    edition.refresh_from_db()
    assert edition.risk_score == 68
    edition.ai_complementarity = 0
    edition.save(update_fields=["ai_complementarity"])
    edition.refresh_from_db()
    assert edition.risk_score == 81  # 41.45 + 19.287 + 20


def test_a_draft_without_factors_has_no_score(make_role):
    role = make_role()
    edition = Edition.objects.create(role=role, year=2026, quarter=3)
    assert edition.risk_score is None
    assert edition.band is None


def test_a_role_with_editions_cannot_be_deleted(make_role, make_edition):
    role = make_role()
    make_edition(role)
    with pytest.raises(Exception, match="protected"):
        Role.objects.filter(pk=role.pk).delete()
