import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify

from roles import scoring, search
from roles.dataset.method import FIRST_VERSION
from roles.querysets import (
    DataReleaseQuerySet,
    EditionQuerySet,
    RoleQuerySet,
    is_public_now,
)

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def percent_field(verbose_name=None, help_text=""):
    """An optional 0–100 figure with two decimals, such as 64.29."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=help_text,
    )


def share_field(verbose_name=None, help_text=""):
    """An optional 0–1 share with four decimals, as the Anthropic files publish it.

    Written by the data releases only; empty means the release has no figure.
    """
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=help_text,
    )


def slug_for(text):
    """A URL slug that keeps "C++" and "C#" apart from "C"."""
    return slugify(text.replace("+", " plus ").replace("#", " sharp "))


def percent_check(field, name_prefix):
    """A database check that a nullable 0–100 field stays in range."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=f"{name_prefix}_{field}_0_100",
    )


class Sector(models.Model):
    slug = models.SlugField(
        unique=True, help_text="Used in the sector's URL. Keep it stable."
    )
    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(
        max_length=300, blank=True, help_text="One sentence on what the sector covers."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:sector", kwargs={"slug": self.slug})


class Role(models.Model):
    class Origin(models.TextChoices):
        EDITORIAL = "editorial", "Editorial file"
        DATASET = "dataset", "Data-built file"

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Used in every URL of the role. A change leaves the old "
        "addresses redirecting to the new ones.",
    )
    title = models.CharField(max_length=150)
    soc_code = models.CharField(
        "SOC code",
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{2}-\d{4}(\.\d{2})?$", "Use the form 29-2072 or 29-2072.00."
            )
        ],
        help_text="O*NET-SOC or SOC code, e.g. 29-2072.00.",
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="roles")
    summary = models.TextField(
        help_text="One paragraph: what the job is, in plain words."
    )
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.EDITORIAL,
        help_text="Editorial files are written by editors; data-built files come from the import.",
    )
    data_titles = models.TextField(
        blank=True,
        editable=False,
        help_text="Other names of the job from O*NET, one per line; searchable, not shown.",
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="Title and every other name, normalized for search; kept up to date on save.",
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Every other name as written, one per line: what a search result shows it matched.",
    )
    # PostgreSQL only (kept empty elsewhere): the indexed form of search_text.
    search_vector = SearchVectorField(null=True, editable=False)
    retired_in = models.ForeignKey(
        "DataRelease",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retired_roles",
        editable=False,
        help_text="The data release the occupation left; retired once that release is public.",
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Where readers of a retired role are sent (else its sector).",
    )
    tallied_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When its readers' responses were last counted (see responses.py).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # However the slug changes (admin, shell, a command), the old address
        # keeps leading to the role.
        old_slug = self.saved_slug(kwargs.get("update_fields"))
        if old_slug is None or old_slug == self.slug:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.leave_redirect(old_slug)

    def get_absolute_url(self):
        return reverse("roles:detail", kwargs={"slug": self.slug})

    def saved_slug(self, update_fields=None):
        """The slug in the database, when this save may change it (else None)."""
        if self._state.adding or self.pk is None:
            return None
        if update_fields is not None and "slug" not in update_fields:
            return None
        return Role.objects.filter(pk=self.pk).values_list("slug", flat=True).first()

    def leave_redirect(self, old_slug):
        """The old slug redirects here; the new one redirects nowhere (no loop)."""
        RoleRedirect.objects.filter(old_slug=self.slug).delete()
        RoleRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"role": self}
        )

    @property
    def is_retired(self):
        """Left the data in a release that is now public (select_related retired_in)."""
        return self.retired_in_id is not None and self.retired_in.is_public

    def refresh_search_text(self):
        """Rebuild the search text from the title and all other names, and save it."""
        titles = list(self.alternate_titles.values_list("title", flat=True))
        titles += self.data_titles.splitlines()
        international = list(self.esco_titles.values_list("label", flat=True))
        text = search.search_text(self.title, titles, international)
        names = search.search_names(titles, international)
        if names != self.search_names:
            self.search_names = names
            Role.objects.filter(pk=self.pk).update(search_names=names)
        if text != self.search_text:
            self.search_text = text
            Role.objects.filter(pk=self.pk).update(search_text=text)
            search.index_roles(Role.objects.filter(pk=self.pk))


