"""What an admin change form posts back when nobody touches it."""


def form_as_shown(client, path):
    """The change form's data as shown, inlines and their management forms included."""
    response = client.get(path)
    assert response.status_code == 200
    data, forms = {}, [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {
            management.add_prefix(name): management[name].value()
            for name in management.fields
        }
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data
