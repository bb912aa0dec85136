"""Related roles and safer roles that share the reader's skills."""

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from roles.models import Edition, RoleMove, RoleRelation
from tests.html import visible_text
from tests.test_dataset import SAMPLE, publish_raw

BLS = "Mean annual wage, BLS OEWS May 2024"


def test_safer_roles_follow_the_releases_moves_and_show_pay(
    client, make_role, make_edition
):
    def edition(slug, sv, **fields):
        return make_edition(
            make_role(slug), skill_vulnerability=sv, salary_note=BLS, **fields
        )

    mine = edition("mine", 90, mean_salary=50_000)
    close = edition("close", 10, mean_salary=70_000)
    far = edition("far", 20, mean_salary=45_000)
    riskier = edition("riskier", 100)
    hidden = edition("hidden", 0, status=Edition.Status.DRAFT, published_on=None)
    for position, (other, overlap) in enumerate(
        [(close, 75), (riskier, 90), (hidden, 80), (far, 25)]
    ):
        RoleMove.objects.create(
            role=mine.role,
            target=other.role,
            position=position,
            overlap=overlap,
            reason=f"Shares work with {other.role.slug}",
        )

    page = visible_text(client.get("/roles/mine/").content.decode())
    text = page[
        page.index("Safer roles that share your work.") : page.index("Roles nearby.")
    ]
    assert text.index("Close") < text.index("Far")
    assert "Overlap 75%" in text and "Overlap 25%" in text
    assert "Shares work with close." in text
    assert "+$20K" in text and "−$5K" in text
    assert "Riskier" not in text and "Hidden" not in text


def test_related_roles_follow_onet_order(client, make_role, make_edition):
    mine = make_role("mine")
    make_edition(mine)
    for position, slug in enumerate(["second-best", "best"][::-1]):
        other = make_role(slug)
        make_edition(other)
        RoleRelation.objects.create(role=mine, related=other, position=position)
    text = visible_text(client.get("/roles/mine/").content.decode())
    assert "Roles nearby." in text
    assert text.index("Best") < text.index("Second Best")
    assert "Related occupations as O*NET lists them" in text


def test_without_relations_the_sector_fills_in(client, make_role, make_edition):
    make_edition(make_role("mine"))
    make_edition(make_role("neighbour"), us_workers=1_000_000)
    text = visible_text(client.get("/roles/mine/").content.decode())
    assert "Neighbour" in text
    assert "The largest other roles of the Finance sector." in text


def test_the_import_stores_onet_relations(db, tmp_path):
    call_command("load_editorial", stdout=StringIO())
    publish_raw(SAMPLE, tmp_path)
    assert RoleRelation.objects.exists()
    assert not RoleRelation.objects.filter(role_id=F("related_id")).exists()
    before = list(RoleRelation.objects.values_list("role", "related", "position"))
    call_command(
        "import_dataset",
        "--raw",
        str(SAMPLE),
        "--derived",
        str(tmp_path),
        stdout=StringIO(),
    )
    assert (
        list(RoleRelation.objects.values_list("role", "related", "position")) == before
    )