class RoleRelation(models.Model):
    """O*NET's related occupations, closest first: where readers look next."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "related"], name="role_relation_once"
            ),
            models.CheckConstraint(
                condition=~Q(role=F("related")), name="role_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.role} → {self.related}"


class RoleMove(models.Model):
    """A safer role a worker could move to: computed by the data release.

    Candidates are kept with their overlap and reason; the page shows those
    whose current edition is lower-risk by the rule (roles/next_moves.py).
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="moves")
    target = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    overlap = models.PositiveSmallIntegerField(
        default=0,
        validators=PERCENT_VALIDATORS,
        help_text="0–100: weighted skill overlap.",
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "target"], name="role_move_once"),
            models.CheckConstraint(
                condition=~Q(role=F("target")), name="role_move_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.role} → {self.target}"


class RoleRedirect(models.Model):
    """An old address of a role that still leads to it (301)."""

    old_slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The retired slug, e.g. of a data-built file.",
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.role.slug}"


class AlternateTitle(models.Model):
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="alternate_titles"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, help_text="Searchable form of the title.")
    note = models.CharField(
        max_length=80, blank=True, help_text='Where the title is used, e.g. "UK usage".'
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "slug"], name="alternate_title_unique_per_role"
            ),
        ]

    def __str__(self):
        return self.title


class EscoTitle(models.Model):
    """A European name of the job (ESCO), reached through the ESCO–O*NET crosswalk.

    Kept apart from O*NET's titles: one ESCO occupation often reaches several
    roles, so these names rank below a role's own and redirect only when they
    name one role.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="esco_titles")
    label = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    esco_code = models.CharField("ESCO code", max_length=20)
    isco_group = models.CharField("ISCO-08 group", max_length=4)
    preferred = models.BooleanField(
        default=False, help_text="ESCO's preferred label, not an alternative one."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]
        verbose_name = "ESCO title"
        constraints = [
            models.UniqueConstraint(fields=["role", "slug"], name="esco_title_once"),
        ]
        indexes = [models.Index(fields=["slug"])]

    def __str__(self):
        return self.label


class Skill(models.Model):
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Used in the skill's URL."
    )
    name = models.CharField(max_length=150, unique=True)
    esco_uri = models.URLField(
        "ESCO URI", blank=True, help_text="The skill's ESCO concept, if any."
    )
    vulnerability = percent_field(
        help_text="0–100: how automatable the skill is, where known.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [percent_check("vulnerability", "skill")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:skill", kwargs={"slug": self.slug})


class Source(models.Model):
    publisher = models.CharField(max_length=200, help_text="Who published it.")
    title = models.CharField(
        max_length=300, blank=True, help_text="The work's title, if it has one."
    )
    url = models.URLField("URL", max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of publication."
    )

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title"], name="source_unique_publisher_title"
            ),
        ]

    def __str__(self):
        return f"{self.publisher}, {self.title}" if self.title else self.publisher


class Resource(models.Model):
    class Kind(models.TextChoices):
        TOOL = "tool", "Tool"
        COURSE = "course", "Course"
        GUIDE = "guide", "Guide"

    title = models.CharField(max_length=200)
    url = models.URLField("URL", max_length=500, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(
        max_length=300,
        help_text="One line: what it is and why it helps, in the editors' words.",
    )
    roles = models.ManyToManyField(Role, related_name="resources", blank=True)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class ContentStamp(models.Model):
    """When the public content last changed: one row, moved on every commit.

    The open data's Last-Modified and ETag come from it, so they move forward
    on any change a reader could see (a renamed sector, a retracted edition),
    never back.
    """

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"content changed {self.changed_at:%Y-%m-%d %H:%M:%S}"


class Quarterly:
    """What editions and data releases share: a quarter and a day they go public."""

    @property
    def label(self):
        return f"{self.year} Q{self.quarter}"

    @property
    def is_public(self):
        return is_public_now(self.status, self.published_on)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public


class DataRelease(Quarterly, models.Model):
    """One quarterly build of the data-built files from a vintage of the raw data.

    A release makes a draft edition for every data-built role whose data
    changed; publishing the release publishes them together. Roles whose data
    did not change keep their last edition. Published releases are never
    rewritten: the next vintage is the next release.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day it goes public; a future day schedules it.",
    )
    vintages = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Each source the release was built from, with its vintage: [source, vintage] pairs.",
    )
    digest = models.CharField(
        max_length=64,
        editable=False,
        help_text="SHA-256 of the derived data the release was built from.",
    )
    counts = models.JSONField(default=dict, blank=True, editable=False)
    method = models.CharField(
        max_length=20,
        default="1",
        editable=False,
        help_text="Version of the method the scores were computed with.",
    )
    method_note = models.TextField(
        blank=True,
        editable=False,
        help_text="What changed in the method with this release, if it did.",
    )
    flags = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Reviewed files whose editor's words rely on figures this release changes.",
    )
    notes = models.TextField(
        "release notes",
        blank=True,
        help_text="Shown on the quarter's release notes. Drafted by the build; edit before publishing.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DataReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = "data release"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="data_release_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="data_release_quarter_1_4",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="data_release_published_has_date",
            ),
        ]

    def __str__(self):
        return f"Data release {self.label}"

    def get_absolute_url(self):
        return reverse(
            "roles:updates_quarter", kwargs={"year": self.year, "quarter": self.quarter}
        )


