from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from roles import publishing, releases, responses, scoring
from roles.forms import PublishForm
from roles.models import (
    AlternateTitle,
    DataRelease,
    Edition,
    EditionSkill,
    EditionSource,
    Resource,
    Role,
    RoleRedirect,
    Sector,
    Skill,
    Source,
    Task,
    TaskResponse,
    TaskTally,
)


class PlainTextField(forms.CharField):
    """Text with the browser's Windows line endings turned into plain newlines.

    A textarea posts "\r\n"; without this every save of an untouched brief
    would store a different text and log the field as changed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


# Headlines, notes and task texts are sentences: give them room to read.
WIDE_TEXT = {
    models.CharField: {"widget": forms.TextInput(attrs={"size": 90})},
    models.TextField: {"form_class": PlainTextField},
}


def is_locked(request, edition):
    """A published edition is on the record: only publishers may change it."""
    return (
        edition is not None
        and edition.status == Edition.Status.PUBLISHED
        and not publishing.can_publish(request.user)
    )


def report(request, error):
    for reason in error.reasons:
        messages.error(request, reason)


class PublishersChangeWhatReadersSee:
    """Once readers see a shared object, only publishers change what they see.

    An editor gets `reader_fields` read-only (all of them when None: a
    view-only page), `locked_note` above them, and no delete. The edition
    lock covers a file's own text; this covers what editions share.
    Published means public or scheduled: a scheduled file goes public on its
    day without anyone looking again.
    """

    reader_fields = None
    locked_note = ""

    def readers_see(self, obj):
        raise NotImplementedError

    def is_locked_for(self, request, obj):
        if obj is None or obj.pk is None or publishing.can_publish(request.user):
            return False
        if not hasattr(obj, "_readers_see"):
            obj._readers_see = self.readers_see(obj)  # once per request, not per check
        return obj._readers_see

    def has_change_permission(self, request, obj=None):
        if self.reader_fields is None and self.is_locked_for(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.is_locked_for(request, obj) and super().has_delete_permission(
            request, obj
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.reader_fields and self.is_locked_for(request, obj):
            fields += [name for name in self.reader_fields if name not in fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if self.reader_fields and self.is_locked_for(request, obj):
            return {
                name: sources
                for name, sources in fields.items()
                if name not in self.reader_fields
            }
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.is_locked_for(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "description": self.locked_note}), *rest]


def published_editions(prefix=""):
    """A filter on published editions, public or scheduled, through `prefix`."""
    return Q(**{f"{prefix}status": Edition.Status.PUBLISHED})


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Numbers in the inlines need a few digits' width, not a text field's.
NARROW_NUMBER = {"widget": forms.NumberInput(attrs={"class": "narrow-number"})}


class AlternateTitleInline(admin.TabularInline):
    model = AlternateTitle
    formfield_overrides = {models.PositiveSmallIntegerField: NARROW_NUMBER}
    extra = 0
    fields = ["title", "slug", "note", "position"]
    prepopulated_fields = {"slug": ["title"]}


class RoleRedirectInline(admin.TabularInline):
    model = RoleRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["created_at"]


class EditionListInline(admin.TabularInline):
    """The role's editions, newest first, each a link to its edit page."""

    model = Edition
    verbose_name_plural = "editions"
    fields = ["label", "status", "published_on", "risk_score", "release"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("release").newest_first()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="quarter")
    def label(self, edition):
        return edition.label


