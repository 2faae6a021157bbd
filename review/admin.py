from django.contrib import admin

from review.models import Comment, ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "affiliation", "invited_by", "invited_at"]
    list_select_related = ["user", "invited_by"]
    search_fields = ["user__username", "user__email", "user__first_name", "affiliation"]
    readonly_fields = ["invited_by", "invited_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-mostly: comments are resolved and hidden from the review queue, which keeps
    who did it and why; the admin is for finding them."""

    list_display = ["__str__", "author", "kind", "state", "created_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["author"]
    search_fields = ["body", "author__username"]
    readonly_fields = [
        "claim",
        "question",
        "explanation",
        "source",
        "parent",
        "author",
        "created_at",
        "edited_at",
        "resolved_at",
        "resolved_by",
        "hidden_at",
        "hidden_by",
    ]

    def has_add_permission(self, request):
        return False
