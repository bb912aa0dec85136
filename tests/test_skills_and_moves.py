"""Skills an adviser would stand behind, and safer roles that are a real move:
the rules on small synthetic inputs, the release's rows, and the role page."""

from decimal import Decimal

import pytest

from roles import releases
from roles.dataset import moves, onet
from roles.models import Edition, EditionSkill, Role, RoleMove, Skill, slug_for
from tests.html import visible_text

D = Decimal


# --- Core skills: distinctive, and no skill on more than a quarter of lists ---


def test_core_skills_rank_by_how_far_they_stand_above_the_mean():
    means = {
        "Active Listening": D("3.6"),
        "Repairing": D("1.7"),
        "Speaking": D("3.5"),
        "Installation": D("1.2"),
    }
    profile = {
        "Active Listening": D("4.0"),  # 0.4 above: kept, but after Repairing
        "Repairing": D("3.3"),  # 1.6 above
        "Speaking": D("3.6"),  # 0.1 above: not clearly above
        "Installation": D("2.9"),  # far above, but not rated important
    }
    assert onet.distinctive_skills(profile, means) == ["Repairing", "Active Listening"]
    assert onet.core_reason(profile["Repairing"], means["Repairing"]) == (
        "Importance 3.3 of 5 here, 1.7 on average across occupations"
    )


def test_no_skill_sits_in_more_than_a_quarter_of_the_core_lists():
    # Eight jobs all rank "Listening" first; a quarter of eight lists is two.
    candidates = {f"job-{n}": ["Listening", f"Own {n}"] for n in range(8)}
    excess = {
        (job, name): D(n) if name == "Listening" else D(1)
        for n, job in enumerate(candidates)
        for name in candidates[job]
    }
    lists = onet.cap_core_lists(candidates, excess)
    holders = [job for job, names in lists.items() if "Listening" in names]
    # It stays where it stands furthest above the mean; the others keep their own.
    assert holders == ["job-6", "job-7"]
    assert all(lists[f"job-{n}"] == [f"Own {n}"] for n in range(6))


def test_the_cap_backfills_and_checks_again():
    # Dropping "A" brings "B" in everywhere, which then goes over the cap too.
    candidates = {f"job-{n}": ["A", "B", f"C{n}"] for n in range(8)}
    excess = {(job, name): D(1) for job, names in candidates.items() for name in names}
    lists = onet.cap_core_lists(candidates, excess)
    for name in ("A", "B"):
        assert sum(name in names for names in lists.values()) == 2
    assert all(lists.values())


# --- Technology: never ubiquitous, shown by its commodity title ---------------


def technology_rows(code, *products):
    return [
        {
            "O*NET-SOC Code": code,
            "Example": product,
            "Commodity Title": commodity,
            "Hot Technology": "Y",
            "In Demand": demand,
        }
        for product, commodity, demand in products
    ]


@pytest.fixture
def technology():
    """Twelve occupations (four in healthcare), all with office software."""
    office = ("Microsoft Office software", "Office suite software", "Y")
    asp = ("Active Server Pages ASP", "Web platform development software", "N")
    codes = [f"{29 if n < 4 else 43}-10{n:02d}.00" for n in range(12)]
    data = {code: technology_rows(code, office) for code in codes}
    data[codes[0]] += technology_rows(
        codes[0], ("Epic Systems", "Medical software", "Y"), asp
    )
    data[codes[1]] += technology_rows(
        codes[1], ("Epic Systems", "Medical software", "N")
    )
    for code in codes[4:6]:  # ASP is mostly the office occupations'
        data[code] += technology_rows(code, asp)
    # Other products, each flagged for a few occupations.
    for count, name in ((2, "Tool A"), (3, "Tool B"), (4, "Tool C")):
        for code in codes[6 : 6 + count]:
            data[code] += technology_rows(code, (name, f"{name} class", "N"))
    return data


def test_ubiquity_is_the_upper_fence_of_the_data(technology):
    assert onet.upper_fence([12, 5, 2]) == D("16.0")
    spread = onet.technology_spread(technology)
    # Flagged for 12, 2, 3, 2, 3 and 4 occupations: Q1 2.25, Q3 3.75, fence 6.
    assert spread.product_fence == spread.class_fence == D("6.00")
    assert spread.is_ubiquitous("Microsoft Office software", "Office suite software")
    assert not spread.is_ubiquitous("Epic Systems", "Medical software")
    assert not spread.is_ubiquitous(
        "Active Server Pages ASP", "Web platform development software"
    )