class Edition(Quarterly, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="editions")
    release = models.ForeignKey(
        DataRelease,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
        editable=False,
        help_text="The data release that built this edition's figures, if any.",
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day it goes public. A future date schedules it; it stays hidden until then.",
    )
    skill_vulnerability = percent_field(
        help_text="0–100, higher is more risk: how automatable the role's skills are.",
    )
    task_automation = percent_field(
        "task automation proxy",
        help_text="0–100, higher is more risk: share of working time on tasks AI can already do.",
    )
    ai_complementarity = percent_field(
        "AI complementarity",
        help_text="0–100, higher is less risk: how much AI assists rather than replaces the work.",
    )
    risk_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Computed from the three factors on save; never typed in.",
    )
    uncertainty = percent_field(
        help_text="Spread between the GPT-4 and human-rated task exposure (Eloundou β), in points.",
    )
    exposure_beta_gpt4 = percent_field(
        "exposure β, GPT-4 rater", help_text="Eloundou et al. β × 100, GPT-4 labels."
    )
    exposure_beta_human = percent_field(
        "exposure β, human raters", help_text="Eloundou et al. β × 100, human labels."
    )
    ai_applicability = percent_field(
        "AI applicability", help_text="Microsoft's AI applicability score × 100."
    )
    horizon_min_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Fewest years until most core tasks are exposed.",
    )
    horizon_max_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most years until most core tasks are exposed."
    )
    us_workers = models.PositiveIntegerField(
        "US workers",
        null=True,
        blank=True,
        help_text="People employed in the role in the US.",
    )
    workers_note = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown under the figure: where it comes from.",
    )
    mean_salary = models.PositiveIntegerField(
        "average salary", null=True, blank=True, help_text="US dollars per year."
    )
    median_salary = models.PositiveIntegerField(
        null=True, blank=True, help_text="US dollars per year, where published."
    )
    prior_us_workers = models.PositiveIntegerField(
        "US workers a year earlier",
        null=True,
        blank=True,
        help_text="The same count one year before, for the trend.",
    )
    prior_mean_salary = models.PositiveIntegerField(
        "average salary a year earlier",
        null=True,
        blank=True,
        help_text="The same figure one year before, for the trend.",
    )
    salary_note = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown under the figure: where it comes from.",
    )
    # The BLS Employment Projections: counts include the self-employed.
    outlook_period = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        help_text='The projection decade, e.g. "2024–34"; blank means no projection.',
    )
    employment_base = models.PositiveIntegerField(
        "employment at the projection's start",
        null=True,
        blank=True,
        editable=False,
        help_text="Wage-and-salary and self-employed workers, BLS Employment Projections.",
    )
    employment_projected = models.PositiveIntegerField(
        "projected employment", null=True, blank=True, editable=False
    )
    employment_change = models.IntegerField(
        "projected change in employment", null=True, blank=True, editable=False
    )
    employment_change_pct = models.DecimalField(
        "projected change, percent",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )
    all_occupations_change_pct = models.DecimalField(
        "projected change for all occupations, percent",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )
    annual_openings = models.PositiveIntegerField(
        "openings a year",
        null=True,
        blank=True,
        editable=False,
        help_text="Average annual openings over the projection decade.",
    )
    self_employed_pct = models.DecimalField(
        "percent self-employed",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )
    entry_education = models.CharField(
        "typical entry education", max_length=100, blank=True, editable=False
    )
    work_experience = models.CharField(
        "work experience in a related occupation",
        max_length=100,
        blank=True,
        editable=False,
    )
    job_training = models.CharField(
        "typical on-the-job training", max_length=100, blank=True, editable=False
    )
    # Observed AI use (Anthropic Economic Index): evidence beside the score, not in it.
    observed_source = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The release file the observed exposure was read from; blank means "
        "the edition predates it. Set with no exposure: the occupation has no row.",
    )
    observed_exposure = share_field(
        help_text="0–1 as published; 0 is measured (not seen), empty is no data.",
    )
    observed_rank = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Rank among occupations with any observed exposure (1 is highest); "
        "none for a zero.",
    )
    observed_ranked = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="How many occupations have any observed exposure.",
    )
    title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The occupation's title in this edition; blank means the role's title.",
    )
    summary = models.TextField(
        blank=True,
        help_text="What the job is, as this edition says it; blank means the role's summary.",
    )
    headline = models.CharField(
        max_length=200,
        blank=True,
        help_text="One sentence: the assessment in plain words.",
    )
    brief = models.TextField(
        blank=True, help_text="The long text. Separate paragraphs with a blank line."
    )
    key_takeaways = models.TextField(blank=True, help_text="One takeaway per line.")
    leverage = models.TextField(
        blank=True,
        help_text="A few sentences over the toolkit: how people in this job put AI to work.",
    )
    change_note = models.TextField(
        blank=True,
        help_text="What changed this quarter, for readers of the release notes.",
    )
    data_vintage = models.CharField(
        max_length=200,
        blank=True,
        help_text='The data behind the file, e.g. "O*NET 29.3, BLS OEWS May 2024".',
    )
    generated = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the data release wrote: its digest of the role's data and the "
        "generated text, so an editor's own words can be told apart and kept.",
    )
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor last saved this data-built edition.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Figures the data releases write onto every edition, editorial ones too:
    # they travel to the next quarter's draft with the editor's fields.
    OUTLOOK_FIELDS = (
        "outlook_period",
        "employment_base",
        "employment_projected",
        "employment_change",
        "employment_change_pct",
        "all_occupations_change_pct",
        "annual_openings",
        "self_employed_pct",
        "entry_education",
        "work_experience",
        "job_training",
    )
    OBSERVED_FIELDS = (
        "observed_source",
        "observed_exposure",
        "observed_rank",
        "observed_ranked",
    )
    EVIDENCE_FIELDS = OUTLOOK_FIELDS + OBSERVED_FIELDS

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["role", "-year", "-quarter"]
        get_latest_by = ["year", "quarter"]
        permissions = [
            ("publish_edition", "Can publish, schedule and unpublish editions")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "year", "quarter"], name="edition_unique_role_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="edition_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="edition_year_range"
            ),
            percent_check("skill_vulnerability", "edition"),
            percent_check("task_automation", "edition"),
            percent_check("ai_complementarity", "edition"),
            percent_check("risk_score", "edition"),
            percent_check("uncertainty", "edition"),
            percent_check("exposure_beta_gpt4", "edition"),
            percent_check("exposure_beta_human", "edition"),
            percent_check("ai_applicability", "edition"),
            models.CheckConstraint(
                condition=Q(observed_exposure__isnull=True)
                | Q(observed_exposure__gte=0, observed_exposure__lte=1),
                name="edition_observed_exposure_0_1",
            ),
            models.CheckConstraint(
                condition=Q(observed_rank__isnull=True)
                | Q(observed_exposure__gt=0, observed_rank__lte=F("observed_ranked")),
                name="edition_observed_rank_only_for_use",
            ),
            models.CheckConstraint(
                condition=Q(horizon_min_years__isnull=True)
                | Q(horizon_max_years__isnull=True)
                | Q(horizon_min_years__lte=F("horizon_max_years")),
                name="edition_horizon_min_lte_max",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="edition_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_on"])]

    def __str__(self):
        return f"{self.role} · {self.label}"

    def save(self, *args, **kwargs):
        self.risk_score = self.compute_risk()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "risk_score"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "roles:edition",
            kwargs={"slug": self.role.slug, "year": self.year, "quarter": self.quarter},
        )

    @property
    def display_title(self):
        """The title as this edition showed it (an archived edition keeps its own)."""
        return self.title or self.role.title

    @cached_property
    def matched_name(self):
        """In a search result, the other name it was found by, when the title does
        not show why (else None). From the row's own annotations: no query."""
        words = getattr(self, "search_words", "").split()
        return search.matched_name(self.role, getattr(self, "search_tier", None), words)

    @property
    def display_summary(self):
        return self.summary or self.role.summary

    @property
    def has_outlook(self):
        return bool(self.outlook_period)

    @property
    def has_observed_evidence(self):
        """Whether the edition was built with the observed-use files (a value or not)."""
        return bool(self.observed_source)

    @property
    def has_factors(self):
        factors = (
            self.skill_vulnerability,
            self.task_automation,
            self.ai_complementarity,
        )
        return all(value is not None for value in factors)

    def compute_risk(self):
        if not self.has_factors:
            return None
        return scoring.risk_score(
            self.skill_vulnerability, self.task_automation, self.ai_complementarity
        )

    @property
    def band(self):
        return scoring.band(self.risk_score)

    @property
    def method(self):
        """The version of the method its figures come from ("1" before versions)."""
        return (self.generated or {}).get("method", FIRST_VERSION)


