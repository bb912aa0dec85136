from django import forms
from django.utils import timezone


class IndexForm(forms.Form):
    """The index's query string. Unknown keys are ignored; bad values are a 400."""

    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean_page(self):
        return self.cleaned_data["page"] or 1


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
