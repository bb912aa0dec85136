"""Skills and safer moves of all 784 roles built from ../shared/data (issue
17), checked against the raw O*NET files read here on their own: no
ubiquitous technology to build, no skill on more than a quarter of the core
lists, core figures as O*NET gives them, and every move lower-risk by the
rule with a Job Zone within one."""

import csv
import re
import statistics
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from roles import scoring
from roles.dataset.moves import MIN_RISK_GAP
from tests.conftest import RAW_DATA

pytestmark = pytest.mark.skipif(
    not RAW_DATA.exists(), reason="needs the raw data in ../shared"
)


def tsv(name):
    with (RAW_DATA / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


@pytest.fixture(scope="module")
def records(full_build):
    _, records = full_build
    return {record["soc"]: record for record in records}


def fence(counts):
    q1, _, q3 = statistics.quantiles(sorted(counts), n=4, method="inclusive")
    return q3 + 1.5 * (q3 - q1)


@pytest.fixture(scope="module")
def ubiquitous():
    """Products and classes flagged (hot or in demand) for more occupations
    than the upper fence of the flagged counts."""
    products, classes = defaultdict(set), defaultdict(set)
    for row in tsv("onet/Technology Skills.txt"):
        if "Y" in (row["Hot Technology"], row["In Demand"]):
            products[row["Example"]].add(row["O*NET-SOC Code"])
            classes[row["Commodity Title"]].add(row["O*NET-SOC Code"])
    limit = fence([len(codes) for codes in products.values()])
    class_limit = fence([len(codes) for codes in classes.values()])
    return (
        {name for name, codes in products.items() if len(codes) > limit},
        {name for name, codes in classes.items() if len(codes) > class_limit},
    )


def listed_products(reason):
    match = re.match(r"O\*NET lists (.+) for this job as ", reason)
    assert match, reason
    *others, last = match[1].split(", ")
    return others + last.split(" and ") if " and " in last else [*others, last]


def test_no_ubiquitous_technology_is_a_skill_to_build(records, ubiquitous):
    products, classes = ubiquitous
    assert {"Microsoft Office software", "Microsoft Excel", "Microsoft Word"} <= (
        products
    )
    for record in records.values():
        for kind in ("core", "emerging"):
            for item in record["skills"][kind]:
                assert item["name"] not in products | classes, record["soc"]
                if item.get("source") == "technology":
                    listed = listed_products(item["reason"])
                    assert not set(listed) & products, (record["soc"], listed)


def test_no_skill_is_on_more_than_a_quarter_of_the_core_lists(records):
    lists = [record["skills"]["core"] for record in records.values()]
    filled = [items for items in lists if items]
    counts = Counter(item["name"] for items in filled for item in items)
    assert max(counts.values()) <= len(filled) / 4
    assert all(len(items) <= 6 for items in lists)
    # The generic skills no longer lead nearly every list.
    assert counts["Active Listening"] < len(filled) / 4
    assert counts["Speaking"] < len(filled) / 4


def test_core_skills_are_o_net_skills_with_their_figures(records):
    importance = defaultdict(dict)
    for row in tsv("onet/from_db_29_2/Skills.txt"):
        if row["Scale ID"] == "IM":
            importance[row["O*NET-SOC Code"]][row["Element Name"]] = Decimal(
                row["Data Value"]
            )
    values = defaultdict(list)
    for ratings in importance.values():
        for name, value in ratings.items():
            values[name].append(value)
    means = {name: sum(items) / len(items) for name, items in values.items()}

    def tenth(value):
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    unrated = 0
    for soc, record in records.items():
        codes = [code for code in record["onet_codes"] if code in importance]
        if not codes:
            unrated += 1
            assert record["skill_ratings"] is False and record["skills"]["core"] == []
            continue
        own = f"{soc}.00"
        codes = [own] if own in codes else codes
        for item in record["skills"]["core"]:
            name = item["name"]
            here = sum(importance[code][name] for code in codes) / len(codes)
            assert here >= 3 and here - means[name] >= Decimal("0.25"), (soc, name)
            assert item["reason"] == (
                f"Importance {tenth(here)} of 5 here, {tenth(means[name])} on "
                "average across occupations"
            )
    assert unrated == 31


def test_emerging_tasks_are_o_net_new_emerging_tasks(records):
    new = defaultdict(set)
    for row in tsv("onet/Emerging Tasks.txt"):
        if row["Category"] == "New":
            new[row["O*NET-SOC Code"]].add(" ".join(row["Task"].split()))
    shown = 0
    for record in records.values():
        tasks = [
            item["name"]
            for item in record["skills"]["emerging"]
            if item["source"] == "emerging_task"
        ]
        known = set().union(*(new[code] for code in record["onet_codes"]))
        assert set(tasks) <= known, record["soc"]
        shown += len(tasks)
    assert shown > 0


def test_every_move_is_lower_risk_by_the_rule_and_a_job_zone_within_one(records):
    zones = defaultdict(list)
    for row in tsv("onet/Job Zones.txt"):
        zones[row["O*NET-SOC Code"]].append(int(row["Job Zone"]))

    def risk(record):
        return scoring.risk_score(
            record["skill_vulnerability"],
            record["task_automation"],
            record["ai_complementarity"],
        )

    def zone(record):
        return max(z for code in record["onet_codes"] for z in zones[code])

    with_moves = 0
    for soc, record in records.items():
        with_moves += bool(record["moves"])
        assert len(record["moves"]) <= 10
        for move in record["moves"]:
            target = records[move["soc"]]
            assert risk(target) <= risk(record) - MIN_RISK_GAP, (soc, move)
            assert abs(zone(target) - zone(record)) <= 1, (soc, move)
            assert 0 <= move["overlap"] <= 100 and len(move["reason"]) <= 300
    assert with_moves > 400