@admin.register(Role)
class RoleAdmin(PublishersChangeWhatReadersSee, admin.ModelAdmin):
    # Every field and other name of a role is on its pages, search and URLs.
    locked_note = "Readers see this role; a publisher changes its public fields."
    list_display = ["title", "soc_code", "sector", "origin", "updated_at"]
    list_filter = ["origin", "sector"]
    list_select_related = ["sector"]
    search_fields = ["title", "soc_code", "alternate_titles__title"]
    autocomplete_fields = ["sector"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["european_names", "created_at", "updated_at"]
    inlines = [EditionListInline, AlternateTitleInline, RoleRedirectInline]
    formfield_overrides = {models.TextField: {"form_class": PlainTextField}}

    class Media:
        css = {"all": ["css/admin.css"]}

    actions = ["start_next_quarter"]

    def readers_see(self, role):
        return role.editions.filter(published_editions()).exists()

    @admin.display(description="European names (ESCO)")
    def european_names(self, role):
        """Read-only: the data releases write them, through the ESCO–O*NET crosswalk."""
        names = list(role.esco_titles.values_list("label", "preferred"))
        if not names:
            return "None yet: they come with a data release."
        preferred = [label for label, is_preferred in names if is_preferred]
        return (
            f"{len(names)} names, searchable; preferred labels: {', '.join(preferred[:8])}"
            + ("…" if len(preferred) > 8 else "")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()  # the title or other names may have changed

    def get_urls(self):
        return [
            path(
                "<int:role_id>/start-next-quarter/",
                self.admin_site.admin_view(self.start_next_quarter_view),
                name="roles_role_start_next_quarter",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Start next quarter’s draft", permissions=["add_edition"])
    def start_next_quarter(self, request, queryset):
        for role in queryset:
            # Data-built files get a review draft; taking over is one role at a time.
            self.start_draft(
                request, role, take_over=role.origin == Role.Origin.EDITORIAL
            )

    def has_add_edition_permission(self, request):
        return request.user.has_perm("roles.add_edition")

    def start_next_quarter_view(self, request, role_id):
        if request.method != "POST":
            return redirect("admin:roles_role_change", role_id)
        if not self.has_add_edition_permission(request):
            raise PermissionDenied
        role = get_object_or_404(Role, pk=role_id)
        # A data-built file is reviewed unless the editor asks to take it over.
        take_over = role.origin == Role.Origin.EDITORIAL or "take_over" in request.POST
        draft = self.start_draft(request, role, take_over=take_over)
        if draft is None:
            return redirect("admin:roles_role_change", role.pk)
        return redirect("admin:roles_edition_change", draft.pk)

    def start_draft(self, request, role, take_over=True):
        try:
            draft, note = publishing.start_next_quarter(
                role, request.user, take_over=take_over
            )
        except publishing.PublishingError as error:
            report(request, error)
            return None
        messages.success(request, f"Started the {draft.label} draft of {role}.")
        if note:
            messages.info(request, note)
        return draft


class ContentsInline(admin.TabularInline):
    """Tasks, skills and sources follow their edition's lock."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not is_locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_locked(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not is_locked(request, obj) and super().has_delete_permission(
            request, obj
        )


class TaskInline(ContentsInline):
    model = Task
    # The task, its reason and four small fields fit a 1366 px window.
    formfield_overrides = {
        models.DecimalField: NARROW_NUMBER,
        models.PositiveSmallIntegerField: NARROW_NUMBER,
    }
    fields = ["kind", "position", "text", "reason", "exposure", "time_share"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        columns = {"text": 32, "reason": 20}
        if db_field.name in columns:
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 2, "cols": columns[db_field.name]}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditionSkillInline(ContentsInline):
    model = EditionSkill
    formfield_overrides = {models.PositiveSmallIntegerField: NARROW_NUMBER}
    fields = ["kind", "position", "skill"]
    autocomplete_fields = ["skill"]


class EditionSourceInline(ContentsInline):
    model = EditionSource
    formfield_overrides = {models.PositiveSmallIntegerField: NARROW_NUMBER}
    fields = ["position", "source", "detail"]
    autocomplete_fields = ["source"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "role",
        "label",
        "status",
        "published_on",
        "risk_score",
        "band_label",
        "updated_at",
    ]
    list_filter = [
        "status",
        "year",
        "quarter",
        "role__sector",
        "role__origin",
        "release",
    ]
    list_select_related = ["role"]
    search_fields = ["role__title", "role__soc_code"]
    autocomplete_fields = ["role"]
    date_hierarchy = "published_on"
    formfield_overrides = WIDE_TEXT
    # Status and date change only through publish, schedule and unpublish.
    readonly_fields = [
        "status",
        "published_on",
        "release",
        "reviewed_at",
        "risk_score",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "audit_trail",
        *Edition.EVIDENCE_FIELDS,
    ]
    inlines = [TaskInline, EditionSkillInline, EditionSourceInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "role",
                    ("year", "quarter"),
                    ("status", "published_on"),
                    ("release", "reviewed_at"),
                ]
            },
        ),
        (
            "Score",
            {
                "description": "The risk score is computed from the three factors when you save.",
                "fields": [
                    ("skill_vulnerability", "task_automation", "ai_complementarity"),
                    "risk_score",
                    ("horizon_min_years", "horizon_max_years"),
                ],
            },
        ),
        (
            "Figures",
            {
                "fields": [
                    ("us_workers", "workers_note"),
                    ("mean_salary", "salary_note"),
                    "median_salary",
                    ("prior_us_workers", "prior_mean_salary"),
                    "data_vintage",
                ]
            },
        ),
        (
            "Research measures",
            {
                "classes": ["collapse"],
                "description": "Figures from the research data, shown for comparison.",
                "fields": [
                    ("exposure_beta_gpt4", "exposure_beta_human", "uncertainty"),
                    "ai_applicability",
                ],
            },
        ),
        (
            "Outlook and observed AI use",
            {
                "classes": ["collapse"],
                "description": "Written by the data releases (BLS Employment Projections, "
                "Anthropic Economic Index); shown beside the score, never part of it.",
                "fields": [
                    ("outlook_period", "employment_base", "employment_projected"),
                    ("employment_change", "employment_change_pct"),
                    (
                        "all_occupations_change_pct",
                        "annual_openings",
                        "self_employed_pct",
                    ),
                    ("entry_education", "work_experience", "job_training"),
                    "observed_source",
                    ("observed_exposure", "observed_rank", "observed_ranked"),
                ],
            },
        ),
        (
            "Text",
            {
                "fields": [
                    "title",
                    "summary",
                    "headline",
                    "brief",
                    "key_takeaways",
                    "leverage",
                    "change_note",
                ]
            },
        ),
        (
            "Audit",
            {
                "fields": [
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                    "audit_trail",
                ],
            },
        ),
    ]

    @admin.display(description="quarter", ordering="year")
    def label(self, edition):
        return edition.label

    @admin.display(description="band")
    def band_label(self, edition):
        return edition.band.label if edition.band else "—"

    @admin.display(description="trail")
    def audit_trail(self, edition):
        if edition.pk is None:
            return "—"
        entries = publishing.audit_trail(edition)
        return format_html(
            '<ul class="audit-trail">{}</ul>',
            format_html_join(
                "",
                "<li><time>{}</time> · {} · {}</li>",
                (
                    (
                        timezone.localtime(entry.action_time).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        entry.user,
                        entry.get_change_message() or entry.get_action_flag_display(),
                    )
                    for entry in entries
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.role.origin == Role.Origin.DATASET:
            obj.reviewed_at = timezone.now()  # "reviewed by an editor on …"
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return not is_locked(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        # A published file is on the record: unpublish it before deleting.
        if obj is not None and obj.status == Edition.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:edition_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="roles_edition_publish",
            ),
            path(
                "<int:edition_id>/unpublish/",
                self.admin_site.admin_view(require_POST(self.unpublish_view)),
                name="roles_edition_unpublish",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if edition is not None:
            extra_context |= {
                "can_publish": publishing.can_publish(request.user),
                "publish_problems": publishing.problems(edition),
                "publish_form": PublishForm(
                    initial={"published_on": timezone.localdate()}
                ),
                "preview_url": edition.get_absolute_url(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        # "Save and publish" posts the whole form: what is published is what
        # the editor sees, saved first.
        if "_publish" in request.POST:
            if not publishing.can_publish(request.user):
                raise PermissionDenied
            self.publish_saved(request, obj, request.POST.get("publish_on", ""))
            return redirect("admin:roles_edition_change", obj.pk)
        return super().response_change(request, obj)

    def publish_saved(self, request, edition, day):
        form = PublishForm({"published_on": day})
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return
        try:
            edition = publishing.publish(
                edition, request.user, form.cleaned_data["published_on"]
            )
        except publishing.PublishingError as error:
            messages.error(request, f"{edition} was not published.")
            report(request, error)
        else:
            when = "scheduled for" if edition.is_scheduled else "published on"
            messages.success(
                request,
                f"{edition} is {when} {scoring.long_date(edition.published_on)}.",
            )

    def publishing_target(self, request, edition_id):
        # The server decides who may publish, whatever the form says.
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        return get_object_or_404(Edition, pk=edition_id)

    def publish_view(self, request, edition_id):
        edition = self.publishing_target(request, edition_id)
        self.publish_saved(request, edition, request.POST.get("published_on", ""))
        return redirect("admin:roles_edition_change", edition.pk)

    def unpublish_view(self, request, edition_id):
        edition = self.publishing_target(request, edition_id)
        try:
            edition = publishing.unpublish(edition, request.user)
        except publishing.PublishingError as error:
            report(request, error)
        else:
            messages.success(
                request, f"{edition} is a draft again and off the public site."
            )
        return redirect(reverse("admin:roles_edition_change", args=[edition.pk]))


@admin.register(Skill)
class SkillAdmin(PublishersChangeWhatReadersSee, admin.ModelAdmin):
    list_display = ["name", "slug", "vulnerability"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "esco_uri", "vulnerability"]  # in place when locked
    prepopulated_fields = {"slug": ["name"]}
    # Role files and the skill's page show its name, at its slug; the ESCO
    # URI and vulnerability are working figures.
    reader_fields = ["name", "slug"]
    locked_note = (
        "Readers see this skill on published role files; a publisher changes "
        "its name and address."
    )

    def readers_see(self, skill):
        return skill.edition_skills.filter(published_editions("edition__")).exists()


@admin.register(Source)
class SourceAdmin(PublishersChangeWhatReadersSee, admin.ModelAdmin):
    list_display = ["publisher", "title", "year", "url"]
    search_fields = ["publisher", "title"]
    locked_note = (
        "Readers see this source: a published role file cites it. A publisher "
        "changes it."
    )

    def readers_see(self, source):
        return source.edition_sources.filter(published_editions("edition__")).exists()


@admin.register(Resource)
class ResourceAdmin(PublishersChangeWhatReadersSee, admin.ModelAdmin):
    """The toolkit and the role files list every resource the moment it is saved.

    There is no draft of a resource, so only publishers add, change and
    delete them (a publish step would need a state, a filter in every view
    and a button, for a list that changes a few times a quarter).
    """

    list_display = ["title", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["roles"]
    locked_note = (
        "Readers see every resource on the toolkit as soon as it is saved; a "
        "publisher adds and changes them."
    )

    def readers_see(self, resource):
        return True

    def has_add_permission(self, request):
        return publishing.can_publish(request.user) and super().has_add_permission(
            request
        )


@admin.register(DataRelease)
class DataReleaseAdmin(admin.ModelAdmin):
    """One page per release: what it changes, what is wrong, and the button."""

    list_display = ["label", "status", "published_on", "changed", "new", "retired"]
    list_filter = ["status"]
    fields = ["notes"]
    formfield_overrides = {
        models.TextField: {
            "form_class": PlainTextField,
            "widget": forms.Textarea(attrs={"rows": 4}),
        }
    }

    @admin.display(description="quarter", ordering="year")
    def label(self, release):
        return release.label

    @admin.display(description="new editions")
    def changed(self, release):
        return release.counts.get("changed", 0)

    @admin.display(description="new roles")
    def new(self, release):
        return release.counts.get("new", 0)

    @admin.display(description="retired roles")
    def retired(self, release):
        return release.counts.get("retired", 0)

    def view_on_site(self, release):
        # The quarter's release notes exist only once the release is public.
        return release.get_absolute_url() if release.is_public else None

    def has_add_permission(self, request):
        return False  # releases are built by `import_dataset --raw`

    def has_delete_permission(self, request, obj=None):
        return False  # a rebuild replaces a draft; a published release stays

    def has_change_permission(self, request, obj=None):
        # Only the notes are editable, and only while the release is a draft.
        if obj is not None and obj.status == DataRelease.Status.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:release_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="roles_datarelease_publish",
            ),
            path(
                "<int:release_id>/unpublish/",
                self.admin_site.admin_view(require_POST(self.unpublish_view)),
                name="roles_datarelease_unpublish",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if release is not None:
            extra_context |= releases.review(release) | {
                "release": release,
                "problems": publishing.release_problems(release)
                if release.status == DataRelease.Status.DRAFT
                else [],
                "can_publish": publishing.can_publish(request.user),
                "publish_form": PublishForm(
                    initial={"published_on": timezone.localdate()}
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def publishing_target(self, request, release_id):
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        return get_object_or_404(DataRelease, pk=release_id)

    def publish_view(self, request, release_id):
        release = self.publishing_target(request, release_id)
        form = PublishForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("admin:roles_datarelease_change", release.pk)
        try:
            release = publishing.publish_release(
                release, request.user, form.cleaned_data["published_on"]
            )
        except publishing.PublishingError as error:
            messages.error(request, f"The {release.label} release was not published.")
            report(request, error)
        else:
            when = "scheduled for" if release.is_scheduled else "published on"
            messages.success(
                request,
                f"The {release.label} release is {when} {scoring.long_date(release.published_on)}.",
            )
        return redirect("admin:roles_datarelease_change", release.pk)

    def unpublish_view(self, request, release_id):
        release = self.publishing_target(request, release_id)
        try:
            release = publishing.unpublish_release(release, request.user)
        except publishing.PublishingError as error:
            report(request, error)
        else:
            messages.success(
                request,
                f"The {release.label} release is a draft again; the previous editions are current.",
            )
        return redirect("admin:roles_datarelease_change", release.pk)


# Readers' responses ------------------------------------------------------


def awaiting_review():
    """Per tally row: its task's responses with a comment nobody reviewed yet."""
    waiting = (
        TaskResponse.objects.filter(
            role=OuterRef("role"),
            task_key=OuterRef("task_key"),
            status=TaskResponse.Status.NEW,
        )
        .exclude(comment="")
        .order_by()
        .values("role")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(waiting), 0)


def newest_draft():
    """Per tally row: the pk of its role's newest draft edition, if any."""
    drafts = Edition.objects.filter(
        role=OuterRef("role"), status=Edition.Status.DRAFT
    ).newest_first()
    return Subquery(drafts.values("pk")[:1])


# Short column heads: the task's text needs the width.
SHARE_HEADS = {
    TaskResponse.Answer.AI_DOES: "AI does it",
    TaskResponse.Answer.AI_DOESNT: "AI doesn’t",
    TaskResponse.Answer.NOT_MINE: "not their task",
}


def share_column(answer):
    @admin.display(description=SHARE_HEADS[answer], ordering=answer.value)
    def column(self, tally):
        if not tally.responses:
            return "0"
        shares = {share.answer: share for share in responses.shares(tally)}
        share = shares[answer.value]
        return f"{share.count} ({share.percent}%)"

    return column


@admin.register(TaskTally)
class TaskTallyAdmin(admin.ModelAdmin):
    """The counted answers, one row per role and task, and where to act on them.

    Read-only: the tallies are counted from the responses, never edited.
    """

    list_display = [
        "role",
        "task",
        "responses",
        "ai_does_share",
        "ai_doesnt_share",
        "not_mine_share",
        "awaiting",
        "counted",
        "links",
    ]
    list_display_links = None
    list_filter = ["role__sector"]
    list_select_related = ["role"]
    search_fields = ["role__title", "task_text"]
    ordering = ["role__title", "-responses", "task_text"]

    class Media:
        css = {"all": ["css/admin.css"]}

    ai_does_share = share_column(TaskResponse.Answer.AI_DOES)
    ai_doesnt_share = share_column(TaskResponse.Answer.AI_DOESNT)
    not_mine_share = share_column(TaskResponse.Answer.NOT_MINE)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(awaiting=awaiting_review(), draft_pk=newest_draft())
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {
            "tally_minutes": responses.TALLY_INTERVAL // 60,
            "public_threshold": responses.PUBLIC_THRESHOLD,
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="task", ordering="task_text")
    def task(self, tally):
        return Truncator(tally.task_text).chars(90)

    @admin.display(description="to review", ordering="awaiting")
    def awaiting(self, tally):
        return tally.awaiting

    @admin.display(description="counted", ordering="refreshed_at")
    def counted(self, tally):
        return timezone.localtime(tally.refreshed_at).strftime("%b %-d, %H:%M")

    @admin.display(description="act on it")
    def links(self, tally):
        query = urlencode(
            {"role__id__exact": tally.role_id, "task_key": tally.task_key}
        )
        answers = reverse("admin:roles_taskresponse_changelist") + "?" + query
        if tally.draft_pk:
            draft = reverse("admin:roles_edition_change", args=[tally.draft_pk])
            label = "Next draft"
        else:
            # Starting a draft is a POST: its button is on the role's page.
            draft = reverse("admin:roles_role_change", args=[tally.role_id])
            label = "Start next draft (role page)"
        return format_html(
            '<a href="{}">Responses</a> · <a href="{}">{}</a>', answers, draft, label
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HasCommentFilter(admin.SimpleListFilter):
    title = "comment"
    parameter_name = "has_comment"

    def lookups(self, request, model_admin):
        return [("yes", "With a comment"), ("no", "Without a comment")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(comment="")
        if self.value() == "no":
            return queryset.filter(comment="")
        return queryset


@admin.register(TaskResponse)
class TaskResponseAdmin(admin.ModelAdmin):
    """The editors' queue: approve comments, hide responses, delete on request.

    Only the status changes; what the reader sent stays as sent. Every change
    recounts the tallies of the roles it touched at once.
    """

    list_display = ["role", "task", "answer", "comment", "status", "created_at"]
    list_filter = ["status", "answer", HasCommentFilter, "role__sector"]
    list_select_related = ["role"]
    search_fields = ["role__title", "task_text", "comment"]
    ordering = ["-created_at", "-pk"]
    fields = [
        "role",
        "edition",
        "task_key",
        "task_text",
        "answer",
        "comment",
        "status",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]
    readonly_fields = [name for name in fields if name != "status"]
    actions = ["approve", "hide", "unhide"]

    @admin.display(description="task", ordering="task_text")
    def task(self, response):
        return Truncator(response.task_text).chars(60)

    @admin.action(description="Approve comments", permissions=["change"])
    def approve(self, request, queryset):
        self.review(request, queryset, TaskResponse.Status.APPROVED, "Approved")

    @admin.action(description="Hide responses", permissions=["change"])
    def hide(self, request, queryset):
        self.review(request, queryset, TaskResponse.Status.HIDDEN, "Hid")

    @admin.action(description="Unhide (back to not reviewed)", permissions=["change"])
    def unhide(self, request, queryset):
        self.review(request, queryset, TaskResponse.Status.NEW, "Unhid")

    def review(self, request, queryset, status, verb):
        roles = self.roles_of(queryset)  # before the update moves rows out of a filter
        count = queryset.update(**reviewed(status, request.user))
        recounted = self.recount(roles)
        messages.success(
            request,
            f"{verb} {count} response{'s' if count != 1 else ''}; "
            f"recounted the tallies of {recounted} role{'s' if recounted != 1 else ''}.",
        )

    def roles_of(self, queryset):
        return list(Role.objects.filter(pk__in=queryset.values("role_id")))

    def recount(self, roles):
        for role in roles:
            responses.refresh_role(role, force=True)
        return len(roles)

    def save_model(self, request, obj, form, change):
        if "status" not in form.changed_data:
            return
        # Only the status and who reviewed it change; the recount ends that
        # role's cached pages, nobody else's.
        TaskResponse.objects.filter(pk=obj.pk).update(
            **reviewed(obj.status, request.user)
        )
        self.recount([obj.role])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.recount([obj.role])

    def delete_queryset(self, request, queryset):
        roles = self.roles_of(queryset)
        super().delete_queryset(request, queryset)
        self.recount(roles)

    def has_add_permission(self, request):
        return False  # responses come only from readers


def reviewed(status, user):
    """The fields a review sets; back to "not reviewed" clears who and when."""
    if status == TaskResponse.Status.NEW:
        return {"status": status, "reviewed_at": None, "reviewed_by": None}
    return {"status": status, "reviewed_at": timezone.now(), "reviewed_by": user}
