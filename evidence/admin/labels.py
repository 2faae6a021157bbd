"""Accessible names in admin forms. A tabular inline row's cells sit under the table's column
headings, which label nothing for a screen reader (axe: "Form elements must have labels"), so
each field is named after its column and row. Groups of checkboxes: see CheckboxGroupMixin."""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models


class LabelledInlineMixin:
    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset_class):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new row" if index is None else f"row {index + 1}"
                for field in form.fields.values():
                    # The admin's related-object wrapper shares its attrs with the original
                    # widget, not this form's copy: name the widget inside it.
                    widget = getattr(field.widget, "widget", field.widget)
                    if not widget.is_hidden:
                        widget.attrs["aria-label"] = f"{field.label}, {row}"

        return LabelledFormSet


class CheckboxGroupMixin:
    """Many-to-many fields (short reference lists: routes, patient factors) as groups of
    labelled checkboxes. Django's related-field wrapper hides that such a group is a
    fieldset, so a field with help text would point aria-describedby at an id the admin
    never gives a group's help: the wrapper passes the group's nature on."""

    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.use_fieldset = widget.widget.use_fieldset
        return formfield
