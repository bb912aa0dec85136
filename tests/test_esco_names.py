"""European (ESCO) names of a job: searchable, ranked below a role's own names,
and an address only where they name one role."""

from roles.models import Edition, EscoTitle, Role
from tests.test_dataset import SAMPLE, publish_raw


def esco(role, *labels, preferred=True):
    for position, label in enumerate(labels):
        EscoTitle.objects.create(
            role=role,
            label=label,
            slug=label.lower().replace(" ", "-"),
            esco_code=f"9999.{position}",
            isco_group="9999",
            preferred=preferred,
            position=position,
        )
    role.refresh_search_text()


def test_a_european_name_of_one_role_redirects_permanently(
    client, make_role, make_edition
):
    role = make_role("paralegal")
    make_edition(role)
    esco(role, "Scopist")
    response = client.get("/roles/scopist/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/paralegal/"


def test_a_european_name_of_several_roles_leads_to_a_search(
    client, make_role, make_edition
):
    for slug in ("first-role", "second-role"):
        role = make_role(slug)
        make_edition(role)
        esco(role, "Medical Transcriptionist")
    response = client.get("/roles/medical-transcriptionist/")
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Medical+Transcriptionist"


def test_a_roles_own_name_keeps_its_redirect_over_european_ones(
    client, make_role, make_edition
):
    coder = make_role("medical-coder", other_titles=["Clinical Coder"])
    make_edition(coder)
    for slug in ("health-information-technician", "medical-secretary"):
        role = make_role(slug)
        make_edition(role)
        esco(role, "Clinical Coder")
    response = client.get("/roles/clinical-coder/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/"


def test_european_names_of_unpublished_roles_are_404(client, make_role, make_edition):
    role = make_role("secret-role")
    make_edition(role, status=Edition.Status.DRAFT, published_on=None)
    esco(role, "Hidden Name")
    assert client.get("/roles/hidden-name/").status_code == 404


def test_search_finds_a_role_by_its_european_name(client, make_role, make_edition):
    role = make_role("paralegal")
    make_edition(role)
    esco(role, "Scopist")
    response = client.get("/search/", {"q": "scopist"})
    assert [edition.role.slug for edition in response.context["editions"]] == [
        "paralegal"
    ]


def test_european_names_rank_below_a_roles_own_names(client, make_role, make_edition):
    # The smaller occupation would win a tie; its own name must win anyway.
    european = make_role("court-clerk")
    make_edition(european, us_workers=900_000)
    esco(european, "Court Reporter")
    own = make_role("court-reporter-role", other_titles=["Court Reporter"])
    make_edition(own, us_workers=1_000)
    response = client.get("/search/", {"q": "court reporter"})
    slugs = [edition.role.slug for edition in response.context["editions"]]
    assert slugs == ["court-reporter-role", "court-clerk"]


def test_the_last_own_name_before_the_european_ones_is_still_exact(
    client, make_role, make_edition
):
    """The separator before the ESCO names must not hide the own name before it."""
    own = make_role("analyst-role", other_titles=["Budget Analyst"])
    make_edition(own, us_workers=1_000)
    esco(own, "Financial Controller")
    other = make_role("budget-officer", title="Budget Officer")
    make_edition(other, us_workers=900_000)
    esco(other, "Budget Analyst")
    response = client.get("/search/", {"q": "budget analyst"})
    slugs = [edition.role.slug for edition in response.context["editions"]]
    assert slugs[0] == "analyst-role"


def test_an_esco_title_no_onet_title_holds_lands_on_the_crosswalk_role(
    sectors, client, tmp_path
):
    """ "scopist" (ESCO 3343.5) is in no O*NET title; the crosswalk maps it to 23-2011."""
    publish_raw(SAMPLE, tmp_path)
    paralegals = Role.objects.get(soc_code="23-2011")
    assert "scopist" not in paralegals.data_titles.lower()
    assert not paralegals.alternate_titles.filter(title__icontains="scopist").exists()
    response = client.get("/search/", {"q": "Scopist"})
    assert [edition.role for edition in response.context["editions"]] == [paralegals]
    response = client.get("/roles/scopist/")
    assert response.status_code == 301
    assert response["Location"] == paralegals.get_absolute_url()


def test_the_import_keeps_european_names_apart_and_in_esco_order(sectors, tmp_path):
    publish_raw(SAMPLE, tmp_path)
    electricians = Role.objects.get(soc_code="47-2111")
    names = list(electricians.esco_titles.all())
    preferred = [name.label for name in names if name.preferred]
    # Labels that are also the role's own names come first, then ESCO's order.
    assert preferred[:3] == [
        "electrician",
        "industrial electrician",
        "building electrician",
    ]
    assert {name.isco_group for name in names} >= {"7411", "7412"}
    own = {
        title.lower()
        for title in electricians.alternate_titles.values_list("title", flat=True)
    }
    assert not any(not name.preferred and name.label.lower() in own for name in names)