def test_technology_is_specific_to_few_occupations_and_shown_by_its_class(
    technology,
):
    spread = onet.technology_spread(technology)
    items = onet.technology_items("29-1000", ["29-1000.00"], technology, spread)
    assert items == [
        {
            "name": "Medical software",
            "reason": "O*NET lists Epic Systems for this job as hot technology (in "
            "demand in this job’s postings: Epic Systems); it is flagged for 2 of 12 "
            "occupations",
            "source": onet.TECHNOLOGY,
        }
    ]
    # Office software is ubiquitous (no exemption); ASP is another field's:
    # one of the three occupations flagging it is in healthcare, a third of
    # all are.
    assert not spread.is_of_field("Active Server Pages ASP", "29-1000")
    assert spread.is_of_field("Epic Systems", "29-1001")


def test_technology_reasons_name_up_to_three_best_known_products():
    spread = onet.TechnologySpread(occupations=900)
    for product, count in (("A", 5), ("B", 50), ("C", 20), ("D", 1)):
        spread.products[product] = set(range(count))
    reason = onet.technology_reason(
        dict.fromkeys("ABCD", (True, False)),
        spread,
    )
    assert reason == (
        "O*NET lists B, C and A for this job as hot technology; none is flagged "
        "for more than 50 of 900 occupations"
    )


# --- Emerging tasks --------------------------------------------------------------


def test_emerging_tasks_are_recent_new_tasks_with_their_date():
    rows = {
        "35-2011.00": [
            {"Task": "Take out garbage.", "Category": "New", "Date": "08/2019"},
            {"Task": "Reworded task.", "Category": "Revision", "Date": "08/2024"},
            {"Task": "Order stock online.", "Category": "New", "Date": "08/2023"},
            {"Task": "Operate  drones.", "Category": "New", "Date": "05/2025"},
        ]
    }
    since = onet.emerging_since(rows)
    assert since == (2022, 5)
    items = onet.emerging_task_items("35-2011", ["35-2011.00"], rows, since)
    assert [item["name"] for item in items] == [
        "Operate drones.",
        "Order stock online.",
    ]
    assert items[0]["reason"] == (
        "A new task O*NET recorded for this occupation in May 2025, not yet among "
        "its rated tasks"
    )
    assert all(item["source"] == onet.EMERGING_TASK for item in items)


def test_both_shapes_of_a_records_skills_are_read():
    old = {"core": ["Coding"], "emerging": ["Excel"]}
    new = {
        "core": [{"name": "Coding", "reason": "Importance 4.0 of 5 here"}],
        "emerging": [
            {"name": "A task.", "reason": "New", "source": onet.EMERGING_TASK},
            {"name": "Medical software", "reason": "Why", "source": onet.TECHNOLOGY},
        ],
    }
    assert onet.skill_entries(old, "core") == [
        {"name": "Coding", "reason": "", "source": ""}
    ]
    assert [e["name"] for e in onet.skill_entries(new, "emerging")] == [
        "A task.",
        "Medical software",
    ]
    assert [
        e["name"] for e in onet.skill_entries(new, "emerging") if onet.is_skill(e)
    ] == ["Medical software"]


# --- Safer moves -------------------------------------------------------------------


def test_the_rule_is_at_least_ten_points_lower():
    assert moves.MIN_RISK_GAP == 10
    assert moves.is_safer(60, 50)
    assert not moves.is_safer(60, 51)
    assert not moves.is_safer(None, 10) and not moves.is_safer(60, None)


def record(soc, risk, zone, title=None):
    # SV alone makes the score: 0.5 SV + 0.3 × 0 + 0.2 × (100 − 100).
    return {
        "soc": soc,
        "title": title or soc,
        "onet_codes": [f"{soc}.00"],
        "job_zone": zone,
        "skill_vulnerability": str(2 * risk),
        "task_automation": "0",
        "ai_complementarity": "100",
        "skills": {"core": [], "emerging": []},
    }


MEANS = {"Listening": D("3.5"), "Repairing": D("1.7"), "Selling": D("2.5")}


def jobs(records, profiles, activities):
    return moves.Jobs(records, profiles, MEANS, activities)


