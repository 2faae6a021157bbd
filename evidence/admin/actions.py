"""Bulk status changes for the admin, each saved row by row so history records it.

``review.workflow`` decides which changes are allowed: all selected records move, or none
do and the admin lists every refusal.
"""

from django.contrib import admin, messages

from evidence.constants import Status
from review import workflow


def _status_action(status, verb):
    @admin.action(description=f"{verb} selected records")
    def action(modeladmin, request, queryset):
        # Lock only the records themselves: default orderings add outer joins.
        locked = queryset.select_for_update(of=("self",))
        try:
            changed = workflow.move_all(locked, status, request.user)
        except workflow.TransitionRefused as refusal:
            for message in refusal.messages:
                modeladmin.message_user(request, message, messages.ERROR)
            modeladmin.message_user(request, f"{verb}: nothing was changed.", messages.WARNING)
            return
        modeladmin.message_user(request, f"{verb}: {changed} record(s) changed.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


publish = _status_action(Status.PUBLISHED, "Publish")
send_to_review = _status_action(Status.REVIEW, "Send to review")
send_back_to_draft = _status_action(Status.DRAFT, "Send back to draft")
retract = _status_action(Status.RETRACTED, "Retract")

STATUS_ACTIONS = [publish, send_to_review, send_back_to_draft, retract]