class Task(models.Model):
    # What a copy of the task keeps (position and edition aside).
    COPIED_FIELDS = (
        "kind",
        "text",
        "exposure",
        "time_share",
        "onet_task_id",
        "reason",
        "observed_use",
        "automation_share",
        "augmentation_share",
        "gpt4_label",
        "human_label",
        "specialty",
    )

    class Kind(models.TextChoices):
        AI = "ai", "AI will handle"
        HUMAN = "human", "You stay relevant"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    text = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within its column."
    )
    exposure = percent_field(
        help_text="0–100: how exposed the task is to AI, where measured.",
    )
    time_share = percent_field(
        "share of working time",
        help_text="0–100: share of working time the task takes, where known.",
    )
    onet_task_id = models.PositiveIntegerField(
        "O*NET task ID",
        null=True,
        blank=True,
        editable=False,
        help_text="The O*NET task statement this task comes from.",
    )
    # Observed AI use of the task (Anthropic Economic Index): empty is no data.
    observed_use = share_field(
        "observed use (task penetration)",
        help_text="0–1, labor_market_impacts/task_penetration.csv; 0 is not seen.",
    )
    automation_share = share_field(
        help_text="Share of the task's conversations that automate (directive, feedback "
        "loop), March 2025 release.",
    )
    augmentation_share = share_field(
        help_text="Share that augments (iteration, validation, learning), March 2025 release.",
    )
    # Eloundou et al.'s labels of the task (E0, E1, E2): empty where unmatched.
    gpt4_label = models.CharField(
        "GPT-4 label", max_length=2, blank=True, editable=False
    )
    human_label = models.CharField(
        "human label", max_length=2, blank=True, editable=False
    )
    specialty = models.CharField(
        max_length=150,
        blank=True,
        editable=False,
        help_text="The O*NET specialty the task comes from, when it is not the "
        "occupation's own code.",
    )
    reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why an editor put the task in this column. A data-built task with a "
        "reason keeps its column through later data releases.",
    )

    class Meta:
        ordering = ["edition", "kind", "position", "pk"]
        constraints = [
            percent_check("exposure", "task"),
            percent_check("time_share", "task"),
        ]

    def __str__(self):
        return self.text

    @property
    def response_key(self):
        """The task's name for readers' responses, the same in every edition.

        A data-built task is its O*NET statement; an editor's task is its
        words, so a reworded task starts a tally of its own.
        """
        if self.onet_task_id is not None:
            return f"onet:{self.onet_task_id}"
        digest = hashlib.sha256(" ".join(self.text.split()).lower().encode())
        return f"text:{digest.hexdigest()[:24]}"


