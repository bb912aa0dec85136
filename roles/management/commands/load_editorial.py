"""Load the shipped editorial content: sectors, editorial role files, toolkit.

    python manage.py load_editorial            # create what is missing
    python manage.py load_editorial --update   # also overwrite what exists

By default an existing role or edition is left alone, so restarting `make run`
never undoes an editor's local changes. Either way a second run changes
nothing, and the whole load is one transaction.

An edition that `follows` a data release ("2026-q4") carries that release's
evidence (outlook, observed use, European names), copied from the role's
edition of that quarter; until the release is replayed it waits, and
`import_dataset` loads it once the releases are in.
"""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from roles.caching import bump_content_version
from roles.dataset.method import FIRST_VERSION
from roles.models import (
    AlternateTitle,
    Edition,
    EditionSkill,
    EditionSource,
    Resource,
    Role,
    Sector,
    Skill,
    Source,
    Task,
    slug_for,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
EDITION_FIELDS = [
    "status",
    "published_on",
    "skill_vulnerability",
    "task_automation",
    "ai_complementarity",
    "horizon_min_years",
    "horizon_max_years",
    "us_workers",
    "workers_note",
    "mean_salary",
    "salary_note",
    "data_vintage",
    "headline",
    "change_note",
]
# Figures an editorial file may carry when it is built on the research data.
OPTIONAL_EDITION_FIELDS = [
    "median_salary",
    "prior_us_workers",
    "prior_mean_salary",
    "uncertainty",
    "exposure_beta_gpt4",
    "exposure_beta_human",
    "ai_applicability",
]


# What a task of an editorial file may say beside its text: the O*NET task it
# paraphrases with that task's labels, and why the editors placed it.
TASK_KEYS = ("text", "onet_task_id", "gpt4_label", "human_label", "reason")


def task_fields(item):
    """A task is its text, or an object of TASK_KEYS."""
    if isinstance(item, str):
        return {"text": item}
    unknown = set(item) - set(TASK_KEYS)
    if unknown:
        raise CommandError(f"Unknown task keys {sorted(unknown)} in {item!r}")
    return dict(item)


def read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from error


class Command(BaseCommand):
    help = "Load the shipped sectors, editorial role files and toolkit from fixtures/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite rows that already exist."
        )
        parser.add_argument(
            "--path", type=Path, default=FIXTURES, help="Folder holding the data files."
        )
        parser.add_argument(
            "--follow-ups",
            action="store_true",
            help="Load only the editions that follow a data release, for roles "
            "already loaded (import_dataset runs this after replaying releases).",
        )

    def handle(self, *args, update, path, follow_ups, **options):
        self.update = update
        self.counts = Counter()
        if follow_ups:
            with transaction.atomic():
                self.load_follow_ups(path)
                transaction.on_commit(bump_content_version)
            self.report()
            return
        with transaction.atomic():
            for item in read_json(path / "sectors.json"):
                self.sync(Sector, {"slug": item.pop("slug")}, item)
            for file in sorted((path / "editorial").glob("*.json")):
                self.load_role(read_json(file))
            for item in read_json(path / "toolkit.json"):
                self.load_resource(item)
            # Bulk writes send no signals: end the cached pages here.
            transaction.on_commit(bump_content_version)
        self.report()

    def load_follow_ups(self, path):
        for file in sorted((path / "editorial").glob("*.json")):
            data = read_json(file)
            role = Role.objects.filter(slug=data["slug"]).first()
            if role is None:
                continue
            for edition in data["editions"]:
                if "follows" in edition:
                    self.load_edition(role, edition)

    def report(self):
        summary = ", ".join(
            f"{name} {count}" for name, count in sorted(self.counts.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Editorial content loaded: {summary or 'nothing to do'}."
            )
        )

    def sync(self, model, lookup, values, children_differ=None):
        """Create a row, or update it with --update; count what happened.

        `children_differ(obj)` says whether rows hanging off it (tasks,
        titles...) differ from the file, which also makes it an update.
        """
        label = model._meta.verbose_name_plural
        values = {key: self.clean(model, key, value) for key, value in values.items()}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.counts[f"{label} created"] += 1
            return obj, True
        if self.update and (
            any(getattr(obj, key) != value for key, value in values.items())
            or (children_differ is not None and children_differ(obj))
        ):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            self.counts[f"{label} updated"] += 1
            return obj, True
        self.counts[f"{label} unchanged"] += 1
        return obj, False

    @staticmethod
    def clean(model, name, value):
        # Compare like with like: "82.9" from JSON is Decimal("82.9") in the model.
        field = model._meta.get_field(name)
        return value if field.is_relation else field.to_python(value)

    def load_role(self, data):
        sector = Sector.objects.get(slug=data["sector"])
        fields = {key: data[key] for key in ("title", "soc_code", "summary")}
        role, changed = self.sync(
            Role,
            {"slug": data["slug"]},
            {**fields, "sector": sector, "origin": Role.Origin.EDITORIAL},
            children_differ=lambda role: (
                list(role.alternate_titles.values_list("title", "note"))
                != [(alt["title"], alt["note"]) for alt in data["alternate_titles"]]
            ),
        )
        if changed:
            role.alternate_titles.all().delete()
            AlternateTitle.objects.bulk_create(
                AlternateTitle(
                    role=role,
                    title=alt["title"],
                    slug=slug_for(alt["title"]),
                    note=alt["note"],
                    position=i,
                )
                for i, alt in enumerate(data["alternate_titles"])
            )
        role.refresh_search_text()
        for edition in data["editions"]:
            self.load_edition(role, edition)

    def load_edition(self, role, data):
        values = {key: data[key] for key in EDITION_FIELDS}
        values |= {key: data.get(key) for key in OPTIONAL_EDITION_FIELDS}
        values["brief"] = "\n\n".join(data["brief"])
        values["key_takeaways"] = "\n".join(data["key_takeaways"])
        if "follows" in data:
            source = self.followed_edition(role, data["follows"])
            if source is None:
                self.counts["editions waiting for their data release"] += 1
                return
            values |= {name: getattr(source, name) for name in Edition.EVIDENCE_FIELDS}
            values["generated"] = {
                "esco": source.generated.get("esco", []),
                # The method its factors were computed with, if they were.
                "method": data.get("method", FIRST_VERSION),
            }
        edition, changed = self.sync(
            Edition,
            {"role": role, "year": data["year"], "quarter": data["quarter"]},
            values,
            children_differ=lambda edition: (
                self.contents_of(edition) != self.contents_in(data)
            ),
        )
        if not changed:
            return
        edition.tasks.all().delete()
        edition.edition_skills.all().delete()
        edition.edition_sources.all().delete()
        Task.objects.bulk_create(
            Task(edition=edition, kind=kind, position=position, **task_fields(item))
            for kind in Task.Kind
            for position, item in enumerate(data["tasks"][kind.value], start=1)
        )
        EditionSkill.objects.bulk_create(
            EditionSkill(
                edition=edition, skill=self.skill(name), kind=kind, position=position
            )
            for kind in EditionSkill.Kind
            for position, name in enumerate(data["skills"][kind.value], start=1)
        )
        for position, item in enumerate(data["sources"], start=1):
            source, _ = Source.objects.update_or_create(
                publisher=item["publisher"],
                title=item["title"],
                defaults={"url": item.get("url", ""), "year": item.get("year")},
            )
            EditionSource.objects.create(
                edition=edition,
                source=source,
                detail=item.get("detail", ""),
                position=position,
            )

    @staticmethod
    def followed_edition(role, quarter):
        year, number = (int(part) for part in quarter.split("-q"))
        return role.editions.filter(year=year, quarter=number).first()

    @staticmethod
    def contents_of(edition):
        """An edition's tasks, skills and sources, in order, as plain values."""
        return (
            list(
                edition.tasks.order_by("kind", "position").values_list(
                    "kind", "text", "reason"
                )
            ),
            list(
                edition.edition_skills.order_by("kind", "position").values_list(
                    "kind", "skill__name"
                )
            ),
            list(
                edition.edition_sources.order_by("position").values_list(
                    "source__publisher", "source__title", "detail"
                )
            ),
        )

    @staticmethod
    def contents_in(data):
        """The same, as the file gives them."""
        return (
            [
                (kind, task_fields(item)["text"], task_fields(item).get("reason", ""))
                for kind in sorted(data["tasks"])
                for item in data["tasks"][kind]
            ],
            [
                (kind, name)
                for kind in sorted(data["skills"])
                for name in data["skills"][kind]
            ],
            [
                (item["publisher"], item["title"], item.get("detail", ""))
                for item in data["sources"]
            ],
        )

    def skill(self, name):
        skill, _ = Skill.objects.get_or_create(
            slug=slug_for(name), defaults={"name": name}
        )
        return skill

    def load_resource(self, data):
        roles = list(Role.objects.filter(slug__in=data["roles"]))
        missing = set(data["roles"]) - {role.slug for role in roles}
        if missing:
            raise CommandError(
                f"Toolkit entry {data['title']!r} names unknown roles: {sorted(missing)}"
            )
        values = {key: data[key] for key in ("title", "kind", "description")}
        resource, _ = self.sync(Resource, {"url": data["url"]}, values)
        resource.roles.add(*roles)
