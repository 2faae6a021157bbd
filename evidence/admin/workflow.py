"""The admin side of ``evidence.publishing``: the change form refuses a status change the
workflow does not allow (as a field error, so nothing typed is lost), and every record
added through the admin remembers who drafted it."""

import copy

from evidence import publishing
from evidence.constants import Status
from evidence.models.base import CuratedModel


class WorkflowAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class WorkflowForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if "status" not in cleaned:
                    return cleaned
                # Check the record as it would be saved, without touching the real one.
                candidate = copy.copy(self.instance)
                if candidate._state.adding:
                    candidate.status, candidate.created_by_id = Status.DRAFT, user.pk
                if "superseded_by" in cleaned:
                    replacement = cleaned["superseded_by"]
                    candidate.superseded_by_id = replacement.pk if replacement else None
                try:
                    publishing.check(candidate, cleaned["status"], user)
                except publishing.TransitionRefused as refusal:
                    self.add_error("status", refusal)
                return cleaned

        return WorkflowForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            record = inline_form.instance
            if isinstance(record, CuratedModel) and record._state.adding:
                record.created_by = request.user
        super().save_formset(request, form, formset, change)
