"""Quarterly data releases: a new vintage of the data becomes the next edition.

`build_release()` turns the derived data (meta and one record per occupation)
into a draft release: a draft edition of the release's quarter for every
data-built role whose data changed, new roles for new occupations, and a
planned retirement for each occupation that left the data. Roles whose data
did not change keep their last edition. Nothing public changes until a
publisher publishes the release (roles/publishing.py); a published edition is
never deleted or rewritten.

What an editor wrote on a reviewed data-built file (headline, brief, key
takeaways, leverage text, a task's column with its reason) is carried into the
release's edition while the figures update; the release flags the files whose
figures the editor's words may rely on.
"""

import datetime
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from roles import scoring, search
from roles.dataset import method, prose
from roles.dataset.build import readable_title
from roles.dataset.onet import is_skill, skill_entries
from roles.dataset.spelling import american
from roles.models import (
    AlternateTitle,
    DataRelease,
    Edition,
    EditionSkill,
    EditionSource,
    EscoTitle,
    Role,
    RoleMove,
    RoleRedirect,
    RoleRelation,
    Sector,
    Skill,
    Source,
    Task,
    slug_for,
)

# Bumped when the import starts storing something new about a role.
DIGEST_VERSION = "5:method"
# The editor's words on a data-built file; the release writes the rest.
EDITOR_TEXT = ("headline", "brief", "key_takeaways", "leverage")
# The three factors of the score, as the record names them.
FACTOR_FIELDS = [factor.field for factor in scoring.FACTORS]
# Everything an editor fills in, and the evidence, travels to the next
# quarter's draft; the edition's identity, state, note for the quarter and
# audit fields do not.
NOT_COPIED = {"id", "role", "year", "quarter", "status", "published_on", "change_note"}
# Figures an editor's text may rest on: a change flags the file for review.
WATCHED_FIGURES = {
    "risk_score": "AI risk",
    "skill_vulnerability": "skill vulnerability",
    "task_automation": "task automation",
    "ai_complementarity": "AI complementarity",
    "horizon_min_years": "horizon",
    "horizon_max_years": "horizon",
    "us_workers": "US workers",
    "mean_salary": "average salary",
}


class ReleaseError(Exception):
    """The release cannot be built; nothing was changed."""


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def next_quarter(year, quarter):
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def default_quarter(today=None):
    """The current calendar quarter, or the one after the last published release."""
    current = quarter_of(today or timezone.localdate())
    latest = (
        DataRelease.objects.filter(status=DataRelease.Status.PUBLISHED)
        .newest_first()
        .first()
    )
    if latest is not None and (latest.year, latest.quarter) >= current:
        return next_quarter(latest.year, latest.quarter)
    return current


def parse_quarter(text):
    """ "2027-q1" -> (2027, 1)."""
    match = re.fullmatch(r"(\d{4})-[qQ]([1-4])", text.strip())
    if match is None:
        raise ReleaseError(f"{text!r} is not a quarter; write it as 2027-q1.")
    return int(match[1]), int(match[2])


def parse_day(text):
    return datetime.date.fromisoformat(text) if text else None


