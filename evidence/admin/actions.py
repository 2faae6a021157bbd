"""Bulk status changes for the admin, each saved row by row so history records it.

``evidence.publishing`` decides which changes are allowed: all selected records move, or none
do and the admin lists every refusal. Labels and messages read as sentences.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected

from evidence import publishing
from evidence.constants import Status


def _records(n):
    return f"{n} record{'s' * (n != 1)}"


def _status_action(status, description, done):
    """An action moving the selected records to ``status``; ``done`` completes "3 records …"."""

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        # Lock only the records themselves: default orderings add outer joins.
        locked = queryset.select_for_update(of=("self",))
        try:
            changed = publishing.move_all(locked, status, request.user)
        except publishing.TransitionRefused as refusal:
            for message in refusal.messages:
                modeladmin.message_user(request, message, messages.ERROR)
            modeladmin.message_user(
                request, "The whole change was refused: nothing was changed.", messages.WARNING
            )
            return
        modeladmin.message_user(request, f"{_records(changed)} {done}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


publish = _status_action(Status.PUBLISHED, "Publish the selected records", "published")
send_to_review = _status_action(
    Status.REVIEW, "Send the selected records to review", "sent to review"
)
send_back_to_draft = _status_action(
    Status.DRAFT, "Send the selected records back to draft", "sent back to draft"
)
retract = _status_action(Status.RETRACTED, "Retract the selected records", "retracted")


# Django's own delete action, relabelled as a sentence like the others; by keeping its
# name it replaces the site-wide one on every admin that lists it.
@admin.action(permissions=["delete"], description="Delete the selected %(verbose_name_plural)s")
def delete_selected(modeladmin, request, queryset):
    return django_delete_selected(modeladmin, request, queryset)


STATUS_ACTIONS = [publish, send_to_review, send_back_to_draft, retract, delete_selected]
