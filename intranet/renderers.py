"""The form renderer of the site (settings.FORM_RENDERER): every field drawn by one template,
`intranet/forms/field.html`, through `{{ field.as_field_group }}`; `{{ form }}` draws the form's
errors, then each field that way. Widgets keep Django's own templates."""

from django.forms.renderers import DjangoTemplates


class IntranetFormRenderer(DjangoTemplates):
    form_template_name = "intranet/forms/form.html"
    field_template_name = "intranet/forms/field.html"
