"""Names for the fields of tabular inline rows. A row's cells sit under the table's column
headings, which label nothing for a screen reader (axe: "Form elements must have labels"), so
each field is named after its column and row."""


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
