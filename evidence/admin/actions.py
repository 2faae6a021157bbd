"""Bulk status changes for the admin, each saved row by row so history records it."""

from django.contrib import admin, messages
from django.db import transaction

from evidence.constants import Status


def _status_action(status, verb):
    @admin.action(description=f"{verb} selected records")
    def action(modeladmin, request, queryset):
        changed = 0
        with transaction.atomic():
            # Lock only the records themselves: default orderings add outer joins.
            for record in queryset.select_for_update(of=("self",)):
                if record.status != status:
                    record.status = status
                    record.save()
                    changed += 1
        modeladmin.message_user(request, f"{verb}: {changed} record(s) changed.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


publish = _status_action(Status.PUBLISHED, "Publish")
send_to_review = _status_action(Status.REVIEW, "Send to review")
retract = _status_action(Status.RETRACTED, "Retract")

STATUS_ACTIONS = [publish, send_to_review, retract]