class EditionSkill(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core (needed today)"
        EMERGING = "emerging", "Emerging (build next)"

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="edition_skills"
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="edition_skills"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the skill is on this list, in one line.",
    )

    class Meta:
        ordering = ["edition", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "skill"], name="edition_skill_once"
            ),
        ]

    def __str__(self):
        return f"{self.skill} ({self.get_kind_display()})"


class EditionSource(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="edition_sources"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="edition_sources"
    )
    detail = models.CharField(
        max_length=200,
        blank=True,
        help_text='What was used from it, e.g. "SOC 29-2072".',
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "source"], name="edition_source_once"
            ),
        ]

    def __str__(self):
        return str(self.source)


class TaskResponse(models.Model):
    """A reader's "In my job…" answer about one task of a role file.

    Nothing about the reader is kept: no account, address or cookie (see
    docs/reader-responses.md). A comment shows to the public only once an
    editor approves it; a hidden response counts nowhere.
    """

    class Answer(models.TextChoices):
        AI_DOES = "ai_does", "AI already does this"
        AI_DOESNT = "ai_doesnt", "AI doesn’t do this"
        NOT_MINE = "not_mine", "I don’t do this task"

    class Status(models.TextChoices):
        NEW = "new", "Not reviewed"
        APPROVED = "approved", "Comment approved"
        HIDDEN = "hidden", "Hidden"

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="task_responses"
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The edition the reader was reading.",
    )
    task_key = models.CharField(max_length=40, help_text="Task.response_key.")
    task_text = models.CharField(max_length=500, help_text="The task as it was shown.")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.CharField(max_length=280, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["role", "task_key"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} · {self.task_text[:60]}"


class TaskTally(models.Model):
    """The counted responses to one task of a role, as of `refreshed_at`.

    Counted on a bounded schedule (responses.refresh_tallies), never per
    response, so a flood of answers changes a page at most once a few minutes.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="tallies")
    task_key = models.CharField(max_length=40)
    task_text = models.CharField(max_length=500)
    responses = models.PositiveIntegerField(help_text="Responses counted (not hidden).")
    ai_does = models.PositiveIntegerField("AI already does this")
    ai_doesnt = models.PositiveIntegerField("AI doesn’t do this")
    not_mine = models.PositiveIntegerField("I don’t do this task")
    comments = models.JSONField(
        default=list,
        blank=True,
        help_text="The newest approved comments: answer, text and date.",
    )
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "task tallies"
        ordering = ["role__title", "-responses", "task_text"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "task_key"], name="tally_once_per_task"
            ),
        ]

    def __str__(self):
        return f"{self.role} · {self.task_text[:60]}"