def test_moves_need_a_clearly_lower_risk_and_a_similar_job_zone():
    records = [
        record("mine", 40, 3),
        record("safer", 30, 4),
        record("barely", 31, 3),  # 9 points lower: not clearly safer
        record("far-zone", 10, 5),  # two Job Zones up
        record("riskier", 60, 3),
    ]
    profile = {"Listening": D("4"), "Repairing": D("3.5"), "Selling": D("2")}
    profiles = {item["soc"]: profile for item in records}
    activities = {item["soc"]: {"fix pipes", "read plans"} for item in records}
    activities["mine"] |= {"talk"}
    activities["elsewhere"] = {"sell"}  # another job: the shared work is rarer
    found = jobs(records, profiles, activities).moves("mine")
    assert [move["soc"] for move in found] == ["safer"]
    assert found[0]["reason"] == (
        "Both need Repairing and Listening more than the average job; 2 work "
        "activities in common; Job Zone 4, one step above yours"
    )


def test_generic_skills_and_common_work_do_not_make_a_move():
    records = [record("mine", 50, 3), record("generic", 20, 3), record("close", 30, 3)]
    profiles = {
        # Only Listening above the mean for both: a skill every job rates.
        "mine": {"Listening": D("3.6"), "Repairing": D("3.9"), "Selling": D("1")},
        "generic": {"Listening": D("3.6"), "Repairing": D("1"), "Selling": D("1")},
        "close": {"Listening": D("3.4"), "Repairing": D("3.8"), "Selling": D("1")},
    }
    common = {f"common {n}" for n in range(3)}
    activities = {
        "mine": common | {"fix pipes", "solder"},
        "generic": set(common),  # work every job does weighs nothing
        "close": common | {"fix pipes", "solder"},
    }
    # A fourth job doing only the common work keeps it from being rare.
    records.append(record("other", 90, 1))
    profiles["other"] = {"Listening": D("3"), "Repairing": D("1"), "Selling": D("1")}
    activities["other"] = set(common)
    found = jobs(records, profiles, activities).moves("mine")
    assert [move["soc"] for move in found] == ["close"]
    assert 0 < found[0]["overlap"] <= 100


def test_a_job_without_skill_ratings_is_compared_on_work_alone():
    records = [record("unrated", 50, 2), record("rated", 20, 2)]
    profiles = {"unrated": {}, "rated": {"Repairing": D("3")}}
    activities = {"unrated": {"drive", "load"}, "rated": {"drive", "load", "x"}}
    activities["third"] = {"x"}
    found = jobs(records, profiles, activities).moves("unrated")
    assert [move["soc"] for move in found] == ["rated"]
    assert found[0]["reason"] == "2 work activities in common; Job Zone 2 like yours"
    # A job with ratings is compared only with jobs that have them.
    records.append(record("rated-too", 80, 2))
    profiles["rated-too"] = {"Repairing": D("3")}
    activities["rated-too"] = {"drive", "load", "x"}
    assert jobs(records, profiles, activities).moves("rated-too") == [
        {
            "soc": "rated",
            "overlap": 100,
            "reason": "Both need Repairing more than the average job; 3 work "
            "activities in common; Job Zone 2 like yours",
        }
    ]


def test_the_skills_a_safer_move_needs_more():
    records = [record("mine", 50, 3), record("target", 20, 3, "Electricians")]
    profiles = {
        "mine": {"Listening": D("3.6"), "Repairing": D("3.0"), "Selling": D("2.6")},
        "target": {"Listening": D("3.6"), "Repairing": D("4.1"), "Selling": D("3")},
    }
    table = jobs(records, profiles, {"mine": {"a"}, "target": {"a"}})
    items = table.move_skills("mine", [{"soc": "target"}], taken=set())
    assert items == [
        {
            "name": "Repairing",
            "reason": "Needed more by Electricians, a safer move: importance 4.1 of "
            "5 there, 3.0 here",
            "source": onet.MOVE,
        }
    ]
    assert table.move_skills("mine", [{"soc": "target"}], taken={"Repairing"}) == []


# --- The release's rows ---------------------------------------------------------


