import re

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from roles import scoring
from roles.models import Resource, Role, Sector, TaskResponse

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class PageForm(forms.Form):
    """A page number from the query string; none means the first."""

    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean_page(self):
        return self.cleaned_data["page"] or 1


class IndexForm(PageForm):
    """The index's query string: search, filters, sort and page.

    Every value is checked against a whitelist or a range; unknown keys are
    ignored and a bad value is a 400 that says which.
    """

    SORTS = [
        ("", "Highest risk"),
        ("risk-asc", "Lowest risk"),
        ("name", "Name"),
        ("workers", "Most workers"),
        ("salary", "Highest salary"),
        ("change", "Biggest rise in risk"),
        ("growth", "Fastest growth"),
        ("openings", "Most openings"),
        ("observed", "Most observed AI use"),
    ]
    HORIZONS = [
        ("", "Any horizon"),
        ("near", "Under 5 years"),
        ("mid", "5–7 years"),
        ("far", "8 years or more"),
    ]
    # The rules are roles.querysets.GROWTH_FILTERS and OBSERVED_FILTERS.
    GROWTHS = [
        ("", "All outlooks"),
        ("faster", "Faster than all occupations"),
        ("growing", "Growing"),
        ("declining", "Declining"),
    ]
    OBSERVED = [
        ("", "All roles"),
        ("seen", "Any observed use"),
        ("not-seen", "Not seen"),
        ("no-data", "No data"),
    ]

    q = forms.CharField(label="Find your job title", required=False, max_length=100)
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All sectors",
    )
    band = forms.ChoiceField(
        choices=[("", "All")] + [(band.slug, band.label) for band in scoring.BANDS],
        required=False,
        widget=forms.RadioSelect,
    )
    origin = forms.ChoiceField(
        label="File",
        choices=[("", "All files"), *Role.Origin.choices],
        required=False,
    )
    horizon = forms.ChoiceField(choices=HORIZONS, required=False)
    min_risk = forms.IntegerField(
        label="Risk from",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "0"}),
    )
    max_risk = forms.IntegerField(
        label="Risk to",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "100"}),
    )
    growth = forms.ChoiceField(
        label="Projected growth",
        choices=GROWTHS,
        required=False,
        help_text="The change in employment the BLS projects for 2024–34. "
        "Faster than all occupations: at least one point above the change "
        "projected for all occupations together (closer reads “about the same”). "
        "Growing: above zero. Declining: below zero. A role without "
        "a projection matches none of them.",
    )
    observed = forms.ChoiceField(
        label="Observed AI use",
        choices=OBSERVED,
        required=False,
        help_text="The occupation’s observed exposure in the Anthropic Economic "
        "Index. Any observed use: above zero. Not seen: a measured zero, not "
        "seen in the conversations studied. No data: the release has no row "
        "for the occupation.",
    )
    sort = forms.ChoiceField(choices=SORTS, required=False)

    def __init__(self, data=None, **kwargs):
        searching = bool(data and data.get("q", "").strip())
        if data is not None and not searching and data.get("sort") == "risk":
            # "Highest risk" is the default order once the search is cleared.
            data = data.copy()
            data["sort"] = ""
        super().__init__(data, **kwargs)
        if searching:
            # With a search, the default order is the best match.
            self.fields["sort"].choices = [
                ("", "Best match"),
                ("risk", "Highest risk"),
                *self.SORTS[1:],
            ]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_risk"), cleaned.get("max_risk")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                "The lowest risk must not be above the highest."
            )
        return cleaned

    # The finder folds these under "More filters", open while one is set.
    MORE_FILTERS = ("origin", "min_risk", "max_risk", "growth", "observed")

    @property
    def more_filters_set(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) not in (None, "") for name in self.MORE_FILTERS)

    @property
    def sort_label(self):
        """How the rows are ordered, as the list's count line says it."""
        chosen = getattr(self, "cleaned_data", {}).get("sort", "")
        return dict(self.fields["sort"].choices).get(chosen, "")

    @property
    def filters(self):
        """The cleaned values the queryset understands (page aside)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "page"}


class SearchForm(PageForm):
    q = forms.CharField(label="Search", required=False, max_length=100)


class CompareForm(forms.Form):
    """Two to four role slugs, comma-separated, and an optional role to add."""

    MAX_ROLES = 4

    roles = forms.CharField(required=False, max_length=500)
    add = forms.CharField(label="Add a role", required=False, max_length=100)

    def clean_roles(self):
        slugs = [
            slug.strip()
            for slug in self.cleaned_data["roles"].split(",")
            if slug.strip()
        ]
        if len(slugs) != len(set(slugs)):
            raise forms.ValidationError(
                "Each role can be compared once: remove the repeat."
            )
        if len(slugs) > self.MAX_ROLES:
            raise forms.ValidationError(
                f"Compare at most {self.MAX_ROLES} roles at a time."
            )
        if any(not SLUG.fullmatch(slug) for slug in slugs):
            raise forms.ValidationError(
                "Roles are named by their address, e.g. medical-coder."
            )
        return slugs


class PublishForm(forms.Form):
    """Publish on a day: today publishes now, a later day schedules."""

    published_on = forms.DateField(
        label="Publish on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave today's date to publish now; a later date schedules the edition.",
    )

    def clean_published_on(self):
        return self.cleaned_data["published_on"] or timezone.localdate()


TIME_CHOICES = [("none", "None"), ("some", "Some"), ("alot", "A lot")]
TIME_CODES = {"0": "none", "1": "some", "2": "alot"}
SENIORITY = [
    ("junior", "Starting out"),
    ("mid", "Experienced"),
    ("senior", "Senior or leading"),
]
PEOPLE = [("little", "Little of it"), ("some", "Some of it"), ("most", "Most of it")]
AI_USE = [("never", "Not yet"), ("sometimes", "Sometimes"), ("daily", "Every day")]


class QuizAnswersForm(forms.Form):
    """A quiz result as its URL holds it: the role, its edition and the answers.

    `a` has one digit per task of the edition, in page order: 0 none, 1 some,
    2 a lot. Nothing else is stored anywhere.
    """

    role = forms.SlugField(max_length=120)
    e = forms.RegexField(regex=r"^\d{4}-q[1-4]$", max_length=7, label="edition")
    a = forms.RegexField(regex=r"^[012]{1,40}$", max_length=40, label="answers")
    s = forms.ChoiceField(choices=SENIORITY, label="seniority")
    p = forms.ChoiceField(choices=PEOPLE, label="work with people")
    u = forms.ChoiceField(choices=AI_USE, label="AI tools")

    def clean_e(self):
        year, quarter = self.cleaned_data["e"].split("-q")
        return int(year), int(quarter)


class QuizRoleForm(forms.Form):
    """The role a quiz is about, as its address names it."""

    role = forms.SlugField(max_length=120)


class QuizStepForm(forms.Form):
    """One step of the quiz: which step, and the answers of the steps before."""

    step = forms.IntegerField(min_value=1, required=False)
    a = forms.RegexField(
        regex=r"^[012]{0,40}$", max_length=40, required=False, label="answers"
    )

    def __init__(self, data, steps):
        super().__init__(data)
        self.fields["step"].max_value = steps
        self.fields["step"].validators.append(MaxValueValidator(steps))

    def clean_step(self):
        return self.cleaned_data["step"] or 1


class ToolkitForm(forms.Form):
    """The toolkit's filters: one public role that has resources, and a kind."""

    role = forms.ModelChoiceField(
        queryset=Role.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All roles",
    )
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Resource.Kind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = (
            Role.objects.with_public_editions()
            .filter(pk__in=Resource.roles.through.objects.values("role"))
            .order_by("title")
        )


class IndexComparisonForm(forms.Form):
    """The methodology's comparison panel: a role by its slug or its name."""

    role = forms.CharField(label="Role", required=False, max_length=100)


class TaskResponseForm(forms.Form):
    """A reader's "In my job…" answer about one task."""

    answer = forms.ChoiceField(
        label="In my job…",
        choices=TaskResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pick one of the three answers."},
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 280 characters. Published only after an editor reads it.",
    )
    # Hidden from people, filled by bots, which fill every field they find.
    website = forms.CharField(label="Leave this field empty", required=False)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This field must stay empty.")
        return ""