def record_digest(record):
    payload = DIGEST_VERSION + json.dumps(record, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def data_digest(meta, records):
    """The derived data's fingerprint, leaving out when and how it was released."""
    kept = {key: value for key, value in meta.items() if key != "release"}
    payload = json.dumps({"meta": kept, "roles": records}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Plan:
    """What a build found; stored on the release for its review page."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    flags: list = field(default_factory=list)
    covered: dict = field(default_factory=dict)


# --- Building -----------------------------------------------------------------


@transaction.atomic
def build_release(meta, records, quarter=None, *, allow_past=False):
    """Build the draft release of `quarter` (default: see default_quarter)."""
    year, number = quarter or default_quarter()
    if not allow_past and (year, number) < quarter_of(timezone.localdate()):
        raise ReleaseError(
            f"{year} Q{number} is a past quarter: a release is for this quarter or a later one."
        )
    taken = DataRelease.objects.filter(year=year, quarter=number).first()
    if taken is not None and taken.status == DataRelease.Status.PUBLISHED:
        raise ReleaseError(
            f"The {taken.label} release is already published: build the next quarter's "
            "(--quarter) or unpublish it first."
        )
    for draft in DataRelease.objects.drafts():
        discard_release(draft)
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    missing = {record["sector"] for record in records} - set(sectors)
    if missing:
        raise ReleaseError(
            f"Sectors {sorted(missing)} are not in the database: run load_editorial first."
        )
    version, note = method.of_meta(meta)
    earlier = (
        DataRelease.objects.filter(status=DataRelease.Status.PUBLISHED)
        .filter(Q(year__lt=year) | Q(year=year, quarter__lt=number))
        .first()
    )
    if earlier is None or earlier.method == version:
        note = ""  # the notes speak of the method only where it changed
    release = DataRelease.objects.create(
        year=year,
        quarter=number,
        digest=data_digest(meta, records),
        vintages=meta["vintages"],
        method=version,
        method_note=note,
    )
    plan = Plan()
    Builder(release, meta, records, sectors, plan).run()
    release.counts = dict(plan.counts)
    release.flags = plan.flags
    # A shipped release brings the notes its editors wrote; a new one gets a draft.
    release.notes = meta.get("release", {}).get("notes") or draft_notes(release, meta)
    release.save()
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner scans editions once per role.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE roles_role, roles_edition")
    return release


def discard_release(release):
    """Undo a draft release: its own editions and new roles go, editors' drafts stay."""
    assert release.status == DataRelease.Status.DRAFT
    editions = Edition.objects.filter(release=release)
    # Editors' drafts and anything ever published stay; only the build's own drafts go.
    editions.filter(
        Q(created_by__isnull=False) | Q(status=Edition.Status.PUBLISHED)
    ).update(release=None)
    editions.delete()
    Role.objects.filter(retired_in=release).update(retired_in=None, successor=None)
    Role.objects.filter(origin=Role.Origin.DATASET, editions__isnull=True).delete()
    release.delete()


class Builder:
    def __init__(self, release, meta, records, sectors, plan):
        self.release, self.meta, self.records = release, meta, records
        self.sectors, self.plan = sectors, plan
        self.editorial = list(Role.objects.filter(origin=Role.Origin.EDITORIAL))
        self.roles = {
            role.soc_code: role
            for role in Role.objects.filter(origin=Role.Origin.DATASET).select_related(
                "retired_in"
            )
        }
        self.holders = {}  # SOC code -> the editorial role that covers it
        self.latest = latest_data_editions()
        # Editions the roles already have in the release's quarter, in one query.
        self.of_quarter = {
            edition.role_id: edition
            for edition in Edition.objects.filter(
                role__origin=Role.Origin.DATASET,
                year=release.year,
                quarter=release.quarter,
            )
        }
        self.sources = sync_sources(meta["sources"])
        self.method = release.method
        self.skills = sync_skills(records)

    def run(self):
        for record in self.records:
            holder = editorial_holder(record, self.editorial)
            if holder is not None:
                self.plan.counts["covered by an editorial file"] += 1
                self.plan.covered[record["slug"]] = holder
                self.holders[record["soc"]] = holder
                self.editorial_edition(holder, record)
                continue
            role = self.roles.pop(record["soc"], None)
            digest = record_digest(record)
            previous = self.latest.get(role.pk) if role else None
            if previous is not None and previous.generated.get("digest") == digest:
                self.plan.counts["unchanged"] += 1
                continue
            if role is None:
                role = self.new_role(record)
                self.plan.counts["new"] += 1
            else:
                self.plan.counts["changed"] += 1
            self.edition_for(role, record, digest, previous)
        self.retire(self.roles.values())
        redirect_covered(self.plan.covered, self.records)
        self.plan.counts["relations changed"] = sync_relations(
            self.records, self.plan.covered
        )
        self.plan.counts["moves changed"] = sync_moves(self.records, self.plan.covered)
        self.plan.counts["roles"] = len(self.records)

    def new_role(self, record):
        slug = record["slug"]
        if (
            Role.objects.filter(slug=slug).exists()
            or RoleRedirect.objects.filter(old_slug=slug).exists()
        ):
            slug = f"{slug[:110]}-{record['soc']}".lower()
        return Role.objects.create(
            slug=slug,
            title=record["title"],
            soc_code=record["soc"],
            sector=self.sectors[record["sector"]],
            summary=prose.summary(record["title"], record["summary"]),
            origin=Role.Origin.DATASET,
        )

    def edition_for(self, role, record, digest, previous):
        """The role's draft of the release's quarter: an editor's open one, or a new one."""
        draft = self.of_quarter.get(role.pk)
        if draft is not None and is_legacy(draft):
            adopt(
                draft,
                self.release,
                generated_text(record, digest, self.method, self.meta),
            )
            return
        if draft is not None and draft.status == Edition.Status.PUBLISHED:
            # An editor published this quarter's edition: it stays as it is.
            self.plan.counts["waiting for the next release"] += 1
            self.plan.flags.append(
                {
                    "role": role.title,
                    "slug": role.slug,
                    "message": f"An editor already published its {draft.label} "
                    "edition; its new data waits for the next release.",
                }
            )
            return
        generated = generated_text(record, digest, self.method, self.meta)
        # The editor's words come from their open draft, else the last edition.
        written = draft if draft is not None else previous
        edition = draft or Edition(
            role=role, year=self.release.year, quarter=self.release.quarter
        )
        edition.release = self.release
        edition.status = Edition.Status.DRAFT
        for name, value in figures(record, self.meta).items():
            setattr(edition, name, value)
        kept = editors_words(written)
        for name in EDITOR_TEXT:
            setattr(edition, name, kept.get(name, generated.get(name, "")))
        placements = editor_placements(written)
        # The file stays "reviewed by an editor" while it carries their work.
        edition.reviewed_at = (
            written.reviewed_at if written and (kept or placements) else None
        )
        edition.generated = generated
        edition.change_note = method_change_note(previous, self.release)
        edition.save()
        self.count_moves(previous, edition)
        if draft is not None:
            draft.tasks.all().delete()
            draft.edition_skills.all().delete()
            draft.edition_sources.all().delete()
            self.plan.counts["editor drafts updated"] += 1
        self.write_contents(edition, record, placements)
        if kept and previous is not None:
            self.flag_changed_figures(role, previous, edition, kept)

    def editorial_edition(self, role, record):
        """An editorial file gets the release's evidence only in a new draft edition.

        The draft copies the file's latest public edition and joins the
        release, so the evidence goes public with it. A published edition of
        the quarter waits for the next release; an editor's own draft gets the
        evidence but stays the editor's to publish.
        """
        if "outlook" not in self.meta:
            return  # a release from before the evidence: replayed as it was
        generated = {"esco": esco_names(record)}
        editions = Edition.objects.filter(role=role).newest_first()
        existing = editions.filter(
            year=self.release.year, quarter=self.release.quarter
        ).first()
        values = evidence(record, self.meta) | measured_by_data(record)
        latest = existing or editions.first()
        if latest is not None and not evidence_changed(latest, values, generated):
            self.plan.counts["editorial unchanged"] += 1
            return
        if existing is not None and existing.status == Edition.Status.PUBLISHED:
            self.plan.counts["waiting for the next release"] += 1
            self.plan.flags.append(
                {
                    "role": role.title,
                    "slug": role.slug,
                    "message": f"Its {existing.label} edition is already published; "
                    "the outlook and observed use wait for the next release.",
                }
            )
            return
        if existing is not None:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.generated = {**existing.generated, **generated}
            existing.save()
            self.plan.counts["editor drafts updated"] += 1
            return
        source = editions.public().first() or editions.first()
        if source is None:
            return
        draft = Edition.objects.create(
            role=role,
            year=self.release.year,
            quarter=self.release.quarter,
            release=self.release,
            status=Edition.Status.DRAFT,
            generated=generated,
            **{name: getattr(source, name) for name in copied_fields()} | values,
        )
        if not source.has_outlook:
            draft.change_note = NEW_EVIDENCE_NOTE
            draft.save(update_fields=["change_note"])
        copy_contents(source, draft)
        self.plan.counts["editorial"] += 1

    def write_contents(self, edition, record, placements):
        tasks = []
        for kind in Task.Kind:
            for task in record["tasks"][kind.value]:
                placed = placements.pop(task.get("id"), None)
                tasks.append(
                    Task(
                        edition=edition,
                        kind=placed[0] if placed else kind,
                        reason=placed[1] if placed else "",
                        text=task["text"],
                        exposure=task["exposure"],
                        onet_task_id=task.get("id"),
                        **task_evidence(task),
                        **task_labels(task),
                    )
                )
        for task_id, (_, _, text) in placements.items():
            self.plan.flags.append(
                {
                    "role": edition.role.title,
                    "slug": edition.role.slug,
                    "message": f"The task an editor placed (“{text}”, O*NET {task_id}) "
                    "is no longer among the tasks shown.",
                }
            )
        for kind in Task.Kind:
            column = [task for task in tasks if task.kind == kind]
            for position, task in enumerate(column, start=1):
                task.position = position
        Task.objects.bulk_create(tasks)
        EditionSkill.objects.bulk_create(
            EditionSkill(
                edition=edition,
                skill=self.skills[entry["name"]],
                kind=kind,
                position=position,
                reason=entry["reason"][:300],
            )
            for kind in EditionSkill.Kind
            for position, entry in enumerate(
                filter(is_skill, skill_entries(record["skills"], kind.value)), start=1
            )
        )
        EditionSource.objects.bulk_create(
            EditionSource(
                edition=edition, source=source, detail=detail, position=position
            )
            for position, (source, detail) in enumerate(self.sources, start=1)
        )

    def count_moves(self, previous, edition):
        """Count the files whose risk or band moved, and whether the method moved them."""
        if previous is None:
            return
        cause = "method" if previous.method != edition.method else "data"
        if previous.risk_score != edition.risk_score:
            self.plan.counts[f"risk moved ({cause})"] += 1
        if previous.band != edition.band:
            self.plan.counts[f"band moved ({cause})"] += 1

    def flag_changed_figures(self, role, previous, edition, kept):
        changed = sorted(
            {
                label
                for name, label in WATCHED_FIGURES.items()
                if getattr(previous, name) != getattr(edition, name)
            }
        )
        if changed:
            self.plan.flags.append(
                {
                    "role": role.title,
                    "slug": role.slug,
                    "message": f"An editor's {', '.join(sorted(kept))} rely on figures "
                    f"this release changes: {', '.join(changed)}.",
                }
            )

    def retire(self, leaving):
        """Occupations that left the data retire when the release goes public."""
        new_codes = {
            code: record["soc"]
            for record in self.records
            for code in record["onet_codes"]
        }
        socs = {role.soc_code for role in leaving}
        for role in leaving:
            retired = role.retired_in
            if retired is not None and retired.status == DataRelease.Status.PUBLISHED:
                continue  # retired by an earlier release, public or scheduled
            holder = self.holders.get(role.soc_code)
            previous = self.latest.get(role.pk)
            codes = previous.generated.get("onet_codes", []) if previous else []
            successor_soc = next(
                (
                    new_codes[c]
                    for c in codes
                    if c in new_codes and new_codes[c] not in socs
                ),
                None,
            )
            role.retired_in = self.release
            role.successor = holder or (
                Role.objects.filter(soc_code=successor_soc).first()
                if successor_soc
                else None
            )
            role.save(update_fields=["retired_in", "successor"])
            self.plan.counts["retired"] += 1


NEW_EVIDENCE_NOTE = (
    "New this quarter: the BLS 2024–34 employment outlook and observed AI use from "
    "the Anthropic Economic Index, beside the score (which is unchanged by them)."
)


def copied_fields():
    """The edition fields a copy keeps: the editor's and the evidence."""
    editable = [
        field.name
        for field in Edition._meta.concrete_fields
        if field.editable and field.name not in NOT_COPIED
    ]
    return [*editable, *Edition.EVIDENCE_FIELDS]


def copy_contents(source, draft):
    """The source edition's tasks, skills and sources, copied onto the draft."""
    Task.objects.bulk_create(
        Task(
            edition=draft,
            position=task.position,
            **{name: getattr(task, name) for name in Task.COPIED_FIELDS},
        )
        for task in source.tasks.all()
    )
    EditionSkill.objects.bulk_create(
        EditionSkill(
            edition=draft,
            skill_id=item.skill_id,
            kind=item.kind,
            position=item.position,
        )
        for item in source.edition_skills.all()
    )
    EditionSource.objects.bulk_create(
        EditionSource(
            edition=draft,
            source_id=item.source_id,
            detail=item.detail,
            position=item.position,
        )
        for item in source.edition_sources.all()
    )


def is_legacy(edition):
    """A published edition from before releases: the release it belongs to adopts it."""
    return (
        edition.status == Edition.Status.PUBLISHED
        and edition.release_id is None
        and not edition.generated
    )


def adopt(edition, release, generated):
    """Record which release made a legacy edition; what it shows stays as it was."""
    Edition.objects.filter(pk=edition.pk).update(release=release, generated=generated)


def latest_data_editions():
    """Each data-built role's newest edition, with what the release wrote into it."""
    latest = {}
    editions = (
        Edition.objects.filter(role__origin=Role.Origin.DATASET)
        .select_related("role", "release")
        .order_by("role_id", "-year", "-quarter")
    )
    for edition in editions:
        latest.setdefault(edition.role_id, edition)
    return latest


def figures(record, meta):
    """The edition's fields that come straight from the role's data."""
    oews = meta["oews_vintage"]
    return {
        **{key: record[key] for key in FACTOR_FIELDS},
        "title": record["title"],
        "summary": prose.summary(record["title"], record["summary"]),
        "uncertainty": record["uncertainty"],
        "exposure_beta_gpt4": record["exposure_beta_gpt4"],
        "exposure_beta_human": record["exposure_beta_human"],
        "ai_applicability": record["ai_applicability"],
        "horizon_min_years": record["horizon"][0],
        "horizon_max_years": record["horizon"][1],
        "us_workers": record["us_workers"],
        "workers_note": f"Employed nationally, BLS OEWS {oews}",
        "mean_salary": record["mean_salary"],
        "salary_note": f"Mean annual wage, BLS OEWS {oews}"
        if record["mean_salary"]
        else "BLS publishes hourly wages only",
        "median_salary": record["median_salary"],
        "prior_us_workers": record["prior_us_workers"],
        "prior_mean_salary": record["prior_mean_salary"],
        "data_vintage": meta["data_vintage"],
        **evidence(record, meta),
    }


def evidence(record, meta):
    """Outlook and observed AI use: what every edition of the release carries,
    editorial ones included. Empty where the release has no such files."""
    fields = {
        name: Edition._meta.get_field(name).get_default()
        for name in Edition.EVIDENCE_FIELDS
    }
    outlook = record.get("outlook")
    if outlook:
        fields.update(
            {key: value for key, value in outlook.items() if key != "period"},
            outlook_period=outlook["period"],
            all_occupations_change_pct=meta["outlook"]["all_occupations_change_pct"],
        )
    if "observed" in meta:
        files = meta["observed"]
        fields["observed_source"] = (
            f"Anthropic Economic Index ({files['exposure_release']}), "
            f"{files['exposure_file']}"
        )
        observed = record.get("observed") or {}
        fields["observed_exposure"] = observed.get("exposure")
        fields["observed_rank"] = observed.get("rank")
        fields["observed_ranked"] = observed.get("ranked")
    return fields


# The published indices the data measures for an occupation, which the
# methodology's panel sets beside an editorial file's score too.
MEASURED_FIELDS = ("exposure_beta_gpt4", "exposure_beta_human", "ai_applicability")


def measured_by_data(record):
    """The data's measures of the occupation an editorial file covers."""
    return {
        name: record[name] for name in MEASURED_FIELDS if record.get(name) is not None
    }


def evidence_changed(edition, values, generated):
    """Whether the release's evidence differs from what the edition carries."""
    return edition.generated.get("esco") != generated["esco"] or any(
        getattr(edition, name) != Edition._meta.get_field(name).to_python(value)
        for name, value in values.items()
    )


def task_evidence(task):
    return {
        "observed_use": task.get("observed_use"),
        "automation_share": task.get("automation"),
        "augmentation_share": task.get("augmentation"),
    }


def task_labels(task):
    """The raters' labels and the specialty of a task; blank in older releases."""
    return {
        "gpt4_label": task.get("gpt4") or "",
        "human_label": task.get("human") or "",
        "specialty": task.get("specialty") or "",
    }


def esco_names(record):
    """The record's ESCO occupations, compact: [code, ISCO group, label, alternatives]."""
    return [
        [item["code"], item["isco"], item["label"], item["alt"]]
        for item in record.get("esco", [])
    ]


def generated_text(record, digest, version, meta=None):
    risk = scoring.risk_score(*(record[key] for key in FACTOR_FIELDS))
    return {
        "digest": digest,
        "method": version,
        "onet_codes": record["onet_codes"],
        "alternate_titles": record["alternate_titles"],
        "esco": esco_names(record),
        "headline": prose.headline(record, risk),
        "brief": prose.brief(record, meta),
        "key_takeaways": prose.key_takeaways(record, meta),
        "leverage": "",
        **complementarity_notes(record),
        **skill_notes(record),
    }


def complementarity_notes(record):
    """What the page says about AI complementarity: whether it is the imputed
    median, and the measured and shrunk assist shares (0–100) it was ranked by.
    Records of older releases hold none of it."""
    if "ac_imputed" not in record:
        return {}
    return {
        "ac_imputed": record["ac_imputed"],
        "assist_share": record["assist_share"],
        "assist_share_shrunk": record["assist_share_shrunk"],
    }


def method_change_note(previous, release):
    """Why a file's scores moved when the release's method is not its last edition's."""
    if previous is None or previous.method == release.method:
        return ""
    same_data = (
        previous.release is not None and previous.release.vintages == release.vintages
    )
    cause = (
        f"from the same source data as {previous.label}, so every move in them comes from "
        "the method, not the job"
        if same_data
        else "and the source data changed too"
    )
    return (
        f"The method changed with this release (version {previous.method} to "
        f"{release.method}): the scores are recomputed {cause}. The release notes "
        "say what changed in the method."
    )


def editors_words(edition):
    """The text fields an editor changed from what the data release wrote."""
    if edition is None or not edition.generated:
        return {}
    return {
        name: getattr(edition, name)
        for name in EDITOR_TEXT
        if getattr(edition, name) != edition.generated.get(name, "")
    }


def editor_placements(edition):
    """O*NET task ID -> (column, reason, text) of each task an editor placed."""
    if edition is None:
        return {}
    return {
        task.onet_task_id: (task.kind, task.reason, task.text)
        for task in edition.tasks.exclude(reason="").exclude(onet_task_id=None)
    }


def editorial_holder(record, editorial):
    for role in editorial:
        if role.slug == record["slug"] or role.soc_code in (
            record["soc"],
            *record["onet_codes"],
        ):
            return role
    return None


def redirect_covered(covered, records):
    """The data-built address and titles of an occupation lead to its editorial file."""
    titles = {record["slug"]: record["alternate_titles"] for record in records}
    for old_slug, role in covered.items():
        if old_slug != role.slug and not Role.objects.filter(slug=old_slug).exists():
            RoleRedirect.objects.update_or_create(
                old_slug=old_slug, defaults={"role": role}
            )
        data_titles = "\n".join(titles[old_slug])
        if role.data_titles != data_titles:
            role.data_titles = data_titles
            Role.objects.filter(pk=role.pk).update(data_titles=data_titles)
        role.refresh_search_text()


def role_ids(records, covered):
    """SOC code -> the id of the role that stands for it: the data-built role,
    or the editorial file that covers the occupation."""
    socs = [record["soc"] for record in records]
    ids = dict(
        Role.objects.filter(origin=Role.Origin.DATASET, soc_code__in=socs).values_list(
            "soc_code", "pk"
        )
    )
    slugs = {record["slug"]: record["soc"] for record in records}
    return ids | {slugs[slug]: role.pk for slug, role in covered.items()}


def sync_relations(records, covered):
    """Store O*NET's related occupations between the roles now in the database.

    Only the difference is written, so a second run changes nothing. Readers
    see a relation only to a role with a current public edition.
    """
    ids = role_ids(records, covered)
    wanted = {}
    for record in records:
        role_id = ids.get(record["soc"])
        related = [ids[soc] for soc in record["related_soc"] if soc in ids]
        for position, related_id in enumerate(dict.fromkeys(related)):
            if role_id is not None and related_id != role_id:
                wanted[role_id, related_id] = position
    existing = {
        (row.role_id, row.related_id): row
        for row in RoleRelation.objects.filter(role__in=set(ids.values()))
    }
    stale = [row.pk for key, row in existing.items() if wanted.get(key) != row.position]
    RoleRelation.objects.filter(pk__in=stale).delete()
    fresh = [
        RoleRelation(role_id=role_id, related_id=related_id, position=position)
        for (role_id, related_id), position in wanted.items()
        if (role_id, related_id) not in existing
        or existing[role_id, related_id].pk in stale
    ]
    RoleRelation.objects.bulk_create(fresh, batch_size=2000)
    return len(stale) + len(fresh)


def skill_notes(record):
    """What a role file says about its skills besides its lists: whether
    O*NET rates the job's skills, and O*NET's emerging tasks (shown as task
    lines: a task sentence is not a skill with a page of its own). Nothing
    for records from before 2027, which carry neither."""
    if "skill_ratings" not in record:
        return {}
    return {
        "skill_ratings": record["skill_ratings"],
        "emerging_tasks": [
            {"text": entry["name"], "reason": entry["reason"]}
            for entry in skill_entries(record["skills"], "emerging")
            if not is_skill(entry)
        ],
    }


def sync_moves(records, covered):
    """Store the records' safer moves between the roles now in the database.

    Like the relations: an occupation covered by an editorial file moves (and
    is moved to) as that file. Only the difference is written. Release files
    from before 2027 carry no moves; replaying them leaves the moves as they
    are (none on a fresh database) and the page falls back to related roles
    that pass the same rule.
    """
    if not any("moves" in record for record in records):
        return 0
    ids = role_ids(records, covered)
    wanted = {}
    for record in records:
        role_id = ids.get(record["soc"])
        if role_id is None:
            continue
        position = 0
        for move in record["moves"]:
            target_id = ids.get(move["soc"])
            if target_id in (None, role_id) or (role_id, target_id) in wanted:
                continue
            wanted[role_id, target_id] = (
                position,
                move["overlap"],
                move["reason"][:300],
            )
            position += 1
    existing = {
        (row.role_id, row.target_id): row
        for row in RoleMove.objects.filter(role__in=set(ids.values()))
    }
    stale = [
        row.pk
        for key, row in existing.items()
        if wanted.get(key) != (row.position, row.overlap, row.reason)
    ]
    RoleMove.objects.filter(pk__in=stale).delete()
    fresh = [
        RoleMove(
            role_id=role_id,
            target_id=target_id,
            position=position,
            overlap=overlap,
            reason=reason,
        )
        for (role_id, target_id), (position, overlap, reason) in wanted.items()
        if (role_id, target_id) not in existing
        or existing[role_id, target_id].pk in stale
    ]
    RoleMove.objects.bulk_create(fresh, batch_size=2000)
    return len(stale) + len(fresh)


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


def sync_skills(records):
    """The Skill rows of the records' skills (an emerging task is not one)."""
    names = sorted(
        {
            entry["name"]
            for record in records
            for kind in ("core", "emerging")
            for entry in skill_entries(record["skills"], kind)
            if is_skill(entry)
        }
    )
    known = {skill.name: skill for skill in Skill.objects.filter(name__in=names)}
    Skill.objects.bulk_create(
        [Skill(slug=slug_for(name), name=name) for name in names if name not in known],
        ignore_conflicts=True,
    )
    return {skill.name: skill for skill in Skill.objects.filter(name__in=names)}


# --- What a release shows its reviewers ----------------------------------------


def counted(number, singular, plural):
    return f"{number:,} {singular if number == 1 else plural}"


def release_summary(revised, new, retired):
    """One sentence on what a release did, naming only what happened."""
    parts = []
    if revised:
        parts.append(f"{counted(revised, 'file gets', 'files get')} a new edition")
    if new:
        parts.append(f"{counted(new, 'occupation is', 'occupations are')} new")
    if retired:
        parts.append(f"{counted(retired, 'occupation', 'occupations')} left the data")
    sentence = "; ".join(parts) or "no file changes"
    return sentence[0].upper() + sentence[1:] + "."


def draft_notes(release, meta):
    counts = release.counts
    vintage = meta.get("data_vintage", "")
    opening = f"The {release.label} data release rebuilds the data-built role files" + (
        f" from {vintage}." if vintage else "."
    )
    sentences = [
        opening,
        # The notes page and the review page count the unchanged files.
        release_summary(
            counts.get("changed", 0), counts.get("new", 0), counts.get("retired", 0)
        ),
    ]
    if release.method_note:
        moved, banded = (
            counts.get("risk moved (method)", 0),
            counts.get("band moved (method)", 0),
        )
        sentences.append(
            f"The method changed (version {release.method}): "
            f"{counted(moved, 'file’s risk score moves', 'files’ risk scores move')} "
            f"and {counted(banded, 'file changes', 'files change')} band because of it"
            + (
                "; the source data is the same as in the last release."
                if not counts.get("risk moved (data)")
                else f"; {counted(counts['risk moved (data)'], 'more moves', 'more move')} "
                "with the data."
            )
        )
    return " ".join(sentences)


def publish_roles(release):
    """Bring the roles of a release's editions up to date, with bulk writes only.

    A data-built role takes the edition's title, summary and O*NET names; an
    editorial role keeps its editors' names. Every role takes the edition's
    ESCO names. Bulk writes send no signals, so publishing bumps the cache
    version once.
    """
    editions = (
        Edition.objects.filter(release=release)
        .select_related("role")
        .only("role", "title", "summary", "generated")
    )
    roles, names, redirects, international = [], {}, [], {}
    for edition in editions:
        role = edition.role
        international[role.pk] = edition.generated.get("esco", [])
        roles.append(role)
        if role.origin == Role.Origin.EDITORIAL:
            names[role.pk] = role_names(role)
            continue
        names[role.pk] = edition.generated.get("alternate_titles", [])
        if edition.title and edition.title != role.title:
            # Retitled: the address stays; the new title's leads to it too,
            # and the old title stays a searchable name.
            redirects.append(
                RoleRedirect(old_slug=slug_for(edition.title)[:120], role=role)
            )
            if readable_title(american(role.title)) != edition.title:
                # Not only respelled ("Helpers--Electricians"): a name of its own.
                names[role.pk] = [role.title, *names[role.pk]]
        role.title = edition.title or role.title
        role.summary = edition.summary or role.summary
        role.retired_in = None
        role.successor = None
    for role in roles:
        labels = esco_labels(international[role.pk])
        role.search_text = search.search_text(role.title, names[role.pk], labels)
        role.search_names = search.search_names(names[role.pk], labels)
    Role.objects.bulk_update(
        roles,
        ["title", "summary", "retired_in", "successor", "search_text", "search_names"],
        batch_size=500,
    )
    taken = set(
        Role.objects.filter(
            slug__in=[redirect.old_slug for redirect in redirects]
        ).values_list("slug", flat=True)
    )
    RoleRedirect.objects.bulk_create(
        [redirect for redirect in redirects if redirect.old_slug not in taken],
        ignore_conflicts=True,
    )
    data_built = [role for role in roles if role.origin == Role.Origin.DATASET]
    AlternateTitle.objects.filter(role__in=data_built).delete()
    AlternateTitle.objects.bulk_create(
        (
            AlternateTitle(
                role=role, title=title, slug=slug_for(title)[:200], position=position
            )
            for role in data_built
            for position, title in enumerate(dict.fromkeys(names[role.pk]))
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    EscoTitle.objects.filter(role__in=roles).delete()
    EscoTitle.objects.bulk_create(
        (
            title
            for role in roles
            for title in esco_titles(role, names[role.pk], international[role.pk])
        ),
        batch_size=2000,
    )
    search.index_roles(Role.objects.filter(pk__in=[role.pk for role in roles]))


def role_names(role):
    """An editorial role's own other names: its editors' and O*NET's."""
    return [
        *role.alternate_titles.values_list("title", flat=True),
        *role.data_titles.splitlines(),
    ]


def esco_labels(international):
    """Every ESCO name in the compact form: preferred labels first, then alternatives."""
    preferred = [label for _, _, label, _ in international]
    return [*preferred, *(alt for *_, alts in international for alt in alts)]


def esco_titles(role, own_names, international):
    """The role's ESCO names, each once: preferred labels, then alternatives.

    ESCO occupations whose label is one of the role's own names come first
    (they are surely this job), then the rest, most specific first. Only
    alternatives that are already an own name are left out.
    """
    own = {slug_for(name) for name in [role.title, *own_names]}
    international = sorted(international, key=lambda item: slug_for(item[2]) not in own)
    names = [(code, isco, label, True) for code, isco, label, _ in international]
    names += [
        (code, isco, alt, False)
        for code, isco, _, alts in international
        for alt in alts
        if slug_for(alt) not in own
    ]
    titles, taken = [], set()
    for code, isco, name, preferred in names:
        slug = slug_for(name)[:200]
        if slug and slug not in taken:
            taken.add(slug)
            titles.append(
                EscoTitle(
                    role=role,
                    label=name[:200],
                    slug=slug,
                    esco_code=code,
                    isco_group=isco,
                    preferred=preferred,
                    position=len(titles),
                )
            )
    return titles


def touch_roles(release):
    """Mark the release's roles changed, so open data's validators change too.

    Bulk writes skip auto_now; a retirement writes nothing else at all.
    """
    Role.objects.filter(
        Q(retired_in=release) | Q(pk__in=release.editions.values("role"))
    ).update(updated_at=timezone.now())


def restore_roles(release):
    """After an unpublish: each role's title and summary from its newest public edition."""
    for role in Role.objects.filter(editions__release=release).distinct():
        shown = (
            Edition.objects.public()
            .filter(role=role)
            .exclude(title="")
            .newest_first()
            .first()
        )
        if shown is not None and (shown.title, shown.summary) != (
            role.title,
            role.summary,
        ):
            Role.objects.filter(pk=role.pk).update(
                title=shown.title, summary=shown.summary or role.summary
            )


MOVERS = 10


def review(release):
    """Everything the release's review page shows, in a fixed number of queries."""
    editions = list(
        Edition.objects.filter(release=release)
        .select_related("role")
        .with_previous()
        .order_by("role__title")
    )
    revised, new = [], []
    for edition in editions:
        if edition.previous_risk is None:
            new.append(edition)
            continue
        edition.risk_delta = edition.risk_score - edition.previous_risk
        edition.previous_band = scoring.band(edition.previous_risk)
        edition.band_changed = edition.previous_band != edition.band
        revised.append(edition)
    moved = [edition for edition in revised if edition.risk_delta]
    return {
        "band_changes": [edition for edition in revised if edition.band_changed],
        "movers_up": sorted(
            (e for e in moved if e.risk_delta > 0), key=lambda e: -e.risk_delta
        )[:MOVERS],
        "movers_down": sorted(
            (e for e in moved if e.risk_delta < 0), key=lambda e: e.risk_delta
        )[:MOVERS],
        "revised": revised,
        "new": new,
        "retired": list(
            Role.objects.filter(retired_in=release)
            .select_related("successor", "sector")
            .order_by("title")
        ),
        "editor_drafts": [e for e in editions if e.created_by_id is not None],
        "edition_count": len(editions),
        "covered": release.counts.get("covered by an editorial file", 0),
    }