def test_old_and_new_records_sync_their_skills(db):
    old = {"skills": {"core": ["Coding"], "emerging": ["Excel"]}}
    new = {
        "skills": {
            "core": [{"name": "Repairing", "reason": "Importance 3.3 of 5 here"}],
            "emerging": [
                {"name": "A new task.", "reason": "New", "source": onet.EMERGING_TASK}
            ],
        }
    }
    skills = releases.sync_skills([old, new])
    assert sorted(skills) == ["Coding", "Excel", "Repairing"]
    assert not Skill.objects.filter(name="A new task.").exists()
    assert releases.skill_notes(old) == {}
    assert releases.skill_notes({**new, "skill_ratings": True}) == {
        "skill_ratings": True,
        "emerging_tasks": [{"text": "A new task.", "reason": "New"}],
    }


def test_moves_are_stored_between_roles_and_a_replay_without_them_keeps_them(
    make_role,
):
    mine = make_role("mine", soc_code="47-2152", origin=Role.Origin.DATASET)
    helper = make_role("helper", soc_code="47-3015", origin=Role.Origin.DATASET)
    coder = make_role("coder", soc_code="29-2072.00")  # an editorial file
    records = [
        {
            "soc": "47-2152",
            "slug": "mine",
            "moves": [
                {"soc": "29-2072", "overlap": 20, "reason": "Second"},
                {"soc": "47-3015", "overlap": 30, "reason": "First"},
                {"soc": "99-9999", "overlap": 90, "reason": "Not a role"},
            ],
        },
        {"soc": "47-3015", "slug": "helper", "moves": []},
        {"soc": "29-2072", "slug": "medical-records-specialists", "moves": []},
    ]
    covered = {"medical-records-specialists": coder}
    assert releases.sync_moves(records, covered) == 2
    stored = list(
        RoleMove.objects.values_list("role", "target", "position", "overlap", "reason")
    )
    assert stored == [
        (mine.pk, coder.pk, 0, 20, "Second"),
        (mine.pk, helper.pk, 1, 30, "First"),
    ]
    assert releases.sync_moves(records, covered) == 0  # nothing to change
    old = [{key: v for key, v in item.items() if key != "moves"} for item in records]
    assert releases.sync_moves(old, covered) == 0
    assert RoleMove.objects.count() == 2


# --- The role page ----------------------------------------------------------------


def data_built(make_role, make_edition, slug, **fields):
    role = make_role(slug, origin=Role.Origin.DATASET)
    return make_edition(role, skills=0, **fields)


def give(edition, kind, name, reason=""):
    skill, _ = Skill.objects.get_or_create(name=name, defaults={"slug": slug_for(name)})
    return EditionSkill.objects.create(
        edition=edition, skill=skill, kind=kind, position=0, reason=reason
    )


def skills_text(client, slug):
    page = visible_text(client.get(f"/roles/{slug}/").content.decode())
    return page[page.index("Skills to build.") :]


def test_each_skill_shows_its_reason_and_how_the_list_was_chosen(
    client, make_role, make_edition
):
    edition = data_built(
        make_role,
        make_edition,
        "plumbers",
        generated={
            "skill_ratings": True,
            "emerging_tasks": [
                {"text": "Use drones for roof checks.", "reason": "A new task"}
            ],
        },
    )
    give(
        edition,
        EditionSkill.Kind.CORE,
        "Repairing",
        "Importance 3.3 of 5 here, 1.7 on average across occupations",
    )
    give(edition, EditionSkill.Kind.EMERGING, "Medical software", "O*NET lists Epic")
    text = skills_text(client, "plumbers")
    assert "Repairing Importance 3.3 of 5 here, 1.7 on average across occupations." in (
        text
    )
    assert "needs at least a quarter point more than the average occupation" in text
    assert "No skill is on more than a quarter of all role files’ core lists" in text
    assert "Medical software O*NET lists Epic." in text
    assert "New in the work Use drones for roof checks. A new task." in text
    assert "Emerging 2 · build next" in text


def test_a_role_without_skill_ratings_says_so(client, make_role, make_edition):
    data_built(
        make_role, make_edition, "slaughterers", generated={"skill_ratings": False}
    )
    text = skills_text(client, "slaughterers")
    assert "Core None · needed today" in text
    assert "O*NET publishes no skill ratings for this occupation." in text


