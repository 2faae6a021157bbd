"""Optimistic concurrency in the admin. Every change form of a curated record, and every
inline row of one, carries the version it was opened at. A save from an older version is
refused before anything is written, naming who changed what since (``evidence.changes``);
the record's own save compares again in the statement that writes (``CuratedModel.save``),
so of two saves racing from one version exactly one wins."""

from django import forms
from django.core.exceptions import PermissionDenied

from evidence import changes
from evidence.models.base import StaleRecord
from evidence.revisions import RevisionRefused

VERSION_FIELD = "opened_at_version"


class VersionedModelForm(forms.ModelForm):
    opened_at_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form is built on the record as stored when the request came in.
        self.live_version = None if self.instance._state.adding else self.instance.version
        self.fields[VERSION_FIELD].initial = self.live_version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get(VERSION_FIELD)
        if self.live_version is not None and opened != self.live_version:
            self.add_error(None, changes.stale_message(self.instance, opened))
            # Having read what changed, the curator may save again: the form now carries
            # the current version, so what it shows replaces it.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = self.live_version
        return cleaned


class VersionedAdminMixin:
    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        # The form keeps its declared version field; templates/admin/evidence/change_form.html
        # renders it as a bare hidden input, not as a labelled row of a fieldset.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (StaleRecord, RevisionRefused):
            # Another save won the race after this form was checked; nothing was written
            # (the view's transaction rolled back). Checked again, the form says by whom.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def revert_disabled(self, request, obj=None):
        # A revert would write an old copy past the version check and the four-eyes rule:
        # copy the values wanted into the change form instead.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedInlineMixin:
    form = VersionedModelForm

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), VERSION_FIELD]
