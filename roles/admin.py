from django.contrib import admin

from roles.models import (
    AlternateTitle,
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
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AlternateTitleInline(admin.TabularInline):
    model = AlternateTitle
    extra = 0
    fields = ["title", "slug", "note", "position"]
    prepopulated_fields = {"slug": ["title"]}


class RoleRedirectInline(admin.TabularInline):
    model = RoleRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "soc_code", "sector", "origin", "updated_at"]
    list_filter = ["origin", "sector"]
    list_select_related = ["sector"]
    search_fields = ["title", "soc_code", "alternate_titles__title"]
    autocomplete_fields = ["sector"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AlternateTitleInline, RoleRedirectInline]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["kind", "position", "text", "exposure", "time_share"]


class EditionSkillInline(admin.TabularInline):
    model = EditionSkill
    extra = 0
    fields = ["kind", "position", "skill"]
    autocomplete_fields = ["skill"]


class EditionSourceInline(admin.TabularInline):
    model = EditionSource
    extra = 0
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
    list_filter = ["status", "year", "quarter", "role__sector", "role__origin"]
    list_select_related = ["role"]
    search_fields = ["role__title", "role__soc_code"]
    autocomplete_fields = ["role"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "risk_score",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    inlines = [TaskInline, EditionSkillInline, EditionSourceInline]
    fieldsets = [
        (None, {"fields": ["role", ("year", "quarter"), ("status", "published_on")]}),
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
        ("Text", {"fields": ["headline", "brief", "key_takeaways", "change_note"]}),
        (
            "Audit",
            {
                "classes": ["collapse"],
                "fields": [("created_by", "created_at"), ("updated_by", "updated_at")],
            },
        ),
    ]

    @admin.display(description="quarter", ordering="year")
    def label(self, edition):
        return edition.label

    @admin.display(description="band")
    def band_label(self, edition):
        return edition.band.label if edition.band else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A published file is on the record: unpublish it before deleting.
        if obj is not None and obj.status == Edition.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "vulnerability"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["publisher", "title", "year", "url"]
    search_fields = ["publisher", "title"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["roles"]
