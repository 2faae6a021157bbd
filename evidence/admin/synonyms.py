from django.contrib import admin

from evidence.models import SynonymGroup
from evidence.synonyms import CURATED


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["words", "note"]
    search_fields = ["words", "note"]

    def changelist_view(self, request, extra_context=None):
        # Curators add to the list kept in the repository: show it, so no group is repeated.
        curated = [", ".join(group) for group in CURATED]
        return super().changelist_view(request, {**(extra_context or {}), "curated": curated})
