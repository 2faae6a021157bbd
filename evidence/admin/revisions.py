"""The admin side of ``evidence.revisions``: a published record's change form stores its
content changes as a waiting revision instead of saving them, the change page shows the
waiting change with Publish and Withdraw buttons, and inline rows refuse what must pass
through a record's own page."""

import copy

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import construct_instance
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from evidence import changes, revisions
from evidence.admin.checks import warn_if_quote_missing
from evidence.admin.concurrency import VersionedAdminMixin
from evidence.models import Revision
from evidence.models.base import QuotedModel

DECISIONS = {"publish": revisions.publish, "withdraw": revisions.withdraw}
DONE = {"publish": "published", "withdraw": "withdrawn"}


class RevisionAdminMixin(VersionedAdminMixin):
    """First among an admin's bases: its form sees the values every other mixin set."""

    change_form_template = "admin/evidence/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        author = request.user

        class FourEyesForm(form_class):
            revision_proposal = None

            def clean(self):
                cleaned = super().clean()
                if self.instance._state.adding or self.errors:
                    return cleaned
                # Other mixins' forms sign the instance itself: compare with the stored row.
                live = type(self.instance)._base_manager.get(pk=self.instance.pk)
                edited = construct_instance(self, copy.copy(self.instance))
                m2m = {
                    f.name: [related.pk for related in cleaned[f.name]]
                    for f in changes.m2m_fields(type(live))
                    if f.name in cleaned
                }
                proposal = revisions.proposed(live, edited, m2m)
                if revisions.needs_revision(live, edited.status, proposal):
                    if refusal := revisions.proposal_refusal(live, author):
                        self.add_error(None, refusal)
                    else:
                        self.revision_proposal = proposal
                return cleaned

        return FourEyesForm

    def save_model(self, request, obj, form, change):
        if form.revision_proposal is None:
            return super().save_model(request, obj, form, change)
        obj._revision = revisions.propose(obj, obj.version, form.revision_proposal, request.user)
        if isinstance(obj, QuotedModel):
            obj.refresh_quote_check()  # of the proposed quote, in memory only
            warn_if_quote_missing(self, request, [obj])

    def save_related(self, request, form, formsets, change):
        if form.revision_proposal is None:
            return super().save_related(request, form, formsets, change)
        # The record's own many-to-many values wait in the revision; new inline rows do not.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def log_change(self, request, obj, message):
        if getattr(obj, "_revision", None) is not None:
            message = "Proposed a change, waiting for another curator to publish it."
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(obj, "_revision", None) is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"Your change to “{obj}” waits for another curator to publish it; the public "
            "still sees the published version.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        found = revisions.waiting(obj) if change and obj is not None else None
        if found is not None:
            revision, shown, stale = found
            context.update(
                waiting=revision,
                waiting_changes=shown,
                waiting_is_stale=stale,
                publish_url=self._decision_url(obj, revision, "publish"),
                withdraw_url=self._decision_url(obj, revision, "withdraw"),
                may_publish=not stale and not revisions.publishing_refusal(revision, request.user),
                may_withdraw=not revisions.withdrawing_refusal(revision, request.user),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        opts = self.model._meta
        decide = path(
            "<path:object_id>/revision/<int:revision_id>/<slug:decision>/",
            self.admin_site.admin_view(self.decide_revision),
            name=f"{opts.app_label}_{opts.model_name}_revision",
        )
        return [decide, *super().get_urls()]

    def decide_revision(self, request, object_id, revision_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if decision not in DECISIONS:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(Revision.objects.of(obj), pk=revision_id)
        try:
            DECISIONS[decision](revision, request.user)
        except ValidationError as refusal:  # RevisionRefused, or the model's own checks
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, f"The change was {DONE[decision]}.", messages.SUCCESS)
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return HttpResponseRedirect(url)

    def _decision_url(self, obj, revision, decision):
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_revision"
        return reverse(name, args=[obj.pk, revision.pk, decision])


class PublishedInlineGuard:
    """Inline rows may not change a published record, nor a published parent's own rows."""

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class GuardedFormSet(formset_class):
            def clean(self):
                super().clean()
                # ``obj`` carries the parent form's values by now, its new status included.
                refusals = [
                    refusal
                    for form in self.forms
                    if form.has_changed()
                    or (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME))
                    if (refusal := revisions.inline_refusal(form.instance, obj))
                ]
                if refusals:
                    raise ValidationError(refusals)

        return GuardedFormSet