def test_an_older_edition_keeps_its_chips_and_its_note(client, make_role, make_edition):
    edition = data_built(make_role, make_edition, "cooks")
    give(edition, EditionSkill.Kind.EMERGING, "Microsoft Excel")
    text = skills_text(client, "cooks")
    assert "Technologies O*NET flags as in demand or hot for this occupation." in text
    assert "O*NET publishes no skill ratings" not in text


def move(role, target, position, overlap=40, reason="Both need Repairing"):
    return RoleMove.objects.create(
        role=role.role,
        target=target.role,
        position=position,
        overlap=overlap,
        reason=reason,
    )


BLS = "Mean annual wage, BLS OEWS May 2024"


def test_a_safer_role_is_lower_risk_by_the_rule(client, make_role, make_edition):
    # SV alone moves the score: 0.5 × SV + 15 + 10.
    mine = make_edition(make_role("mine"), skill_vulnerability=90)  # risk 70
    barely = make_edition(make_role("barely"), skill_vulnerability=72)  # 61
    safer = make_edition(make_role("safer"), skill_vulnerability=70)  # 60
    draft = make_edition(
        make_role("drafty"),
        skill_vulnerability=10,
        status=Edition.Status.DRAFT,
        published_on=None,
    )
    for position, target in enumerate((barely, draft, safer)):
        move(mine, target, position, reason=f"Reason {target.role.slug}")
    text = visible_text(client.get("/roles/mine/").content.decode())
    section = text[text.index("Safer roles that share your work.") :]
    assert "Safer 60" in section and "10 points lower" in section
    assert "Reason safer." in section and "Overlap 40%" in section
    assert "Barely" not in section.split("Roles nearby.")[0]
    assert "Drafty" not in section
    assert "at least 10 points lower" in section


def test_pay_is_compared_only_on_the_same_bls_measure(client, make_role, make_edition):
    coder = make_edition(
        make_role("coder"),
        skill_vulnerability=90,
        mean_salary=42_000,
        salary_note="Average annual pay, editors’ figure",
    )
    bls = make_edition(
        make_role("bls-target"),
        skill_vulnerability=20,
        mean_salary=60_000,
        salary_note=BLS,
    )
    move(coder, bls, 0)
    text = visible_text(client.get("/roles/coder/").content.decode())
    card = text[text.index("Bls Target") : text.index("Read the role file")]
    assert "Pay difference Not comparable" in card
    assert "+$18K" not in text
    Edition.objects.filter(pk=coder.pk).update(mean_salary=50_000, salary_note=BLS)
    text = visible_text(client.get("/roles/coder/").content.decode())
    assert "Pay difference +$10K" in text


def test_without_a_move_related_roles_that_pass_the_rule_are_labelled(
    client, make_role, make_edition
):
    from roles.models import RoleRelation

    mine = make_edition(make_role("mine"), skill_vulnerability=90)
    near = make_edition(make_role("near"), skill_vulnerability=80)  # 5 lower
    far = make_edition(make_role("far"), skill_vulnerability=40)  # 25 lower
    for position, other in enumerate((near, far)):
        RoleRelation.objects.create(
            role=mine.role, related=other.role, position=position
        )
    text = visible_text(client.get("/roles/mine/").content.decode())
    section = text[text.index("Safer related roles.") : text.index("Roles nearby.")]
    assert "Far" in section and "Near" not in section
    assert "Their skills were not compared." in section
    RoleRelation.objects.filter(related=far.role).delete()
    text = visible_text(client.get("/roles/mine/").content.decode())
    assert "Safer related roles." not in text and "Safer roles that share" not in text


def test_the_api_gives_the_moves_and_the_skill_reasons(client, make_role, make_edition):
    mine = make_edition(make_role("mine"), skills=0, skill_vulnerability=90)
    give(mine, EditionSkill.Kind.CORE, "Repairing", "Importance 3.3 of 5 here")
    target = make_edition(make_role("target"), skill_vulnerability=20)
    move(mine, target, 0, overlap=33, reason="Both need Repairing")
    data = client.get("/api/roles/mine.json").json()
    assert data["skills"][0]["reason"] == "Importance 3.3 of 5 here"
    assert data["emerging_tasks"] == []
    (safer,) = data["safer_moves"]
    assert (safer["slug"], safer["overlap"], safer["reason"]) == (
        "target",
        33,
        "Both need Repairing",
    )
    assert safer["risk_gap"] == 35 and safer["pay_gap"] is None
