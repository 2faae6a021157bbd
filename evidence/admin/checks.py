"""What a curator sees of a quoted record's checks in the admin: whether its quote is in
its document's stored text (warned on every save path, inline forms included), and the
second curator's audit, whose author and date the admin fills in."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from evidence.constants import AuditFault, AuditOutcome, QuoteCheck
from evidence.models.base import QuotedModel

AUDIT_FIELDS = ["audit_outcome", "audit_faults", "audit_note"]
AUDIT_FIELDSET = (
    "Second-curator audit",
    {
        "fields": [*AUDIT_FIELDS, "audited_by", "audited_on", "quote_check_display"],
        "description": "Read the quote in its context, check the stance against the question's "
        "exact words, the routes, setting, population and dose, the patient factors and what "
        "it says for them, the attribution, the certainty and the numbers. Say what you "
        "checked: the note is public.",
    },
)


def quote_check_text(record):
    """'Checked against the document's stored text on 27 November 2026', or why not."""
    label = QuoteCheck(record.quote_check).label
    if record.quote_check == QuoteCheck.NO_TEXT or not record.quote_checked_on:
        return label
    return f"{label} on {record.quote_checked_on:%-d %B %Y}"


class QuotedRecordAdminMixin:
    """For claims and reports: audit fields as checkboxes, signed and dated on save, and
    a warning whenever a saved quote is not in its document's text."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "audited_by", "audited_on", "quote_check_display"]

    @admin.display(description="Quote")
    def quote_check_display(self, obj):
        return quote_check_text(obj) if obj and obj.pk else "Checked when saved"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "audit_faults":
            return forms.MultipleChoiceField(
                label="Faults found and mended",
                choices=AuditFault.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        signer = request.user.get_full_name() or request.user.get_username()

        class SignedAuditForm(form_class):
            def clean(self):
                # Signed before the model's own checks run, which require the date.
                cleaned = super().clean()
                if set(self.changed_data) & set(AUDIT_FIELDS):
                    checked = cleaned.get("audit_outcome") != AuditOutcome.UNCHECKED
                    self.instance.audited_by = signer if checked else ""
                    self.instance.audited_on = timezone.localdate() if checked else None
                return cleaned

        return SignedAuditForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_if_quote_missing(self, request, [obj])


class InlineQuoteCheckMixin:
    """For pages with claims or reports inline: the same warning for each inline record."""

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if issubclass(formset.model, QuotedModel):
            # Read back: a change to the document's own text re-checks every quote in it.
            pks = [f.instance.pk for f in formset.forms if f.instance.pk]
            records = formset.model.objects.filter(pk__in=pks).select_related("document")
            warn_if_quote_missing(self, request, records)


def warn_if_quote_missing(model_admin, request, records):
    """Warn, without refusing, for each record whose quote is not in its document's text."""
    for record in records:
        if record.quote_check == QuoteCheck.NOT_FOUND:
            model_admin.message_user(
                request,
                f"The quote of “{record}” was not found in the text of {record.document}. "
                "Check it word for word.",
                messages.WARNING,
            )
