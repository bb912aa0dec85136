from django import forms


class IndexForm(forms.Form):
    """The index's query string. Unknown keys are ignored; bad values are a 400."""

    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean_page(self):
        return self.cleaned_data["page"] or 1
