from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Form widgets from the project's templates, with the site's field layout."""

    field_template_name = "includes/form_field.html"
