"""Patient factors in the admin: the vocabulary itself, and the claim form's rule that a
claim names the kinds of patient it speaks to exactly when it says what it advises for them
(the patient lens shows a tagged claim under its advice)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evidence.admin.concurrency import VersionedModelForm
from evidence.models import PatientFactor
from evidence.models.claims import factor_advice_fault

NO_ADVICE = (
    "Patient factors are ticked: choose what the quote says for these patients, or untick them."
)
NO_FACTORS = (
    "“What it says for these patients” is chosen: tick the kinds of patient the quote "
    "names, or clear it."
)


@admin.register(PatientFactor)
class PatientFactorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "position", "description"]
    search_fields = ["name", "slug", "description"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}


class ClaimAdminForm(VersionedModelForm):
    def clean(self):
        cleaned = super().clean()
        # Both are read from the form: a field that failed its own checks is left alone.
        if "factors" in cleaned and "factor_advice" in cleaned:
            fault = factor_advice_fault(cleaned["factors"], cleaned["factor_advice"])
            if fault:
                self.add_error(fault, NO_ADVICE if fault == "factor_advice" else NO_FACTORS)
        return cleaned
