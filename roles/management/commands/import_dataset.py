"""Load the data-built role files, optionally rebuilding them from raw data.

    python manage.py import_dataset                          # load the shipped file
    python manage.py import_dataset --raw ../shared/data     # rebuild it, then load

The load is one transaction and idempotent: a role whose data has not changed
is skipped, so a second run changes nothing. Editorial roles are never touched:
an editorial file with the same occupation replaces the data-built one.
"""

import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from roles import scoring, search
from roles.caching import bump_content_version
from roles.dataset.build import build
from roles.dataset.derived import DERIVED_NAME, read_derived, write_derived
from roles.dataset.prose import brief, headline
from roles.dataset.raw import DatasetError
from roles.models import (
    AlternateTitle,
    Edition,
    EditionSkill,
    EditionSource,
    Role,
    RoleRedirect,
    RoleRelation,
    Sector,
    Skill,
    Source,
    Task,
    slug_for,
)

DIGEST_VERSION = "2:search"
DERIVED_FOLDER = Path(settings.BASE_DIR) / "fixtures" / "dataset"


class ProgressBar:
    """A one-line bar on an interactive terminal; silent when piped or tested."""

    def __init__(self, stream, total, width=30):
        self.stream, self.total, self.width = stream, total, width
        self.enabled = stream.isatty() and total > 0

    def update(self, done):
        if self.enabled:
            filled = self.width * done // self.total
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total} roles")
            self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Load the data-built role files (from fixtures/dataset, or rebuilt from --raw)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--raw",
            type=Path,
            help="Folder of raw data (../shared/data): rebuild the derived file.",
        )
        parser.add_argument(
            "--derived",
            type=Path,
            default=DERIVED_FOLDER,
            help="Folder of the derived file.",
        )

    def handle(self, *args, raw, derived, **options):
        try:
            if raw is not None:
                meta, records = self.rebuild(raw, derived)
            else:
                meta, records = read_derived(derived / DERIVED_NAME)
            with transaction.atomic():
                counts, reasons = self.load(meta, records)
                # Bulk writes send no signals: end the cached pages here.
                transaction.on_commit(bump_content_version)
        except DatasetError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.report(counts, reasons)

    def rebuild(self, raw, derived):
        self.stdout.write(f"Reading raw data from {raw} ...")
        meta, records, report = build(raw)
        write_derived(derived, meta, records, raw)
        coverage = meta["coverage"]
        share = (
            100
            * coverage["us_workers_covered"]
            / coverage["us_workers_in_detailed_occupations"]
        )
        self.stdout.write(
            f"Wrote {derived / DERIVED_NAME}: {coverage['roles']} roles of "
            f"{coverage['oews_detailed_occupations']} OEWS detailed occupations, "
            f"{coverage['us_workers_covered']:,} workers ({share:.2f}% of employment)."
        )
        for reason, items in sorted(report.skipped.items()):
            self.stdout.write(f"  not built, {reason}: {len(items)} (e.g. {items[0]})")
        return meta, records

    def load(self, meta, records):
        counts, reasons = Counter(), defaultdict(list)
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        missing = {record["sector"] for record in records} - set(sectors)
        if missing:
            raise DatasetError(
                f"Sectors {sorted(missing)} are not in the database: run load_editorial first."
            )
        editorial = list(Role.objects.filter(origin=Role.Origin.EDITORIAL))
        existing = {
            role.slug: role for role in Role.objects.filter(origin=Role.Origin.DATASET)
        }
        sources = self.sync_sources(meta["sources"])
        skills = self.sync_skills(records)

        changed, covered = [], {}
        progress = ProgressBar(
            sys.stderr if self.stdout.isatty() else self.stdout, len(records)
        )
        for done, record in enumerate(records, start=1):
            progress.update(done)
            holder = self.editorial_holder(record, editorial)
            if holder is not None:
                reasons["skipped: an editorial file covers the occupation"].append(
                    f"{record['soc']} -> {holder.slug}"
                )
                covered[record["slug"]] = holder
                continue
            digest = self.digest(meta, record)
            role = existing.pop(record["slug"], None)
            if role is not None and role.import_digest == digest:
                counts["unchanged"] += 1
                continue
            counts["updated" if role else "created"] += 1
            changed.append((self.save_role(role, record, sectors, digest), record))
        progress.close()

        superseded = [
            role
            for role in existing.values()
            if self.is_superseded(role, records, editorial)
        ]
        gone = [role for role in existing.values() if role not in superseded]
        for role in superseded:
            reasons["removed: now covered by an editorial file"].append(role.slug)
        for role in gone:
            reasons["removed: no longer in the data"].append(role.slug)
        self.delete_roles(superseded + gone)
        self.redirect(covered, records)
        self.save_editions(changed, meta, sources, skills)
        search.index_roles(Role.objects.filter(pk__in=[role.pk for role, _ in changed]))
        counts["relations changed"] = self.sync_relations(records, covered)
        if changed and connection.vendor == "postgresql":
            # Fresh statistics, or the planner scans editions once per role.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE roles_role, roles_edition")
        return counts, reasons

    def report(self, counts, reasons):
        summary = ", ".join(
            f"{counts[key]} {key}"
            for key in ("created", "updated", "unchanged", "relations changed")
        )
        self.stdout.write(self.style.SUCCESS(f"Data-built roles: {summary}."))
        for reason, items in sorted(reasons.items()):
            self.stdout.write(f"  {reason}: {len(items)} ({', '.join(items[:5])})")

    @staticmethod
    def digest(meta, record):
        # The edition and sources are part of what a role file shows; the
        # version changes when the import starts storing something new.
        payload = DIGEST_VERSION + json.dumps(
            [meta["edition"], meta["sources"], meta["data_vintage"], record],
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @staticmethod
    def editorial_holder(record, editorial):
        for role in editorial:
            if role.slug == record["slug"] or role.soc_code in (
                record["soc"],
                *record["onet_codes"],
            ):
                return role
        return None

    def is_superseded(self, role, records, editorial):
        record = next(
            (record for record in records if record["slug"] == role.slug), None
        )
        return (
            record is not None and self.editorial_holder(record, editorial) is not None
        )

    @staticmethod
    def redirect(covered, records):
        """The data-built address and titles of an occupation lead to its editorial file."""
        titles = {record["slug"]: record["alternate_titles"] for record in records}
        for old_slug, role in covered.items():
            if old_slug != role.slug:
                RoleRedirect.objects.update_or_create(
                    old_slug=old_slug, defaults={"role": role}
                )
            data_titles = "\n".join(titles[old_slug])
            if role.data_titles != data_titles:
                role.data_titles = data_titles
                Role.objects.filter(pk=role.pk).update(data_titles=data_titles)
            role.refresh_search_text()

    @staticmethod
    def sync_relations(records, covered):
        """Store O*NET's related occupations between the roles now in the database.

        Only the difference is written, so a second run changes nothing.
        """
        ids = dict(
            Role.objects.filter(slug__in=[r["slug"] for r in records]).values_list(
                "slug", "pk"
            )
        )
        ids |= {slug: role.pk for slug, role in covered.items()}
        role_of_soc = {
            record["soc"]: ids[record["slug"]]
            for record in records
            if record["slug"] in ids
        }
        wanted = {}
        for record in records:
            role_id = ids.get(record["slug"])
            related = [
                role_of_soc[soc] for soc in record["related_soc"] if soc in role_of_soc
            ]
            for position, related_id in enumerate(dict.fromkeys(related)):
                if related_id != role_id:
                    wanted[role_id, related_id] = position
        existing = {
            (row.role_id, row.related_id): row
            for row in RoleRelation.objects.filter(role__in=set(ids.values()))
        }
        stale = [
            row.pk for key, row in existing.items() if wanted.get(key) != row.position
        ]
        RoleRelation.objects.filter(pk__in=stale).delete()
        fresh = [
            RoleRelation(role_id=role_id, related_id=related_id, position=position)
            for (role_id, related_id), position in wanted.items()
            if (role_id, related_id) not in existing
            or existing[role_id, related_id].pk in stale
        ]
        RoleRelation.objects.bulk_create(fresh, batch_size=2000)
        return len(stale) + len(fresh)

    @staticmethod
    def sync_sources(items):
        sources = []
        for item in items:
            source, _ = Source.objects.update_or_create(
                publisher=item["publisher"],
                title=item["title"],
                defaults={"url": item["url"], "year": item["year"]},
            )
            sources.append((source, item["detail"]))
        return sources

    @staticmethod
    def sync_skills(records):
        names = sorted(
            {
                name
                for record in records
                for kind in ("core", "emerging")
                for name in record["skills"][kind]
            }
        )
        known = {skill.name: skill for skill in Skill.objects.filter(name__in=names)}
        Skill.objects.bulk_create(
            [
                Skill(slug=slug_for(name), name=name)
                for name in names
                if name not in known
            ],
            ignore_conflicts=True,
        )
        return {skill.name: skill for skill in Skill.objects.filter(name__in=names)}

    @staticmethod
    def save_role(role, record, sectors, digest):
        values = {
            "title": record["title"],
            "soc_code": record["soc"],
            "sector": sectors[record["sector"]],
            "summary": record["summary"],
            "origin": Role.Origin.DATASET,
            "search_text": search.search_text(
                record["title"], record["alternate_titles"]
            ),
            "import_digest": digest,
        }
        if role is None:
            return Role.objects.create(slug=record["slug"], **values)
        for key, value in values.items():
            setattr(role, key, value)
        role.save()
        return role

    @staticmethod
    def delete_roles(roles):
        ids = [role.pk for role in roles]
        Edition.objects.filter(role__in=ids).delete()
        Role.objects.filter(pk__in=ids).delete()

    def save_editions(self, changed, meta, sources, skills):
        """Replace the edition, tasks, skills, sources and titles of changed roles."""
        if not changed:
            return
        roles = [role for role, _ in changed]
        Edition.objects.filter(role__in=roles).delete()
        AlternateTitle.objects.filter(role__in=roles).delete()
        editions = [self.edition(role, record, meta) for role, record in changed]
        Edition.objects.bulk_create(editions)
        tasks, edition_skills, edition_sources, titles = [], [], [], []
        for edition, (role, record) in zip(editions, changed, strict=True):
            for kind in Task.Kind:
                tasks += [
                    Task(
                        edition=edition,
                        kind=kind,
                        text=task["text"],
                        position=position,
                        exposure=task["exposure"],
                    )
                    for position, task in enumerate(
                        record["tasks"][kind.value], start=1
                    )
                ]
            for kind in EditionSkill.Kind:
                edition_skills += [
                    EditionSkill(
                        edition=edition,
                        skill=skills[name],
                        kind=kind,
                        position=position,
                    )
                    for position, name in enumerate(
                        record["skills"][kind.value], start=1
                    )
                ]
            edition_sources += [
                EditionSource(
                    edition=edition, source=source, detail=detail, position=position
                )
                for position, (source, detail) in enumerate(sources, start=1)
            ]
            titles += [
                AlternateTitle(
                    role=role,
                    title=title,
                    slug=slug_for(title)[:200],
                    position=position,
                )
                for position, title in enumerate(record["alternate_titles"])
            ]
        for model, objects in [
            (Task, tasks),
            (EditionSkill, edition_skills),
            (EditionSource, edition_sources),
            (AlternateTitle, titles),
        ]:
            model.objects.bulk_create(objects, batch_size=2000)

    @staticmethod
    def edition(role, record, meta):
        factors = {
            key: record[key]
            for key in ("skill_vulnerability", "task_automation", "ai_complementarity")
        }
        risk = scoring.risk_score(*factors.values())
        edition = Edition(
            role=role,
            year=meta["edition"]["year"],
            quarter=meta["edition"]["quarter"],
            status=Edition.Status.PUBLISHED,
            published_on=meta["edition"]["published_on"],
            **factors,
            uncertainty=record["uncertainty"],
            exposure_beta_gpt4=record["exposure_beta_gpt4"],
            exposure_beta_human=record["exposure_beta_human"],
            ai_applicability=record["ai_applicability"],
            horizon_min_years=record["horizon"][0],
            horizon_max_years=record["horizon"][1],
            us_workers=record["us_workers"],
            workers_note="Employed nationally, BLS OEWS May 2024",
            mean_salary=record["mean_salary"],
            salary_note="Mean annual wage, BLS OEWS May 2024"
            if record["mean_salary"]
            else "BLS publishes hourly wages only",
            median_salary=record["median_salary"],
            prior_us_workers=record["prior_us_workers"],
            prior_mean_salary=record["prior_mean_salary"],
            data_vintage=meta["data_vintage"],
            headline=headline(record, risk),
            brief=brief(record),
        )
        # bulk_create skips save(), so compute the score as save() would.
        edition.risk_score = edition.compute_risk()
        return edition
